"""Text normalisation before matching: typographic spellings find the same entities, offsets quote the original."""

from __future__ import annotations

import pytest

from nlp.normalise import normalise


@pytest.mark.parametrize("raw, expected", [
    ("Sangin’s bazaar", "Sangin's bazaar"),
    ("Nad ʿAli", "Nad 'Ali"),
    ("Pul‑e‑Khumri", "Pul-e-Khumri"),            # non-breaking hyphens
    ("Chahar–Bolak road", "Chahar-Bolak road"),   # en dash inside a compound
    ("3 – 4 May", "3 – 4 May"),                   # an en dash between numbers/spaces stays
    ("Jalālābād", "Jalalabad"),
    ("Deh\u00a0Rawud", "Deh Rawud"),
])
def test_length_preserving_forms(raw, expected):
    n = normalise(raw)
    assert n.text == expected
    assert n.source is None and n.quote(0, len(n.text)) == raw


def test_dropped_characters_map_back_to_the_original():
    raw = "Gunmen in Khost\u200b city and in Zhe\u0301lai."
    n = normalise(raw)
    assert n.text == "Gunmen in Khost city and in Zhelai."
    at = n.text.index("Zhelai")
    assert n.quote(at, at + len("Zhelai")) == "Zhe\u0301lai"
    assert n.quote(0, len(n.text)) == raw


def test_ascii_text_is_returned_untouched():
    raw = "Plain text."
    assert normalise(raw).text is raw


@pytest.mark.parametrize("text, surface, kind, name", [
    ("Insurgents overran a checkpoint in the Musa Qal’ah district on Sunday.", "Musa Qal’ah", "district", "Musa Qala"),
    ("Two bombs went off near the bazaar of Panjwāʾī district, officials said.", "Panjwāʾī", "district", "Panjwayi"),
    ("A convoy was ambushed in Nad ‘Ali district of Helmand.", "Nad ‘Ali", "district", "Nad-e-Ali"),
])
def test_typographic_spellings_are_tagged_with_original_offsets(rules_tagger, text, surface, kind, name):
    hits = [m for m in rules_tagger.tag(text) if m.kind == kind]
    assert [m.name for m in hits] == [name]
    m = hits[0]
    assert m.text == surface and text[m.start:m.end] == surface
    assert m.sentence == text


def test_events_quote_the_original_text(rules_tagger):
    text = "Taliban fighters killed two soldiers in Musa Qal’ah dis\u00adtrict of Helmand on Monday."
    analysis = rules_tagger.analyse(text, None)
    assert analysis.events
    e = analysis.events[0]
    assert text[e.start:e.end] == e.sentence
    assert "\u00ad" in e.sentence
