"""The main job: discover -> fetch -> extract -> tag -> store, for each enabled source.

`run_job` is the one entry point the CLI and the scheduler call.

Sources are crawled concurrently, one producer thread each (discover, fetch, extract), so a run
takes about as long as its slowest host's politeness allows rather than the sum of all hosts. The
calling thread is the only writer: it tags each article (mentions and coded events), stores it with
its mentions and events in one transaction, and records every URL's fate. A crash at any point leaves
whole articles only, and the next run fetches what is missing. Only one run writes to a database at a
time.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from models.db import Database, migrate, open_database
from models.lock import run_lock
from models.schema import UrlState, utcnow
from models.store import Store
from pipeline import __version__
from pipeline.dedup import Deduplicator, signature
from pipeline.errors import FetchError, FrontwatchError, PermanentFetchError
from pipeline.fetch import HTML_TYPES
from pipeline.progress import Progress, make_progress
from pipeline.records import Article, ArticleRef, FetchedPage
from pipeline.settings import Settings, SourceSettings
from scrapers.base import SourceAdapter
from scrapers.registry import adapter_for
from scrapers.cleaning import text_problem
from scrapers.dates import reconcile as reconcile_dates
from scrapers.urls import canonical_url

if TYPE_CHECKING:  # spaCy loads only when a run starts
    from nlp.tagger import Tagger

log = logging.getLogger(__name__)

#: Bodies shorter than this many characters are counted as a source-health signal.
SHORT_BODY = 300
#: URL states that are not fetched again on later runs (unless --refetch).
FINAL_STATES = frozenset({"permanent", "gave_up", "no_article"})
#: Permanent refusals that `--retry-failed` tries again (a size or type limit may have been raised,
#: a site may have fixed its server); a 404 or a robots.txt disallow is not worth asking again.
RETRYABLE_REFUSALS = frozenset({"too_large", "content_type", "content_encoding"})
QUEUE_SIZE = 32


class RunStopped(FrontwatchError):
    """The run was asked to stop (SIGINT/SIGTERM) and stopped between two articles."""


@dataclass
class SourceReport:
    """What one source did in one run."""

    name: str
    status: str = "ok"  # ok | partial | failed
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    deferred: int = 0  # not due yet (backoff), or not requested because the host was paused or down
    gave_up: int = 0  # failed for the max_attempts-th time in this run: not retried again by itself
    retried: int = 0  # earlier failures tried again
    out_of_range: int = 0  # dated outside the run's --since/--until window
    failed: int = 0
    mentions: int = 0
    events: int = 0
    requests: int = 0
    methods: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    short_bodies: int = 0
    message: str = ""
    used: str = ""  # what discovery actually used, in the adapter's words
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # failures that did not stop the source (a dead feed of two)

    def counts(self) -> dict[str, Any]:
        """The row written to run_sources (columns plus a details mapping)."""
        return {
            "status": self.status, "discovered": self.discovered, "fetched": self.fetched, "new": self.new,
            "updated": self.updated, "skipped": self.skipped, "failed": self.failed,
            "not_modified": self.not_modified, "deferred": self.deferred, "gave_up": self.gave_up,
            "retried": self.retried, "out_of_range": self.out_of_range,
            "requests": self.requests,
            "mentions": self.mentions, "events": self.events, "methods": dict(self.methods),
            "errors": dict(self.errors),
            "duplicates": self.duplicates, "short_bodies": self.short_bodies, "message": self.message,
            "used": self.used, "notes": list(self.notes),
        }


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
    tagger: Tagger | None = None,
) -> RunReport:
    """Run the pipeline over the selected (default: enabled) sources and store the results.

    With `since` (and optionally `until`), a backfill: sources walk their listings back to `since`, and
    articles dated outside [since, until] are not stored. With `retry_failed`, every failed, given-up
    and size/type-refused URL of the selected sources is tried now, whatever its backoff says.
    `clock` (UTC now) decides which failed URLs are due; tests pass their own. `tagger` defaults to
    one built from `settings.nlp`; a caller running many jobs in one process may build it once and pass it.

    The schema is migrated under the run lock, so two first runs at once do not both create it.
    """
    from nlp.tagger import build_tagger
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
            tagger = tagger if tagger is not None else build_tagger(settings.nlp)
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
            crawl = _Crawl(settings, store, fetcher, tagger, run_id, progress or make_progress(),
                           should_stop or (lambda: False), clock=clock, retry_failed=retry_failed)
            try:
                crawl.window = (since, until)
                reports = crawl.run(sources, since=since, limit=limit, refetch=refetch)
            except BaseException as exc:
                # Ctrl-C, a stop request or a bug: close the run as interrupted; stored work stays.
                store.finish_run(run_id, "interrupted", f"{type(exc).__name__}: {exc}")
                raise
            finally:
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


# -- what producers tell the writer --------------------------------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    source: str
    article: Article
    page: FetchedPage | None


@dataclass(frozen=True)
class _Failed:
    source: str
    url: str | None
    stage: str
    reason: str
    message: str
    status: int | None = None
    permanent: bool = False
    requested: bool = True  # False: never sent (host paused, down, no robots.txt): costs no attempt
    note: bool = False  # a discovery URL failed but discovery went on: a note, the source did not fail


@dataclass(frozen=True)
class _Done:
    source: str


class _SourceFetcher:
    """The shared fetcher as one source sees it: its hosts only, its request cap, conditional URLs noted.

    Discovery asks through a per-run memory: a URL that failed is not asked again in the run (a feed
    that is also a fallback strategy's guess, a home page two strategies read), and the last few
    pages are answered from memory. Article pages (`request`) always go to the network.
    """

    #: Discovery pages kept for a second strategy asking for them (small: feeds, home pages, API roots).
    REMEMBERED_PAGES = 8
    REMEMBERED_BYTES = 2_000_000

    def __init__(self, fetcher: Any, source: SourceSettings, cap: int, report: SourceReport,
                 conditional_urls: set[str]):
        self.fetcher = fetcher
        self.hosts = source.hosts
        self.feed_urls = frozenset(source.feed_urls)
        # What the config names for discovery: a failure is reported with one of these, not a fallback's URL.
        self.configured = (*source.feed_urls, *source.listing_urls, *(source.url(p) for p in source.sitemaps),
                           *((source.url(source.api_url),) if source.api_url else ()))
        self.bad_feeds: list[tuple[str, str]] = []  # (feed URL, why it is no feed): failed discoveries
        self.cap = cap
        self.report = report
        self.conditional_urls = conditional_urls
        self.successes = 0
        self.failures = 0
        self.last_error: FetchError | None = None
        self.errors: dict[str, FetchError] = {}  # discovery URL -> its failure in this run, in order
        self._pages: dict[tuple[str, bool, frozenset[str] | None], FetchedPage] = {}

    def get(self, url: str, *, conditional: bool = False, allowed_hosts: frozenset[str] | None = None,
            accept: frozenset[str] | None = None) -> FetchedPage:
        """A discovery request: asked of the network once per run."""
        if url in self.errors:
            self.failures += 1
            self.last_error = self.errors[url]
            raise self.errors[url]
        key = (url, conditional, accept)
        if key in self._pages:
            return self._pages[key]
        try:
            page = self.request(url, conditional=conditional, allowed_hosts=allowed_hosts, accept=accept)
        except _CapReached:
            raise
        except FetchError as exc:
            self.errors[url] = exc
            raise
        if len(page.body) <= self.REMEMBERED_BYTES:
            self._pages[key] = page
            while len(self._pages) > self.REMEMBERED_PAGES:
                del self._pages[next(iter(self._pages))]
        return page

    def request(self, url: str, *, conditional: bool = False, allowed_hosts: frozenset[str] | None = None,
                accept: frozenset[str] | None = None) -> FetchedPage:
        """One request to the network (article pages, and discovery's first asking), counted against the cap."""
        if self.cap and self.report.requests >= self.cap:
            raise _CapReached(url, f"request cap of {self.cap} per run reached", reason="request_cap")
        self.report.requests += 1
        if conditional:
            self.conditional_urls.add(url)
        try:
            page = self.fetcher.get(url, conditional=conditional, allowed_hosts=allowed_hosts or self.hosts,
                                    accept=accept)
        except FetchError as exc:
            self.failures += 1
            self.last_error = exc
            raise
        self.successes += 1
        if page.not_modified:
            self.report.not_modified += 1
        elif url in self.feed_urls:
            problem = not_a_feed(page)
            if problem:
                self.bad_feeds.append((url, problem))
        return page

    def reported(self, exc: FetchError) -> FetchError:
        """The failure to report for a discovery that failed with `exc`: the first configured URL's, if any."""
        return next((self.errors[u] for u in self.configured if u in self.errors), exc)

    def other_failures(self, reported: str | None) -> list[FetchError]:
        """Configured discovery URLs that failed in this run, besides the one `reported`."""
        return [self.errors[u] for u in dict.fromkeys(self.configured) if u in self.errors and u != reported]


class _CapReached(PermanentFetchError):
    """A source used its requests for this run; the rest waits for the next run."""


class _Crawl:
    """One run's sources: producer threads feeding the single writer."""

    def __init__(self, settings: Settings, store: Store, fetcher: Any, tagger: Any, run_id: int,
                 progress: Progress, should_stop: Callable[[], bool], *,
                 clock: Callable[[], datetime] = utcnow, retry_failed: bool = False):
        self.settings = settings
        self.clock = clock
        self.retry_failed = retry_failed
        self.store = store
        self.fetcher = fetcher
        self.tagger = tagger
        self.run_id = run_id
        self.progress = progress
        self.should_stop = should_stop
        self.stop = threading.Event()
        self.queue: queue.Queue[_Fetched | _Failed | _Done] = queue.Queue(maxsize=QUEUE_SIZE)
        self.reports: dict[str, SourceReport] = {}
        self.conditional_urls: set[str] = set()
        self.tasks: dict[str, Any] = {}
        self.source_ids: dict[str, int] = {}
        self.window: tuple[datetime | None, datetime | None] = (None, None)  # publication dates to keep
        self.dedup = Deduplicator.for_store(store)
        self.discovery_failed: dict[str, str | None] = {}  # source -> URL its failed discovery was reported with

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
                self._record(_Failed(source.name, None, "setup", "config", str(exc)))
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
        while active:
            if self.should_stop() and not self.stop.is_set():
                log.warning("stop requested: finishing the current article")
                self.stop.set()
                for name in active:
                    self._finish_source(name)
                raise RunStopped("stopped on request; the next run resumes where this one stopped")
            try:
                item = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if isinstance(item, _Done):
                active.discard(item.source)
                self._finish_source(item.source)
            elif isinstance(item, _Failed):
                with self.store.unit_of_work():  # the failure and the URL's state: one transaction
                    self._record(item)
            else:
                with self.store.unit_of_work():  # the article, its copies' links, its URL state: one commit
                    self._store(item)
                self.progress.advance(self.tasks[item.source])

    def _store(self, item: _Fetched) -> None:
        report = self.reports[item.source]
        article = item.article
        report.methods[article.method] += 1
        if len(article.text) < SHORT_BODY:
            report.short_bodies += 1
        analysis = self.tagger.analyse(article.text, article.published, article.language)
        mentions, events = analysis.mentions, analysis.events
        sig = signature(article.text)
        match = self.dedup.check(article.text, sig)
        duplicate_of = int(match.of) if match is not None else None
        result = self.store.save(
            self.source_ids[item.source], article, mentions, run_id=self.run_id,
            tagger_version=self.tagger.versions.get("tagger"), signature=sig.encode(),
            duplicate_of=duplicate_of, events=events,
        )
        if duplicate_of is not None and duplicate_of != result.article_id:
            report.duplicates += 1
            earlier = self.store.published_at(duplicate_of)
            if article.published and earlier and article.published < earlier:
                self.store.make_original(result.article_id, duplicate_of)
        elif match is None:
            self.dedup.add(result.article_id, article.text, sig=sig)
        report.new += result.status == "new"
        report.updated += result.status == "updated"
        report.mentions += result.mentions
        report.events += result.events
        if item.page is not None:
            self.store.set_url_state(
                item.page.requested_url, source=item.source, status="fetched", http_status=item.page.status,
                reason=None, message=None, next_attempt=None,
            )

    def _record(self, item: _Failed) -> None:
        """Keep a failure: in the run's errors, and (for a URL) in its state across runs."""
        report = self.reports[item.source]
        report.errors[item.reason] += 1
        if item.stage in ("fetch", "extract") and item.reason == "robots":
            report.skipped += 1  # disallowed by robots.txt: skipped, never requested
        elif item.stage == "fetch" and not item.requested:
            report.deferred += 1  # never sent (host paused or down): the next run asks
        elif item.stage in ("fetch", "extract"):
            report.failed += 1
        elif item.note:
            report.notes.append(f"failed: {item.message}")
        elif item.stage in ("discover", "setup") and not report.message:
            report.message = f"{'discovery' if item.stage == 'discover' else item.stage} failed: {item.message}"
        # Said once, by whoever shows the run (the CLI's table, the scheduler's log); kept in run_errors.
        log.info("%s: %s %s failed (%s): %s", item.source, item.stage, item.url or "", item.reason, item.message)
        self.store.record_error(self.run_id, source=item.source, url=item.url, stage=item.stage,
                                reason=item.reason, message=item.message)
        if item.url and item.stage in ("fetch", "extract"):
            self._url_failed(item)

    def _url_failed(self, item: _Failed) -> None:
        assert item.url is not None
        previous = self.store.url_states([item.url]).get(item.url)
        # Only a request sent counts: a URL queued behind a paused or dead host keeps its attempts.
        attempts = (previous.attempts if previous else 0) + (1 if item.requested else 0)
        http = self.settings.http
        next_attempt = None
        if item.stage == "extract" and item.reason != "parser_error":
            status = "no_article"  # the page came and holds no article: final until --refetch
        elif item.reason == "robots":
            status = "robots"  # checked again each run (robots.txt may change); costs no request
        elif item.permanent:
            status = "permanent"
        elif not item.requested:
            status = "failed"  # due again at the next run
        elif attempts >= http.max_attempts:
            status = "gave_up"
            self.reports[item.source].gave_up += 1
        else:
            # A timeout, a 5xx, a parser bug fixed by the next release...: temporary, with a growing backoff.
            status = "failed"
            wait = min(http.retry_backoff * 2 ** (attempts - 1), 7 * 86400.0)
            next_attempt = self.clock() + timedelta(seconds=wait)
        self.store.set_url_state(
            item.url, source=item.source, status=status, http_status=item.status, reason=item.reason,
            message=item.message[:1000], attempts=attempts, next_attempt=next_attempt,
        )

    def _finish_source(self, name: str) -> None:
        report = self.reports[name]
        stored = report.new + report.updated
        if report.discovered == 0 and report.message and not report.not_modified:
            report.status = "failed"
        elif report.failed and stored == 0 and report.skipped == 0:
            report.status = "failed"
        elif report.failed or report.message:
            report.status = "partial"
        if name in self.tasks:
            self.progress.finish(self.tasks.pop(name))
        self.store.save_source_counts(self.run_id, name, report.counts())

    # -- producers (one thread per source) --------------------------------------------------------

    def _put(self, item: _Fetched | _Failed | _Done) -> None:
        self.queue.put(item)

    def _produce(self, source: SourceSettings, adapter: SourceAdapter, since: datetime | None,
                 limit: int | None, refetch: bool) -> None:
        report = self.reports[source.name]
        # a backfill (--since) walks archives at the politeness delay's pace: no cap unless the source sets one
        cap = source.max_requests or (0 if since is not None else self.settings.http.max_requests_per_source)
        fetcher = _SourceFetcher(self.fetcher, source, cap, report, self.conditional_urls)
        try:
            refs = self._discover(source, adapter, fetcher, since)
            for ref in self._select(source, refs, limit, refetch):
                if self.stop.is_set():
                    return
                self._fetch_one(source, adapter, fetcher, ref)
            for feed, problem in fetcher.bad_feeds:
                # An HTML page or garbage where the feed should be: discovery failed, even if others worked.
                self._put(_Failed(source.name, feed, "discover", "not_a_feed", f"{feed}: {problem}"))
            reported = self.discovery_failed.pop(source.name, None)
            if report.discovered == 0 and fetcher.successes == 0 and fetcher.last_error is not None:
                # Every discovery request failed, even if the adapter carried on quietly.
                exc = fetcher.reported(fetcher.last_error)
                reported = exc.url
                self._put(_Failed(source.name, exc.url, "discover", exc.reason, str(exc), exc.status))
            for exc in fetcher.other_failures(reported):
                # A configured feed or listing that failed while discovery went on: noted, the source is not failed.
                self._put(_Failed(source.name, exc.url, "discover", exc.reason, str(exc), exc.status, note=True))
        except _CapReached:
            setting = f"[sources.{source.name}] max_requests" if source.max_requests else \
                "[http] max_requests_per_source"
            report.message = (f"stopped at the request cap of {fetcher.cap}; raise {setting} or run again "
                              "(the rest waits for the next run)")
        except Exception as exc:  # an adapter bug must not end the other sources' work
            log.exception("source %s failed", source.name)
            self._put(_Failed(source.name, None, "discover", "error", f"{type(exc).__name__}: {exc}"))
        finally:
            report.used = adapter.describe()
            self._put(_Done(source.name))

    def _discover(self, source: SourceSettings, adapter: SourceAdapter, fetcher: _SourceFetcher,
                  since: datetime | None) -> Iterator[ArticleRef]:
        report = self.reports[source.name]
        seen: set[str] = set()
        try:
            for ref in adapter.discover(fetcher, since=since, limit=None):
                url = canonical_url(ref.url)
                if url in seen:
                    continue
                seen.add(url)
                report.discovered += 1
                self.progress.found(source.name, report.discovered)
                yield ref
        except _CapReached:
            raise
        except FetchError as exc:
            exc = fetcher.reported(exc)  # the configured URL that failed, not the last fallback tried
            self._put(_Failed(source.name, exc.url, "discover", exc.reason, str(exc), exc.status))
            self.discovery_failed[source.name] = exc.url
            fetcher.last_error = None  # reported; not again at the end of the source
        # URLs that failed before are retried when due, even if discovery no longer lists them
        # (an unchanged feed answers 304 and lists nothing); with --retry-failed, all of them now.
        retry = (self.store.retry_candidates(source.name, refusals=RETRYABLE_REFUSALS) if self.retry_failed
                 else self.store.due_failures(source.name, self.clock()))
        for url in retry:
            if canonical_url(url) not in seen:
                seen.add(canonical_url(url))
                report.retried += 1
                yield ArticleRef(url=url, source=source.name, via="retry")

    def _select(self, source: SourceSettings, refs: Iterator[ArticleRef], limit: int | None,
                refetch: bool) -> Iterator[ArticleRef]:
        """Drop what is stored already or not due yet; stop at `limit` new articles."""
        report = self.reports[source.name]
        taken = 0
        for ref in refs:
            if limit is not None and taken >= limit:
                return
            if not self._in_window(ref.published):
                report.out_of_range += 1
                continue
            if not refetch:
                if self.store.known_urls([ref.url, canonical_url(ref.url), canonical_url(ref.url, keep_scheme=True)]):
                    report.skipped += 1
                    continue
                state = self.store.url_states([ref.url]).get(ref.url)
                if state is not None and not _due(state, self.clock(), retry_failed=self.retry_failed):
                    report.deferred += 1
                    continue
            taken += 1
            yield ref

    def _fetch_one(self, source: SourceSettings, adapter: SourceAdapter, fetcher: _SourceFetcher,
                   ref: ArticleRef) -> None:
        report = self.reports[source.name]
        if ref.article is not None:  # discovery already returned the content (REST API)
            self._put(_Fetched(source.name, self._normalise(source, ref.article, ref), None))
            return
        try:
            # A PDF or an image is not an article page: refused on its headers, before its body is read.
            page = fetcher.request(ref.url, accept=HTML_TYPES)
        except _CapReached:
            raise
        except FetchError as exc:
            permanent = isinstance(exc, PermanentFetchError)
            self._put(_Failed(source.name, ref.url, "fetch", exc.reason, str(exc), exc.status, permanent,
                              exc.requested))
            return
        report.fetched += 1
        try:
            article = adapter.parse(page)
        except Exception as exc:  # parse() must not raise; if it does, the page is recorded and skipped
            log.exception("parser of %s failed on %s", source.name, ref.url)
            self._put(_Failed(source.name, ref.url, "extract", "parser_error", f"{type(exc).__name__}: {exc}"))
            return
        if article is None or not article.text.strip():
            self._put(_Failed(source.name, ref.url, "extract", "no_article",
                              "no article text could be extracted from the page"))
            return
        problem = text_problem(article.text, article.language)
        if problem is not None:  # mojibake or binary junk must never be stored as an article
            self._put(_Failed(source.name, ref.url, "extract", "bad_text", problem))
            return
        article = self._normalise(source, article, ref)
        if not self._in_window(article.published):
            self.reports[source.name].out_of_range += 1
            return
        self._put(_Fetched(source.name, article, page))

    def _in_window(self, published: datetime | None) -> bool:
        """Whether a publication date falls in the run's window (an unknown date always does)."""
        since, until = self.window
        if published is None:
            return True
        return (since is None or published >= since) and (until is None or published <= until)

    @staticmethod
    def _normalise(source: SourceSettings, article: Article, ref: ArticleRef) -> Article:
        published = article.published or ref.published
        if article.date_candidates and ref.published is not None:  # a page date far off the feed's needs a reason
            chosen = reconcile_dates(article.date_candidates, ref.published)
            published = chosen.value if chosen is not None else published
        return replace(article, url=canonical_url(article.url or ref.url, keep_scheme=True),
                       published=published,
                       fetched_url=article.fetched_url or ref.url, source=source.name)


def _due(state: UrlState, now: datetime, *, retry_failed: bool = False) -> bool:
    """Whether a URL with a stored failure should be fetched in this run (`now`: UTC)."""
    if retry_failed and (state.status in ("failed", "gave_up")
                         or (state.status == "permanent" and state.reason in RETRYABLE_REFUSALS)):
        return True
    if state.status in FINAL_STATES:
        return False
    if state.status == "failed" and state.next_attempt is not None:
        return _naive(state.next_attempt) <= _naive(now)
    return True


def _naive(when: datetime) -> datetime:
    """UTC datetimes compared whether or not the database kept their zone."""
    return when.replace(tzinfo=None) if when.tzinfo is not None else when


_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel", b"<urlset", b"<sitemapindex")


def not_a_feed(page: FetchedPage) -> str:
    """Why a page fetched as a feed is none ("" when it looks like RSS, Atom, RDF or JSON Feed)."""
    head = page.body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in head for marker in _FEED_MARKERS):
        return ""
    media = (page.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if head.startswith((b"{", b"[")) and "json" in media:
        return ""
    if not head:
        return "the feed URL answered an empty body"
    if b"<html" in head or b"<!doctype html" in head:
        return f"the feed URL answered an HTML page ({media or 'no content type'}), not a feed"
    return f"the feed URL answered something that is not a feed ({media or 'no content type'})"
