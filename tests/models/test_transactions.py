"""One transaction per stored article, rollups and duplicate links included (issue 13), on SQLite and PostgreSQL.

Counted with SQLAlchemy's engine events: every BEGIN, COMMIT and ROLLBACK the writer's thread issues.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from fixture_server import mirror_source, serve_lwj_mirror
from sqlalchemy import event, select

from models.db import open_database
from models.schema import Article, UrlState
from models.store import Store
from pipeline import run as run_module
from pipeline.dedup import Deduplicator, signature
from pipeline.progress import LogProgress
from pipeline.records import Article as ArticleRecord
from pipeline.records import Mention as MentionRecord
from pipeline.run import run_job
from pipeline.settings import SourceSettings, settings_from_dict

TEXT = ("Taliban fighters attacked a checkpoint in the Andarab district of Baghlan province on Monday, killing "
        "four members of the security forces, officials said, in the latest of a series of raids claimed by "
        "the National Resistance Front across the north of the country this year.")


class Transactions:
    """BEGIN/COMMIT/ROLLBACK per thread on one engine, while `counting`."""

    def __init__(self, engine):
        self.counts: Counter[tuple[str, str]] = Counter()
        self.counting = False
        for name in ("begin", "commit", "rollback"):
            event.listen(engine, name, self._on(name))

    def _on(self, name):
        def listener(conn, *args):
            if self.counting:
                self.counts[(threading.current_thread().name, name)] += 1
        return listener

    def of(self, thread: str) -> dict[str, int]:
        return {name: self.counts[(thread, name)] for name in ("begin", "commit", "rollback")}


@pytest.fixture
def store(db_url):
    db = open_database(db_url)
    yield Store(db)
    db.dispose()


def test_an_article_its_duplicate_links_and_its_url_state_are_one_transaction(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    mention = MentionRecord("district", "Andarab", "Andarab", 40, 47, TEXT, "gazetteer", province="Baghlan")
    later = ArticleRecord(source="lwj", url="https://news.example/later", title="Raid", text=TEXT,
                          published=datetime(2024, 5, 3, tzinfo=UTC), language="en")
    later_id = store.save(source_id, later, [mention], signature=signature(TEXT).encode()).article_id
    run_id = store.start_run(kind="run", options={}, nlp_mode="rules", versions={})
    dedup = Deduplicator.for_store(store)
    transactions = Transactions(store.db.engine)
    transactions.counting = True
    # What the run's writer does for an older copy of a stored story.
    copy = ArticleRecord(source="lwj", url="https://news.example/earlier", title="Raid", text=TEXT + " More.",
                         published=datetime(2024, 5, 1, tzinfo=UTC), language="en")
    with store.unit_of_work():
        match = dedup.check(copy.text)
        assert match is not None and match.of == later_id
        result = store.save(source_id, copy, [mention], signature=signature(copy.text).encode(),
                            duplicate_of=later_id)
        assert store.published_at(later_id) > copy.published
        store.make_original(result.article_id, later_id)
        store.set_url_state(copy.url, source="lwj", status="fetched", http_status=200)
        store.record_error(run_id, source="lwj", url=None, stage="discover", reason="note", message="kept")
    assert transactions.of(threading.current_thread().name) == {"begin": 1, "commit": 1, "rollback": 0}
    with store.db.sessions() as session:
        assert session.get(Article, later_id).duplicate_of == result.article_id
        assert session.get(UrlState, copy.url).status == "fetched"


def test_an_error_in_a_unit_of_work_rolls_all_of_it_back(store):
    with pytest.raises(RuntimeError), store.unit_of_work():
        store.set_url_state("https://news.example/a", source="lwj", status="fetched")
        with store.unit_of_work():  # a nested unit joins the outer one
            store.set_url_state("https://news.example/b", source="lwj", status="fetched")
        raise RuntimeError("the article could not be stored")
    assert store.url_states(["https://news.example/a", "https://news.example/b"]) == {}


def test_a_run_commits_once_per_stored_article(fixture_server, db_url, rules_tagger, monkeypatch):
    server = fixture_server()
    serve_lwj_mirror(server, 6, etag=False)  # one template: the older reports are copies of the newer
    settings = settings_from_dict({
        "database": {"url": db_url},
        "http": {"per_host_delay": 0.0, "timeout": 5.0, "max_retries": 1, "backoff": 0.01, "max_backoff": 0.05},
        "nlp": {"model": ""},
        "sources": {"longwarjournal": mirror_source(server)},
    }, where="tests")
    db = open_database(db_url)
    transactions = Transactions(db.engine)
    writer = threading.current_thread().name
    real_write = run_module._Crawl._write

    def counted_write(self, active):
        transactions.counting = True
        try:
            return real_write(self, active)
        finally:
            transactions.counting = False

    monkeypatch.setattr(run_module._Crawl, "_write", counted_write)
    try:
        report = run_job(settings, db=db, progress=LogProgress(), tagger=rules_tagger).sources[0]
        assert (report.new, report.duplicates, report.failed) == (6, 5, 0)
        # One per article (tagging, duplicate check, save, rollups, copies relinked, URL state) and one
        # for the source's counts at its end.
        assert transactions.of(writer) == {"begin": 7, "commit": 7, "rollback": 0}
        with db.sessions() as session:
            assert len(session.scalars(select(Article).where(Article.duplicate_of.is_(None))).all()) == 1
    finally:
        db.dispose()
