"""`frontwatch status`: the broker's queues, the workers that consume them, and the current job."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.distributed.app import QUEUES, configure, queue_name
from pipeline.distributed.state import JobState, Snapshot, connect, current_job, last_job
from pipeline.settings import Settings, redact_url


@dataclass(frozen=True)
class QueueRow:
    name: str
    messages: int | None  # None: the broker did not say
    consumers: int | None


@dataclass(frozen=True)
class WorkerRow:
    name: str
    active: int
    queues: tuple[str, ...]


@dataclass
class Status:
    """What `frontwatch status` shows; `problems` says which service did not answer, and why."""

    broker: str
    state: str
    queues: list[QueueRow] = field(default_factory=list)
    workers: list[WorkerRow] = field(default_factory=list)
    current: Snapshot | None = None
    last: Snapshot | None = None
    problems: list[str] = field(default_factory=list)


def cluster_status(settings: Settings, *, timeout: float = 1.0) -> Status:
    """Ask the broker, the workers (Celery's inspect) and the shared state what is going on."""
    q = settings.queue
    status = Status(broker=redact_url(q.broker_url), state=redact_url(q.state_url))
    app = configure(settings)
    names = [queue_name(q, k) for k in QUEUES]
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            channel = conn.default_channel
            for name in names:
                try:
                    declared = channel.queue_declare(queue=name, passive=True)
                    status.queues.append(QueueRow(name, declared.message_count, declared.consumer_count))
                except Exception:  # noqa: BLE001 - a queue nobody declared yet: no worker ever started
                    status.queues.append(QueueRow(name, None, None))
                    channel = conn.channel()
    except Exception as exc:  # noqa: BLE001 - any transport's connection error: reported, not raised
        status.problems.append(f"broker {status.broker} did not answer: {exc}")
    if not status.problems:
        inspect = app.control.inspect(timeout=timeout)
        active = inspect.active() or {}
        consuming = inspect.active_queues() or {}
        for worker, queues in sorted(consuming.items()):
            mine = tuple(qq["name"] for qq in queues if qq.get("name") in names)
            if mine:
                status.workers.append(WorkerRow(worker, len(active.get(worker, [])), mine))
    try:
        redis = connect(q.state_url)
        job = current_job(redis, q.prefix)
        if job is not None:
            status.current = JobState(redis, q.prefix, job).snapshot()
        last = last_job(redis, q.prefix)
        if last is not None and last != job:
            status.last = JobState(redis, q.prefix, last).snapshot()
    except Exception as exc:  # noqa: BLE001 - redis' connection errors: reported, not raised
        status.problems.append(f"shared state {status.state} did not answer: {exc}")
    return status
