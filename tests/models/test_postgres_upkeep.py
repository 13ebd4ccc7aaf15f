"""PostgreSQL upkeep a long run or a long-lived worker relies on: pooled connections that went away while idle
are replaced, and the planner's row estimates keep up with a run that grows a new database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

import models.db as db_module
from models.db import migrate, open_database
from models.planner import PlannerStatistics
from models.schema import Article, Source


def _postgres(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has neither pooled server connections nor stale row estimates")


def test_a_pooled_connection_killed_while_idle_is_replaced_not_handed_out(db_url, monkeypatch):
    _postgres(db_url)
    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            first = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.engine.connect() as conn:  # in steady use: the same pooled connection, not pinged
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == first
        admin = open_database(db_url)
        with admin.engine.connect() as conn:  # the server drops the idle connection (a restart, a firewall)
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar()
        admin.dispose()
        monkeypatch.setattr(db_module, "IDLE_PING", 0.0)  # it has been idle long enough to be checked
        with db.engine.connect() as conn:
            again = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        assert again != first
    finally:
        db.dispose()


def _estimate(db) -> float:
    with db.engine.connect() as conn:
        return float(conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass")).scalar())


def test_the_planner_hears_of_a_growing_articles_table_each_time_it_doubles(db_url):
    _postgres(db_url)
    db = open_database(db_url)
    migrate(db)
    try:
        with db.transaction() as session:
            session.add(Source(name="lwj", adapter="longwarjournal"))
        with db.transaction() as session:
            source_id = session.scalar(select(Source.id))

        def add(count: int, start: int) -> None:
            with db.transaction() as session:
                session.add_all(Article(url=f"https://example.org/{n}", source_id=source_id, title="t", text="x",
                                        content_hash=f"h{n}", extraction_method="test")
                                for n in range(start, start + count))

        statistics = PlannerStatistics(db, minimum=50)
        assert statistics.believed == 0  # a new database: never analysed
        add(49, 0)
        statistics.stored(49)
        assert _estimate(db) <= 0  # below the minimum: nothing taken yet
        add(1, 49)
        statistics.stored(1)
        assert _estimate(db) == 50 and statistics.believed == 50
        add(30, 50)
        statistics.stored(30)
        assert _estimate(db) == 50  # 30 more on 50 believed: not yet
        add(20, 80)
        statistics.stored(20)
        assert _estimate(db) == 100  # as many again as it believed: taken again
        with db.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Article)) == 100
    finally:
        db.dispose()
