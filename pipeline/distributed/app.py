"""The Celery application: broker, queues and delivery rules, all from `[queue]` settings.

`app` exists at import but connects to nothing until used. `configure(settings)` sets it up from the
project's settings (`frontwatch worker` and `run --distributed` call it); Celery's own command line
(`celery -A pipeline.distributed.app inspect active`) configures it from the config file named by
FRONTWATCH_CONFIG (default ./config.toml), with the same environment overrides.

Delivery: tasks are acknowledged late (after they ran) and rejected back to the queue when their worker
process dies, so a `kill -9` loses no task; each message is reserved by one process at a time
(`prefetch`), so a killed worker takes at most that many tasks back to the queue with it.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from kombu import Queue

from pipeline.settings import QueueSettings, Settings, load_settings

#: The task kinds, each on its own queue (`frontwatch worker --queues crawl` runs only crawl tasks).
QUEUES = ("crawl", "retag")
CONFIG_ENV = "FRONTWATCH_CONFIG"

app = Celery("frontwatch", set_as_current=False)
app.conf.include = ["pipeline.distributed.tasks"]
_configured: dict[str, Settings] = {}


def queue_name(queue: QueueSettings, kind: str) -> str:
    """The broker queue of a task kind (`<prefix>.crawl`, `<prefix>.retag`)."""
    return f"{queue.prefix}.{kind}"


def celery_config(queue: QueueSettings) -> dict[str, Any]:
    """Celery settings for `[queue]`."""
    names = {kind: queue_name(queue, kind) for kind in QUEUES}
    return {
        "broker_url": queue.broker_url,
        "broker_connection_retry_on_startup": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": queue.prefetch,
        "worker_concurrency": queue.concurrency,
        "task_ignore_result": True,
        "result_backend": None,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_queues": [Queue(name, routing_key=name) for name in names.values()],
        "task_default_queue": names["crawl"],
        "task_routes": {
            "frontwatch.discover": {"queue": names["crawl"]},
            "frontwatch.fetch": {"queue": names["crawl"]},
            "frontwatch.retag": {"queue": names["retag"]},
        },
        # A Redis broker redelivers an unacknowledged task after this long (RabbitMQ does it when the
        # worker's connection drops); longer than any task, including a delayed fetch's countdown.
        "broker_transport_options": {"visibility_timeout": 3600},
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "worker_hijack_root_logger": False,
        "worker_send_task_events": True,
        "task_send_sent_event": True,
    }


def configure(settings: Settings) -> Celery:
    """Set `app` up from `settings` (the worker's, or the enqueuing command's) and return it."""
    _configured["settings"] = settings  # first: updating the conf fires on_configure below
    app.conf.update(celery_config(settings.queue))
    return app


def settings() -> Settings:
    """The settings `app` was configured with (loaded from FRONTWATCH_CONFIG when Celery's CLI started it)."""
    if "settings" not in _configured:
        configure(load_settings(os.environ.get(CONFIG_ENV) or None))
    return _configured["settings"]


@app.on_configure.connect
def _from_config_file(sender: Celery, **_kwargs: Any) -> None:
    """Celery's own CLI (`celery -A pipeline.distributed.app ...`): configure from the config file."""
    if "settings" not in _configured:
        settings()
