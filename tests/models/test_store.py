from dataclasses import replace
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from models.db import open_database, table_names
from models.schema import Article, Entity, Mention, Run, RunSource
from models.store import Store, decompress
from pipeline.errors import DatabaseError
from pipeline.records import Article as ArticleRecord
from pipeline.records import Mention as MentionRecord
from pipeline.settings import SourceSettings

WHEN = datetime(2024, 5, 2, 14, 30, tzinfo=timezone.utc)


def article(url="https://lwj.example/archives/2024/05/a.php", text="Fighting in Andarab district of Baghlan."):
    return ArticleRecord(
        source="lwj", url=url, title="Clashes in Andarab", text=text, published=WHEN,
        authors=("Bill Roggio",), tags=("Afghanistan",), language="en", method="metadata",
        raw_html=b"<html><body>page</body></html>",
    )


MENTIONS = [
    MentionRecord("district", "Andarab", "Andarab", 15, 22, "Fighting in Andarab district of Baghlan.",
                  "gazetteer", province="Baghlan", pcode="AF1011"),
    MentionRecord("province", "Baghlan", "Baghlan", 35, 42, "Fighting in Andarab district of Baghlan.",
                  "gazetteer", province="Baghlan", pcode="AF10"),
]


@pytest.fixture
def store(db_url):
    db = open_database(db_url)
    yield Store(db)
    db.dispose()


def count(store, model):
    with store.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_schema_is_created_by_migrations(store):
    names = set(table_names(store.db))
    assert {"sources", "articles", "entities", "mentions", "runs", "run_sources", "run_errors",
            "url_states", "alembic_version"} <= names


def test_save_is_idempotent_and_keeps_raw_html(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="longwarjournal"))
    first = store.save(source_id, article(), MENTIONS, tagger_version="t1")
    again = store.save(source_id, article(), MENTIONS, tagger_version="t1")
    assert (first.status, again.status) == ("new", "unchanged")
    assert first.article_id == again.article_id
    assert count(store, Article) == 1 and count(store, Mention) == 2
    with store.db.sessions() as session:
        row = session.scalar(select(Article))
        assert row.published_at == WHEN and row.published_at.tzinfo is not None
        assert row.authors == ["Bill Roggio"]
        assert decompress(row.raw_html) == b"<html><body>page</body></html>"
        andarab = session.scalar(select(Entity).where(Entity.name == "Andarab"))
        assert andarab.kind == "district" and andarab.province == "Baghlan" and andarab.origin == "found"


def test_changed_text_updates_and_replaces_mentions(store):
    source_id = store.ensure_source(SourceSettings(name="lwj"))
    store.save(source_id, article(), MENTIONS)
    result = store.save(source_id, article(text="Fighting in Andarab district."), MENTIONS[:1])
    assert result.status == "updated"
    assert count(store, Mention) == 1


def test_known_urls_and_retag_diff(store):
    source_id = store.ensure_source(SourceSettings(name="lwj"))
    saved = store.save(source_id, article(), MENTIONS)
    assert store.known_urls(["https://lwj.example/archives/2024/05/a.php", "https://x.example/"]) == {
        "https://lwj.example/archives/2024/05/a.php"}
    batches = list(store.retag_batches())
    assert [[r[0] for r in b] for b in batches] == [[saved.article_id]]
    extra = MentionRecord("group", "Taliban", "Taliban", 0, 7, "", "gazetteer")
    diff = store.replace_mentions(saved.article_id, [MENTIONS[0], extra], "t2")
    assert diff.added == {"group": 1} and diff.removed == {"province": 1}


def test_runs_are_recorded_and_stale_runs_marked_interrupted(store):
    run_id = store.start_run(kind="run", options={}, nlp_mode="rules", versions={"spacy": "3.8"})
    store.save_source_counts(run_id, "lwj", {"status": "ok", "discovered": 3, "new": 2, "methods": {"metadata": 2}})
    store.record_error(run_id, source="lwj", url="https://x.example/a", stage="fetch", reason="not_found",
                       message="404")
    with store.db.transaction() as session:
        session.get(Run, run_id).pid = 2**22 + 12345  # no such process
    assert store.mark_interrupted_runs() == 1
    with store.db.sessions() as session:
        run = session.get(Run, run_id)
        assert run.status == "interrupted"
        row = session.scalar(select(RunSource))
        assert (row.discovered, row.new, row.details["methods"]) == (3, 2, {"metadata": 2})
        assert len(run.errors) == 1


def test_duplicate_relinking_makes_the_older_copy_the_original(store):
    source_id = store.ensure_source(SourceSettings(name="lwj"))
    later = store.save(source_id, article("https://a.example/1"), [])
    copy = store.save(source_id, replace(article("https://b.example/2"), published=WHEN), [],
                      duplicate_of=later.article_id)
    older = store.save(source_id, article("https://c.example/3"), [])
    store.make_original(older.article_id, later.article_id)
    with store.db.sessions() as session:
        links = dict(session.execute(select(Article.id, Article.duplicate_of)).all())
    assert links == {later.article_id: older.article_id, copy.article_id: older.article_id,
                     older.article_id: None}


def test_unwritable_sqlite_path_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(f"sqlite:///{tmp_path}/missing/dir/x.db")


def test_unreachable_server_hides_the_password():
    with pytest.raises(DatabaseError) as err:
        open_database("postgresql+psycopg://user:hunter2@127.0.0.1:1/db")
    assert "hunter2" not in str(err.value) and "***" in str(err.value)


def test_places_with_one_name_in_two_provinces_stay_apart(store):
    from types import SimpleNamespace

    def rec(province, pcode):
        return SimpleNamespace(kind="district", name="Surobi", aliases=("Sarobi",), pcode=pcode,
                               province=province, lat=None, lon=None, group=None)

    assert store.seed_entities([rec("Kabul", "AF0115"), rec("Paktika", "AF1210")]) == 2
    assert store.seed_entities([rec("Kabul", "AF0115"), rec("Paktika", "AF1210")]) == 2  # idempotent
    source_id = store.ensure_source(SourceSettings(name="lwj"))
    text = "Clashes in Surobi district of Kabul and in Surobi district of Paktika."
    mentions = [MentionRecord("district", "Surobi", "Surobi", 11, 17, text, province="Kabul"),
                MentionRecord("district", "Surobi", "Surobi", 41, 47, text, province="Paktika")]
    store.save(source_id, article(text=text), mentions)
    with store.db.sessions() as session:
        rows = session.execute(
            select(Entity.province, Entity.pcode, Entity.origin, func.count(Mention.id))
            .join(Mention, Mention.entity_id == Entity.id).where(Entity.name == "Surobi")
            .group_by(Entity.province, Entity.pcode, Entity.origin).order_by(Entity.province)
        ).all()
    assert [tuple(r) for r in rows] == [("Kabul", "AF0115", "gazetteer", 1), ("Paktika", "AF1210", "gazetteer", 1)]
