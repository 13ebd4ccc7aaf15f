"""One writer at a time: a run holds the database's write lock from start to end.

PostgreSQL: a session-level advisory lock held on a dedicated connection (released by the server
if the process dies). SQLite: an exclusive `flock` on `<database>.lock` beside the file (released
by the kernel if the process dies). A second run waits for it or exits, as configured.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import text

from models.db import Database
from pipeline.errors import DatabaseError

log = logging.getLogger(__name__)

#: The advisory-lock key: any constant shared by every frontwatch process ("frontwat" in ASCII).
ADVISORY_KEY = 0x66726F6E74776174 & 0x7FFFFFFFFFFFFFFF


class LockedError(DatabaseError):
    """Another run holds the write lock."""


@contextmanager
def run_lock(db: Database, *, wait: bool, timeout: float = 600.0, poll: float = 0.5) -> Iterator[None]:
    """Hold the write lock for the body of the `with`; raise `LockedError` if it cannot be had."""
    if db.dialect == "postgresql":
        with _advisory_lock(db, wait=wait, timeout=timeout, poll=poll):
            yield
    elif db.dialect == "sqlite":
        with _file_lock(db, wait=wait, timeout=timeout, poll=poll):
            yield
    else:  # other databases: no cross-process lock, say so once
        log.warning("no run lock for %s databases; do not start two runs at once", db.dialect)
        yield


def _busy_message(wait: bool, timeout: float) -> str:
    if wait:
        return f"another frontwatch run still holds the database after waiting {timeout:.0f} s; try again later"
    return ("another frontwatch run is writing to this database; wait for it to finish "
            "(or set [database] on_locked = \"wait\")")


@contextmanager
def _advisory_lock(db: Database, *, wait: bool, timeout: float, poll: float) -> Iterator[None]:
    conn = db.engine.connect()
    try:
        deadline = time.monotonic() + timeout
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar():
            conn.rollback()
            if not wait or time.monotonic() >= deadline:
                raise LockedError(_busy_message(wait, timeout))
            time.sleep(poll)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
            conn.commit()
    finally:
        conn.close()


def lock_path(db: Database) -> Path | None:
    """The lock file of a SQLite database file (None for in-memory databases)."""
    database = db.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve().with_name(Path(database).name + ".lock")


@contextmanager
def _file_lock(db: Database, *, wait: bool, timeout: float, poll: float) -> Iterator[None]:
    path = lock_path(db)
    if path is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or time.monotonic() >= deadline:
                    raise LockedError(_busy_message(wait, timeout)) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


#: The key of the write lock distributed workers hold around one article's write ("frontwri").
WRITE_KEY = 0x66726F6E74777269 & 0x7FFFFFFFFFFFFFFF


@contextmanager
def write_lock(db: Database) -> Iterator[None]:
    """One new article written at a time across processes (PostgreSQL advisory lock; nothing elsewhere).

    Distributed crawl workers hold it from the duplicate check to the duplicate index's update, so that two
    copies of one story stored at once are not both taken for originals. The server releases it if the
    holder's connection dies, so a killed worker leaves no stale lock.
    """
    if db.dialect != "postgresql":
        yield
        return
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": WRITE_KEY})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITE_KEY})
            conn.commit()
