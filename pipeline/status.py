"""Read-only summaries of the store for `frontwatch sources` and `frontwatch stats`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models.db import open_database
from models.schema import Article, Entity, Event, Incident, Mention, Run, RunSource, Source, UrlState
from pipeline.errors import FrontwatchError
from pipeline.settings import Settings, redact_url


@dataclass(frozen=True)
class SourceRow:
    name: str
    enabled: bool
    adapter: str
    uses: str
    articles: int
    last_status: str | None
    trend: str  # new articles per run, oldest to newest
    health: str | None


@dataclass(frozen=True)
class RunRow:
    id: int
    kind: str
    started: str
    finished: str | None
    status: str
    nlp_mode: str | None
    new: int
    failed: int


@dataclass(frozen=True)
class Stats:
    url: str
    articles: int
    duplicates: int
    entities: int
    mentions: int
    by_kind: list[tuple[str, int, int]]
    runs: list[RunRow]
    events: int = 0
    incidents: int = 0
    by_subtype: list[tuple[str, str, int, int]] = ()  # type: ignore[assignment]  # (type, sub-type, events, incidents)


def _fmt(value) -> str | None:  # type: ignore[no-untyped-def]
    return value.strftime("%Y-%m-%d %H:%M") if value else None


def source_overview(settings: Settings) -> list[SourceRow]:
    """One row per configured source: what it uses, stored articles, recent yield and health."""
    from models.store import Store
    from pipeline.health import history, warnings_for
    from scrapers.registry import adapter_for

    db = open_database(settings.database.url)
    try:
        store = Store(db)
        with db.sessions() as session:
            counts = dict(
                session.execute(
                    select(Source.name, func.count(Article.id)).join(Article, isouter=True).group_by(Source.name)
                ).all()
            )
        rows = []
        for source in settings.sources.values():
            try:
                uses = adapter_for(source).describe()
            except FrontwatchError as exc:
                uses = f"not usable: {exc}"
            runs = history(store, source.name)
            if runs and runs[0].details.get("used"):
                uses = runs[0].details["used"]  # what the last run actually used
            trend = " ".join(str(r.new) for r in reversed(runs)) or "-"
            rows.append(SourceRow(
                source.name, source.enabled, source.adapter, uses, counts.get(source.name, 0),
                runs[0].status if runs else None, trend, "; ".join(warnings_for(runs)) or None,
            ))
        return rows
    finally:
        db.dispose()


@dataclass(frozen=True)
class FailedUrl:
    url: str
    source: str | None
    status: str
    reason: str | None
    http_status: int | None
    attempts: int
    last_attempt: str | None
    next_attempt: str | None


FAILURE_STATES = ("failed", "gave_up", "permanent", "no_article")


def failed_urls(settings: Settings, *, source: str | None = None, statuses: tuple[str, ...] | None = None,
                limit: int = 200) -> list[FailedUrl]:
    """URLs whose last fetch failed, most recent first."""
    db = open_database(settings.database.url)
    try:
        with db.sessions() as session:
            query = select(UrlState).where(UrlState.status.in_(statuses or FAILURE_STATES))
            if source:
                query = query.where(UrlState.source == source)
            rows = session.scalars(query.order_by(UrlState.last_attempt.desc()).limit(limit)).all()
            return [FailedUrl(r.url, r.source, r.status, r.reason, r.http_status, r.attempts,
                              _fmt(r.last_attempt), _fmt(r.next_attempt)) for r in rows]
    finally:
        db.dispose()


@dataclass(frozen=True)
class DiscoveryFailure:
    source: str | None
    run_id: int
    stage: str
    reason: str
    url: str | None
    at: str | None
    message: str


def discovery_failures(settings: Settings, *, source: str | None = None,
                       limit: int = 200) -> list[DiscoveryFailure]:
    """Feeds, listings, robots.txt and setups that failed in each source's latest run (from `run_errors`)."""
    from models.schema import RunError

    db = open_database(settings.database.url)
    try:
        with db.sessions() as session:
            latest = select(RunSource.source, func.max(RunSource.run_id).label("run_id")).group_by(RunSource.source)
            if source:
                latest = latest.where(RunSource.source == source)
            last = latest.subquery()
            rows = session.scalars(
                select(RunError).join(last, (RunError.source == last.c.source) & (RunError.run_id == last.c.run_id))
                .where(RunError.stage.in_(("discover", "setup")))
                .order_by(RunError.at.desc()).limit(limit)
            ).all()
            return [DiscoveryFailure(r.source, r.run_id, r.stage, r.reason, r.url, _fmt(r.at), r.message)
                    for r in rows]
    finally:
        db.dispose()


def database_stats(settings: Settings, *, last_runs: int = 10) -> Stats:
    """Counts of what is stored and the most recent runs."""
    db = open_database(settings.database.url)
    try:
        with db.sessions() as session:
            articles = session.scalar(select(func.count()).select_from(Article)) or 0
            duplicates = session.scalar(
                select(func.count()).select_from(Article).where(Article.duplicate_of.is_not(None))) or 0
            entities = session.scalar(select(func.count()).select_from(Entity)) or 0
            mentions = session.scalar(select(func.count()).select_from(Mention)) or 0
            by_kind = [
                (k, c, d) for k, c, d in session.execute(
                    select(Mention.kind, func.count(), func.count(Mention.entity_id.distinct()))
                    .group_by(Mention.kind).order_by(Mention.kind)
                ).all()
            ]
            events = session.scalar(select(func.count()).select_from(Event)) or 0
            incidents = session.scalar(select(func.count()).select_from(Incident)) or 0
            by_subtype = [
                (t, st, c, i) for t, st, c, i in session.execute(
                    select(Event.event_type, Event.sub_event_type, func.count(), func.count(Event.incident_id.distinct()))
                    .group_by(Event.event_type, Event.sub_event_type).order_by(Event.event_type, Event.sub_event_type)
                ).all()
            ]
            runs = []
            for run in session.scalars(select(Run).order_by(Run.id.desc()).limit(last_runs)):
                new = sum(s.new for s in run.sources)
                failed = sum(s.failed for s in run.sources)
                runs.append(RunRow(run.id, run.kind, _fmt(run.started_at) or "", _fmt(run.finished_at),
                                   run.status, run.nlp_mode, new, failed))
        return Stats(redact_url(settings.database.url), articles, duplicates, entities, mentions, by_kind, runs,
                     events, incidents, by_subtype)
    finally:
        db.dispose()
