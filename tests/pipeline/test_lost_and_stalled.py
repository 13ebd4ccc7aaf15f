"""Issue 12 against a real misbehaving server and a real database: nothing lost, nothing stalled.

URLs never requested keep their attempts; backoff grows between runs (with a controllable clock);
`--retry-failed` retries what failed now; one deadline bounds a whole request; a timeout is never
final; a parser exception is retryable; a feed that answers HTML is a failed discovery.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import socket
import struct
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from fixture_server import RAW, Response, mirror_source, serve_lwj_mirror, status
from sqlalchemy import func, select

from child import frontwatch
from models.db import open_database
from models.schema import Article, RunError, UrlState
from pipeline.errors import DeadlineExceeded, PermanentFetchError
from pipeline.fetch import HttpFetcher
from pipeline.progress import LogProgress
from pipeline.run import QUEUE_SIZE, run_job
from pipeline.settings import HttpSettings, settings_from_dict
from scrapers.lwj import LongWarJournal
from scrapers.urls import canonical_url

UA = "frontwatch/0.1 (+https://github.com/frontwatch/frontwatch; research use)"


def settings(server, db_url, **http):
    return settings_from_dict({
        "database": {"url": db_url},
        "http": {"per_host_delay": 0.0, "timeout": 2.0, "max_retries": 1, "backoff": 0.01, "max_backoff": 0.05,
                 "retry_backoff": 0.0, **http},
        "nlp": {"model": ""},
        "sources": {"longwarjournal": mirror_source(server)},
    }, where="tests")


def states(db_url, server):
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            return {row.url.removeprefix(server.base_url): row for row in s.scalars(select(UrlState))}
    finally:
        db.dispose()


def stored_urls(db_url):
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            return list(s.scalars(select(Article.url)))
    finally:
        db.dispose()


def drip(data: bytes, every: float):
    """A handler writing `data` (status line and headers included) one byte per `every` seconds."""

    def handle(request):
        try:
            for byte in data:
                request.raw.wfile.write(bytes([byte]))
                request.raw.wfile.flush()
                time.sleep(every)
        except OSError:
            pass  # the client hung up: the point of the test
        request.raw.close_connection = True
        return RAW

    return handle


SLOW_HEADERS = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Pad: " + b"p" * 400
                + b"\r\nContent-Length: 0\r\n\r\n")


def slow_body(page: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n" + page


# -- one deadline per request ---------------------------------------------------------------------------------


def test_headers_dripping_a_byte_at_a_time_are_cut_at_the_deadline(fixture_server):
    server = fixture_server()
    server.route("/slow", drip(SLOW_HEADERS, 0.02))  # each byte well inside the read timeout; ~9 s in all
    fetcher = HttpFetcher(HttpSettings(per_host_delay=0, timeout=2.0, max_time=0.6, max_retries=3,
                                       respect_robots=False), UA)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded) as err:
        fetcher.get(server.url("/slow"))
    assert err.value.reason == "timeout" and "more than 0.6 s" in str(err.value)
    assert time.monotonic() - started < 1.5
    assert len(server.hits("/slow")) == 1  # not retried within the run


def test_stalled_urls_fail_temporarily_once_each_while_the_hosts_other_urls_go_on(fixture_server, db_url,
                                                                                  rules_tagger):
    server = fixture_server()
    articles = serve_lwj_mirror(server, 6, etag=False)
    headers_path, body_path = articles[1].path, articles[3].path
    server.route(headers_path, drip(SLOW_HEADERS, 0.02))
    server.route(body_path, drip(slow_body(b"<html><body>" + b"x" * 2000), 0.02))
    started = time.monotonic()
    report = run_job(settings(server, db_url, max_time=0.6, max_retries=3), progress=LogProgress(),
                     tagger=rules_tagger).sources[0]
    assert time.monotonic() - started < 30
    assert (report.new, report.failed, report.errors["timeout"]) == (4, 2, 2)
    rows = states(db_url, server)
    for path in (headers_path, body_path):
        assert (rows[path].status, rows[path].reason, rows[path].attempts) == ("failed", "timeout", 1)
        assert len(server.hits(path)) == 1
    assert len(stored_urls(db_url)) == 4


# -- attempts, backoff, gave_up ------------------------------------------------------------------------------


def test_urls_never_requested_keep_their_attempts_and_gave_up_is_reported(fixture_server, db_url,
                                                                          rules_tagger):
    server = fixture_server()
    articles = serve_lwj_mirror(server, 5, etag=False)
    first = articles[0].path  # fetched first: its 429 with a long Retry-After pauses the host for the run
    page = requests.get(server.url(first), timeout=5).content
    outage = {"on": True}
    server.route(first, lambda _r: Response(429, b"slow down", {"Retry-After": "3600"}) if outage["on"]
                 else Response(200, page))
    config = settings(server, db_url, max_attempts=2)
    reports = [run_job(config, progress=LogProgress(), tagger=rules_tagger).sources[0] for _ in range(2)]
    rows = states(db_url, server)
    assert rows[first].status == "gave_up" and rows[first].attempts == 2
    assert [r.gave_up for r in reports] == [0, 1]
    assert [(r.failed, r.deferred) for r in reports] == [(1, 4), (1, 4)]  # the rest queued behind the paused host
    for article in articles[1:]:
        row = rows[article.path]
        assert (row.status, row.attempts, row.reason) == ("failed", 0, "rate_limited"), article.path
        assert server.hits(article.path) == []
    # Given up: not asked again by itself, so the host is not paused and the others are fetched at last.
    third = run_job(config, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (third.new, third.deferred, len(server.hits(first))) == (4, 1, 3)  # 2 runs + the test's own GET
    # After the outage, --retry-failed fetches the given-up URL too, whatever its state says.
    outage["on"] = False
    again = run_job(config, retry_failed=True, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (again.new, again.failed, again.deferred, again.skipped) == (1, 0, 0, 4)
    assert sorted(stored_urls(db_url)) == sorted(server.url(a.path) for a in articles)


def test_retry_delay_grows_between_runs_and_the_url_is_given_up_at_max_attempts(fixture_server, db_url,
                                                                                rules_tagger):
    server = fixture_server()
    articles = serve_lwj_mirror(server, 3, etag=False)
    failing = articles[1].path
    server.route(failing, status(503, "down"))
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    config = settings(server, db_url, max_retries=0, retry_backoff=100.0, max_attempts=3)

    def run(after: float):
        now[0] += timedelta(seconds=after)
        before = len(server.hits(failing))
        report = run_job(config, clock=lambda: now[0], progress=LogProgress(), tagger=rules_tagger).sources[0]
        return len(server.hits(failing)) - before, report, states(db_url, server)[failing]

    asked, report, row = run(0)
    assert (asked, row.attempts, row.status) == (1, 1, "failed")
    assert row.next_attempt.replace(tzinfo=UTC) == now[0] + timedelta(seconds=100)
    asked, report, row = run(99)  # not due yet
    assert (asked, report.deferred, row.attempts) == (0, 1, 1)
    asked, report, row = run(2)  # due: tried, and the next wait doubles
    assert (asked, row.attempts, row.status) == (1, 2, "failed")
    assert row.next_attempt.replace(tzinfo=UTC) == now[0] + timedelta(seconds=200)
    asked, report, row = run(199)
    assert (asked, row.attempts) == (0, 2)
    asked, report, row = run(2)  # the third attempt is the last
    assert (asked, row.attempts, row.status, report.gave_up) == (1, 3, "gave_up", 1)
    asked, report, row = run(86400 * 30)
    assert (asked, row.attempts, row.status) == (0, 3, "gave_up")


def test_a_parser_exception_is_a_retryable_parser_error(fixture_server, db_url, monkeypatch, rules_tagger):
    server = fixture_server()
    articles = serve_lwj_mirror(server, 3, etag=False)
    broken = server.url(articles[1].path)
    original = LongWarJournal.parse

    def parse(self, page):
        if page.requested_url == broken:
            raise RuntimeError("a parser bug")
        return original(self, page)

    monkeypatch.setattr(LongWarJournal, "parse", parse)
    config = settings(server, db_url)
    first = run_job(config, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (first.new, first.failed, first.errors["parser_error"]) == (2, 1, 1)
    row = states(db_url, server)[articles[1].path]
    assert (row.status, row.reason, row.attempts) == ("failed", "parser_error", 1)
    monkeypatch.setattr(LongWarJournal, "parse", original)  # the fixed release
    second = run_job(config, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (second.new, second.failed) == (1, 0)
    assert len(stored_urls(db_url)) == 3


# -- discovery failures ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>",
                                  b"\x00\x01garbage\xff" * 20])
def test_a_feed_answering_html_or_garbage_is_a_failed_discovery_shown_by_failures(fixture_server, tmp_path,
                                                                                  body, rules_tagger):
    server = fixture_server()
    serve_lwj_mirror(server, 2, etag=False)
    server.route("/feed", Response(200, body, content_type="text/html; charset=utf-8"))
    db_url = f"sqlite:///{tmp_path / 'fw.db'}"
    report = run_job(settings(server, db_url), progress=LogProgress(), tagger=rules_tagger)
    source = report.sources[0]
    assert report.status == "failed" and source.status == "failed"
    assert source.errors["not_a_feed"] == 1 and "not a feed" in source.message
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            error = s.scalar(select(RunError).where(RunError.reason == "not_a_feed"))
            assert error is not None and error.stage == "discover" and error.url == server.url("/feed")
    finally:
        db.dispose()
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{db_url}"\n[sources.longwarjournal]\nbase_url = "{server.base_url}"\n'
                      'feeds = ["/feed"]\n')
    shown = frontwatch("failures", "--config", str(config), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "discovery failures" in shown.stdout and "not_a_feed" in shown.stdout and "/feed" in shown.stdout


# -- robots.txt ----------------------------------------------------------------------------------------------------


def test_robots_txt_group_for_frontwatch_is_the_one_obeyed(fixture_server):
    server = fixture_server()
    server.route("/robots.txt", status(200, "User-agent: *\nDisallow: /\n\nUser-agent: frontwatch\n"
                                            "Disallow: /private/\n", content_type="text/plain"))
    server.route("/public", status(200, "<html>ok</html>"))
    server.route("/private/x", status(200, "<html>no</html>"))
    fetcher = HttpFetcher(HttpSettings(per_host_delay=0), UA)
    assert fetcher.get(server.url("/public")).body == b"<html>ok</html>"  # `*` would forbid it
    with pytest.raises(PermanentFetchError) as err:
        fetcher.get(server.url("/private/x"))
    assert err.value.reason == "robots" and server.hits("/private/x") == []


def test_a_robots_txt_that_fails_for_good_is_logged(fixture_server, caplog):
    server = fixture_server()
    server.route("/robots.txt", status(400, "bad request"))
    server.route("/page", status(200, "<html>ok</html>"))
    with caplog.at_level(logging.WARNING, logger="pipeline.fetch"):
        assert HttpFetcher(HttpSettings(per_host_delay=0), UA).get(server.url("/page")).status == 200
    assert any("robots.txt failed for good" in r.getMessage() and "client_error" in r.getMessage()
               for r in caplog.records)


def test_tracking_parameters_are_dropped_whatever_their_case():
    url = "https://www.longwarjournal.org/archives/2024/07/x.php?UTM_Source=tw&Utm_Medium=s&FBCLID=1&id=3&GCLID=z"
    assert canonical_url(url) == canonical_url("https://www.longwarjournal.org/archives/2024/07/x.php?id=3")
    assert "id=3" in canonical_url(url)


# -- the CLI: --retry-failed, deferred and gave_up in the table ------------------------------------------------


def test_cli_retry_failed_retries_now_and_the_table_shows_deferred_and_gave_up(fixture_server, tmp_path):
    server = fixture_server()
    articles = serve_lwj_mirror(server, 4, etag=False)
    faults = {"on": True}
    failing = {articles[1].path, articles[2].path}
    server.route(re.compile(r"/archives/.*"),
                 lambda r: Response(503, b"down") if faults["on"] and r.path in failing else None)
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "fw.db"}"\n[http]\nper_host_delay = 0.0\n'
                      'backoff = 0.01\nmax_backoff = 0.05\nmax_retries = 0\n[nlp]\nmodel = ""\n'
                      f'[sources.longwarjournal]\nbase_url = "{server.base_url}"\nfeeds = ["/feed"]\n')
    first = frontwatch("run", "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "deferred" in first.stdout and "gave_up" in first.stdout
    faults["on"] = False
    plain = frontwatch("run", "--config", str(config), cwd=tmp_path)  # the six-hour backoff holds them back
    assert plain.returncode == 0 and "2 URL(s) deferred" in plain.stdout and "--retry-failed" in plain.stdout
    retried = frontwatch("run", "--retry-failed", "--config", str(config), cwd=tmp_path)
    assert retried.returncode == 0, retried.stderr
    assert len(stored_urls(f"sqlite:///{tmp_path / 'fw.db'}")) == 4
    assert "deferred" not in retried.stdout.split("\n", 3)[-1] or "0 URL(s)" not in retried.stdout


# -- the Done line ------------------------------------------------------------------------------------------------


FAULTS = ("503", "429", "reset", "truncated", "slow_headers", "slow_body", "too_large", "pdf", "403", "drop")
EVERY = 4  # one article in four misbehaves, each fault between good pages
ARTICLES = EVERY * len(FAULTS)  # more than the run's queue holds: the fetcher gets ahead of the writer
assert ARTICLES > QUEUE_SIZE


def test_a_fault_run_then_retry_failed_stores_every_article_exactly_once(fixture_server, db_url,
                                                                         rules_tagger):
    server = fixture_server()
    articles = serve_lwj_mirror(server, ARTICLES, etag=False)
    faulty = {a.path: FAULTS[i // EVERY] for i, a in enumerate(articles) if i % EVERY == EVERY - 1}
    assert len(faulty) == len(FAULTS)
    on = {"faults": True}

    def handle(request):
        kind = faulty.get(request.path)
        if kind is None or not on["faults"]:
            return None
        if kind in ("503", "429", "403"):
            return Response(int(kind), b"busy", headers={"Retry-After": "0"})
        if kind in ("reset", "drop"):
            handler = request.raw
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            for stream in (handler.wfile, handler.rfile):
                stream.close()
            handler.connection.close()
            return RAW
        if kind == "truncated":
            request.raw.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9000\r\n\r\n<html>")
            request.raw.wfile.flush()
            request.raw.close_connection = True
            return RAW
        if kind == "slow_headers":
            return drip(SLOW_HEADERS, 0.02)(request)
        if kind == "slow_body":
            return drip(slow_body(b"<html><body>" + b"x" * 2000), 0.02)(request)
        if kind == "too_large":
            return Response(200, b"<html>" + b"x" * 600_000)
        if kind == "pdf":
            return Response(200, b"%PDF-1.7\n" + b"\0" * 500, content_type="application/pdf")
        raise AssertionError(kind)

    server.route(re.compile(r"/archives/.*"), handle)
    config = settings(server, db_url, max_time=0.6, max_bytes=500_000, retry_backoff=21600.0)
    first = run_job(config, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (first.discovered, first.new, first.failed) == (ARTICLES, ARTICLES - len(faulty), len(faulty))
    on["faults"] = False
    server.reset()
    plain = run_job(config, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (plain.new, plain.deferred) == (0, len(faulty))  # backoff and refusals hold them back
    retried = run_job(config, retry_failed=True, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert (retried.new, retried.failed, retried.retried) == (len(faulty), 0, 0)
    asked = [p for p in server.paths() if p.startswith("/archives/")]
    assert sorted(asked) == sorted(faulty)  # each faulty URL once, nothing stored asked again
    urls = stored_urls(db_url)
    assert len(urls) == len(set(urls)) == ARTICLES
    assert sorted(urls) == sorted(server.url(a.path) for a in articles)
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            assert s.scalar(select(func.count()).select_from(UrlState).where(UrlState.status != "fetched")) == 0
    finally:
        db.dispose()
