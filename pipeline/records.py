"""The small frozen records that flow between the stages: discover -> fetch -> extract -> tag -> store.

Every stage speaks only these types; untyped third-party output (feedparser entries, spaCy docs,
requests responses) is converted to them at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping


@dataclass(frozen=True)
class ArticleRef:
    """A link to an article found by a source's discovery step (feed item, listing entry, API post)."""

    url: str
    source: str
    published: datetime | None = None  # UTC, when discovery already knows it
    title: str | None = None
    via: str = "feed"  # feed | listing | api | sitemap | manual
    # A ready article when discovery already returned the content (WordPress REST API): the pipeline
    # stores it without fetching `url`. None means "fetch the page and call the adapter's parse()".
    article: Article | None = None


@dataclass(frozen=True)
class FetchedPage:
    """One HTTP response body as the fetcher received it."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None
    fetched_at: datetime | None = None
    not_modified: bool = False  # a conditional GET answered 304

    @property
    def text(self) -> str:
        """The body decoded with the response's charset (falling back to UTF-8, never raising)."""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


@dataclass(frozen=True)
class Article:
    """An extracted news article, ready for tagging and storage."""

    source: str
    url: str  # canonical URL (the natural key)
    title: str
    text: str
    published: datetime | None = None  # timezone-aware, UTC
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    method: str = "metadata"  # which extraction path produced it: metadata | selectors | generic | api
    fetched_url: str | None = None  # the URL actually fetched, when it differs from the canonical one
    raw_html: bytes | None = None
    summary: str | None = None


@dataclass(frozen=True)
class Mention:
    """One entity mention found in a text: what, where, and the evidence."""

    kind: str  # province | district | place | group | commander
    name: str  # canonical name
    text: str  # surface text as written
    start: int  # character offsets into the tagged text
    end: int
    sentence: str = ""
    method: str = "gazetteer"  # gazetteer | model | rule
    province: str | None = None  # canonical province of any place (its own name for a province)
    group: str | None = None  # canonical group of a commander
    role: str | None = None  # a commander's role ("governor of Takhar"); "dateline" for a filing place
    title: str | None = None  # a commander's title (Mullah, Mawlawi, General...)
    pcode: str | None = None  # OCHA P-code of a province/district

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict without empty optional fields."""
        out: dict[str, object] = {
            "kind": self.kind,
            "name": self.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        for key in ("province", "group", "role", "title", "pcode"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["sentence"] = self.sentence
        out["method"] = self.method
        return out


@dataclass(frozen=True)
class TaggedArticle:
    """An article with its mentions: the unit the store writes in one transaction."""

    article: Article
    mentions: tuple[Mention, ...]
