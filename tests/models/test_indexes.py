"""Lookups a run makes per discovered URL use an index, on SQLite and PostgreSQL (issue 13)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from models.db import open_database


def test_fetched_url_is_indexed(db_url):
    db = open_database(db_url)
    try:
        indexed = {tuple(ix["column_names"]) for ix in inspect(db.engine).get_indexes("articles")}
        assert ("fetched_url",) in indexed
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as conn:
                plan = " ".join(str(row[-1]) for row in conn.execute(
                    text("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE fetched_url IN ('a', 'b')")))
            assert "ix_articles_fetched_url" in plan, plan
    finally:
        db.engine.dispose()
