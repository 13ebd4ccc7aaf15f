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
        return f"http://127.0.0.1:{self.port}"

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


def cached(body: bytes | str, *, etag: str | None = None, last_modified: str | None = None,
           content_type: str = "text/html; charset=utf-8") -> Handler:
    """Serve `body` with validators, answering 304 to a matching If-None-Match / If-Modified-Since."""
    data = body.encode() if isinstance(body, str) else body
    tag = etag or f'"{hashlib.sha1(data).hexdigest()[:16]}"'
    modified = last_modified or email.utils.formatdate(0, usegmt=True)

    def handle(request: Request) -> Response:
        headers = {"ETag": tag, "Last-Modified": modified}
        if request.headers.get("if-none-match") == tag or (
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
