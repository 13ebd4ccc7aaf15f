"""The main job: discover -> fetch -> extract -> tag -> store, for each enabled source.

`run_job` is the one entry point the CLI and the scheduler call.

Sources are crawled concurrently, one producer thread each (discover, fetch, extract), so a run
takes about as long as its slowest host's politeness allows rather than the sum of all hosts. The
calling thread is the only writer. Articles are tagged (mentions and coded events) in batches by
`[nlp] n_process` forked processes (`nlp.pool.TagPool`) while the writer stores the batches before them,
so tagging runs on its own cores beside fetching and storing. Each article is stored with its mentions
and events in one transaction, and every URL's fate is recorded. A crash at any point leaves whole
articles only, and the next run fetches what is missing. Only one run writes to a database at a time.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from models.db import Database, migrate, open_database
from models.lock import run_lock
from models.schema import utcnow
from models.store import Store
from pipeline import __version__
from pipeline.dedup import Deduplicator
from pipeline.errors import FrontwatchError
from pipeline.progress import Progress, make_progress
from pipeline.settings import Settings, SourceSettings
from pipeline.stages import (  # noqa: F401 - FINAL_STATES, RETRYABLE_REFUSALS, SHORT_BODY: their old home
    FINAL_STATES,
    RETRYABLE_REFUSALS,
    SHORT_BODY,
    ArticleWriter,
    Done,
    Failed,
    Fetched,
    Item,
    SourceCrawl,
    SourceReport,
    source_status,
)
from scrapers.base import SourceAdapter
from scrapers.registry import adapter_for

if TYPE_CHECKING:  # spaCy loads only when a run starts
    from nlp.lazy import LazyTagger
    from nlp.pool import Pending, TagPool
    from nlp.tagger import Tagger

log = logging.getLogger(__name__)

QUEUE_SIZE = 32


class RunStopped(FrontwatchError):
    """The run was asked to stop (SIGINT/SIGTERM) and stopped between two articles."""


@dataclass
class RunReport:
    """The outcome of a run: per-source reports, the run id and status."""

    run_id: int
    status: str
    nlp_mode: str
    sources: list[SourceReport]

    @property
    def any_source_failed(self) -> bool:
        return any(s.status == "failed" for s in self.sources)

    @property
    def warnings(self) -> list[str]:
        return [f"{s.name}: {w}" for s in self.sources for w in s.warnings]


def run_job(
    settings: Settings,
    *,
    source_names: Iterable[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    refetch: bool = False,
    retry_failed: bool = False,
    progress: Progress | None = None,
    db: Database | None = None,
    should_stop: Callable[[], bool] | None = None,
    clock: Callable[[], datetime] = utcnow,
    tagger: Tagger | LazyTagger | None = None,
) -> RunReport:
    """Run the pipeline over the selected (default: enabled) sources and store the results.

    With `since` (and optionally `until`), a backfill: sources walk their listings back to `since`, and
    articles dated outside [since, until] are not stored. With `retry_failed`, every failed, given-up
    and size/type-refused URL of the selected sources is tried now, whatever its backoff says.
    `clock` (UTC now) decides which failed URLs are due; tests pass their own. `tagger` defaults to
    a `LazyTagger` of `settings.nlp` (spaCy loads only where articles are tagged, and only if any are); a
    caller running many jobs in one process may build one tagger once and pass it.

    The schema is migrated under the run lock, so two first runs at once do not both create it.
    """
    from nlp.lazy import LazyTagger
    from nlp.pool import TagPool
    from pipeline.fetch import HttpFetcher, host_delays_for
    from pipeline.health import source_warnings

    sources = _select_sources(settings, source_names)
    own_db = db is None
    db = db or open_database(settings.database.url, migrate_schema=False)
    try:
        with run_lock(db, wait=settings.database.on_locked == "wait", timeout=settings.database.lock_timeout):
            if own_db:
                migrate(db)
            store = Store(db)
            interrupted = store.mark_interrupted_runs()
            if interrupted:
                log.warning("%d earlier run(s) ended without finishing; marked as interrupted", interrupted)
            tagger = tagger if tagger is not None else LazyTagger(settings.nlp)  # spaCy loads where it tags
            seed_entities(store)
            options = {
                "sources": [s.name for s in sources], "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
                "limit": limit, "refetch": refetch, "retry_failed": retry_failed,
            }
            versions = {"frontwatch": __version__, **tagger.versions}
            run_id = store.start_run(kind="run", options=options, nlp_mode=tagger.mode, versions=versions)
            log.info("run %d started: %d source(s), NLP mode %s", run_id, len(sources), tagger.mode)
            fetcher = HttpFetcher(settings.http, settings.user_agent, host_delays=host_delays_for(sources))
            fetcher.validators.update(store.validators())
            # forked now, before the producer threads start: tagging overlaps fetching and storing
            pool = TagPool(tagger, settings.nlp.n_process)
            crawl = _Crawl(settings, store, fetcher, tagger, pool, run_id, progress or make_progress(),
                           should_stop or (lambda: False), clock=clock, retry_failed=retry_failed)
            try:
                crawl.window = (since, until)
                reports = crawl.run(sources, since=since, limit=limit, refetch=refetch)
            except BaseException as exc:
                # Ctrl-C, a stop request or a bug: close the run as interrupted; stored work stays.
                store.finish_run(run_id, "interrupted", f"{type(exc).__name__}: {exc}")
                raise
            finally:
                pool.close()
                crawl.progress.close()
                store.save_validators({u: fetcher.validators[u] for u in crawl.conditional_urls
                                       if u in fetcher.validators})
                fetcher.close()
            for report in reports:
                report.warnings = source_warnings(store, report.name)  # shown by the caller, once
            status = _run_status(reports)
            store.finish_run(run_id, status)
            log.info("run %d finished: %s", run_id, status)
            return RunReport(run_id, status, tagger.mode, reports)
    finally:
        if own_db:
            db.dispose()


def _select_sources(settings: Settings, names: Iterable[str] | None) -> list[SourceSettings]:
    if names:
        return [settings.source(n) for n in names]  # an explicitly named source runs even if disabled
    enabled = settings.enabled_sources
    if not enabled:
        raise FrontwatchError("no enabled sources in the config; enable one under [sources.<name>]")
    return enabled


def seed_entities(store: Store) -> None:
    """Make sure the entities table holds the current gazetteers."""
    from nlp.gazetteer import entity_records

    count = store.seed_entities(entity_records())
    log.debug("entities table seeded with %d gazetteer entries", count)


def _run_status(reports: list[SourceReport]) -> str:
    if any(r.status == "failed" for r in reports):
        return "failed" if all(r.status == "failed" for r in reports) else "partial"
    return "partial" if any(r.status == "partial" for r in reports) else "ok"


class _Flow:
    """The writer's articles in hand: the batch being filled and the batches in the pool, oldest first."""

    def __init__(self, size: int, capacity: int):
        self.size = size  # articles per batch
        self.capacity = capacity  # batches the pool tags at once
        self.most = (capacity + 2) * size  # articles held before the producers are made to wait
        self.batch: list[Fetched] = []
        self.tagging: deque[tuple[list[Fetched], Pending]] = deque()
        self.unstored: Counter[str] = Counter()  # articles taken off the queue and not stored yet, per source
        self.done: set[str] = set()  # sources whose producer finished

    def room(self) -> bool:
        """Whether the pool has a process free for another batch (tagged batches wait for the writer apart)."""
        return sum(1 for _, pending in self.tagging if not pending.ready()) < self.capacity

    def held(self) -> int:
        return len(self.batch) + sum(len(batch) for batch, _ in self.tagging)


class _Crawl:
    """One run's sources: producer threads (`SourceCrawl`) feeding the single writer (`ArticleWriter`)."""

    def __init__(self, settings: Settings, store: Store, fetcher: Any, tagger: Any, pool: TagPool, run_id: int,
                 progress: Progress, should_stop: Callable[[], bool], *,
                 clock: Callable[[], datetime] = utcnow, retry_failed: bool = False):
        self.settings = settings
        self.clock = clock
        self.retry_failed = retry_failed
        self.store = store
        self.fetcher = fetcher
        self.pool = pool
        self.run_id = run_id
        self.progress = progress
        self.should_stop = should_stop
        self.stop = threading.Event()
        self.queue: queue.Queue[Item] = queue.Queue(maxsize=QUEUE_SIZE)
        self.reports: dict[str, SourceReport] = {}
        self.conditional_urls: set[str] = set()
        self.tasks: dict[str, Any] = {}
        self.source_ids: dict[str, int] = {}
        self.window: tuple[datetime | None, datetime | None] = (None, None)  # publication dates to keep
        self.writer = ArticleWriter(settings, store, tagger, Deduplicator.for_store(store), run_id,
                                    self.source_ids, clock=clock)

    def run(self, sources: list[SourceSettings], *, since: datetime | None, limit: int | None,
            refetch: bool) -> list[SourceReport]:
        threads = []
        for source in sources:
            report = self.reports[source.name] = SourceReport(source.name)
            try:
                adapter = adapter_for(source)
                self.source_ids[source.name] = self.store.ensure_source(source)
            except FrontwatchError as exc:
                report.status, report.message = "failed", str(exc)
                self.writer.record(Failed(source.name, None, "setup", "config", str(exc)), report)
                self.store.save_source_counts(self.run_id, source.name, report.counts())
                continue
            self.tasks[source.name] = self.progress.start(source.name)
            thread = threading.Thread(
                target=self._produce, args=(source, adapter, since, limit, refetch),
                name=f"frontwatch-{source.name}", daemon=True,
            )
            threads.append(thread)
            thread.start()
        try:
            self._write(active={t.name.removeprefix("frontwatch-") for t in threads})
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=60)
        return list(self.reports.values())

    # -- the writer (calling thread) --------------------------------------------------------------

    def _write(self, active: set[str]) -> None:
        """Take the producers' items in order: failures are recorded at once; articles go to the tagging pool in
        batches, and each batch is stored, article by article in the order it came, while later ones are tagged.
        Between two stored articles the writer takes what the producers have queued and hands the pool its next
        batch, so the pool never sits idle behind a batch being stored. A source is finished when its producer
        is done and its last article is stored."""
        flow = _Flow(max(1, self.settings.nlp.batch_size), self.pool.capacity)
        while active:
            self._stop_if_asked(active)
            if flow.tagging and flow.tagging[0][1].ready():
                self._store_batch(flow, active)
                continue
            for name in sorted(n for n in flow.done if not flow.unstored[n]):
                flow.done.discard(name)
                active.discard(name)
                self._finish_source(name)
            if not active:
                break
            if self._take(flow, timeout=0.05 if flow.tagging or flow.batch else 0.5):
                continue
            if flow.tagging and (not flow.room() or flow.held() >= flow.most):
                # the pool is full, or enough is in hand: wait for the oldest batch (not spin on an empty step)
                flow.tagging[0][1].wait(0.5)

    def _take(self, flow: _Flow, *, timeout: float | None) -> bool:
        """One step of intake: hand the pool a batch, or take one item off the queue (waiting up to `timeout`
        seconds; None: not at all). False when there was nothing to do."""
        if flow.batch and flow.room() and (len(flow.batch) >= flow.size or self.queue.empty()):
            # a tagging process with nothing to do takes what there is; a busy pool lets the batch fill up
            batch, flow.batch = flow.batch, []
            items = [(f.article.text, f.article.published, f.article.language) for f in batch]
            flow.tagging.append((batch, self.pool.submit(items)))
            return True
        if len(flow.batch) >= flow.size or flow.held() >= flow.most:
            return False  # enough in hand: the producers wait on the queue
        try:
            item = self.queue.get(timeout=timeout) if timeout else self.queue.get_nowait()
        except queue.Empty:
            return False
        if isinstance(item, Done):
            flow.done.add(item.source)
        elif isinstance(item, Failed):
            with self.store.unit_of_work():  # the failure and the URL's state: one transaction
                self.writer.record(item, self.reports[item.source])
        else:
            flow.batch.append(item)
            flow.unstored[item.source] += 1
        return True

    def _store_batch(self, flow: _Flow, active: set[str]) -> None:
        batch, pending = flow.tagging.popleft()
        for item, analysis in zip(batch, pending.get(), strict=True):
            self._stop_if_asked(active)
            with self.store.unit_of_work():  # the article, its copies' links, its URL state: one commit
                self.writer.store_article(item, self.reports[item.source], analysis)
            flow.unstored[item.source] -= 1
            self.progress.advance(self.tasks[item.source])
            while self._take(flow, timeout=None):  # keep the pool fed while this batch is stored
                pass

    def _stop_if_asked(self, active: set[str]) -> None:
        if self.should_stop() and not self.stop.is_set():
            log.warning("stop requested: finishing the current article")
            self.stop.set()
            for name in sorted(active):
                self._finish_source(name)
            raise RunStopped("stopped on request; the next run resumes where this one stopped")

    def _finish_source(self, name: str) -> None:
        report = self.reports[name]
        report.status = source_status(report)
        if name in self.tasks:
            self.progress.finish(self.tasks.pop(name))
        self.store.save_source_counts(self.run_id, name, report.counts())

    # -- producers (one thread per source) --------------------------------------------------------

    def _produce(self, source: SourceSettings, adapter: SourceAdapter, since: datetime | None,
                 limit: int | None, refetch: bool) -> None:
        crawl = SourceCrawl(self.settings, self.store, self.fetcher, source, adapter, self.reports[source.name],
                            self.queue.put, window=self.window, clock=self.clock, retry_failed=self.retry_failed,
                            conditional_urls=self.conditional_urls,
                            found=lambda count: self.progress.found(source.name, count), stopped=self.stop.is_set)
        crawl.produce(crawl.fetch_and_emit, since=since, limit=limit, refetch=refetch)
