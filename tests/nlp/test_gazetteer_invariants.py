"""Invariants of the shipped gazetteer as loaded (nlp/data): districts and capitals lie in their provinces."""

from __future__ import annotations

import csv
from pathlib import Path

from nlp.gazetteer import entity_records

DATA = Path(__file__).resolve().parents[2] / "nlp" / "data"


def _provinces() -> dict[str, dict[str, str]]:
    with open(DATA / "provinces.csv", encoding="utf-8") as fh:
        return {row["name"]: row for row in csv.DictReader(fh)}


def test_every_districts_pcode_prefix_is_its_provinces():
    provinces = _provinces()
    districts = [r for r in entity_records() if r.kind == "district"]
    assert len(districts) > 350
    wrong = [(d.name, d.pcode, d.province) for d in districts
             if d.province not in provinces or (d.pcode or "")[:4] != provinces[d.province]["pcode"]]
    assert wrong == []


def test_every_provincial_capital_lies_in_its_province():
    provinces = _provinces()
    records = list(entity_records())
    wrong = []
    for name, row in provinces.items():
        capital = row["capital"]
        named = [r for r in records if r.kind in ("district", "place")
                 and (r.name == capital or capital in (r.aliases or ()))]
        aliases = {name, *row["aliases"].split("|")}
        if not named:
            # A capital named like its province (Herat, Khost) is the province itself.
            assert capital in aliases, (name, capital)
        elif not any(r.province == name for r in named):
            wrong.append((capital, name, sorted({r.province for r in named})))
        # The capital district is the province's first (P-code AFxx01), in that province.
        first = [r for r in records if r.kind == "district" and r.pcode == f"{row['pcode']}01"]
        assert len(first) == 1 and first[0].province == name, (name, first)
    assert wrong == []
    # Spot checks the issue named.
    places = {(r.name, r.kind): r.province for r in records}
    assert places[("Pul-e-Khumri", "district")] == "Baghlan" or places.get(("Pul-e-Khumri", "place")) == "Baghlan"
    assert places.get(("Jalalabad", "place"), places.get(("Jalalabad", "district"))) == "Nangarhar"
