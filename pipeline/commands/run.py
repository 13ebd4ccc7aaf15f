"""`frontwatch run` and `frontwatch retag`, in this process or (--distributed) on the workers."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from pipeline.cli import AppContext, config_option
from pipeline.dates import parse_since, parse_until

if TYPE_CHECKING:
    from pipeline.run import RunReport


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    return parse_since(value) if value else None


def _until(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    return parse_until(value) if value else None


@click.command()
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Run only this source (repeatable). Default: every enabled source.")
@click.option("--since", callback=_since, metavar="DATE",
              help="Backfill: walk listings back to this date (YYYY-MM-DD, UTC).")
@click.option("--until", callback=_until, metavar="DATE",
              help="With --since: the last day of the range (YYYY-MM-DD, UTC, inclusive).")
@click.option("--limit", type=click.IntRange(min=1), help="At most N new articles per source.")
@click.option("--refetch", is_flag=True, help="Fetch and re-store articles that are already stored.")
@click.option("--retry-failed", is_flag=True,
              help="Retry now every failed, given-up and size/type-refused URL of the selected sources, "
                   "ignoring their backoff (after an outage, for instance).")
@click.option("--distributed", is_flag=True,
              help="Send the work to `frontwatch worker` processes through the broker ([queue] settings; "
                   "needs PostgreSQL) and show progress until it is done.")
@click.option("--detach", is_flag=True, help="With --distributed: return once the work is queued.")
@config_option
@click.pass_obj
def run(app: AppContext, sources: tuple[str, ...], since: datetime | None, until: datetime | None,
        limit: int | None, refetch: bool, retry_failed: bool, distributed: bool, detach: bool) -> None:
    """Fetch new articles, tag them and store them (the main job)."""
    from pipeline.run import run_job

    if until is not None and since is not None and until < since:
        raise click.BadParameter("--until is before --since", param_hint="--until")
    if detach and not distributed:
        raise click.BadParameter("--detach goes with --distributed", param_hint="--detach")
    if distributed:
        from pipeline.distributed.jobs import enqueue_run, run_report

        job = enqueue_run(app.settings, source_names=list(sources) or None, since=since, until=until, limit=limit,
                          refetch=refetch, retry_failed=retry_failed)
        if _follow(app, job, detach):
            report = run_report(app.settings, job)
            show_run_report(report)
            if report.any_source_failed:
                raise SystemExit(1)
        return
    report = run_job(app.settings, source_names=sources or None, since=since, until=until, limit=limit,
                     refetch=refetch, retry_failed=retry_failed)
    show_run_report(report)
    if report.any_source_failed:
        raise SystemExit(1)


def _follow(app: AppContext, job: int, detach: bool) -> bool:
    """Show a distributed job's progress until it finishes (True), or say where it went (--detach: False)."""
    from pipeline.distributed.jobs import watch

    if detach:
        click.echo(f"job {job} queued; `frontwatch status` follows it")
        return False
    for snap in watch(app.settings, job):
        click.echo(snap.line(), err=True)
    return True


def show_run_report(report: RunReport) -> None:
    """The run's table: one row per source, notes, and what to do about deferred or unreachable URLs."""
    from pipeline.fetch import NETWORK_REASONS

    table = Table(title=f"run {report.run_id}: {report.status} (NLP: {report.nlp_mode})")
    counters = ("discovered", "fetched", "new", "updated", "skipped", "deferred", "failed", "gave_up",
                "mentions", "events", "duplicates")
    for column in ("source", "status", *counters):
        table.add_column(column, justify="left" if column in ("source", "status") else "right")
    # Each failure is said once, here: why a source failed, configured URLs that failed, health warnings.
    notes = {s.name: [*([s.message] if s.message else []), *s.notes, *s.warnings] for s in report.sources}
    if any(notes.values()):
        table.add_column("note", overflow="fold", min_width=30)
    for s in report.sources:
        cells = [s.name, s.status, *(str(getattr(s, c)) for c in counters)]
        table.add_row(*cells, *(["; ".join(notes[s.name])] if any(notes.values()) else []))
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    deferred, gave_up = sum(s.deferred for s in report.sources), sum(s.gave_up for s in report.sources)
    if deferred or gave_up:
        console.print(f"{deferred} URL(s) deferred (waiting out a backoff, or not requested because their host "
                      f"was paused or down) and {gave_up} given up: `frontwatch failures` says why, "
                      "`frontwatch run --retry-failed` retries them now.", soft_wrap=True)
    reasons = {reason for s in report.sources for reason in s.errors}
    if report.sources and all(s.status == "failed" for s in report.sources) and reasons <= NETWORK_REASONS:
        console.print("[red]No source could be read, every one for a network reason:[/] this machine has no "
                      "network access (or needs a proxy: set HTTPS_PROXY); nothing was stored, and the next "
                      "run with network fetches everything.", soft_wrap=True)


@click.command()
@click.option("--since", callback=_since, metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--distributed", is_flag=True,
              help="Send chunks of articles to `frontwatch worker` processes ([queue] settings; needs PostgreSQL).")
@click.option("--detach", is_flag=True, help="With --distributed: return once the work is queued.")
@config_option
@click.pass_obj
def retag(app: AppContext, since: datetime | None, distributed: bool, detach: bool) -> None:
    """Re-run the tagger over stored articles (no network): mentions and events; report what changed."""
    from pipeline.retag import retag_job

    if detach and not distributed:
        raise click.BadParameter("--detach goes with --distributed", param_hint="--detach")
    if distributed:
        from pipeline.distributed.jobs import enqueue_retag, retag_report

        job = enqueue_retag(app.settings, since=since)
        if not _follow(app, job, detach):
            return
        report = retag_report(app.settings, job)
    else:
        report = retag_job(app.settings, since=since)
    console = Console(width=None if sys.stdout.isatty() else 200)
    table = Table(title=f"retag: {report.articles} articles, {report.changed_articles} changed "
                        f"(NLP: {report.nlp_mode})")
    for column in ("kind", "added", "removed"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in sorted(set(report.added) | set(report.removed)):
        table.add_row(kind, str(report.added[kind]), str(report.removed[kind]))
    console.print(table)
    events = Table(title="events by sub_event_type (a re-coded event counts as removed and added)")
    for column in ("sub_event_type", "added", "removed"):
        events.add_column(column, justify="left" if column == "sub_event_type" else "right")
    for sub_type in sorted(set(report.events_added) | set(report.events_removed)):
        events.add_row(sub_type, str(report.events_added[sub_type]), str(report.events_removed[sub_type]))
    console.print(events)
