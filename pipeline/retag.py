"""Re-run the tagger over stored articles, without the network, and report what changed.

Mentions and events are both re-extracted (events resolve relative dates against each article's
publication date) and replaced in one transaction per article; incidents follow (`models.incidents`).
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from models.db import Database, open_database
from models.store import Store
from pipeline import __version__
from pipeline.progress import Progress, make_progress
from pipeline.settings import Settings

if TYPE_CHECKING:  # spaCy loads only where a retag tags
    from nlp.lazy import LazyTagger
    from nlp.tagger import Tagger

log = logging.getLogger(__name__)


@dataclass
class RetagReport:
    """Articles re-tagged, mentions added/removed per kind and events added/removed per sub_event_type."""

    run_id: int
    nlp_mode: str
    articles: int = 0
    changed_articles: int = 0
    added: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    events_added: Counter[str] = field(default_factory=Counter)
    events_removed: Counter[str] = field(default_factory=Counter)


def retag_job(
    settings: Settings,
    *,
    since: datetime | None = None,
    progress: Progress | None = None,
    db: Database | None = None,
    tagger: Tagger | LazyTagger | None = None,
) -> RetagReport:
    """Replace the mentions and events of stored (English) articles with those of the current tagger.

    `tagger` defaults to a `LazyTagger` of `settings.nlp`: spaCy loads in the processes that tag.
    """
    from nlp.lazy import LazyTagger
    from pipeline.run import seed_entities

    own_db = db is None
    db = db or open_database(settings.database.url)
    progress = progress or make_progress()
    try:
        store = Store(db)
        tagger = tagger if tagger is not None else LazyTagger(settings.nlp)  # spaCy loads where it tags
        seed_entities(store)
        run_id = store.start_run(
            kind="retag", options={"since": since.isoformat() if since else None},
            nlp_mode=tagger.mode, versions={"frontwatch": __version__, **tagger.versions},
        )
        report = RetagReport(run_id, tagger.mode)
        task = progress.start("retag")
        rows = (row for batch in store.retag_batches(since=since, batch_size=max(settings.nlp.batch_size, 64))
                for row in batch)
        try:
            retag_rows(store, tagger, rows, report, advance=lambda n: progress.advance(task, n))
        except BaseException as exc:
            store.finish_run(run_id, "interrupted", f"{type(exc).__name__}: {exc}")
            raise
        finally:
            progress.finish(task)
        store.finish_run(run_id, "ok", f"{report.articles} articles re-tagged, {report.changed_articles} changed")
        return report
    finally:
        progress.close()
        if own_db:
            db.dispose()


def retag_rows(store: Store, tagger: Tagger | LazyTagger, rows: Iterable[tuple[int, str, str | None, datetime | None]],
               report: RetagReport, *, advance: Callable[[int], None] = lambda _n: None,
               serialise: Callable[[], AbstractContextManager[Any]] = nullcontext,
               n_process: int | None = None) -> None:
    """Re-tag (id, text, language, published) rows and replace what is stored: the retag of one process,
    or of one chunk on a worker (`serialise()` is held around each article's write).

    The rows stream through one `TagPool` of `n_process` (default `[nlp] n_process`) processes for the whole
    retag: the pool tags the next batches while this process writes the last one's results; the ids wait
    in order beside it, since the pool answers in input order.
    """
    from nlp.pool import TagPool

    version = tagger.versions.get("tagger")
    waiting: deque[int] = deque()

    def texts() -> Iterator[tuple[str, datetime | date | None]]:
        for article_id, text, lang, published in rows:
            if (lang or "en").lower().startswith("en"):
                waiting.append(article_id)
                yield text, published
            else:
                advance(1)  # not English: nothing to tag

    with TagPool(tagger, tagger.settings.n_process if n_process is None else n_process) as pool:
        for analysis in pool.stream(texts(), tagger.settings.batch_size):
            article_id = waiting.popleft()
            with serialise():
                diff = store.replace_mentions(article_id, analysis.mentions, version, events=analysis.events)
            report.articles += 1
            if diff.added or diff.removed or diff.events_added or diff.events_removed:
                report.changed_articles += 1
            report.added.update(diff.added)
            report.removed.update(diff.removed)
            report.events_added.update(diff.events_added)
            report.events_removed.update(diff.events_removed)
            advance(1)
