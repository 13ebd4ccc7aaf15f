from nlp.gazetteer import EntityRecord, entity_records, load_gazetteer, spelling_variants

PROVINCES = ["Badakhshan", "Badghis", "Baghlan", "Balkh", "Bamyan", "Daykundi", "Farah", "Faryab", "Ghazni", "Ghor",
             "Helmand", "Herat", "Jowzjan", "Kabul", "Kandahar", "Kapisa", "Khost", "Kunar", "Kunduz", "Laghman",
             "Logar", "Nangarhar", "Nimroz", "Nuristan", "Paktika", "Paktia", "Panjshir", "Parwan", "Samangan",
             "Sar-e Pol", "Takhar", "Uruzgan", "Wardak", "Zabul"]


def test_provinces_have_canonical_names_pcodes_and_centroids():
    recs = [r for r in entity_records() if r.kind == "province"]
    by_name = {r.name: r for r in recs}
    assert sorted(by_name) == sorted(PROVINCES)
    assert by_name["Kabul"].pcode == "AF01" and by_name["Helmand"].pcode == "AF30"
    for r in recs:
        assert r.pcode and r.pcode.startswith("AF") and len(r.pcode) == 4
        assert 29 < r.lat < 39 and 60 < r.lon < 75
        assert r.province == r.name


def test_every_district_maps_to_a_province():
    recs = [r for r in entity_records() if r.kind == "district"]
    provinces = {r.name for r in entity_records() if r.kind == "province"}
    assert len(recs) == 399
    assert all(r.province in provinces and r.pcode.startswith("AF") for r in recs)
    andarab = next(r for r in recs if r.name == "Andarab")
    assert andarab.province == "Baghlan" and andarab.pcode == "AF0907"


def test_records_cover_all_kinds_and_are_plain():
    recs = list(entity_records())
    assert {r.kind for r in recs} == {"province", "district", "place", "group", "commander"}
    assert all(isinstance(r, EntityRecord) and isinstance(r.aliases, tuple) for r in recs)
    zakir = next(r for r in recs if r.name == "Abdul Qayyum Zakir")
    assert zakir.group == "Taliban"
    places = {r.name: r for r in recs if r.kind == "place"}
    assert places["Torkham"].province == "Nangarhar" and places["Kamal Khan Dam"].province == "Nimroz"


def test_groups_required_by_the_issue_are_present():
    groups = {r.name for r in entity_records() if r.kind == "group"}
    for g in ("Taliban", "National Resistance Front", "Afghanistan Freedom Front", "Islamic State Khorasan Province",
              "Islamic State", "al-Qaeda", "al-Qaeda in the Indian Subcontinent", "Tehrik-i-Taliban Pakistan",
              "Haqqani Network", "Hezb-e-Islami", "Islamic Movement of Uzbekistan", "Turkistan Islamic Party",
              "Jamaat Ansarullah", "Lashkar-e-Taiba", "Lashkar-e-Islam", "Jaish-e-Mohammed", "Jaish al-Adl",
              "Harkat-ul-Mujahideen", "Hafiz Gul Bahadur Group", "Jamiat-e-Islami", "Northern Alliance",
              "Public Uprising Forces", "ANDSF"):
        assert g in groups


def test_spelling_variants_cover_ezafe_and_joined_forms():
    forms = spelling_variants("Pul-e-Khumri")
    assert {"Pul-i-Khumri", "Pul e Khumri", "Pule Khumri", "Puli Khumri"} <= forms
    assert "Tarinkot" in spelling_variants("Tarin Kot")


def test_gazetteer_version_is_stable_hash():
    assert len(load_gazetteer().version) == 12


def test_canonical_names_are_unique_per_kind_and_province():
    from collections import Counter

    counts = Counter((r.kind, r.name, r.province) for r in entity_records())
    assert [k for k, n in counts.items() if n > 1] == []
    arghandab = {r.province for r in entity_records() if r.kind == "district" and r.name == "Arghandab"}
    assert arghandab == {"Kandahar", "Zabul"}


def test_capitals_are_cities_and_districts_keep_ocha_names():
    recs = list(entity_records())
    city = {r.name: r for r in recs if r.kind == "place"}
    district = {r.pcode: r for r in recs if r.kind == "district"}
    assert city["Lashkar Gah"].province == "Helmand" and district["AF3001"].name == "Lashkargah"
    assert "Lashkar Gah" in district["AF3001"].aliases
