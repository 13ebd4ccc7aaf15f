"""`frontwatch worker` and `frontwatch status`: the machines of a distributed run."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from pipeline.cli import AppContext, config_option


@click.command()
@click.option("--queues", default="crawl,retag", show_default=True, metavar="KINDS",
              help="Which work to take, comma-separated: crawl (discovery and article fetches), retag.")
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help="Task processes in this worker. Default: [queue] concurrency.")
@click.option("--pool", type=click.Choice(["prefork", "solo", "threads"]), default="prefork", show_default=True,
              help="Celery's execution pool: prefork (processes; for tagging), solo, threads.")
@click.option("--name", default=None, help="The worker's Celery node name (default: <prefix>-<pid>@<host>).")
@click.option("--loglevel", default="info", show_default=True, help="Celery's log level.")
@config_option
@click.pass_obj
def worker(app: AppContext, queues: str, concurrency: int | None, pool: str, name: str | None,
           loglevel: str) -> None:
    """Run a Celery worker that fetches, tags and stores for distributed runs and retags (until stopped)."""
    from pipeline.distributed.worker import start_worker

    start_worker(app.settings, queues=[q.strip() for q in queues.split(",") if q.strip()],
                 concurrency=concurrency, pool=pool, name=name, loglevel=loglevel)


@click.command()
@click.option("--timeout", type=float, default=1.0, show_default=True,
              help="Seconds to wait for the workers' answers.")
@config_option
@click.pass_obj
def status(app: AppContext, timeout: float) -> None:
    """Show the broker's queues, the workers consuming them and the current distributed job."""
    from pipeline.distributed.status import cluster_status

    info = cluster_status(app.settings, timeout=timeout)
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(f"broker: {info.broker}", soft_wrap=True)
    console.print(f"shared state: {info.state}", soft_wrap=True)
    queues = Table(title="queues")
    for column in ("queue", "messages", "consumers"):
        queues.add_column(column, justify="left" if column == "queue" else "right")
    for row in info.queues:
        queues.add_row(row.name, _n(row.messages), _n(row.consumers))
    console.print(queues)
    workers = Table(title=f"workers ({len(info.workers)})")
    for column in ("worker", "active tasks", "queues"):
        workers.add_column(column, justify="right" if column == "active tasks" else "left")
    for w in info.workers:
        workers.add_row(w.name, str(w.active), ", ".join(w.queues))
    console.print(workers)
    if info.current is not None:
        console.print(f"current: {info.current.line()}", soft_wrap=True)
    else:
        console.print("current: no distributed job running", soft_wrap=True)
    if info.last is not None:
        console.print(f"last: {info.last.line()}", soft_wrap=True)
    for problem in info.problems:
        console.print(f"[red]{problem}[/]", soft_wrap=True)
    if info.problems:
        raise SystemExit(2)


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)
