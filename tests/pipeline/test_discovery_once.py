"""Discovery asks each URL once per run, and a failure is said once, in the run table, with the configured URL.

Against the real local server: what it received is counted, and `frontwatch run` runs in a child process.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

from child import frontwatch, mirror_config
from fixture_server import serve_lwj_mirror, status
from sqlalchemy import select

from models.db import open_database
from models.schema import RunError
from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import settings_from_dict

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def settings_for(name: str, table: dict, db_url: str):
    return settings_from_dict({"database": {"url": db_url}, "nlp": {"model": ""},
                               "http": {"per_host_delay": 0.0, "backoff": 0.01, "max_retries": 0},
                               "sources": {name: table}}, where="tests")


def requests_twice(server) -> dict[str, int]:
    return {path: n for path, n in Counter(server.paths()).items() if n > 1}


def flat(text: str) -> str:
    """Output with the table's lines and borders gone: a wrapped cell reads as one line (other cells are blank)."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


def discovery_errors(db_url: str) -> list[RunError]:
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            return list(s.scalars(select(RunError).where(RunError.stage == "discover").order_by(RunError.id)))
    finally:
        db.dispose()


def test_robots_txt_read_for_sitemaps_is_not_fetched_again(fixture_server, db_url):
    # afintl: both configured feeds 404, the sitemap is found through robots.txt's Sitemap line.
    server = fixture_server(FIXTURES / "afintl")
    with open(ROOT / "config.toml", "rb") as fh:
        table = {**tomllib.load(fh)["sources"]["afintl"], "base_url": server.base_url}
    report = run_job(settings_for("afintl", table, db_url), progress=LogProgress()).sources[0]
    assert report.new == 2
    assert server.paths().count("/robots.txt") == 1
    assert requests_twice(server) == {}
    # The configured feeds that failed are noted (and kept in run_errors), the source did not fail.
    assert [e.url for e in discovery_errors(db_url)] == [server.url("/en/rss"), server.url("/en/feed")]
    assert report.message == "" and len(report.notes) == 2


def test_a_404_feed_and_home_page_two_strategies_ask_for_are_fetched_once(fixture_server, db_url):
    # WordPress kind: the home page is read for the REST API root and again for feed autodiscovery;
    # the configured feed 404s and the home page advertises it too.
    server = fixture_server()
    serve_lwj_mirror(server, 3, feed_path="/news/feed")
    home = (f'<html><head><link rel="alternate" type="application/rss+xml" href="{server.url("/feed/")}">'
            f'<link rel="alternate" type="application/rss+xml" href="{server.url("/news/feed")}"></head>'
            "<body><h1>Home</h1></body></html>")
    server.route("/", status(200, home))
    table = {"adapter": "wordpress", "base_url": server.base_url, "feeds": ["/feed/"]}
    report = run_job(settings_for("mirror", table, db_url), progress=LogProgress()).sources[0]
    assert report.new == 3, report
    assert requests_twice(server) == {}
    assert server.paths().count("/") == 1 and server.paths().count("/feed/") == 1
    assert report.status == "ok" and report.notes == [f"failed: {server.url('/feed/')}: not found (404)"]


def test_a_failure_is_said_once_in_the_run_table_naming_the_configured_url(tmp_path, fixture_server):
    server = fixture_server()  # nothing but 404s: both configured feeds fail
    config = mirror_config(tmp_path, server, f"sqlite:///{tmp_path / 'fw.db'}")
    result = frontwatch("run", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    output = flat(result.stdout + result.stderr)
    first, second = server.url("/feed"), server.url("/tags/afghanistan/feed")
    # The first configured feed names the failure, not the last URL tried; the other is noted; once each.
    assert output.count(f"discovery failed: {first}: not found (404)") == 1
    assert output.count(f"{first}:") == 1 and output.count(second) == 1
    assert first not in result.stderr and second not in result.stderr  # in the table, not in log lines
    assert "health warning" not in output and "discovered no articles" not in output
    assert "No source could be read" not in output  # a 404 is no network problem
    assert requests_twice(server) == {}
    assert "WARNING" not in result.stderr


def test_a_dead_feed_of_two_is_one_note_in_the_table(tmp_path, fixture_server):
    server = fixture_server()
    serve_lwj_mirror(server, 3)  # /feed works; /tags/afghanistan/feed is a 404
    config = mirror_config(tmp_path, server, f"sqlite:///{tmp_path / 'fw.db'}")
    result = frontwatch("run", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    dead = server.url("/tags/afghanistan/feed")
    assert flat(result.stdout + result.stderr).count(f"failed: {dead}: not found (404)") == 1
    assert dead not in result.stderr
    assert "WARNING" not in result.stderr
    assert Counter(server.paths())["/tags/afghanistan/feed"] == 1 and requests_twice(server) == {}
