"""The one HTTP client every source uses: polite, bounded, and explicit about failures.

`HttpFetcher.get(url)` returns a `FetchedPage` or raises a `FetchError`:

    PermanentFetchError  reason: scheme | bad_url | host | robots | not_found | gone | client_error
                                 | too_large | content_type | content_encoding | redirect_loop
                                 | redirect_scheme | redirect_host | bad_redirect
    TemporaryFetchError  reason: timeout | connection | dns | tls | truncated | server_error
                                 | rate_limited | robots_unavailable | host_down
    BlockedError         reason: blocked (401/403)

Politeness: one request at a time per host (host:port), at least `per_host_delay` seconds apart —
or the host's own delay from `host_delays` (a source's `delay`), or the robots.txt Crawl-delay when
larger; robots.txt is fetched once per host and honoured (asked for again, by sitemap discovery, it is
answered from memory). Different hosts never wait for each other. With a `gate` (a `HostGate`, such as the
Redis one of distributed workers), the per-host turn, backoff holds and Retry-After pauses are shared with
every other process using the same gate.
Transient failures (5xx, 429, timeouts, connection errors) are retried with capped exponential backoff
and jitter, honouring `Retry-After`; the wait holds back the whole host, not just the one URL, and a
`Retry-After` longer than `max_backoff` pauses the host for the rest of the run instead of being
cut short. TLS errors are not retried within a run. After `max_host_failures` URLs in a row failed
on a host (each after its retries), the host is left alone for the rest of the run (`host_down`), so a
site that dies mid-run costs minutes, not hours of timeouts. Redirects are followed by hand, one hop
at a time, so that every hop passes the same checks (scheme, allowed hosts, robots, delay) —
`_check_target` is the seam for stricter redirect rules; a redirect to another port of an allowed host
is refused (host and port are compared: another port is another server).

Bodies: read from the socket a piece at a time and decompressed here (gzip/deflate, bounded per
step), so `max_bytes` caps the *decoded* size and neither an endless body nor a compression bomb
can exhaust memory. `max_time` is one deadline for the whole request — connect, status line, headers
and body: a watchdog shuts the socket down when it passes, so a server dripping its headers or its body a
byte at a time is cut off (`DeadlineExceeded`, reason `timeout`), and that URL is not retried in this run.
A body shorter than its Content-Length, a chunked body without its last chunk, or a compressed
stream without its end is a `truncated` failure: never half an article. With `accept` (article pages
ask for `HTML_TYPES`), another Content-Type (PDF, images...) is refused before the body is read.
"""

from __future__ import annotations

import codecs
import dataclasses
import email.utils
import http.client
import logging
import math
import random
import re
import socket
import ssl
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, Self
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
import urllib3
import urllib3.connection
import urllib3.exceptions
from protego import Protego

from pipeline.deadline import Deadline, DeadlineAdapter, current
from pipeline.errors import (
    BlockedError,
    DeadlineExceeded,
    FetchError,
    PermanentFetchError,
    TemporaryFetchError,
)
from pipeline.records import FetchedPage
from pipeline.settings import HttpSettings, SourceSettings

log = logging.getLogger(__name__)

MAX_REDIRECTS = 10
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped (and logged)
ROBOTS_MAX_BYTES = 512_000
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five  # Google's limit; the rest of a huge robots.txt is ignored
CHUNK_SIZE = 64 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
#: Temporary failures that retrying within seconds will not fix: left for the next run.
NO_QUICK_RETRY = frozenset({"tls", "host_down"})
#: Reasons that say the host could not be reached or did not finish answering.
NETWORK_REASONS = frozenset({"timeout", "connection", "dns", "tls", "truncated"})
#: Content types an article page may have (what `get(..., accept=HTML_TYPES)` lets through).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Content types that say nothing; the body's first bytes decide.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"RIFF",
                 b"ID3", b"OggS", b"\x00\x00\x00")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class HostGate(Protocol):
    """A per-host schedule shared between processes; hosts are "host:port" keys."""

    def acquire(self, host: str) -> float:
        """Wait for the host's turn and take it (0.0), or the seconds the host stays paused (nothing taken)."""

    def release(self, host: str, delay: float) -> None:
        """The request is over: the host's next request waits `delay` seconds from now."""

    def hold(self, host: str, seconds: float) -> None:
        """No request to the host for `seconds` (a backoff)."""

    def pause(self, host: str, seconds: float) -> None:
        """The host asked for a pause (Retry-After): requests fail as not requested until it ends."""


@dataclass
class _HostState:
    """Per-host politeness state; `lock` is held for the whole of one request to that host."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    next_request_at: float = 0.0
    robots: Protego | None = None
    robots_loaded: bool = False
    robots_error: str | None = None  # set when robots.txt was unreachable (5xx, network)
    # What robots.txt answered, for a discovery step asking for it too (sitemaps): one request per host.
    robots_page: FetchedPage | None = None
    robots_failure: FetchError | None = None
    paused_until: float = 0.0  # a Retry-After longer than max_backoff: no request before this
    failures: int = 0  # URLs in a row that failed temporarily after all retries (reset by any answer)
    last_failure: str = ""


class HttpFetcher:
    """A requests.Session wrapper implementing `scrapers.base.Fetcher`; safe to share between threads.

    `validators` ({url: (etag, last_modified)}) can be pre-loaded from and exported to the store for
    conditional GETs; `request_counts` counts every HTTP request (robots.txt and retries included) per host.
    `host_delays` ({"host:port" or "host": seconds}) overrides `per_host_delay` for some hosts.
    """

    def __init__(
        self,
        http: HttpSettings,
        user_agent: str,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        host_delays: Mapping[str, float] | None = None,
        gate: HostGate | None = None,
    ):
        self.http = http
        self.gate = gate
        self.host_delays = {k.lower(): float(v) for k, v in (host_delays or {}).items()}
        self.user_agent = user_agent
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        if self._own_session:
            # Every connection of this session obeys the deadline of the request it serves.
            for prefix in ("http://", "https://"):
                self.session.mount(prefix, DeadlineAdapter())
        self.session.headers["User-Agent"] = user_agent
        self.session.headers.setdefault("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        # Only what `_Decoder` can decompress a bounded step at a time.
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.request_counts: Counter[str] = Counter()
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _HostState] = {}
        self._hosts_lock = threading.Lock()
        self._counts_lock = threading.Lock()

    # -- public API --------------------------------------------------------------------------------

    def get(
        self, url: str, *, conditional: bool = False, allowed_hosts: frozenset[str] | None = None,
        accept: frozenset[str] | None = None,
    ) -> FetchedPage:
        """Fetch one URL politely (following redirects); raise a `FetchError` subclass on failure.

        With `conditional=True`, known validators for `url` are sent and a 304 answer comes back as
        `FetchedPage(not_modified=True, status=304)`. With `allowed_hosts`, the URL and every
        redirect target must be on one of those hosts. With `accept` (media types such as
        `HTML_TYPES`), a final response of another type fails with reason `content_type`.
        """
        current = url
        visits: Counter[str] = Counter()
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_target(current, url, allowed_hosts)
            visits[current] += 1
            if visits[current] > 2:  # twice is allowed: a site may set a cookie and send us back
                raise PermanentFetchError(url, f"redirect loop at {current}", reason="redirect_loop")
            self._check_robots(current)
            remembered = self._remembered_robots(current)
            if remembered is not None:
                return dataclasses.replace(remembered, requested_url=url)
            headers = self._conditional_headers(url) if conditional and current == url else {}
            response, body = self._request_with_retries(current, headers, accept=accept)
            if response.is_redirect:
                location = response.headers.get("Location", "")
                log.debug("%s redirects to %s", current, location)
                try:
                    current = urljoin(current, location.strip())
                except ValueError:
                    raise PermanentFetchError(url, f"bad redirect target {location!r}",
                                              reason="bad_redirect") from None
                continue
            if 300 <= response.status_code < 400 and response.status_code != 304:
                raise PermanentFetchError(url, f"HTTP {response.status_code} without a Location",
                                          reason="bad_redirect", status=response.status_code)
            return self._page(url, current, response, body, conditional)
        raise PermanentFetchError(url, f"more than {MAX_REDIRECTS} redirects", reason="redirect_loop")

    def close(self) -> None:
        """Close the session if this fetcher created it."""
        if self._own_session:
            self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checks ------------------------------------------------------------------------------------

    def _check_target(self, url: str, original: str, allowed_hosts: frozenset[str] | None) -> None:
        """Refuse non-http(s) URLs and hosts outside `allowed_hosts` (for the first URL and each redirect)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            reason = "scheme" if url == original else "redirect_scheme"
            raise PermanentFetchError(original, f"refusing to fetch {url!r}: not an http(s) URL", reason=reason)
        if allowed_hosts is not None and not _host_allowed(parts, urlsplit(original), allowed_hosts):
            reason = "host" if url == original else "redirect_host"
            raise PermanentFetchError(
                original, f"host {parts.netloc!r} is not one of this source's hosts", reason=reason
            )

    def _check_robots(self, url: str) -> None:
        if not self.http.respect_robots:
            return
        state = self._host(url)
        self._load_robots(url, state)
        if state.robots_error is not None:
            # A host we cannot reach at all fails with the network's reason (dns, tls...); one that
            # answers robots.txt with 5xx/429 with robots_unavailable (RFC 9309: then fetch nothing).
            reason = state.robots_error if state.robots_error in NETWORK_REASONS else "robots_unavailable"
            raise TemporaryFetchError(url, f"robots.txt unavailable ({state.robots_error}); not requested",
                                      reason=reason, requested=False)
        if state.robots is not None and not state.robots.can_fetch(url, self.user_agent):
            raise PermanentFetchError(url, "disallowed by robots.txt", reason="robots")

    def _remembered_robots(self, url: str) -> FetchedPage | None:
        """robots.txt as it was read for the robots check (None: not read, or not this URL); raises its failure."""
        parts = urlsplit(url)
        if parts.path != "/robots.txt" or parts.query or not self.http.respect_robots:
            return None
        state = self._host(url)
        with state.lock:
            if state.robots_failure is not None:
                raise state.robots_failure
            return state.robots_page

    def _load_robots(self, url: str, state: _HostState) -> None:
        """Fetch and parse robots.txt once per host: 4xx means no rules; 5xx/unreachable means stop (RFC 9309)."""
        with state.lock:
            if state.robots_loaded:
                return
            state.robots_loaded = True
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            try:
                for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
                    response, body = self._request_with_retries(robots_url, {}, max_bytes=ROBOTS_MAX_BYTES,
                                                                truncate=True)
                    target = urljoin(robots_url, response.headers.get("Location", ""))
                    if not response.is_redirect or urlsplit(target).scheme not in ("http", "https"):
                        break
                    robots_url = target
            except BlockedError as exc:
                state.robots_failure = exc
                log.info("%s: robots.txt refused (401/403); treating as no rules", parts.netloc)
                return
            except PermanentFetchError as exc:
                state.robots_failure = exc
                if exc.reason in ("not_found", "gone"):
                    log.debug("%s: no robots.txt (%s); no rules", parts.netloc, exc.reason)
                else:
                    log.warning("%s: robots.txt failed for good (%s: %s); fetching as if it had no rules",
                                parts.netloc, exc.reason, exc)
                return
            except TemporaryFetchError as exc:
                state.robots_error = exc.reason
                log.warning("%s: robots.txt unavailable (%s); not fetching this host", parts.netloc, exc.reason)
                return
            if response.status_code >= 300:
                return  # too many redirects, or another 4xx: no rules
            state.robots = Protego.parse(body.decode("utf-8", errors="replace"))
            state.robots_page = self._page(robots_url, robots_url, response, body, False)
            delay = state.robots.crawl_delay(self.user_agent)
            if delay is not None:
                if delay > MAX_CRAWL_DELAY:
                    log.warning("%s: Crawl-delay %s capped at %s s", parts.netloc, delay, MAX_CRAWL_DELAY)
                log.info("%s: robots.txt Crawl-delay %s s", parts.netloc, delay)

    # -- requests ----------------------------------------------------------------------------------

    def _host(self, url: str) -> _HostState:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            return self._hosts.setdefault(key, _HostState())

    def host_delay(self, url: str) -> float:
        """Seconds kept between two requests to `url`'s host: its configured delay or robots' Crawl-delay."""
        parts = urlsplit(url)
        delay = self.host_delays.get(parts.netloc.lower(), self.host_delays.get(parts.hostname or "",
                                                                                 self.http.per_host_delay))
        robots = self._host(url).robots
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.user_agent)
            if crawl_delay is not None:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        return delay

    def _request_with_retries(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int | None = None, truncate: bool = False,
        accept: frozenset[str] | None = None,
    ) -> tuple[requests.Response, bytes]:
        """One request with retries on transient failures; raises on final failure or a permanent status."""
        attempts = self.http.max_retries + 1
        state = self._host(url)
        for attempt in range(attempts):
            try:
                response, body = self._request_once(url, headers, max_bytes=max_bytes, truncate=truncate,
                                                    accept=accept)
            except TemporaryFetchError as exc:
                if exc.reason == "rate_limited" and (state.paused_until > self._clock() or not exc.requested):
                    raise  # the host is paused for the run (an earlier long Retry-After): no waiting, no count
                retry_after = getattr(exc, "retry_after", None)
                if retry_after is not None and retry_after > self.http.max_backoff:
                    # The server asked for a longer pause than we wait within a run: leave the host alone.
                    self._pause_host(url, retry_after)
                    raise
                if attempt + 1 >= attempts or exc.reason in NO_QUICK_RETRY or isinstance(exc, DeadlineExceeded):
                    # A server that took all of max_time once would take it again: the next run retries.
                    if exc.reason != "host_down":
                        self._host_failed(state, exc)
                    raise
                wait = self._backoff(attempt, retry_after)
                log.info("%s: %s (attempt %d/%d), retrying in %.2f s", url, exc.reason, attempt + 1,
                         attempts, wait)
                self._hold_host(url, wait)
                continue
            except FetchError:
                with state.lock:
                    state.failures = 0  # the host answered (404, 403...): it is up
                raise
            with state.lock:
                state.failures = 0
            return response, body
        raise AssertionError("unreachable")  # pragma: no cover

    def _host_failed(self, state: _HostState, exc: TemporaryFetchError) -> None:
        with state.lock:
            state.failures += 1
            state.last_failure = exc.reason
            if state.failures == self.http.max_host_failures:
                log.warning("%s: %d URLs in a row failed (last: %s); no more requests to this host in this run",
                            urlsplit(exc.url).netloc, state.failures, exc.reason)

    def _hold_host(self, url: str, wait: float) -> None:
        """No request to `url`'s host for `wait` seconds (a backoff holds back the host, not one URL)."""
        state = self._host(url)
        with state.lock:
            state.next_request_at = max(state.next_request_at, self._clock() + wait)
        if self.gate is not None:
            self.gate.hold(urlsplit(url).netloc.lower(), wait)

    def _pause_host(self, url: str, seconds: float) -> None:
        state = self._host(url)
        log.warning("%s asked for a %.0f s pause (Retry-After); no more requests to it in this run",
                    urlsplit(url).netloc, seconds)
        with state.lock:
            state.paused_until = max(state.paused_until, self._clock() + seconds)
        if self.gate is not None:
            self.gate.pause(urlsplit(url).netloc.lower(), seconds)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Capped exponential backoff with jitter, or the server's Retry-After (also capped)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.http.max_backoff)
        base = min(self.http.backoff * (2 ** attempt), self.http.max_backoff)
        return base * (0.5 + random.random() / 2)

    def _request_once(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int | None, truncate: bool,
        accept: frozenset[str] | None = None,
    ) -> tuple[requests.Response, bytes]:
        """Wait for this host's turn, send one GET, read the body, classify the status."""
        state = self._host(url)
        with state.lock:
            if state.paused_until > self._clock():
                raise TemporaryFetchError(url, "host asked us to pause (Retry-After); not requested",
                                          reason="rate_limited", requested=False)
            if self.http.max_host_failures and state.failures >= self.http.max_host_failures:
                raise TemporaryFetchError(
                    url, f"not requested: {state.failures} URLs in a row failed on this host "
                    f"(last: {state.last_failure}); left alone for the rest of the run", reason="host_down",
                    requested=False)
            wait = state.next_request_at - self._clock()
            if wait > 0:
                self._sleep(wait)
            host = urlsplit(url).netloc.lower()
            if self.gate is not None:
                paused = self.gate.acquire(host)
                if paused > 0:
                    raise TemporaryFetchError(url, f"host asked us to pause (Retry-After, {paused:.0f} s left); "
                                              "not requested", reason="rate_limited", requested=False)
            deadline = Deadline(self.http.max_time)
            current.deadline = deadline
            try:
                self._count(url)
                started = self._clock()
                try:
                    try:
                        response = self.session.get(
                            url,
                            headers=dict(headers),
                            timeout=(min(self.http.timeout, self.http.max_time), self.http.timeout),
                            stream=True,
                            allow_redirects=False,
                        )
                    except requests.RequestException as exc:
                        raise _classify(url, exc) from None
                    with response:
                        self._raise_for_status(url, response)
                        if accept is not None and 200 <= response.status_code < 300:
                            self._check_content_type(url, response, accept)
                        body = self._read_body(url, response, max_bytes or self.http.max_bytes, truncate, started)
                        if accept is not None and 200 <= response.status_code < 300:
                            self._sniff(url, response, body)
                except FetchError as exc:
                    if deadline.expired:  # the watchdog cut the socket: whatever broke, it was the clock
                        raise DeadlineExceeded(url, f"response took more than {self.http.max_time} s",
                                               status=exc.status) from None
                    raise
                if deadline.expired or self._clock() - started > self.http.max_time:
                    # Cut at the deadline, a body without a length ends like a whole one: refuse it.
                    raise DeadlineExceeded(url, f"response took more than {self.http.max_time} s",
                                           status=response.status_code)
                return response, body
            finally:
                deadline.cancel()
                current.deadline = None
                state.next_request_at = max(state.next_request_at, self._clock() + self.host_delay(url))
                if self.gate is not None:
                    self.gate.release(host, self.host_delay(url))

    def _count(self, url: str) -> None:
        with self._counts_lock:
            self.request_counts[urlsplit(url).hostname or ""] += 1

    def _raise_for_status(self, url: str, response: requests.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        if status == 404:
            raise PermanentFetchError(url, "not found (404)", reason="not_found", status=status)
        if status == 410:
            raise PermanentFetchError(url, "gone (410)", reason="gone", status=status)
        if status in (401, 403):
            raise BlockedError(url, f"refused ({status})", reason="blocked", status=status)
        if status in RETRY_STATUSES or status >= 500:
            reason = "rate_limited" if status == 429 else "server_error"
            error = TemporaryFetchError(url, f"HTTP {status}", reason=reason, status=status)
            error.retry_after = parse_retry_after(response.headers.get("Retry-After"))  # type: ignore[attr-defined]
            raise error
        raise PermanentFetchError(url, f"HTTP {status}", reason="client_error", status=status)

    @staticmethod
    def _check_content_type(url: str, response: requests.Response, accept: frozenset[str]) -> None:
        media = media_type(response.headers.get("Content-Type"))
        if media not in accept and media not in _VAGUE_TYPES:
            raise PermanentFetchError(url, f"content type {media!r} is not one of {sorted(accept)}",
                                      reason="content_type", status=response.status_code)

    @staticmethod
    def _sniff(url: str, response: requests.Response, body: bytes) -> None:
        """An unlabelled or octet-stream body that is plainly binary (PDF, image, archive) is no page."""
        if media_type(response.headers.get("Content-Type")) not in _VAGUE_TYPES:
            return
        head = body[:1024].lstrip()
        if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
            raise PermanentFetchError(url, "unlabelled binary body (not a web page)", reason="content_type",
                                      status=response.status_code)

    def _read_body(self, url: str, response: requests.Response, max_bytes: int, truncate: bool,
                   started: float | None = None) -> bytes:
        """Read and decode the body a piece at a time, refusing it past `max_bytes` decoded bytes
        (or cutting it there with `truncate`) and past `max_time` seconds since `started`."""
        status = response.status_code
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise PermanentFetchError(url, f"declared {declared} bytes > {max_bytes}", reason="too_large",
                                      status=status)
        decoder = _Decoder.for_encoding(url, response.headers.get("Content-Encoding", ""), status)
        started = self._clock() if started is None else started
        chunks: list[bytes] = []
        size = 0
        received = False
        try:
            while True:
                data = response.raw.read1(CHUNK_SIZE, decode_content=False)
                if not data:
                    break
                received = True
                room = max_bytes - size
                chunk = decoder.decode(data, room + 1)
                while chunk:
                    if len(chunk) > room:
                        if truncate:
                            chunks.append(chunk[:room])
                            return b"".join(chunks)
                        raise PermanentFetchError(url, f"body larger than {max_bytes} bytes (decoded)",
                                                  reason="too_large", status=status)
                    chunks.append(chunk)
                    size += len(chunk)
                    room = max_bytes - size
                    chunk = decoder.more(room + 1)  # what a bounded step left undecoded
                if self._clock() - started > self.http.max_time:
                    raise DeadlineExceeded(url, f"response took more than {self.http.max_time} s", status=status)
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            raise _classify(url, exc, reading=True, status=status) from None
        if received and not decoder.complete:
            raise TemporaryFetchError(url, "compressed body ended early", reason="truncated", status=status)
        return b"".join(chunks)

    # -- responses ---------------------------------------------------------------------------------

    def _conditional_headers(self, url: str) -> dict[str, str]:
        etag, last_modified = self.validators.get(url, (None, None))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    def _page(
        self, requested: str, final: str, response: requests.Response, body: bytes, conditional: bool
    ) -> FetchedPage:
        headers = {k.lower(): v for k, v in response.headers.items()}
        now = datetime.now(UTC)
        if response.status_code == 304:
            if not conditional:
                log.warning("%s: unexpected 304 to an unconditional request", requested)
            return FetchedPage(url=final, requested_url=requested, status=304, body=b"", headers=headers,
                               fetched_at=now, not_modified=True)
        etag, last_modified = headers.get("etag"), headers.get("last-modified")
        if etag or last_modified:
            self.validators[requested] = (etag, last_modified)
        return FetchedPage(
            url=final,
            requested_url=requested,
            status=response.status_code,
            body=body,
            headers=headers,
            encoding=detect_encoding(headers.get("content-type"), body),
            fetched_at=now,
        )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_allowed(target: Any, origin: Any, allowed: frozenset[str]) -> bool:
    """Whether `target` (a SplitResult) is on an allowed host *and port*.

    An entry "host:port" allows that port only; a bare "host" allows the port of the URL first asked
    for (a mirror on 127.0.0.1:8000 redirecting within itself or to its twin), and the default ports
    when that URL was on one (http to https), never another port of the same host: that is another server.
    """
    host = (target.hostname or "").lower()
    try:
        port = target.port or _DEFAULT_PORTS.get(target.scheme)
        origin_port = origin.port or _DEFAULT_PORTS.get(origin.scheme)
    except ValueError:
        return False
    if f"{host}:{port}" in allowed:
        return True
    if host not in allowed:
        return False
    return port == origin_port or (origin_port in (80, 443) and port in (80, 443))


class _Decoder:
    """Content-Encoding undone in bounded steps: no input chunk can blow up into more than `limit` bytes."""

    def __init__(self, url: str, kind: str, status: int):
        self.url, self.kind, self.status = url, kind, status
        self._zlib: zlib._Decompress | None = None
        if kind == "gzip":
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)

    @classmethod
    def for_encoding(cls, url: str, header: str, status: int) -> _Decoder:
        codings = [c.strip().lower() for c in header.split(",") if c.strip().lower() not in ("", "identity")]
        if not codings:
            return cls(url, "identity", status)
        if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
            return cls(url, "gzip" if codings[0] != "deflate" else "deflate", status)
        raise PermanentFetchError(url, f"unsupported Content-Encoding {header!r}", reason="content_encoding",
                                  status=status)

    def decode(self, data: bytes, limit: int) -> bytes:
        """Decode one raw chunk, producing at most `limit` bytes now (call `more` for the rest)."""
        if self.kind == "identity":
            return data
        if self._zlib is None:
            # "deflate" is a zlib stream by the RFC, but some servers send raw deflate.
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        try:
            return self._zlib.decompress(self._zlib.unconsumed_tail + data, limit)
        except zlib.error as exc:
            raise TemporaryFetchError(self.url, f"corrupt {self.kind} body: {exc}", reason="truncated",
                                      status=self.status) from None

    def more(self, limit: int) -> bytes:
        """Output still pending from the input already given."""
        if self._zlib is None or not self._zlib.unconsumed_tail:
            return b""
        tail = self._zlib.unconsumed_tail
        try:
            return self._zlib.decompress(tail, limit)
        except zlib.error as exc:
            raise TemporaryFetchError(self.url, f"corrupt {self.kind} body: {exc}", reason="truncated",
                                      status=self.status) from None

    @property
    def complete(self) -> bool:
        """Whether a compressed stream reached its end (an unfinished one was cut off)."""
        return self.kind == "identity" or (self._zlib is not None and self._zlib.eof)


def _classify(url: str, exc: BaseException, *, reading: bool = False, status: int | None = None) -> FetchError:
    """A requests/urllib3/socket exception as a `FetchError` with a reason class (and the status, if one came)."""
    error = _classify_reason(url, exc, reading=reading)
    error.status = status
    return error


def _classify_reason(url: str, exc: BaseException, *, reading: bool) -> FetchError:
    chain = _causes(exc)
    kinds = tuple(type(e) for e in chain)
    if any(issubclass(k, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                          requests.exceptions.InvalidSchema, urllib3.exceptions.LocationParseError))
           for k in kinds):
        return PermanentFetchError(url, f"not a valid URL: {exc}", reason="bad_url")
    if any(issubclass(k, (ssl.SSLError, urllib3.exceptions.SSLError, requests.exceptions.SSLError))
           for k in kinds):
        return TemporaryFetchError(url, f"TLS error: {exc}", reason="tls")
    if any(issubclass(k, (urllib3.exceptions.NameResolutionError, socket.gaierror)) for k in kinds):
        return TemporaryFetchError(url, f"DNS lookup failed: {exc}", reason="dns")
    # urllib3's NewConnectionError (refused, unreachable) subclasses ConnectTimeoutError: not a timeout.
    timeouts = [k for k in kinds if issubclass(k, (requests.Timeout, urllib3.exceptions.TimeoutError,
                                                   TimeoutError, socket.timeout))
                and not issubclass(k, (urllib3.exceptions.NewConnectionError, requests.ConnectionError))
                or issubclass(k, requests.ConnectTimeout)]
    if timeouts:
        what = "connecting" if any(issubclass(k, (requests.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError))
                                   for k in timeouts) else "waiting for data"
        return TemporaryFetchError(url, f"timed out {what}: {exc}", reason="timeout")
    if reading and any(issubclass(k, (urllib3.exceptions.IncompleteRead, urllib3.exceptions.InvalidChunkLength,
                                      http.client.IncompleteRead)) for k in kinds):
        return TemporaryFetchError(url, f"body cut short: {exc}", reason="truncated")
    where = "body interrupted" if reading else "connection failed"
    return TemporaryFetchError(url, f"{where}: {exc}", reason="connection")


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and everything it wraps (requests and urllib3 nest the real cause in args and `reason`)."""
    found: list[BaseException] = []
    todo: list[object] = [exc]
    while todo and len(found) < 20:
        item = todo.pop()
        if not isinstance(item, BaseException) or any(item is f for f in found):
            continue
        found.append(item)
        todo.extend([item.__cause__, item.__context__, getattr(item, "reason", None), *item.args])
    return found


def media_type(content_type: str | None) -> str:
    """`text/html` from `text/html; charset=utf-8`; "" when absent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_content_type(page: FetchedPage, accept: frozenset[str] = HTML_TYPES) -> None:
    """Raise `PermanentFetchError(reason="content_type")` unless `page` is of an accepted media type.

    An unlabelled (or octet-stream) page passes unless its first bytes are plainly binary.
    """
    media = media_type(page.headers.get("content-type"))
    if media in _VAGUE_TYPES:
        head = page.body[:1024].lstrip()
        if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
            raise PermanentFetchError(page.requested_url, "unlabelled binary body (not a web page)",
                                      reason="content_type", status=page.status)
    elif media not in accept:
        raise PermanentFetchError(page.requested_url, f"content type {media!r} is not one of {sorted(accept)}",
                                  reason="content_type", status=page.status)


def host_delays_for(sources: Iterable[SourceSettings]) -> dict[str, float]:
    """{"host:port" and "host": delay} for the sources that set their own `delay` (0 = the default)."""
    delays: dict[str, float] = {}
    for source in sources:
        if source.delay <= 0:
            continue
        urls = (source.base_url, *source.feed_urls, *source.listing_urls, *(source.url(p) for p in source.sitemaps),
                *((source.url(source.api_url),) if source.api_url else ()))
        ported = set()
        for url in urls:
            parts = urlsplit(url) if url else None
            if parts is None or not parts.netloc:
                continue
            delays[parts.netloc.lower()] = max(delays.get(parts.netloc.lower(), 0.0), source.delay)
            if parts.port is not None:
                ported.add((parts.hostname or "").lower())
        for host in source.hosts:
            # A bare host name would also match other ports of that host: other sites, other sources.
            if host.lower() not in ported:
                delays[host.lower()] = max(delays.get(host.lower(), 0.0), source.delay)
    return delays


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)  # delta-seconds (RFC 9110 says an integer; a fraction does no harm)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def detect_encoding(content_type: str | None, body: bytes) -> str:
    """The body's charset: a BOM, the Content-Type header, `<meta charset>` / XML declaration, else a guess.

    A declared UTF-8 (or ASCII) that the bytes are not is ignored — the classic case is a
    windows-1252 page served as utf-8 — and with nothing usable declared, a body that is not mostly
    valid UTF-8 is read as windows-1252 (what browsers assume for Western pages).
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return name
    if _strict_utf8(body):
        return "utf-8"  # valid multi-byte UTF-8 is never an accident, whatever the page declares
    candidates = []
    if content_type:
        declared = _HEADER_CHARSET.search(content_type)
        if declared:
            candidates.append(declared.group(1))
    head = body[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        if found:
            candidates.append(found.group(1).decode("ascii", errors="ignore"))
    utf8 = None
    for candidate in candidates:
        try:
            name = codecs.lookup(candidate).name
        except LookupError:
            log.debug("unknown charset %r ignored", candidate)
            continue
        if name in ("utf-8", "ascii"):
            utf8 = _mostly_utf8(body) if utf8 is None else utf8
            if not utf8:
                log.debug("declared charset %r does not fit the bytes; ignored", candidate)
                continue
            return "utf-8"
        if name.startswith(("utf-16", "utf-32")):
            continue  # a body without a BOM that the header calls UTF-16 is, in practice, not
        return name
    if utf8 if utf8 is not None else _mostly_utf8(body):
        return "utf-8"
    from pipeline.charset import guess_encoding  # charset-normalizer: windows-1256 is not windows-1252

    return guess_encoding(body)


def _strict_utf8(body: bytes) -> bool:
    """Whether the body is valid UTF-8 with some multi-byte characters in it."""
    if not any(byte > 127 for byte in body[:65536]):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    """Valid UTF-8, or UTF-8 with a few stray bytes (then the stray bytes, not the page, are wrong)."""
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good > 4 * bad


__all__ = ["HTML_TYPES", "FetchError", "HostGate", "HttpFetcher", "check_content_type", "detect_encoding", "host_delays_for",
           "media_type", "parse_retry_after"]
