"""Distributed jobs from the enqueuing side: send the work, follow it, and write its end.

    enqueue_run(settings, ...)    -> job id (= the run's id): one discovery task per source
    enqueue_retag(settings, ...)  -> job id: one retag task per chunk of `[queue] retag_chunk` article ids
    watch(settings, job)          -> Snapshot after Snapshot until the job is finished
    run_report(settings, job)     -> the RunReport the single-process run returns, from the shared counts
    finish_job(store, state)      the end of a job, written by whichever process finished its last task

Counts travel as "<scope>|<field>" increments (scope: a source name, or "retag"); see `state.JobState`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import datetime
from typing import Any

from models.db import Database, migrate, open_database
from models.lock import run_lock
from models.store import Store
from pipeline import __version__
from pipeline.distributed.state import JobState, Snapshot, connect
from pipeline.errors import ConfigError, FrontwatchError
from pipeline.retag import RetagReport
from pipeline.run import RunReport, _run_status, _select_sources, seed_entities
from pipeline.settings import Settings, redact_url
from pipeline.stages import SourceReport, source_status

log = logging.getLogger(__name__)

_COUNTERS = tuple(f.name for f in fields(SourceReport) if f.type in ("int", int))
_RETAG_COUNTERS = ("articles", "changed_articles")
_RETAG_KINDS = ("added", "removed", "events_added", "events_removed")


class JobBusy(FrontwatchError):
    """Another distributed job is running."""


# -- counts as they travel --------------------------------------------------------------------------------


def report_counts(report: SourceReport) -> dict[str, int]:
    """A source report's counts as "<source>|<field>" increments."""
    scope = report.name
    counts = {f"{scope}|{name}": getattr(report, name) for name in _COUNTERS}
    counts.update({f"{scope}|methods.{k}": v for k, v in report.methods.items()})
    counts.update({f"{scope}|errors.{k}": v for k, v in report.errors.items()})
    return counts


def report_strings(report: SourceReport) -> dict[str, dict[str, Any]]:
    scope = report.name
    return {"set": {f"{scope}|used": report.used} if report.used else {},
            "setnx": {f"{scope}|message": report.message} if report.message else {},
            "append": {f"{scope}|notes": report.notes} if report.notes else {}}


def report_from_state(name: str, counts: dict[str, int], strings: dict[str, str]) -> SourceReport:
    """A source's report rebuilt from the job's shared counts."""
    report = SourceReport(name)
    for key, value in counts.items():
        scope, _, field = key.partition("|")
        if scope != name:
            continue
        if field.startswith("methods."):
            report.methods[field.removeprefix("methods.")] = value
        elif field.startswith("errors."):
            report.errors[field.removeprefix("errors.")] = value
        elif field in _COUNTERS:
            setattr(report, field, value)
    report.message = strings.get(f"{name}|message", "")
    report.used = strings.get(f"{name}|used", "")
    report.notes = json.loads(strings.get(f"{name}|notes", "[]"))
    report.status = source_status(report)
    return report


def retag_counts(report: RetagReport) -> dict[str, int]:
    counts = {f"retag|{name}": getattr(report, name) for name in _RETAG_COUNTERS}
    for kind in _RETAG_KINDS:
        counts.update({f"retag|{kind}.{k}": v for k, v in getattr(report, kind).items()})
    return counts


def retag_from_state(job: int, nlp_mode: str, counts: dict[str, int]) -> RetagReport:
    report = RetagReport(job, nlp_mode)
    for key, value in counts.items():
        scope, _, field = key.partition("|")
        if scope != "retag":
            continue
        kind, dot, name = field.partition(".")
        if dot and kind in _RETAG_KINDS:
            getattr(report, kind)[name] = value
        elif field in _RETAG_COUNTERS:
            setattr(report, field, value)
    return report


# -- enqueue ----------------------------------------------------------------------------------------------


def require_shared_database(settings: Settings) -> None:
    """Distributed work needs one database every machine reaches: PostgreSQL."""
    url = settings.database.url
    if not url.startswith("postgresql"):
        raise ConfigError(f"--distributed needs a PostgreSQL database shared by every worker; [database] url is "
                          f"{redact_url(url)!r} (set it, or FRONTWATCH_DATABASE_URL, to postgresql+psycopg://...)")


def _open(settings: Settings) -> Database:
    require_shared_database(settings)
    return open_database(settings.database.url, migrate_schema=False, pool_size=settings.queue.pool_size)


def _reachable(settings: Settings) -> Any:
    """A Redis client for the shared state, checked before anything is recorded."""
    from redis.exceptions import RedisError

    redis = connect(settings.queue.state_url)
    try:
        redis.ping()
    except RedisError as exc:
        raise FrontwatchError(f"cannot reach the shared state at {redact_url(settings.queue.state_url)} "
                              f"([queue] state_url): {exc}") from None
    return redis


def _claim(settings: Settings, redis: Any, job: int) -> JobState:
    from redis.exceptions import RedisError

    state = JobState(redis, settings.queue.prefix, job, timeout=settings.queue.job_timeout)
    try:
        holder = state.claim()
    except RedisError as exc:
        raise FrontwatchError(f"cannot reach the shared state at {redact_url(settings.queue.state_url)} "
                              f"([queue] state_url): {exc}") from None
    if holder is not None:
        raise JobBusy(f"distributed job {holder} is still running (`frontwatch status` shows it); wait for it, "
                      f"or, if its workers are gone, it is released {settings.queue.job_timeout:.0f} s after its "
                      "last task")
    return state


def enqueue_run(settings: Settings, *, source_names: list[str] | None = None, since: datetime | None = None,
                until: datetime | None = None, limit: int | None = None, refetch: bool = False,
                retry_failed: bool = False) -> int:
    """Record a run and send one discovery task per source; returns the job id (the run's id)."""
    from nlp.tagger import build_tagger
    from pipeline.distributed.app import configure
    from pipeline.distributed.tasks import discover

    sources = _select_sources(settings, source_names)
    require_shared_database(settings)
    redis = _reachable(settings)
    db = _open(settings)
    try:
        with run_lock(db, wait=settings.database.on_locked == "wait", timeout=settings.database.lock_timeout):
            migrate(db)
            store = Store(db)
            seed_entities(store)
            for source in sources:
                store.ensure_source(source)
            tagger = build_tagger(settings.nlp)
            options = {"sources": [s.name for s in sources], "since": since.isoformat() if since else None,
                       "until": until.isoformat() if until else None, "limit": limit, "refetch": refetch,
                       "retry_failed": retry_failed, "distributed": True}
            job = store.start_run(kind="run", options=options, nlp_mode=tagger.mode,
                                  versions={"frontwatch": __version__, **tagger.versions})
        state = _claim(settings, redis, job)
        state.create("run", {**options, "nlp_mode": tagger.mode}, [s.name for s in sources], queued=0)
        configure(settings)
        for source in sources:  # all counted before the first is sent: a quick one must not end the job
            state.send(f"discover|{source.name}")
        for source in sources:
            discover.apply_async(args=[job, source.name])
        log.info("run %d: %d discovery task(s) sent to %s", job, len(sources), redact_url(settings.queue.broker_url))
        return job
    finally:
        db.dispose()


def enqueue_retag(settings: Settings, *, since: datetime | None = None) -> int:
    """Record a retag and send one task per chunk of article ids; returns the job id."""
    from nlp.tagger import build_tagger
    from pipeline.distributed.app import configure
    from pipeline.distributed.tasks import retag

    require_shared_database(settings)
    redis = _reachable(settings)
    db = _open(settings)
    try:
        store = Store(db)
        seed_entities(store)
        tagger = build_tagger(settings.nlp)
        options = {"since": since.isoformat() if since else None, "distributed": True}
        job = store.start_run(kind="retag", options=options, nlp_mode=tagger.mode,
                              versions={"frontwatch": __version__, **tagger.versions})
        ids = store.article_ids(since=since)
        size = settings.queue.retag_chunk
        chunks = [(ids[i] - 1, ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]
        state = _claim(settings, redis, job)
        state.create("retag", {**options, "nlp_mode": tagger.mode}, ["retag"], queued=0)
        configure(settings)
        for after, up_to in chunks:
            state.send(f"retag|{after}-{up_to}")
        for after, up_to in chunks:
            retag.apply_async(args=[job, after, up_to])
        if not chunks:
            finish_job(store, state)
        return job
    finally:
        db.dispose()


# -- follow and finish ------------------------------------------------------------------------------------


def job_state(settings: Settings, job: int) -> JobState:
    return JobState(connect(settings.queue.state_url), settings.queue.prefix, job, timeout=settings.queue.job_timeout)


def watch(settings: Settings, job: int, *, interval: float = 1.0, timeout: float | None = None
          ) -> Iterator[Snapshot]:
    """Snapshots of a job every `interval` seconds, the last one once it is finished."""
    state = job_state(settings, job)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        snap = state.snapshot()
        yield snap
        if snap.status == "finished":
            return
        if deadline is not None and time.monotonic() > deadline:
            raise FrontwatchError(f"job {job} did not finish within {timeout:.0f} s: {snap.line()}")
        time.sleep(interval)


def run_report(settings: Settings, job: int) -> RunReport:
    """A finished (or running) distributed run as the single-process run reports it."""
    state = job_state(settings, job)
    counts, strings = state.counts(), state.strings()
    reports = [report_from_state(name, counts, strings) for name in state.scopes()]
    meta = state.meta()
    options = json.loads(meta.get("options", "{}"))
    return RunReport(job, meta.get("summary") or _run_status(reports), options.get("nlp_mode", "?"), reports)


def run_distributed(settings: Settings, *, should_stop: Callable[[], bool] | None = None) -> RunReport:
    """The enabled sources as one distributed run, followed to its end (the scheduler's daily job).

    When `should_stop()` turns true the workers carry on; this returns at once, and the job's end is
    written by the worker that finishes its last task.
    """
    from pipeline.run import RunStopped

    job = enqueue_run(settings)
    for snap in watch(settings, job, interval=5.0):
        log.info("%s", snap.line())
        if should_stop is not None and should_stop() and snap.status != "finished":
            raise RunStopped(f"stopped following job {job}; its workers carry on (`frontwatch status`)")
    return run_report(settings, job)


def retag_report(settings: Settings, job: int) -> RetagReport:
    state = job_state(settings, job)
    return retag_from_state(job, state.options().get("nlp_mode", "?"), state.counts())


def finish_job(store: Store, state: JobState) -> None:
    """Write a complete job's end: per-source counts and the run's status (idempotent)."""
    if not state.begin_finish():
        return
    from pipeline.health import source_warnings

    meta = state.meta()
    counts, strings = state.counts(), state.strings()
    if meta.get("kind") == "retag":
        report = retag_from_state(state.job, "", counts)
        status = "ok"
        store.finish_run(state.job, status,
                         f"{report.articles} articles re-tagged, {report.changed_articles} changed (distributed)")
    else:
        reports = [report_from_state(name, counts, strings) for name in state.scopes()]
        for report in reports:
            report.warnings = source_warnings(store, report.name)
            store.save_source_counts(state.job, report.name, report.counts())
        status = _run_status(reports)
        store.finish_run(state.job, status)
    log.info("job %d finished: %s", state.job, status)
    state.finished(status)


