"""Quality gate: pinned floors on the hand-annotated gold passages (tests/gold/passages.jsonl)."""

from pathlib import Path

import pytest

from nlp.evaluate import find_keyfile, find_ucdp, load_gold, score_gold, score_keyfile, score_ucdp

# Paths from this file, not from the package: the tests run against the installed package.
GOLD = Path(__file__).resolve().parents[1] / "gold" / "passages.jsonl"
# Round 2: 40 passages written blind against the weaknesses the held-out annotator found (first pass:
# districts F1 0.84-0.95, groups 0.96, commanders 0.94); the rules were then generalised.
GOLD_R2 = Path(__file__).resolve().parents[1] / "gold" / "passages_r2.jsonl"
SHARED_UCDP = Path(__file__).resolve().parents[3] / "shared" / "data" / "nlp-dev" / "ged_afghanistan_clean_conflicts.csv"

# The tagger reaches F1 = 1.00 on every kind in both modes (170 passages); floors are pinned just under
# that so one edge case changed on purpose does not block CI. Never lower them silently.
FLOORS = {
    "rules": {"province": 0.99, "district": 0.98, "place": 0.97, "group": 0.99, "commander": 0.97,
              "dateline": 0.95},
    "model": {"province": 0.99, "district": 0.98, "place": 0.97, "group": 0.99, "commander": 0.97,
              "dateline": 0.95},
}


def test_gold_set_is_large_enough():
    gold = load_gold(GOLD)
    assert len(gold) >= 80
    assert len({p["id"] for p in gold}) == len(gold)


@pytest.mark.parametrize("mode", ["rules", "model"])
def test_gold_floors(mode, request):
    tagger = request.getfixturevalue(f"{mode}_tagger")
    scores = score_gold(tagger, load_gold(GOLD))
    for kind, floor in FLOORS[mode].items():
        assert scores[kind].f1 >= floor, (kind, scores[kind].f1, scores[kind].errors[:10])


def test_ucdp_recall_floors(rules_tagger):
    path = SHARED_UCDP if SHARED_UCDP.exists() else find_ucdp()
    if path is None:
        pytest.skip("shared UCDP dev data not present")
    got = score_ucdp(rules_tagger, path)
    hit, total = got["district_named_in_text"]
    assert hit / total >= 0.95
    hit, total = got["actor:Taliban"]
    assert hit / total >= 0.52
    hit, total = got["actor_named_in_text"]
    assert hit / total >= 0.95


R2_FLOORS = {"province": 0.97, "district": 0.95, "place": 0.95, "group": 0.97, "commander": 0.95}


def test_gold_r2_is_separate_and_complete():
    r1 = {p["id"] for p in load_gold(GOLD)}
    r2 = load_gold(GOLD_R2)
    assert len(r2) >= 40 and not r1 & {p["id"] for p in r2}


@pytest.mark.parametrize("mode", ["rules", "model"])
def test_gold_r2_floors(mode, request):
    tagger = request.getfixturevalue(f"{mode}_tagger")
    scores = score_gold(tagger, load_gold(GOLD_R2))
    for kind, floor in R2_FLOORS.items():
        assert scores[kind].f1 >= floor, (kind, scores[kind].f1, scores[kind].errors[:10])


def test_keyfile_district_spellings():
    path = find_keyfile()
    if path is None:
        pytest.skip("shared district key file not present")
    hit, total = score_keyfile(path)
    assert hit / total >= 0.98
    hit, total = score_keyfile(path, canonical_only=True)
    assert hit / total >= 0.58  # the transliteration generator alone (0.50 before round 2)
