"""Quality gate for the event coder: floors on the event gold sets (scored by nlp.evaluate_events).

`events_dev.jsonl` is the set the rules were tuned on; `events_blind.jsonl` and `events_blind2.jsonl` were
written blind and only their totals have been looked at (first-look and current figures in
tests/gold/README.md). Both modes code events the same way (the coder reads the tagger's mentions, not the
model's entities), so rules mode is scored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.evaluate_events import evaluate, load_gold, summary

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"  # the tests run against the installed package

FLOORS = {
    "events_dev.jsonl": {
        "detection_f1": 0.90, "negatives_clean": 0.95, "event_type": 0.95, "sub_event_type": 0.92,
        "sub_event_type_macro": 0.87, "actors_f1": 0.83, "province": 0.95, "date": 0.92, "fatalities": 0.85,
        "main_sub_event_type": 0.88, "historical": 0.97, "appointee": 0.88,
    },
    "events_blind.jsonl": {
        "detection_f1": 0.81, "negatives_clean": 0.70, "event_type": 0.91, "sub_event_type": 0.79,
        "sub_event_type_macro": 0.68, "actors_f1": 0.77, "province": 0.93, "date": 0.87, "fatalities": 0.75,
        "main_sub_event_type": 0.76,
    },
    "events_blind2.jsonl": {
        "detection_f1": 0.80, "negatives_clean": 0.85, "event_type": 0.79, "sub_event_type": 0.74,
        "sub_event_type_macro": 0.76, "actors_f1": 0.61, "province": 0.95, "date": 0.88, "fatalities": 0.65,
    },
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_gold_floors(rules_tagger, name):
    passages = load_gold(GOLD_DIR / name)
    assert len(passages) >= 50
    scores = summary(evaluate(rules_tagger, passages))
    low = {k: round(scores[k] or 0.0, 3) for k, floor in FLOORS[name].items() if (scores[k] or 0.0) < floor}
    assert not low, f"{name}: below floor: {low}"


def test_gold_sets_use_only_acled_subtypes():
    from nlp.events.lexicon import TYPE_OF

    for name in FLOORS:
        for passage in load_gold(GOLD_DIR / name):
            for event in passage["events"]:
                assert TYPE_OF.get(event["sub_event_type"]) == event["event_type"], (passage["id"], event)
