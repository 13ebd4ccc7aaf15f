"""The Celery tasks: thin shells around the stages of the single-process run.

    frontwatch.discover(job, source)          SourceCrawl.produce: discover and select, one fetch task per URL
    frontwatch.fetch(job, source, ref)        fetch_article + ArticleWriter.store_article / .record
    frontwatch.retag(job, after_id, up_to_id) retag_rows over one chunk of ids

Each task is idempotent: it looks up whether its key is done in the job's state before working, the store's
unique keys and one-transaction writes make a second write of an article an update of the same row, and a
task's counts are added once, when it is marked done. A fetch task first takes its host's next turn from
the shared schedule; a turn more than `INLINE_WAIT` seconds away is waited for by the broker (the task comes
back with a countdown), not by a worker process, so workers stay busy with other hosts meanwhile.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from celery import signals

from pipeline.distributed.app import app, settings
from pipeline.distributed.context import WorkerContext
from pipeline.distributed.jobs import finish_job, report_counts, report_strings, retag_counts
from pipeline.distributed.state import JobState
from pipeline.errors import FrontwatchError
from pipeline.records import ArticleRef
from pipeline.retag import RetagReport, retag_rows
from pipeline.stages import (
    CapReached,
    Failed,
    Fetched,
    Item,
    SourceCrawl,
    SourceFetcher,
    SourceReport,
    fetch_article,
)
from scrapers.registry import adapter_for

log = logging.getLogger(__name__)

#: A host's turn at most this far away is waited for in the task; a later one by the broker (countdown).
INLINE_WAIT = 0.1
#: Turns are handed out at most this far ahead (seconds); a task beyond comes back and asks again.
HORIZON = 300.0
#: Attempts of a task that fails on an error of its own (the database went away...), before it is recorded.
ATTEMPTS = 3

_context: dict[str, WorkerContext] = {}


def context() -> WorkerContext:
    """This process's `WorkerContext`, made on first use from the worker's settings."""
    if "ctx" not in _context:
        _context["ctx"] = WorkerContext(settings())
    return _context["ctx"]


@signals.worker_process_init.connect
def _fresh_process(**_kwargs: Any) -> None:
    """A forked pool process makes its own connections (the parent's must not be shared)."""
    _context.clear()


@signals.worker_process_shutdown.connect
def _close(**_kwargs: Any) -> None:
    if "ctx" in _context:
        _context.pop("ctx").close()


def _window(options: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    since, until = options.get("since"), options.get("until")
    return (datetime.fromisoformat(since) if since else None, datetime.fromisoformat(until) if until else None)


def _ref_message(ref: ArticleRef) -> dict[str, Any]:
    return {"url": ref.url, "published": ref.published.isoformat() if ref.published else None,
            "title": ref.title, "via": ref.via}


def _ref(source: str, message: dict[str, Any]) -> ArticleRef:
    published = message.get("published")
    return ArticleRef(url=message["url"], source=source, title=message.get("title"), via=message.get("via", "feed"),
                      published=datetime.fromisoformat(published) if published else None)


def _finish(ctx: WorkerContext, state: JobState, key: str, report: SourceReport | None = None, *,
            failed: bool = False, counts: dict[str, int] | None = None) -> None:
    complete = state.complete(key, failed=failed, counts=counts if report is None else report_counts(report),
                              strings=None if report is None else report_strings(report))
    if complete:
        finish_job(ctx.store, state)


def _already_done(ctx: WorkerContext, state: JobState, key: str) -> bool:
    if not state.is_done(key):
        return False
    log.info("job %d: %s is done already (delivered again)", state.job, key)
    snap = state.snapshot()
    if snap.done >= snap.queued:
        finish_job(ctx.store, state)  # a finisher killed before it wrote the end
    return True


@app.task(name="frontwatch.discover", bind=True)
def discover(self: Any, job: int, source_name: str, attempt: int = 1) -> None:
    """One source's discovery: the single-process producer, sending a fetch task for each selected URL."""
    ctx = context()
    state = ctx.job(job)
    key = f"discover|{source_name}"
    if _already_done(ctx, state, key):
        return
    state.start(key)
    try:
        _discover(ctx, state, job, key, source_name)
    except Exception as exc:  # not the source's fault (the database went away...): again, then recorded
        if attempt < ATTEMPTS:
            log.warning("job %d: discovery of %s failed (%s), attempt %d of %d", job, source_name, exc, attempt,
                        ATTEMPTS)
            raise self.retry(kwargs={"attempt": attempt + 1}, countdown=2 * attempt, max_retries=None) from None
        log.exception("job %d: discovery of %s failed %d times", job, source_name, ATTEMPTS)
        report = SourceReport(source_name, message=f"discovery failed: {type(exc).__name__}: {exc}")
        _finish(ctx, state, key, report, failed=True)


def _discover(ctx: WorkerContext, state: JobState, job: int, key: str, source_name: str) -> None:
    options = state.options()
    source = ctx.settings.source(source_name)
    report = SourceReport(source_name)
    writer = ctx.writer(job)
    window = _window(options)
    since = window[0]
    try:
        adapter = adapter_for(source)
    except FrontwatchError as exc:  # a source missing required settings: reported, the run goes on
        writer.record(Failed(source_name, None, "setup", "config", str(exc)), report)
        report.status = "failed"
        _finish(ctx, state, key, report, failed=True)
        return
    ctx.fetcher.validators.update(ctx.store.validators())
    conditional: set[str] = set()

    def emit(item: Item) -> None:
        if isinstance(item, Failed):
            writer.record(item, report)
        elif isinstance(item, Fetched):
            writer.store_article(item, report)

    crawl = SourceCrawl(ctx.settings, ctx.store, ctx.fetcher, source, adapter, report, emit, window=window,
                        retry_failed=bool(options.get("retry_failed")), conditional_urls=conditional)
    sent = 0

    def handle(fetcher: SourceFetcher, ref: ArticleRef) -> None:
        nonlocal sent
        if ref.article is not None:  # the content came with discovery (REST API): store it here
            crawl.fetch_and_emit(fetcher, ref)
            return
        if fetcher.cap and fetcher.report.requests + sent >= fetcher.cap:
            raise CapReached(ref.url, f"request cap of {fetcher.cap} per run reached", reason="request_cap")
        if state.send(f"fetch|{source_name}|{ref.url}"):
            fetch.apply_async(args=[job, source_name, _ref_message(ref)])
            sent += 1

    crawl.produce(handle, since=since, limit=options.get("limit"), refetch=bool(options.get("refetch")))
    ctx.store.save_validators({u: ctx.fetcher.validators[u] for u in conditional if u in ctx.fetcher.validators})
    _finish(ctx, state, key, report)


@app.task(name="frontwatch.fetch", bind=True)
def fetch(self: Any, job: int, source_name: str, ref: dict[str, Any], reserved: bool = False,
          attempt: int = 1) -> None:
    """One article: the single-process fetch-extract stage, then its writer's store (or failure record)."""
    ctx = context()
    state = ctx.job(job)
    key = f"fetch|{source_name}|{ref['url']}"
    if _already_done(ctx, state, key):
        return
    host = urlsplit(ref["url"]).netloc.lower()
    delay = ctx.fetcher.host_delay(ref["url"])
    if not reserved and delay > 0:
        taken, wait = ctx.gate.turn(host, delay, HORIZON)
        if wait > INLINE_WAIT:
            raise self.retry(kwargs={"reserved": taken, "attempt": attempt}, countdown=min(wait, HORIZON),
                             max_retries=None)
    state.start(key)
    source = ctx.settings.source(source_name)
    report = SourceReport(source_name)
    writer = ctx.writer(job)
    try:
        fetcher = SourceFetcher(ctx.fetcher, source, 0, report, set())
        item = fetch_article(source, adapter_for(source), fetcher, _ref(source_name, ref), report,
                             _window(state.options()))
        if isinstance(item, Fetched):
            writer.store_article(item, report)
        elif isinstance(item, Failed):
            writer.record(item, report)
    except Exception as exc:  # not the page's fault (the database went away...): again, then recorded
        if attempt < ATTEMPTS:
            log.warning("job %d: %s failed (%s), attempt %d of %d", job, ref["url"], exc, attempt, ATTEMPTS)
            raise self.retry(kwargs={"reserved": True, "attempt": attempt + 1}, countdown=2 * attempt,
                             max_retries=None) from None
        log.exception("job %d: %s failed %d times", job, ref["url"], ATTEMPTS)
        report = SourceReport(source_name)
        writer.record(Failed(source_name, ref["url"], "store", "error", f"{type(exc).__name__}: {exc}"), report)
        _finish(ctx, state, key, report, failed=True)
        return
    _finish(ctx, state, key, report, failed=isinstance(item, Failed))


@app.task(name="frontwatch.retag", bind=True)
def retag(self: Any, job: int, after_id: int, up_to_id: int, attempt: int = 1) -> None:
    """Re-tag one chunk of article ids (after_id, up_to_id] with the single-process retag's loop."""
    ctx = context()
    state = ctx.job(job)
    key = f"retag|{after_id}-{up_to_id}"
    if _already_done(ctx, state, key):
        return
    state.start(key)
    report = RetagReport(job, ctx.tagger.mode)
    options = state.options()
    since = datetime.fromisoformat(options["since"]) if options.get("since") else None
    batch = max(ctx.settings.nlp.batch_size, 64)
    rows = (row for chunk in ctx.store.retag_batches(since=since, batch_size=batch, after_id=after_id,
                                                      up_to_id=up_to_id) for row in chunk)
    try:
        # No cluster-wide lock here: a re-tag touches no duplicate index, and the store's own locks (the
        # article rows, incident buckets, new entities) keep concurrent writers right; writes run side by side.
        # a worker's processes are the cluster's parallelism: each tags its chunk itself, no pool of its own
        retag_rows(ctx.store, ctx.tagger, rows, report, n_process=1)
    except Exception as exc:
        if attempt < ATTEMPTS:
            log.warning("job %d: retag of %s failed (%s), attempt %d of %d", job, key, exc, attempt, ATTEMPTS)
            raise self.retry(kwargs={"attempt": attempt + 1}, countdown=2 * attempt, max_retries=None) from None
        log.exception("job %d: retag of %s failed %d times", job, key, ATTEMPTS)
        _finish(ctx, state, key, failed=True, counts=retag_counts(report))
        return
    _finish(ctx, state, key, counts=retag_counts(report))
