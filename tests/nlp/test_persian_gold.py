"""Floors on the blind Dari/Persian and Pashto gold sets (tests/gold/README.md, issue 15): the same scorer as
English, lines routed by their "lang" field. Floors sit just under the first look; they guard against losing ground."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.evaluate import AliasIndex, load_gold, score_gold_both

GOLD = Path(__file__).resolve().parents[1] / "gold"
FLOORS = {
    "fa_gold.jsonl": {"province": 0.95, "district": 0.91, "place": 0.88, "group": 0.94, "commander": 0.54},
    "ps_gold.jsonl": {"province": 0.97, "district": 0.77, "place": 0.55, "group": 0.95, "commander": 0.56},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_blind_persian_and_pashto_floors(name, rules_tagger):
    gold = load_gold(GOLD / name)
    assert len(gold) >= 40 and all(p.get("lang") in ("fa", "ps") for p in gold)
    strict, _ = score_gold_both(rules_tagger, gold, AliasIndex(rules_tagger.gazetteer))
    for kind, floor in FLOORS[name].items():
        assert strict[kind].f1 >= floor, (name, kind, strict[kind].f1, strict[kind].errors[:10])


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_afghan_province_in_the_foreign_negatives(name, rules_tagger):
    # the negatives are the passages whose gold names no Afghan province, district or place
    negatives = [p for p in load_gold(GOLD / name) if not (p["provinces"] or p["districts"] or p["places"])]
    assert len(negatives) >= 6
    for passage, mentions in zip(negatives, rules_tagger.tag_many((p["text"], p["lang"]) for p in negatives)):
        found = [m.name for m in mentions if m.kind in ("province", "district")]
        assert not found, (passage["id"], found)
