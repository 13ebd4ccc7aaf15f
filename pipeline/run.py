"""The main job: discover -> fetch -> extract -> tag -> store, for each enabled source.

`run_job` is the one entry point the CLI and the scheduler call. Each stage is a generator over the
previous one, so memory stays flat; a failure on one item is recorded and counted, a failure of the
run itself (config, database) raises.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

from models.db import Database, open_database
from models.store import Store
from pipeline import __version__
from pipeline.dedup import Deduplicator, signature
from pipeline.errors import FetchError, FrontwatchError
from pipeline.progress import Progress, make_progress
from pipeline.records import Article, ArticleRef
from pipeline.settings import Settings, SourceSettings
from scrapers.base import SourceAdapter
from scrapers.registry import adapter_for
from scrapers.urls import canonical_url

log = logging.getLogger(__name__)

#: Bodies shorter than this many characters are counted as a source-health signal.
SHORT_BODY = 300


class RunStopped(FrontwatchError):
    """The run was asked to stop (SIGINT/SIGTERM) and stopped between two articles."""


@dataclass
class SourceReport:
    """What one source did in one run."""

    name: str
    status: str = "ok"  # ok | partial | failed | skipped
    discovered: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    methods: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    short_bodies: int = 0
    message: str = ""

    def counts(self) -> dict[str, Any]:
        """The row written to run_sources."""
        return {
            "status": self.status, "discovered": self.discovered, "fetched": self.fetched, "new": self.new,
            "updated": self.updated, "skipped": self.skipped, "failed": self.failed,
            "mentions": self.mentions, "methods": dict(self.methods), "errors": dict(self.errors),
            "duplicates": self.duplicates, "short_bodies": self.short_bodies, "message": self.message,
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


def run_job(
    settings: Settings,
    *,
    source_names: Iterable[str] | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    refetch: bool = False,
    progress: Progress | None = None,
    db: Database | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> RunReport:
    """Run the pipeline over the selected (default: enabled) sources and store the results."""
    from nlp.tagger import build_tagger
    from pipeline.fetch import HttpFetcher

    sources = _select_sources(settings, source_names)
    own_db = db is None
    db = db or open_database(settings.database.url)
    progress = progress or make_progress()
    try:
        store = Store(db)
        interrupted = store.mark_interrupted_runs()
        if interrupted:
            log.warning("%d earlier run(s) ended without finishing; marked as interrupted", interrupted)
        tagger = build_tagger(settings.nlp)
        _seed_entities(store)
        options = {
            "sources": [s.name for s in sources], "since": since.isoformat() if since else None,
            "limit": limit, "refetch": refetch,
        }
        versions = {"frontwatch": __version__, **tagger.versions}
        run_id = store.start_run(kind="run", options=options, nlp_mode=tagger.mode, versions=versions)
        log.info("run %d started: %d source(s), NLP mode %s", run_id, len(sources), tagger.mode)
        fetcher = HttpFetcher(settings.http, settings.user_agent)
        dedup = Deduplicator.from_rows(store.dedup_rows())
        reports: list[SourceReport] = []
        try:
            for source in sources:
                job = _SourceJob(source, store, fetcher, tagger, dedup, run_id, progress,
                                 should_stop or (lambda: False))
                reports.append(job.run(since=since, limit=limit, refetch=refetch))
        except BaseException as exc:
            # KeyboardInterrupt, SystemExit or a bug: the run is closed as interrupted, stored work stays.
            store.finish_run(run_id, "interrupted", f"{type(exc).__name__}: {exc}")
            raise
        status = _run_status(reports)
        store.finish_run(run_id, status)
        log.info("run %d finished: %s", run_id, status)
        return RunReport(run_id, status, tagger.mode, reports)
    finally:
        progress.close()
        if own_db:
            db.dispose()


def _select_sources(settings: Settings, names: Iterable[str] | None) -> list[SourceSettings]:
    if names:
        return [settings.source(n) for n in names]  # an explicitly named source runs even if disabled
    enabled = settings.enabled_sources
    if not enabled:
        raise FrontwatchError("no enabled sources in the config; enable one under [sources.<name>]")
    return enabled


def _seed_entities(store: Store) -> None:
    from nlp.gazetteer import entity_records

    count = store.seed_entities(entity_records())
    log.debug("entities table seeded with %d gazetteer entries", count)


def _run_status(reports: list[SourceReport]) -> str:
    if any(r.status == "failed" for r in reports):
        return "failed" if all(r.status == "failed" for r in reports) else "partial"
    return "partial" if any(r.status == "partial" for r in reports) else "ok"


class _SourceJob:
    """One source's pass through the stages within a run."""

    def __init__(self, source: SourceSettings, store: Store, fetcher: Any, tagger: Any, dedup: Deduplicator,
                 run_id: int, progress: Progress, should_stop: Callable[[], bool]):
        self.source = source
        self.store = store
        self.fetcher = fetcher
        self.tagger = tagger
        self.dedup = dedup
        self.run_id = run_id
        self.progress = progress
        self.should_stop = should_stop
        self.report = SourceReport(source.name)

    def run(self, *, since: datetime | None, limit: int | None, refetch: bool) -> SourceReport:
        try:
            adapter = adapter_for(self.source)
            self.source_id = self.store.ensure_source(self.source)
        except FrontwatchError as exc:
            self.report.status, self.report.message = "failed", str(exc)
            self._error(None, "setup", "config", str(exc))
            self._save_counts()
            return self.report
        task = self.progress.start(self.source.name)
        try:
            refs = self._discover(adapter, since, limit)
            refs = self._skip_known(refs, refetch, limit)
            for article in self._extract(adapter, self._fetch(refs)):
                self._store(article)
                if self.should_stop():
                    self._save_counts()
                    raise RunStopped("stopped on request; the next run resumes where this one stopped")
                self.progress.advance(task)
        finally:
            self.progress.finish(task)
        self._settle_status()
        self._save_counts()
        return self.report

    # -- stages -------------------------------------------------------------------------------

    def _discover(self, adapter: SourceAdapter, since: datetime | None, limit: int | None
                  ) -> Iterator[ArticleRef]:
        seen: set[str] = set()
        try:
            for ref in adapter.discover(self.fetcher, since=since, limit=None):
                url = canonical_url(ref.url)
                if url in seen:
                    continue
                seen.add(url)
                self.report.discovered += 1
                self.progress.found(self.source.name, self.report.discovered)
                yield ref
        except FetchError as exc:
            self.report.errors[exc.reason] += 1
            self.report.message = f"discovery failed: {exc}"
            self._error(exc.url, "discover", exc.reason, str(exc))
        except Exception as exc:  # an adapter bug must not end the other sources' work
            log.exception("discovery of %s failed", self.source.name)
            self.report.message = f"discovery failed: {type(exc).__name__}: {exc}"
            self._error(None, "discover", "error", self.report.message)

    def _skip_known(self, refs: Iterator[ArticleRef], refetch: bool, limit: int | None
                    ) -> Iterator[ArticleRef]:
        taken = 0
        for ref in refs:
            if limit is not None and taken >= limit:
                return
            if not refetch and self.store.known_urls([ref.url, canonical_url(ref.url)]):
                self.report.skipped += 1
                continue
            taken += 1
            yield ref

    def _fetch(self, refs: Iterator[ArticleRef]) -> Iterator[tuple[ArticleRef, Any]]:
        for ref in refs:
            if ref.article is not None:  # discovery already returned the content (REST API)
                yield ref, None
                continue
            try:
                page = self.fetcher.get(ref.url, allowed_hosts=self.source.hosts)
            except FetchError as exc:
                self.report.failed += 1
                self.report.errors[exc.reason] += 1
                self._error(ref.url, "fetch", exc.reason, str(exc))
                continue
            self.report.fetched += 1
            yield ref, page

    def _extract(self, adapter: SourceAdapter, pages: Iterator[tuple[ArticleRef, Any]]) -> Iterator[Article]:
        for ref, page in pages:
            if page is None:
                article = ref.article
            else:
                try:
                    article = adapter.parse(page)
                except Exception as exc:  # parse() must not raise; if it does, the page is recorded and skipped
                    log.exception("parser of %s failed on %s", self.source.name, ref.url)
                    article = None
                    self._error(ref.url, "extract", "parser_error", f"{type(exc).__name__}: {exc}")
            if article is None or not article.text.strip():
                self.report.failed += 1
                self.report.errors["no_article"] += 1
                self._error(ref.url, "extract", "no_article", "no article text could be extracted")
                continue
            yield self._normalise(article, ref)

    def _normalise(self, article: Article, ref: ArticleRef) -> Article:
        from dataclasses import replace

        url = canonical_url(article.url or ref.url)
        published = article.published or ref.published
        return replace(article, url=url, published=published,
                       fetched_url=article.fetched_url or ref.url, source=self.source.name)

    def _store(self, article: Article) -> None:
        report = self.report
        report.methods[article.method] += 1
        if len(article.text) < SHORT_BODY:
            report.short_bodies += 1
        english = (article.language or "en").lower().startswith("en")
        mentions = self.tagger.tag(article.text) if english else []
        sig = signature(article.text)
        match = self.dedup.check(article.text, sig)
        duplicate_of = int(match.of) if match is not None else None
        result = self.store.save(
            self.source_id, article, mentions, run_id=self.run_id,
            tagger_version=self.tagger.versions.get("tagger"), signature=sig.encode(),
            duplicate_of=duplicate_of,
        )
        if duplicate_of is not None and duplicate_of != result.article_id:
            report.duplicates += 1
            earlier = self.store.published_at(duplicate_of)
            if article.published and earlier and article.published < earlier:
                self.store.make_original(result.article_id, duplicate_of)
        elif match is None:
            self.dedup.add(result.article_id, article.text, sig=sig)
        if result.status == "new":
            report.new += 1
        elif result.status == "updated":
            report.updated += 1
        report.mentions += result.mentions

    # -- bookkeeping --------------------------------------------------------------------------

    def _settle_status(self) -> None:
        r = self.report
        stored = r.new + r.updated
        if r.discovered == 0 and r.message:
            r.status = "failed"
        elif r.failed and stored == 0 and r.skipped == 0:
            r.status = "failed"
        elif r.failed or r.message:
            r.status = "partial"

    def _save_counts(self) -> None:
        self.store.save_source_counts(self.run_id, self.source.name, self.report.counts())

    def _error(self, url: str | None, stage: str, reason: str, message: str) -> None:
        log.warning("%s: %s %s failed (%s): %s", self.source.name, stage, url or "", reason, message)
        self.store.record_error(self.run_id, source=self.source.name, url=url, stage=stage, reason=reason,
                                message=message)
