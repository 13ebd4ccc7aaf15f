"""Politeness across workers: one per-host schedule in Redis, whatever the number of processes and machines.

Per host ("host:port") three keys, all changed by Lua scripts that read Redis's own clock, so that the
workers' clocks never matter:

    busy:<host>     a request is in flight (one at a time per host); expires after the longest request
                    can take, so a worker killed mid-request holds the host for seconds, not for ever
    free:<host>     no request before this time (ms): set to end + delay when a request ends, pushed on by
                    backoff holds (5xx, 429 with a short Retry-After)
    paused:<host>   a long Retry-After: requests fail as "not requested" until the key expires
    turn:<host>     the next free turn handed out to queued fetch tasks (see `turn`)

`RedisHostGate` implements `pipeline.fetch.HostGate`, so the one `HttpFetcher` keeps every rule
(configured delay, robots.txt Crawl-delay, retries with backoff) and only asks Redis when it may send.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from typing import Any

log = logging.getLogger(__name__)

_NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "

# KEYS busy, free, paused; ARGV token, ttl_ms -> {1, 0} taken | {0, wait_ms} | {-1, paused_ms}
_ACQUIRE = _NOW + """
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return {-1, paused} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, 20} end
local free = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < free then return {0, free - now} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, 0}
"""

# KEYS busy, free; ARGV token, delay_ms, keep_ms: the next request waits delay_ms from now
_RELEASE = _NOW + """
local free = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now + tonumber(ARGV[2]))
redis.call('SET', KEYS[2], free, 'PX', math.max(free - now, 0) + tonumber(ARGV[3]))
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return free
"""

# KEYS free; ARGV wait_ms, keep_ms
_HOLD = _NOW + """
local free = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], free, 'PX', math.max(free - now, 0) + tonumber(ARGV[2]))
return free
"""

# KEYS turn, free, paused; ARGV delay_ms, horizon_ms -> ms until this task's turn (reserved only when
# within the horizon, so far-off turns are not handed out and a retried task does not hold a slot for hours)
_TURN = _NOW + """
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'))
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then at = math.max(at, now + paused) end
if at - now <= tonumber(ARGV[2]) then
  local nxt = at + tonumber(ARGV[1])
  redis.call('SET', KEYS[1], nxt, 'PX', nxt - now + tonumber(ARGV[2]))
  return {1, at - now}
end
return {0, at - now}
"""

#: How long a host's schedule is kept after its last use (ms).
KEEP_MS = 600_000


class RedisHostGate:
    """A `HostGate` whose schedule lives in Redis under `<prefix>:host:...`, shared by every worker."""

    def __init__(self, redis: Any, prefix: str, *, busy_ttl: float, poll: float = 0.02):
        self.redis = redis
        self.prefix = prefix
        self.busy_ttl_ms = int(busy_ttl * 1000)
        self.poll = poll
        self.token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._acquire = redis.register_script(_ACQUIRE)
        self._release = redis.register_script(_RELEASE)
        self._hold = redis.register_script(_HOLD)
        self._turn = redis.register_script(_TURN)

    def _key(self, kind: str, host: str) -> str:
        return f"{self.prefix}:host:{kind}:{host}"

    def acquire(self, host: str) -> float:
        """Block until the host is free and take it (0.0); the seconds left of a pause, without taking it."""
        keys = [self._key("busy", host), self._key("free", host), self._key("paused", host)]
        while True:
            state, ms = self._acquire(keys=keys, args=[self.token, self.busy_ttl_ms])
            if state == 1:
                return 0.0
            if state == -1:
                return max(ms / 1000, 0.001)
            time.sleep(max(ms / 1000, self.poll))

    def release(self, host: str, delay: float) -> None:
        self._release(keys=[self._key("busy", host), self._key("free", host)],
                      args=[self.token, int(delay * 1000), KEEP_MS])

    def hold(self, host: str, seconds: float) -> None:
        self._hold(keys=[self._key("free", host)], args=[int(seconds * 1000), KEEP_MS])

    def pause(self, host: str, seconds: float) -> None:
        self.redis.set(self._key("paused", host), "1", px=max(int(seconds * 1000), 1))

    def turn(self, host: str, delay: float, horizon: float) -> tuple[bool, float]:
        """(reserved, seconds until it): the next turn of `host` for a queued task, `delay` after the last one.

        Turns are handed out only up to `horizon` seconds ahead; beyond that nothing is reserved and the
        task should come back later. A reserved turn still goes through `acquire` when its time comes.
        """
        reserved, ms = self._turn(keys=[self._key("turn", host), self._key("free", host), self._key("paused", host)],
                                  args=[int(delay * 1000), int(horizon * 1000)])
        return bool(reserved), max(ms, 0) / 1000
