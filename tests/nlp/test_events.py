"""The event coder's mechanisms, each on sentences written for this test (not taken from any gold set)."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.events.casualties import find_figures, reduce_figures
from nlp.events.dates import find_dates, is_historical
from nlp.events.lexicon import EVENT_TYPES, TYPE_OF, load_lexicon
from nlp.events.numbers import parse_count


@pytest.fixture(scope="module")
def code(rules_tagger):
    def run(text: str, published: str | None = "2024-05-15"):
        return [e.as_dict() for e in rules_tagger.analyse(text, published).events]

    return run


def actors(event: dict) -> set[tuple[str, int]]:
    return {(a["name"], a["side"]) for a in event["actors"]}


@pytest.mark.parametrize(("phrase", "count"), [
    ("eleven", 11), ("at least seven", 7), ("more than a dozen", 12), ("dozens", 24), ("two dozen", 24),
    ("several", 3), ("1,350", 1350), ("thirty-four", 34), ("nearly 40", 40), ("an", 1), ("no", 0),
])
def test_counts_as_written(phrase, count):
    assert parse_count(phrase) == count


def test_relative_dates_resolve_against_publication():
    pub = date(2024, 5, 15)  # a Wednesday
    cases = {
        "on Monday night": (date(2024, 5, 13), "day"),
        "late on Wednesday": (date(2024, 5, 8), "day"),  # the same weekday is a week back
        "the day before yesterday": (date(2024, 5, 13), "day"),
        "last week": (date(2024, 5, 6), "week"),
        "earlier this month": (date(2024, 5, 1), "month"),
        "on 2 December": (date(2023, 12, 2), "day"),  # a date after publication is last year's
        "on June 3, 2022": (date(2022, 6, 3), "day"),
        "in March": (date(2024, 3, 1), "month"),
        "two weeks ago": (date(2024, 4, 29), "week"),
    }
    for text, expected in cases.items():
        cues = find_dates(f"The raid happened {text} near the town.", pub)
        assert [(c.date, c.precision) for c in cues] == [expected], text
    assert find_dates("Officials said the talks may resume.", pub) == ()


def test_history_is_flagged():
    pub = date(2024, 5, 15)
    cue = find_dates("In 2009 the base was overrun.", pub)[0]
    assert is_historical(cue, "In 2009 the base was overrun.", pub)
    assert is_historical(None, "Fighters who battled Soviet forces in the valley.", pub)
    assert not is_historical(find_dates("on Monday", pub)[0], "on Monday", pub)


def test_figures_sum_victim_groups_and_take_the_lower_competing_account():
    figs = find_figures("Three policemen and two of the attackers were killed and nine passers-by were wounded.")
    assert [(f.kind, f.count) for f in figs] == [("killed", 3), ("killed", 2), ("injured", 9)]
    assert reduce_figures(figs)[:2] == (5, 9)
    competing = (find_figures("Local police said four of their men died in the assault.")
                 + find_figures("The insurgents claimed they killed 25 policemen."))
    fatalities, _, source, kept = reduce_figures(competing)
    assert fatalities == 4 and source == "police" and len(kept) == 2
    subset = find_figures("The strike killed nine people, including four children.")
    assert reduce_figures(subset)[0] == 9
    assert reduce_figures(find_figures("Nobody was hurt in the explosion, officials said."))[0] == 0


def test_lexicon_names_only_acled_subtypes():
    for sub in load_lexicon():
        assert TYPE_OF[sub.name] == sub.type
    assert set(TYPE_OF) >= {s for subs in EVENT_TYPES.values() for s in subs}


def test_active_and_passive_sides(code):
    active = code("Resistance front fighters of the National Resistance Front ambushed a Taliban patrol in Rokha "
                  "district on Tuesday, killing four.")[0]
    assert active["sub_event_type"] == "Armed clash"
    assert ("National Resistance Front", 1) in actors(active) and ("Taliban", 2) in actors(active)
    passive = code("Four Taliban fighters were killed by resistance forces of the National Resistance Front in "
                   "Panjshir on Tuesday.")[0]
    assert ("Taliban", 2) in actors(passive) and ("National Resistance Front", 1) in actors(passive)
    assert passive["fatalities"] == 4


def test_means_of_violence_outrank_generic_verbs(code):
    drone = code("An unmanned aircraft fired missiles at a vehicle in Paktika's Barmal district, killing three "
                 "men, residents said.")[0]
    assert drone["sub_event_type"] == "Air/drone strike"
    ied = code("An improvised device hidden in a handcart exploded near a bakery in Herat city, injuring six.")[0]
    assert ied["sub_event_type"] == "Remote explosive/landmine/IED" and ied["injured"] == 6
    assert ("Unidentified Armed Group", 1) in actors(ied)
    defused = code("Police in Jalalabad found and defused an explosive device left outside a school on Sunday.")[0]
    assert defused["sub_event_type"] == "Disrupted weapons use"


def test_civilian_targets_make_an_attack(code):
    e = code("Gunmen on a motorbike shot and killed a schoolteacher outside his home in Ghazni city on Monday.")[0]
    assert e["event_type"] == "Violence against civilians" and e["sub_event_type"] == "Attack"
    assert ("Civilians", 2) in actors(e) and e["fatalities"] == 1


def test_state_actor_decides_who_gained_territory(code):
    gov = code("Taliban forces retook three villages in the Khawak area of Panjshir from resistance fighters on "
               "Friday.", "2023-07-10")[0]
    assert gov["sub_event_type"] == "Government regains territory"
    rebel = code("The Taliban seized the district centre of Dand-e Ghori in Baghlan after a night of fighting "
                 "with government forces.", "2021-06-20")[0]
    assert rebel["sub_event_type"] == "Non-state actor overtakes territory"
    assert ("ANDSF", 2) in actors(rebel)


def test_hypothetical_aggregate_and_denied_sentences_are_not_events(code):
    assert code("The group has vowed to launch more attacks on Taliban checkpoints in the north.") == []
    assert code("Attacks on religious minorities have risen sharply since 2022, researchers say.") == []
    assert code("The defence ministry denied reports that its forces had shelled villages in Kunar.") == []
    assert code("Kabul hopes the new customs deal will boost trade with Uzbekistan.") == []


def test_claims_put_the_claimant_first(code):
    e = code("ISKP said in a statement that its fighters detonated a bomb at a Taliban checkpoint in Jalalabad "
             "on Thursday, killing two guards.")[0]
    assert e["claimed_by"] == "Islamic State Khorasan Province" and e["report_status"] == "claimed"
    assert ("Islamic State Khorasan Province", 1) in actors(e)


def test_follow_up_sentences_merge_into_one_event(code):
    events = code("A blast tore through a minibus in the Dasht-e-Barchi area of Kabul on Saturday. The explosion "
                  "killed five passengers and wounded eleven. No group has claimed the attack.")
    assert len(events) == 1
    assert events[0]["fatalities"] == 5 and events[0]["injured"] == 11 and events[0]["place"] == "Dasht-e-Barchi"
    two = code("Taliban and resistance fighters clashed in Andarab on Monday. In a separate incident, a roadside "
               "bomb wounded two Taliban members in Kunduz city.")
    assert [e["sub_event_type"] for e in two] == ["Armed clash", "Remote explosive/landmine/IED"]
    assert two[1]["province"] == "Kunduz"


def test_appointment_lists_and_predecessors(code):
    events = code("The Taliban leader named Mawlawi Abdul Qadir Jalal as governor of Parwan, Qari Rahmatullah as "
                  "police chief of Kapisa and Haji Noorullah as mayor of Charikar.")
    assert [(e["sub_event_type"], e["appointee"], e["post"], e["province"]) for e in events] == [
        ("Appointment", "Abdul Qadir Jalal", "governor of Parwan", "Parwan"),
        ("Appointment", "Rahmatullah", "police chief of Kapisa", "Kapisa"),
        ("Appointment", "Noorullah", "mayor of Charikar", "Parwan"),
    ]
    replaced = code("Mawlawi Sadiq Akif was appointed governor of Badghis, replacing Mawlawi Nasrullah.")
    assert [(e["sub_event_type"], e["appointee"]) for e in replaced] == [
        ("Appointment", "Sadiq Akif"), ("Dismissal", "Nasrullah")]
    assert all(("Taliban", 1) in actors(e) for e in replaced)


def test_location_is_the_most_precise_non_dateline_place(code):
    e = code("MAZAR-I-SHARIF (Pajhwok): Two farmers were killed when a landmine exploded in the Chimtal district "
             "of Balkh on Sunday.")[0]
    assert (e["province"], e["district"], e["geo_precision"]) == ("Balkh", "Chemtal", 2)
    assert e["lat"] and e["lon"] and e["pcode"].startswith("AF")
    dateline_only = code("KANDAHAR (Pajhwok): Officials said three militants were killed in an overnight raid.")
    assert dateline_only and dateline_only[0]["province"] is None


def test_events_abroad_have_no_afghan_province(code):
    e = code("Militants attacked a police station in Pakistan's Bannu district on Tuesday, killing two officers.")
    assert e and e[0]["province"] is None


def test_telegraphic_reports_and_abbreviations(code):
    e = code("PAKTIA / Zurmat: IED strike on a Taliban ranger pickup near the bazaar overnight; 2x KIA, 1 WIA.")[0]
    assert e["sub_event_type"] == "Remote explosive/landmine/IED"
    assert (e["fatalities"], e["injured"]) == (2, 1)


def test_victims_of_a_device_they_set_off(code):
    e = code("A minibus carrying wedding guests struck a landmine on the road to Gizab in Daykundi on Friday, "
             "leaving six dead.")[0]
    assert e["sub_event_type"] == "Remote explosive/landmine/IED"
    assert ("Unidentified Armed Group", 1) in actors(e) and ("Civilians", 2) in actors(e)
    assert e["fatalities"] == 6


def test_bodies_found_are_killings(code):
    e = code("Villagers recovered the bodies of three shepherds with gunshot wounds in the Zari district of Balkh "
             "on Saturday.")[0]
    assert e["event_type"] == "Violence against civilians" and e["fatalities"] == 3


def test_states_named_by_capital_or_foreign_qualifier(code):
    strike = code("Islamabad carried out air strikes on Thursday night on what it called militant hideouts in the "
                  "Dangam district of Kunar.")[0]
    assert ("Military Forces of Pakistan", 1) in actors(strike)
    assert code("Somali officials said a car bomb killed nine people outside a Mogadishu hotel on Sunday.") == []


def test_background_clauses_with_their_own_date_are_separate_events(code):
    events = code("Government commandos retook the centre of Qaisar district in Faryab on Sunday, a week after the "
                  "Taliban overran it last month.", "2020-06-10")
    assert [e["sub_event_type"] for e in events] == ["Government regains territory",
                                                     "Non-state actor overtakes territory"]
    assert events[0]["date"] == "2020-06-07" and events[1]["date_precision"] == "month"
    assert events[1]["province"] == "Faryab" and ("Taliban", 1) in actors(events[1])
    history = code("A suicide bomber struck a police post in Lashkar Gah on Monday, two years after a similar "
                   "bombing in 2022 killed nine policemen in the city.", "2024-05-15")
    assert history[0]["sub_event_type"] == "Suicide bomb" and not history[0]["historical"]
    assert history[1]["historical"] and history[1]["fatalities"] == 9 and history[0]["fatalities"] is None


def test_the_capital_is_kabul(code):
    e = code("Gunmen shot dead a prosecutor in the capital on Tuesday morning, Taliban police said.", "2024-05-15")[0]
    assert e["province"] == "Kabul" and e["sub_event_type"] == "Attack"


def test_dismissal_shapes(code):
    relieved = code("The Taliban relieved Mullah Dost Mohammad of command of the 209th corps on Tuesday.")[0]
    assert (relieved["sub_event_type"], relieved["appointee"], relieved["post"]) == (
        "Dismissal", "Dost Mohammad", "command of the 209th corps")
    swap = code("Mawlawi Saifullah Rahimi has been replaced as mayor of Kandahar by Qari Hamidullah Yaqin.")
    assert [(e["sub_event_type"], e["appointee"]) for e in swap] == [
        ("Dismissal", "Saifullah Rahimi"), ("Appointment", "Hamidullah Yaqin")]
    apposition = code("HERAT (Pajhwok): The director of the provincial prisons, Mawlawi Ahmad Shah Haqyar, was removed "
                      "from his post on Monday, officials said.")[0]
    assert apposition["post"] == "director of the provincial prisons" and apposition["sub_event_type"] == "Dismissal"
