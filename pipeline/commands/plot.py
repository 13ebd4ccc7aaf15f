"""`frontwatch plot timeline|map`: figures of the counts of mentions or of coded events, as PNG (or HTML for
the map)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli import AppContext
from pipeline.commands.query import (
    FILTER_KEYS,
    as_database_url,
    database_url,
    event_filters_of,
    event_only_options,
    filter_options,
    refuse_event_filters,
    split_filters,
)

MENTION_SERIES = ("group", "province", "kind", "name", "source")
EVENT_SERIES = ("sub_event_type", "event_type", "actor1", "actor2", "province", "district")
MENTION_VALUES = ("mentions", "articles")
EVENT_VALUES = ("incidents", "reports", "fatalities")
EVENT_NOTE = (
    "Source: frontwatch database, coded events; an incident counts once however many articles report it; "
    "copies and historical events excluded unless stated."
)


@click.group()
def plot() -> None:
    """Draw counts over time (timeline) or by province (map), of mentions or (--events) of coded events.

    \b
    Examples:
      frontwatch plot timeline --kind group --by group --since 2024 --out groups.png
      frontwatch plot timeline --group NRF --kind province,district --by province --out nrf.png
      frontwatch plot timeline --events --actor1 NRF --by sub_event_type --out nrf-events.png
      frontwatch plot map --group NRF --since 2026 --out nrf-2026.png
      frontwatch plot map --events --type battles --out battles.html
    """


def _out(_ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    if value.suffix.lower() not in (".png", ".html", ".htm"):
        raise click.BadParameter("must end in .png (or .html for a map)")
    return value


def _events_option(func: Any) -> Any:
    return click.option(
        "--events",
        "of_events",
        is_flag=True,
        help="Count incidents of coded events instead of mentions (takes --type, --actor1... "
        "and --province, --since, --until on the event date).",
    )(func)


@plot.command()
@filter_options
@event_only_options
@_events_option
@click.option(
    "--by",
    "series",
    type=click.Choice(sorted({*MENTION_SERIES, *EVENT_SERIES})),
    help="One line per value of this key (default: group; with --events, sub_event_type). "
    "Mentions: group, province, kind, name, source. Events: sub_event_type, event_type, actor1, actor2, "
    "province, district.",
)
@click.option(
    "--value",
    type=click.Choice([*MENTION_VALUES, *EVENT_VALUES]),
    help="What to count (default: mentions; with --events, incidents).",
)
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True, help="At most N lines.")
@click.option("--title", help="Figure title (default: what is counted).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    callback=_out,
    help="PNG file to write.",
)
@click.pass_obj
def timeline(
    app: AppContext,
    of_events: bool,
    series: str | None,
    value: str | None,
    top: int,
    title: str | None,
    out: Path,
    **kwargs: Any,
) -> None:
    """Counts per month, one line per group, province, kind, name or source (or event sub-type, actor...)."""
    from pipeline import research
    from pipeline.research import plot as plots

    if out.suffix.lower() != ".png":
        raise click.BadParameter("a timeline is written as .png", param_hint="--out")
    if of_events:
        series, value = _event_choices(series or "sub_event_type", value or "incidents", EVENT_SERIES)
        filters = event_filters_of(kwargs)
        frame = _event_counts(app, ("month", series), filters, kwargs)
        plots.timeline(
            frame,
            series,
            out,
            value=value,
            top=top,
            title=title or f"{value.capitalize()} per month by {series} (coded events)",
            subtitle=filters.describe(),
            dated_by="by event date",
            note=EVENT_NOTE,
        )
        click.echo(f"wrote {out}", err=True)
        return
    refuse_event_filters(kwargs)
    series, value = series or "group", value or "mentions"
    if series not in MENTION_SERIES or value not in MENTION_VALUES:
        raise click.UsageError(
            f"--by {series} --value {value} counts events: add --events (mentions: --by "
            f"{'|'.join(MENTION_SERIES)}, --value {'|'.join(MENTION_VALUES)})"
        )
    filters, url = split_filters(kwargs)
    if series == "group" and not filters.kind:
        filters = research.Filters.make(**{**_kwargs(filters), "kind": "group"})
    frame = research.counts(("month", series), database_url=database_url(app, url), filters=filters)
    plots.timeline(frame, series, out, value=value, top=top, title=title, subtitle=filters.describe())
    click.echo(f"wrote {out} ({_legend(plots.series_totals(frame, series, value, top))})", err=True)


@plot.command(name="map")
@filter_options
@event_only_options
@_events_option
@click.option(
    "--value",
    type=click.Choice([*MENTION_VALUES, *EVENT_VALUES]),
    help="What colours a province (default: mentions; with --events, incidents).",
)
@click.option("--title", help="Figure title (default: what is counted).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    callback=_out,
    help="PNG (matplotlib) or HTML (self-contained SVG) file to write.",
)
@click.pass_obj
def map_(
    app: AppContext, of_events: bool, value: str | None, title: str | None, out: Path, **kwargs: Any
) -> None:
    """A choropleth of Afghanistan's provinces coloured by mentions (or articles) of places in them, or
    (--events) by incidents of coded events that took place there."""
    from pipeline.research import plot as plots
    from pipeline.research.export import event_totals, province_mentions

    if of_events:
        _series, value = _event_choices("province", value or "incidents", ("province",))
        filters = event_filters_of(kwargs)
        totals = _event_counts(app, ("province",), filters, kwargs)
        months = _event_counts(app, ("month",), filters, kwargs)["month"]
        span = (str(months.min()), str(months.max())) if not months.empty else None
        plots.choropleth(
            event_totals(totals),
            out,
            value=value,
            title=title or f"{value.capitalize()} by province (coded events)",
            subtitle=filters.describe(),
            date_range=span,
        )
        click.echo(f"wrote {out}", err=True)
        return
    refuse_event_filters(kwargs)
    value = value or "mentions"
    if value not in MENTION_VALUES:
        raise click.UsageError(f"--value {value} counts events: add --events")
    filters, url = split_filters(kwargs)
    totals, span, _fields = province_mentions(filters, database_url(app, url))
    plots.choropleth(totals, out, value=value, title=title, subtitle=filters.describe(), date_range=span)
    shown = {name: row.get(value, 0) for name, row in totals.items()}
    click.echo(f"wrote {out} ({_legend(shown) or 'no ' + value})", err=True)


def _event_choices(series: str, value: str, allowed: tuple[str, ...]) -> tuple[str, str]:
    if series not in allowed:
        raise click.UsageError(f"--events counts by {'|'.join(allowed)}, not --by {series}")
    if value not in EVENT_VALUES:
        raise click.UsageError(f"--events counts {'|'.join(EVENT_VALUES)}, not --value {value}")
    return series, value


def _event_counts(app: AppContext, by: tuple[str, ...], filters: Any, kwargs: dict[str, Any]) -> Any:
    from pipeline.research import events as research_events

    url = database_url(app, as_database_url(kwargs.get("database_url")))
    return research_events.event_counts(by, database_url=url, filters=filters)


def _legend(totals: dict[str, int]) -> str:
    """'Taliban 5, National Resistance Front 3': what the figure shows, largest first, for the terminal."""
    ranked = sorted(totals.items(), key=lambda p: (-p[1], p[0]))
    return ", ".join(f"{name} {int(n)}" for name, n in ranked if n)


def _kwargs(filters: Any) -> dict[str, Any]:
    return {k: getattr(filters, k) for k in FILTER_KEYS}
