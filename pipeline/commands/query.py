"""`frontwatch query mentions|articles|commanders|top`: answers on the terminal, or as CSV/JSON/Parquet.

The filter options here are shared by `frontwatch export` and `frontwatch plot`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.cli import AppContext, config_option

KIND_CHOICES = ("province", "district", "place", "group", "commander")


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filters every research command takes (repeatable; values may also be comma-separated)."""
    options = [
        click.option(
            "--kind",
            multiple=True,
            metavar="KIND",
            help="Mention kind: province, district, place, group, commander.",
        ),
        click.option(
            "--name",
            multiple=True,
            metavar="NAME",
            help="Entity name or alias, case-insensitive (e.g. NRF, Helmand).",
        ),
        click.option(
            "--province",
            multiple=True,
            metavar="NAME",
            help="Province of the place mentioned (a district counts for its province).",
        ),
        click.option(
            "--group",
            multiple=True,
            metavar="NAME",
            help="Only mentions in a sentence that also names this group (repeat: all of them).",
        ),
        click.option("--source", multiple=True, metavar="NAME", help="Only articles of this source."),
        click.option(
            "--since", metavar="DATE", help="Published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD, UTC)."
        ),
        click.option("--until", metavar="DATE", help="Published on or before DATE (inclusive)."),
        click.option(
            "--include-duplicates", is_flag=True, help="Count copies of a story too (default: originals)."
        ),
        click.option(
            "--include-datelines",
            is_flag=True,
            help="Count the filing place of an article ('KABUL -') as a mention.",
        ),
        click.option(
            "--db",
            "database_url",
            metavar="URL",
            help="Database URL or SQLite file (default: the configured database).",
        ),
        config_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


FILTER_KEYS = (
    "kind",
    "name",
    "province",
    "group",
    "source",
    "since",
    "until",
    "include_duplicates",
    "include_datelines",
)


def split_filters(kwargs: dict[str, Any]) -> tuple[Any, str | None]:
    """(research.Filters, database URL) from the options collected by `filter_options`."""
    from pipeline.research import Filters

    values = {k: kwargs.pop(k) for k in FILTER_KEYS}
    url = kwargs.pop("database_url", None)
    if url and "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    return Filters.make(**values), url


def database_url(app: AppContext, url: str | None) -> str:
    return url or app.settings.database.url


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format and --out for commands that print tables."""
    func = click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (format from its suffix unless --format says).",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json", "jsonl", "parquet"]),
        help="table on a terminal; csv when piped or written to a file.",
    )(func)
    return func


def by_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--by",
        metavar="KEYS",
        help="Count by these keys, comma-separated: month, year, day, province, province_pcode, "
        "kind, name, group, source (e.g. --by province,month).",
    )(func)


def emit(
    frame: Any,
    fmt: str | None,
    out: Path | None,
    *,
    title: str,
    columns: tuple[str, ...] = (),
    more: bool = False,
) -> None:
    """Print a frame as a rich table, or write it in a machine format to stdout or a file."""
    from pipeline.export import format_for, write_frame

    chosen = format_for(out, fmt, "table" if out is None and sys.stdout.isatty() else "csv")
    if chosen == "table":
        if out is not None:
            raise click.UsageError(
                "--format table prints to the terminal; use csv, json or parquet with --out"
            )
        _print_table(frame, title, columns, more)
        return
    write_frame(frame, chosen, out)
    if out is not None:
        click.echo(f"wrote {len(frame)} rows to {out} ({chosen})", err=True)


def _print_table(frame: Any, title: str, columns: tuple[str, ...], more: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = [c for c in columns if c in frame.columns] or list(frame.columns)
    table = Table(title=f"{title} ({len(frame)} rows{', more not shown' if more else ''})")
    numeric = {c for c in shown if str(frame[c].dtype).startswith(("int", "Int", "float"))}
    for column in shown:
        table.add_column(
            column,
            justify="right" if column in numeric else "left",
            overflow="fold",
            max_width=60 if column == "sentence" else None,
        )
    for row in frame[shown].itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    console = Console()
    console.print(table)
    if more:
        console.print("[dim]more rows: raise --limit, or use --format csv / --out FILE for everything[/]")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        try:
            return value.strftime("%Y-%m-%d %H:%M")
        except ValueError:  # NaT
            return ""
    text = str(value)
    return "" if text in ("nan", "NaT", "<NA>", "None") else text


TABLE_LIMIT = 100


def _limit(fmt: str | None, out: Path | None, limit: int | None) -> tuple[int | None, bool]:
    """(rows to fetch, whether the terminal view is capped): a terminal table shows 100 rows unless told."""
    if limit is None and out is None and fmt in (None, "table") and sys.stdout.isatty():
        return TABLE_LIMIT + 1, True
    return limit, False


@click.group()
def query() -> None:
    """Ask the database: mentions, articles, commanders and top entities, with filters and counts.

    \b
    Examples:
      frontwatch query mentions --group NRF --group Taliban --kind province,district --since 2026 --by province,month
      frontwatch query top --kind group --by month --n 3
      frontwatch query commanders --province Baghlan
      frontwatch query articles --name Panjshir --since 2026-05-01 --format csv > panjshir.csv
    """


@query.command()
@filter_options
@by_option
@click.option("--limit", type=click.IntRange(min=1), help="At most N rows (ignored with --by).")
@output_options
@click.pass_obj
def mentions(
    app: AppContext, by: str | None, limit: int | None, fmt: str | None, out: Path | None, **kwargs: Any
) -> None:
    """Mentions with their article, place and sentence; with --by, counts of mentions and articles."""
    from pipeline import research

    filters, url = split_filters(kwargs)
    url = database_url(app, url)
    if by:
        frame = research.counts(by, database_url=url, filters=filters)
        emit(frame, fmt, out, title=f"mentions by {by}")
        return
    fetch, capped = _limit(fmt, out, limit)
    frame = research.mentions(database_url=url, filters=filters, limit=fetch)
    more = capped and len(frame) > TABLE_LIMIT
    emit(
        frame.head(TABLE_LIMIT) if more else frame,
        fmt,
        out,
        title="mentions",
        more=more,
        columns=("published_at", "source", "kind", "name", "province", "group", "role", "sentence"),
    )


@query.command()
@filter_options
@by_option
@click.option("--limit", type=click.IntRange(min=1), help="At most N rows (ignored with --by).")
@output_options
@click.pass_obj
def articles(
    app: AppContext, by: str | None, limit: int | None, fmt: str | None, out: Path | None, **kwargs: Any
) -> None:
    """Articles with at least one matching mention; with --by, counts of articles (stories)."""
    from pipeline import research

    filters, url = split_filters(kwargs)
    url = database_url(app, url)
    if by:
        frame = research.counts(by, database_url=url, filters=filters).drop(columns="mentions")
        emit(frame, fmt, out, title=f"articles by {by}")
        return
    fetch, capped = _limit(fmt, out, limit)
    frame = research.articles(database_url=url, filters=filters, limit=fetch)
    more = capped and len(frame) > TABLE_LIMIT
    emit(
        frame.head(TABLE_LIMIT) if more else frame,
        fmt,
        out,
        title="articles",
        more=more,
        columns=("published_at", "source", "title", "names", "url"),
    )


@query.command()
@filter_options
@output_options
@click.pass_obj
def commanders(app: AppContext, fmt: str | None, out: Path | None, **kwargs: Any) -> None:
    """Commanders with their group, title, role, provinces named beside them, first and last seen.

    --province keeps commanders whose role or sentences name the province; --group keeps a group's commanders.
    """
    from pipeline import research

    filters, url = split_filters(kwargs)
    frame = research.commanders(database_url=database_url(app, url), filters=filters)
    emit(frame, fmt, out, title="commanders")


@query.command()
@filter_options
@click.option(
    "-n",
    "--n",
    "n",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many entities (per --by group).",
)
@click.option("--by", metavar="KEYS", help="Rank within each value of these keys, e.g. --by month.")
@output_options
@click.pass_obj
def top(app: AppContext, n: int, by: str | None, fmt: str | None, out: Path | None, **kwargs: Any) -> None:
    """The most mentioned entities (e.g. --kind group --by month: top groups of each month)."""
    from pipeline import research

    filters, url = split_filters(kwargs)
    frame = research.top(n, by or (), database_url=database_url(app, url), filters=filters)
    emit(frame, fmt, out, title=f"top {n}" + (f" by {by}" if by else ""))
