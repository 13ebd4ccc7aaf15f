"""Database fixtures: every database test runs on SQLite and, when FRONTWATCH_TEST_DATABASE_URL is set,
on PostgreSQL too (in a throwaway database created for the test and dropped after it)."""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "FRONTWATCH_TEST_DATABASE_URL"

# With CI set, PostgreSQL is part of the run: when it is absent, its tests fail instead of vanishing.
_BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) or os.environ.get("CI") else [])


@pytest.fixture(params=_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A URL to an empty database: SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'frontwatch-test.db'}"
        return
    if not os.environ.get(PG_ENV):
        pytest.fail(f"CI is set but {PG_ENV} is not: PostgreSQL did not answer, and its tests must run")
    yield from _postgres_database(os.environ[PG_ENV])


def _postgres_database(admin_url: str) -> Iterator[str]:
    name = f"fw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
