"""Engines and sessions from settings; the schema brought up to date with Alembic.

Nothing here connects at import: `open_database(url)` does, and reports failures as `DatabaseError`
with the password masked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DisconnectionError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import DatabaseError
from pipeline.settings import redact_url

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return redact_url(self.engine.url.render_as_string(hide_password=False))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def create_db_engine(url: str, *, pool_size: int | None = None) -> Engine:
    """An engine for `url`, with SQLite tuned for a writer plus concurrent readers."""
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - a port that is not a number raises here, not deep in the driver
        parsed.get_dialect()
    except NoSuchModuleError:
        raise DatabaseError(
            f"database URL {redact_url(url)!r} names an unknown database or driver "
            f"{url.partition(':')[0]!r} (e.g. sqlite:///frontwatch.db or postgresql+psycopg://user@host/db)"
        ) from None
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(
            f"database URL {redact_url(url)!r} is not a valid SQLAlchemy URL ({redact_text(str(exc), url)}; "
            "e.g. sqlite:///frontwatch.db or postgresql+psycopg://user@host/db)"
        ) from None
    except (ImportError, ModuleNotFoundError) as exc:
        raise DatabaseError(
            f"no driver for {parsed.drivername} ({exc.name}); install it, e.g. pip install 'frontwatch[postgres]'"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise DatabaseError(
                    f"cannot create SQLite database {database!r}: folder {parent} does not exist"
                )
        engine = create_engine(parsed, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        # A worker process sizes its own pool ([queue] pool_size); SQLAlchemy's default (5 + 10) otherwise.
        sizing = {"pool_size": pool_size, "max_overflow": pool_size} if pool_size else {}
        engine = create_engine(parsed, **sizing)
        _ping_when_idle(engine)
        return engine
    except (ImportError, ModuleNotFoundError) as exc:
        raise DatabaseError(
            f"no driver for {parsed.drivername} ({exc.name}); install it, e.g. pip install 'frontwatch[postgres]'"
        ) from None


#: Seconds a pooled PostgreSQL connection may sit unused before it is checked when taken again.
IDLE_PING = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection that sat unused for a while (the server restarted, a firewall dropped it)
    before handing it out; a dead one is replaced. A connection in steady use, like a run's writer taking one
    per article, is not pinged: a round trip per transaction saved (SQLAlchemy's `pool_pre_ping` pings each)."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < IDLE_PING:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:
            # the pool drops this connection and connects again (up to three times) before giving up
            raise DisconnectionError(f"pooled connection went away while idle: {exc}") from exc


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA foreign_keys=ON")
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _wal(cursor, wait: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Switch the file to WAL once (the mode is stored in the file). Changing it needs the file to itself and
    SQLite answers "database is locked" at once, without its busy handler, while another process holds a
    write transaction - e.g. a second first run while the first migrates - so wait for that to end."""
    import sqlite3
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode and str(mode[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def open_database(url: str, *, migrate_schema: bool = True, pool_size: int | None = None) -> Database:
    """Connect, check the database answers, and bring its schema to the latest migration."""
    engine = create_db_engine(url, pool_size=pool_size)
    safe = redact_url(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(
            f"cannot open database {safe}: {redact_text(reason, url)} "
            "(check the URL in config.toml [database] or FRONTWATCH_DATABASE_URL, and that the server runs)"
        ) from None
    except SQLAlchemyError as exc:  # e.g. an existing file that is not a SQLite database
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        hint = " (is it a SQLite database file?)" if engine.dialect.name == "sqlite" else ""
        raise DatabaseError(f"cannot open database {safe}: {redact_text(reason, url)}{hint}") from None
    db = Database(engine)
    if migrate_schema:
        migrate(db)
    return db


#: Advisory-lock key serialising migrations on PostgreSQL (not the run lock's key: a run holds that
#: one on another connection while it migrates).
MIGRATION_LOCK_KEY = 0x66726F6E74776174 & 0x7FFFFFFFFFFFFFFF ^ 1


def migrate(db: Database) -> None:
    """Apply Alembic migrations up to head (creates the schema on a new database), all or nothing.

    Everything runs in one transaction — on SQLite too, where the driver would otherwise commit before
    each CREATE, so a first run killed mid-migration used to leave half a schema. Concurrent
    migrations wait for each other (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level
    advisory lock) and the second finds the schema at head.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with db.engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            sqlite = db.dialect == "sqlite"
            saved = getattr(dbapi, "isolation_level", None)
            if sqlite:
                dbapi.isolation_level = None  # type: ignore[union-attr]  # we send BEGIN; DDL stays inside it
            try:
                with conn.begin():
                    if sqlite:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    elif db.dialect == "postgresql":
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
            finally:
                if sqlite:
                    dbapi.isolation_level = saved  # type: ignore[union-attr]
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"cannot write schema to {db.url}: {reason}") from None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"schema migration failed on {db.url}: {exc}") from None


def table_names(db: Database) -> list[str]:
    """Tables present in the database (for checks and `frontwatch stats`)."""
    return inspect(db.engine).get_table_names()


def redact_text(text: str, url: str) -> str:
    """`text` with the password of `url` masked wherever it appears."""
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        masked = redact_url(url)
        return text.replace(url, masked) if masked != url else text
    return text.replace(str(password), "***") if password else text


def upsert_insert(session: Any, table: Any) -> Any:
    """An INSERT that can take `on_conflict_do_update`, in the session's dialect (SQLite or PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - frontwatch supports these two
        raise NotImplementedError(f"frontwatch's upserts need SQLite or PostgreSQL, not {dialect}")
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
