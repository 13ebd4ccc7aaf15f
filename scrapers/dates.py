"""Publication-date candidates with their provenance, ranked, and reconciled with the feed's date.

A page offers many dates: structured data, `<time>` elements, text beside the byline, the URL, and
also dates that are not the article's at all — a header widget showing the crawl day ("Tuesday 10 May
2016"), a footer copyright, a sidebar of other stories. `date_candidates` collects the article's
dates, each with where it came from, best first, and never takes one from the page chrome:

    json-ld    JSON-LD `datePublished` of the article object
    meta       `article:published_time` and the like
    microdata  an element with `itemprop="datePublished"`
    selector   a configured date selector (the source knows its layout)
    time       `<time datetime>` outside the page chrome, the ones marked "published" first
    byline     a date written in the byline or in a date-classed element next to it
    url        the date in the URL (`/2016/04/23/`)
    htmldate   htmldate's guess from the remaining markup (last resort)

Dates written in Persian or Pashto (Solar Hijri, Persian digits: `scrapers.solar_hijri`) are read wherever
English ones are, with the same ranking: a visible "۲۵ ثور ۱۴۰۳" is a `byline` or `selector` candidate, and a
"today" widget in the header is chrome in any language.

`reconcile(candidates, feed_date)` picks one: the best candidate, except that when the feed item gave
a date, a page date more than a day away from it must have a reason to win (structured provenance, or
a second independent candidate agreeing with it); otherwise a candidate agreeing with the feed, or the
feed's date itself ("feed"), wins.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from lxml import etree

from scrapers.solar_hijri import ascii_digits, find_dates, may_hold_persian_date
from scrapers.tree import Element, as_tree, classes, select, text_of

log = logging.getLogger(__name__)

#: Candidate sources, best first.
RANKING = ("json-ld", "meta", "microdata", "selector", "time", "byline", "url", "htmldate")
#: Sources that are the publisher's own statement of the date: reason enough to disagree with the feed.
STRONG = frozenset({"selector", "json-ld", "meta", "microdata"})
#: How far a page date may be from the feed item's date before it needs a reason to win.
FEED_TOLERANCE = timedelta(days=1)

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
#: A date written out in text: "Tuesday, 19 April 2016 20:41", "Sat Apr 23 2016", "April 23, 2016", "2016-04-23".
DATE_IN_TEXT = re.compile(
    rf"\b(?:{_WEEKDAY})?(?:{_DAY}\s+{_MONTHS}|{_MONTHS}\s+{_DAY}),?\s+\d{{4}}(?:,?\s+(?:at\s+)?{_TIME})?"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]{_TIME}(?:Z|[+-]\d{{2}}:?\d{{2}})?)?",
    re.IGNORECASE,
)
# A full day only: a month-only path (/2024/01/slug) tells the month, not the publication date.
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?=/)")
#: id/class words of page chrome whose dates are never the article's (site header, "today" widgets, footers).
_CHROME_WORD = re.compile(
    r"(?:^|[-_\s])(?:header|masthead|top-?bar|navbar|nav|menu|sidebar|widget|footer|today|current-?date|"
    r"clock|breaking|ticker|related|comments?|copyright)(?:$|[-_\s])",
    re.IGNORECASE,
)
_ARTICLE_SCOPE = frozenset({"article", "main"})
_DATE_CLASS = re.compile(r"date|time|posted|publish|dateline|meta", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
_DATE_TAGS = frozenset({"span", "div", "p", "time", "li", "small", "em"})
_DATE_PUBLISHED = etree.XPath("descendant-or-self::*[@itemprop='datePublished']")
_CLASSED = etree.XPath("descendant-or-self::*[@class]")


@dataclass(frozen=True)
class DateCandidate:
    """One publication date a page offers, and where it came from (one of `RANKING`, or "feed")."""

    value: datetime  # aware, UTC
    source: str
    detail: str = ""  # e.g. the meta key or the element it was read from

    def as_dict(self) -> dict[str, str]:
        """A JSON-friendly form for `frontwatch extract --explain`."""
        return {"source": self.source, "value": self.value.isoformat(), "detail": self.detail}


def _rank(candidate: DateCandidate) -> int:
    return RANKING.index(candidate.source) if candidate.source in RANKING else len(RANKING)


def in_chrome(tag: Element) -> bool:
    """Whether an element sits in the page chrome (site header, nav, footer, sidebar, widgets, comments).

    A `<header>` or `<footer>` inside an `<article>` or `<main>` is the article's own, not chrome.
    """
    node: Any = tag
    while node is not None and node.tag not in ("html", "body"):
        name = node.tag
        if name in _ARTICLE_SCOPE or "Article" in (node.get("itemtype") or ""):
            return False
        if name in ("nav", "aside"):
            return True
        if name in ("header", "footer") and not any(p.tag in _ARTICLE_SCOPE for p in node.iterancestors()):
            return True
        words = " ".join([node.get("id") or "", *classes(node)])
        if words.strip() and _CHROME_WORD.search(words):
            return True
        node = node.getparent()
    return False


def text_dates(text: str, default_tz: tzinfo | str | None) -> list[datetime]:
    """Dates written out in a piece of text, in order."""
    from scrapers.extract import parse_date

    if not text or not _YEAR.search(text):  # every date written out has a year: skip the costly search
        return []
    found: list[tuple[int, datetime]] = []
    taken: list[tuple[int, int]] = []
    if may_hold_persian_date(text):  # Solar Hijri dates, Persian digits and month names (scrapers.solar_hijri)
        for date in find_dates(text, default_tz):
            found.append((date.start, date.value))
            taken.append((date.start, date.end))
        text = ascii_digits(text)
    for match in DATE_IN_TEXT.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        parsed = parse_date(match.group(0), default_tz)
        if parsed is not None:
            found.append((match.start(), parsed))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


def url_date(url: str) -> datetime | None:
    """The date in a URL path (`/YYYY/MM/DD/`), at noon UTC so a zone never moves the day."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    try:
        return datetime(year, month, day, 12, tzinfo=UTC)
    except ValueError:
        return None


def _value_of(tag: Element, default_tz: tzinfo | str | None) -> datetime | None:
    from scrapers.extract import parse_date

    for attr in ("datetime", "content"):
        value = tag.get(attr)
        if isinstance(value, str) and (parsed := parse_date(value, default_tz)) is not None:
            return parsed
    dates = text_dates(text_of(tag), default_tz)
    return dates[0] if dates else None


def date_candidates(
    document: Any,
    url: str,
    *,
    structured: Iterable[DateCandidate] = (),
    selectors: Sequence[str] = (),
    byline_tags: Sequence[Element] = (),
    default_tz: tzinfo | str | None = None,
    html: str | None = None,
) -> list[DateCandidate]:
    """Every publication date the page offers, best first (see the module docstring); chrome dates never.

    `document` is the page's parsed tree (or its text); `html`, the page's text, is only needed for htmldate.
    """
    root = as_tree(document)
    found: list[DateCandidate] = []
    for selector in selectors:
        for tag in select(root, selector):  # a bad configured selector is a warning, not a failure
            if (value := _value_of(tag, default_tz)) is not None:
                found.append(DateCandidate(value, "selector", selector))
                break
    found.extend(structured)
    for tag in _DATE_PUBLISHED(root):
        if tag.tag != "meta" and in_chrome(tag):
            continue
        if (value := _value_of(tag, default_tz)) is not None:
            found.append(DateCandidate(value, "microdata", f"<{tag.tag} itemprop=datePublished>"))
            break
    times = [t for t in root.iter("time") if t.get("datetime") and not in_chrome(t)]
    marked = [t for t in times if t.get("itemprop") == "datePublished"
              or {"published", "entry-date", "post-date"} & set(classes(t))]
    for tag in marked + [t for t in times if t not in marked]:
        if (value := _value_of(tag, default_tz)) is not None:
            found.append(DateCandidate(value, "time", "<time datetime>"))
            break
    byline = _byline_date(root, byline_tags, default_tz)
    if byline is not None:
        found.append(byline)
    if (value := url_date(url)) is not None:
        found.append(DateCandidate(value, "url", "date in the URL"))
    if not found and html is not None:
        from scrapers.extract import html_date  # extract imports this module: import at call time

        value = html_date(html, url, default_tz)
        if value is not None:
            found.append(DateCandidate(value, "htmldate", "htmldate"))
    found.sort(key=_rank)
    return found


def _byline_date(root: Element, byline_tags: Sequence[Element], default_tz: tzinfo | str | None
                 ) -> DateCandidate | None:
    """A date written in the byline, beside it, or in a date-classed element of the article."""
    for tag in byline_tags:
        for scope in (tag, tag.getparent()):
            if scope is not None and len(scope_text := text_of(scope)) < 300:
                dates = text_dates(scope_text, default_tz)
                if dates:
                    return DateCandidate(dates[0], "byline", f"text beside the byline <{tag.tag}>")
    for tag in _CLASSED(root):
        if tag.tag not in _DATE_TAGS or not _DATE_CLASS.search(tag.get("class") or ""):
            continue
        text = text_of(tag)
        if len(text) > 200 or in_chrome(tag):
            continue
        dates = text_dates(text, default_tz)
        if dates:
            return DateCandidate(dates[0], "byline", f"<{tag.tag}.{'.'.join(classes(tag))}>")
    return None


def _close(a: datetime, b: datetime) -> bool:
    return abs(a - b) <= FEED_TOLERANCE


def reconcile(candidates: Sequence[DateCandidate], feed_date: datetime | None = None) -> DateCandidate | None:
    """The date to keep: the best candidate, unless the feed's date disagrees and the candidate has no reason."""
    ranked = sorted(candidates, key=_rank)
    if feed_date is None:
        return ranked[0] if ranked else None
    feed = DateCandidate(feed_date if feed_date.tzinfo else feed_date.replace(tzinfo=UTC), "feed", "feed item")
    for candidate in ranked:
        if _close(candidate.value, feed.value):
            return candidate
        others = [c for c in ranked if c is not candidate and c.source != candidate.source]
        if candidate.source in STRONG or any(_close(candidate.value, o.value) for o in others):
            log.debug("page date %s (%s) kept against the feed's %s", candidate.value, candidate.source,
                      feed.value)
            return candidate
    return feed
