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
    for column in ("source", "enabled", "adapter", "uses", "articles", "last run", "last status", "health"):
        table.add_column(column)
    for row in source_overview(app.settings):
        table.add_row(row.name, "yes" if row.enabled else "no", row.adapter, row.uses, str(row.articles),
                      row.last_run or "never", row.last_status or "-", row.health or "ok")
    Console(width=200).print(table)


@click.command()
@config_option
@click.pass_obj
def stats(app: AppContext) -> None:
    """Counts of articles and mentions by kind, and the last runs."""
    from pipeline.status import database_stats

    s = database_stats(app.settings)
    console = Console(width=160)
    console.print(f"database: {s.url}")
    console.print(f"articles: {s.articles} ({s.duplicates} duplicates)   entities: {s.entities}   "
                  f"mentions: {s.mentions}")
    kinds = Table(title="mentions by kind")
    kinds.add_column("kind")
    kinds.add_column("mentions", justify="right")
    kinds.add_column("distinct entities", justify="right")
    for kind, count, distinct in s.by_kind:
        kinds.add_row(kind, str(count), str(distinct))
    console.print(kinds)
    runs = Table(title="last runs")
    for column in ("run", "kind", "started (UTC)", "finished", "status", "NLP", "new", "failed"):
        runs.add_column(column)
    for r in s.runs:
        runs.add_row(str(r.id), r.kind, r.started, r.finished or "-", r.status, r.nlp_mode or "-", str(r.new),
                     str(r.failed))
    console.print(runs)
