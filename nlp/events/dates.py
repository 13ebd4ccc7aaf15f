"""Event dates from what a sentence says ("on Monday night", "last week", "on 12 May"), resolved
against the article's publication date, with a precision: day, week, month or year.

Conventions (tests/gold/EVENTS.md): a weekday is the most recent such day before publication; a week is
given by its Monday, a month by its first day, a year by 1 January. A sentence with no cue gets None
here; the coder then falls back to the passage's other events or the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
MONTH_ABBR = {k[:3]: v for k, v in MONTHS.items()} | {"sept": 9}
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NUMWORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "an": 1, "several": 3, "a few": 2, "few": 2}

# Most specific first; each named group tells `_resolve` what was said.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.IGNORECASE)) for k, p in (
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MON})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"),
    ("mdy", rf"\b(?P<m>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"),
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    ("daybefore", r"\bthe day before yesterday\b"),
    ("yesterday", r"\b(?:yesterday|last night|overnight|the previous (?:day|night|evening))\b"),
    ("today", r"\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today|hours ago|this day)\b"),
    ("ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|a few)\s+(?P<u>days?|weeks?|months?|years?|decades?)\s+ago\b"),
    ("weekday", r"\b(?:on\s+|last\s+|early\s+|late\s+|this\s+past\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"),
    ("lastweek", r"\b(?:last|the previous|the past) week(?:end)?\b"),
    ("thisweek", r"\b(?:earlier this|this|late this|earlier in the) week\b"),
    ("lastmonth", r"\b(?:last|the previous) month\b"),
    ("thismonth", r"\b(?:earlier this|this|late this|earlier in the) month\b"),
    ("monthyear", rf"\b(?:in|during|since|by|of|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?(?P<m>{_MON})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"),
    ("lastyear", r"\blast year\b"),
    ("decade", r"\b(?:in|during) the (?P<y>(?:19|20)\d)0s\b"),
    ("year", r"\b(?:in|during|of|before|until|till|prior to|by)\s+(?:early\s+|late\s+|mid-?)?(?P<y>(?:19|20)\d\d)\b"),
))
# Periods that place a sentence in the past of the conflict whatever its tense.
HISTORICAL_CUES = re.compile(
    r"\b(?:soviet (?:war|invasion|occupation|forces|troops|army)|during the (?:civil war|jihad|1980s|1990s|soviet)|"
    r"(?:years|decades) ago|in the (?:19|20)\d0s|under the (?:former|previous|first) taliban (?:regime|government|rule)|"
    r"during (?:the )?(?:their|its|the taliban'?s?) first (?:rule|regime|stint|time in power)|"
    r"(?:after|following|before|during|since) the (?:fall|collapse) of (?:the )?(?:republic|former government|"
    r"previous government|government|kabul)|(?:after|following|since|during) the taliban(?:'s)? (?:takeover|return)|"
    r"in the (?:weeks|months|days) (?:after|following|before))\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateCue:
    """A resolved date, its precision, and where in the sentence it was said."""

    date: date
    precision: str  # day | week | month | year
    start: int
    end: int
    text: str


def as_date(value: date | datetime | str | None) -> date | None:
    """A publication date as a `date` (datetimes lose their time; ISO strings are parsed)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value)).date()  # Python 3.11 reads "Z"
    except ValueError:
        return None


def _month(token: str) -> int | None:
    t = token.lower().rstrip(".")
    return MONTHS.get(t) or MONTH_ABBR.get(t[:4] if t.startswith("sept") else t[:3])


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """A day-month without a year is the latest such date not after publication."""
    if published is None:
        return None
    year = published.year
    try:
        if date(year, month, day) > published + timedelta(days=1):
            year -= 1
    except ValueError:
        return None
    return year


@lru_cache(maxsize=512)
def find_dates(sentence: str, published: date | None) -> tuple[DateCue, ...]:
    """Every date cue of a sentence that resolves, in text order, overlaps removed (most specific wins).

    Cached: the coder asks several times about the same sentence."""
    out: list[DateCue] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            cue = _resolve(kind, m, published)
            if cue is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(DateCue(cue[0], cue[1], m.start(), m.end(), m.group(0)))
    return tuple(sorted(out, key=lambda c: c.start))


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> tuple[date, str] | None:
    try:
        if kind in ("dmy", "mdy", "iso"):
            month = int(m.group("m")) if kind == "iso" else _month(m.group("m"))
            if month is None:
                return None
            day = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else _year_for(month, day, pub)
            return (date(year, month, day), "day") if year else None
        if kind == "monthyear":
            month = _month(m.group("m"))
            if month is None or (m.group("m").lower() == "may" and not m.group("y") and not _may_is_month(m)):
                return None
            if m.group("y"):
                return date(int(m.group("y")), month, 1), "month"
            if pub is None:
                return None
            year = pub.year - (1 if month > pub.month else 0)
            return date(year, month, 1), "month"
        if kind == "year":
            return date(int(m.group("y")), 1, 1), "year"
        if kind == "decade":
            return date(int(m.group("y")) * 10, 1, 1), "year"
        if pub is None:
            return None
        if kind == "yesterday":
            return pub - timedelta(days=1), "day"
        if kind == "daybefore":
            return pub - timedelta(days=2), "day"
        if kind == "today":
            return pub, "day"
        if kind == "weekday":
            target = WEEKDAYS.index(m.group("w").lower())
            back = (pub.weekday() - target) % 7 or 7
            return pub - timedelta(days=back), "day"
        if kind == "lastweek":
            monday = pub - timedelta(days=pub.weekday())
            return monday - timedelta(days=7), "week"
        if kind == "thisweek":
            return pub - timedelta(days=pub.weekday()), "week"
        if kind == "lastmonth":
            return (pub.replace(day=1) - relativedelta(months=1)), "month"
        if kind == "thismonth":
            return pub.replace(day=1), "month"
        if kind == "lastyear":
            return date(pub.year - 1, 1, 1), "year"
        if kind == "ago":
            n = m.group("n").lower()
            count = int(n) if n.isdigit() else _NUMWORD.get(n, 1)
            unit = m.group("u").lower().rstrip("s")
            if unit == "day":
                return pub - timedelta(days=count), "day"
            if unit == "week":
                d = pub - timedelta(days=7 * count)
                return d - timedelta(days=d.weekday()), "week"
            if unit == "month":
                return (pub - relativedelta(months=count)).replace(day=1), "month"
            years = count * (10 if unit == "decade" else 1)
            return date(pub.year - years, 1, 1), "year"
    except ValueError:
        return None
    return None


def _may_is_month(m: re.Match[str]) -> bool:
    """'in May' is the month; 'may' in 'it may be' never reaches here capitalised."""
    return m.group("m")[0] == "M"


def is_historical(cue: DateCue | None, sentence: str, published: date | None) -> bool:
    """True when the sentence places its event years back (a year before the publication year, or cues)."""
    if HISTORICAL_CUES.search(sentence):
        return True
    if cue is None or published is None:
        return False
    if cue.precision == "year":
        return cue.date.year < published.year
    return (published - cue.date).days > 365
