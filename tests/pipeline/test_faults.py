"""HttpFetcher against misbehaving servers on 127.0.0.1: every fault ends in a clear reason class.

The status-code classes (404/410/401/403/400), simple retries, robots.txt rules, redirect loops and
size caps with Content-Length live in test_fetch.py; this file covers the network-level faults,
truncation, compression, Retry-After pauses, content types, charsets and malformed documents.
"""

from __future__ import annotations

import email.utils
import gzip
import re
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from itertools import count, pairwise

import pytest
import requests
from fixture_server import (
    RAW,
    FixtureServer,
    Response,
    redirect,
    self_signed_cert,
    sequence,
    serve_tls,
    status,
)

from pipeline.errors import PermanentFetchError, TemporaryFetchError
from pipeline.fetch import HTML_TYPES, HttpFetcher, check_content_type, detect_encoding, host_delays_for
from pipeline.records import FetchedPage
from pipeline.settings import HttpSettings, settings_from_dict
from scrapers.lwj import LongWarJournal

UA = "frontwatch-test/1.0 (+mailto:test@example.org)"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def make_fetcher(**overrides) -> HttpFetcher:
    values = {"per_host_delay": 0.0, "backoff": 0.01, "max_backoff": 0.05, "max_retries": 1, "timeout": 1.0}
    host_delays = overrides.pop("host_delays", None)
    return HttpFetcher(HttpSettings(**{**values, **overrides}), UA, host_delays=host_delays)


@pytest.fixture
def server(fixture_server):
    srv = fixture_server()
    srv.route("/robots.txt", status(200, ROBOTS, content_type="text/plain"))
    return srv


def raw(write):
    """A handler writing bytes straight to the socket, then closing it."""

    def handle(request):
        write(request.raw)
        request.raw.wfile.flush()
        request.raw.close_connection = True
        return RAW

    return handle


def reset(handler):
    """Abort the connection with a TCP RST (SO_LINGER 0), as a crashing proxy would."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    for stream in (handler.wfile, handler.rfile):
        try:
            stream.close()  # the socket's file objects hold it open; closing all of them really closes it
        except OSError:
            pass
    handler.connection.close()


# -- timeouts -----------------------------------------------------------------------------------------


def test_connect_timeout(monkeypatch):
    # A listener whose accept queue is full: the kernel drops further SYNs, so connect() hangs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(16):
            filler = socket.socket()
            filler.settimeout(0.2)
            try:
                filler.connect(("127.0.0.1", port))
            except OSError:
                filler.close()
                break
            fillers.append(filler)
        else:
            pytest.skip("could not fill the accept queue on this system")
        started = time.monotonic()
        with pytest.raises(TemporaryFetchError) as err:
            make_fetcher(timeout=0.2, max_retries=0, respect_robots=False).get(f"http://127.0.0.1:{port}/x")
        assert err.value.reason == "timeout" and "connecting" in str(err.value)
        assert time.monotonic() - started < 1.5
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def test_read_timeout_in_the_middle_of_a_body(server):
    server.route("/stall", lambda _r: Response(200, iter([b"<html>", b"never mind"]), chunk_delay=0.5))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(timeout=0.2, max_retries=0).get(server.url("/stall"))
    assert err.value.reason == "timeout"


def test_a_dripping_body_is_cut_off_by_max_time(server):
    def drip(_request):
        for _ in range(200):
            yield b"x"

    server.route("/drip", lambda r: Response(200, drip(r), chunk_delay=0.05))
    started = time.monotonic()
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(timeout=1.0, max_time=0.4, max_retries=0).get(server.url("/drip"))
    assert err.value.reason == "timeout" and "more than 0.4 s" in str(err.value)
    assert time.monotonic() - started < 1.0


def test_one_watchdog_thread_serves_every_request_deadline(server):
    """Fifty quick requests start no thread each; the one watchdog still cuts a dripping body after them."""
    import threading

    server.route("/quick", lambda _r: Response(200, b"<html>ok</html>"))
    server.route("/drip2", lambda r: Response(200, iter([b"x"] * 200), chunk_delay=0.05))
    fetcher = make_fetcher(timeout=1.0, max_time=0.4, max_retries=0, per_host_delay=0.0)
    fetcher.get(server.url("/quick"))
    before = threading.active_count()
    for _ in range(50):
        fetcher.get(server.url("/quick"))
    assert threading.active_count() <= before + 1  # the server's handler threads come and go
    assert sum(t.name == "frontwatch-deadlines" for t in threading.enumerate()) == 1
    started = time.monotonic()
    with pytest.raises(TemporaryFetchError, match="more than 0.4 s"):
        fetcher.get(server.url("/drip2"))
    assert time.monotonic() - started < 1.0


# -- connections ----------------------------------------------------------------------------------------


def test_connection_reset_before_the_answer(server):
    server.route("/rst", lambda r: (reset(r.raw), RAW)[1])
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=1).get(server.url("/rst"))
    assert err.value.reason == "connection"
    assert len(server.hits("/rst")) == 2  # retried once


def test_connection_reset_in_the_middle_of_a_body(server):
    def half_then_reset(request):
        request.raw.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n")
        request.raw.wfile.write(b"<html><body>" + b"a" * 1000)
        request.raw.wfile.flush()
        time.sleep(0.05)
        reset(request.raw)
        return RAW

    server.route("/rst-body", half_then_reset)
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get(server.url("/rst-body"))
    assert err.value.reason in ("connection", "truncated")  # RST may arrive before or after the bytes


def test_dns_failure():
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get("http://nonexistent.invalid/article.php")
    assert err.value.reason == "dns"  # the robots.txt request fails first, with the real reason


def test_dns_failure_without_robots():
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0, respect_robots=False).get("http://nonexistent.invalid/article.php")
    assert err.value.reason == "dns" and "DNS" in str(err.value)


# -- TLS ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return self_signed_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_server(certificate):
    srv = serve_tls(FixtureServer(), *certificate).start()
    srv.route("/robots.txt", status(200, ROBOTS, content_type="text/plain"))
    srv.route("/page", status(200, "<html><body>secret</body></html>"))
    yield srv
    srv.stop()


def test_untrusted_certificate_is_a_tls_error_not_retried_within_the_run(tls_server):
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=3, respect_robots=False).get(tls_server.url("/page"))
    assert err.value.reason == "tls"
    assert tls_server.hits() == []  # the handshake failed: no request reached the handler


def test_tls_works_with_a_trusted_certificate(tls_server, certificate):
    session = requests.Session()
    session.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment overrides `verify`
    session.verify = str(certificate[0])
    with HttpFetcher(HttpSettings(per_host_delay=0.0, timeout=2.0), UA, session=session) as fetcher:
        page = fetcher.get(tls_server.url("/page"))
    assert page.body == b"<html><body>secret</body></html>"


def test_https_to_a_plain_http_server_is_a_tls_error(server):
    server.route("/page", status(200, "plain"))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(respect_robots=False).get(server.url("/page").replace("http://", "https://"))
    assert err.value.reason == "tls"


# -- truncated bodies: a failure, never half an article -------------------------------------------------


def test_body_shorter_than_content_length(server):
    server.route("/cut", raw(lambda h: h.wfile.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\n\r\n<html><body><p>Half an art")))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get(server.url("/cut"))
    assert err.value.reason == "truncated" and "cut short" in str(err.value)


def test_chunked_body_without_its_last_chunk(server):
    server.route("/cut-chunked", raw(lambda h: h.wfile.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"10\r\n<html><body><p>A\r\n8\r\nrticle..\r\n")))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get(server.url("/cut-chunked"))
    assert err.value.reason == "truncated"


def test_gzip_stream_that_ends_early(server):
    whole = gzip.compress(b"<html><body>" + b"<p>paragraph</p>" * 2000 + b"</body></html>")
    cut = whole[: len(whole) // 2]  # Content-Length matches what is sent: only the gzip stream is unfinished
    server.route("/cut-gzip", status(200, cut, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get(server.url("/cut-gzip"))
    assert err.value.reason == "truncated"


def test_corrupt_gzip_body(server):
    server.route("/bad-gzip", status(200, b"\x1f\x8b\x08\x00garbage-not-deflate" * 10,
                                     headers={"Content-Encoding": "gzip"}))
    with pytest.raises(TemporaryFetchError) as err:
        make_fetcher(max_retries=0).get(server.url("/bad-gzip"))
    assert err.value.reason == "truncated" and "corrupt" in str(err.value)


# -- Retry-After and backoff ---------------------------------------------------------------------------


def test_503_with_retry_after_as_an_http_date(server):
    # HTTP dates have one-second resolution: ask for ~2 s and accept anything from 1 s up.
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    server.route("/busy", sequence(status(503, headers={"Retry-After": when}), status(200, "ok")))
    fetcher = make_fetcher(max_backoff=3.0)
    assert fetcher.get(server.url("/busy")).body == b"ok"
    first, second = (r.time for r in server.hits("/busy"))
    assert 0.9 <= second - first <= 3.1


def test_429_retry_after_seconds_holds_back_the_whole_host(server):
    server.route("/busy", sequence(status(429, headers={"Retry-After": "0.5"}), status(200, "ok")))
    server.route("/other", status(200, "other"))
    fetcher = make_fetcher(max_backoff=2.0)
    fetcher.get(server.url("/other"))  # robots.txt loaded
    worker = threading.Thread(target=fetcher.get, args=(server.url("/busy"),))
    worker.start()
    time.sleep(0.1)
    fetcher.get(server.url("/other"))  # another URL on the same host waits out the Retry-After too
    worker.join()
    first_busy = server.hits("/busy")[0].time
    assert server.hits("/other")[1].time - first_busy >= 0.45


def test_retry_after_longer_than_max_backoff_pauses_the_host_for_the_run(server):
    server.route("/busy", status(503, headers={"Retry-After": "3600"}))
    server.route("/next", status(200, "next"))
    fetcher = make_fetcher(max_backoff=1.0, max_retries=3)
    started = time.monotonic()
    with pytest.raises(TemporaryFetchError) as err:
        fetcher.get(server.url("/busy"))
    assert err.value.reason == "server_error" and len(server.hits("/busy")) == 1  # not hammered
    with pytest.raises(TemporaryFetchError) as err:
        fetcher.get(server.url("/next"))
    assert err.value.reason == "rate_limited" and server.hits("/next") == []
    assert time.monotonic() - started < 0.5  # and the run did not sleep for an hour


def test_5xx_backoff_is_exponential_capped_and_jittered(server):
    server.route("/down", status(502))
    fetcher = make_fetcher(backoff=0.05, max_backoff=0.15, max_retries=4)
    with pytest.raises(TemporaryFetchError) as err:
        fetcher.get(server.url("/down"))
    assert err.value.reason == "server_error" and err.value.status == 502
    gaps = [b - a for a, b in pairwise(r.time for r in server.hits("/down"))]
    assert len(gaps) == 4
    assert 0.02 <= gaps[0] <= 0.1  # 0.05 * [0.5, 1]
    assert all(gap <= 0.2 for gap in gaps)  # capped at max_backoff (plus scheduling slack)
    waits = {round(fetcher._backoff(1, None), 6) for _ in range(20)}
    assert len(waits) > 1  # jittered


def test_a_host_that_keeps_failing_is_left_alone_for_the_rest_of_the_run(server):
    server.route(re.compile(r"/dead/.*"), lambda r: (reset(r.raw), RAW)[1])
    fetcher = make_fetcher(max_retries=1, max_host_failures=3)
    reasons = []
    for n in range(8):
        with pytest.raises(TemporaryFetchError) as err:
            fetcher.get(server.url(f"/dead/{n}"))
        reasons.append(err.value.reason)
    assert reasons == ["connection"] * 3 + ["host_down"] * 5
    assert len([p for p in server.paths() if p.startswith("/dead/")]) == 3 * 2  # three URLs, each retried once
    assert "3 URLs in a row" in str(err.value) and "connection" in str(err.value)


def test_any_answer_resets_the_host_failure_count(server):
    server.route(re.compile(r"/dead/.*"), status(503, headers={"Retry-After": "0"}))
    server.route("/missing", status(404))
    fetcher = make_fetcher(max_retries=0, max_host_failures=2)
    for n in range(4):  # failure, 404 (the host answered), failure, 404...: never two in a row
        with pytest.raises(TemporaryFetchError):
            fetcher.get(server.url(f"/dead/{n}"))
        with pytest.raises(PermanentFetchError):
            fetcher.get(server.url("/missing"))
    assert len([p for p in server.paths() if p.startswith("/dead/")]) == 4


# -- redirects --------------------------------------------------------------------------------------------


def test_redirect_loop_between_two_urls_is_caught_early(server):
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/a"))
    assert err.value.reason == "redirect_loop"
    assert len(server.hits("/a")) + len(server.hits("/b")) <= 5


def test_redirect_chain_longer_than_the_limit(server):
    numbers = count()
    server.route(re.compile(r"/hop/\d+"), lambda r: Response(
        302, b"", {"Location": f"/hop/{next(numbers) + 100}"}, content_type=None))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/hop/1"))
    assert err.value.reason == "redirect_loop" and "more than" in str(err.value)


@pytest.mark.parametrize("target", ["javascript:alert(1)", "data:text/html,hi", "mailto:x@example.org",
                                    "file:///etc/passwd", "ftp://127.0.0.1/file"])
def test_redirect_to_non_http_schemes_is_refused(server, target):
    server.route("/out", redirect(target))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/out"))
    assert err.value.reason == "redirect_scheme"


def test_redirect_to_another_host_only_within_the_sources_hosts(fixture_server):
    site, other = fixture_server(), fixture_server()
    other.route("/landing", status(200, "<html>landed</html>"))
    site.route("/away", redirect(f"http://localhost:{other.port}/landing"))
    fetcher = make_fetcher(respect_robots=False)
    with pytest.raises(PermanentFetchError) as err:
        fetcher.get(site.url("/away"), allowed_hosts=frozenset({"127.0.0.1"}))
    assert err.value.reason == "redirect_host" and other.hits() == []
    # A bare host name in `allowed_hosts` means that host on its default port, not on any port.
    bare = settings_from_dict({"sources": {"s": {"adapter": "longwarjournal", "base_url": site.base_url,
                                                 "allowed_hosts": ["localhost"]}}}).sources["s"]
    with pytest.raises(PermanentFetchError) as err:
        fetcher.get(site.url("/away"), allowed_hosts=bare.hosts)
    assert err.value.reason == "redirect_host" and other.hits() == []
    # A source that lists the other host and port (`allowed_hosts` in its config) may follow the redirect.
    source = settings_from_dict({"sources": {"s": {"adapter": "longwarjournal", "base_url": site.base_url,
                                                   "allowed_hosts": [f"localhost:{other.port}"]}}}).sources["s"]
    page = fetcher.get(site.url("/away"), allowed_hosts=source.hosts)
    assert page.body == b"<html>landed</html>" and page.url.startswith("http://localhost:")


def test_redirect_to_another_port_of_the_same_host_is_refused(fixture_server):
    # Host and port are compared: 127.0.0.1:<other port> is another server, whatever its name.
    site, other = fixture_server(), fixture_server()
    other.route("/landing", status(200, "<html>landed</html>"))
    site.route("/away", redirect(f"http://127.0.0.1:{other.port}/landing"))
    site.route("/here", redirect(f"http://127.0.0.1:{site.port}/landing"))
    site.route("/landing", status(200, "<html>home</html>"))
    source = settings_from_dict({"sources": {"s": {"adapter": "longwarjournal",
                                                   "base_url": site.base_url}}}).sources["s"]
    fetcher = make_fetcher(respect_robots=False)
    with pytest.raises(PermanentFetchError) as err:
        fetcher.get(site.url("/away"), allowed_hosts=source.hosts)
    assert err.value.reason == "redirect_host" and other.hits() == []
    assert fetcher.get(site.url("/here"), allowed_hosts=source.hosts).body == b"<html>home</html>"


def test_redirect_without_location(server):
    server.route("/nowhere", status(301, b"moved", content_type="text/html"))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/nowhere"))
    assert err.value.reason == "bad_redirect"


# -- oversized responses and compression bombs ------------------------------------------------------------


def test_endless_chunked_body_is_cut_at_the_cap(server):
    def endless(_request):
        block = b"<p>" + b"z" * 16_000 + b"</p>"
        while True:
            yield block

    server.route("/endless", lambda r: Response(200, endless(r)))
    started = time.monotonic()
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher(max_bytes=200_000).get(server.url("/endless"))
    assert err.value.reason == "too_large"
    assert time.monotonic() - started < 2.0


def _bomb(kind: str, size: int) -> bytes:
    data = b"\0" * size
    if kind == "gzip":
        return gzip.compress(data, 9)
    if kind == "deflate":  # zlib-wrapped, as RFC 9110 says
        return zlib.compress(data, 9)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize("kind", ["gzip", "deflate", "raw-deflate"])
def test_compression_bomb_is_capped_on_decoded_bytes_without_inflating_it(server, kind):
    bomb = _bomb(kind, 200_000_000)  # 200 MB of zeros in ~200 KB
    assert len(bomb) < 300_000
    encoding = "deflate" if kind == "raw-deflate" else kind
    server.route("/bomb", status(200, bomb, headers={"Content-Encoding": encoding}))
    fetcher = make_fetcher(max_bytes=1_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(PermanentFetchError) as err:
            fetcher.get(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.reason == "too_large" and "decoded" in str(err.value)
    assert peak < 8_000_000  # a few times the cap, not the 200 MB the body inflates to


@pytest.mark.parametrize("kind", ["gzip", "deflate", "raw-deflate"])
def test_compressed_pages_are_decoded(server, kind):
    html = "<html><body><p>Kunar café</p></body></html>".encode()
    body = {"gzip": gzip.compress, "deflate": zlib.compress}.get(kind, lambda d: _raw_deflate(d))(html)
    encoding = "deflate" if kind == "raw-deflate" else kind
    server.route("/z", status(200, body, headers={"Content-Encoding": encoding}))
    page = make_fetcher().get(server.url("/z"))
    assert page.body == html
    assert server.hits("/z")[0].headers["accept-encoding"] == "gzip, deflate"


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def test_unknown_content_encoding_is_refused(server):
    server.route("/br", status(200, b"\x8b\x02\x80hello\x03", headers={"Content-Encoding": "br"}))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/br"))
    assert err.value.reason == "content_encoding"


def test_robots_txt_bomb_is_cut_not_inflated(server):
    rules = b"User-agent: *\nDisallow: /private/\n"
    server.route("/robots.txt", status(200, gzip.compress(rules + b"#" * 50_000_000),
                                       headers={"Content-Encoding": "gzip"}, content_type="text/plain"))
    server.route("/private/x", status(200, "no"))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/private/x"))
    assert err.value.reason == "robots"  # the first 512 KB were read and honoured


# -- content types: an article page must be a web page ---------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/pdf", "image/jpeg", "video/mp4", "application/zip"])
def test_non_html_article_page_is_refused_before_its_body_is_read(server, content_type):
    server.route("/doc", status(200, b"%PDF-1.7" + b"\0" * 2_000_000, content_type=content_type))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher(max_bytes=100_000).get(server.url("/doc"), accept=HTML_TYPES)
    assert err.value.reason == "content_type" and content_type in str(err.value)
    assert err.value.status == 200


def test_unlabelled_binary_article_page_is_refused(server):
    server.route("/img", status(200, b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\0" * 100, content_type=None))
    with pytest.raises(PermanentFetchError) as err:
        make_fetcher().get(server.url("/img"), accept=HTML_TYPES)
    assert err.value.reason == "content_type"


def test_unlabelled_html_and_xhtml_are_accepted(server):
    server.route("/plain", status(200, b"<html><body>ok</body></html>", content_type=None))
    server.route("/x", status(200, b"<html><body>ok</body></html>", content_type="application/xhtml+xml"))
    fetcher = make_fetcher()
    assert fetcher.get(server.url("/plain"), accept=HTML_TYPES).status == 200
    assert fetcher.get(server.url("/x"), accept=HTML_TYPES).status == 200


def test_check_content_type_on_a_fetched_page():
    def page(content_type, body=b"<html></html>"):
        return FetchedPage(url="http://x/a", requested_url="http://x/a", status=200, body=body,
                           headers={"content-type": content_type} if content_type else {})

    check_content_type(page("text/html; charset=utf-8"))
    check_content_type(page(None))
    for bad in (page("application/pdf"), page("image/png"), page(None, b"%PDF-1.4 ...")):
        with pytest.raises(PermanentFetchError) as err:
            check_content_type(bad)
        assert err.value.reason == "content_type"


# -- charsets ---------------------------------------------------------------------------------------------


def test_windows_1252_page_declared_utf8(server):
    html = "<html><body><p>The Taliban\u2019s \u201cemir\u201d visited Herat \u2013 caf\u00e9</p></body></html>"
    server.route("/cp1252", status(200, html.encode("cp1252"), content_type="text/html; charset=utf-8"))
    page = make_fetcher().get(server.url("/cp1252"))
    assert page.encoding == "cp1252" and page.text == html


def test_page_without_any_charset(server):
    latin = "<html><body><p>Caf\u00e9 in K\u00e2bul \u2019</p></body></html>"
    server.route("/none-1252", status(200, latin.encode("cp1252"), content_type="text/html"))
    dari = "<html><body><p>\u0637\u0627\u0644\u0628\u0627\u0646 \u062f\u0631 \u06a9\u0627\u0628\u0644</p></body></html>"
    server.route("/none-utf8", status(200, dari.encode("utf-8"), content_type="text/html"))
    fetcher = make_fetcher()
    assert fetcher.get(server.url("/none-1252")).text == latin
    assert fetcher.get(server.url("/none-utf8")).text == dari


def test_encoding_detection_edge_cases():
    mostly = ("\u0637\u0627\u0644\u0628\u0627\u0646 " * 50).encode() + b"\x92 stray byte"
    assert detect_encoding("text/html; charset=utf-8", mostly) == "utf-8"  # one bad byte, not a cp1252 page
    assert detect_encoding(None, b"\xef\xbb\xbf<html>caf\xc3\xa9</html>") == "utf-8-sig"
    assert detect_encoding("text/html; charset=utf-8", b"<meta charset='windows-1256'>\xc7\xe1") == "cp1256"
    assert detect_encoding("text/html; charset=utf-16", b"<html>ascii only</html>") == "utf-8"
    assert detect_encoding("text/html; charset=no-such-thing", b"<html>caf\xe9</html>") == "cp1252"


# -- politeness: per-host delays from the sources --------------------------------------------------------


def test_per_host_delay_override(fixture_server):
    slow, fast = fixture_server(), fixture_server()
    for srv in (slow, fast):
        srv.route("/p", status(200, "ok"))
    fetcher = make_fetcher(per_host_delay=0.0, respect_robots=False,
                           host_delays={f"127.0.0.1:{slow.port}": 0.3})
    for _ in range(3):
        fetcher.get(slow.url("/p"))
        fetcher.get(fast.url("/p"))
    slow_gaps = [b - a for a, b in pairwise(r.time for r in slow.hits())]
    fast_gaps = [b - a for a, b in pairwise(r.time for r in fast.hits())]
    assert min(slow_gaps) >= 0.29
    assert min(fast_gaps) >= 0.29  # only because it waited in line behind the slow host in this thread
    assert fetcher.host_delay(fast.url("/p")) == 0.0 and fetcher.host_delay(slow.url("/p")) == 0.3


def test_host_delays_from_source_settings():
    settings = settings_from_dict({"sources": {
        "a": {"adapter": "longwarjournal", "base_url": "http://127.0.0.1:8001", "delay": 0.5},
        "b": {"adapter": "longwarjournal", "base_url": "https://www.example.org", "delay": 7.0,
              "allowed_hosts": ["cdn.example.net"]},
        "c": {"adapter": "longwarjournal", "base_url": "http://127.0.0.1:8003"},  # 0: the default
    }})
    delays = host_delays_for(settings.sources.values())
    assert delays["127.0.0.1:8001"] == 0.5 and "127.0.0.1:8003" not in delays
    assert delays["www.example.org"] == 7.0 and delays["example.org"] == 7.0 and delays["cdn.example.net"] == 7.0
    fetcher = HttpFetcher(HttpSettings(per_host_delay=3.0), UA, host_delays=delays)
    assert fetcher.host_delay("http://127.0.0.1:8001/x") == 0.5
    assert fetcher.host_delay("http://127.0.0.1:8003/x") == 3.0
    assert fetcher.host_delay("https://example.org/x") == 7.0


def test_crawl_delay_still_wins_over_a_smaller_source_delay(server):
    server.route("/robots.txt", status(200, "User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain"))
    server.route("/p", status(200, "ok"))
    fetcher = make_fetcher(host_delays={f"127.0.0.1:{server.port}": 0.05})
    fetcher.get(server.url("/p"))
    fetcher.get(server.url("/p"))
    first, second = (r.time for r in server.hits("/p"))
    assert second - first >= 0.29


# -- malformed feeds and HTML: adapters degrade, they do not crash --------------------------------------


def _lwj(server=None):
    base = server.base_url if server else "http://127.0.0.1:1"
    source = settings_from_dict({"sources": {"longwarjournal": {"base_url": base, "feeds": ["/feed"]}}})
    return LongWarJournal(source.sources["longwarjournal"])


def _page(body: bytes, content_type: str = "text/html; charset=utf-8", url: str = "http://127.0.0.1:1/x"):
    return FetchedPage(url=url, requested_url=url, status=200, body=body, headers={"content-type": content_type},
                       encoding=detect_encoding(content_type, body))


BOZO_FEED = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>LWJ & friends</title>
<item><title>Raid in Kunar & Nangarhar</title><link>http://127.0.0.1:1/archives/2024/01/a.php</link>
<pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate></item>
<item><title>Second <b>unclosed</title><link>http://127.0.0.1:1/archives/2024/01/b.php</link></item>
<item><title>Third, cut off</title><link>http://127.0.0.1:1/archives/2024/01/c.php</link"""


def test_bozo_feed_still_yields_its_entries(server):
    server.route("/feed", status(200, BOZO_FEED, content_type="application/rss+xml"))
    refs = list(_lwj(server).discover(make_fetcher()))
    urls = [r.url for r in refs]
    assert "http://127.0.0.1:1/archives/2024/01/a.php" in urls and len(urls) >= 2


@pytest.mark.parametrize("body", [b"", b"\0\1\2 binary junk \xff\xfe", b"<html><body>Service unavailable</body></html>",
                                  b"<?xml version='1.0'?><rss><channel><item>"])
def test_garbage_feed_yields_nothing_and_does_not_raise(server, body):
    server.route("/feed", status(200, body, content_type="application/rss+xml"))
    assert list(_lwj(server).discover(make_fetcher())) == []


@pytest.mark.parametrize("body", [
    b"", b"\0\0\0\xff\xfe garbage", b"<html><body><div><div><div>", b"<html><head><title>x</title></head></html>",
    b"<<<>>><p <p <p>>>" * 200, "<html><body>\u0000\ud800</body></html>".encode("utf-8", "surrogatepass"),
])
def test_garbage_html_yields_no_article(body):
    assert _lwj().parse(_page(body)) is None
