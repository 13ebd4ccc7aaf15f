"""Proof: a run over a local mirror where one article in three misbehaves completes, records each
failure with its class, and once the faults are cleared a second run fetches exactly what is missing."""

from __future__ import annotations

import gzip
import re
import socket
import struct
import time
from collections import Counter

import pytest
from fixture_server import RAW, FixtureServer, Response, mirror_source, serve_lwj_mirror
from sqlalchemy import select

from models.db import open_database
from models.schema import Article, RunError, UrlState
from pipeline.progress import LogProgress
from pipeline.run import QUEUE_SIZE, run_job
from pipeline.settings import settings_from_dict

TIMEOUT = 0.4
EVERY = 3  # one article in three misbehaves: each fault between good pages, so no run of failures (host_down)

#: fault -> (reason class, url_states status, stored http_status, fetched again once cleared)
FAULTS = {
    "503": ("server_error", "failed", 503, True),
    "429": ("rate_limited", "failed", 429, True),
    "timeout": ("timeout", "failed", None, True),
    "reset": ("connection", "failed", None, True),
    "truncated": ("truncated", "failed", 200, True),
    "403": ("blocked", "failed", 403, True),
    "404": ("not_found", "permanent", 404, False),
    "410": ("gone", "permanent", 410, False),
    "pdf": ("content_type", "permanent", 200, False),
    "garbage": ("no_article", "no_article", None, False),
    "bomb": ("too_large", "permanent", 200, False),
    "redirect_host": ("redirect_host", "permanent", None, False),
    "redirect_loop": ("redirect_loop", "permanent", None, False),
}
#: Misbehaves, but the page is still good: stored with the right text.
CP1252 = "cp1252"
KINDS = [*FAULTS, CP1252]
ARTICLES = EVERY * len(KINDS)  # more than the run's queue holds: the fetcher gets ahead of the writer
assert ARTICLES > QUEUE_SIZE
BOMB = gzip.compress(b"\0" * 30_000_000, 9)


def misbehave(kind: str, request, server: FixtureServer):
    """Answer `request` in the way `kind` describes (None: serve the real page)."""
    if kind in ("503", "429"):
        return Response(int(kind), b"busy", headers={"Retry-After": "0"})
    if kind in ("403", "404", "410"):
        return Response(int(kind), b"<html><body>no</body></html>")
    if kind == "timeout":
        time.sleep(TIMEOUT + 0.2)
        return None
    if kind == "reset":
        handler = request.raw
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        for stream in (handler.wfile, handler.rfile):
            stream.close()
        handler.connection.close()
        return RAW
    if kind == "truncated":
        page = server.static(request.path)  # falls back to the 404 page: only the headers matter here
        request.raw.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                b"Content-Length: 50000\r\n\r\n<html><body><article><h1>Half an article</h1><p>"
                                + bytes(page.body[:100]))
        request.raw.wfile.flush()
        request.raw.close_connection = True
        return RAW
    if kind == "pdf":
        return Response(200, b"%PDF-1.7\n" + b"\0" * 5000, content_type="application/pdf")
    if kind == "garbage":
        return Response(200, b"<html><head><title></title></head><body><div><<<>>></div><div>")
    if kind == "bomb":
        return Response(200, BOMB, headers={"Content-Encoding": "gzip"})
    if kind == "redirect_host":
        return Response(302, b"", {"Location": f"http://localhost:{server.port}/elsewhere"}, content_type=None)
    if kind == "redirect_loop":
        return Response(302, b"", {"Location": request.path}, content_type=None)
    raise AssertionError(kind)


@pytest.fixture
def mirror(fixture_server):
    server = fixture_server()
    articles = serve_lwj_mirror(server, ARTICLES, etag=False)  # a feed without validators: read in full each run
    # One in three misbehaves, each in its own way; the cp1252 page is served declared as utf-8.
    faulty = {a.path: KINDS[i // EVERY] for i, a in enumerate(articles) if i % EVERY == 1}
    assert len(faulty) == len(KINDS)
    state = {"on": True}

    def handle(request):
        kind = faulty.get(request.path)
        if kind is None:
            return None
        if kind == CP1252:
            html = next(a for a in articles if a.path == request.path)
            body = _cp1252_page(html.title)
            return Response(200, body, content_type="text/html; charset=utf-8")
        if not state["on"]:
            return None
        return misbehave(kind, request, server)

    server.route(re.compile(r"/archives/.*"), handle)
    return server, articles, faulty, state


def _cp1252_page(title: str) -> bytes:
    text = ("The Taliban\u2019s governor of Kunar said on Monday that \u201cforeign fighters\u201d had crossed "
            "from Pakistan \u2013 a claim the Islamic State Khorasan Province denied. ") * 4
    html = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><main><article>"
            f"<h1 class='entry-title'>{title}</h1><div class='entry-meta'><time class='entry-date published' "
            f"datetime='2024-03-01T10:00:00'>March 1, 2024</time></div>"
            f"<div class='entry-content'><p>{text}</p><p>{text}</p></div></article></main></body></html>")
    return html.encode("cp1252")


def test_faults_are_classified_and_a_second_run_fetches_exactly_the_missing(mirror, db_url, rules_tagger):
    server, _articles, faulty, state = mirror
    settings = settings_from_dict({
        "database": {"url": db_url},
        "http": {"per_host_delay": 0.0, "timeout": TIMEOUT, "max_retries": 1, "backoff": 0.01,
                 "max_backoff": 0.05, "retry_backoff": 0.0, "max_bytes": 2_000_000},
        "nlp": {"model": ""},
        "sources": {"longwarjournal": mirror_source(server)},
    }, where="tests")

    first = run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    report = first.sources[0]
    assert first.status == "partial" and report.status == "partial"
    assert report.discovered == ARTICLES
    assert report.failed == len(FAULTS)
    assert report.new == ARTICLES - len(FAULTS)
    assert report.errors == Counter({reason: 1 for reason, *_ in FAULTS.values()})

    db = open_database(db_url)
    try:
        with db.sessions() as s:
            states = {row.url.removeprefix(server.base_url): row for row in s.scalars(select(UrlState))}
            errors = {row.url.removeprefix(server.base_url): row for row in s.scalars(
                select(RunError).where(RunError.run_id == first.run_id))}
            cp1252_path = next(p for p, k in faulty.items() if k == CP1252)
            stored = s.scalar(select(Article).where(Article.url.endswith(cp1252_path)))
            stored_urls = [u.removeprefix(server.base_url) for u in s.scalars(select(Article.url))]
    finally:
        db.dispose()
    for path, kind in faulty.items():
        if kind == CP1252:
            continue
        reason, status, http_status, _ = FAULTS[kind]
        row = states[path]
        assert (row.status, row.reason, row.http_status) == (status, reason, http_status), kind
        assert row.attempts == 1
        assert errors[path].reason == reason
        assert errors[path].stage == ("extract" if kind == "garbage" else "fetch")
    # A windows-1252 page declared utf-8 is stored with the right characters, not mojibake.
    assert stored is not None and "Taliban\u2019s" in stored.text and "\ufffd" not in stored.text
    assert states[cp1252_path].status == "fetched"
    # Nothing half-read (truncated, cut at the cap) was stored: no failing URL has an article.
    assert len(stored_urls) == report.new
    assert not {p for p, k in faulty.items() if k != CP1252} & set(stored_urls)

    state["on"] = False
    server.reset()
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    refetched = [p for p in server.paths() if p.startswith("/archives/")]
    retryable = {p for p, k in faulty.items() if k != CP1252 and FAULTS[k][3]}
    assert sorted(refetched) == sorted(retryable)  # each once; 404/410/not-an-article are not asked again
    assert second.new == len(retryable) and second.failed == 0
    assert second.skipped == ARTICLES - len(FAULTS) and second.deferred == len(FAULTS) - len(retryable)
    assert second.status == "ok"
