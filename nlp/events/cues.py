"""What kind of statement a sentence is: the cues that decide whether a trigger reports an event.

A trigger reports an event unless its clause is hypothetical (a threat, plan, condition or wish), aggregate
(a trend, "since 2021"), a denial, or background (what someone is accused of, what happened before); an
event needs an anchor (a past tense, a figure or a day-level date) and a singular reading ("arrests" and
"has attacked" describe sets of events). Territory changes hands only when a place is the object.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from nlp.events.casualties import Figure
from nlp.events.dates import find_dates
from nlp.events.lexicon import Trigger

HYPOTHETICAL = re.compile(
    r"\b(?:will|would|could|might|may|shall|plans?|planned|planning|vow(?:s|ed)?|threat(?:en|ens|ened)?|"
    r"intends?|intended|prepar(?:e|es|ed|ing)|aims?|seeks?|sought|warn(?:s|ed|ing)?|call(?:s|ed)? for|urg(?:e|es|ed|ing)|"
    r"if|unless|fears?|feared|risk|possible|potential|likely|expected|set to|going to|ready to|capable of|"
    r"able to|attempt(?:s|ed)? to|tried to|try to|wants? to|in order to|demand(?:s|ed)?|ask(?:s|ed)?|"
    r"pledg(?:e|es|ed) to|promis(?:e|es|ed) to|order(?:s|ed)? (?:\w+ )?to|to prevent|against any|"
    r"deter|would-be|plot(?:s|ted|ting)? to|propos(?:e|ed|es)|consider(?:s|ed|ing)?|discuss(?:es|ed|ing)?)\b",
    re.IGNORECASE)
AGGREGATE = re.compile(
    r"\b(?:since (?:19|20)\d\d|since (?:the|its|their|august|the fall)|over the (?:past|last)|in recent (?:years|months|weeks)|"
    r"(?:have|has|had) (?:\w+ )?(?:carried out|conducted|launched|stepped up|intensified|increased|waged|been (?:fighting|"
    r"carrying|conducting|waging|attacking|launching|targeting))|continues? to|continued to|frequent(?:ly)?|often|"
    r"regularly|routinely|repeatedly|increasingly|campaign|surge in|rise in|spate of|wave of|series of|history of|"
    r"tends? to|typically|usually|pattern of|dozens of (?:attacks|clashes|strikes)|hundreds of (?:attacks|strikes)|"
    r"a total of \d+ (?:attacks|incidents|clashes)|(?:attacks|incidents|clashes|strikes|killings|arrests) (?:have|has) "
    r"(?:increased|risen|declined|fallen|dropped|grown)|per (?:month|week|year)|each (?:month|week|year)|"
    r"every (?:month|week|year)|so far this year|this year alone|in (?:the )?first (?:half|quarter)|the number of|"
    r"analysts?|researchers? (?:say|said|believe)|experts?)\b", re.IGNORECASE)
DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes|"
    r"called (?:\w+ ){0,2}(?:baseless|false|propaganda|fabricated)|no such)\b(?:\s+\w+){0,6}?\s*"
    r"(?:reports?|claims?|allegations?|that|any|involvement|responsibility|the claim|it had|its forces|"
    r"having|they had|as (?:baseless|false|propaganda))", re.IGNORECASE)
CLAIM = re.compile(
    r"\b(?:claimed|claims|claiming|took|takes|accepted) (?:\w+ )?(?:responsibility|credit)|"
    r"\b(?:claimed|claims|claiming) (?:the|this|that|\w+'s|yesterday's) (?:\w+ )?(?:attack|bombing|blast|assault|"
    r"killing|killings|strike|ambush|raid|explosion|operation|abduction)s?\b|"
    r"\b(?:claimed|claims|said|says|announced|stated) (?:\S+ ){1,7}?that (?:its|their|it|they|we|our) |"
    r"\b(?:said|says|claimed|claims|announced|stated|reported)(?: (?:in|on|via) (?:a |an |its |their )?(?:\w+ )?"
    r"(?:statement|post|message|website|channel|account|media)| on \w+| late \w+)?,? (?:that )?"
    r"(?:its|their|it|they|we|our) (?:\w+ ){0,2}"
    r"(?:fighters|forces|mujahideen|men|members|militants|units|commandos|soldiers|had|have|killed|attacked|ambushed|"
    r"carried out|conducted|shot|captured|destroyed|targeted|launched)|\bin a statement claiming\b", re.IGNORECASE)
# a trigger inside these complements names what someone is accused of or known for, not what happened
BACKGROUND = re.compile(
    r"\b(?:accus\w+ (?:\w+ ){0,2}of|suspected of|responsible for|involved in|linked to|behind (?:the|a|an|several|many|\w+ly)|"
    r"blamed for|charged with|convicted of|wanted for|role in|in connection with|connected to|planning|plotting|"
    r"planned|plotted|preparing|who (?:had )?(?:carried out|planned|organi[sz]ed|masterminded|led|headed|ordered)|"
    r"known for|notorious for|masterminded|mastermind of|architect of|after (?:surviving|the (?:death|killing) of)|"
    r"(?:who|which|that) (?:had |has )?(?:previously|earlier|once|formerly)|previously|formerly|had headed|"
    r"who (?:was|were|had been) (?:killed|wounded) (?:in|by) (?:a|an) (?:\w+ ){0,2}(?:in|on) (?:19|20)\d\d|"
    r"(?:days?|weeks?|hours?|months?|years?) (?:after|before)|(?:(?:after|following)(?! (?:a |an |the |several |two |three |"
    r"four |many |long |\w+ )?(?:nights?|days?|hours?|weeks?|months?|mornings?|evenings?) of)|in (?:retaliation|response) (?:for|to)|"
    r"since|prompted by|sparked by|triggered by|revenge for|avenge) (?:a|an|the|last|this|that|its|their|his|her|\w+'s)|"
    r"including|such as|like the)\b",
    re.IGNORECASE)
# a past-tense verb, a present perfect, or a telegraphic report anchored by a figure or a date
PAST = re.compile(
    r"(?<![\w-])(?:(?!(?:armed|based|limited|expected|alleged|suspected|detailed|related|united|linked|backed|"
    r"called|named|improvised|unidentified|unexploded|wounded|injured|organised|organized|advanced|concerned|"
    r"experienced|skilled|sophisticated|renewed|increased|continued|heightened|coordinated|detained|displaced|"
    r"assigned|appointed|acclaimed|sustained|needed|used|required|speed|need|feed|seed|breed|weed|red|bed|shed|"
    r"hundred|sacred|aged|wicked|naked|rugged|ragged|beloved|learned|blessed)\b)\w{2,}ed|was|were|had|fought|shot|"
    r"struck|hit|blew|took|overran|began|came|went|fled|fell|left|ran|sent|told|said|met|made|threw|stole|beat|won|"
    r"lost|drove|broke|caught|saw|held|brought|gave|got|found|led|slew|stood|rode|fired|set fire|set off|tore|"
    r"swept|sought|fought|wrote|spoke|arose|bore|bled|burnt|dug|flew|forbade|froze|hid|knelt|lit|paid|rang|rose|sank|"
    r"sat|shook|slid|spun|spat|stuck|stung|swore|swam|swung|taught|threw|woke|wore|wove|wept)(?![\w-])", re.IGNORECASE)
PLURAL_EVENT = re.compile(
    r"(?:attacks|strikes|airstrikes|air strikes|air raids|raids|clashes|bombings|blasts|explosions|killings|arrests|"
    r"detentions|abductions|kidnappings|executions|assassinations|ambushes|operations|protests|demonstrations|"
    r"rallies|reprisals|beatings|disappearances|shootings|shellings|incursions|offensives|skirmishes|battles|"
    r"fighting|violence|insurgency|war|campaign|operations|house searches|searches)", re.IGNORECASE)
PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|also\s+|since\s+|repeatedly\s+|already\s+)?(?:\w+ed|fought|struck|"
                     r"hit|taken|overrun|shot|launched|conducted|carried)\b", re.IGNORECASE)
CONFIRM = re.compile(r"\b(?:confirmed|confirms|verified)\b", re.IGNORECASE)
SEPARATE = re.compile(
    r"\b(?:separately|in a separate|in another|another (?:attack|incident|clash|blast|explosion|strike|bomb)|"
    r"elsewhere|meanwhile|in a similar|a second (?:attack|incident|blast)|earlier|later (?:that|the same)|"
    r"(?:hours|minutes|days|a day|weeks|moments|shortly) later|in retaliation|retaliated|"
    r"in (?:a|an) (?:unrelated|different)|also (?:killed|attacked|arrested|detained) (?:\w+ ){0,3}in)\b", re.IGNORECASE)
ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|those|yesterday's|monday's|tuesday's|wednesday's|thursday's|friday's|saturday's|sunday's)"
    r"\s+(?:\w+\s+)?(?:attack|attacks|blast|explosion|bombing|incident|clash|clashes|fighting|strike|strikes|raid|"
    r"operation|ambush|assault|shooting|violence|killing|killings|protest|rally|arrests?|abduction|kidnapping|"
    r"bomber|assailants?|attackers?|gunmen|victims?|dead|wounded|injured|casualties|death toll|toll|district (?:centre|center)|"
    r"centre|center|base|checkpoint|outpost|convoy|compound|village|town)\b", re.IGNORECASE)
DETONATION = re.compile(r"\b(?:exploded|explosion|went off|detonated|blew|blast|killed|killing|wounded|injured|died|dead)\b",
                        re.IGNORECASE)
SEIZED = re.compile(r"\b(?:seiz\w*|recover\w*|found|discover\w*|confiscat\w*|defus\w*|carrying|wearing|possession of|"
                    r"making|building|manufactur\w+|smuggl\w+|transport\w+|planting|trying to plant|stockpil\w+)\s+"
                    r"(?:\w+\s+){0,3}$", re.IGNORECASE)
RELINQUISH = re.compile(r"(?:surrender|hand|withdr|pull|abandon|evacuat)", re.IGNORECASE)
GLOBAL_GROUPS = frozenset({"al-Qaeda", "Islamic State"})
COPULAR = re.compile(r"^[^,;]*?\b(?:is|are|remains|remain|has long been|have long been)\s+(?:one of|a|an|the|among|"
                     r"part of|known)\b", re.IGNORECASE)
RELATIVE = re.compile(r"\b(?:who|which|that|whose fighters)\s+(?:\w+\s+)?$", re.IGNORECASE)
# posts that belong to a province: with no place in the post, the passage's province is meant
PROVINCIAL_POST = re.compile(r"\b(?:provincial|governor|deputy governor|police chief|chief of police|mayor|"
                             r"intelligence (?:chief|head|director)|district chief|district governor)\b", re.IGNORECASE)
# triggers that only report a toll, not what happened
OUTCOME = re.compile(r"kill(?:ed|ing|s)?|dead|died|wounded|injured|casualties|martyred|lost (?:their|his|her) li(?:fe|ves)|kia|"
                     r"killings?|deaths?", re.IGNORECASE)
CAPITAL = re.compile(r"\b(?:the|afghanistan's|the afghan) capital(?!\s+(?:of|city of)\s)(?<!provincial capital)\b",
                     re.IGNORECASE)
HERE = re.compile(r"\b(?:here|in the city|in this city)\b", re.IGNORECASE)
TERRITORY_NOUN = re.compile(
    r"\b(?:district|districts|centre|center|town|towns|city|village|villages|base|bases|checkpoints?|posts?|outposts?|"
    r"valley|valleys|area|areas|territory|province|crossing|headquarters|capital|positions?|hilltops?|heights|"
    r"compound|airport|bazaar|market)\b", re.IGNORECASE)
VIOLENT_FAMILIES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
STRATEGIC_WEAK = ("Arrests", "Looting/property destruction", "Agreement", "Headquarters or base established",
                  "Change to group/activity", "Non-violent transfer of territory", "Other")


def factual(sentence: str, t: Trigger) -> bool:
    """A trigger asserts an event unless its clause is hypothetical (threat, plan, condition, wish)."""
    clause_start = max(sentence.rfind(sep, 0, t.start) for sep in (";", ":", " but ", " while ", " although "))
    window = sentence[max(clause_start + 1, t.start - 60):t.start]
    if t.subtype.name in ("Appointment", "Dismissal"):
        return not re.search(r"\b(?:will|would|plans? to|expected to|is set to|could|may)\s+(?:\w+\s+){0,2}$", window)
    after = sentence[t.end:t.end + 60]
    if re.match(r"(?:\s+\w+){0,5}?\s+(?:are|is|remain|remains|seem|seems|appear|appears)\s+(?:\w+\s+)?"
                r"(?:likely|possible|expected|probable|inevitable|feared|planned|imminent|routine|common|rare|frequent)\b",
                after, re.IGNORECASE):
        return False
    return not HYPOTHETICAL.search(window)


def anchored(sentence: str, triggers: list[Trigger], figures: list[Figure], pub: date | None) -> bool:
    """One event, not a kind of event: a past tense, a figure or a day-level date ties the sentence to an incident.

    Plural event nouns ("arrests", "attacks") and present perfects ("has attacked") describe sets of events
    unless a figure or a day-level date anchors them; a sentence with no past-tense verb reports none.
    """
    day = any(c.precision == "day" for c in find_dates(sentence, pub))  # "since Wednesday" is one ongoing event
    if figures or day or any(t.subtype.name in ("Appointment", "Dismissal") for t in triggers):
        return True  # an appointment is anchored by its appointee and post, checked by its parse
    if COPULAR.search(sentence) and all(RELATIVE.search(sentence[max(0, t.start - 30):t.start]) for t in triggers):
        return False  # "X is one of several factions that fought ...": a description, not a report
    if not PAST.search(sentence):
        return False
    def word(t: Trigger) -> str:  # the whole word(s) the trigger starts ("detention" -> "detentions")
        m = re.match(r"[\w'’-]*", sentence[t.end:])
        return (t.text + (m.group(0) if m else "")).strip()

    singular = [t for t in triggers if t.subtype.name in ("Appointment", "Dismissal")
                or not PLURAL_EVENT.fullmatch(word(t))]
    if not singular:
        return False
    return not (PERFECT.search(sentence)
                and not re.search(r"\b(?:was|were|had)\b|\w+ed\b(?! by)", PERFECT.sub("", sentence)))


@lru_cache(maxsize=512)
def background_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of clauses that give background ("days after the Taliban overran it"), up to the next comma."""
    spans = []
    for m in BACKGROUND.finditer(sentence):
        end = min([i for i in (sentence.find(",", m.end()), sentence.find(";", m.end())) if i >= 0] or [len(sentence)])
        spans.append((m.start(), end))
    return spans


def background(sentence: str, t: Trigger) -> bool:
    """Is the trigger inside an accusation or a past record ("arrested men accused of planting bombs")?"""
    window = sentence[max(0, t.start - 45):t.start]
    cut = max(window.rfind(","), window.rfind(";"))
    return bool(BACKGROUND.search(window[cut + 1:] if cut >= 0 and t.subtype.name not in ("Appointment",) else window))


def specific(sentence: str, figures: list[Figure], pub: date | None) -> bool:
    """An aggregate-sounding sentence still reports one event when it dates it to a day."""
    return any(c.precision == "day" and c.text.lower() not in ("today",) for c in find_dates(sentence, pub)) \
        and not re.search(r"\bsince\b", sentence, re.IGNORECASE)


def territorial(sentence: str, t: Trigger) -> bool:
    """Territory changes hands only when its object is a place: a territorial noun or a capitalised name right
    after the trigger ("seized the district centre", "captured Kunduz"), or before it for "X fell to"."""
    after = sentence[t.end:t.end + 45]
    if re.match(r"\s*(?:\w+\s+){0,3}?(?:weapons?|arms|ammunition|explosives?|vests?|pistols?|rifles?|guns?|"
                r"vehicles?|cars?|trucks?|motorcycles?|drugs?|narcotics|opium|heroin|documents?|phones?|cash|money)\b",
                after, re.IGNORECASE):
        return False
    if TERRITORY_NOUN.search(after) or re.match(r"\s*(?:the\s+)?(?:\w+\s+){0,2}?[A-Z][a-z]+", after):
        return True
    if re.match(r"\s+(?:it|them)\b", after):
        return True  # "overran it": the place the sentence already named
    return bool(re.search(r"\b(?:fell|fallen|fall)\b", t.text, re.IGNORECASE)) and bool(
        TERRITORY_NOUN.search(sentence[max(0, t.start - 60):t.start]) or re.search(r"[A-Z][a-z]+",
                                                                                  sentence[max(0, t.start - 40):t.start]))
