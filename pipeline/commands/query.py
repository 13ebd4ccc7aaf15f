"""`frontwatch query mentions|articles|commanders|top|events|appointments`: answers on the terminal, or as
CSV/JSON/Parquet.

The filter options here (mention filters and event filters) are shared by `frontwatch export` and
`frontwatch plot`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
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
    return Filters.make(**values), as_database_url(kwargs.pop("database_url", None))


def as_database_url(url: str | None) -> str | None:
    """A database URL, or a SQLite file path made into one."""
    if url and "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    return url


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --config, for commands that take no other filter options."""
    func = config_option(func)
    return click.option(
        "--db",
        "database_url",
        metavar="URL",
        help="Database URL or SQLite file (default: the configured database).",
    )(func)


#: Event filters that mention filters do not have; --province, --since and --until are shared.
EVENT_ONLY_KEYS = ("type", "subtype", "actor", "actor1", "actor2", "district", "include_historical")
EVENT_FILTER_KEYS = (*EVENT_ONLY_KEYS, "province", "since", "until")


def event_only_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters that `filter_options` lacks (for `export` and `plot`, which take both)."""
    options = [
        click.option(
            "--type",
            "type",
            multiple=True,
            metavar="TYPE",
            help="Event type, any case or its beginning: battles, explosions, 'violence against civilians', "
            "protests, riots, 'strategic developments'.",
        ),
        click.option(
            "--subtype",
            multiple=True,
            metavar="SUBTYPE",
            help="Sub-event type: 'armed clash', 'air/drone strike', 'suicide bomb', appointment...",
        ),
        click.option(
            "--actor",
            multiple=True,
            metavar="NAME",
            help="An actor on either side (group names and aliases, e.g. NRF).",
        ),
        click.option("--actor1", multiple=True, metavar="NAME", help="An actor on side 1 (who acted)."),
        click.option(
            "--actor2", multiple=True, metavar="NAME", help="An actor on side 2 (who was acted on)."
        ),
        click.option("--district", multiple=True, metavar="NAME", help="District where it took place."),
        click.option(
            "--include-historical",
            is_flag=True,
            help="Keep events the text places years back (default: current events only).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def event_filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every event filter, plus --db and --config (values may be repeated or comma-separated)."""
    func = db_option(func)
    func = click.option("--until", metavar="DATE", help="Event date on or before DATE (inclusive).")(func)
    func = click.option(
        "--since", metavar="DATE", help="Event date on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."
    )(func)
    func = click.option(
        "--province", multiple=True, metavar="NAME", help="Province where it took place (aliases work)."
    )(func)
    return event_only_options(func)


def split_event_filters(kwargs: dict[str, Any]) -> tuple[Any, str | None]:
    """(research_events.EventFilters, database URL) from the options of `event_filter_options`."""
    from pipeline.research.events import EventFilters

    values = {k: kwargs.pop(k) for k in EVENT_FILTER_KEYS}
    return EventFilters.make(**values), as_database_url(kwargs.pop("database_url", None))


def event_filters_of(kwargs: dict[str, Any]) -> Any:
    """EventFilters from the options of `filter_options` + `event_only_options`, refusing mention filters."""
    from pipeline.research.events import EventFilters

    for key in ("kind", "name", "group", "source", "include_duplicates", "include_datelines"):
        if kwargs.get(key):
            option = "--" + key.replace("_", "-")
            hint = " (use --actor, --actor1 or --actor2)" if key == "group" else ""
            raise click.UsageError(f"{option} filters mentions, not events{hint}")
    values = {k: kwargs.pop(k) for k in EVENT_ONLY_KEYS}
    return EventFilters.make(
        **values, province=kwargs["province"], since=kwargs["since"], until=kwargs["until"]
    )


def refuse_event_filters(kwargs: dict[str, Any]) -> None:
    """Mention commands: an event filter given is a usage error (and is dropped from kwargs)."""
    for key in EVENT_ONLY_KEYS:
        if kwargs.pop(key, None):
            raise click.UsageError(
                f"--{key.replace('_', '-')} filters events: add --events (or `export events`)"
            )


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
        "kind, name, group (a group mention's own group; for other mentions, each group named in their "
        "sentence), source (e.g. --by province,month).",
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
    from pipeline.research.export import format_for, write_frame

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
    if isinstance(value, date) and not isinstance(value, datetime):  # an event date
        return value.isoformat()
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
    """Ask the database: mentions, articles, commanders, top entities, coded events and appointments.

    \b
    Examples:
      frontwatch query events --actor1 NRF --actor2 Taliban --by province,month
      frontwatch query appointments --province Baghlan --since 2022-01-01
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


@query.command()
@event_filter_options
@click.option(
    "--incidents",
    is_flag=True,
    help="One row per incident (the reports of one real-world event together) instead of per report.",
)
@click.option(
    "--by",
    metavar="KEYS",
    help="Count incidents by these keys, comma-separated: month, year, province, district, event_type, "
    "sub_event_type, actor1, actor2 (e.g. --by province,month).",
)
@click.option("--limit", type=click.IntRange(min=1), help="At most N rows (ignored with --by).")
@output_options
@click.pass_obj
def events(
    app: AppContext,
    incidents: bool,
    by: str | None,
    limit: int | None,
    fmt: str | None,
    out: Path | None,
    **kwargs: Any,
) -> None:
    """Coded events (type, actors, place, date, fatalities) with their article and sentence.

    With --by, counts of incidents: a clash reported by three articles counts once (`reports` says 3).
    Events of copies of a story and historical events (unless --include-historical) are left out.

    \b
    Examples:
      frontwatch query events --actor1 NRF --actor2 Taliban --by province,month
      frontwatch query events --type battles --province Panjshir --since 2026
      frontwatch query events --subtype 'air/drone strike' --incidents --format json
    """
    from pipeline.research import events as research_events

    filters, url = split_event_filters(kwargs)
    url = database_url(app, url)
    if by is not None:
        frame = research_events.event_counts(by, database_url=url, filters=filters)
        emit(frame, fmt, out, title=f"incidents by {by}" if by else "incidents")
        return
    fetch, capped = _limit(fmt, out, limit)
    frame = research_events.events(incidents=incidents, database_url=url, filters=filters, limit=fetch)
    more = capped and len(frame) > TABLE_LIMIT
    if incidents:
        columns: tuple[str, ...] = (
            "event_date",
            "sub_event_type",
            "actor1",
            "actor2",
            "province",
            "district",
            "fatalities_min",
            "reports",
            "url",
        )
    else:
        columns = (
            "event_date",
            "sub_event_type",
            "actor1",
            "actor2",
            "province",
            "district",
            "fatalities",
            "source",
            "sentence",
        )
    emit(
        frame.head(TABLE_LIMIT) if more else frame,
        fmt,
        out,
        title="incidents" if incidents else "events",
        more=more,
        columns=columns,
    )


@query.command()
@click.option("--province", multiple=True, metavar="NAME", help="Province of the post (aliases work).")
@click.option("--group", multiple=True, metavar="NAME", help="The appointing group (e.g. Taliban).")
@click.option("--appointee", multiple=True, metavar="NAME", help="The person appointed or dismissed.")
@click.option("--since", metavar="DATE", help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="On or before DATE (inclusive).")
@click.option("--include-dismissals", is_flag=True, help="List dismissals too (sub_event_type says which).")
@click.option("--limit", type=click.IntRange(min=1), help="At most N rows.")
@db_option
@output_options
@click.pass_obj
def appointments(
    app: AppContext,
    province: tuple[str, ...],
    group: tuple[str, ...],
    appointee: tuple[str, ...],
    since: str | None,
    until: str | None,
    include_dismissals: bool,
    limit: int | None,
    database_url: str | None,
    fmt: str | None,
    out: Path | None,
) -> None:
    """Who was appointed to which post, by which group, when and until when, with the article and sentence.

    `until_date` is the date of the next appointment to the same post or of the person's dismissal from it
    (empty while the post is held, as far as the articles tell).

    \b
    Examples:
      frontwatch query appointments --province Baghlan --since 2022-01-01
      frontwatch query appointments --group Taliban --include-dismissals --format csv > roles.csv
    """
    from pipeline.research import events as research_events

    fetch, capped = _limit(fmt, out, limit)
    frame = research_events.appointments(
        province=province,
        group=group,
        appointee=appointee,
        since=since,
        until=until,
        include_dismissals=include_dismissals,
        database_url=as_database_url(database_url) or app.settings.database.url,
        limit=fetch,
    )
    more = capped and len(frame) > TABLE_LIMIT
    emit(
        frame.head(TABLE_LIMIT) if more else frame,
        fmt,
        out,
        title="appointments",
        more=more,
        columns=(
            "date",
            "appointee",
            "post",
            "group",
            "province",
            "until_date",
            *(("sub_event_type",) if include_dismissals else ()),
            "url",
        ),
    )
