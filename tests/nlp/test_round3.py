"""Round 3: general fixes for errors found on the fixture articles and on a blind held-out set (rules pipeline)."""

import pytest

from nlp.evaluate import AliasIndex
from nlp.gazetteer import load_gazetteer


def of_kind(mentions, kind):
    return {m.name for m in mentions if m.kind == kind and m.role != "dateline"}


@pytest.mark.parametrize("text", [
    ("The Hafiz Gul Bahadur group is one of several militant factions based in North Waziristan that fought "
     "alongside the Afghan Taliban."),
    "Taliban commanders based in Miran Shah and Kurram Agency crossed the border.",
    "The Taliban's General Directorate of Intelligence arrested two men.",
    "A Taliban commander, General Staff chief, and the Ministry of Defence spokesman spoke.",
])
def test_places_and_organisations_are_never_commanders(rules_tagger, text):
    commanders = of_kind(rules_tagger.tag(text), "commander")
    bad = {"North Waziristan", "Miran Shah", "Kurram Agency", "Directorate", "Staff", "General Staff"}
    assert not commanders & bad


def test_role_keeps_the_text_as_written(rules_tagger):
    ms = rules_tagger.tag("Sirajuddin Haqqani, the Taliban's interior minister, met elders in Khost.")
    siraj = next(m for m in ms if m.kind == "commander")
    assert siraj.role == "Taliban's interior minister"
    ms = rules_tagger.tag("The Taliban's interior ministry said Mangal Bagh, the Lashkar-e-Islam chief, was killed.")
    bagh = next(m for m in ms if m.kind == "commander")
    # the person's own group is its own field, another group's post stays in the role
    assert (bagh.name, bagh.group, bagh.role) == ("Mangal Bagh", "Lashkar-e-Islam", "chief")


def test_a_run_of_several_names_is_not_one_commander(rules_tagger):
    ms = rules_tagger.tag("Taliban commanders Mohammed Qasim Mir Wali Khudai Rahim and others met Mullah Abdul "
                          "Qayyum Zakir in Helmand.")
    commanders = of_kind(ms, "commander")
    assert "Abdul Qayyum Zakir" in commanders
    assert all(len(c.split()) <= 4 for c in commanders)


def test_un_names_drop_the_fathers_name_when_an_alias_confirms_it():
    names = {e.name for e in load_gazetteer().entries.values() if e.kind == "commander"}
    assert "Mohammed Qasim" in names and "Mohammed Qasim Mir Wali Khudai Rahim" not in names


@pytest.mark.parametrize("text", [
    "Across the Panj in Tajikistan's Ishkashim, residents heard gunfire.",
    "Tajik border guards in Ishkashim, on the Tajik side of the river, reported calm.",
    "Iranian police in Zabol said three Afghan migrants were arrested.",
    "Taliban fighters clashed with Iranian border guards near Milak, the Iranian crossing.",
    "Trucks waited at Milak on the Iranian side of the border.",
])
def test_border_twins_abroad_are_not_afghan(rules_tagger, text):
    ms = rules_tagger.tag(text)
    assert not {m.name for m in ms if m.kind in ("province", "district", "place")} & {
        "Eshkashem", "Zabul", "Milak"}


def test_afghan_side_of_border_twins_still_tagged(rules_tagger):
    ms = rules_tagger.tag("The Taliban took Ishkashim district of Badakhshan. Fighting spread in Zabol province.")
    assert "Eshkashem" in of_kind(ms, "district") and "Zabul" in of_kind(ms, "province")


@pytest.mark.parametrize("text, district, province", [
    ("Fighting was reported in Tulak district of Ghor.", "Tolak", "Ghor"),
    ("Clashes in Khash Rod district of Nimroz province.", "Khashrod", "Nimroz"),
    ("Taliban fighters attacked Khugyani district in Nangarhar.", "Khogyani", "Nangarhar"),
    ("Police in Khogiani district of Nangarhar arrested two men.", "Khogyani", "Nangarhar"),
    ("A blast in Haska Mena district of Nangarhar.", "Deh Bala", "Nangarhar"),
    ("Clashes in Nurgram district of Nuristan.", "Nurgaram", "Nuristan"),
])
def test_press_district_spellings(rules_tagger, text, district, province):
    ms = rules_tagger.tag(text)
    d = [m for m in ms if m.kind == "district"]
    assert [(m.name, m.province) for m in d] == [(district, province)]


def test_khogyani_in_ghazni_follows_the_province(rules_tagger):
    ms = rules_tagger.tag("Taliban fighters attacked Khogyani district of Ghazni province.")
    assert [(m.name, m.province) for m in ms if m.kind == "district"] == [("Wal-e-Muhammad-e-Shahid", "Ghazni")]


@pytest.mark.parametrize("text, place, province", [
    ("Chinese engineers returned to Mes Aynak in Logar.", "Mes Aynak", "Logar"),
    ("US troops left Combat Outpost Keating in 2009.", "Combat Outpost Keating", "Nuristan"),
    ("Soldiers at COP Keating came under attack.", "Combat Outpost Keating", "Nuristan"),
    ("Taliban fighters gathered in Rozanak area of Herat.", "Rozanak", "Herat"),
    ("The Zhawar Kili cave complex was bombed.", "Zhawar", "Khost"),
    ("Patrols returned to the Korengal valley.", "Korengal Valley", "Kunar"),
    ("The Minaret of Jam needs repairs.", "Minaret of Jam", "Ghor"),
])
def test_well_known_places(rules_tagger, text, place, province):
    ms = rules_tagger.tag(text)
    assert (place, province) in {(m.name, m.province) for m in ms if m.kind == "place"}


def test_commander_spellings_and_new_entries(rules_tagger):
    ms = rules_tagger.tag("Usmon Ghazi, the leader of the Islamic Movement of Uzbekistan, spoke. Former Taliban "
                          "commander Nizamuddin Qaisari was detained in Faryab.")
    assert {"Usman Ghazi", "Nizamuddin Qaisari"} <= of_kind(ms, "commander")


def test_pledge_to_islamic_state_is_the_core(rules_tagger):
    ms = rules_tagger.tag("In 2015 the IMU pledged allegiance to the Islamic State, a move that split its "
                          "fighters in northern Afghanistan.")
    groups = of_kind(ms, "group")
    assert "Islamic State" in groups and "Islamic State Khorasan Province" not in groups


@pytest.mark.parametrize("phrase", ["Afghan army commandos", "Afghan Border Police", "Afghan National Army",
                                    "Afghan Local Police", "Afghan special forces"])
def test_republic_forces_in_other_words(rules_tagger, phrase):
    ms = rules_tagger.tag(f"In 2019 {phrase} cleared three villages in Kunduz.")
    assert "ANDSF" in of_kind(ms, "group")


@pytest.mark.parametrize("kind, a, b", [
    ("place", "Korengal valley", "Korengal Valley"),
    ("district", "Khugyani", "Khogyani"),
    ("district", "Khash Rod", "Khashrod"),
    ("commander", "Shahab al-Muhajir", "Sanaullah Ghafari"),
    ("commander", "Khalil ur-Rahman Haqqani", "Khalil Haqqani"),
    ("commander", "Mohammad Yaqoob Mujahid", "Mohammad Yaqoob"),
    ("commander", "Mohammad Yasin Zia", "Yasin Zia"),
    ("commander", "Neda Mohammad Nadim", "Nida Mohammad Nadim"),
    ("commander", "Abdul Mateen Qani", "Abdul Matin Qani"),
    ("commander", "Usmon Ghazi", "Usman Ghazi"),
    ("dateline", "Asad Abad", "Asadabad"),
])
def test_alias_aware_score_maps_spellings_to_one_entity(kind, a, b):
    index = AliasIndex()
    assert index.key(kind, a) == index.key(kind, b)


def test_alias_aware_score_keeps_different_entities_apart():
    index = AliasIndex()
    assert index.key("commander", "Sirajuddin Haqqani") != index.key("commander", "Khalil Haqqani")
    assert index.key("province", "Zabul") != index.key("province", "Ghazni")


def test_afghan_sentence_keeps_the_afghan_twin_unless_the_country_is_attached(rules_tagger):
    ms = rules_tagger.tag("Tajik authorities said smugglers crossed from Afghanistan's Badakhshan into the Tajik "
                          "side near Ishkashim.")
    assert "Eshkashem" in of_kind(ms, "district")
    ms = rules_tagger.tag("Afghan traders crossed the bridge into Tajikistan's Ishkashim on Monday.")
    assert "Eshkashem" not in of_kind(ms, "district")


@pytest.mark.parametrize("text", ["Post-Taliban Afghanistan held elections in 2004.",
                                  "During the Taliban-era ban, girls studied at home in Kabul."])
def test_the_group_name_as_a_period_is_not_the_group(rules_tagger, text):
    assert "Taliban" not in of_kind(rules_tagger.tag(text), "group")


def test_whose_chief_takes_the_group_of_the_relative_clause(rules_tagger):
    ms = rules_tagger.tag("Lashkar-e-Islam, whose chief Shams Gul Wardaki was killed in Nangarhar, once ruled Khyber.")
    c = next(m for m in ms if m.kind == "commander")
    assert (c.name, c.group, c.role) == ("Shams Gul Wardaki", "Lashkar-e-Islam", "chief")


def test_republic_era_border_police_are_andsf(rules_tagger):
    ms = rules_tagger.tag("In 2019 border police repelled a Taliban attack in Spin Boldak.")
    assert "ANDSF" in of_kind(ms, "group")
    ms = rules_tagger.tag("In 2019 Iranian border police shot at Afghan migrants near Islam Qala.")
    assert "ANDSF" not in of_kind(ms, "group")


@pytest.mark.parametrize("text, kept", [
    ("Pakistani troops launched an operation in the Mohmand valley of Khyber Pakhtunkhwa.", False),
    ("Pakistani forces shelled the Angoor Adda area on the Pakistani side of the border.", False),
    ("Taliban fighters clashed with Pakistani forces at Angoor Adda in Paktika's Barmal district.", True),
    ("Residents of the Mohmand valley in Nangarhar's Achin district fled ISKP fighters.", True),
])
def test_pakistani_twins_of_border_places(rules_tagger, text, kept):
    places = of_kind(rules_tagger.tag(text), "place")
    assert bool(places & {"Mamand Valley", "Angoor Adda"}) == kept


def test_place_names_that_are_person_names_stay_possible(rules_tagger):
    ms = rules_tagger.tag("Taliban commander Dawlat Shah was killed in Faryab.")
    assert "Dawlat Shah" in of_kind(ms, "commander")


def test_foreign_twin_after_a_sentence_about_the_country(rules_tagger):
    ms = rules_tagger.tag("Iranian police said they had arrested three smugglers. In Zabol, officers seized opium.")
    assert "Zabul" not in of_kind(ms, "province")
    ms = rules_tagger.tag("Taliban fighters attacked a checkpoint in Zabol. Officials said three were killed.")
    assert "Zabul" in of_kind(ms, "province")


def _fixture_text(path):
    import html
    import re

    raw = path.read_text(encoding="utf-8", errors="ignore")
    raw = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    return html.unescape(re.sub(r"<[^>]+>", "\n", raw))


def test_fixture_articles_have_no_place_or_office_commanders(rules_tagger):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "fixtures"
    pages = sorted(p for p in root.rglob("*") if p.suffix in (".php", ".html") and p.is_file())
    assert pages
    for mentions in rules_tagger.tag_many(_fixture_text(p) for p in pages):
        for m in mentions:
            if m.kind != "commander":
                continue
            assert m.name not in {"North Waziristan", "Directorate", "General Directorate"}
            assert " 's" not in (m.role or "") and " - " not in (m.role or "")
