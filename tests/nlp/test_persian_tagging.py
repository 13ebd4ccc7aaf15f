"""Dari/Persian and Pashto tagging (issue 15): normalisation, gazetteer, groups, commanders, events, dispatch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nlp.evaluate import gold_items, load_gold, score_tagged
from nlp.persian.normalise import normalise_fa, pashto_variants
from nlp.persian.pipeline import detect_language, language_of


@pytest.mark.parametrize("raw, folded", [
    ("ولايت كندز", "ولایت کندز"),  # Arabic yeh and kaf
    ("ولسوالی‌ها", "ولسوالی ها"),  # ZWNJ: written as the spaced spelling
    ("هلمــــند", "هلمند"),  # tatweel dropped
    ("خانهٔ مُلّا", "خانه ملا"),  # hamza above and harakat dropped
    ("۱۲ و ١٢", "12 و 12"),  # Persian and Arabic-Indic digits
    ("ټډړږښګڼېۍ", "ټډړږښګڼېۍ"),  # Pashto letters kept
])
def test_normalise_mechanisms(raw, folded):
    assert normalise_fa(raw).text == folded


def test_normalise_offsets_point_into_the_original():
    raw = "در ولایتِ هلمــند"
    n = normalise_fa(raw)
    at = n.text.index("هلمند")
    assert n.quote(at, at + len("هلمند")) == "هلمــند"


def test_pashto_variants_are_generated():
    assert {"ننګرهار", "ننگرهار"} <= pashto_variants("ننگرهار")


def names(mentions, kind):
    return {m.name for m in mentions if m.kind == kind and m.role != "dateline"}


def test_province_district_and_pcodes_match_english(rules_tagger):
    fa = rules_tagger.tag("جنگجویان طالبان در ولسوالی اندراب ولایت بغلان حمله کردند.")
    en = rules_tagger.tag("Taliban fighters attacked in Andarab district of Baghlan province.")
    pick = lambda ms: {(m.kind, m.name, m.pcode) for m in ms if m.kind in ("province", "district")}
    assert pick(fa) == pick(en) == {("district", "Andarab", "AF0907"), ("province", "Baghlan", "AF09")}


def test_district_list_after_plural_cue(rules_tagger):
    ms = rules_tagger.tag("طالبان کنترل ولسوالی‌های ناوه، نادعلی و گرمسیر ولایت هلمند را در دست گرفتند.")
    assert names(ms, "district") == {"Nawa-e-Barakzaiy", "Nad-e-Ali", "Garmser"}


def test_foreign_lookalikes_are_not_afghan(rules_tagger):
    assert not names(rules_tagger.tag("در شهر زابل ایران، استاندار سیستان و بلوچستان از سیل خبر داد."), "province")
    assert not names(rules_tagger.tag("مرز بدخشان کوهستانی تاجیکستان بسته شد."), "province")


def test_common_word_district_needs_a_cue(rules_tagger):
    assert not names(rules_tagger.tag("درگیری‌های سنگین در هلمند ادامه دارد."), "district")


def test_groups_in_persian_and_pashto(rules_tagger):
    assert names(rules_tagger.tag("جبهه مقاومت ملی و جبهه آزادی افغانستان بر طالبان حمله کردند."), "group") == {
        "National Resistance Front", "Afghanistan Freedom Front", "Taliban"}
    assert names(rules_tagger.tag("د ملي مقاومت جبهې د طالبانو پر پوستو برید وکړ.", lang="ps"), "group") == {
        "National Resistance Front", "Taliban"}
    assert names(rules_tagger.tag("جنگجویان داعش در ننگرهار کشته شدند."), "group") == {
        "Islamic State Khorasan Province"}


def test_commander_same_entity_as_english_with_title_and_role(rules_tagger):
    fa = rules_tagger.tag("ذبیح‌الله مجاهد، سخنگوی طالبان، گفت که جنگ در پنجشیر پایان یافته است.")
    en = rules_tagger.tag("Taliban spokesman Zabihullah Mujahid said the war in Panjshir was over.")
    person = next(m for m in fa if m.kind == "commander")
    assert person.name == next(m.name for m in en if m.kind == "commander") == "Zabihullah Mujahid"
    assert person.role == "Taliban spokesman" and person.group == "Taliban"
    baradar = next(m for m in rules_tagger.tag("ملا برادر در قندهار بود.") if m.kind == "commander")
    assert (baradar.name, baradar.title) == ("Abdul Ghani Baradar", "Mullah")


def test_unknown_person_needs_title_and_role(rules_tagger):
    ms = rules_tagger.tag("مولوی عبدالرحمن والی جدید ولایت غزنی از سوی امارت اسلامی معرفی شد.")
    person = next(m for m in ms if m.kind == "commander")
    assert person.name == "Abdul Rahman" and person.text == "عبدالرحمن"
    assert person.title == "Mawlawi" and person.method == "rule" and person.role == "governor of Ghazni"
    assert not names(rules_tagger.tag("عبدالرحمن در غزنی زندگی می‌کند."), "commander")


def test_events_with_persian_digits_and_words(rules_tagger):
    a = rules_tagger.analyse("طالبان در ولسوالی اندراب بغلان با جبهه مقاومت درگیر شدند و ۱۲ سرباز کشته و سه تن "
                             "زخمی شدند.", date(2024, 5, 1))
    e = a.events[0]
    assert (e.sub_event_type, e.province, e.district, e.fatalities, e.injured) == (
        "Armed clash", "Baghlan", "Andarab", 12, 3)
    assert {x.name for x in e.actors} == {"Taliban", "National Resistance Front"}
    b = rules_tagger.analyse("در انفجار یک ماین در شهر لشکرگاه دو غیرنظامی جان باختند.", date(2024, 5, 1))
    assert (b.events[0].sub_event_type, b.events[0].fatalities) == ("Remote explosive/landmine/IED", 2)
    c = rules_tagger.analyse("نیروهای طالبان در کندهار سه تن را بازداشت کردند.", date(2024, 5, 1))
    assert c.events[0].sub_event_type == "Arrests"


def test_language_dispatch():
    assert detect_language("Taliban fighters in Helmand") == "en"
    assert detect_language("طالبان در هلمند حمله کردند") == "fa"
    assert detect_language("د طالبانو ځواکونو په هلمند کې برید وکړ") == "ps"
    assert language_of("fa-AF", "x") == "fa" and language_of("pus", "x") == "ps" and language_of("de", "x") == "none"


def test_english_untouched_and_mixed_batches(rules_tagger):
    text = "Taliban fighters clashed with the NRF in Andarab district of Baghlan."
    assert rules_tagger.tag(text) == rules_tagger.tag(text, lang="en") == rules_tagger.tag(text, lang="auto")
    out = list(rules_tagger.tag_many([text, ("د هلمند ولایت", "ps"), "طالبان در کابل"]))
    assert out[0] == rules_tagger.tag(text)
    assert names(out[1], "province") == {"Helmand"} and names(out[2], "province") == {"Kabul"}
    assert rules_tagger.analyse("Helmand", None, "de").mentions == []


def test_dev_gold_set(rules_tagger):
    gold = load_gold(Path(__file__).resolve().parent.parent / "gold" / "fa_dev.jsonl")
    for lang in ("fa", "ps"):
        lines = [p for p in gold if p["lang"] == lang]
        strict, _, _ = score_tagged(lines, list(rules_tagger.tag_many(gold_items(lines))), None)
        for kind, floor in (("province", 0.95), ("district", 0.9), ("group", 0.93), ("commander", 0.85)):
            assert strict[kind].f1 >= floor, (lang, kind, strict[kind].errors)
