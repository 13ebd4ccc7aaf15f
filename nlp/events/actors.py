"""Who did what to whom: actor candidates in a sentence and the side each one is on.

Candidates are the tagger's group mentions plus generic descriptions from nlp/data/event_actors.toml
("Pakistani jets", "unknown gunmen", "villagers", "security forces"). The side comes from a shallow
reading of the clause around the trigger: the preposition before the candidate ("by", "from" make the
agent; "on", "against", "targeting" the target; "with" and "between ... and" the other side of a clash),
then its position against the trigger and the voice of the verb ("X killed Y" / "Y were killed").
A group named only as the source of a statement ("a Taliban spokesman said") is not an actor unless it
claims the act for itself ("the NRF said its fighters ambushed...").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

REPUBLIC_END = date(2021, 8, 15)
UNIDENTIFIED = "Unidentified Armed Group"
CIVILIANS = "Civilians"
STATE_GROUPS = ("Taliban", "ANDSF")

_BY = re.compile(r"(?:\bby|\b(?:fire|attacks?|shelling|rockets?|shots|gunfire|strikes?|ambush) (?:from|by))\s+"
                 r"(?:the\s+|a\s+|an\s+|suspected\s+|local\s+)*$", re.IGNORECASE)
_TARGET = re.compile(
    r"\b(?:on|against|targeting|targeted|target|at|into|upon|toward|towards|hit|struck|killing|killed|wounding|bodies of|body of|"
    r"injuring|abducted|kidnapped|arrested|detained|executed|shot|beat|attacked|ambushed|captured|seized)\s+"
    r"(?:(?:the|a|an|two|three|four|five|several|\d+|its|their|local|some|many|dozens of|at least|more than|"
    r"\w+ing|\w+-\w+)\s+){0,3}$", re.IGNORECASE)
_WITH = re.compile(r"\b(?:with|and)\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_SPEAKER_AFTER = re.compile(
    r"^\W{0,2}(?:'s\s+)?(?:\w+\s+){0,5}?(?:spokes(?:man|person|woman)|statement|said|says|say|told|tell|claimed|"
    r"announced|reported|reporting|report|confirmed|denied|media|sources?|deputy spokesman|press office|are saying|"
    r"(?:officials?|ministry|authorities)\s+(?:\w+\s+){0,4}?(?:said|say|says|told|confirmed|announced|reported|stated|"
    r"claimed|denied))\b", re.IGNORECASE)
_SPEAKER_BEFORE = re.compile(r"\b(?:according to|quoted|citing|told|sources? (?:in|within|close to))\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}$",
                             re.IGNORECASE)
_CLAIM_AFTER = re.compile(
    r"^\W{0,2}(?:'s\s+\w+\s+)?(?:\w+\s+){0,4}?(?:claimed|claims|took|takes|accepted)\s+(?:the\s+)?(?:responsibility|credit)|"
    r"^\W{0,2}(?:\w+\s+){0,3}?(?:said|says|claimed|claims|announced|reported|stated)\s+"
    r"(?:(?:in|on|via)\s+(?:a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?(?:statement|post|message|website|channel|account|media)\s+)?"
    r",?\s*(?:that\s+)?"
    r"(?:its|their|it|they|we|our)\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got|get|gets)\s+(?:\w+ly\s+|also\s+|reportedly\s+|"
                             r"allegedly\s+|later\s+)?$", re.IGNORECASE)
# "<X> were killed", "<X> was wounded": whatever the trigger, X is on the receiving end
_VICTIM_AFTER = re.compile(
    r"^\W{0,2}(?:[\w'’-]+,?\s+){0,6}?(?:were|was|have been|had been|are|got)\s+(?:\w+ly\s+|also\s+|all\s+)?"
    r"(?:killed|wounded|injured|hurt|shot|abducted|kidnapped|detained|arrested|executed|beheaded|attacked|targeted|"
    r"ambushed|hit|struck|beaten|tortured|taken|martyred|slain)\b|^\W{0,2}(?:[\w'’-]+\s+){0,3}?"
    r"(?:died|lost their lives|lost his life|came under)\b", re.IGNORECASE)
_OBJECT = re.compile(r"(?<![\w-])(?:took|seized|grabbed|dragged|captured|abducted|detained|arrested|beat|tortured|"
                     r"executed|killed|shot|hanged|whipped|flogged|stabbed|stoned|burned|targeted|hit|struck|injured|"
                     r"wounded|threatened|attacked|ambushed|raided|besieged|surrounded|kidnapped|held)\s+"
                     r"(?:(?:a|an|the|two|three|four|five|six|seven|eight|nine|ten|several|some|\d+|local|former|young|"
                     r"prominent|retired|elderly|senior|junior|members?|fighters|militants|commanders?|leaders?|"
                     r"operatives?|supporters?|suspects?|of)\s+){0,5}$", re.IGNORECASE)
_CAME_UNDER = re.compile(r"\bcame under\s+(?:\w+\s+)?$|\bcome under\s+$|\bsuffered\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """An actor named in a sentence, with character offsets into the sentence."""

    name: str
    start: int
    end: int
    kind: str  # group | state | foreign | civilian | unidentified | protesters | rioters
    source_only: bool = False  # named as the source of a statement, not as a party
    claims: bool = False  # named as claiming the act


@dataclass(frozen=True)
class ActorVocabulary:
    """Compiled patterns for generic actor descriptions."""

    countries: tuple[str, ...]  # group c<i> of the two patterns below is country i
    foreign: re.Pattern[str]
    country_subject: re.Pattern[str]
    coalition: re.Pattern[str]
    state: re.Pattern[str]
    civilians: re.Pattern[str]
    unidentified: re.Pattern[str]
    protesters: re.Pattern[str]
    rioters: re.Pattern[str]


@lru_cache(maxsize=2)
def load_vocabulary(path: str | None = None) -> ActorVocabulary:
    """The actor vocabulary from nlp/data/event_actors.toml."""
    file = Path(path) if path else Path(__file__).resolve().parent.parent / "data" / "event_actors.toml"
    raw = tomllib.loads(file.read_text(encoding="utf-8"))
    a = raw["actors"]
    nouns = a["force_nouns"]
    # one alternation per pattern, a named group per country: one scan of the sentence instead of one per country
    countries = tuple(c["name"] for c in raw["country"])
    alternation = "|".join(f"(?P<c{i}>{'|'.join(c['forms'])})" for i, c in enumerate(raw["country"]))
    foreign = re.compile(rf"(?<![\w-])(?:{alternation})(?:\s+(?:\w+\s+){{0,2}}?|\s*-?)(?:{nouns})\b", re.IGNORECASE)
    subject = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    def word(p: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE)

    return ActorVocabulary(countries, foreign, subject, word(a["coalition"]), word(a["state"]),
                           word(a["civilians"]), word(a["unidentified"]), word(a["protesters"]), word(a["rioters"]))


def state_name(era_post_2021: bool) -> str:
    """The Afghan state's forces: the Taliban's after 15 August 2021, the republic's ANDSF before."""
    return "Taliban" if era_post_2021 else "ANDSF"


def candidates(sentence: str, groups: list[tuple[str, int, int]], vocab: ActorVocabulary, *,
               post_2021: bool, foreign_state: str | None,
               afghan_spans: list[tuple[int, int]] = ()) -> list[Candidate]:  # type: ignore[assignment]
    """Actor candidates of one sentence, in text order; generic descriptions overlapping a group are dropped.

    `groups` are (canonical name, start, end) of the tagger's group mentions in the sentence;
    `foreign_state` is the country whose forces generic "security forces" are when the sentence is about
    another country (None: the Afghan state's).
    """
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int, slack: int = 0) -> bool:
        return not any(x - slack < b and a < y + slack for x, y in taken)

    for name, a, b in groups:
        if name == "ANDSF" and post_2021 and not re.search(r"\b(?:19|20[01]\d|2020)\b", sentence):
            # the republic's forces no longer exist: its former soldiers and police are civilians now
            out.append(_annotate(sentence, Candidate(CIVILIANS, a, b, "civilian")))
        else:
            out.append(_annotate(sentence, Candidate(name, a, b, "group")))
        taken.append((a, b))
    armed_named = any(n not in ("ANDSF", "Taliban") or not post_2021 for n, _, _ in groups) or any(
        n == "Taliban" for n, _, _ in groups) and not post_2021
    for m in vocab.foreign.finditer(sentence):
        if free(m.start(), m.end()):
            name = vocab.countries[int(m.lastgroup[1:])] if m.lastgroup else ""
            out.append(_annotate(sentence, Candidate(f"Military Forces of {name}", m.start(), m.end(), "foreign")))
            taken.append((m.start(), m.end()))
    for m in vocab.country_subject.finditer(sentence):
        # "Islamabad launched airstrikes", "Pakistan shelled ...": a state named as the one who struck
        if free(m.start(), m.end()) and _STRIKE_VERB.match(sentence, m.end()):
            name = vocab.countries[int(m.lastgroup[1:])] if m.lastgroup else ""
            out.append(_annotate(sentence, Candidate(f"Military Forces of {name}", m.start(), m.end(), "foreign")))
            taken.append((m.start(), m.end()))
    for m in vocab.coalition.finditer(sentence):
        if free(m.start(), m.end()):
            out.append(_annotate(sentence, Candidate("NATO", m.start(), m.end(), "foreign")))
            taken.append((m.start(), m.end()))
    tail = _ATTRIBUTION_TAIL.search(sentence)
    head = _ATTRIBUTION_HEAD.match(sentence)
    generic = (
        (vocab.protesters, "Protesters", "protesters"),
        (vocab.rioters, "Rioters", "rioters"),
        (vocab.unidentified, UNIDENTIFIED, "unidentified"),
        (vocab.civilians, CIVILIANS, "civilian"),
        (vocab.state, f"Military Forces of {foreign_state}" if foreign_state else state_name(post_2021), "state"),
    )
    for pattern, name, kind in generic:
        for m in pattern.finditer(sentence):
            # "Taliban fighters", "NRF forces", "ISKP militants": the description belongs to the group
            if not free(m.start(), m.end(), slack=12 if kind in ("state", "unidentified") else 2):
                continue
            if kind == "civilian" and _is_possessed(sentence, m.start()):
                continue
            if kind == "state" and _foreign_qualifier(sentence, m.start(), afghan_spans):
                continue  # "Somali officials", "Kenyan police": some other state's, not the Afghan state's
            if kind == "state" and re.search(r"\b(?:former|ex-|retired|demobili[sz]ed)\s*(?:\w+\s+)?$",
                                             sentence[max(0, m.start() - 25):m.start()], re.IGNORECASE):
                out.append(_annotate(sentence, Candidate(CIVILIANS, m.start(), m.end(), "civilian")))
                taken.append((m.start(), m.end()))
                continue  # "an ex-police officer" is a civilian now
            if kind == "unidentified" and armed_named and not re.search(r"(?:unknown|unidentified|masked|militia)", m.group(0),
                                                                           re.IGNORECASE):
                continue  # "the militants", "the attackers" are the armed group the sentence names
            out.append(_annotate(sentence, Candidate(name, m.start(), m.end(), kind)))
            taken.append((m.start(), m.end()))
    out = [_as_source(c) if (tail and c.start >= tail.start()) or (head and c.end <= head.end()) else c for c in out]
    return sorted(out, key=lambda c: c.start)


_STRIKE_VERB = re.compile(r"\s+(?:\w+\s+)?(?:launched|carried out|conducted|struck|bombed|shelled|fired|targeted|hit|"
                          r"attacked|pounded|strikes|bombs|shells)\b", re.IGNORECASE)
_AFGHAN_QUALIFIER = re.compile(r"(?:afghan|afghanistan's|taliban|emirate|islamic|provincial|district|local|national|"
                               r"border|government|interior|defence|defense|security|special|elite|public|the|a|an|"
                               r"his|her|their|its|several|two|three|four|five|six|many|some|senior|top|other)$", re.IGNORECASE)


def _foreign_qualifier(sentence: str, start: int, afghan_spans: list[tuple[int, int]]) -> bool:
    """A capitalised qualifier right before a state noun that is neither Afghan nor a tagged Afghan place."""
    m = re.search(r"([A-Z][\w'’-]+)\s+$", sentence[max(0, start - 30):start])
    if not m or m.start(1) + max(0, start - 30) == 0 and start - 30 <= 0 and sentence[:start].strip() == m.group(1):
        return False
    word_start = max(0, start - 30) + m.start(1)
    if word_start == 0 or _AFGHAN_QUALIFIER.match(m.group(1).rstrip("'’s")) or m.group(1).lower().endswith("'s") and \
            any(a <= word_start < b for a, b in afghan_spans):
        return False
    return not any(a <= word_start < b for a, b in afghan_spans)


def _as_source(c: Candidate) -> Candidate:
    return c if c.claims else Candidate(c.name, c.start, c.end, c.kind, source_only=True, claims=False)


# ", provincial police chief X said." / "According to the NRF, ...": who reports the event, not who took part
_ATTRIBUTION_TAIL = re.compile(r"(?:,\s*(?:[^,;]{0,90}?\s)?(?:said|says|told \w+|added|reported|confirmed|stated|claimed|"
                               r"announced)(?:\s+(?:on|in|late|early|last)\s+\w+)?|,\s*according to [^,;]{1,80})\.?\s*$",
                               re.IGNORECASE)
_ATTRIBUTION_HEAD = re.compile(r"^\s*(?:according to|citing|quoting)\s[^,]{0,80},", re.IGNORECASE)


def _is_possessed(sentence: str, start: int) -> bool:
    """'its members', 'their families': a relation of someone already named, not new civilians."""
    return bool(re.search(r"\b(?:its|their|his|her)\s+(?:\w+\s+)?$", sentence[max(0, start - 20):start]))


def _annotate(sentence: str, c: Candidate) -> Candidate:
    after = sentence[c.end:c.end + 80]
    before = sentence[max(0, c.start - 40):c.start]
    claims = bool(_CLAIM_AFTER.match(after))
    source = not claims and (bool(_SPEAKER_AFTER.match(after)) or bool(_SPEAKER_BEFORE.search(before)))
    return Candidate(c.name, c.start, c.end, c.kind, source_only=source, claims=claims)


def sides(sentence: str, cands: list[Candidate], trigger_start: int, trigger_end: int,
          clash: bool, background: list[tuple[int, int]] = ()) -> list[tuple[Candidate, int]]:  # type: ignore[assignment]
    """(candidate, side) for each party to the event; sources of statements and actors of background clauses
    ("a week after insurgents stormed it") are left out."""
    cands = [c for c in cands if not any(a <= c.start < b and not a <= trigger_start < b for a, b in background)]
    passive = bool(_PASSIVE_BEFORE.search(sentence[max(0, trigger_start - 30):trigger_start])) or bool(
        re.match(r"\s+by\b", sentence[trigger_end:trigger_end + 6]))
    patient_subject = passive or bool(_CAME_UNDER.search(sentence[max(0, trigger_start - 25):trigger_start])) or bool(
        re.search(r"\b(?:hit|struck|stepped on|ran over|drove over|triggered)\s+(?:a\s+|an\s+)?$",
                  sentence[max(0, trigger_start - 20):trigger_start], re.IGNORECASE)) or bool(
        re.match(r"(?:hit|struck|stepped on|ran over|drove over|triggered)\b", sentence[trigger_start:trigger_end], re.IGNORECASE))
    out: list[tuple[Candidate, int]] = []
    for c in cands:
        if c.source_only:
            continue
        before = sentence[max(0, c.start - 45):c.start]
        if c.claims or _BETWEEN.search(before):
            side = 1
        elif _VICTIM_AFTER.match(sentence[c.end:c.end + 70]):
            side = 2
        elif _BY.search(before) and c.start > trigger_start - 60:
            side = 1
        elif clash and _WITH.search(before):
            side = 2
        elif _OBJECT.search(before) and c.start > trigger_start - 80:
            side = 2  # the object of a past-tense verb: "fighters took a former commando from his home"
        elif _TARGET.search(before):
            side = 2
        elif c.start < trigger_start:
            side = 2 if patient_subject else 1
        else:
            side = 1 if passive and re.search(r"\bby\s", sentence[trigger_end:c.start]) else 2
        out.append((c, side))
    return out
