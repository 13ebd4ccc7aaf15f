"""A real HTTP server on 127.0.0.1 for tests: serves a fixtures directory and misbehaves on request.

    server = FixtureServer(Path("tests/fixtures/lwj")).start()
    server.url("/feed")                       # http://127.0.0.1:<port>/feed
    server.route("/flaky", sequence(status(503), status(200, b"ok")))
    server.hits("/flaky")                     # what the server saw, with timestamps

Static files: `/a/b` is served from `<root>/a/b`, `<root>/a/b/index.*`, or `<root>/a/b.html|.xml`;
`{base}` in text files is replaced by the server's base URL so fixtures can hold absolute links.
A route handler gets a `Request` and returns a `Response`, `None` (fall through to the static
files) or `RAW` (it wrote to `request.raw` itself: for broken connections and other faults).
"""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import itertools
import logging
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".php": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
TEXT_SUFFIXES = frozenset(CONTENT_TYPES)
RAW = object()  # a handler's return value: "I wrote the response myself"


@dataclass(frozen=True)
class Request:
    """One request as a handler sees it."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-cased names
    time: float  # time.monotonic() when the request arrived
    raw: BaseHTTPRequestHandler | None = field(default=None, compare=False, repr=False)


@dataclass
class Response:
    """What a handler wants sent. `body` may be an iterable of chunks, sent with `chunk_delay` between."""

    status: int = 200
    body: bytes | str | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before the status line is sent
    chunk_delay: float = 0.0


Handler = Callable[[Request], "Response | object | None"]


class FixtureServer:
    """A ThreadingHTTPServer on a random free port, in a background thread."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else None
        self.ssl_context: Any = None  # an ssl.SSLContext: serve HTTPS (see serve_tls)
        self.routes: list[tuple[re.Pattern[str], Handler]] = []
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> FixtureServer:
        server = self

        class _Handler(_RequestHandler):
            fixture = server

        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        if self.ssl_context is not None:  # serve_tls(): every connection speaks TLS
            self._httpd.socket = self.ssl_context.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), name="fixture-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Self:
        return self.start() if self._httpd is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses and records ---------------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def hits(self, path: str | None = None) -> list[Request]:
        """Requests received so far (for one path, if given), in arrival order."""
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def paths(self) -> list[str]:
        return [r.path for r in self.hits()]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- routes --------------------------------------------------------------------------------------

    def route(self, path: str | re.Pattern[str], handler: Handler | Response) -> FixtureServer:
        """Handle `path` (exact string, or a compiled regex matched in full) with `handler`; latest wins."""
        pattern = path if isinstance(path, re.Pattern) else re.compile(re.escape(path))
        func = handler if callable(handler) else (lambda _req, _resp=handler: _resp)
        self.routes.insert(0, (pattern, func))
        return self

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _handle(self, request: Request) -> Response | object:
        for pattern, handler in self.routes:
            if pattern.fullmatch(request.path):
                result = handler(request)
                if result is not None:
                    return result
        return self.static(request.path)

    def static(self, path: str) -> Response:
        """The fixture file for `path`, with `{base}` substituted; 404 when there is none."""
        found = self._find(path)
        if found is None:
            return Response(404, b"<html><body><h1>Not Found</h1></body></html>")
        data = found.read_bytes()
        content_type = CONTENT_TYPES.get(found.suffix, "application/octet-stream")
        if found.suffix in TEXT_SUFFIXES:
            data = data.replace(b"{base}", self.base_url.encode())
        return Response(200, data, content_type=content_type)

    def _find(self, path: str) -> Path | None:
        if self.root is None:
            return None
        relative = path.strip("/")
        if ".." in relative.split("/"):
            return None
        target = self.root / relative if relative else self.root
        if target.is_file():
            return target
        if target.is_dir():
            for index in sorted(target.glob("index.*")):
                return index
        for suffix in (".html", ".xml"):
            candidate = target.with_name(target.name + suffix)
            if relative and candidate.is_file():
                return candidate
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up early (size caps, timeouts) are part of the tests, not errors.
        log.debug("fixture server: connection from %s ended abruptly", client_address,
                  exc_info=True)  # noqa: LOG014 - socketserver calls this inside its except block


class _RequestHandler(BaseHTTPRequestHandler):
    fixture: FixtureServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body waits for the client's delayed
    # ACK of the headers (40 ms on Linux), a stall no real front server (nginx, a CDN) has.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("fixture server: " + format, *args)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        request = Request(
            method=method,
            path=parts.path or "/",
            query=parse_qs(parts.query),
            headers={k.lower(): v for k, v in self.headers.items()},
            time=time.monotonic(),
            raw=self,
        )
        self.fixture._record(request)
        try:
            result = self.fixture._handle(request)
        except Exception:  # noqa: BLE001 - a broken handler is a 500, as on a real server
            result = Response(500, traceback.format_exc().encode(), content_type="text/plain")
        if result is RAW:
            return
        assert isinstance(result, Response), f"handler returned {result!r}"
        self.send(result, head=method == "HEAD")

    def send(self, response: Response, *, head: bool = False) -> None:
        """Write a `Response`; chunked bodies (iterables) are streamed with `chunk_delay` pauses."""
        if response.delay:
            time.sleep(response.delay)
        body = response.body.encode() if isinstance(response.body, str) else response.body
        self.send_response(response.status)
        if response.content_type and "content-type" not in {k.lower() for k in response.headers}:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if isinstance(body, (bytes, bytearray)):
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and response.status not in (204, 304):
                self.wfile.write(body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for chunk in body:
            if response.chunk_delay:
                time.sleep(response.chunk_delay)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")


# -- handler helpers: small building blocks for fault tests ---------------------------------------------


def status(code: int, body: bytes | str = b"", *, headers: Mapping[str, str] | None = None,
           content_type: str | None = "text/html; charset=utf-8", delay: float = 0.0) -> Handler:
    """Always answer `code` with `body`."""
    return lambda _request: Response(code, body, dict(headers or {}), content_type, delay)


def sequence(*handlers: Handler, then: Handler | None = None) -> Handler:
    """The n-th request gets the n-th handler; after the last, `then` (default: repeat the last)."""
    counter = itertools.count()
    lock = threading.Lock()

    def handle(request: Request) -> Response | object | None:
        with lock:
            index = next(counter)
        if index < len(handlers):
            return handlers[index](request)
        return (then or handlers[-1])(request)

    return handle


def redirect(location: str, code: int = 302) -> Handler:
    """Redirect to `location` (a path or absolute URL)."""
    return status(code, headers={"Location": location}, content_type=None)


def cached(body: bytes | str, *, etag: str | bool | None = None, last_modified: str | None = None,
           content_type: str = "text/html; charset=utf-8") -> Handler:
    """Serve `body` with validators, answering 304 to a matching If-None-Match / If-Modified-Since.

    `etag=None` derives an ETag from the body; `etag=False` sends none (Last-Modified only).
    """
    data = body.encode() if isinstance(body, str) else body
    tag = None if etag is False else (etag or f'"{hashlib.sha1(data).hexdigest()[:16]}"')
    modified = last_modified or email.utils.formatdate(0, usegmt=True)

    def handle(request: Request) -> Response:
        headers = {"ETag": tag, "Last-Modified": modified} if tag else {"Last-Modified": modified}
        if (tag and request.headers.get("if-none-match") == tag) or (
            "if-none-match" not in request.headers and request.headers.get("if-modified-since") == modified
        ):
            return Response(304, b"", headers, content_type=None)
        return Response(200, data, headers, content_type)

    return handle


def static_file(server: FixtureServer, path: str, **overrides: Any) -> Handler:
    """The static fixture at `path`, with Response fields overridden (e.g. `delay`, `headers`)."""
    return lambda _request: dataclasses.replace(server.static(path), **overrides)


def lwj_settings(server: FixtureServer, *, config_path: Path | None = None, **http: Any):
    """`Settings` for the LWJ source pointed at `server`: no politeness delay, tiny backoff.

    The `[sources.longwarjournal]` table (feeds, listings, pagination) comes from the project's
    config.toml so the tests exercise the real configuration; only `base_url` is replaced.
    """
    import tomllib

    from pipeline.settings import settings_from_dict

    path = config_path or Path(__file__).resolve().parents[1] / "config.toml"
    with open(path, "rb") as fh:
        source = dict(tomllib.load(fh).get("sources", {}).get("longwarjournal", {}))
    source["base_url"] = server.base_url
    http_table = {"per_host_delay": 0.0, "backoff": 0.01, "max_backoff": 0.05, "max_retries": 2,
                  "timeout": 5.0, **http}
    return settings_from_dict({"http": http_table, "sources": {"longwarjournal": source}}, where="tests")


# -- a generated LWJ-style mirror: many articles and a feed, for fault runs and benchmarks -------------------

_MIRROR_PROVINCES = ("Kunar", "Nangarhar", "Helmand", "Kandahar", "Baghlan", "Badakhshan", "Paktika", "Khost",
                     "Ghazni", "Takhar", "Faryab", "Herat")
_MIRROR_ARTICLE = """<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>{title} | FDD&#x27;s Long War Journal</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="FDD&#x27;s Long War Journal">
</head><body class="single single-post"><div id="page" class="site"><div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{n}" class="post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n"
href="{base}/archives/author/bill-roggio" rel="author">Bill Roggio</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="{iso}">{date}</time></span></div></header>
<div class="entry-content">
<p>Taliban officials in {province} province said on {date} that fighters of the Islamic State Khorasan Province
attacked a checkpoint near the provincial capital, killing {n} members of the security forces, in the latest of a
series of raids that the group has claimed across eastern and southern Afghanistan this year.</p>
<p>The Taliban&#x27;s spokesman in Kabul said the attackers were pursued into the mountains of neighbouring districts
and that several were detained. Local elders in {province} described days of searches and the closure of the main
road to the provincial capital while reinforcements arrived from Kabul and from the neighbouring provinces.</p>
<p>Report number {n} of the generated mirror. Analysts say the pattern of attacks shows that the Islamic State
Khorasan Province retains networks in {province} despite the Taliban&#x27;s campaign against it since 2021.</p>
<p>Are you a dedicated reader of FDD&#x27;s Long War Journal? Please consider supporting our work.</p>
</div></article></main></div></div></div></body></html>
"""
_MIRROR_ITEM = """  <item><title>{title}</title><link>{base}{path}</link><pubDate>{rfc}</pubDate>
    <guid isPermaLink="false">{base}/?p={n}</guid><description><![CDATA[{title}]]></description></item>
"""
_MIRROR_FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
  <title>FDD&#x27;s Long War Journal</title><link>{base}/</link><description>Mirror</description><language>en-US</language>
{items}</channel></rss>
"""


@dataclass(frozen=True)
class MirrorArticle:
    """One generated article of `serve_lwj_mirror`: its number, path and title."""

    n: int
    path: str
    title: str


def serve_lwj_mirror(server: FixtureServer, count: int, *, feed_path: str = "/feed",
                     robots: str = "User-agent: *\nDisallow: /wp-admin/\n",
                     etag: bool = True) -> list[MirrorArticle]:
    """Route `count` LWJ-style article pages, a feed listing them and a robots.txt on `server`.

    Article n lives at `/archives/2024/MM/report-<n>.php`; the feed carries validators and answers
    conditional requests with 304 (`etag=False`: no validators). Returns the articles, newest first.
    Routes added later (faults) take precedence over these.
    """
    import datetime as _dt

    articles = []
    items = []
    start = _dt.datetime(2024, 1, 1, 8, 0, tzinfo=_dt.UTC)
    for n in range(count, 0, -1):
        when = start + _dt.timedelta(hours=6 * n)
        province = _MIRROR_PROVINCES[n % len(_MIRROR_PROVINCES)]
        title = f"Islamic State raid number {n} in {province} tests the Taliban"
        path = f"/archives/{when:%Y}/{when:%m}/report-{n}.php"
        html = _MIRROR_ARTICLE.format(title=title, n=n, province=province, base=server.base_url,
                                      iso=when.strftime("%Y-%m-%dT%H:%M:%S"), date=f"{when:%B} {when.day}, {when:%Y}")
        server.route(path, Response(200, html.encode(), content_type="text/html; charset=UTF-8"))
        items.append(_MIRROR_ITEM.format(title=title, base=server.base_url, path=path, n=n,
                                         rfc=email.utils.format_datetime(when, usegmt=True)))
        articles.append(MirrorArticle(n, path, title))
    feed = _MIRROR_FEED.format(base=server.base_url, items="".join(items)).encode()
    if etag:
        server.route(feed_path, cached(feed, last_modified="Mon, 01 Jan 2024 08:00:00 GMT",
                                       content_type="application/rss+xml; charset=UTF-8"))
    else:
        server.route(feed_path, Response(200, feed, content_type="application/rss+xml; charset=UTF-8"))
    server.route("/robots.txt", Response(200, robots.encode(), content_type="text/plain"))
    return articles


def mirror_source(server: FixtureServer, name: str = "longwarjournal", **table: Any) -> dict[str, Any]:
    """A `[sources.<name>]` table for a `serve_lwj_mirror` site (LWJ adapter, the one feed)."""
    return {"adapter": "longwarjournal", "base_url": server.base_url, "feeds": ["/feed"], **table}


# -- TLS: a self-signed certificate made with the openssl CLI -------------------------------------------------


def self_signed_cert(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """(cert, key) PEM files for `host`, valid for a day, made with `openssl`; skips the test if it is missing."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:  # pragma: no cover - depends on the machine
        import pytest

        pytest.skip("openssl CLI not available")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}"],
        check=True, capture_output=True,
    )
    return cert, key


def serve_tls(server: FixtureServer, cert: Path, key: Path) -> FixtureServer:
    """Wrap a *not yet started* server's socket in TLS (call before `start()`); its URLs become https."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.ssl_context = context
    return server
