"""One parsed lxml tree per page, and the few helpers the extractors read it with.

Every field of an article (metadata, selectors, dates, bylines, body) is read from the same tree:
`parse_html` parses a page once, `select` runs a CSS selector on it (compiled once per process), and
`text_of` is an element's text the way a reader sees it (no scripts or styles). Comments and
processing instructions are dropped at parse time, so every node is an element.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.cssselect import CSSSelector

#: A parsed page's element (lxml's plain element class).
Element = etree._Element

log = logging.getLogger(__name__)

# lxml's plain HTML parser: lxml.html's element classes are looked up in Python for every node touched.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
_TEXT = etree.XPath(".//text()[not(parent::script or parent::style or ancestor::template)]", smart_strings=False)


def parse_html(html: str | bytes) -> Element:
    """The page's `<html>` element; an empty or unparseable page is an empty document, never an error."""
    data = html.encode("utf-8", errors="replace") if isinstance(html, str) else html
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError) as exc:
        log.debug("unparseable HTML (%s): treated as an empty page", exc)
        root = None
    if root is None:
        root = etree.fromstring(b"<html><head></head><body></body></html>", _PARSER)
    return root


def as_tree(document: Any) -> Element:
    """A tree from HTML text, bytes or an lxml element (returned as is); a BeautifulSoup object is re-parsed."""
    if isinstance(document, etree._Element):
        return document
    if isinstance(document, (str, bytes)):
        return parse_html(document)
    return parse_html(str(document))  # bs4 objects from callers that still hold one


class PerTree:
    """Values computed once per tree (its JSON-LD, its meta tags), for the few most recently used trees.

    lxml elements cannot be weakly referenced, so the cache holds the last `size` trees strongly and no more.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._entries: dict[int, tuple[etree._Element, Any]] = {}

    def get(self, element: etree._Element, compute: Callable[[etree._Element], Any]) -> Any:
        """The value for `element`, computed by `compute(element)` on first use."""
        entry = self._entries.get(id(element))
        if entry is not None and entry[0] is element:
            return entry[1]
        value = compute(element)
        if len(self._entries) >= self.size:
            del self._entries[next(iter(self._entries))]
        self._entries[id(element)] = (element, value)
        return value


def text_of(element: etree._Element, sep: str = " ") -> str:
    """An element's text as a reader sees it (script and style contents left out), pieces joined by `sep`."""
    if element.tag in ("script", "style") or next(element.iter("script", "style", "template"), None) is None:
        pieces = element.itertext()  # nothing to leave out: lxml's own iterator is the fastest
    else:
        pieces = _TEXT(element)
    # Whitespace between tags counts as one space or one newline, as BeautifulSoup counted it: the length
    # limits on bylines and date widgets were set on that count.
    return sep.join(("\n" if "\n" in p else " ") if p.isspace() else p for p in pieces)


def drop_tree(element: etree._Element) -> None:
    """Remove an element from its tree, keeping the text that follows it (lxml.html's `drop_tree`)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def attr(element: etree._Element, name: str) -> str:
    """An attribute's value, "" when absent."""
    return element.get(name) or ""


def classes(element: etree._Element) -> list[str]:
    """The element's class names."""
    value = element.get("class")
    return value.split() if value else []


def has_ancestor(element: etree._Element, names: Iterable[str]) -> bool:
    """Whether an ancestor (not the element itself) is one of the tags `names`."""
    wanted = set(names)
    return any(parent.tag in wanted for parent in element.iterancestors())


@lru_cache(maxsize=512)
def compile_css(selector: str) -> CSSSelector:
    """A compiled CSS selector (cached: sources use the same few selectors on every page)."""
    return CSSSelector(selector, translator="html")


def select(element: etree._Element, selector: str) -> list[Element]:
    """Elements under `element` (itself excluded) matching a CSS selector, in document order; [] if invalid."""
    try:
        found = compile_css(selector)(element)
    except Exception:  # noqa: BLE001 - cssselect raises several types for a bad selector: a warning, not a failure
        log.warning("bad CSS selector %r ignored", selector)
        return []
    if element.getparent() is None:  # a document's root matches too, as in a browser's querySelectorAll
        return list(found)
    return [e for e in found if e is not element]


def select_one(element: etree._Element, selector: str) -> Element | None:
    """The first element matching `selector`, or None."""
    found = select(element, selector)
    return found[0] if found else None


_SIMPLE = re.compile(r"(?P<tag>[a-zA-Z][\w-]*)|\.(?P<cls>-?[_a-zA-Z][\w-]*)|#(?P<id>-?[_a-zA-Z][\w-]*)")


class Matcher:
    """A list of CSS selectors, the plain ones (`tag`, `.class`, `#id`) checked in Python on each element
    visited, the others compiled into one XPath; the junk lists dropped from article bodies are mostly plain.
    """

    def __init__(self, selectors: Iterable[str]) -> None:
        self.tags: set[str] = set()
        self.classes: set[str] = set()
        self.ids: set[str] = set()
        self.others: list[str] = []
        for selector in selectors:
            plain = _SIMPLE.fullmatch(selector.strip())
            if plain is None:
                self.others.append(selector)
            elif plain.group("tag"):
                self.tags.add(plain.group("tag").lower())
            elif plain.group("cls"):
                self.classes.add(plain.group("cls"))
            else:
                self.ids.add(plain.group("id"))

    def plain(self, element: etree._Element) -> bool:
        """Whether `element` matches one of the plain selectors."""
        if element.tag in self.tags:
            return True
        if self.ids and element.get("id") in self.ids:
            return True
        value = element.get("class")
        return bool(value and self.classes and not self.classes.isdisjoint(value.split()))

    def complex_matches(self, element: etree._Element) -> list[etree._Element]:
        """Elements under `element` matching one of the other selectors (a bad one is logged and skipped)."""
        if not self.others:
            return []
        try:
            matcher = compile_css(", ".join(self.others))
        except Exception:  # noqa: BLE001 - cssselect raises several types: try each alone, skip the bad one
            return [found for selector in self.others for found in select(element, selector)]
        return [found for found in matcher(element) if found is not element]


@lru_cache(maxsize=128)
def matcher_for(selectors: tuple[str, ...]) -> Matcher:
    """The `Matcher` of a selector list (cached: a source drops the same junk from every page)."""
    return Matcher(selectors)


def valid_css(selector: str) -> bool:
    """Whether cssselect understands `selector`."""
    try:
        compile_css(selector)
    except Exception:  # noqa: BLE001
        return False
    return True
