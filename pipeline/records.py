"""The small frozen records that flow between the stages: discover -> fetch -> extract -> tag -> store.

Every stage speaks only these types; untyped third-party output (feedparser entries, spaCy docs,
requests responses) is converted to them at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping


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
    # Where each field came from ("title": "h1", "published": "microdata"...), for `extract --explain`
    # and the extraction bench; and every publication date the page offered (scrapers.dates), so the
    # run can weigh them against the feed item's date.
    provenance: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)
    date_candidates: tuple[Any, ...] = field(default=(), compare=False, hash=False, repr=False)


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
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class EventActor:
    """One side of an event: a canonical actor name ("Taliban", "Civilians", "Military Forces of Pakistan")."""

    name: str
    side: int  # 1: who acted (actor1); 2: who was acted on (actor2)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {"name": self.name, "side": self.side}


@dataclass(frozen=True)
class CasualtyFigure:
    """One reported figure for an event's dead or injured, and whose figure it is."""

    kind: str  # killed | injured
    count: int  # the lower bound ("at least seven" -> 7, "more than a dozen" -> 12)
    source: str | None = None  # who gave it: "Taliban", "officials", "hospital staff"...
    text: str = ""  # the phrase as written

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {"kind": self.kind, "count": self.count, "source": self.source, "text": self.text}


@dataclass(frozen=True)
class Event:
    """One coded event (ACLED types and sub-types, plus Appointment/Dismissal) with its evidence.

    `fatalities` is the event's total reported deaths on all sides; where figures compete it is the
    lowest credible one, and every figure stays in `figures`. `date` is resolved against the article's
    publication date; a week- or month-precision date is the first day of that week (Monday) or month.
    """

    event_type: str  # "Battles", "Explosions/Remote violence", ..., "Strategic developments"
    sub_event_type: str  # "Armed clash", "Air/drone strike", ..., "Appointment", "Dismissal"
    sentence: str  # the evidence sentence(s) as written
    start: int  # character offsets of the evidence into the tagged text
    end: int
    actors: tuple[EventActor, ...] = ()
    date: date | None = None
    date_precision: str | None = None  # day | week | month | year
    claimed_by: str | None = None  # the actor a claim attributes the event to
    report_status: str = "reported"  # reported | claimed | confirmed | denied
    province: str | None = None
    district: str | None = None
    place: str | None = None
    pcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None  # 1 place, 2 district, 3 province (ACLED's geo_precision)
    fatalities: int | None = None
    injured: int | None = None
    fatality_source: str | None = None  # whose figure `fatalities` is
    figures: tuple[CasualtyFigure, ...] = ()
    historical: bool = False  # the text places it years back: kept out of current counts
    appointee: str | None = None  # Appointment/Dismissal: the person (canonical commander name when known)
    post: str | None = None  # Appointment/Dismissal: the post ("governor of Baghlan")
    method: str = "rule"
    confidence: float = 0.5

    def actor_names(self, side: int) -> tuple[str, ...]:
        """The names on one side (1 or 2)."""
        return tuple(a.name for a in self.actors if a.side == side)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape `frontwatch tag` prints (see issue 9's interface)."""
        out: dict[str, object] = {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "actors": [a.as_dict() for a in self.actors],
            "claimed_by": self.claimed_by,
            "report_status": self.report_status,
            "province": self.province,
            "district": self.district,
            "place": self.place,
            "pcode": self.pcode,
            "lat": self.lat,
            "lon": self.lon,
            "geo_precision": self.geo_precision,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "fatality_source": self.fatality_source,
            "figures": [f.as_dict() for f in self.figures],
            "historical": self.historical,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "method": self.method,
            "confidence": round(self.confidence, 3),
        }
        if self.sub_event_type in ("Appointment", "Dismissal"):
            out["appointee"] = self.appointee
            out["post"] = self.post
        return out
