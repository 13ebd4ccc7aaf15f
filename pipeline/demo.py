"""The whole pipeline without network: bundled copies of three news sites served on 127.0.0.1.

`pipeline/demo_sites/<source>/` holds a small copy of a test fixture site per source and `sources.toml`
their `[sources.*]` tables (the shipped config.toml's). Each site gets its own local server, so it has an
origin of its own as a real site does; a throwaway config points the sources at those servers, and
`run_job`, the function `frontwatch run` calls, crawls, tags and stores them.
"""

from __future__ import annotations

import logging
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import tomlkit

from pipeline.progress import Progress
from pipeline.run import RunReport, run_job
from pipeline.settings import load_settings
from pipeline.status import Stats, database_stats

log = logging.getLogger(__name__)

SITES = Path(__file__).resolve().parent / "demo_sites"
SOURCES_FILE = SITES / "sources.toml"

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".php": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


class SiteServer:
    """One site folder served on 127.0.0.1 at a free port; `{base}` in its files becomes the server's URL.

    `/a/b` is served from `<root>/a/b`, `<root>/a/b/index.*` or `<root>/a/b.html|.xml`, as the test
    fixture server does, so the copies here are byte for byte the test fixtures.
    """

    def __init__(self, root: Path):
        self.root = root
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> SiteServer:
        site = self

        class Handler(_SiteHandler):
            server_site = site

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        name=f"demo-{self.root.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def find(self, path: str) -> Path | None:
        """The file that answers `path`, or None (a 404)."""
        relative = path.strip("/")
        if ".." in relative.split("/"):
            return None
        target = self.root / relative if relative else self.root
        if target.is_file():
            return target
        if target.is_dir():
            return next(iter(sorted(target.glob("index.*"))), None)
        for suffix in (".html", ".xml"):
            candidate = target.with_name(target.name + suffix)
            if relative and candidate.is_file():
                return candidate
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up early (a size cap, a timeout) is no error of the demo's.
        log.debug("demo site: connection from %s ended abruptly", client_address,
                  exc_info=True)  # noqa: LOG014 - socketserver calls this inside its except block


class _SiteHandler(BaseHTTPRequestHandler):
    server_site: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo site %s: " + format, self.server_site.root.name, *args)

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        found = self.server_site.find(self.path.split("?", 1)[0].split("#", 1)[0])
        if found is None:
            status, body, content_type = 404, b"<html><body><h1>Not Found</h1></body></html>", _CONTENT_TYPES[".html"]
        else:
            status, content_type = 200, _CONTENT_TYPES.get(found.suffix, "application/octet-stream")
            body = found.read_bytes().replace(b"{base}", self.server_site.base_url.encode())
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def demo_sources() -> dict[str, dict[str, Any]]:
    """The demo's `[sources.*]` tables, without `base_url`."""
    with open(SOURCES_FILE, "rb") as fh:
        return tomllib.load(fh)


@contextmanager
def serve_sites(names: Iterable[str] | None = None) -> Iterator[dict[str, str]]:
    """Serve each demo site (default: all) for the body of the `with`; yields source name -> base URL."""
    with ExitStack() as stack:
        bases = {}
        for name in names or demo_sources():
            server = SiteServer(SITES / name).start()
            stack.callback(server.stop)
            bases[name] = server.base_url
        yield bases


def write_config(path: Path, bases: Mapping[str, str], database_url: str) -> Path:
    """Write a config file with the demo sources at `bases` and the database at `database_url`."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment("frontwatch demo: a throwaway config for the bundled sites on 127.0.0.1"))
    doc["database"] = {"url": database_url}
    doc["http"] = {"per_host_delay": 0.0, "max_retries": 1, "backoff": 0.1, "timeout": 10.0}
    tables = demo_sources()
    doc["sources"] = {name: {"base_url": base, **tables[name]} for name, base in bases.items()}
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return path


@dataclass(frozen=True)
class DemoResult:
    """What the demo did: the run's report and what the database holds after it."""

    report: RunReport
    stats: Stats


def run_demo(database: Path, workdir: Path, *, progress: Progress | None = None,
             on_serving: Callable[[Mapping[str, str]], None] | None = None) -> DemoResult:
    """Serve the demo sites, run the pipeline over them into the SQLite file `database`, stop the servers.

    The config goes to `workdir/config.toml`; the environment's database URL is ignored, so the demo never
    writes into a real database.
    """
    url = f"sqlite:///{database.resolve()}"
    with serve_sites() as bases:
        if on_serving is not None:
            on_serving(bases)
        settings = load_settings(write_config(workdir / "config.toml", bases, url), env={})
        report = run_job(settings, progress=progress)
    return DemoResult(report, database_stats(settings))
