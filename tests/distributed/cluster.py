"""Real distributed runs for tests: a config file, worker processes, and the services they talk to.

    missing = services_missing()            # None, or which of PostgreSQL / RabbitMQ / Redis did not answer
    cluster = Cluster(tmp_path, config, db_url)
    cluster.start_workers(2)                 # `python -m pipeline worker` children, each in its own session
    cluster.frontwatch("run", "--distributed")
    cluster.kill(0)                          # SIGKILL a worker and its pool processes
    cluster.stop()                           # workers stopped, the test's queues and Redis keys removed

Every cluster has its own `[queue] prefix` (queue names, Redis keys), so tests never share work with each
other or with anyone else on the same broker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from child import FRONTWATCH, child_env

PG_ENV = "FRONTWATCH_TEST_DATABASE_URL"
BROKER = os.environ.get("FRONTWATCH_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
STATE = os.environ.get("FRONTWATCH_TEST_STATE_URL", "redis://127.0.0.1:6379/0")


def services_missing() -> str | None:
    """Why distributed tests cannot run here (which service did not answer), or None."""
    problems = []
    if not os.environ.get(PG_ENV):
        problems.append(f"PostgreSQL ({PG_ENV} is not set)")
    try:
        from kombu import Connection

        with Connection(BROKER, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any transport error means the same here
        problems.append(f"the broker at 127.0.0.1:5672 ({type(exc).__name__}: {exc})")
    try:
        import redis

        redis.Redis.from_url(STATE, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        problems.append(f"Redis at 127.0.0.1:6379 ({type(exc).__name__}: {exc})")
    return "; ".join(problems) or None


def write_config(path: Path, data: dict[str, Any]) -> Path:
    import tomlkit

    path.write_text(tomlkit.dumps(data))
    return path


class Cluster:
    """One test's config file and workers."""

    def __init__(self, tmp_path: Path, config: dict[str, Any], db_url: str):
        self.dir = tmp_path
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.prefix = f"fwtest-{uuid.uuid4().hex[:10]}"
        self.db_url = db_url
        data = dict(config)
        data["database"] = {**data.get("database", {}), "url": db_url}
        data["queue"] = {"broker_url": BROKER, "state_url": STATE, "prefix": self.prefix, "concurrency": 1,
                         "job_timeout": 120.0, **data.get("queue", {})}
        data.setdefault("nlp", {"model": ""})
        self.config = write_config(tmp_path / "cluster.toml", data)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def env(self) -> dict[str, str]:
        return {k: v for k, v in child_env().items() if not k.startswith(("FRONTWATCH_BROKER", "FRONTWATCH_STATE"))}

    def frontwatch(self, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*FRONTWATCH, "--config", str(self.config), *args], check=False, capture_output=True,
                              text=True,
                              env=self.env(), cwd=self.dir, timeout=timeout)

    def start_workers(self, count: int, *, concurrency: int = 1, wait: float = 60) -> None:
        """Start `count` workers and wait until each says it is ready."""
        start = len(self.workers)
        for n in range(start, start + count):
            log = self.dir / f"worker-{n}.log"
            self.logs.append(log)
            name = f"{self.prefix}-w{n}@{socket.gethostname()}"
            self.workers.append(subprocess.Popen(
                [*FRONTWATCH, "--config", str(self.config), "worker", "--concurrency", str(concurrency),
                 "--name", name, "--loglevel", "info"],
                stdout=log.open("wb"), stderr=subprocess.STDOUT, env=self.env(), cwd=self.dir,
                start_new_session=True))
        deadline = time.monotonic() + wait
        for n in range(start, start + count):
            while b" ready." not in self.logs[n].read_bytes():
                if self.workers[n].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker {n} did not start:\n{self.logs[n].read_text()[-3000:]}")
                time.sleep(0.1)

    def kill(self, n: int) -> None:
        """SIGKILL worker n with its pool processes (kill -9 of the whole worker)."""
        os.killpg(self.workers[n].pid, signal.SIGKILL)
        self.workers[n].wait(timeout=10)

    def stop(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.workers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self._clean()

    def _clean(self) -> None:
        import redis
        from kombu import Connection

        client = redis.Redis.from_url(STATE)
        for key in client.scan_iter(f"{self.prefix}:*"):
            client.delete(key)
        with Connection(BROKER) as conn:
            channel = conn.channel()
            for kind in ("crawl", "retag"):
                try:
                    channel.queue_delete(f"{self.prefix}.{kind}")
                except Exception:  # noqa: BLE001 - never declared
                    channel = conn.channel()

    def worker_log(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-4000:]}" for p in self.logs)


def pg_database() -> Any:
    """A fresh PostgreSQL database (generator from tests/db_fixtures.py)."""
    from db_fixtures import _postgres_database

    return _postgres_database(os.environ[PG_ENV])


def python() -> str:
    return sys.executable
