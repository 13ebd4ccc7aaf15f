"""A SQLite file switched to WAL while another process writes to it waits instead of failing (issue 12: two first
runs at once, the second connecting while the first migrates)."""

from __future__ import annotations

import sqlite3
import threading
import time

from models.db import _wal


def test_switching_to_wal_waits_for_a_writer(tmp_path):
    path = tmp_path / "busy.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE t (x INTEGER)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.4, lambda: writer.execute("COMMIT")).start()

    other = sqlite3.connect(path, timeout=0.1, isolation_level=None, check_same_thread=False)
    started = time.monotonic()
    _wal(other.cursor(), wait=10)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert time.monotonic() - started >= 0.3  # it waited for the writer rather than failing or skipping
    other.close()
    writer.close()


def test_a_file_already_in_wal_is_left_alone(tmp_path):
    conn = sqlite3.connect(tmp_path / "w.db")
    conn.execute("PRAGMA journal_mode=WAL")
    _wal(conn.cursor(), wait=0)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
