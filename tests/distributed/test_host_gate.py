"""The per-host schedule in Redis (`RedisHostGate`) on a real Redis: shared turns, holds, pauses, expiring
busy marks, and two `HttpFetcher`s (two workers) sharing one host's delay and its Retry-After pause."""

from __future__ import annotations

import itertools
import threading
import time
import uuid

import pytest
from cluster import STATE, services_missing
from fixture_server import FixtureServer, Response, status

from pipeline.distributed.politeness import RedisHostGate
from pipeline.errors import TemporaryFetchError
from pipeline.fetch import HttpFetcher
from pipeline.settings import HttpSettings

MISSING = services_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"distributed tests need {MISSING}")


@pytest.fixture
def gates():
    import redis

    client = redis.Redis.from_url(STATE)
    prefix = f"fwtest-gate-{uuid.uuid4().hex[:8]}"

    def make(busy_ttl: float = 5.0) -> RedisHostGate:
        return RedisHostGate(redis.Redis.from_url(STATE), prefix, busy_ttl=busy_ttl)

    yield make
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_one_request_at_a_time_and_the_delay_after_it(gates):
    first, second = gates(), gates()
    assert first.acquire("h:1") == 0.0
    released = []

    def other() -> None:
        second.acquire("h:1")
        released.append(time.monotonic())

    thread = threading.Thread(target=other)
    thread.start()
    time.sleep(0.2)
    assert not released  # busy: the other worker waits
    end = time.monotonic()
    first.release("h:1", 0.3)
    thread.join(5)
    assert released and released[0] - end >= 0.29
    assert first.acquire("h:2") == 0.0  # another host never waits


def test_a_dead_holders_busy_mark_expires(gates):
    dead, alive = gates(busy_ttl=0.4), gates()
    dead.acquire("h:1")  # and never released: its worker was killed mid-request
    started = time.monotonic()
    assert alive.acquire("h:1") == 0.0
    assert 0.3 <= time.monotonic() - started < 3


def test_pauses_and_holds_are_shared(gates):
    first, second = gates(), gates()
    first.pause("h:1", 0.5)
    assert second.acquire("h:1") > 0  # paused: not taken, the caller fails the URL as not requested
    first.hold("h:2", 0.3)
    started = time.monotonic()
    second.acquire("h:2")
    assert time.monotonic() - started >= 0.28


def test_turns_are_handed_out_a_delay_apart_up_to_the_horizon(gates):
    gate = gates()
    waits = [gate.turn("h:1", 1.0, horizon=2.5) for _ in range(5)]
    assert [taken for taken, _ in waits] == [True, True, True, False, False]
    assert [round(wait) for _, wait in waits[:3]] == [0, 1, 2]


def test_two_fetchers_share_a_hosts_delay_and_its_pause(gates):
    server = FixtureServer().start()
    try:
        server.route("/robots.txt", Response(200, b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        for n in range(6):
            server.route(f"/page{n}", Response(200, b"<html><body>ok</body></html>"))
        http = HttpSettings(per_host_delay=0.2, max_retries=0, max_backoff=0.1)
        fetchers = [HttpFetcher(http, "test", gate=gates()) for _ in range(2)]

        def crawl(fetcher: HttpFetcher, pages: range) -> None:
            for n in pages:
                fetcher.get(server.url(f"/page{n}"))

        threads = [threading.Thread(target=crawl, args=(f, range(i, 6, 2))) for i, f in enumerate(fetchers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        times = sorted(r.time for r in server.requests)
        assert len(times) == 2 + 6  # robots.txt once per fetcher, every page
        assert min(b - a for a, b in itertools.pairwise(times)) >= 0.195

        # One fetcher is told to go away for a minute: the other does not ask either.
        server.route("/busy", status(503, headers={"Retry-After": "60"}))
        with pytest.raises(TemporaryFetchError):
            fetchers[0].get(server.url("/busy"))
        asked = len(server.requests)
        with pytest.raises(TemporaryFetchError) as caught:
            fetchers[1].get(server.url("/page0"))
        assert not caught.value.requested and len(server.requests) == asked
    finally:
        server.stop()
