"""A distributed job's shared state in Redis: what is queued, running and done, and the counts so far.

Keys, under `<prefix>:job:<run id>:` (the job is the run it records in the database):

    meta        hash: kind, started, options, sources, status (running | finished), summary
    counts      hash: queued (tasks sent), and per-source / retag counters as "<scope>|<field>"
    done        set of task keys finished (a redelivered task that finished already does nothing)
    running     set of task keys started and not finished
    failed      set of task keys whose item failed
    sent        set of task keys sent (a discovery run again after a crash resends only what is not done)
    strings     hash: "<scope>|message", "<scope>|used", "<scope>|notes" (JSON list)

plus `<prefix>:current`, the running job's id, which expires `job_timeout` seconds after the last task
finished: a job whose every worker died does not block the next one for ever.

A task's counts are added in the same Lua call that marks it done, so a task delivered twice (its worker
was killed after the work but before the acknowledgement) counts once.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

# KEYS done, running, failed, counts, strings, current; ARGV key, failed, job, timeout_s, strings_json,
# field1, n1, ... -> {new, complete}
_COMPLETE = """
local new = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
if new == 1 then
  if ARGV[2] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) end
  for i = 6, #ARGV, 2 do redis.call('HINCRBY', KEYS[4], ARGV[i], ARGV[i + 1]) end
  local strings = cjson.decode(ARGV[5])
  for field, value in pairs(strings['set']) do redis.call('HSET', KEYS[5], field, value) end
  for field, value in pairs(strings['setnx']) do redis.call('HSETNX', KEYS[5], field, value) end
  for field, values in pairs(strings['append']) do
    local old = cjson.decode(redis.call('HGET', KEYS[5], field) or '[]')
    for _, v in ipairs(values) do table.insert(old, v) end
    redis.call('HSET', KEYS[5], field, cjson.encode(old))
  end
end
if redis.call('GET', KEYS[6]) == ARGV[3] then redis.call('EXPIRE', KEYS[6], ARGV[4]) end
local queued = tonumber(redis.call('HGET', KEYS[4], 'queued') or '0')
local complete = 0
if redis.call('SCARD', KEYS[1]) >= queued then complete = 1 end
return {new, complete}
"""

#: How long a finished job's state is kept for `frontwatch status` (seconds).
KEEP_FINISHED = 7 * 86400


def connect(url: str) -> Any:
    """A Redis client for the state URL (connecting on first use)."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=5, health_check_interval=30)


@dataclass(frozen=True)
class Snapshot:
    """A job's progress as `frontwatch run --distributed` and `frontwatch status` show it."""

    job: int
    kind: str
    status: str
    queued: int
    running: int
    done: int
    failed: int
    elapsed: float

    @property
    def rate(self) -> float:
        """Tasks finished per second since the job started."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        return (f"job {self.job} ({self.kind}): {self.status}; queued {self.queued}, running {self.running}, "
                f"done {self.done}, failed {self.failed}, {self.rate:.1f} tasks/s")


class JobState:
    """One job's keys in Redis."""

    def __init__(self, redis: Any, prefix: str, job: int, *, timeout: float = 3600.0):
        self.redis = redis
        self.prefix = prefix
        self.job = job
        self.timeout = int(timeout)
        self.base = f"{prefix}:job:{job}"
        self._complete = redis.register_script(_COMPLETE)

    def key(self, name: str) -> str:
        return f"{self.base}:{name}"

    @property
    def current_key(self) -> str:
        return f"{self.prefix}:current"

    # -- the job -----------------------------------------------------------------------------------------

    def claim(self) -> int | None:
        """Become the current job; None if it is, or else the id of the job that holds the place."""
        if self.redis.set(self.current_key, str(self.job), nx=True, ex=self.timeout):
            return None
        holder = self.redis.get(self.current_key)
        return int(holder) if holder and holder.isdigit() else -1

    def create(self, kind: str, options: dict[str, Any], scopes: list[str], queued: int) -> None:
        """Record the job before its first task is sent."""
        pipe = self.redis.pipeline()
        pipe.hset(self.key("meta"), mapping={"kind": kind, "started": time.time(), "status": "running",
                                             "options": json.dumps(options), "scopes": json.dumps(scopes)})
        pipe.hset(self.key("counts"), "queued", queued)
        pipe.set(f"{self.prefix}:last", str(self.job))
        pipe.execute()

    def meta(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.redis.hgetall(self.key("meta")).items()}

    def options(self) -> dict[str, Any]:
        return json.loads(self.meta().get("options", "{}"))

    def scopes(self) -> list[str]:
        return json.loads(self.meta().get("scopes", "[]"))

    def snapshot(self) -> Snapshot:
        pipe = self.redis.pipeline()
        pipe.hgetall(self.key("meta"))
        pipe.hget(self.key("counts"), "queued")
        for name in ("running", "done", "failed"):
            pipe.scard(self.key(name))
        meta, queued, running, done, failed = pipe.execute()
        meta = {k.decode(): v.decode() for k, v in meta.items()}
        end = float(meta.get("finished") or time.time())
        return Snapshot(self.job, meta.get("kind", "?"), meta.get("status", "unknown"), int(queued or 0), running,
                        done, failed, end - float(meta.get("started") or end))

    # -- tasks -------------------------------------------------------------------------------------------

    def is_done(self, task: str) -> bool:
        return bool(self.redis.sismember(self.key("done"), task))

    def start(self, task: str) -> None:
        self.redis.sadd(self.key("running"), task)

    def send(self, task: str) -> bool:
        """Count a task about to be sent; False if it is done already (nothing to send)."""
        if self.is_done(task):
            return False
        if self.redis.sadd(self.key("sent"), task):
            self.redis.hincrby(self.key("counts"), "queued", 1)
        return True

    def complete(self, task: str, *, failed: bool = False, counts: dict[str, int] | None = None,
                 strings: dict[str, dict[str, Any]] | None = None) -> bool:
        """Mark a task done and add its counts (once however often it is delivered); True when the job is complete."""
        args: list[Any] = [task, "1" if failed else "0", str(self.job), self.timeout,
                           json.dumps({"set": {}, "setnx": {}, "append": {}, **(strings or {})},
                                      separators=(",", ":"))]
        for name, value in (counts or {}).items():
            if value:
                args += [name, int(value)]
        keys = [self.key(k) for k in ("done", "running", "failed", "counts", "strings")] + [self.current_key]
        _new, complete = self._complete(keys=keys, args=args)
        return bool(complete)

    def counts(self) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in self.redis.hgetall(self.key("counts")).items()}

    def strings(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.redis.hgetall(self.key("strings")).items()}

    # -- the end -----------------------------------------------------------------------------------------

    def begin_finish(self) -> bool:
        """Whether this process should write the job's end (one at a time; again if a finisher died)."""
        if self.meta().get("status") == "finished":
            return False
        return bool(self.redis.set(self.key("finishing"), "1", nx=True, ex=120))

    def finished(self, summary: str) -> None:
        pipe = self.redis.pipeline()
        pipe.hset(self.key("meta"), mapping={"status": "finished", "finished": time.time(), "summary": summary})
        for name in ("meta", "counts", "done", "running", "failed", "sent", "strings"):
            pipe.expire(self.key(name), KEEP_FINISHED)
        pipe.execute()
        if self.redis.get(self.current_key) == str(self.job).encode():
            self.redis.delete(self.current_key)


def current_job(redis: Any, prefix: str) -> int | None:
    """The id of the job holding `<prefix>:current`, if any."""
    value = redis.get(f"{prefix}:current")
    return int(value) if value and value.isdigit() else None


def last_job(redis: Any, prefix: str) -> int | None:
    """The most recent job with state in Redis (running or finished)."""
    value = redis.get(f"{prefix}:last")
    return int(value) if value and value.isdigit() else None
