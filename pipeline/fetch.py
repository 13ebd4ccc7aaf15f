"""The one HTTP client every source uses: polite, bounded, and explicit about failures.

`HttpFetcher.get(url)` returns a `FetchedPage` or raises a `FetchError`:

    PermanentFetchError  reason: scheme | host | robots | not_found | gone | client_error | too_large
                                 | redirect_loop | redirect_scheme | redirect_host
    TemporaryFetchError  reason: timeout | connection | server_error | rate_limited | robots_unavailable
    BlockedError         reason: blocked (401/403)

Politeness: one request at a time per host, at least `per_host_delay` seconds apart (or the
robots.txt Crawl-delay when larger); robots.txt is fetched once per host and honoured. Transient
failures (5xx, 429, timeouts, connection errors) are retried with capped exponential backoff and
jitter, honouring `Retry-After`. Redirects are followed by hand, one hop at a time, so that every hop
passes the same checks (scheme, allowed hosts, robots, delay) — `_check_target` is the seam for
stricter redirect rules.
"""

from __future__ import annotations

import codecs
import email.utils
import logging
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Self
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego

from pipeline.errors import BlockedError, FetchError, PermanentFetchError, TemporaryFetchError
from pipeline.records import FetchedPage
from pipeline.settings import HttpSettings

log = logging.getLogger(__name__)

MAX_REDIRECTS = 10
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped (and logged)
ROBOTS_MAX_BYTES = 512_000
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five  # Google's limit; the rest of a huge robots.txt is ignored
CHUNK_SIZE = 64 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass
class _HostState:
    """Per-host politeness state; `lock` is held for the whole of one request to that host."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    next_request_at: float = 0.0
    robots: Protego | None = None
    robots_loaded: bool = False
    robots_error: str | None = None  # set when robots.txt was unreachable (5xx, network)


class HttpFetcher:
    """A requests.Session wrapper implementing `scrapers.base.Fetcher`; safe to share between threads.

    `validators` ({url: (etag, last_modified)}) can be pre-loaded from and exported to the store for
    conditional GETs; `request_counts` counts every HTTP request (robots.txt and retries included) per host.
    """

    def __init__(
        self,
        http: HttpSettings,
        user_agent: str,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.http = http
        self.user_agent = user_agent
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.headers.setdefault("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.request_counts: Counter[str] = Counter()
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _HostState] = {}
        self._hosts_lock = threading.Lock()
        self._counts_lock = threading.Lock()

    # -- public API --------------------------------------------------------------------------------

    def get(
        self, url: str, *, conditional: bool = False, allowed_hosts: frozenset[str] | None = None
    ) -> FetchedPage:
        """Fetch one URL politely (following redirects); raise a `FetchError` subclass on failure.

        With `conditional=True`, known validators for `url` are sent and a 304 answer comes back as
        `FetchedPage(not_modified=True, status=304)`. With `allowed_hosts`, the URL and every
        redirect target must be on one of those hosts.
        """
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_target(current, url, allowed_hosts)
            self._check_robots(current)
            headers = self._conditional_headers(url) if conditional and current == url else {}
            response, body = self._request_with_retries(current, headers)
            if response.is_redirect:
                location = response.headers.get("Location", "")
                log.debug("%s redirects to %s", current, location)
                current = urljoin(current, location)
                continue
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
        if allowed_hosts is not None and parts.hostname not in allowed_hosts:
            reason = "host" if url == original else "redirect_host"
            raise PermanentFetchError(
                original, f"host {parts.hostname!r} is not one of this source's hosts", reason=reason
            )

    def _check_robots(self, url: str) -> None:
        if not self.http.respect_robots:
            return
        state = self._host(url)
        self._load_robots(url, state)
        if state.robots_error is not None:
            raise TemporaryFetchError(url, f"robots.txt unavailable ({state.robots_error})",
                                      reason="robots_unavailable")
        if state.robots is not None and not state.robots.can_fetch(url, self.user_agent):
            raise PermanentFetchError(url, "disallowed by robots.txt", reason="robots")

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
            except BlockedError:
                log.info("%s: robots.txt refused (401/403); treating as no rules", parts.netloc)
                return
            except PermanentFetchError:
                return
            except TemporaryFetchError as exc:
                state.robots_error = exc.reason
                log.warning("%s: robots.txt unavailable (%s); not fetching this host", parts.netloc, exc.reason)
                return
            if response.status_code >= 300:
                return  # too many redirects, or another 4xx: no rules
            state.robots = Protego.parse(body.decode("utf-8", errors="replace"))
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
        """Seconds kept between two requests to `url`'s host: the configured delay or robots' Crawl-delay."""
        delay = self.http.per_host_delay
        robots = self._host(url).robots
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.user_agent)
            if crawl_delay is not None:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        return delay

    def _request_with_retries(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int | None = None, truncate: bool = False
    ) -> tuple[requests.Response, bytes]:
        """One request with retries on transient failures; raises on final failure or a permanent status."""
        attempts = self.http.max_retries + 1
        for attempt in range(attempts):
            try:
                response, body = self._request_once(url, headers, max_bytes=max_bytes, truncate=truncate)
            except TemporaryFetchError as exc:
                retry_after = getattr(exc, "retry_after", None)
                if attempt + 1 >= attempts:
                    raise
                wait = self._backoff(attempt, retry_after)
                log.info("%s: %s (attempt %d/%d), retrying in %.2f s", url, exc.reason, attempt + 1,
                         attempts, wait)
                self._sleep(wait)
                continue
            return response, body
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Capped exponential backoff with jitter, or the server's Retry-After (also capped)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.http.max_backoff)
        base = min(self.http.backoff * (2 ** attempt), self.http.max_backoff)
        return base * (0.5 + random.random() / 2)

    def _request_once(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int | None, truncate: bool
    ) -> tuple[requests.Response, bytes]:
        """Wait for this host's turn, send one GET, read the body, classify the status."""
        state = self._host(url)
        with state.lock:
            wait = state.next_request_at - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                self._count(url)
                try:
                    response = self.session.get(
                        url,
                        headers=dict(headers),
                        timeout=(self.http.timeout, self.http.timeout),
                        stream=True,
                        allow_redirects=False,
                    )
                except requests.Timeout as exc:
                    raise TemporaryFetchError(url, f"timed out: {exc}", reason="timeout") from None
                except requests.RequestException as exc:
                    raise TemporaryFetchError(url, f"connection failed: {exc}", reason="connection") from None
                with response:
                    self._raise_for_status(url, response)
                    body = self._read_body(url, response, max_bytes or self.http.max_bytes, truncate)
                return response, body
            finally:
                state.next_request_at = self._clock() + self.host_delay(url)

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

    def _read_body(self, url: str, response: requests.Response, max_bytes: int, truncate: bool) -> bytes:
        """Stream the (decoded) body, refusing it past `max_bytes` — or cutting it there with `truncate`."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise PermanentFetchError(url, f"declared {declared} bytes > {max_bytes}", reason="too_large",
                                      status=response.status_code)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                size += len(chunk)
                if size > max_bytes:
                    if truncate:
                        chunks.append(chunk[: max_bytes - (size - len(chunk))])
                        break
                    raise PermanentFetchError(url, f"body larger than {max_bytes} bytes", reason="too_large",
                                              status=response.status_code)
                chunks.append(chunk)
        except requests.Timeout as exc:
            raise TemporaryFetchError(url, f"timed out reading body: {exc}", reason="timeout") from None
        except requests.RequestException as exc:
            raise TemporaryFetchError(url, f"body interrupted: {exc}", reason="connection") from None
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


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def detect_encoding(content_type: str | None, body: bytes) -> str:
    """The body's charset: from the Content-Type header, else `<meta charset>` / XML declaration, else utf-8."""
    candidates = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            candidates.append(match.group(1))
    head = body[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            candidates.append(match.group(1).decode("ascii", errors="ignore"))
    for candidate in candidates:
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            log.debug("unknown charset %r ignored", candidate)
    return "utf-8"


__all__ = ["FetchError", "HttpFetcher", "detect_encoding", "parse_retry_after"]
