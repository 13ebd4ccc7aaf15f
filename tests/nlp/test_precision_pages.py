"""Precision on ordinary web pages that are not about Afghanistan (issue 10): the 130 Readability test pages in
../shared/data/extraction-dev (read from there, never copied; the test skips when the folder is absent).

Pinned: no province, district, place or commander at all; groups only where a page writes about a group
active worldwide by its own name (Islamic State, al-Qaeda), and at most two other group hits.
"""

from __future__ import annotations

import pytest

from nlp.evaluate import find_extraction_dev, score_pages

GLOBAL = {"Islamic State", "al-Qaeda"}


@pytest.fixture(scope="module")
def pages_folder():
    folder = find_extraction_dev()
    if folder is None:
        pytest.skip("../shared/data/extraction-dev is not present (the non-Afghan page set is not shipped)")
    return folder


@pytest.mark.parametrize("mode", ["rules", "model"])
def test_no_afghan_entities_on_non_afghan_pages(mode, request, pages_folder):
    tagger = request.getfixturevalue(f"{mode}_tagger")
    hits = score_pages(tagger, pages_folder)
    assert sum(1 for _ in pages_folder.iterdir()) >= 100
    for kind in ("province", "district", "place", "commander"):
        assert hits[kind] == [], (kind, hits[kind][:10])
    other = [h for h in hits["group"] if h.split(": ", 1)[1].split(" (")[0] not in GLOBAL]
    assert len(other) <= 2, other
