"""Engines and sessions from settings; the schema brought up to date with Alembic.

Nothing here connects at import: `open_database(url)` does, and reports failures as `DatabaseError`
with the password masked.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
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


def create_db_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite tuned for a writer plus concurrent readers."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"database URL {redact_url(url)!r} is not a valid SQLAlchemy URL "
            "(e.g. sqlite:///frontwatch.db or postgresql+psycopg://user@host/db)"
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
        return create_engine(parsed, pool_pre_ping=True)
    except (ImportError, ModuleNotFoundError) as exc:
        raise DatabaseError(
            f"no driver for {parsed.drivername} ({exc.name}); install it, e.g. pip install 'frontwatch[postgres]'"
        ) from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def open_database(url: str, *, migrate_schema: bool = True) -> Database:
    """Connect, check the database answers, and bring its schema to the latest migration."""
    engine = create_db_engine(url)
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
    db = Database(engine)
    if migrate_schema:
        migrate(db)
    return db


def migrate(db: Database) -> None:
    """Apply Alembic migrations up to head (creates the schema on a new database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
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
    except ArgumentError:
        return text
    return text.replace(str(password), "***") if password else text
