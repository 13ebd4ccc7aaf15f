"""`frontwatch worker`: a Celery worker with the project's settings, consuming the frontwatch queues."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from pipeline.distributed.app import QUEUES, configure, queue_name
from pipeline.distributed.jobs import require_shared_database
from pipeline.errors import ConfigError
from pipeline.settings import Settings


def worker_argv(settings: Settings, *, queues: Iterable[str] = QUEUES, concurrency: int | None = None,
                pool: str = "prefork", name: str | None = None, loglevel: str = "info") -> list[str]:
    """The `celery worker` arguments for these options."""
    kinds = list(dict.fromkeys(queues))
    unknown = [k for k in kinds if k not in QUEUES]
    if unknown or not kinds:
        raise ConfigError(f"unknown queue(s) {', '.join(unknown) or '(none)'}; known: {', '.join(QUEUES)}")
    hostname = name or f"{settings.queue.prefix}-%n-{_short_id()}@{socket.gethostname()}"
    return ["worker", "--queues", ",".join(queue_name(settings.queue, k) for k in kinds),
            "--concurrency", str(concurrency or settings.queue.concurrency), "--pool", pool,
            "--hostname", hostname, "--loglevel", loglevel, "--without-mingle", "--without-gossip"]


def _short_id() -> str:
    import os

    return str(os.getpid())


def start_worker(settings: Settings, **options: object) -> None:
    """Run a worker in this process until it is stopped (SIGTERM: finish the current tasks; SIGQUIT: at once)."""
    require_shared_database(settings)
    app = configure(settings)
    import pipeline.distributed.tasks  # noqa: F401 - registers the tasks

    app.worker_main(worker_argv(settings, **options))  # type: ignore[arg-type]
