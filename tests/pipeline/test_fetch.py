"""HttpFetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import email.utils
import threading
import time
from itertools import pairwise

import pytest
from fixture_server import RAW, Response, cached, redirect, sequence, status

from pipeline.errors import BlockedError, PermanentFetchError, TemporaryFetchError
from pipeline.fetch import HttpFetcher, detect_encoding, parse_retry_after
from pipeline.settings import HttpSettings

UA = "frontwatch-test/1.0 (+mailto:test@example.org)"


def make_fetcher(**overrides) -> HttpFetcher:
    values = {"per_host_delay": 0.0, "backoff": 0.01, "max_backoff": 0.05, "max_retries": 2, "timeout": 2.0}
    return HttpFetcher(HttpSettings(**{**values, **overrides}), UA)


@pytest.fixture
def server(fixture_server):
    srv = fixture_server()
    srv.route("/robots.txt", status(200, "User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    srv.route("/page", status(200, "<html><body>hello</body></html>"))
    return srv


def test_sends_user_agent_and_returns_page(server):
    with make_fetcher() as fetcher:
        page = fetcher.get(server.url("/page"))
    assert page.status == 200 and page.body == b"<html><body>hello</body></html>"
    assert page.url == page.requested_url == server.url("/page")
    assert page.encoding == "utf-8" and page.fetched_at is not None
    assert server.hits("/page")[0].headers["user-agent"] == UA
    assert fetcher.request_counts["127.0.0.1"] == 2  # robots.txt + page


def test_robots_fetched_once_per_host(server):
    fetcher = make_fetcher()
    for _ in range(3):
        fetcher.get(server.url("/page"))
    assert len(server.hits("/robots.txt")) == 1


def test_minimum_delay_between_requests_to_same_host(server):
    fetcher = make_fetcher(per_host_delay=0.25)
    for _ in range(3):
        fetcher.get(server.url("/page"))
    times = [r.time for r in server.hits()]  # robots.txt, then three pages
    gaps = [b - a for a, b in pairwise(times)]
    assert len(gaps) == 3 and min(gaps) >= 0.24


def test_robots_crawl_delay_wins_when_larger(server):
    server.route("/robots.txt", status(200, "User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain"))
    fetcher = make_fetcher(per_host_delay=0.0)
    fetcher.get(server.url("/page"))
    fetcher.get(server.url("/page"))
    first, second = (r.time for r in server.hits("/page"))
    assert second - first >= 0.29


def test_robots_disallow_never_hits_the_server(server):
    fetcher = make_fetcher()
    with pytest.raises(PermanentFetchError) as err:
        fetcher.get(server.url("/private/secret.html"))
    assert err.value.reason == "robots"
    assert server.paths() == ["/robots.txt"]


def test_missing_robots_means_no_rules(fixture_server):
    server = fixture_server()
    server.route("/page", status(200, "ok"))
    assert make_fetcher().get(server.url("/page")).body == b"ok"


def test_unreachable_robots_stops_the_host(fixture_server):
    server = fixture_server()
    server.route("/robots.txt", status(503))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get(server.url("/page"))
    assert err.value.reason == "robots_unavailable"
    assert "/page" not in server.paths()


def test_robots_can_be_switched_off(server):
    server.route("/private/x", status(200, "ok"))
    assert make_fetcher(respect_robots=False).get(server.url("/private/x")).body == b"ok"
    assert "/robots.txt" not in server.paths()


def test_retries_on_503_then_succeeds(server):
    server.route("/flaky", sequence(status(503), status(502), status(200, "finally")))
    fetcher = make_fetcher(max_retries=2)
    assert fetcher.get(server.url("/flaky")).body == b"finally"
    assert len(server.hits("/flaky")) == 3


def test_gives_up_after_max_retries(server):
    server.route("/down", status(500))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=2).get(server.url("/down"))
    assert err.value.reason == "server_error" and err.value.status == 500
    assert len(server.hits("/down")) == 3


def test_retry_after_seconds_is_honoured(server):
    server.route("/busy", sequence(status(429, headers={"Retry-After": "1"}), status(200, "ok")))
    fetcher = make_fetcher(max_backoff=1.5)
    fetcher.get(server.url("/busy"))
    first, second = (r.time for r in server.hits("/busy"))
    assert 0.98 <= second - first < 1.4


def test_rate_limited_reason(server):
    server.route("/busy", status(429, headers={"Retry-After": "0"}))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=1).get(server.url("/busy"))
    assert err.value.reason == "rate_limited"


def test_parse_retry_after():
    assert parse_retry_after("120") == 120.0
    soon = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= parse_retry_after(soon) <= 31
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("code", "error", "reason"),
    [(404, PermanentFetchError, "not_found"), (410, PermanentFetchError, "gone"),
     (403, BlockedError, "blocked"), (401, BlockedError, "blocked"), (400, PermanentFetchError, "client_error")],
)
def test_status_classes(server, code, error, reason):
    server.route("/x", status(code))
    with pytest.raises(error) as err:
        make_fetcher().get(server.url("/x"))
    assert err.value.reason == reason and err.value.status == code
    assert len(server.hits("/x")) == 1  # never retried


def test_connection_refused_is_temporary():
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=1, respect_robots=False).get("http://127.0.0.1:9/nothing")
    assert err.value.reason == "connection"


def test_read_timeout_is_temporary(server):
    server.route("/slow", status(200, "late", delay=0.6))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(timeout=0.2, max_retries=0).get(server.url("/slow"))
    assert err.value.reason == "timeout"


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "nohost"])
def test_only_http_schemes(url):
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(url)
    assert err.value.reason == "scheme"


def test_allowed_hosts(server):
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/page"), allowed_hosts=frozenset({"www.longwarjournal.org"}))
    assert err.value.reason == "host" and server.paths() == []
    assert make_fetcher().get(server.url("/page"), allowed_hosts=frozenset({"127.0.0.1"})).status == 200


def test_max_bytes_declared_length(server):
    server.route("/big", status(200, b"x" * 5000))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher(max_bytes=1000).get(server.url("/big"))
    assert err.value.reason == "too_large"


def test_max_bytes_streamed_without_length(server):
    server.route("/stream", lambda _r: Response(200, (b"y" * 1000 for _ in range(100))))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher(max_bytes=10_000).get(server.url("/stream"))
    assert err.value.reason == "too_large"


def test_follows_redirects_and_reports_final_url(server):
    server.route("/old", redirect("/page", 301))
    page = make_fetcher().get(server.url("/old"))
    assert page.url == server.url("/page") and page.requested_url == server.url("/old")


def test_redirect_loop(server):
    server.route("/loop", redirect("/loop"))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/loop"))
    assert err.value.reason == "redirect_loop"


def test_redirect_to_disallowed_scheme(server):
    server.route("/out", redirect("ftp://example.org/file"))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/out"))
    assert err.value.reason == "redirect_scheme"


def test_conditional_get_304(server):
    server.route("/feed", cached("<rss/>", etag='"v1"', last_modified="Mon, 04 Nov 2024 10:00:00 GMT"))
    fetcher = make_fetcher()
    first = fetcher.get(server.url("/feed"), conditional=True)
    assert first.status == 200 and not first.not_modified
    assert fetcher.validators[server.url("/feed")] == ('"v1"', "Mon, 04 Nov 2024 10:00:00 GMT")
    second = fetcher.get(server.url("/feed"), conditional=True)
    assert second.not_modified and second.status == 304 and second.body == b""
    sent = server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Mon, 04 Nov 2024 10:00:00 GMT"


def test_validators_can_be_preloaded(server):
    server.route("/feed", cached("<rss/>", etag='"v2"'))
    fetcher = make_fetcher()
    fetcher.validators[server.url("/feed")] = ('"v2"', None)
    assert fetcher.get(server.url("/feed"), conditional=True).not_modified
    assert fetcher.get(server.url("/feed")).status == 200  # unconditional ignores validators
    assert "if-none-match" not in server.hits("/feed")[1].headers


def test_charset_from_header(server):
    server.route("/latin", status(200, "café".encode("latin-1"), content_type="text/html; charset=ISO-8859-1"))
    page = make_fetcher().get(server.url("/latin"))
    assert page.text == "café"


def test_charset_from_meta(server):
    html = '<html><head><meta charset="windows-1252"></head><body>\u2019</body></html>'.encode("cp1252")
    server.route("/meta", status(200, html, content_type="text/html"))
    page = make_fetcher().get(server.url("/meta"))
    assert page.encoding == "cp1252" and "\u2019" in page.text


def test_detect_encoding_defaults_to_utf8():
    assert detect_encoding(None, b"<html></html>") == "utf-8"
    assert detect_encoding("text/html; charset=bogus-enc", b"") == "utf-8"
    assert detect_encoding(None, b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>') == "iso8859-1"


def test_dropped_connection_is_temporary(server):
    def hang_up(request):
        request.raw.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
        request.raw.close_connection = True
        return RAW

    server.route("/cut", hang_up)
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=1).get(server.url("/cut"))
    assert err.value.reason == "truncated"
    assert len(server.hits("/cut")) == 2


def test_backoff_is_capped_and_jittered():
    fetcher = make_fetcher(backoff=1.0, max_backoff=5.0)
    waits = [fetcher._backoff(attempt, None) for attempt in range(8)]
    assert 0.5 <= waits[0] <= 1.0 and all(w <= 5.0 for w in waits)
    assert fetcher._backoff(0, 120.0) == 5.0  # Retry-After is capped too
    assert fetcher._backoff(3, 0.2) == 0.2


def test_threads_share_the_per_host_delay(server):
    fetcher = make_fetcher(per_host_delay=0.15)
    fetcher.get(server.url("/page"))  # robots.txt loaded
    threads = [threading.Thread(target=fetcher.get, args=(server.url("/page"),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(r.time for r in server.hits("/page"))
    assert len(times) == 5
    assert min(b - a for a, b in pairwise(times)) >= 0.14
    assert fetcher.request_counts["127.0.0.1"] == 6


def test_other_hosts_are_not_held_up(fixture_server):
    slow, fast = fixture_server(), fixture_server()
    for srv in (slow, fast):
        srv.route("/robots.txt", status(200, "User-agent: *\nAllow: /\n", content_type="text/plain"))
    slow.route("/page", status(200, "slow", delay=0.5))
    fast.route("/page", status(200, "fast"))
    fetcher = make_fetcher()
    started = time.monotonic()
    thread = threading.Thread(target=fetcher.get, args=(slow.url("/page"),))
    thread.start()
    time.sleep(0.05)
    fetcher.get(fast.url("/page"))
    assert time.monotonic() - started < 0.4  # did not wait for the slow host's request
    thread.join()


def test_robots_redirect_is_followed(fixture_server):
    server = fixture_server()
    server.route("/robots.txt", redirect("/real-robots.txt", 301))
    server.route("/real-robots.txt", status(200, "User-agent: *\nDisallow: /no/\n", content_type="text/plain"))
    fetcher = make_fetcher()
    with pytest.raises(PermanentFetchError):
        fetcher.get(server.url("/no/x"))
    assert server.paths() == ["/robots.txt", "/real-robots.txt"]


def test_fixture_server_static_files(fixture_server, tmp_path):
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "index.xml").write_text("<rss><link>{base}/a</link></rss>")
    (tmp_path / "page.html").write_text("<a href='{base}/x'>x</a>")
    (tmp_path / "img.bin").write_bytes(b"{base}")
    server = fixture_server(tmp_path)
    fetcher = make_fetcher(respect_robots=False)
    feed = fetcher.get(server.url("/feed"))
    assert feed.body == f"<rss><link>{server.base_url}/a</link></rss>".encode()
    assert feed.headers["content-type"].startswith("application/rss+xml")
    assert fetcher.get(server.url("/page")).headers["content-type"] == "text/html; charset=utf-8"
    assert fetcher.get(server.url("/img.bin")).body == b"{base}"  # binary files are not templated
    with pytest.raises(PermanentFetchError):
        fetcher.get(server.url("/../etc/passwd"))


def test_redirect_to_other_host_refused_when_hosts_restricted(server):
    server.route("/away", redirect("http://localhost:9/elsewhere"))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/away"), allowed_hosts=frozenset({"127.0.0.1"}))
    assert err.value.reason == "redirect_host"
