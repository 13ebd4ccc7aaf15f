"""The near-duplicate index on disk (issue 13): band keys in `dedup_bands`, probed per new article.

A run finds a copy of an article stored in an earlier run by reading only the candidates that share a
band with it, never the whole archive; the answers are the in-memory `Deduplicator`'s.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config
from fixture_server import mirror_source, serve_lwj_mirror
from sqlalchemy import event, func, select
from test_dedup import OTHER, REWRITE, STORY

from models.db import MIGRATIONS, open_database
from models.schema import Article, DedupBand
from models.store import Store
from pipeline import dedup as dedup_module
from pipeline.dedup import BANDS, Deduplicator, Signature, band_keys, content_hash, signature
from pipeline.progress import LogProgress
from pipeline.records import Article as ArticleRecord
from pipeline.run import run_job
from pipeline.settings import SourceSettings, settings_from_dict

DAY = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
#: Unrelated articles already in the archive: none of them may be read to check a new text.
ARCHIVE = 300


def record(n: int, text: str, published: datetime | None) -> ArticleRecord:
    return ArticleRecord(source="lwj", url=f"https://news.example/{n}", title=f"Story {n}", text=text,
                         published=published, language="en", method="metadata")


def save(store: Store, source_id: int, n: int, text: str, published: datetime | None = DAY, **kwargs):
    sig = signature(text)
    return store.save(source_id, record(n, text, published), [], signature=sig.encode(), **kwargs).article_id


def random_text(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(rng.choice(vocab) for _ in range(120))


@pytest.fixture
def store(db_url):
    db = open_database(db_url)
    yield Store(db)
    db.dispose()


def band_rows(store: Store, article_id: int | None = None) -> int:
    with store.db.sessions() as session:
        query = select(func.count()).select_from(DedupBand)
        if article_id is not None:
            query = query.where(DedupBand.article_id == article_id)
        return session.scalar(query) or 0


def test_band_keys_are_one_per_band_and_shared_by_equal_bands():
    sig = signature(STORY)
    keys = band_keys(sig)
    assert [band for band, _ in keys] == list(range(BANDS))
    assert all(-(2**63) <= key < 2**63 for _, key in keys)
    assert band_keys(Signature.decode(sig.encode())) == keys
    assert set(keys) & set(band_keys(signature(REWRITE)))  # a rewrite shares buckets with its original
    assert band_keys(Signature(())) == []


def test_stored_deduplicator_answers_like_the_in_memory_one(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    dedup = Deduplicator.for_store(store)
    assert dedup.check(STORY) is None
    story = save(store, source_id, 1, STORY, DAY)
    save(store, source_id, 2, OTHER, DAY + timedelta(days=1))
    exact = dedup.check(STORY.upper())
    assert exact is not None and (exact.of, exact.kind, exact.similarity) == (story, "exact", 1.0)
    save(store, source_id, 3, REWRITE, DAY + timedelta(days=2))
    near = dedup.check(REWRITE + " Reporting by staff.")
    memory = Deduplicator()
    for key, text in ((story, STORY), (2, OTHER), (3, REWRITE)):
        memory.add(key, text)
    assert near == memory.check(REWRITE + " Reporting by staff.")
    assert near is not None and near.kind == "near" and near.of == story
    assert dedup.check("too short to compare") is None


def test_the_earliest_published_original_is_the_match_not_the_first_stored(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    later = save(store, source_id, 1, REWRITE, DAY + timedelta(days=3))
    earlier = save(store, source_id, 2, STORY, DAY)
    copy = save(store, source_id, 3, STORY + " Copied.", DAY + timedelta(days=4), duplicate_of=earlier)
    match = Deduplicator.for_store(store).check(REWRITE + " Reporting by staff.")
    assert match is not None and match.of == earlier != later
    _, candidates = store.duplicate_candidates(content_hash(STORY), band_keys(signature(STORY)))
    assert copy not in {key for key, _ in candidates}  # copies never match


def test_an_article_saved_again_keeps_one_set_of_band_keys_and_deleting_it_drops_them(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    article_id = save(store, source_id, 1, STORY)
    assert band_rows(store, article_id) == BANDS
    assert save(store, source_id, 1, OTHER) == article_id  # same URL, new text: its old bands are gone
    assert band_rows(store) == BANDS
    assert Deduplicator.for_store(store).check(REWRITE) is None
    save(store, source_id, 2, "too short to compare")
    assert band_rows(store) == BANDS  # an empty signature has no bands
    with store.db.transaction() as session:
        session.delete(session.get(Article, article_id))
    assert band_rows(store) == 0


def test_a_copy_stored_in_an_earlier_run_is_found_without_reading_the_archive(db_url, monkeypatch):
    rng = random.Random(13)
    vocab = [f"w{i}" for i in range(5000)]
    db = open_database(db_url)
    earlier = Store(db)
    source_id = earlier.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    original = save(earlier, source_id, 0, STORY, DAY)
    for n in range(1, ARCHIVE + 1):
        save(earlier, source_id, n, random_text(rng, vocab), DAY + timedelta(hours=n))
    db.dispose()

    db = open_database(db_url)  # a later run: a new process as far as the index is concerned
    try:
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *args: statements.append(statement))
        decoded: list[str] = []
        real_decode = Signature.decode.__func__

        def counting_decode(cls, data):
            decoded.append(data)
            return real_decode(cls, data)

        monkeypatch.setattr(dedup_module.Signature, "decode", classmethod(counting_decode))
        store = Store(db)
        dedup = Deduplicator.for_store(store)
        assert statements == []  # building it reads nothing
        match = dedup.check(REWRITE)
        assert match is not None and (match.of, match.kind) == (original, "near")
        assert len(decoded) == 1  # only the original's signature was read, of 301 stored
        assert len(statements) == 1  # one read: the exact-hash probe and the band probe together
        assert dedup.check(random_text(rng, vocab)) is None
        assert len(decoded) == 1 and len(statements) == 2
    finally:
        db.dispose()


def test_migration_fills_the_band_keys_of_articles_stored_before_it(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    story = save(store, source_id, 1, STORY, DAY)
    save(store, source_id, 2, OTHER, DAY)
    save(store, source_id, 3, "too short to compare", DAY)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for target in (command.downgrade, command.upgrade):  # 0006 had no dedup_bands; 0007 fills it
        with store.db.engine.begin() as conn:
            config.attributes["connection"] = conn
            target(config, "0006" if target is command.downgrade else "head")
    assert band_rows(store) == 2 * BANDS
    match = Deduplicator.for_store(store).check(REWRITE)
    assert match is not None and match.of == story


# -- through real runs ----------------------------------------------------------------------------------------


def mirror_settings(server, db_url):
    return settings_from_dict({
        "database": {"url": db_url},
        "http": {"per_host_delay": 0.0, "timeout": 5.0, "max_retries": 1, "backoff": 0.01, "max_backoff": 0.05},
        "nlp": {"model": ""},
        "sources": {"longwarjournal": mirror_source(server)},
    }, where="tests")


def test_runs_link_copies_to_one_original_across_runs(fixture_server, db_url, rules_tagger):
    # The mirror's reports share one template: every one is a near-duplicate of the others.
    server = fixture_server()
    serve_lwj_mirror(server, 3, etag=False)
    settings = mirror_settings(server, db_url)
    first = run_job(settings, limit=1, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (first.new, first.duplicates) == (1, 0)  # the newest report, number 3
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (second.new, second.duplicates) == (2, 2)
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            rows = {url.rsplit("/", 1)[-1]: (id_, dup) for id_, url, dup in
                    s.execute(select(Article.id, Article.url, Article.duplicate_of))}
    finally:
        db.dispose()
    # Each older report became the original in turn; the oldest is the one original of all three.
    oldest = rows["report-1.php"][0]
    assert rows == {"report-1.php": (oldest, None), "report-2.php": (rows["report-2.php"][0], oldest),
                    "report-3.php": (rows["report-3.php"][0], oldest)}
