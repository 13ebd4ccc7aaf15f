"""`frontwatch sources` and `frontwatch stats`: what is configured and what is stored."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from pipeline.cli import AppContext, config_option


@click.group(invoke_without_command=True)
@config_option
@click.pass_context
def sources(ctx: click.Context) -> None:
    """List the configured sources, what they use, and how their last runs went."""
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.status import source_overview

    app: AppContext = ctx.obj
    table = Table(title="sources")
    for column in ("source", "enabled", "adapter", "uses", "articles", "last run", "new per run", "health"):
        table.add_column(column, overflow="fold")
    for row in source_overview(app.settings):
        table.add_row(row.name, "yes" if row.enabled else "no", row.adapter, row.uses, str(row.articles),
                      row.last_status or "never", row.trend, row.health or "ok")
    Console(width=200).print(table)


@click.command()
@config_option
@click.pass_obj
def stats(app: AppContext) -> None:
    """Counts of articles, mentions by kind, events and incidents by sub-type, and the last runs."""
    from pipeline.status import database_stats

    s = database_stats(app.settings)
    console = Console(width=160)
    console.print(f"database: {s.url}")
    console.print(f"articles: {s.articles} ({s.duplicates} duplicates)   entities: {s.entities}   "
                  f"mentions: {s.mentions}   events: {s.events} ({s.incidents} incidents)")
    kinds = Table(title="mentions by kind")
    kinds.add_column("kind")
    kinds.add_column("mentions", justify="right")
    kinds.add_column("distinct entities", justify="right")
    for kind, count, distinct in s.by_kind:
        kinds.add_row(kind, str(count), str(distinct))
    console.print(kinds)
    if s.by_subtype:
        subtypes = Table(title="events by type (an incident links the reports of one event)")
        for column, justify in (("type", "left"), ("sub-type", "left"), ("events", "right"), ("incidents", "right")):
            subtypes.add_column(column, justify=justify)  # type: ignore[arg-type]
        for t, st, count, incidents in s.by_subtype:
            subtypes.add_row(t, st, str(count), str(incidents))
        console.print(subtypes)
    runs = Table(title="last runs")
    for column in ("run", "kind", "started (UTC)", "finished", "status", "NLP", "new", "failed"):
        runs.add_column(column)
    for r in s.runs:
        runs.add_row(str(r.id), r.kind, r.started, r.finished or "-", r.status, r.nlp_mode or "-", str(r.new),
                     str(r.failed))
    console.print(runs)


@click.command()
@click.option("--source", "source", metavar="NAME", help="Only this source's URLs.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["failed", "gave_up", "permanent", "no_article"]),
              help="Only URLs in this state (repeatable). Default: all failure states.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help="At most N rows.")
@config_option
@click.pass_obj
def failures(app: AppContext, source: str | None, statuses: tuple[str, ...], limit: int) -> None:
    """URLs that failed (why, how often, when they are retried) and the discovery that failed (feeds, robots, listings)."""
    from pipeline.status import discovery_failures, failed_urls

    if source:
        app.settings.source(source)  # an unknown name is an error, not an empty table
    console = Console(width=220)
    found = discovery_failures(app.settings, source=source, limit=limit)
    if found:
        discovery = Table(title=f"discovery failures in each source's last run ({len(found)})")
        for column in ("source", "run", "stage", "reason", "when", "url", "message"):
            discovery.add_column(column, overflow="fold")
        for d in found:
            discovery.add_row(d.source or "-", str(d.run_id), d.stage, d.reason, d.at or "-", d.url or "-",
                              d.message)
        console.print(discovery)
    rows = failed_urls(app.settings, source=source, statuses=statuses or None, limit=limit)
    table = Table(title=f"failed URLs ({len(rows)})")
    for column in ("source", "status", "reason", "http", "attempts", "last attempt", "next attempt", "url"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r.source or "-", r.status, r.reason or "-", str(r.http_status or "-"), str(r.attempts),
                      r.last_attempt or "-", r.next_attempt or "-", r.url)
    console.print(table)
    if any(r.status in ("failed", "gave_up") for r in rows):
        console.print("`frontwatch run --retry-failed` retries the failed and given-up URLs now.")


def _attach_source_subcommands() -> None:
    from pipeline.commands.sources import sources_add, sources_test

    sources.add_command(sources_add)
    sources.add_command(sources_test)


_attach_source_subcommands()
