"""The stages of a run for one source or one article, shared by the single-process run and the workers.

`pipeline.run` drives them with a producer thread per source and one writer thread; the Celery tasks of
`pipeline.distributed` call the very same functions, one source's discovery or one article per task:

    SourceCrawl(...).produce(handle)   discover -> select (stored, due, window, limit) -> handle(fetcher, ref)
    fetch_article(...)                 fetch -> extract -> normalise one reference: Fetched | Failed | None
    ArticleWriter.store_article(item, report[, analysis])
                                       tag -> duplicate check -> store -> URL state, for one article
    ArticleWriter.record(item, report) a failure: in the run's errors and in the URL's state across runs

Every stage counts what it did in a `SourceReport` it is handed; a worker hands it an empty one and adds
the counts to the job's shared totals.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from models.planner import PlannerStatistics
from models.schema import UrlState, utcnow
from models.store import Store
from pipeline.dedup import signature
from pipeline.errors import FetchError, PermanentFetchError
from pipeline.fetch import HTML_TYPES
from pipeline.records import Article, ArticleRef, FetchedPage
from pipeline.settings import Settings, SourceSettings
from scrapers.base import SourceAdapter
from scrapers.cleaning import text_problem
from scrapers.dates import reconcile as reconcile_dates
from scrapers.urls import canonical_url

log = logging.getLogger(__name__)

#: Bodies shorter than this many characters are counted as a source-health signal.
SHORT_BODY = 300
#: URL states that are not fetched again on later runs (unless --refetch).
FINAL_STATES = frozenset({"permanent", "gave_up", "no_article"})
#: Permanent refusals that `--retry-failed` tries again (a size or type limit may have been raised,
#: a site may have fixed its server); a 404 or a robots.txt disallow is not worth asking again.
RETRYABLE_REFUSALS = frozenset({"too_large", "content_type", "content_encoding"})

Window = tuple[datetime | None, datetime | None]


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


def source_status(report: SourceReport) -> str:
    """A source's status once all its work is done: ok, partial or failed."""
    stored = report.new + report.updated
    if report.discovered == 0 and report.message and not report.not_modified:
        return "failed"
    if report.failed and stored == 0 and report.skipped == 0:
        return "failed"
    if report.failed or report.message:
        return "partial"
    return report.status


# -- what the stages hand on --------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """An article ready to tag and store, with the page it came from (None: discovery returned it)."""

    source: str
    article: Article
    page: FetchedPage | None


@dataclass(frozen=True)
class Failed:
    """A failure of one stage, for one URL or for the whole source."""

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
class Done:
    """A source's producer finished."""

    source: str


Item = Fetched | Failed | Done


class SourceFetcher:
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
        except CapReached:
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
            raise CapReached(url, f"request cap of {self.cap} per run reached", reason="request_cap")
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


class CapReached(PermanentFetchError):
    """A source used its requests for this run; the rest waits for the next run."""


class SourceCrawl:
    """One source's producer: discover, drop what is stored or not due, and hand each reference on.

    Failures go to `emit` as `Failed` items and the end as `Done`; `handle(fetcher, ref)` does the rest of
    each reference: fetch it in this thread (`fetch_and_emit`, the single-process run) or enqueue it (a worker).
    """

    def __init__(self, settings: Settings, store: Store, fetcher: Any, source: SourceSettings,
                 adapter: SourceAdapter, report: SourceReport, emit: Callable[[Item], None], *,
                 window: Window = (None, None), clock: Callable[[], datetime] = utcnow,
                 retry_failed: bool = False, conditional_urls: set[str] | None = None,
                 found: Callable[[int], None] | None = None, stopped: Callable[[], bool] | None = None):
        self.settings = settings
        self.store = store
        self.fetcher = fetcher
        self.source = source
        self.adapter = adapter
        self.report = report
        self.emit = emit
        self.window = window
        self.clock = clock
        self.retry_failed = retry_failed
        self.conditional_urls = conditional_urls if conditional_urls is not None else set()
        self.found = found or (lambda _count: None)
        self.stopped = stopped or (lambda: False)
        self.discovery_failed: str | None = None  # the URL a failed discovery was reported with
        self.source_fetcher: SourceFetcher | None = None

    def cap(self, since: datetime | None) -> int:
        """Requests this source may make in the run (0: no cap)."""
        # a backfill (--since) walks archives at the politeness delay's pace: no cap unless the source sets one
        return self.source.max_requests or (0 if since is not None else self.settings.http.max_requests_per_source)

    def produce(self, handle: Callable[[SourceFetcher, ArticleRef], None], *, since: datetime | None,
                limit: int | None, refetch: bool) -> None:
        """Discover and select this source's articles, `handle` each; never raises for the source's faults."""
        source, report, adapter = self.source, self.report, self.adapter
        fetcher = self.source_fetcher = SourceFetcher(self.fetcher, source, self.cap(since), report,
                                                      self.conditional_urls)
        try:
            refs = self.discover(fetcher, since)
            for ref in self.select(refs, limit, refetch):
                if self.stopped():
                    return
                handle(fetcher, ref)
            for feed, problem in fetcher.bad_feeds:
                # An HTML page or garbage where the feed should be: discovery failed, even if others worked.
                self.emit(Failed(source.name, feed, "discover", "not_a_feed", f"{feed}: {problem}"))
            reported = self.discovery_failed
            self.discovery_failed = None
            if report.discovered == 0 and fetcher.successes == 0 and fetcher.last_error is not None:
                # Every discovery request failed, even if the adapter carried on quietly.
                exc = fetcher.reported(fetcher.last_error)
                reported = exc.url
                self.emit(Failed(source.name, exc.url, "discover", exc.reason, str(exc), exc.status))
            for exc in fetcher.other_failures(reported):
                # A configured feed or listing that failed while discovery went on: noted, the source is not failed.
                self.emit(Failed(source.name, exc.url, "discover", exc.reason, str(exc), exc.status, note=True))
        except CapReached:
            setting = f"[sources.{source.name}] max_requests" if source.max_requests else \
                "[http] max_requests_per_source"
            report.message = (f"stopped at the request cap of {fetcher.cap}; raise {setting} or run again "
                              "(the rest waits for the next run)")
        except Exception as exc:  # an adapter bug must not end the other sources' work
            log.exception("source %s failed", source.name)
            self.emit(Failed(source.name, None, "discover", "error", f"{type(exc).__name__}: {exc}"))
        finally:
            report.used = adapter.describe()
            self.emit(Done(source.name))

    def fetch_and_emit(self, fetcher: SourceFetcher, ref: ArticleRef) -> None:
        """Fetch and extract one reference here and emit what came of it (the single-process `handle`)."""
        item = fetch_article(self.source, self.adapter, fetcher, ref, self.report, self.window)
        if item is not None:
            self.emit(item)

    def discover(self, fetcher: SourceFetcher, since: datetime | None) -> Iterator[ArticleRef]:
        """The adapter's references (each URL once), then earlier failures that are due again."""
        source, report = self.source, self.report
        seen: set[str] = set()
        try:
            for ref in self.adapter.discover(fetcher, since=since, limit=None):
                url = canonical_url(ref.url)
                if url in seen:
                    continue
                seen.add(url)
                report.discovered += 1
                self.found(report.discovered)
                yield ref
        except CapReached:
            raise
        except FetchError as exc:
            exc = fetcher.reported(exc)  # the configured URL that failed, not the last fallback tried
            self.emit(Failed(source.name, exc.url, "discover", exc.reason, str(exc), exc.status))
            self.discovery_failed = exc.url
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

    def select(self, refs: Iterator[ArticleRef], limit: int | None, refetch: bool) -> Iterator[ArticleRef]:
        """Drop what is stored already or not due yet; stop at `limit` new articles."""
        report = self.report
        taken = 0
        for ref in refs:
            if limit is not None and taken >= limit:
                return
            if not in_window(self.window, ref.published):
                report.out_of_range += 1
                continue
            if not refetch:
                forms = (ref.url, canonical_url(ref.url), canonical_url(ref.url, keep_scheme=True))
                stored, state = self.store.stored_or_state(forms, ref.url)
                if stored:
                    report.skipped += 1
                    continue
                if state is not None and not due(state, self.clock(), retry_failed=self.retry_failed):
                    report.deferred += 1
                    continue
            taken += 1
            yield ref


def fetch_article(source: SourceSettings, adapter: SourceAdapter, fetcher: SourceFetcher, ref: ArticleRef,
                  report: SourceReport, window: Window = (None, None)) -> Fetched | Failed | None:
    """Fetch, extract and normalise one reference: the article, the failure, or None (dated out of the window).

    Raises `CapReached` when the source used its requests for the run.
    """
    if ref.article is not None:  # discovery already returned the content (REST API)
        return Fetched(source.name, normalise(source, ref.article, ref), None)
    try:
        # A PDF or an image is not an article page: refused on its headers, before its body is read.
        page = fetcher.request(ref.url, accept=HTML_TYPES)
    except CapReached:
        raise
    except FetchError as exc:
        permanent = isinstance(exc, PermanentFetchError)
        return Failed(source.name, ref.url, "fetch", exc.reason, str(exc), exc.status, permanent, exc.requested)
    report.fetched += 1
    try:
        article = adapter.parse(page)
    except Exception as exc:  # parse() must not raise; if it does, the page is recorded and skipped
        log.exception("parser of %s failed on %s", source.name, ref.url)
        return Failed(source.name, ref.url, "extract", "parser_error", f"{type(exc).__name__}: {exc}")
    if article is None or not article.text.strip():
        return Failed(source.name, ref.url, "extract", "no_article", "no article text could be extracted from the page")
    problem = text_problem(article.text, article.language)
    if problem is not None:  # mojibake or binary junk must never be stored as an article
        return Failed(source.name, ref.url, "extract", "bad_text", problem)
    article = normalise(source, article, ref)
    if not in_window(window, article.published):
        report.out_of_range += 1
        return None
    return Fetched(source.name, article, page)


def in_window(window: Window, published: datetime | None) -> bool:
    """Whether a publication date falls in a run's window (an unknown date always does)."""
    since, until = window
    if published is None:
        return True
    return (since is None or published >= since) and (until is None or published <= until)


def normalise(source: SourceSettings, article: Article, ref: ArticleRef) -> Article:
    """The article as stored: canonical URL, reconciled publication date, fetched URL and source name."""
    published = article.published or ref.published
    if article.date_candidates and ref.published is not None:  # a page date far off the feed's needs a reason
        chosen = reconcile_dates(article.date_candidates, ref.published)
        published = chosen.value if chosen is not None else published
    return replace(article, url=canonical_url(article.url or ref.url, keep_scheme=True),
                   published=published,
                   fetched_url=article.fetched_url or ref.url, source=source.name)


class ArticleWriter:
    """Tags and stores articles and records failures, one at a time, for one run.

    `dedup` is the process's duplicate index (`check(text, sig)`, `add(article_id, text, sig=...)`);
    `serialise()` is held from the duplicate check to the index update, so that writers in several
    processes see each other's articles (the single-process run has one writer and needs nothing).
    """

    def __init__(self, settings: Settings, store: Store, tagger: Any, dedup: Any, run_id: int,
                 source_ids: dict[str, int], *, clock: Callable[[], datetime] = utcnow,
                 serialise: Callable[[], AbstractContextManager[Any]] = nullcontext):
        self.settings = settings
        self.store = store
        self.tagger = tagger
        self.dedup = dedup
        self.run_id = run_id
        self.source_ids = source_ids
        self.clock = clock
        self.serialise = serialise
        self.statistics = PlannerStatistics(store.db)  # PostgreSQL's row estimates keep up with the run

    def store_article(self, item: Fetched, report: SourceReport, analysis: Any = None) -> None:
        """Tag one article (unless its `analysis` comes with it), check it against the stored ones, store it with
        its mentions and events."""
        article = item.article
        report.methods[article.method] += 1
        if len(article.text) < SHORT_BODY:
            report.short_bodies += 1
        if analysis is None:
            analysis = self.tagger.analyse(article.text, article.published, article.language)
        mentions, events = analysis.mentions, analysis.events
        sig = signature(article.text)
        with self.serialise():
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
        if result.status == "new":
            self.statistics.stored()

    def record(self, item: Failed, report: SourceReport) -> None:
        """Keep a failure: in the run's errors, and (for a URL) in its state across runs."""
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
            self._url_failed(item, report)

    def _url_failed(self, item: Failed, report: SourceReport) -> None:
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
            report.gave_up += 1
        else:
            # A timeout, a 5xx, a parser bug fixed by the next release...: temporary, with a growing backoff.
            status = "failed"
            wait = min(http.retry_backoff * 2 ** (attempts - 1), 7 * 86400.0)
            next_attempt = self.clock() + timedelta(seconds=wait)
        self.store.set_url_state(
            item.url, source=item.source, status=status, http_status=item.status, reason=item.reason,
            message=item.message[:1000], attempts=attempts, next_attempt=next_attempt,
        )


def due(state: UrlState, now: datetime, *, retry_failed: bool = False) -> bool:
    """Whether a URL with a stored failure should be fetched in this run (`now`: UTC)."""
    if retry_failed and (state.status in ("failed", "gave_up")
                         or (state.status == "permanent" and state.reason in RETRYABLE_REFUSALS)):
        return True
    if state.status in FINAL_STATES:
        return False
    if state.status == "failed" and state.next_attempt is not None:
        return naive(state.next_attempt) <= naive(now)
    return True


def naive(when: datetime) -> datetime:
    """A datetime as naive UTC, so times compare whether or not the database kept their zone: an aware one
    is converted to UTC first (a naive one is taken to be UTC already, as the store writes them)."""
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when


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
