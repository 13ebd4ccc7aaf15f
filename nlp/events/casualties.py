"""Casualty figures: how many were killed or injured, by whose account, and the event's total.

A figure is a count phrase bound to a death or injury word in either order ("killed at least seven",
"eleven soldiers were killed", "left three dead", "the death toll rose to 20", "2 fatalities"); counts
joined into a list ("two soldiers and three attackers were killed") each make a figure. Subsets
("two of them women", "among those killed") are not new deaths. Whose figure it is comes from the
attribution in the same sentence ("the Taliban said", "according to hospital staff").

Reduction (ACLED's rule): figures from the same account that name different victims add up; competing
accounts of the same deaths give the lowest; every figure is kept beside the total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.events.numbers import NUMBER, parse_count

_N = NUMBER.replace("(?P<num>", "(?:")
KILL = (r"(?:killed|killing|kills|dead|died|die|perished|slain|martyred|executed|shot dead|gunned down|"
        r"lost their lives|lost his life|lost her life|lost (?:\w+ ){0,2}lives|were killed|was killed|"
        r"fatalities|fatality|deaths|bodies|casualties|lives|kia|killed in action)")
INJURE = (r"(?:wounded|wounding|injured|injuring|hurt|injuries|sustained injuries|were wounded|was wounded|injures|wounds|"
          r"wia|wounded in action)")
_NOUN = (r"(?:[\w'’-]+(?:\s*,\s*(?:including|among them|most of them|mostly|all of them)[^,.;]{1,50},)?\s+){0,4}?")
# a parenthetical subset between the count and its verb: "eight civilians, including three children, were killed"
_ASIDE = ""
# "<count> [victims] [were|have been] killed" and "killed/killing/left <count> [victims] [dead]"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("killed", re.compile(rf"\b(?P<count>{_N})\s+{_NOUN}{_ASIDE}(?:(?:were|was|have been|had been|are|been|reportedly|also|"
                          rf"allegedly|later|all|who)\s+)*(?:{KILL})\b", re.IGNORECASE)),
    # "two members of the Taliban's intelligence directorate were wounded": a longer victim phrase through "of"
    ("killed", re.compile(rf"\b(?P<count>{_N})\s+(?:[\w'’-]+\s+){{0,2}}?of\s+(?:[\w'’-]+\s+){{1,5}}?(?:were|was|have been|"
                          rf"had been)\s+(?:\w+ly\s+|also\s+|all\s+)?(?:{KILL})\b", re.IGNORECASE)),
    ("injured", re.compile(rf"\b(?P<count>{_N})\s+(?:[\w'’-]+\s+){{0,2}}?of\s+(?:[\w'’-]+\s+){{1,5}}?(?:were|was|have been|"
                           rf"had been)\s+(?:\w+ly\s+|also\s+|all\s+)?(?:{INJURE})\b", re.IGNORECASE)),
    ("self", re.compile(rf"\b(?:killing|killed|kills)\s+(?:himself|herself|themselves)\s+(?:and|along with|as well as)\s+"
                        rf"(?:\w+\s+){{0,2}}?(?P<count>{_N})\b", re.IGNORECASE)),
    ("killed", re.compile(rf"\b(?:left|leaving)\s+(?:\w+\s+){{0,2}}?(?P<count>{_N})\s+(?:[\w'’-]+\s+){{0,3}}?dead\b",
                          re.IGNORECASE)),
    ("injured", re.compile(rf"\b(?:left|leaving)\s+(?:\w+\s+){{0,2}}?(?P<count>{_N})\s+(?:[\w'’-]+\s+){{0,3}}?"
                           rf"(?:wounded|injured|hurt)\b", re.IGNORECASE)),
    ("killed", re.compile(rf"\b(?:killed|killing|kills|claimed the lives of|claiming the lives of|"
                          rf"executed|shot dead|gunned down|martyred|slew|slaying)\s+(?:(?!(?:and|but|while|outside|inside|near|in|at|on|from|by|with|after|before|during|into|across|behind|along|outside)\b)\w+\s+){{0,2}}?(?P<count>{_N})\b"
                          rf"(?!\s+(?:{INJURE}))(?=(?:\s+[\w'’-]+){{0,4}}(?:\s+dead\b)?)", re.IGNORECASE)),
    ("killed", re.compile(rf"\b(?:the )?bodies of\s+(?:\w+\s+)?(?P<count>{_N})\b", re.IGNORECASE)),
    ("killed", re.compile(rf"\b(?:death toll|toll|number of (?:the )?dead)\s+(?:\w+\s+){{0,4}}?(?:to|at|of|is|was|"
                          rf"reached|stands at|stood at)\s+(?P<count>{_N})\b", re.IGNORECASE)),
    ("injured", re.compile(rf"\b(?P<count>{_N})\s+{_NOUN}(?:(?:were|was|have been|had been|are|been|also|others|"
                           rf"more|people)\s+)*(?:{INJURE})\b", re.IGNORECASE)),
    ("injured", re.compile(rf"\b(?:wounded|wounding|injured|injuring|injuries to)\s+(?:\w+\s+){{0,2}}?(?P<count>{_N})\b",
                           re.IGNORECASE)),
)
_GATE = re.compile(r"kill|dead|die|death|fatal|casualt|bod(?:y|ies)|li(?:fe|ves)|wound|injur|hurt|kia|wia|toll|slain|"
                   r"slew|martyr|perish|execut|shot|gunned|no one|nobody|none", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but)\s+|\.\s+", re.IGNORECASE)
SUBSET = re.compile(r"\b(?:including|among them|among the (?:dead|victims|wounded|injured)|of (?:whom|them|the dead)|"
                    r"of those|included)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
NONE_KILLED = re.compile(r"\b(?:no (?:one|body|casualties|fatalities|deaths|injuries)|nobody|none)\b(?:\s+\w+){0,3}\s*"
                         r"(?:was|were|killed|hurt|harmed|injured|reported)?", re.IGNORECASE)
ATTRIBUTION = re.compile(
    r"\b(?:according to|said|says|told|claimed|claims|reported|announced|stated|confirmed|put the (?:death )?toll|"
    r"acknowledged|admitted|conceded|insisted|saying|citing|gave)\b",
    re.IGNORECASE)
SOURCE_NOUN = re.compile(
    r"\b(?:taliban|islamic emirate|nrf|national resistance front|afghanistan freedom front|afghan freedom front|"
    r"isis|isis-k|iskp|islamic state|daesh|ttp|ispr|pakistani military|pakistan army|police|officials?|ministry|"
    r"spokes(?:man|person|woman)|governor|hospital|doctors?|health (?:officials|workers)|medics?|residents?|"
    r"witnesses?|villagers?|elders?|sources?|unama|un|united nations|red cross|icrc|emergency|msf|media)\b",
    re.IGNORECASE)
NOT_PEOPLE = re.compile(r"^\s*(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilometres?|kilometers?|miles?|"
                        r"metres?|meters?|percent|per cent|%|am|pm|a\.m\.|p\.m\.|o'clock|times|rounds|vehicles|"
                        r"houses|homes|shops|tons?|kg|afghanis|dollars|\$|provinces|districts|second|third|fourth|fifth|further|"
                        r"half|quarter|part|number|total|bomb|blast|explosion|attack|strike|drone|roadside|suicide|car|"
                        r"vehicle|mine|rocket|mortar|grenade)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """One count of dead or injured in a sentence."""

    kind: str  # killed | injured
    count: int
    text: str
    start: int
    source: str | None
    victims: str  # the words between count and verb ("soldiers", "Taliban fighters"), lower-case


def _source(sentence: str) -> str | None:
    """Who gives the sentence's figures: the subject of its attribution verb ("the Taliban said"), or the
    noun after "according to"."""
    m = ATTRIBUTION.search(sentence)
    if not m:
        return None
    if m.group(0).lower() in ("according to", "citing", "told"):
        after = SOURCE_NOUN.search(sentence, m.end(), min(len(sentence), m.end() + 60))
        return after.group(0).lower() if after else None
    before = list(SOURCE_NOUN.finditer(sentence, max(0, m.start() - 70), m.start()))
    if before:
        return before[-1].group(0).lower()
    after = SOURCE_NOUN.search(sentence, m.end(), min(len(sentence), m.end() + 50))
    return after.group(0).lower() if after else None


def find_figures(sentence: str, *, past_ok: bool = False) -> list[Figure]:
    """Every casualty figure of a sentence, overlaps removed, subsets dropped; a figure placed in an earlier
    year ("in 2022 killed nine") is left out unless `past_ok` (the clause is itself about that event)."""
    if not _GATE.search(sentence):
        return []  # no death, injury or toll word: no figure (most sentences; the patterns below are costly)
    whole = _source(sentence)
    bounds = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence)] + [len(sentence) + 1]
    out: list[Figure] = []
    spans: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            a, b = m.span("count")
            if any(x < b and a < y for x, y in spans):
                continue
            phrase = m.group("count")
            count = parse_count(phrase)
            if count is None:
                continue
            after = sentence[b:b + 20]
            if NOT_PEOPLE.match(after) and not re.search(r"-old", after):
                continue  # "12 years", "5 km"; but "a 12-year-old boy" is a person
            if re.match(r"\s*(?:st|nd|rd|th)\b", after) or re.search(r"\b(?:19|20)\d\d$", phrase):
                continue
            if phrase.lower() in ("a", "an", "one") and m.start("count") == m.start() and not re.search(
                    r"\b(?:was|were|been|died|dead|perished|lost (?:his|her) life)\b", m.group(0), re.IGNORECASE):
                continue  # "a drone strike killed ..." counts nobody; "a policeman was killed" counts one
            if SUBSET.search(sentence[max(0, a - 30):a]):
                continue
            if not past_ok and re.search(r"\b(?:previous|earlier|last year|in 20\d\d|since)\b", sentence[max(0, a - 25):a],
                                         re.IGNORECASE):
                continue
            victims = sentence[b:m.end()].lower() if m.start("count") == m.start() else sentence[m.start():a].lower()
            spans.append((a, b))
            if kind == "self":  # "killing himself and six civilians": the attacker and his victims
                kind = "killed"
                out.append(Figure(kind, 1, m.group(0).split(" and ")[0], m.start(), whole, "the attacker himself"))
            k = max(i for i, x in enumerate(bounds) if x <= a)
            source = _source(sentence[bounds[k]:bounds[k + 1]]) or whole
            out.append(Figure(kind, count, m.group(0).strip(), a, source, victims))
            if m.start("count") == m.start():
                for la, lb, phrase2 in _list_before(sentence, a):
                    n2 = parse_count(phrase2)
                    if n2 is None or any(x < lb and la < y for x, y in spans) or SUBSET.search(sentence[max(0, la - 30):la]):
                        continue
                    spans.append((la, lb))
                    out.append(Figure(kind, n2, sentence[la:a].strip(), la, source, sentence[lb:a].lower()))
    source = whole
    none = NONE_KILLED.search(sentence) if not any(f.kind == "killed" for f in out) else None
    if none is not None:
        m = none
        if re.search(r"kill|casualt|fatalit|death|harm|hurt", sentence[m.start():m.end() + 25], re.IGNORECASE):
            out.append(Figure("killed", 0, m.group(0), m.start(), source, ""))
    return sorted(out, key=lambda f: f.start)


_LIST_ITEM = re.compile(rf"(?:^|[\s,;(])(?P<count>{_N})\s+(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+\s*(?:,\s*(?:and\s+)?|\s+and\s+)$",
                        re.IGNORECASE)


def _list_before(sentence: str, a: int) -> list[tuple[int, int, str]]:
    """Counts conjoined before a figure: "three policemen and [two attackers were killed]"."""
    out: list[tuple[int, int, str]] = []
    end = a
    while True:
        m = _LIST_ITEM.search(sentence[max(0, end - 80):end])
        if not m:
            return out
        base = max(0, end - 80)
        out.append((base + m.start("count"), base + m.end("count"), m.group("count")))
        end = base + m.start("count")


def _total(figs: list[Figure]) -> int:
    """One account's total: distinct victim groups add up, repeats of one figure do not."""
    seen: dict[str, int] = {}
    for f in figs:
        key = re.sub(r"\b(?:were|was|have|been|had|are|killed|died|dead|also|and|the)\b", "", f.victims).strip()
        seen[key] = max(seen.get(key, 0), f.count)
    return sum(seen.values())


def reduce_figures(figures: list[Figure], *, suicide: bool = False, text: str = "") -> tuple[
        int | None, int | None, str | None, list[Figure]]:
    """(fatalities, injured, whose fatality figure, figures kept) for one event."""
    out: dict[str, tuple[int | None, str | None]] = {}
    for kind in ("killed", "injured"):
        figs = [f for f in figures if f.kind == kind]
        if not figs:
            out[kind] = (None, None)
            continue
        accounts: dict[str | None, list[Figure]] = {}
        for f in figs:
            accounts.setdefault(f.source, []).append(f)
        totals = {src: _total(fs) for src, fs in accounts.items()}
        named: dict[str | None, int] = {s: t for s, t in totals.items() if s is not None}
        src: str | None
        if len(named) >= 2:
            src = min(named, key=lambda s: named[s])
            value = named[src]
        elif named and None in totals:
            # an unattributed figure beside one account: a repeat of it, or the same deaths counted again
            src = next(iter(named))
            value = min(named[src], totals[None]) if totals[None] and named[src] else max(named[src], totals[None])
        else:
            src = next(iter(totals))
            value = totals[src]
        out[kind] = (value, src)
    fatalities, source = out["killed"]
    if suicide and re.search(r"\bblew (?:himself|herself|themselves) up|detonated (?:his|her|their)|self-detonat",
                             text, re.IGNORECASE) and not re.search(r"includ\w+ the (?:bomber|attacker)|(?:killing|killed|kills) (?:himself|herself|themselves)",
                                          text, re.IGNORECASE):
        fatalities = (fatalities or 0) + 1
    return fatalities, out["injured"][0], source, list(figures)
