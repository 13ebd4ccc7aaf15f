"""Regression floors on the gold sets written blind to the tagger by independent annotators.

They were scored before any fix they prompted (first blind look, tagger 0.4: heldout2 strict F1
province 0.965, district 0.934, place 0.818, group 0.977, commander 0.828); the floors sit under
today's scores so a change that makes the tagger worse on unseen text fails CI. Strict scores compare
canonical names; the alias-aware commander score accepts the same person under another spelling
(annotators and gazetteer disagree on spellings such as Matin/Mateen).
"""

from pathlib import Path

import pytest

from nlp.evaluate import AliasIndex, load_gold, score_attributes, score_gold_both

GOLD = Path(__file__).resolve().parents[1] / "gold"

STRICT_FLOORS = {
    "heldout.jsonl": {"province": 0.97, "district": 0.97, "place": 0.95, "group": 0.97, "commander": 0.90},
    "heldout2.jsonl": {"province": 0.97, "district": 0.95, "place": 0.85, "group": 0.96, "commander": 0.80},
    # round 4 (issue 10): first looks in tests/gold/README.md; tuned on since, so regression sets now
    "heldout3.jsonl": {"province": 0.97, "district": 0.97, "place": 0.97, "group": 0.96, "commander": 0.92},
    "heldout4.jsonl": {"province": 0.98, "district": 0.98, "place": 0.95, "group": 0.98, "commander": 0.95},
    "heldout5.jsonl": {"province": 0.96, "district": 0.97, "place": 0.96, "group": 0.95, "commander": 0.92},
    # scored once and never tuned on (tests/gold/README.md): the floors only guard against losing ground
    "heldout6.jsonl": {"province": 0.97, "district": 0.97, "place": 0.96, "group": 0.98, "commander": 0.94},
    "heldout7.jsonl": {"province": 0.96, "district": 0.98, "place": 0.94, "group": 0.94, "commander": 0.95},
    # round 5: first look recorded, then tuned on (a regression set)
    "heldout8.jsonl": {"province": 0.97, "district": 0.92, "place": 0.95, "group": 0.96, "commander": 0.84},
    # scored once at the end of round 5, never tuned on
    "heldout9.jsonl": {"province": 0.95, "district": 0.95, "place": 0.90, "group": 0.95, "commander": 0.94},
}
ALIAS_FLOORS = {"heldout.jsonl": {"commander": 0.95}, "heldout2.jsonl": {"commander": 0.93, "place": 0.95},
                "heldout3.jsonl": {"commander": 0.92}}
# of the gold commanders found: share with the right group, share with the right role (commander_details)
ATTRIBUTE_FLOORS = {"heldout3.jsonl": (0.97, 0.72), "heldout5.jsonl": (0.96, 0.33), "heldout6.jsonl": (0.96, 0.48),
                    "heldout7.jsonl": (0.90, 0.80), "heldout8.jsonl": (0.91, 0.82),
                    "heldout9.jsonl": (0.95, 0.68)}


@pytest.mark.parametrize("name", sorted(STRICT_FLOORS))
def test_blind_gold_floors(name, rules_tagger):
    gold = load_gold(GOLD / name)
    assert len(gold) >= 60
    strict, loose = score_gold_both(rules_tagger, gold, AliasIndex(rules_tagger.gazetteer))
    for kind, floor in STRICT_FLOORS[name].items():
        assert strict[kind].f1 >= floor, (name, kind, strict[kind].f1, strict[kind].errors[:10])
    for kind, floor in ALIAS_FLOORS.get(name, {}).items():
        assert loose[kind].f1 >= floor, (name, kind, loose[kind].f1, loose[kind].errors[:10])


@pytest.mark.parametrize("name", sorted(ATTRIBUTE_FLOORS))
def test_commander_attribute_floors(name, rules_tagger):
    gold = load_gold(GOLD / name)
    aliases = AliasIndex(rules_tagger.gazetteer)
    attrs = score_attributes(gold, list(rules_tagger.tag_many(p["text"] for p in gold)), aliases)
    group_floor, role_floor = ATTRIBUTE_FLOORS[name]
    assert attrs.found >= 75
    assert attrs.group_rate >= group_floor, (attrs.group_rate, attrs.errors[:10])
    assert attrs.role_rate >= role_floor, (attrs.role_rate, [e for e in attrs.errors if " ROLE " in e][:10])


def test_non_afghan_news_tags_nothing(rules_tagger):
    """negatives2: 40 passages of other countries' news (ministers, generals, "de facto" rulers, acronyms)."""
    gold = load_gold(GOLD / "negatives2.jsonl")
    assert len(gold) == 40 and not any(p[k] for p in gold for k in ("provinces", "groups", "commanders"))
    hits = [(p["id"], m.kind, m.name) for p, ms in zip(gold, rules_tagger.tag_many(p["text"] for p in gold))
            for m in ms]
    assert not [h for h in hits if h[1] in ("province", "district", "group", "commander")], hits
    assert len(hits) <= 2, hits
