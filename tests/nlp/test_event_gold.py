"""Quality gate for the event coder: floors on the event gold sets (scored by nlp.evaluate_events).

`events_dev.jsonl` is the set the rules were tuned on; `events_blind.jsonl` was written blind and only its
totals have been looked at (first-look and current figures in tests/gold/README.md). Both modes code events
the same way (the coder reads the tagger's mentions, not the model's entities), so rules mode is scored.
"""

from __future__ import annotations

import pytest

from nlp.evaluate_events import GOLD_DIR, evaluate, load_gold, summary

FLOORS = {
    "events_dev.jsonl": {
        "detection_f1": 0.85, "negatives_clean": 0.80, "event_type": 0.90, "sub_event_type": 0.86,
        "sub_event_type_macro": 0.82, "actors_f1": 0.78, "province": 0.96, "date": 0.90, "fatalities": 0.79,
        "main_sub_event_type": 0.80, "historical": 0.98,
    },
    "events_blind.jsonl": {
        "detection_f1": 0.81, "negatives_clean": 0.65, "event_type": 0.88, "sub_event_type": 0.76,
        "sub_event_type_macro": 0.67, "actors_f1": 0.75, "province": 0.92, "date": 0.86, "fatalities": 0.72,
        "main_sub_event_type": 0.72,
    },
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_gold_floors(rules_tagger, name):
    passages = load_gold(GOLD_DIR / name)
    assert len(passages) >= 60
    scores = summary(evaluate(rules_tagger, passages))
    low = {k: round(scores[k] or 0.0, 3) for k, floor in FLOORS[name].items() if (scores[k] or 0.0) < floor}
    assert not low, f"{name}: below floor: {low}"


def test_gold_sets_use_only_acled_subtypes():
    from nlp.events.lexicon import TYPE_OF

    for name in FLOORS:
        for passage in load_gold(GOLD_DIR / name):
            for event in passage["events"]:
                assert TYPE_OF.get(event["sub_event_type"]) == event["event_type"], (passage["id"], event)
