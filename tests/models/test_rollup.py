"""The rollup tables follow every write (save, update, re-tag, duplicate changes) exactly as a full rebuild
would compute them, and research counts read from them give the numbers of the base-table query."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from models import rollup
from models.db import open_database
from models.schema import GroupProvinceCount, MentionCount
from models.store import Store
from pipeline.records import Article, Mention
from pipeline.research import api as research  # the module itself: these tests patch its internals
from pipeline.settings import SourceSettings

PROVINCES = ["Panjshir", "Baghlan", "Kabul"]
DISTRICTS = {"Rukha": "Panjshir", "Andarab": "Baghlan", "Paghman": "Kabul"}
PLACES = {"Bazarak bridge": "Panjshir", "Somewhere": None}  # a place without a province too
GROUPS = ["National Resistance Front", "Taliban", "Islamic State Khorasan Province"]
COMMANDERS = {"Abdul Example": "Taliban", "Ahmad Sample": "National Resistance Front"}


def _entities() -> list[SimpleNamespace]:
    def entity(
        kind: str, name: str, province: str | None = None, group: str | None = None
    ) -> SimpleNamespace:
        return SimpleNamespace(
            kind=kind, name=name, aliases=[], pcode=None, province=province, lat=None, lon=None, group=group
        )

    return (
        [entity("province", p, p) for p in PROVINCES]
        + [entity("district", d, p) for d, p in DISTRICTS.items()]
        + [entity("place", n, p) for n, p in PLACES.items()]
        + [entity("group", g) for g in GROUPS]
        + [entity("commander", c, group=g) for c, g in COMMANDERS.items()]
    )


def _mentions(rng: random.Random, sentences: int = 3) -> list[Mention]:
    """Random mentions in a few sentences: places, groups (sometimes twice), commanders, a dateline."""
    out: list[Mention] = []
    pos = 0
    if rng.random() < 0.4:
        out.append(Mention("province", "Kabul", "KABUL", 0, 5, "KABUL -", province="Kabul", role="dateline"))
    pool = (
        [("province", p, p, None) for p in PROVINCES]
        + [("district", d, p, None) for d, p in DISTRICTS.items()]
        + [("place", n, p, None) for n, p in PLACES.items()]
        + [("group", g, None, None) for g in GROUPS] * 2
        + [("commander", c, None, g) for c, g in COMMANDERS.items()]
    )
    for s in range(rng.randint(1, sentences)):
        sentence = f"Sentence {s} {rng.randint(0, 3)}."
        for kind, name, province, group in rng.sample(pool, rng.randint(1, 5)):
            pos += 10
            out.append(Mention(kind, name, name, pos, pos + 5, sentence, province=province, group=group))
    return out


def _article(i: int, month: int, text: str = "text") -> Article:
    return Article(
        source="lwj",
        url=f"https://lwj.example/{i}",
        title=f"Article {i}",
        text=f"{text} {i}",
        published=datetime(2025, month, 3 + i % 20, 23, 30, tzinfo=UTC),
        language="en",
    )


@pytest.fixture
def store(db_url):
    db = open_database(db_url)
    store = Store(db)
    store.seed_entities(_entities())
    yield store
    db.dispose()


def _assert_rollups_match_rebuild(store: Store) -> None:
    """The incrementally kept tables equal a rebuild from scratch (rebuilt in a transaction rolled back)."""
    with store.db.engine.connect() as conn:
        kept = rollup.table_rows(conn)
        rollup.rebuild(conn)
        rebuilt = rollup.table_rows(conn)
        conn.rollback()
    assert kept[0] == rebuilt[0]
    assert kept[1] == rebuilt[1]
    assert all(row[5] > 0 and row[6] > 0 for row in kept[0])  # no empty rows left behind
    assert all(row[6] > 0 and row[8] > 0 for row in kept[1])


def test_incremental_rollups_equal_a_rebuild(store):
    rng = random.Random(5)
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    amu = store.ensure_source(SourceSettings(name="amu", adapter="feed"))
    ids = []
    for i in range(12):
        result = store.save(amu if i % 3 else source_id, _article(i, 1 + i % 3), _mentions(rng))
        ids.append(result.article_id)
    _assert_rollups_match_rebuild(store)
    with store.db.sessions() as session:
        assert session.scalars(select(MentionCount)).first() is not None
        assert session.scalars(select(GroupProvinceCount)).first() is not None

    # An update: new text, new mentions, and a publication date in another month.
    moved = replace(_article(4, 1, text="corrected"), published=datetime(2025, 7, 1, tzinfo=UTC))
    assert store.save(source_id, moved, _mentions(rng)).status == "updated"
    _assert_rollups_match_rebuild(store)

    # An update that keeps the mentions (none passed) but changes the month.
    store.save(source_id, replace(_article(5, 1), published=datetime(2024, 12, 31, 23, 59, tzinfo=UTC)), None)
    _assert_rollups_match_rebuild(store)

    # Re-tagging (frontwatch retag), including to no mentions at all.
    store.replace_mentions(ids[6], _mentions(rng), "v2")
    store.replace_mentions(ids[7], [], "v2")
    _assert_rollups_match_rebuild(store)

    # A copy arrives (saved as a duplicate), then turns out older: it becomes the original.
    copy = store.save(source_id, _article(40, 2), _mentions(rng), duplicate_of=ids[0])
    _assert_rollups_match_rebuild(store)
    store.make_original(copy.article_id, ids[0])
    _assert_rollups_match_rebuild(store)
    # A stored original re-saved as a copy of another.
    store.save(amu, _article(8, 3), _mentions(rng), duplicate_of=ids[9])
    _assert_rollups_match_rebuild(store)

    # The gazetteer moves a district to another province: everything that counted it moves too.
    moved_entities = [replace_ns(e, province="Baghlan") if e.name == "Rukha" else e for e in _entities()]
    store.seed_entities(moved_entities)
    _assert_rollups_match_rebuild(store)


def replace_ns(ns: SimpleNamespace, **changes: object) -> SimpleNamespace:
    return SimpleNamespace(**{**vars(ns), **changes})


def test_undated_and_empty_articles(store):
    source_id = store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    undated = replace(_article(1, 1), published=None)
    store.save(source_id, undated, _mentions(random.Random(1)))
    store.save(source_id, _article(2, 1), [])
    _assert_rollups_match_rebuild(store)
    with store.db.sessions() as session:
        assert {r.month for r in session.scalars(select(MentionCount))} == {""}


CASES = [
    (("province", "month"), {"kind": research.PLACE_KINDS}),
    (("province", "month"), {"kind": research.PLACE_KINDS, "group": "Taliban"}),
    (("province", "month"), {"kind": "district,place", "group": "National Resistance Front"}),
    (("province", "month", "kind"), {"kind": research.PLACE_KINDS}),
    (("province", "year"), {}),
    (("province",), {}),
    (("province", "province_pcode", "kind", "source"), {"since": "2025-02", "until": "2025-02"}),
    (("month",), {"province": "Panjshir", "kind": research.PLACE_KINDS}),
    (("group", "province", "month"), {"kind": research.PLACE_KINDS}),
    (("group", "province"), {"kind": "province", "source": "amu", "since": "2025-02-01"}),
    (("kind", "province"), {"kind": "group,commander"}),
]


@pytest.mark.parametrize(("by", "filters"), CASES, ids=[",".join(c[0]) + str(i) for i, c in enumerate(CASES)])
def test_research_counts_from_rollups_equal_the_base_tables(store, monkeypatch, by, filters):
    rng = random.Random(11)
    lwj = store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    amu = store.ensure_source(SourceSettings(name="amu", adapter="feed"))
    ids = [
        store.save(amu if i % 2 else lwj, _article(i, 1 + i % 3), _mentions(rng)).article_id
        for i in range(30)
    ]
    store.save(lwj, _article(3, 2), _mentions(rng), duplicate_of=ids[2])
    store.save(lwj, replace(_article(99, 1), published=None), _mentions(rng))

    used = []
    rollup_query = research._rollup_counts_query

    def spy(*args, **kwargs):
        query = rollup_query(*args, **kwargs)
        used.append(query is not None)
        return query

    monkeypatch.setattr(research, "_rollup_counts_query", spy)
    fast = research.counts(by, db=store.db, **filters)
    monkeypatch.setattr(research, "_rollup_counts_query", lambda *a, **k: None)
    slow = research.counts(by, db=store.db, **filters)
    assert used == [True]
    assert not slow.empty
    assert fast.to_dict("records") == slow.to_dict("records")


def test_research_falls_back_when_the_rollups_cannot_answer(store, monkeypatch):
    store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    calls = []
    monkeypatch.setattr(research, "_counts_query", lambda *a: calls.append(a) or _original(*a))
    for by, filters in [
        (("month",), {"kind": research.PLACE_KINDS}),  # articles across provinces
        (("province",), {"since": "2025-01-15"}),  # not a whole month
        (("province", "name"), {}),
        (("province",), {"group": ("Taliban", "National Resistance Front"), "kind": "province"}),
        (("province",), {"group": "Taliban"}),  # every kind: groups and commanders too
        (("province",), {"include_duplicates": True}),
    ]:
        research.counts(by, db=store.db, **filters)
    assert len(calls) == 6


_original = research._counts_query


def test_migration_backfills_and_views_read_the_rollups(store):
    from sqlalchemy import text

    rng = random.Random(3)
    lwj = store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    for i in range(10):
        store.save(lwj, _article(i, 1 + i % 2), _mentions(rng))
    with store.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM mention_counts"))
        conn.execute(text("DELETE FROM group_province_counts"))
    rollup.rebuild_rollups(store.db)
    _assert_rollups_match_rebuild(store)
    views = research.counts(("province", "month", "kind"), db=store.db)
    views = views.astype(object).where(views.notna(), None)
    with store.db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT province, month, kind, mentions, articles FROM monthly_counts")
        ).all()
        pairs = conn.execute(text("SELECT SUM(mentions) FROM group_province_monthly")).scalar()
    assert sorted(map(tuple, rows), key=str) == sorted(
        (
            tuple(r)
            for r in views[["province", "month", "kind", "mentions", "articles"]].itertuples(index=False)
        ),
        key=str,
    )
    by_group = research.counts(("group", "province"), db=store.db, kind=research.PLACE_KINDS)
    assert int(pairs) == by_group.loc[by_group["province"].notna(), "mentions"].sum()


def test_research_reads_a_database_without_rollups(store):
    """`research` never migrates: on a database still at 0002 it counts from the base tables."""
    from alembic import command
    from alembic.config import Config

    from models.db import MIGRATIONS

    lwj = store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    store.save(lwj, _article(1, 1), _mentions(random.Random(2)))
    expected = research.counts(("province", "month"), db=store.db)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    assert research.counts(("province", "month"), db=store.db).equals(expected)


def test_a_place_with_a_group_of_its_own_sends_group_filters_to_the_base_tables(store, monkeypatch):
    """`--group` also matches a mention whose own group is that group: the rollups cannot tell, so they step aside."""
    lwj = store.ensure_source(SourceSettings(name="lwj", adapter="feed"))
    store.save(lwj, _article(1, 1), _mentions(random.Random(4)))
    odd = Mention(
        "district", "Rukha", "Rukha", 500, 505, "Quiet in Rukha.", province="Panjshir", group="Taliban"
    )
    elsewhere = Mention("group", "Taliban", "Taliban", 600, 607, "The Taliban denied it.")
    store.save(lwj, _article(2, 1), [odd, elsewhere])
    _assert_rollups_match_rebuild(store)
    used = []
    rollup_query = research._rollup_counts_query
    monkeypatch.setattr(
        research, "_rollup_counts_query", lambda *a: used.append(rollup_query(*a)) or used[-1]
    )
    frame = research.counts(("province", "month"), db=store.db, kind=research.PLACE_KINDS, group="Taliban")
    assert used == [None]
    assert ("Panjshir", "2025-01") in set(zip(frame["province"], frame["month"]))
    research.counts(("province", "month"), db=store.db, kind=research.PLACE_KINDS)
    assert used[-1] is not None  # without a group filter the rollups still answer
