"""Generic, reusable article extraction: structured metadata first, CSS selectors second, generic last.

Every source adapter builds on these functions:

- `read_metadata(html, url)` reads JSON-LD, Open Graph / `article:*` meta tags, `<link rel=canonical>`,
  `<html lang>`, `<time datetime>` and `<title>` into a `PageMetadata`, remembering where each field came from.
- `split_authors(byline)` turns a byline into person names ("A & B", "A, B and C", "By A").
- `select_text(tree, body_selector, drop_selectors)` is the text of a known body container.
- `generic_text(html, url)` is trafilatura's main-text extraction, the last resort.
- `extract_article(page, source, ...)` combines them into an `Article` and records the path taken.

`extract_article` parses a page once, into one lxml tree (`scrapers.tree`), and reads metadata,
selectors, dates, bylines and the body from that tree; the functions above also take HTML text (or a
BeautifulSoup object, re-parsed) for callers that have no tree. trafilatura runs only when no body
selector matches.

Nothing here raises on a bad page: it logs why and returns `None` (or an empty value).
"""

from __future__ import annotations

import copy
import html as html_lib
import itertools
import json
import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser
from lxml import etree

from pipeline.records import Article, FetchedPage
from scrapers.cleaning import clean_body
from scrapers.dates import DateCandidate, date_candidates, in_chrome, reconcile
from scrapers.language import detect_language, language_tag, reconcile_language  # noqa: F401 - re-exported
from scrapers.solar_hijri import (
    AFGHAN_TZ,
    SOLAR_YEARS,
    ascii_digits,
    may_hold_persian_date,
    parse_persian_date,
    persian_date_spans,
    to_gregorian,
)
from scrapers.titles import SiteTitles
from scrapers.tree import (
    Element,
    PerTree,
    as_tree,
    classes,
    compile_css,
    drop_tree,
    has_ancestor,
    matcher_for,
    parse_html,
    select,
    text_of,
)

log = logging.getLogger(__name__)

#: JSON-LD `@type`s treated as a news article.
ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "Report",
     "OpinionNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting"}
)

#: Where a `PageMetadata` field came from. "json-ld" and "meta" count as structured metadata.
STRUCTURED_ORIGINS = frozenset({"json-ld", "meta"})

#: Elements never part of article text, dropped from every body container.
ALWAYS_DROP = (
    "script", "style", "noscript", "template", "iframe", "form", "button", "svg", "input", "select",
    "textarea", "object", "embed", "canvas", "nav", "aside",
)

#: Widgets common to WordPress and news themes; dropped from body containers unless `drop_common=False`.
COMMON_DROP_SELECTORS = (
    ".sharedaddy", ".sd-sharing-enabled", ".share-buttons", ".social-share", ".addtoany_share_save_container",
    ".a2a_kit", ".jp-relatedposts", ".related-posts", ".yarpp-related", "#comments", ".comments-area",
    ".comment-respond", ".wp-block-buttons",
)

#: A body container with less text than this is treated as not matched.
MIN_BODY_CHARS = 200

# Elements whose start and end separate paragraphs.
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
     "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "figure",
     "figcaption", "hr", "address", "details", "summary"}
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
#: Words that open a Dari/Persian or Pashto byline: writer, reporter, "by the pen of", correspondent.
PERSIAN_BYLINE_WORDS = ("نویسنده", "نوشته", "گزارشگر", "گزارش", "خبرنگار", "به قلم", "لیکوال", "خبریال",
                        "راپور", "تهیه کننده")
_PERSIAN_BY = "|".join(sorted(PERSIAN_BYLINE_WORDS, key=len, reverse=True))
_BY_PREFIX = re.compile(r"^\s*(?:(?:written|posted|reported|story|words|compiled)\s+)?by[:\s]+"
                        rf"|^\s*(?:{_PERSIAN_BY})\s*[:：]\s*|^\s*(?:{_PERSIAN_BY})\s+", re.IGNORECASE)
# "و" (Dari) and "او" (Pashto) are "and"; "،" is the Arabic-script comma.
_AUTHOR_SPLIT = re.compile(r"\s*(?:&|\band\b|;|,|،|\||(?<=\s)و(?=\s)|(?<=\s)او(?=\s))\s*", re.IGNORECASE)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."})
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ")
_MAX_AFFIX = 70  # a site-name affix is short; a longer segment is part of the headline
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself in structured data and standard head tags.

    `origins` maps a field name to where its value came from: "json-ld", "meta" (Open Graph,
    `article:*`, `name=...` meta tags) or "html" (`<title>`, `<time>`, `<html lang>`, canonical link).
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None  # UTC
    modified: datetime | None = None  # UTC
    canonical_url: str | None = None
    tags: tuple[str, ...] = ()
    section: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def structured(self, name: str) -> bool:
        """Whether field `name` came from JSON-LD or meta tags (not from plain HTML fallbacks)."""
        return self.origins.get(name) in STRUCTURED_ORIGINS


# --------------------------------------------------------------------------------------------------
# Small helpers


def as_timezone(tz: tzinfo | str | None) -> tzinfo:
    """A tzinfo from a tzinfo, an IANA name ("America/New_York") or None (UTC)."""
    if tz is None:
        return UTC
    if isinstance(tz, str):
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown time zone %r, assuming UTC", tz)
            return UTC
    return tz


def parse_date(value: Any, default_tz: tzinfo | str | None = None) -> datetime | None:
    """Parse a date string into an aware UTC datetime; naive values are taken to be in `default_tz`."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if not text:
            return None
        if may_hold_persian_date(text):  # Persian digits or month names: Solar Hijri or Gregorian
            if (persian := parse_persian_date(text, default_tz or AFGHAN_TZ)) is not None:
                return persian
            text = ascii_digits(text)
        try:
            # Metadata dates are nearly all ISO 8601, which the standard library reads far faster.
            parsed = _iso_date(text) or date_parser.parse(text)
        except (ValueError, OverflowError, TypeError) as exc:
            log.debug("unparseable date %r: %s", text, exc)
            return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=as_timezone(default_tz))
    if SOLAR_YEARS.start <= parsed.year < SOLAR_YEARS.stop:  # "1403-02-25": a Solar Hijri date in ASCII digits
        return to_gregorian(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
                            parsed.tzinfo)
    return parsed.astimezone(UTC)


def _iso_date(text: str) -> datetime | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _SPACES.sub(" ", str(text)).strip()
    return text or None


def _tree(html: Any) -> Element:
    """A parsed tree from HTML text or bytes, an lxml element, or (re-parsed) a BeautifulSoup object."""
    return as_tree(html)


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        value = _clean(value) or ""
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return tuple(seen.values())


def strip_site_suffix(title: str, site_names: Iterable[str]) -> str:
    """Cut a trailing " | Site Name" (or a leading "Site Name - ") when the name is one of `site_names`."""
    title = title.strip()
    fold = title.casefold()
    for name in site_names:
        name = (name or "").strip()
        if not name or name.casefold() not in fold:
            continue
        for sep in _TITLE_SEPARATORS:
            suffix, prefix = f"{sep}{name}", f"{name}{sep}"
            if fold.endswith(suffix.casefold()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
            if fold.startswith(prefix.casefold()) and len(title) > len(prefix):
                return title[len(prefix):].strip()
    return title


def title_segments(title: str) -> tuple[str, str] | None:
    """The first and the last " | "-separated segment of a title (candidate site-name affixes), or None."""
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            parts = title.split(sep)
            return parts[0].strip(), parts[-1].strip()
    return None


def _host_label(url: str) -> str | None:
    """The site's own word in its host ("khaama" in www.khaama.com), when it is a word."""
    host = (urlsplit(url).hostname or "").lower()
    labels = [p for p in host.split(".") if p not in ("www", "m", "en", "com", "org", "net", "tv", "af", "news")]
    label = labels[0] if labels else ""
    return label if len(label) >= 4 and label.isalpha() else None


def clean_title(title: str, *, site_names: Iterable[str] = (), h1: str | None = None, url: str = "") -> str:
    """A title without the site's name around it: known names, the `<h1>` inside it, the host's own word.

    The `<h1>` settles most pages: "Headline | Site" whose `<h1>` is "Headline" is "Headline". Else a
    first or last segment naming the site (a known name, or one containing the host's word, e.g.
    "Khaama Press (KP) | Afghan News Agency" on khaama.com) is cut.
    """
    title = strip_site_suffix(title, site_names)
    if h1:
        h1 = _clean(h1) or ""
        fold, h1_fold = title.casefold(), h1.casefold()
        if h1 and len(h1) < len(title) and h1_fold != fold:
            for sep in _TITLE_SEPARATORS:
                if fold.startswith(h1_fold + sep.rstrip()) or fold.endswith(sep.lstrip() + h1_fold):
                    return h1
    label = _host_label(url)
    if label:
        cuts = sorted((m.start(), m.end()) for sep in _TITLE_SEPARATORS for m in re.finditer(re.escape(sep), title))
        squash = lambda part: part.casefold().replace(" ", "")
        for start, end in cuts:  # earliest cut first: the whole run of site words goes
            tail = title[end:]
            if label in squash(tail) and len(tail) <= _MAX_AFFIX and label not in squash(title[:start]):
                return _clean(title[:start]) or title
        for start, end in reversed(cuts):
            head = title[:start]
            if label in squash(head) and len(head) <= _MAX_AFFIX and label not in squash(title[end:]):
                return _clean(title[end:]) or title
    return title


# --------------------------------------------------------------------------------------------------
# Authors


def split_authors(byline: str | None, drop: Iterable[str] = ()) -> tuple[str, ...]:
    """Person names from a byline: "By A & B", "A and B", "A, B and C"; names in `drop` (outlets) removed."""
    if not byline:
        return ()
    text = _clean(_BY_PREFIX.sub("", str(byline))) or ""
    dropped = {d.strip().casefold() for d in drop if d and d.strip()}
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(text):
        part = _clean(_BY_PREFIX.sub("", part)) or ""
        if not part:
            continue
        if part.casefold() in _NAME_SUFFIXES and names:
            names[-1] = f"{names[-1]}, {part}"
            continue
        if part.casefold() in dropped:
            continue
        names.append(part)
    return _dedupe(names)


#: Where themes put the byline, most specific first (the last resort after metadata and configured selectors):
#: `[itemprop=author] [itemprop=name]`, `[itemprop=author]`, `a[rel~=author]`, then these classes in order,
#: then any class containing "byline", then any other `[rel~=author]`.
BYLINE_CLASSES = (
    "byline__name", "byline-name", "author-name", "author_name", "authorname", "article-author",
    "post-author", "entry-author", "byline", "by-line", "author",
)
_NOT_A_NAME = re.compile(r"\d|@|https?:|\b(?:updated|published|posted|follow|share|comments?)\b", re.IGNORECASE)
_LAST_RANK = 3 + len(BYLINE_CLASSES) + 1


_AUTHOR_PROP = re.compile(r"\bauthor\b")


def _byline_rank(tag: Element) -> int | None:
    """How likely an element is to hold the byline (0 best), or None; plain attribute checks, no CSS engine."""
    attrs = tag.attrib
    if not attrs:
        return None
    props = (attrs.get("itemprop") or "").split()
    if "name" in props and any(_AUTHOR_PROP.search(p.get("itemprop") or "") for p in tag.iterancestors()):
        return 0
    if "author" in props:
        return 1
    by_rel = "author" in (attrs.get("rel") or "").split()
    if by_rel and tag.tag == "a":
        return 2
    names = (attrs.get("class") or "").lower().split()
    if names:
        for rank, name in enumerate(BYLINE_CLASSES):
            if name in names:
                return 3 + rank
        if any("byline" in c for c in names):
            return _LAST_RANK - 1
    return _LAST_RANK if by_rel else None


def html_byline(html: Any, drop: Iterable[str] = ()) -> tuple[str, ...]:
    """Person names from the page's visible byline, when a theme marks it up in a usual way."""
    return find_byline(_tree(html), drop)[0]


#: Bylines that name an agency or a desk, not a person.
AGENCY_NAMES = frozenset(
    {"afp", "ap", "reuters", "associated press", "agence france-presse", "agence france presse", "xinhua",
     "staff", "staff writer", "staff reporter", "news desk", "web desk", "editor", "editors", "admin",
     "administrator", "agencies", "agency", "desk", "correspondent", "our correspondent", "newsroom"}
)
_LOGIN = re.compile(r"[\w.\-@]+")
_BY_TEXT = re.compile(r"^\s*(?:(?:written|posted|reported|story|words)\s+)?by\b"
                      rf"|^\s*(?:{_PERSIAN_BY})\s*[:：]", re.IGNORECASE)
_BYLINE_CUT = re.compile(r"\s[|–—•·-]\s|\s[|–—•·]|[|–—•·]\s|\s+on\s+(?=\w+\s+\d)|\s+(?:updated|published|posted)\b",
                         re.IGNORECASE)


def login_like(name: str) -> bool:
    """Whether an author value looks like a CMS login ("Faridullah.Sahil", "admin", "jdoe2"), not a name."""
    name = name.strip()
    if not _LOGIN.fullmatch(name):
        return False
    return bool(re.search(r"[._@\d]", name)) or name.islower()


def person_like(name: str) -> bool:
    """Whether a value reads as a person's name: two to five words, capitalised, no digits or addresses."""
    words = name.split()
    if not 1 < len(words) <= 5 or _NOT_A_NAME.search(name) or login_like(name):
        return False
    return all(w[0].isupper() or not w[0].isascii() or w.casefold() in _NAME_PARTICLES for w in words)


_NAME_PARTICLES = frozenset({"al", "al-", "bin", "ibn", "de", "van", "von", "der", "da", "du", "la", "le", "el",
                             "ul", "ud", "din", "y"})


def is_outlet(name: str, site_names: Iterable[str] = (), url: str = "") -> bool:
    """Whether an author value names the site, an agency or a desk rather than a person."""
    fold = name.casefold().strip(" .")
    if fold in AGENCY_NAMES:
        return True
    for site in site_names:
        site_fold = (site or "").casefold().strip()
        if site_fold and (fold == site_fold or (len(fold) > 3 and fold in site_fold)
                          or (len(site_fold) >= 3 and re.match(re.escape(site_fold) + r"\b", fold))):
            return True  # "RFE/RL's Radio Mashaal" on RFE/RL is the outlet too
    label = _host_label(url) if url else None
    return bool(label and label in fold.replace(" ", ""))


def byline_names(text: str, drop: Iterable[str] = ()) -> tuple[str, ...]:
    """The person names in a visible byline's text: "By A & B | March 3, 2024" -> (A, B)."""
    from scrapers.dates import DATE_IN_TEXT

    text = DATE_IN_TEXT.sub(" | ", _BY_PREFIX.sub("", text))
    for start, end in reversed(persian_date_spans(text)):  # "نویسنده: ... - ۲۵ ثور ۱۴۰۳"
        text = f"{text[:start]} | {text[end:]}"
    text = _BYLINE_CUT.split(text)[0] if not _BYLINE_CUT.match(text) else text
    names = [n for n in split_authors(text.strip(" ,.:;|–—-"), drop) if not _NOT_A_NAME.search(n)
             and 1 < len(n.split()) <= 5]
    return _dedupe(names)


_STRINGS = etree.XPath(".//text()", smart_strings=True)  # in document order, each knowing its element
_ATTRIBUTED = etree.XPath("descendant-or-self::*[@itemprop or @rel or @class]")  # what `_byline_rank` reads


def _by_strings(root: Element) -> Iterator[Element]:
    """The elements directly holding a text that starts like a byline, in document order."""
    for string in _STRINGS(root):
        if _BY_TEXT.match(string):
            parent = string.getparent()
            if string.is_tail:
                parent = parent.getparent()
            if parent is not None:
                yield parent


def find_byline(html: Any, drop: Iterable[str] = ()) -> tuple[tuple[str, ...], list[Element]]:
    """Names from the visible byline and the elements they came from (for the date beside them).

    Marked-up bylines first (`itemprop=author`, `rel=author`, `.byline`, `.author`...), then any short
    element outside the page chrome whose text starts "By ..." or "Written by ...".
    """
    root = _tree(html)
    drop = tuple(drop)
    ranked: dict[int, list[Element]] = {}
    for tag in _ATTRIBUTED(root):
        rank = _byline_rank(tag)
        if rank is not None:
            ranked.setdefault(rank, []).append(tag)
    for rank in sorted(ranked):
        for tag in ranked[rank][:3]:
            if has_ancestor(tag, ("nav", "footer", "aside")) or _in_comments(tag):
                continue
            text = _clean(text_of(tag)) or ""
            if not text or len(text) > 120:
                continue
            names = byline_names(text, drop)
            parent = tag.getparent()
            if names and parent is not None and len(parent_text := text_of(parent)) <= 120:
                # "By <a rel=author>A</a> and <span>B</span>": the byline is the container, not the link.
                wider = byline_names(_clean(parent_text) or "", drop)
                if set(names) < set(wider) and _BY_TEXT.match(parent_text):
                    names = wider
            if names:
                return names, [tag]
    seen, unnamed = 0, []
    for parent in _by_strings(root):
        if parent.tag in ("script", "style", "title", "a", "option"):
            continue
        text = _clean(text_of(parent)) or ""
        if not text or len(text) > 120 or in_chrome(parent) or _in_comments(parent):
            continue
        seen += 1
        names = byline_names(text, drop)
        if names:
            return names, [parent]
        unnamed.append(parent)  # an outlet's byline ("By Khaama Press – <date>") still dates the story
        if seen >= 5:
            break
    return (), unnamed[:1]


# --------------------------------------------------------------------------------------------------
# Metadata


_CDATA = re.compile(r"^(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>$")


_LD_JSON = re.compile(r"ld\+json", re.IGNORECASE)
# Metadata, dates, the page kind and `articleBody` all read the JSON-LD: it is parsed once per tree.
_JSONLD = PerTree()


def _jsonld_objects(html: Any) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, `@graph` members flattened."""
    return _JSONLD.get(_tree(html), lambda root: list(_read_jsonld(root)))


def _read_jsonld(root: Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if not _LD_JSON.search(script.get("type") or ""):
            continue
        raw = _CDATA.sub("", (script.text or "").strip())  # some CMSs wrap the JSON in <![CDATA[ ... ]]>
        try:
            data = json.loads(raw, strict=False)
        except ValueError as exc:
            log.debug("bad JSON-LD block skipped: %s", exc)
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def jsonld_body(html: Any) -> str | None:
    """The `articleBody` of the page's JSON-LD article, as paragraphs; None when there is none."""
    for obj in _jsonld_objects(html):
        body = obj.get("articleBody")
        if _types(obj) & ARTICLE_TYPES and isinstance(body, str) and body.strip():
            if "<" in body:  # some CMSs put HTML there
                return _block_text(parse_html(body)) or None
            paragraphs = (_clean(p) for p in re.split(r"\n\s*\n|\r\n|\n", body))
            return "\n\n".join(p for p in paragraphs if p) or None
    return None


def _types(obj: Mapping[str, Any]) -> set[str]:
    kind = obj.get("@type", ())
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def _names(value: Any, by_id: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Names from a JSON-LD author/keywords value: a string, an object (maybe an @id reference) or a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return [name for item in value for name in _names(item, by_id)]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "name" not in value and value.get("@id") in by_id:
            value = by_id[value["@id"]]
        name = value.get("name")
        if isinstance(name, str):
            return [name]
    return []


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), None)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return value if isinstance(value, str) and value.strip() else None


_META_PAIRS = PerTree()


def _language_name(value: Any) -> str | None:
    """JSON-LD `inLanguage`: a code ("fa-AF"), or a Language object with its code in `alternateName`."""
    if isinstance(value, Mapping):
        return _first_str(value.get("alternateName")) or _first_str(value.get("name"))
    return _first_str(value)


def _meta_pairs(root: Element) -> list[tuple[str, str]]:
    """(key, content) of every `<meta property|name|itemprop=key content>`, key lower-cased, in document order."""
    return _META_PAIRS.get(root, _read_meta_pairs)


def _read_meta_pairs(root: Element) -> list[tuple[str, str]]:
    pairs = []
    for tag in root.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        if key and (content := _clean(tag.get("content"))):
            pairs.append((key.strip().lower(), content))
    return pairs


def _meta(html: Any, *keys: str) -> list[str]:
    """Contents of `<meta property|name|itemprop=key>` tags, in document order.

    `html` may be the page's `_meta_pairs`, so reading ten keys walks the tree once.
    """
    wanted = {k.lower() for k in keys}
    pairs = html if isinstance(html, list) else _meta_pairs(_tree(html))
    return [content for key, content in pairs if key in wanted]


def read_metadata(
    html: Any,
    url: str,
    *,
    default_tz: tzinfo | str | None = None,
    site_names: Sequence[str] = (),
) -> PageMetadata:
    """Read a page's own description of itself; fields the page lacks are None/empty. Never raises.

    Precedence per field: JSON-LD article object, then meta tags, then plain HTML (`<title>` with
    the site suffix cut, `<time datetime>`, `<html lang>`). Naive dates are taken to be in `default_tz`.
    `site_names` are extra names to cut from titles besides `og:site_name`.
    """
    try:
        return _read_metadata(_tree(html), url, default_tz, site_names)
    except Exception:  # a broken page must never stop a run
        log.exception("metadata of %s could not be read", url)
        return PageMetadata()


def _read_metadata(
    root: Element, url: str, default_tz: tzinfo | str | None, site_names: Sequence[str]
) -> PageMetadata:
    origins: dict[str, str] = {}
    values: dict[str, Any] = {}

    def put(name: str, value: Any, origin: str) -> None:
        if name not in values and value not in (None, "", (), []):
            values[name] = value
            origins[name] = origin

    metas = _meta_pairs(root)
    objects = _jsonld_objects(root)
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    if article is not None:
        # JSON-LD strings are often still HTML-escaped ("&#8217;"), unlike parsed markup.
        headline = _first_str(article.get("headline")) or _first_str(article.get("name"))
        put("title", _clean(html_lib.unescape(headline)) if headline else None, "json-ld")
        put("authors", _dedupe(n for raw in _names(article.get("author"), by_id)
                               for n in split_authors(html_lib.unescape(raw))), "json-ld")
        put("published", parse_date(article.get("datePublished"), default_tz), "json-ld")
        put("modified", parse_date(article.get("dateModified"), default_tz), "json-ld")
        keywords = article.get("keywords")
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        put("tags", _dedupe(_names(keywords, by_id)), "json-ld")
        put("section", _clean(_first_str(article.get("articleSection"))), "json-ld")
        put("language", _clean(_language_name(article.get("inLanguage"))), "json-ld")
        description = _first_str(article.get("description"))
        put("description", _clean(html_lib.unescape(description)) if description else None, "json-ld")
        publisher = _names(article.get("publisher"), by_id)
        put("site_name", _clean(publisher[0]) if publisher else None, "json-ld")
    website = next((o for o in objects if "WebSite" in _types(o)), None)
    if website is not None:
        put("site_name", _clean(_first_str(website.get("name"))), "json-ld")

    put("site_name", next(iter(_meta(metas, "og:site_name")), None), "meta")
    put("title", next(iter(_meta(metas, "og:title", "twitter:title")), None), "meta")
    put("published", _first_date(_meta(metas, "article:published_time", "datePublished", "parsely-pub-date",
                                       "pubdate", "publish-date", "dc.date.issued", "date"), default_tz), "meta")
    put("modified", _first_date(_meta(metas, "article:modified_time", "og:updated_time", "dateModified"),
                                default_tz), "meta")
    put("tags", _dedupe(_meta(metas, "article:tag")), "meta")
    put("section", next(iter(_meta(metas, "article:section")), None), "meta")
    put("description", next(iter(_meta(metas, "og:description", "description")), None), "meta")
    put("authors", _dedupe(n for raw in _meta(metas, "author", "article:author", "parsely-author")
                           if "://" not in raw for n in split_authors(raw)), "meta")
    locale = next(iter(_meta(metas, "og:locale")), None)
    put("language", language_tag(locale), "meta")

    canonical = next((link for link in root.iter("link") if "canonical" in (link.get("rel") or "").split()
                      and link.get("href") is not None), None)
    put("canonical_url", urljoin(url, canonical.get("href").strip()) if canonical is not None else None, "html")
    put("canonical_url", next(iter(_meta(metas, "og:url")), None), "meta")
    title_tag = next(root.iter("title"), None)
    if title_tag is not None:
        put("title", _clean(text_of(title_tag, "")), "html")
    if "published" not in values:
        put("published", _first_date(_time_values(root), default_tz), "html")
    if root.tag == "html":
        put("language", _clean(root.get("lang")), "html")

    if values.get("title"):
        names = [values.get("site_name"), *site_names]
        values["title"] = strip_site_suffix(values["title"], [n for n in names if n])
    if values.get("canonical_url") and urlsplit(values["canonical_url"]).scheme not in ("http", "https"):
        del values["canonical_url"]
        origins.pop("canonical_url", None)
    return PageMetadata(**values, origins=origins)


def _first_date(candidates: Iterable[str], default_tz: tzinfo | str | None) -> datetime | None:
    for candidate in candidates:
        parsed = parse_date(candidate, default_tz)
        if parsed is not None:
            return parsed
    return None


def _in_comments(tag: Element) -> bool:
    return any(
        parent.get("id") == "comments" or "comment" in (parent.get("class") or "")
        for parent in tag.iterancestors()
    )


def _time_values(root: Element) -> list[str]:
    """`<time datetime>` values, the ones marked as the publication date first; none from comments."""
    times = [t for t in root.iter("time") if t.get("datetime") and not _in_comments(t)]
    marked = [t for t in times if t.get("itemprop") == "datePublished"
              or {"published", "entry-date", "post-date"} & set(classes(t))]
    ordered = marked + [t for t in times if t not in marked]
    return [t.get("datetime") for t in ordered]


# --------------------------------------------------------------------------------------------------
# Body text


def _block_text(node: Element, skip: Collection[Any] = (), junk: Callable[[Element], bool] | None = None) -> str:
    """Text of a container, one paragraph per block element, paragraphs separated by blank lines.

    Elements in `skip` or for which `junk(element)` is true are left out; the text after them stays.
    """
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        lines = (line.strip() for line in _SPACES.sub(" ", "".join(buffer)).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
        buffer.clear()

    def walk(tag: Element) -> None:
        if tag.text:
            buffer.append(tag.text.replace("\n", " "))
        for child in tag:
            if child in skip or not isinstance(child.tag, str) or (junk is not None and junk(child)):
                pass
            elif child.tag == "br":
                buffer.append("\n")
            elif child.tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            if child.tail:
                buffer.append(child.tail.replace("\n", " "))

    walk(node)
    flush()
    return "\n\n".join(paragraphs)


def select_text(
    html: Any,
    body_selector: str,
    drop_selectors: Sequence[str] = (),
    *,
    keep_captions: bool = False,
    drop_common: bool = True,
) -> str | None:
    """Text of the first element matching `body_selector`, without nested junk; None if nothing matches.

    Scripts, forms, navigation and (unless `drop_common=False`) common share/related/comment
    widgets are always dropped, then every element matching `drop_selectors`; figures and their
    captions go too unless `keep_captions`. `html` may be text or an already parsed tree, which is
    not modified: junk is skipped while reading, not cut out of the tree.
    """
    try:
        root = _tree(html)
        found = select(root, body_selector)
        if not found:
            return None
        body = found[0]
        drops = matcher_for((*ALWAYS_DROP, *(COMMON_DROP_SELECTORS if drop_common else ()), *drop_selectors,
                             *(() if keep_captions else ("figure", "figcaption", ".wp-caption-text"))))
        return _block_text(body, set(drops.complex_matches(body)), drops.plain) or None
    except Exception:
        log.exception("selector %r failed", body_selector)
        return None


def _junk(body: Element, drops: Sequence[str]) -> list[Element]:
    """Elements inside `body` matching any of `drops`.

    One grouped selector is one walk of the tree instead of one per selector; a configured selector
    cssselect rejects is then tried alone, so one typo does not keep the rest from applying.
    """
    grouped = ", ".join(drops)
    try:
        matcher = compile_css(grouped)
    except Exception:  # noqa: BLE001 - cssselect raises several types for a bad selector
        return [junk for selector in drops for junk in select(body, selector)]
    return [junk for junk in matcher(body) if junk is not body]


#: A fast generic extraction shorter than this is retried with trafilatura's fallback extractors.
SHORT_GENERIC = 1000


def generic_text(html: str | bytes, url: str, *, drop_selectors: Sequence[str] = (),
                 tree: Element | None = None) -> str | None:
    """Main text by trafilatura (no comments, images or links); None on failure.

    Elements matching `drop_selectors` are removed first, so known junk never reaches the extractor.
    trafilatura runs in its balanced mode without the readability/jusText fallbacks, which on the
    extraction-dev pages beats `favor_precision` on precision and recall alike; only when that finds
    little text (under `SHORT_GENERIC` characters) is the slower run with fallbacks tried, and its
    answer kept if longer (bench/extraction_quality.py measures both choices). `tree` is the page
    already parsed, when the caller has it (it is copied, never modified).
    """
    try:
        import trafilatura

        if drop_selectors:
            pruned = copy.deepcopy(tree if tree is not None else parse_html(html))
            for junk in _junk(pruned, drop_selectors):
                drop_tree(junk)  # the text after the element stays, as in the page
            html = etree.tostring(pruned, method="html", encoding="unicode")
        options = {"url": url, "include_comments": False, "include_tables": True, "include_images": False,
                   "include_links": False, "output_format": "txt"}
        text = trafilatura.extract(html, fast=True, **options)
        if not text or len(text) < SHORT_GENERIC:
            fuller = trafilatura.extract(html, **options)
            if fuller and len(fuller) > len(text or ""):
                text = fuller
    except Exception:
        log.exception("generic extraction of %s failed", url)
        return None
    if not text:
        log.info("generic extraction found no main text in %s", url)
        return None
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def filter_paragraphs(
    text: str, *, drop_text: Sequence[str | re.Pattern[str]] = (), cut_after: Sequence[str | re.Pattern[str]] = ()
) -> str:
    """Remove paragraphs matching any `drop_text` regex; cut the text at the first paragraph matching `cut_after`."""
    drops = [re.compile(p) if isinstance(p, str) else p for p in drop_text]
    cuts = [re.compile(p) if isinstance(p, str) else p for p in cut_after]
    kept: list[str] = []
    for paragraph in text.split("\n\n"):
        if any(c.search(paragraph) for c in cuts):
            break
        if not any(d.search(paragraph) for d in drops):
            kept.append(paragraph)
    return "\n\n".join(kept)


# --------------------------------------------------------------------------------------------------
# Articles


def _select_first_text(root: Element, selectors: Sequence[str]) -> str | None:
    for selector in selectors:
        for tag in select(root, selector):
            text = _clean(text_of(tag))
            if text:
                return text
    return None


def html_date(html: str, url: str, default_tz: tzinfo | str | None = None) -> datetime | None:
    """The publication date htmldate finds in markup and URL (day precision), when metadata had none."""
    try:
        from htmldate import find_date

        found = find_date(html, url=url, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception as exc:  # noqa: BLE001 - htmldate is a helper: its failure only means "no date"
        log.debug("htmldate failed on %s: %s", url, exc)
        return None
    return parse_date(found, default_tz) if found else None


def _drop_leading_title(text: str, title: str) -> str:
    """The text without a first paragraph that only repeats the headline (trafilatura keeps the <h1>)."""
    first, _, rest = text.partition("\n\n")

    def words(value: str) -> list[str]:
        return re.findall(r"\w+", value.casefold())

    return rest if rest and words(first) == words(title) else text


def _fallback_title(root: Element, text: str) -> str | None:
    """A title for a page with body text but no title metadata: its first heading, else its first line."""
    for name in ("h1", "h2", "h3"):
        heading = next(root.iter(name), None)
        if heading is not None and (found := _clean(text_of(heading))):
            return found
    first = _clean(text.strip().split("\n", 1)[0]) or ""
    if len(first) > 120:
        first = first[:120].rsplit(" ", 1)[0] + "…"
    return first or None


def extract_article(
    page: FetchedPage,
    source: str,
    *,
    body_selectors: Sequence[str] = (),
    drop_selectors: Sequence[str] = (),
    title_selectors: Sequence[str] = (),
    author_selectors: Sequence[str] = (),
    date_selectors: Sequence[str] = (),
    tag_selectors: Sequence[str] = (),
    drop_text: Sequence[str | re.Pattern[str]] = (),
    cut_after: Sequence[str | re.Pattern[str]] = (),
    default_tz: tzinfo | str | None = None,
    drop_authors: Sequence[str] = (),
    site_names: Sequence[str] = (),
    language: str | None = None,
    min_body_chars: int = MIN_BODY_CHARS,
    site_titles: SiteTitles | None = None,
) -> Article | None:
    """Turn a fetched page into an `Article`, or None (logged) when it has no title or no body text.

    Fields: title, published date and authors come from structured metadata (JSON-LD, meta tags)
    when present, else from `title_selectors` / `date_selectors` / `author_selectors`, else from
    plain HTML (`<title>`, `<time datetime>`). Tags are the union of metadata and `tag_selectors`.
    The body is the first of `body_selectors` yielding at least `min_body_chars` characters (after
    `drop_selectors`, `drop_text` and `cut_after` are applied), else trafilatura's main text if it
    has at least half that; shorter texts are not articles.

    The site's name is cut from the title when the page or `site_names` name it; else, given the
    crawl's `site_titles` (the host's home page title and the titles of its pages parsed so far), the
    affix the site's titles share is cut (`scrapers.titles`), and this page's title is added to them.

    `Article.method` records the path taken:
      - "generic":   the body came from trafilatura (no body selector matched);
      - "metadata":  the body came from a body selector, and both title and published date came
                     from structured metadata (JSON-LD or meta tags);
      - "selectors": the body came from a body selector, but the title or the date came from CSS
                     selectors or plain HTML fallbacks (or there is no date).
    """
    if page.not_modified or not page.body:
        log.info("%s: nothing to extract (empty or not modified)", page.url)
        return None
    try:
        return _extract(page, source, body_selectors=body_selectors, drop_selectors=drop_selectors,
                        title_selectors=title_selectors, author_selectors=author_selectors,
                        date_selectors=date_selectors, tag_selectors=tag_selectors, drop_text=drop_text,
                        cut_after=cut_after, default_tz=default_tz, drop_authors=drop_authors,
                        site_names=site_names, language=language, min_body_chars=min_body_chars,
                        site_titles=site_titles)
    except Exception:
        log.exception("%s: extraction failed", page.url)
        return None


def _extract(
    page: FetchedPage,
    source: str,
    *,
    body_selectors: Sequence[str],
    drop_selectors: Sequence[str],
    title_selectors: Sequence[str],
    author_selectors: Sequence[str],
    date_selectors: Sequence[str],
    tag_selectors: Sequence[str],
    drop_text: Sequence[str | re.Pattern[str]],
    cut_after: Sequence[str | re.Pattern[str]],
    default_tz: tzinfo | str | None,
    drop_authors: Sequence[str],
    site_names: Sequence[str],
    language: str | None,
    min_body_chars: int,
    site_titles: SiteTitles | None = None,
) -> Article | None:
    html = page_text(page)
    root = parse_html(html)  # the one parse: every field below is read from this tree
    meta = _read_metadata(root, page.url, default_tz, site_names)
    provenance: dict[str, str] = {}
    names = [n for n in (meta.site_name, *site_names) if n]

    # Title: structured metadata, else a configured selector, else <title>; then the site's name cut off.
    title, title_structured = meta.title, meta.structured("title")
    provenance["title"] = meta.origins.get("title", "")
    if not title_structured and (selected := _select_first_text(root, title_selectors)):
        title, provenance["title"] = selected, "selector"
    if title:
        h1 = _first_h1(root)
        learned = site_titles.strip(page.url, title, h1) if site_titles is not None else title
        cleaned = clean_title(learned, site_names=names, h1=h1, url=page.url)
        if learned != title:
            provenance["title"] += " (affix shared with the site's titles cut)"
        elif cleaned != title:
            provenance["title"] += " (site name cut)"
        if site_titles is not None:
            site_titles.seen(page.url, title)
        title = cleaned
    if provenance["title"] == "html":
        provenance["title"] = "<title>"

    # Authors: configured selectors override metadata; a visible person-like byline beats a login-like
    # meta author; outlet, agency and desk names are never authors.
    def people(values: Iterable[str]) -> tuple[str, ...]:
        drop = (*drop_authors, *names)
        return tuple(a for a in values if a.casefold() not in {d.casefold() for d in drop_authors}
                     and not is_outlet(a, drop, page.url))

    visible, byline_tags = find_byline(root, drop_authors)
    visible = people(visible)
    meta_authors = people(meta.authors)
    selected_authors = people(_dedupe(n for s in author_selectors for t in select(root, s)
                                      for n in byline_names(_clean(text_of(t)) or "", drop_authors)))
    author_origin = meta.origins.get("authors", "")
    choices = [
        (selected_authors, "selector"),
        (meta_authors if author_origin == "json-ld" else (), "json-ld"),
        (meta_authors if author_origin == "meta" and not any(map(login_like, meta_authors)) else (), "meta"),
        (visible, "byline"),
        (meta_authors if author_origin == "meta" else (), "meta (login-like)"),
    ]
    authors, provenance["authors"] = next(((a, o) for a, o in choices if a), ((), ""))

    # Date: every candidate with its provenance, ranked (scrapers.dates); chrome dates never count.
    structured_dates = []
    if meta.origins.get("published") == "json-ld" and meta.published is not None:
        structured_dates.append(DateCandidate(meta.published, "json-ld", "datePublished"))
    else:  # a page typed WebPage, SocialMediaPosting...: its datePublished is still the publisher's word
        for obj in _jsonld_objects(root):
            if (value := parse_date(obj.get("datePublished"), default_tz)) is not None:
                structured_dates.append(DateCandidate(value, "json-ld", f"datePublished of {'/'.join(_types(obj))}"))
                break
    meta_date = _meta_date(root, default_tz)
    if meta_date is not None:
        structured_dates.append(meta_date)
    candidates = date_candidates(root, page.url, structured=structured_dates, selectors=date_selectors,
                                 byline_tags=byline_tags, default_tz=default_tz, html=html)
    chosen = reconcile(candidates)
    published = chosen.value if chosen else None
    provenance["published"] = chosen.source if chosen else ""
    date_structured = chosen is not None and chosen.source in ("json-ld", "meta", "microdata")
    tags = _dedupe([*meta.tags, *(text_of(t) for s in tag_selectors for t in select(root, s))])

    text, method = None, "generic"
    for selector in body_selectors:
        candidate = select_text(root, selector, drop_selectors)
        if candidate:
            candidate = clean_body(filter_paragraphs(candidate, drop_text=drop_text, cut_after=cut_after), authors)
        if candidate and len(candidate) >= min_body_chars:
            text, provenance["text"] = candidate, f"selector {selector}"
            method = "metadata" if title_structured and date_structured and title == meta.title else "selectors"
            break
        log.debug("%s: body selector %r gave %d chars", page.url, selector, len(candidate or ""))
    if text is None:
        candidate = generic_text(html, page.url, drop_selectors=drop_selectors, tree=root)
        if candidate:
            candidate = clean_body(filter_paragraphs(candidate, drop_text=drop_text, cut_after=cut_after), authors)
        # The generic extractor gets a lower floor: it has already judged this the page's main text.
        if candidate and len(candidate) >= min_body_chars // 2:
            text, provenance["text"] = candidate, "trafilatura"
        elif candidate:
            log.info("%s: generic text too short (%d chars)", page.url, len(candidate))
    if method == "generic":
        # The publisher's own `articleBody` beats a generic guess when it is as complete: JavaScript front
        # ends often ship an empty shell whose only copy of the story is in JSON-LD.
        structured = jsonld_body(root)
        if structured and len(structured) >= min_body_chars // 2 and (
            text is None or len(structured.split()) >= 0.8 * len(text.split())
        ):
            text, method, provenance["text"] = structured, "metadata", "json-ld articleBody"
    if not title and text:
        title, provenance["title"] = _fallback_title(root, text), "first heading"
    if method == "generic" and text and title:
        text = _drop_leading_title(text, title)
    if not title:
        log.info("%s: no title found, not an article", page.url)
        return None
    if not text:
        log.info("%s: no body text found, not an article", page.url)
        return None

    canonical = meta.canonical_url or page.url
    provenance["url"] = "canonical link" if meta.canonical_url else "fetched URL"
    if page_kind(root) == "listing":
        provenance["kind"] = "listing"
    return Article(
        source=source,
        url=canonical,
        title=title,
        text=text,
        published=published,
        authors=authors,
        tags=tags,
        language=reconcile_language(meta.language or language, text),
        method=method,
        fetched_url=page.url if page.url != canonical else None,
        raw_html=page.body,
        summary=meta.description,
        provenance=provenance,
        date_candidates=tuple(candidates),
    )


def page_text(page: FetchedPage) -> str:
    """The page decoded with its response charset, or (a saved page) the charset its bytes declare or are."""
    if page.encoding:
        return page.text
    if page.body.isascii():  # every charset a page may declare reads ASCII bytes alike: nothing to detect
        return page.body.decode("ascii")
    from pipeline.fetch import detect_encoding

    content_type = next((v for k, v in page.headers.items() if k.lower() == "content-type"), None)
    return page.body.decode(detect_encoding(content_type, page.body), errors="replace")


def _first_h1(root: Element) -> str | None:
    for heading in itertools.islice(root.iter("h1"), 5):
        if not in_chrome(heading) and (text := _clean(text_of(heading))):
            return text
    return None


#: `<meta>` keys that carry the publication date, with the name the provenance uses.
_META_DATE_KEYS = ("article:published_time", "parsely-pub-date", "pubdate", "publish-date", "dc.date.issued",
                   "date", "og:published_time", "sailthru.date")


def _meta_date(root: Element, default_tz: tzinfo | str | None) -> DateCandidate | None:
    """The publication date in an `article:published_time`-style meta tag (property or name, not itemprop)."""
    by_key: dict[str, list[str]] = {}
    for tag in root.iter("meta"):  # one walk of the tree, not one per key
        key = tag.get("property") or tag.get("name")
        if isinstance(key, str) and key.strip().lower() in _META_DATE_KEYS:
            by_key.setdefault(key.strip().lower(), []).append(tag.get("content") or "")
    for key in _META_DATE_KEYS:
        for content in by_key.get(key, ()):
            value = parse_date(content, default_tz)
            if value is not None:
                return DateCandidate(value, "meta", key)
    return None


_NON_ARTICLE_OG = frozenset({"website", "profile", "blog", "product", "video.other", "book"})
_NON_ARTICLE_LD = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage", "WebSite",
                             "AboutPage", "ContactPage"})


def page_kind(html: Any) -> str | None:
    """"article" or "listing" when the page says which it is (JSON-LD `@type`, `og:type`), else None."""
    root = _tree(html)
    types = set().union(*(_types(o) for o in _jsonld_objects(root)))
    if types & ARTICLE_TYPES:
        return "article"
    og = next(iter(_meta(root, "og:type")), "").lower()
    if og == "article":
        return "article"
    if types & _NON_ARTICLE_LD or og in _NON_ARTICLE_OG:
        return "listing"
    return None
