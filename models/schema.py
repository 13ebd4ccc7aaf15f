"""SQLAlchemy 2.0 models: sources, articles, entities, mentions, events, incidents, runs, per-URL fetch state.

Schema changes go through the Alembic migrations in `models/migrations`; `models.db.migrate` applies them.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: frontwatch stores timezone-aware UTC times only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def utcnow() -> datetime:
    """Now, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of every frontwatch table."""

    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A configured news source (one `[sources.<name>]` table)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    adapter: Mapped[str] = mapped_column(String(100))
    base_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    """One news article, keyed by its canonical URL."""

    __tablename__ = "articles"
    __table_args__ = (
        # Research views: date-range scans that skip duplicates (migration 0002).
        Index("ix_articles_published_dup", "published_at", "duplicate_of", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)  # canonical URL
    fetched_url: Mapped[str | None] = mapped_column(String(1000), index=True)  # known_urls looks it up
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(default=list)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    raw_html: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed page as fetched
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    extraction_method: Mapped[str] = mapped_column(String(20))
    signature: Mapped[str | None] = mapped_column(Text)  # near-duplicate signature
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    tagged_at: Mapped[datetime | None]
    tagger_version: Mapped[str | None] = mapped_column(String(100))
    # fingerprint of the stored mentions and events (`models.store.analysis_digest`); None when unknown
    analysis_digest: Mapped[str | None] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))

    source: Mapped[Source] = relationship(back_populates="articles")
    mentions: Mapped[list[Mention]] = relationship(back_populates="article", cascade="all, delete-orphan")
    events: Mapped[list[Event]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True, order_by="Event.seq"
    )


class DedupBand(Base):
    """One LSH band key of an article's near-duplicate signature: the on-disk near-duplicate index.

    Two articles whose signatures share a (band, key) pair are near-duplicate candidates; `models.store`
    writes an article's 32 rows in the transaction that saves its signature (migration 0007).
    """

    __tablename__ = "dedup_bands"
    __table_args__ = (
        Index("ix_dedup_bands_article_id", "article_id"),
        {"sqlite_with_rowid": False},  # the primary key is the (band, key) lookup's index: one b-tree
    )

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class Entity(Base):
    """A canonical entity: a province, district, place, armed group or commander."""

    __tablename__ = "entities"
    # One entity per kind, name and province: eleven district names exist in two provinces
    # (Surobi in Kabul and in Paktika...). Groups and commanders have no province.
    __table_args__ = (
        Index("uq_entities_kind_name_province", "kind", "name", text("coalesce(province, '')"), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    pcode: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(50), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    group_name: Mapped[str | None] = mapped_column("group", String(200))
    origin: Mapped[str] = mapped_column(String(20), default="gazetteer")  # gazetteer | found

    mentions: Mapped[list[Mention]] = relationship(back_populates="entity")


class Mention(Base):
    """One mention of an entity in an article, with its evidence."""

    __tablename__ = "mentions"
    __table_args__ = (
        Index("ix_mentions_entity_article", "entity_id", "article_id"),
        # Research views (migration 0002): covering indexes for article-driven scans and same-sentence joins.
        Index("ix_mentions_article_kind", "article_id", "kind", "entity_id", "role"),
        Index("ix_mentions_kind_entity", "kind", "entity_id", "article_id"),
        UniqueConstraint("article_id", "entity_id", "start", "end", name="uq_mentions_span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    sentence: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(50))
    group_name: Mapped[str | None] = mapped_column("group", String(200))
    tagger_version: Mapped[str | None] = mapped_column(String(100))

    article: Mapped[Article] = relationship(back_populates="mentions")
    entity: Mapped[Entity] = relationship(back_populates="mentions")


class Incident(Base):
    """One real-world incident: the events of several reports (articles) that describe it.

    Written and kept up to date by `models.incidents` in the transaction that writes the events; every
    aggregate below is recomputed from the linked events whenever they change (see docs/schema.md).
    """

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_event_date", "event_date"),
        Index("ix_incidents_province_date", "province", "event_date"),
        Index("ix_incidents_sub_event_type", "sub_event_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    event_date: Mapped[date | None] = mapped_column(Date)  # the earliest linked event's date
    date_precision: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(50))
    district: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    pcode: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    actor1: Mapped[str | None] = mapped_column(Text)  # side-1 names, sorted, '; '-joined
    actor2: Mapped[str | None] = mapped_column(Text)
    fatalities_min: Mapped[int | None] = mapped_column(Integer)
    fatalities_max: Mapped[int | None] = mapped_column(Integer)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    historical: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    first_published_at: Mapped[datetime | None]

    events: Mapped[list[Event]] = relationship(back_populates="incident", passive_deletes=True)


class Event(Base):
    """One coded event of one article (ACLED types and sub-types, plus Appointment/Dismissal)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("uq_events_article_seq", "article_id", "seq", unique=True),
        Index("ix_events_sub_event_type_date", "sub_event_type", "event_date"),
        Index("ix_events_province_date", "province", "event_date"),
        Index("ix_events_incident_id", "incident_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # 0 = the article's main event
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    event_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(20))  # day | week | month | year
    province: Mapped[str | None] = mapped_column(String(50))
    district: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    pcode: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)  # 1 place, 2 district, 3 province
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    fatality_source: Mapped[str | None] = mapped_column(String(200))
    figures: Mapped[list[Any]] = mapped_column(default=list)  # [{"kind", "count", "source", "text"}]
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    report_status: Mapped[str] = mapped_column(String(20))  # reported | claimed | confirmed | denied
    historical: Mapped[bool] = mapped_column(Boolean)
    appointee: Mapped[str | None] = mapped_column(String(200))
    post: Mapped[str | None] = mapped_column(String(300))
    sentence: Mapped[str] = mapped_column(Text)
    # "end" is a reserved word in PostgreSQL: these are the evidence's offsets into articles.text.
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    coder_version: Mapped[str | None] = mapped_column(String(100))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))

    article: Mapped[Article] = relationship(back_populates="events")
    incident: Mapped[Incident | None] = relationship(back_populates="events")
    actors: Mapped[list[EventActor]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by=lambda: [EventActor.side, EventActor.name],
    )


class EventActor(Base):
    """One actor of an event: a canonical name on side 1 (who acted) or 2 (who was acted on)."""

    __tablename__ = "event_actors"
    __table_args__ = (
        Index("ix_event_actors_name_side_event", "name", "side", "event_id"),
        Index("ix_event_actors_event_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    side: Mapped[int] = mapped_column(Integer)  # 1 | 2
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))  # the group, when a known one

    event: Mapped[Event] = relationship(back_populates="actors")


class Run(Base):
    """One execution of the job: what it did, how it ended, with which NLP."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="run")  # run | retag
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|ok|partial|failed|interrupted
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(200))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    nlp_mode: Mapped[str | None] = mapped_column(String(20))
    versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message: Mapped[str | None] = mapped_column(Text)

    sources: Mapped[list[RunSource]] = relationship(back_populates="run", cascade="all, delete-orphan")
    errors: Mapped[list[RunError]] = relationship(back_populates="run", cascade="all, delete-orphan")


class RunSource(Base):
    """Per-source counts of one run."""

    __tablename__ = "run_sources"
    __table_args__ = (UniqueConstraint("run_id", "source", name="uq_run_sources"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="ok")  # ok | partial | failed | skipped
    discovered: Mapped[int] = mapped_column(Integer, default=0)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)  # methods, error classes, short bodies...

    run: Mapped[Run] = relationship(back_populates="sources")


class RunError(Base):
    """One failure of one run: which URL, why."""

    __tablename__ = "run_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(1000))
    stage: Mapped[str] = mapped_column(String(20))  # discover | fetch | extract | tag | store
    reason: Mapped[str] = mapped_column(String(50))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[Run] = relationship(back_populates="errors")


_HAS_VALIDATORS = text("etag IS NOT NULL OR last_modified IS NOT NULL")


class UrlState(Base):
    """The fate of each URL across runs: conditional-GET validators, failures, backoff."""

    __tablename__ = "url_states"
    __table_args__ = (
        # A run's due-failure and retry lookups: one source's URLs in a few states (migration 0007).
        Index("ix_url_states_source_status", "source", "status"),
        # The few feeds and listings with conditional-GET validators, read at each run's start.
        Index("ix_url_states_validators", "url", sqlite_where=_HAS_VALIDATORS, postgresql_where=_HAS_VALIDATORS),
    )

    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    source: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # fetched|not_modified|robots|failed|gave_up|permanent
    http_status: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(50))
    message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt: Mapped[datetime | None]
    next_attempt: Mapped[datetime | None]


class MentionCount(Base):
    """Rollup of `mentions` per month, province, kind and source (originals only, no datelines).

    Kept up to date by `models.rollup` in the transaction that writes an article's mentions. `articles`
    counts an article once per row; `earlier_kinds` makes distinct-article counts over several kinds exact
    (see docs/schema.md).
    """

    __tablename__ = "mention_counts"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # 'YYYY-MM' UTC, '' when undated
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    province: Mapped[str] = mapped_column(String(200), primary_key=True)  # '' when none
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    earlier_kinds: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer)
    articles: Mapped[int] = mapped_column(Integer)
    with_group: Mapped[int] = mapped_column(Integer)  # mentions carrying a group of their own


class GroupProvinceCount(Base):
    """Rollup of place mentions named in the same sentence as a group, per month, province, kind and source."""

    __tablename__ = "group_province_counts"

    group_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    province: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    earlier_kinds: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer)  # place mentions with the group in their sentence
    pairs: Mapped[int] = mapped_column(Integer)  # (group mention, place mention) pairs
    articles: Mapped[int] = mapped_column(Integer)
