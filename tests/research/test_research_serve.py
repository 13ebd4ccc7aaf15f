"""`frontwatch serve`: Datasette metadata, canned queries on the fixture database, and a real headless browser."""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from models.schema import Base
from pipeline.cli import main
from pipeline.research.serve import CANNED_QUERIES, DESCRIPTIONS, metadata

VIEWS = (
    "article_mentions",
    "monthly_counts",
    "group_province_monthly",
    "commanders",
    "event_list",
    "monthly_events",
    "appointments",
)


def _sqlite_file(url: str) -> Path:
    if make_url(url).get_backend_name() != "sqlite":
        pytest.skip("Datasette serves SQLite only")
    return Path(make_url(url).database)


def test_metadata_describes_every_table_view_and_column(research_db):
    path = _sqlite_file(research_db.url)
    with sqlite3.connect(path) as conn:
        for table in [*Base.metadata.tables, *VIEWS]:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            assert columns, table
            described = DESCRIPTIONS[table][1]
            assert set(columns) == set(described), table
    meta = metadata("frontwatch-test")
    assert meta["license"] and meta["source"]
    assert set(meta["databases"]["frontwatch-test"]["queries"]) == set(CANNED_QUERIES)


def test_canned_queries_answer(research_db):
    path = _sqlite_file(research_db.url)
    with sqlite3.connect(path) as conn:
        sql = lambda name, **params: conn.execute(CANNED_QUERIES[name]["sql"], params).fetchall()
        assert sql("nrf_vs_taliban_by_province_month") == [
            ("2026-02", "Baghlan", 1, 1),
            ("2026-01", "Panjshir", 1, 1),
            ("2025-12", "Panjshir", 1, 1),
        ]
        nrf = [
            ("2026-02", "National Resistance Front", "Baghlan", "AF09", 1, 2),
            ("2026-01", "National Resistance Front", "Panjshir", "AF08", 1, 2),
            ("2025-12", "National Resistance Front", "Panjshir", "AF08", 1, 1),
        ]
        # Names or aliases, in any case, as `frontwatch query` takes them.
        for name in ("National Resistance Front", "NRF", "nrf", "national resistance front"):
            assert sql("group_by_province_month", group=name) == nrf, name
        assert sql("group_by_province_month", group="nosuch") == []
        baghlan = sql("commanders_in_province", province="Baghlan")
        assert [(r[0], r[1], r[3]) for r in baghlan] == [("Abdul Example", "Taliban", "governor of Baghlan")]
        assert sql("top_groups_by_month")[:3] == [
            ("2026-02", 1, "Taliban", 2, 2),
            ("2026-02", 2, "Islamic State Khorasan Province", 1, 1),
            ("2026-02", 3, "National Resistance Front", 1, 1),
        ]
        assert sql("province_month")[0] == ("2026-02", "Baghlan", "AF09", 2, 1)


def test_serve_dry_run_and_errors(research_db, tmp_path):
    path = _sqlite_file(research_db.url)
    result = CliRunner().invoke(main, ["serve", "--db", str(path), "--port", "8123", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "-m datasette serve" in result.stdout and str(path) in result.stdout
    assert "--metadata" in result.stdout and "8123" in result.stdout and "--immutable" not in result.stdout
    result = CliRunner().invoke(main, ["serve", "--db", "postgresql+psycopg://u@127.0.0.1/x", "--dry-run"])
    assert result.exit_code == 2 and "SQLite only" in result.output and "docs/research.md" in result.output
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db"), "--dry-run"])
    assert result.exit_code == 2 and "no SQLite database" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _dump_dom(browser: str, url: str) -> str:
    with tempfile.TemporaryDirectory(prefix="fw-chromium-") as profile:
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                f"--user-data-dir={profile}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@contextlib.contextmanager
def _serving(path: Path, tmp_path: Path) -> Iterator[str]:
    """`frontwatch serve` on `path` in a child process (the real entry point); yields its base URL."""
    port = _free_port()
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{path}"\n', encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(config), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "datasette did not start within 30 s"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        # `serve` execs Datasette in the same process; its session holds nothing else of ours.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if server.stdout:
            server.stdout.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def test_serve_pages_over_http(research_db, tmp_path):
    """What a researcher sees first: the canned queries, no Alembic table first, aliases, plain times."""
    pytest.importorskip("datasette")
    path = _sqlite_file(research_db.url)
    with _serving(path, tmp_path) as base:
        db = f"{base}/{path.stem}"
        index = _get(f"{base}/")
        for name, query in CANNED_QUERIES.items():
            assert f'href="/{path.stem}/{name}"' in index, name
            assert html.escape(query["title"]) in index
        assert f'href="/{path.stem}"' in index
        tables = json.loads(_get(f"{db}.json"))["tables"]
        hidden = {t["name"] for t in tables if t["hidden"]}
        assert "alembic_version" in hidden and "articles" not in hidden and "mentions" not in hidden
        database_page = _get(db)
        assert "alembic_version" not in database_page and f'href="/{path.stem}/articles"' in database_page
        rows = json.loads(_get(f"{db}/group_by_province_month.json?group=NRF&_shape=array"))
        assert [(r["month"], r["province"], r["mentions"]) for r in rows] == [
            ("2026-02", "Baghlan", 2),
            ("2026-01", "Panjshir", 2),
            ("2025-12", "Panjshir", 1),
        ]
        commanders = json.loads(_get(f"{db}/commanders_in_province.json?province=baghlan&_shape=array"))
        assert [r["role"] for r in commanders] == ["governor of Baghlan"]
        articles = _get(f"{db}/articles?_sort=id")
        assert "2026-01-10 08:00:00" in articles and ".000000" not in articles
        assert ".000000" not in _get(f"{db}/commanders_in_province?province=Baghlan")
        # The JSON keeps the stored text.
        stored = json.loads(_get(f"{db}/articles.json?_shape=array&_col=published_at&_sort=id"))
        assert stored[0]["published_at"].startswith("2026-01-10 08:00:00")


def test_display_time():
    from pipeline.research.datasette_plugins.frontwatch_display import display_time

    assert display_time("2026-01-10 08:00:00.000000") == "2026-01-10 08:00:00"
    assert display_time("2026-01-10 08:00:00.250000") is None  # a real fraction stays
    assert display_time("2026-01-10") is None and display_time(3) is None and display_time(None) is None
    assert display_time("said at 2026-01-10 08:00:00.000000") is None


def test_serve_in_a_headless_browser(research_db, tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is not installed; the browser test needs it")
        pytest.skip("chromium is not installed (apt-get install chromium); the browser test needs it")
    path = _sqlite_file(research_db.url)
    with _serving(path, tmp_path) as base:
        assert "frontwatch: Afghan conflict news" in _dump_dom(browser, f"{base}/")
        database = _dump_dom(browser, f"{base}/{path.stem}")
        assert "article_mentions" in database and "NRF and Taliban named together" in database
        assert "NRF attacks on the Taliban per province per month" in database
        page = _dump_dom(browser, f"{base}/{path.stem}/nrf_vs_taliban_by_province_month")
        assert "3 rows" in page
        assert page.count("Panjshir") >= 2 and "Baghlan" in page and "2026-02" in page
        commanders = _dump_dom(browser, f"{base}/{path.stem}/commanders_in_province?province=Baghlan")
        assert "Abdul Example" in commanders and "governor of Baghlan" in commanders
        table = _dump_dom(browser, f"{base}/{path.stem}/mentions")
        assert "The sentence it occurs in" in table  # column descriptions are shown
