"""Whole-request time limits: connect to last byte, however slowly a server sends.

Socket timeouts bound each read, not their sum. `HttpFetcher` makes each request under a `Deadline`
(`start`/`finish`), and the connections of `DeadlineAdapter` register their sockets with the current
thread's deadline; one watchdog thread shuts the sockets of every request whose deadline passes.
"""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time
from typing import Any

import requests.adapters
import urllib3
import urllib3.connection

current = threading.local()  # .deadline: the `Deadline` of the request this thread is making


class Deadline:
    """One request's time limit, connect to last byte: when it passes, the request's sockets are shut down.

    Socket timeouts bound each read, not the sum, so a server sending a byte a second (in its headers
    or its body) would hold a request forever; shutting the socket down ends any phase at once.
    """

    def __init__(self, seconds: float):
        self.expired = False
        self.cancelled = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        _WATCHDOG.add(self, seconds)

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            if self.cancelled:
                return
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            self._sockets.clear()


class _Watchdog:
    """One thread that ends every request whose deadline passes (a timer thread per request cost more
    than a local request itself)."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._due: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, deadline: Deadline, seconds: float) -> None:
        with self._wake:
            heapq.heappush(self._due, (time.monotonic() + seconds, next(self._order), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="frontwatch-deadlines", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _loop(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                while self._due and (self._due[0][2].cancelled or self._due[0][0] <= now):
                    heapq.heappop(self._due)[2].expire()  # a no-op for a finished request
                self._wake.wait(self._due[0][0] - now if self._due else None)

    def forget(self) -> None:
        """In a forked child: the parent's thread is not there; the next request starts one."""
        self._wake = threading.Condition()
        self._due = []
        self._thread = None


_WATCHDOG = _Watchdog()
os.register_at_fork(after_in_child=_WATCHDOG.forget)


def _shutdown(sock: socket.socket) -> None:
    try:
        # The plain socket call, also on an SSLSocket: the blocked read in the other thread ends.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _watch(sock: socket.socket | None) -> None:
    deadline = getattr(current, "deadline", None)
    if deadline is not None:
        deadline.watch(sock)


class DeadlineHTTPConnection(urllib3.connection.HTTPConnection):
    """An HTTP connection whose socket the current request's `Deadline` may cut."""

    def connect(self) -> None:
        super().connect()
        _watch(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _watch(self.sock)  # a kept-alive connection serving a new request
        super().request(*args, **kwargs)


class DeadlineHTTPSConnection(urllib3.connection.HTTPSConnection):
    """The HTTPS twin of `DeadlineHTTPConnection`."""

    def connect(self) -> None:
        super().connect()
        _watch(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _watch(self.sock)
        super().request(*args, **kwargs)


class DeadlineHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = DeadlineHTTPConnection


class DeadlineHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = DeadlineHTTPSConnection


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with connection pools whose connections obey `Deadline`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": DeadlineHTTPPool, "https": DeadlineHTTPSPool}
