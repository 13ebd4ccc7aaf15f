"""Lookups a run makes per discovered URL or per stored article use an index, on SQLite and PostgreSQL (issue 13).

Two ways: the schema has an index led by each lookup's columns (inspected), and every statement two real
runs issue is planned through an index (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN with sequential
scans priced out, so a plan still scanning a table has no index to use). Only reads a run makes once at
its start may scan: the runs left running, the gazetteer entities it refreshes.
"""

from __future__ import annotations

import re

from fixture_server import lwj_settings
from sqlalchemy import event, inspect, text

from models.db import open_database
from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import DatabaseSettings

#: (table, leading columns) of every per-URL and per-article lookup of a run.
LOOKUPS = [
    ("articles", ("url",)),  # canonical URL: known_urls, save
    ("articles", ("fetched_url",)),  # the URL an article was fetched from: known_urls
    ("articles", ("content_hash",)),  # exact duplicates
    ("articles", ("duplicate_of",)),  # a story's copies, when an older copy becomes the original
    ("url_states", ("url",)),  # a URL's state: url_states, set_url_state
    ("url_states", ("source", "status")),  # a source's failed URLs due again
    ("dedup_bands", ("band", "key")),  # near-duplicate candidates
    ("dedup_bands", ("article_id",)),  # an article's band keys, replaced when it is saved again
    ("mentions", ("article_id",)),
    ("events", ("article_id",)),
    ("event_actors", ("event_id",)),
    ("events", ("incident_id",)),
]
#: Tables a run reads whole, once, at its start.
SCANNED_AT_START = {"runs", "entities"}
#: Partial indexes: walking one reads only the few rows it holds (the URLs with validators).
PARTIAL_INDEXES = {"ix_url_states_validators"}


def indexed_prefixes(db, table: str) -> set[tuple[str, ...]]:
    """Every leading column tuple an index, unique constraint or primary key of `table` can serve."""
    inspector = inspect(db.engine)
    column_lists = [ix["column_names"] for ix in inspector.get_indexes(table)]
    column_lists += [uc["column_names"] for uc in inspector.get_unique_constraints(table)]
    column_lists.append(inspector.get_pk_constraint(table)["constrained_columns"])
    return {tuple(columns[:n]) for columns in column_lists if None not in columns
            for n in range(1, len(columns) + 1)}


def test_every_per_url_and_per_article_lookup_has_an_index(db_url):
    db = open_database(db_url)
    try:
        missing = [(table, columns) for table, columns in LOOKUPS if columns not in indexed_prefixes(db, table)]
        assert missing == []
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as conn:
                plan = " ".join(str(row[-1]) for row in conn.execute(
                    text("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE fetched_url IN ('a', 'b')")))
            assert "ix_articles_fetched_url" in plan, plan
    finally:
        db.engine.dispose()


def scanned_tables(conn, dialect: str, statement: str, parameters) -> set[str]:
    """Tables the plan of `statement` reads without an index."""
    if dialect == "sqlite":
        plan = [str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
        # "SCAN t" reads every row; "SCAN t USING [COVERING] INDEX i" walks a whole index, no better unless
        # the index is a partial one.
        return {m.group(1) for line in plan if (m := re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", line))
                and m.group(2) not in PARTIAL_INDEXES}
    plan = [str(row[0]) for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
    return {m.group(1) for line in plan if (m := re.search(r"Seq Scan on (\w+)", line))}


def test_every_statement_of_a_run_after_its_start_uses_an_index(lwj_site, db_url, rules_tagger):
    import dataclasses

    settings = dataclasses.replace(lwj_settings(lwj_site), database=DatabaseSettings(url=db_url))
    db = open_database(db_url)
    statements: dict[str, object] = {}

    def capture(conn, cursor, statement, parameters, context, executemany):
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            statements.setdefault(statement, parameters)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        first = run_job(settings, db=db, progress=LogProgress(), tagger=rules_tagger).sources[0]
        again = run_job(settings, db=db, progress=LogProgress(), tagger=rules_tagger).sources[0]
        assert first.new > 0 and again.skipped == first.new  # the second run finds every URL stored
        event.remove(db.engine, "before_cursor_execute", capture)
        dialect = db.engine.dialect.name
        scans = {}
        with db.engine.connect() as conn:
            if dialect == "postgresql":
                conn.exec_driver_sql("SET enable_seqscan = off")
            for statement, parameters in statements.items():
                tables = scanned_tables(conn, dialect, statement, parameters) - SCANNED_AT_START
                if tables:
                    scans[" ".join(statement.split())[:200]] = sorted(tables)
        assert scans == {}
    finally:
        db.dispose()
