"""A commander's role read from the phrase attached to the name (issue 10). Sentences written fresh."""

from __future__ import annotations

import pytest


def roles(tagger, text):
    return {m.name: m.role for m in tagger.tag(text) if m.kind == "commander" and m.role}


@pytest.mark.parametrize("text, name, role", [
    # apposition after the name, with an age and a complement
    ("Mawlawi Abdul Kabir Zahid, 52, the deputy minister for refugees, toured a camp in Nangarhar on Monday.",
     "Abdul Kabir Zahid", "deputy minister for refugees"),
    # a Title-Case post with "and" inside it, set off before the name
    ("The Minister of Commerce and Industry of the Islamic Emirate, Nooruddin Azizi, opened a fair in Kabul.",
     "Nooruddin Azizi", "Minister of Commerce and Industry of the Islamic Emirate"),
    # a post before the name, lower case, ending in its complement
    ("Fighters loyal to the NRF's former intelligence chief of Takhar, Mohammad Daud Hamdard, clashed with the "
     "Taliban.",
     "Mohammad Daud Hamdard", "former intelligence chief of Takhar"),
    # a predicate after a parenthesis
    ("Abdul Baqi Haqqani (TAi.024) serves as head of the Taliban's accountability office in Kabul.",
     "Abdul Baqi Haqqani", "head of the Taliban's accountability office in Kabul"),
    # the head of an organisation named before "headed by"
    ("Inspectors of the Taliban's Directorate of Prisons, headed by Mawlawi Mohammad Yousuf Mestari, visited "
     "Pul-e-Charkhi in 2023.", "Mohammad Yousuf Mestari", "head of the Directorate of Prisons"),
    # a participle that modifies the post, and a post introduced by "as"
    ("The cell's founding emir, Mawlawi Abdul Rauf Azam, was killed in Kunar in 2020.", "Abdul Rauf Azam",
     "founding emir"),
    ("After the strike in Nangarhar his successor as emir, Mawlawi Zia ul-Haq, moved the cell to Kunar.",
     "Zia ul-Haq", "emir"),
    # a lower-case organisation before "headed by"
    ("Patrols of the Taliban's vice and virtue department, headed by Mawlawi Abdul Ghafar Farooq, closed shops in "
     "Herat in 2024.", "Abdul Ghafar Farooq", "head of the vice and virtue department"),
])
def test_role_phrases(rules_tagger, text, name, role):
    assert roles(rules_tagger, text).get(name) == role


def test_each_name_of_an_appointment_list_gets_its_own_post(rules_tagger):
    text = ("The Islamic Emirate on Saturday named Qari Abdul Latif Nazari as governor of Logar, Mawlawi Sayed "
            "Ahmad Saqib as police chief of Ghor and Mullah Juma Khan Hamdard as head of intelligence in Badghis.")
    got = roles(rules_tagger, text)
    assert got.get("Abdul Latif Nazari") == "governor of Logar"
    assert got.get("Sayed Ahmad Saqib") == "police chief of Ghor"
    assert got.get("Juma Khan Hamdard") == "head of intelligence in Badghis"


def test_a_role_does_not_run_into_the_next_clause_or_person(rules_tagger):
    text = ("Mawlawi Gul Zarin Kochai becomes governor of Paktika, Mawlawi Sharafuddin Shaheen takes over "
            "the police in Zabul, the decree said.")
    got = roles(rules_tagger, text)
    assert got.get("Gul Zarin Kochai") == "governor of Paktika"
    assert "Gul Zarin" not in (got.get("Sharafuddin Shaheen") or "")


def test_a_post_object_is_not_a_person(rules_tagger):
    text = "Mawlawi Noorullah Noori, the Minister of Borders and Tribal Affairs, visited Paktia on Tuesday."
    names = [m.name for m in rules_tagger.tag(text) if m.kind == "commander"]
    assert "Tribal Affairs" not in names and "Borders and Tribal Affairs" not in names


def test_the_persons_own_group_is_not_repeated_in_the_role(rules_tagger):
    text = "ISKP commander Qari Zia ur Rahman was killed in a raid in Kunar on Friday."
    ms = [m for m in rules_tagger.tag(text) if m.kind == "commander"]
    assert [(m.group, m.role) for m in ms] == [("Islamic State Khorasan Province", "commander")]


def test_titles_alone_open_no_name(rules_tagger):
    text = "Under the chairmanship of the Prime Minister, Alhaj Mullah Mohammad Hassan Akhund, the cabinet met in 2024."
    ms = [m for m in rules_tagger.tag(text) if m.kind == "commander"]
    assert [(m.name, m.role) for m in ms] == [("Mohammad Hassan Akhund", "Prime Minister")]


def test_a_run_of_post_words_is_a_post_not_a_person(rules_tagger):
    text = "A UN envoy, Karin Lindqvist, met Taliban Acting Deputy Minister Mawlawi Abdul Bari Omar in Kabul in 2023."
    ms = [m for m in rules_tagger.tag(text) if m.kind == "commander"]
    assert [m.name for m in ms] == ["Abdul Bari Omar"]
    assert "Karin" not in (ms[0].role or "") and (ms[0].role or "").endswith("Acting Deputy Minister")


# -- round 5: appointment clauses and the post a report is about (sentences written fresh) -------------------

@pytest.mark.parametrize("text, expected", [
    # one verb of appointing, each name followed by its own post with no "as" (the verb is not repeated)
    ("The Islamic Emirate on Tuesday appointed Mawlawi Habibullah Rahimi governor of Logar, Qari Samiullah Wafa "
     "deputy governor of Laghman and Mullah Jan Agha Omid police chief of Wardak.",
     {"Habibullah Rahimi": "governor of Logar", "Samiullah Wafa": "deputy governor of Laghman",
      "Jan Agha Omid": "police chief of Wardak"}),
    # a unit's number is part of its name, a date is not
    ("A decree named Mawlawi Shafiqullah Rahmani commander of the 203 Mansouri Corps in Paktia on 3 May.",
     {"Shafiqullah Rahmani": "commander of the 203 Mansouri Corps in Paktia"}),
])
def test_each_item_of_an_appointment_clause_gets_its_post(rules_tagger, text, expected):
    got = roles(rules_tagger, text)
    assert {n: got.get(n) for n in expected} == expected


def test_coordinated_names_share_a_plural_post_in_the_singular(rules_tagger):
    text = ("The Taliban's leader kept Mullah Abdul Ghani Baradar in the cabinet in Kabul, with Mawlawi Nooruddin "
            "Azizi and Mawlawi Abdul Kabir Zahid as acting ministers.")
    got = roles(rules_tagger, text)
    assert got.get("Nooruddin Azizi") == "acting minister"
    assert got.get("Abdul Kabir Zahid") == "acting minister"


@pytest.mark.parametrize("text, name, role", [
    # a verb of taking a post, with the person as its subject
    ("In Kunduz, Qari Abdul Hai Omari takes over as provincial police chief after the Taliban reshuffle.",
     "Abdul Hai Omari", "provincial police chief"),
    ("The Taliban said Mawlawi Mohammad Qasim Khalid will return to Ghazni as deputy governor next week.",
     "Mohammad Qasim Khalid", "deputy governor"),
    # the new post outranks the post an apposition gives
    ("Mawlawi Abdul Rahman Haqqani Ghaznawi, until now governor of Paktika, was appointed deputy minister of "
     "mines by the Taliban on Sunday.", "Abdul Rahman Haqqani Ghaznawi", "deputy minister of mines"),
    ("The Taliban's outgoing governor of Kapisa, Mawlawi Nasrullah Hamza, moves to Kabul as deputy minister of "
     "education.", "Nasrullah Hamza", "deputy minister of education"),
    ("The Taliban named a new intelligence chief for Takhar, replacing Mawlawi Fazal Ahmad Wahidi, who goes to "
     "Kandahar as head of the border brigade.", "Fazal Ahmad Wahidi", "head of the border brigade"),
])
def test_the_post_a_report_is_about(rules_tagger, text, name, role):
    assert roles(rules_tagger, text).get(name) == role


def test_as_after_a_name_needs_a_post_or_an_appointment(rules_tagger):
    text = ("Taliban commander Mullah Abdul Wali Jihadi, as well as two of his guards, was killed in a clash in "
            "Andarab district of Baghlan.")
    assert roles(rules_tagger, text).get("Abdul Wali Jihadi") == "commander"


def test_a_predicate_after_had_been(rules_tagger):
    text = "In Ghor, Taliban official Mawlawi Abdul Ghani Fayeq had been police chief of the province until May."
    assert roles(rules_tagger, text).get("Abdul Ghani Fayeq") == "police chief of the province"


def test_a_state_post_outranks_the_group_named_nearest(rules_tagger):
    # the group named in the person's sentence is the one his office fights, not his own
    text = ("The Islamic Emirate's police in Kunar said on Monday they had broken up a cell. Mawlawi Abdul Wadud "
            "Hanif, the provincial police spokesman, said the four men arrested were members of Daesh.")
    got = {m.name: m.group for m in rules_tagger.tag(text) if m.kind == "commander"}
    assert got.get("Abdul Wadud Hanif") == "Taliban"


def test_a_sanctions_list_alias_sharing_no_word_with_the_listed_name_identifies_nobody(rules_tagger):
    # the 1988 list gives "Abdul Salam" as an alias of a man listed under another name entirely
    text = "Mullah Abdul Salam, the Taliban's shadow governor for Baghlan, escaped the raid in Dahana-i-Ghori in 2016."
    found = [m for m in rules_tagger.tag(text) if m.kind == "commander"]
    assert [(m.name, m.group) for m in found] == [("Abdul Salam", "Taliban")]


# -- round 5b (sentences written fresh) ----------------------------------------------------------------------

def test_a_plural_post_before_a_list_is_each_ones_in_the_singular(rules_tagger):
    text = ("The NRF said its fighters, led by commanders Haji Abdul Wahab, Qari Mir Ahmad Rahimi and Mullah "
            "Sher Agha Amiri, ambushed a Taliban convoy in Panjshir's Rukha district.")
    got = roles(rules_tagger, text)
    assert {got.get(n) for n in ("Abdul Wahab", "Mir Ahmad Rahimi", "Sher Agha Amiri")} == {"commander"}
    groups = {m.name: m.group for m in rules_tagger.tag(text) if m.kind == "commander"}
    assert set(groups.values()) == {"National Resistance Front"}  # the list's, not the convoy's


@pytest.mark.parametrize("text, name, role", [
    ("Diplomats met officials of the Taliban's finance ministry, which is headed by Mawlawi Hidayatullah Badri, in "
     "Kabul.", "Hidayatullah Badri", "head of the finance ministry"),
    ("Pilgrims were seen off by the Taliban's minister of Hajj and religious affairs, Mawlawi Habibullah Agha, in "
     "Kandahar.", "Habibullah Agha", "minister of Hajj and religious affairs"),
    ("In Kunduz the Taliban's police chief since 2022, Mawlawi Abdul Rahman Mansoor, opened a new checkpoint.",
     "Abdul Rahman Mansoor", "police chief"),
    ("General Abdul Wahab Wardak of the Afghan National Army, made commander of the 207th Zafar Corps in 2019, "
     "defended Herat.", "Abdul Wahab Wardak", "commander of the 207th Zafar Corps"),
    ("Brigadier General Farid Ahmadi of the Afghan National Army, sent to command the 209th Shaheen Corps in 2020, "
     "met elders in Balkh.", "Farid Ahmadi", "commander of the 209th Shaheen Corps"),
])
def test_posts_in_relative_clauses_complements_and_participles(rules_tagger, text, name, role):
    assert roles(rules_tagger, text).get(name) == role


def test_a_person_who_changed_sides_with_the_fall_has_the_group_of_the_years_the_text_is_about(rules_tagger):
    then = "In 2020 the chief of general staff, General Yasin Zia, visited army units in Faryab."
    now = "Yasin Zia, who now leads the Afghanistan Freedom Front, said in 2024 that its cells had attacked in Kunar."
    group = lambda text: {m.name: m.group for m in rules_tagger.tag(text) if m.kind == "commander"}["Yasin Zia"]  # noqa: E731
    assert group(then) == "ANDSF"
    assert group(now) == "Afghanistan Freedom Front"
