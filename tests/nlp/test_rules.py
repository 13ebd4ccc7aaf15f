"""Context rules, on the blank (rules-only) pipeline."""

def names(mentions, kind=None):
    """Set of (kind, name), or the names of one kind (datelines left out)."""
    if kind:
        return {m.name for m in mentions if m.kind == kind and m.role != "dateline"}
    return {(m.kind, m.name) for m in mentions}



def test_mode_and_versions(rules_tagger):
    assert rules_tagger.mode == "rules"
    v = rules_tagger.versions
    assert v["model"] is None and v["spacy"] and v["tagger"] and v["gazetteer"]


def test_mentions_keep_offsets_and_sentence(rules_tagger):
    text = "Officials said. Taliban fighters entered Andarab district of Baghlan province on Monday."
    ms = rules_tagger.tag(text)
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert m.text in m.sentence and m.sentence.startswith("Taliban")
    andarab = next(m for m in ms if m.name == "Andarab")
    assert (andarab.kind, andarab.province, andarab.pcode, andarab.method) == ("district", "Baghlan", "AF0907",
                                                                                "gazetteer")
    baghlan = next(m for m in ms if m.name == "Baghlan")
    assert baghlan.kind == "province" and baghlan.province == "Baghlan" and baghlan.pcode == "AF09"


def test_province_spelling_variants(rules_tagger):
    text = ("Panjsher, Ningarhar, Kapissa, Paktiya, Hilmand, Oruzgan, Urozgan, Daikundi, Jawzjan, Sar-i-Pul, "
            "Nimruz, Maidan Wardak, Konar, Nooristan, Bamiyan and Khowst.")
    assert names(rules_tagger.tag(text), "province") == {
        "Panjshir", "Nangarhar", "Kapisa", "Paktia", "Helmand", "Uruzgan", "Daykundi", "Jowzjan", "Sar-e Pol",
        "Nimroz", "Wardak", "Kunar", "Nuristan", "Bamyan", "Khost"}


def test_bare_name_is_province_and_district_cue_is_district(rules_tagger):
    # a city named like its province is the province (gold README convention); "X district" is the district
    ms = rules_tagger.tag("Clashes in Kandahar. Later, residents of Kandahar city fled.")
    assert names(ms) == {("province", "Kandahar")}
    ms = rules_tagger.tag("Afghan forces retook Kunduz city. Fighting spread to Kunduz district.")
    assert {("province", "Kunduz"), ("district", "Kunduz")} <= names(ms)


def test_khost_district_of_baghlan(rules_tagger):
    ms = rules_tagger.tag("Fighters attacked Khost district in Baghlan province.")
    assert names(ms, "district") == {"Khost Wa Fereng"}
    assert names(rules_tagger.tag("A drone hit a house in Khost."), "province") == {"Khost"}


def test_balkhab_is_not_balkh(rules_tagger):
    ms = rules_tagger.tag("Clashes erupted in Balkhab district of Sar-e Pul.")
    assert names(ms, "district") == {"Balkhab"} and names(ms, "province") == {"Sar-e Pol"}


def test_risky_names_need_context(rules_tagger):
    assert not rules_tagger.tag("Dara said the talks would go on.")
    ms = rules_tagger.tag("The Taliban captured Dara district of Panjshir.")
    assert "Dara" in names(ms, "district")
    assert not names(rules_tagger.tag("Khas and Chak were words he used."), "district")


def test_names_inside_other_names(rules_tagger):
    for text in ("The Helmand River is drying up.", "Kabul Bank collapsed in 2010.",
                 "Sher-e-Panjshir was his nickname.", "A poet called Helmandi and a Panjshiri fighter spoke.",
                 "Trucks waited on the Kabul-Kandahar highway."):
        assert not [m for m in rules_tagger.tag(text) if m.kind in ("province", "district")], text


def test_kabul_as_government_is_not_a_place(rules_tagger):
    assert not rules_tagger.tag("Islamabad urged Kabul to act against militants.")
    assert not [m for m in rules_tagger.tag("Kabul denied the report.") if m.kind == "province"]
    assert names(rules_tagger.tag("A blast hit Kabul on Monday."), "province") == {"Kabul"}


def test_foreign_lookalikes(rules_tagger):
    for text in ("Protests broke out in Tajikistan's Gorno-Badakhshan region.",
                 "Iran's Zabol suffers from dust storms.",
                 "Police in Charsadda, Khyber Pakhtunkhwa, arrested two men.",
                 "Water levels fell in the Hirmand area of Iran."):
        assert not [m for m in rules_tagger.tag(text) if m.kind in ("province", "district")], text


def test_person_named_like_a_province(rules_tagger):
    assert not names(rules_tagger.tag("A man named Ghazni was detained."), "province")


def test_datelines(rules_tagger):
    for text in ("KABUL (Pajhwok): Three people were hurt.", "KABUL, Afghanistan — Three people were hurt."):
        m = rules_tagger.tag(text)[0]
        assert (m.name, m.kind, m.role) == ("Kabul", "province", "dateline")


def test_groups_and_context(rules_tagger):
    ms = rules_tagger.tag("The Taliban attacked a post in North Waziristan, Khyber Pakhtunkhwa.")
    assert names(ms, "group") == {"Tehrik-i-Taliban Pakistan"}
    ms = rules_tagger.tag("The Islamic State claimed a bombing in Jalalabad.")
    assert names(ms, "group") == {"Islamic State Khorasan Province"}
    ms = rules_tagger.tag("The Islamic State lost Raqqa in Syria.")
    assert names(ms, "group") == {"Islamic State"}
    ms = rules_tagger.tag("IEA forces, NRF fighters, ISIS-K, the TTP and former security forces were all named.")
    assert names(ms, "group") == {"Taliban", "National Resistance Front", "Islamic State Khorasan Province",
                                  "Tehrik-i-Taliban Pakistan", "ANDSF"}
    assert not names(rules_tagger.tag("The Pakistani army and U.S. forces held talks."), "group")


def test_commanders_titles_roles_and_short_names(rules_tagger):
    text = ("Taliban spokesman Zabihullah Mujahid said Mullah Abdul Qayyum Zakir had arrived. "
            "Zakir met elders. The Taliban appointed Mawlawi Abdul Rahim Haqyar as military commander of "
            "Andarab district.")
    ms = [m for m in rules_tagger.tag(text) if m.kind == "commander"]
    by = {}
    for m in ms:
        by.setdefault(m.name, []).append(m)
    assert set(by) == {"Zabihullah Mujahid", "Abdul Qayyum Zakir", "Abdul Rahim Haqyar"}
    assert len(by["Abdul Qayyum Zakir"]) == 2 and by["Abdul Qayyum Zakir"][0].title == "Mullah"
    assert all(m.group == "Taliban" for m in ms)
    assert by["Abdul Rahim Haqyar"][0].role == "military commander of Andarab district"
    assert by["Zabihullah Mujahid"][0].role


def test_apposition_role(rules_tagger):
    ms = rules_tagger.tag("Ahmad Ghafoor, an NRF commander in Andarab, was killed.")
    c = [m for m in ms if m.kind == "commander"]
    assert [(m.name, m.group) for m in c] == [("Ahmad Ghafoor", "National Resistance Front")]


def test_non_commanders(rules_tagger):
    text = ("Analyst Ibraheem Bahiss said the Taliban were divided. UN envoy Roza Otunbayeva met officials. "
            "Journalist Bilal Sarwary reported from Kabul.")
    assert not [m for m in rules_tagger.tag(text) if m.kind == "commander"]


def test_tag_many_keeps_order_and_handles_empty(rules_tagger):
    texts = ["Herat", "", "Kunduz", None]
    out = list(rules_tagger.tag_many(texts))
    assert [names(o, "province") for o in out] == [{"Herat"}, set(), {"Kunduz"}, set()]


def test_foreign_generals_are_not_commanders(rules_tagger):
    text = ("U.S. Central Command chief Gen. Michael Kurilla said ISKP could still strike abroad. "
            "Pakistan's army chief General Asim Munir warned the TTP.")
    assert not [m for m in rules_tagger.tag(text) if m.kind == "commander"]


def test_long_article_roles(rules_tagger):
    text = ("In March, ISKP killed Taliban governor Mohammad Dawood Muzammil in his office in Balkh. "
            "Muzammil had earlier fought ISKP in Nangarhar. The NRF said the group's commander for Andarab, "
            "Mohammad Hussain, led the ambush.")
    c = [m for m in rules_tagger.tag(text) if m.kind == "commander"]
    assert [(m.name, m.text, m.group) for m in c] == [
        ("Mohammad Dawood Muzammil", "Mohammad Dawood Muzammil", "Taliban"),
        ("Mohammad Dawood Muzammil", "Muzammil", "Taliban"),
        ("Mohammad Hussain", "Mohammad Hussain", "National Resistance Front")]
    assert c[0].role == "governor" and c[2].role == "commander for Andarab"


def test_no_model_at_all_logs_one_warning_and_runs_on_rules(monkeypatch, caplog):
    import logging

    import nlp.tagger as tagger_module
    from pipeline.settings import NlpSettings

    monkeypatch.setattr(tagger_module, "FALLBACK_MODEL", "no_such_fallback_xx")
    with caplog.at_level(logging.WARNING, logger="nlp.tagger"):
        t = tagger_module.build_tagger(NlpSettings(model="no_such_model_xx"))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "rules and gazetteers only" in warnings[0].getMessage()
    assert t.mode == "rules" and t.versions["model"] is None
    assert {m.name for m in t.tag("Taliban fighters entered Herat.")} == {"Taliban", "Herat"}


def test_title_case_headlines(rules_tagger):
    ms = rules_tagger.tag("Taliban Kill Five Police In Kunduz; Clashes Reported In Dara District Of Panjshir")
    assert {(m.kind, m.name) for m in ms} == {("group", "Taliban"), ("province", "Kunduz"),
                                              ("district", "Dara"), ("province", "Panjshir")}
    assert not [m for m in rules_tagger.tag("Bala Says Reg Nika Obe Giro Kang Andar Will Go") if m.kind != "group"]


def test_tag_many_with_two_processes_keeps_order():
    from nlp.tagger import build_tagger
    from pipeline.settings import NlpSettings

    tagger = build_tagger(NlpSettings(model="", n_process=2, batch_size=4))
    texts = ["Taliban fighters entered Herat.", "Nothing here.", "Clashes in Andarab district of Baghlan."] * 4
    out = [sorted(m.name for m in ms) for ms in tagger.tag_many(texts)]
    assert out == [["Herat", "Taliban"], [], ["Andarab", "Baghlan"]] * 4


def test_dateline_variants(rules_tagger):
    for text in ("Kabul, Afghanistan, Nov 25 (Reuters) - A blast hit the city.", "KABUL, Nov 25 (Xinhua) -- A blast.",
                 "Kabul (Pajhwok): A blast.", "HERAT: Officials said."):
        first = rules_tagger.tag(text)[0]
        assert first.role == "dateline", text
    ms = rules_tagger.tag("LASHKAR GAH, Helmand province (Pajhwok): Two were killed in Nad Ali district.")
    assert [(m.name, m.role) for m in ms] == [("Lashkar Gah", "dateline"), ("Helmand", "dateline"),
                                              ("Nad-e-Ali", None)]
    assert all(m.role is None for m in rules_tagger.tag("Officials in Kabul, Afghanistan — said so."))


def test_kabul_government_needs_a_government_verb(rules_tagger):
    assert not rules_tagger.tag("Kabul has repeatedly denied the charge.")
    assert names(rules_tagger.tag("Kabul has seen a rise in crime."), "province") == {"Kabul"}
    assert names(rules_tagger.tag("Islamabad and Kabul agreed to reopen Torkham."), "province") == set()


def test_shared_district_names_follow_the_named_province(rules_tagger):
    def districts(text):
        return {(m.name, m.province) for m in rules_tagger.tag(text) if m.kind == "district"}

    assert districts("Fighting in Nawa district of Helmand.") == {("Nawa-e-Barakzaiy", "Helmand")}
    assert districts("Fighting in Nawa district of Ghazni.") == {("Nawa", "Ghazni")}
    assert districts("Clashes in Arghandab district of Zabul.") == {("Arghandab", "Zabul")}
    assert districts("Clashes in Arghandab, Kandahar.") == {("Arghandab", "Kandahar")}
    assert districts("Residents of the city of Kandahar") == set()  # the city named like its province
    assert districts("Dawlatabad district of Faryab.") == {("Dawlat Abad", "Faryab")}


def test_long_text_stays_linear(rules_tagger):
    import time

    text = ("The Taliban attacked Andarab district of Baghlan while Zabihullah Mujahid denied it. "
            "Mullah Zakir said Abdul Rahman, a Taliban commander, was killed. ") * 600
    start = time.perf_counter()
    ms = rules_tagger.tag(text)
    # 7 a repetition: Taliban, Andarab, Baghlan, Mujahid, Zakir, Abdul Rahman ("said X, a Taliban commander"), Taliban
    assert len(ms) == 600 * 7 and time.perf_counter() - start < 5


def test_distinctive_single_names(rules_tagger):
    def people(text):
        return [m.name for m in rules_tagger.tag(text) if m.kind == "commander"]

    assert people("Baradar met Chinese officials.") == ["Abdul Ghani Baradar"]
    assert people("Akhundzada's decree was read out.") == ["Hibatullah Akhundzada"]
    assert people("Sher Mohammad Akhundzada, a former governor, spoke.") == []
    assert people("Zakir met elders.") == []  # a short name needs a full mention first


def test_taliban_beside_the_ttp_is_the_afghan_taliban(rules_tagger):
    ms = rules_tagger.tag("The Taliban denied sheltering TTP fighters who attack Khyber Pakhtunkhwa.")
    assert names(ms, "group") == {"Taliban", "Tehrik-i-Taliban Pakistan"}
    ms = rules_tagger.tag("The Islamic State claimed the bombing of a rally in Bajaur, Pakistani police said.")
    assert names(ms, "group") == {"Islamic State Khorasan Province"}


def test_surnames_tribes_and_who_clauses(rules_tagger):
    ms = rules_tagger.tag("Afghan army General Abdul Wahab Wardak fled to Iran.")
    assert [(m.kind, m.name) for m in ms if m.kind != "group"] == [("commander", "Abdul Wahab Wardak")]
    ms = rules_tagger.tag("Members of the Zadran tribe in Paktia support the Haqqanis.")
    assert names(ms, "district") == set() and names(ms, "province") == {"Paktia"}
    ms = rules_tagger.tag("Najibullah Haqqani, who heads the Taliban's ministry of communications, spoke.")
    assert names(ms, "commander") == {"Najibullah Haqqani"}


def test_role_carries_over_a_list_of_names(rules_tagger):
    ms = rules_tagger.tag("Taliban commanders Abdul Wakil Omari and Abdul Basir Zadran were killed. "
                          "Analyst Ahmad Rashid and Barnett Rubin commented.")
    assert [(m.name, m.group) for m in ms if m.kind == "commander"] == [
        ("Abdul Wakil Omari", "Taliban"), ("Abdul Basir Zadran", "Taliban")]


def test_district_lists_and_bracketed_provinces(rules_tagger):
    ms = rules_tagger.tag("Fighting spread to the districts of Dara, Khinj and Rukha.")
    assert names(ms, "district") == {"Dara", "Khenj", "Rukha"}
    ms = rules_tagger.tag("Taliban-held districts include Ghormach (Faryab) and Kohistan (Faryab).")
    assert names(ms, "district") == {"Ghormach", "Kohistan"}


def test_courtesy_titles_need_a_role(rules_tagger):
    assert not names(rules_tagger.tag("Shopkeeper Haji Gul Ahmad said trade had collapsed since the Taliban "
                                      "banned poppy."), "commander")
    assert not names(rules_tagger.tag("Haji Mohammad Nabi said the Taliban had closed the road."), "commander")
    ms = rules_tagger.tag("Haji Mohammad Idris, who led the Taliban's central bank, met investors.")
    assert names(ms, "commander") == {"Mohammad Idris"}


def test_foreign_and_civilian_titles_are_not_commanders(rules_tagger):
    def people(text):
        return names(rules_tagger.tag(text), "commander")

    # a hard title plus a group in the sentence is not enough for a foreign officer
    assert people("Gen. Mark Milley said American troops had left before the Taliban entered Kabul.") == set()
    assert people("Gen. David Petraeus toured Kandahar as Taliban attacks rose.") == set()
    assert people("Pakistan's army chief Gen. Asim Munir warned the Taliban over TTP sanctuaries.") == set()
    # civilians with courtesy titles, before or after an apposition
    assert people("A trader, Haji Nasrullah Wardak, said Taliban collectors took a tenth of his goods.") == set()
    assert people("Haji Abdul Karim, a village elder in Khost, said the Taliban had freed his son.") == set()
    # an Afghan officer tied to the Taliban stays a commander
    assert people("Taliban army commander General Mobin Khan inspected posts in Panjshir.") == {"Mobin Khan"}


def test_government_roles_follow_the_era(rules_tagger):
    def found(text):
        return {(m.name, m.group) for m in rules_tagger.tag(text) if m.kind == "commander"}

    # Taliban government (post-2021): a ministry or provincial role is a Taliban office
    assert found("The Islamic Emirate's education ministry spokesman Mansoor Ahmad Hamza said schools would open.") \
        == {("Mansoor Ahmad Hamza", "Taliban")}
    assert found("Hamdullah Zahid, spokesman for the ministry of defence, said the Taliban government had sent "
                 "troops to Badakhshan.") == {("Hamdullah Zahid", "Taliban")}
    # republic: security roles are ANDSF; a foreign ministry's spokesman is nobody's commander
    assert found("In 2017 the provincial police chief, Abdul Hamid Hamidi, said the Taliban attack was "
                 "repelled.") == {("Abdul Hamid Hamidi", "ANDSF")}
    assert found("Pakistan's foreign ministry spokesman Zahid Hafeez said the Taliban government must act.") == set()


def test_name_before_apposition_after_a_speech_verb(rules_tagger):
    ms = rules_tagger.tag("Two posts fell in Andarab, said Mohammad Zaman Rahimi, an NRF commander there.")
    assert ("commander", "Mohammad Zaman Rahimi") in names(ms)
    ms = rules_tagger.tag("Gul Rahman Faizi, who commands Taliban units in Farah, denied the report.")
    assert ("commander", "Gul Rahman Faizi") in names(ms)


def test_kabul_as_the_government(rules_tagger):
    def provinces(text):
        return names(rules_tagger.tag(text), "province")

    assert provinces("Dushanbe said Kabul had failed to stop smugglers on the Amu Darya.") == set()
    assert provinces("Tehran insists Kabul must honour the water treaty.") == set()
    assert provinces("Kabul's position on the border has not changed, officials in Islamabad said.") == set()
    assert provinces("Pakistan accused the Kabul regime of harbouring militants; Kabul has yet to respond.") == set()
    assert provinces("An attack in Kabul killed four people; Kabul residents blamed ISKP.") == {"Kabul"}
    assert provinces("Flights from Kabul to Dubai resumed, and Kabul police said the airport was calm.") == {"Kabul"}


def test_pakistani_areas_make_bare_taliban_the_ttp(rules_tagger):
    def groups(text):
        return names(rules_tagger.tag(text), "group")

    assert groups("Taliban fighters attacked a checkpost in Tirah and fled toward Orakzai.") == \
        {"Tehrik-i-Taliban Pakistan"}
    assert groups("Taliban militants in Lower Dir ambushed police, the TTP later said.") == {"Tehrik-i-Taliban Pakistan"}
    # "fatal" is not FATA, "swathe" is not Swat: an Afghan passage keeps the Afghan Taliban
    assert groups("A fatal Taliban raid cut a swathe through Zabul.") == {"Taliban"}


def test_groups_implied_by_context(rules_tagger):
    def groups(text):
        return names(rules_tagger.tag(text), "group")

    assert groups("Local Taliban loyal to Hafiz Gul Bahadur blocked the road to Miranshah.") == \
        {"Hafiz Gul Bahadur Group"}
    assert groups("Resistance fighters ambushed a Taliban convoy in Panjshir's Paryan district.") == \
        {"National Resistance Front", "Taliban"}
    # no NRF without its area, nor in the Soviet war
    assert groups("Resistance forces fought the Taliban in Faryab.") == {"Taliban"}
    assert groups("Resistance forces in Panjshir fought Soviet troops; the Taliban came later.") == {"Taliban"}
    # police are the ANDSF only in the republic era
    assert "ANDSF" in groups("In 2016 the Taliban attacked police posts in Kunduz.")
    assert groups("Police in Kunduz, run by the Islamic Emirate, arrested two men.") == {"Taliban"}


def test_transliteration_variants(rules_tagger):
    def districts(text):
        return names(rules_tagger.tag(text), "district")

    assert districts("Floods hit Khoja Bahauddin district in Takhar.") == {"Khwaja Bahawuddin"}
    assert districts("Clashes in Qarghaee district of Laghman.") == {"Qarghayi"}
    ms = rules_tagger.tag("Abdul Mateen Qani said the raid was over.")
    assert names(ms, "commander") == {"Abdul Matin Qani"}
    assert districts("Clashes in Pul-e-Hesar district of Baghlan.") == {"Pul-e-Hisar"}
    assert districts("Fighting in Tala-o-Barfak district.") == {"Tala Wa Barfak"}
    assert districts("Taliban attacked Musa Kheil and Watapoor districts.") >= {"Musa Khel", "Watapur"}
    # short words keep their spelling ("Wish" is not Weesh), provinces get no vowel swaps ("Badges")
    assert rules_tagger.tag("Wish you were here.") == []
    assert rules_tagger.tag("Badges and Medals of the Year") == []


def test_more_apposition_shapes(rules_tagger):
    def found(text):
        return {(m.name, m.group) for m in rules_tagger.tag(text) if m.kind == "commander"}

    assert found("Abdul Wali, 45, a Taliban commander in Zabul, surrendered in 2019.") == {("Abdul Wali", "Taliban")}
    assert found("Abdul Rahman Mansoor was appointed Taliban governor of Nangarhar last week.") == \
        {("Abdul Rahman Mansoor", "Taliban")}
    assert found("Lashkar-e-Islam, the group Mangal Bagh led, lost its leader.") == {("Mangal Bagh", "Lashkar-e-Islam")}
    # a listed two-word name used by a civilian namesake
    assert found("Haji Gul Mohammad, a resident of Lashkar Gah, said the Taliban offensive destroyed his house.") \
        == set()


def test_facility_named_after_its_province_names_the_province(rules_tagger):
    ms = rules_tagger.tag("Flights resumed at Herat airport; US aircraft had left Kandahar Airfield.")
    assert {("province", "Herat"), ("place", "Herat airport"), ("province", "Kandahar"),
            ("place", "Kandahar Airfield")} <= names(ms)
    # a town is not a facility: Lashkar Gah names no province by itself
    assert names(rules_tagger.tag("Fighting reached Lashkar Gah.")) == {("place", "Lashkar Gah")}
