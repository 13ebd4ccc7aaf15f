"""`frontwatch plot timeline|map`: figures of the counts, as PNG (or HTML for the map)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli import AppContext
from pipeline.commands.query import FILTER_KEYS, database_url, filter_options, split_filters


@click.group()
def plot() -> None:
    """Draw counts over time (timeline) or by province (map).

    \b
    Examples:
      frontwatch plot timeline --kind group --by group --since 2024 --out groups.png
      frontwatch plot timeline --group NRF --kind province,district --by province --out nrf.png
      frontwatch plot map --group NRF --since 2026 --out nrf-2026.png
      frontwatch plot map --kind province,district,place --out map.html
    """


def _out(_ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    if value.suffix.lower() not in (".png", ".html", ".htm"):
        raise click.BadParameter("must end in .png (or .html for a map)")
    return value


@plot.command()
@filter_options
@click.option(
    "--by",
    "series",
    type=click.Choice(["group", "province", "kind", "name", "source"]),
    default="group",
    show_default=True,
    help="One line per value of this key.",
)
@click.option("--value", type=click.Choice(["mentions", "articles"]), default="mentions", show_default=True)
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
    app: AppContext, series: str, value: str, top: int, title: str | None, out: Path, **kwargs: Any
) -> None:
    """Counts per month, one line per group, province, kind, name or source."""
    from pipeline import plot as plots
    from pipeline import research

    if out.suffix.lower() != ".png":
        raise click.BadParameter("a timeline is written as .png", param_hint="--out")
    filters, url = split_filters(kwargs)
    if series == "group" and not filters.kind:
        filters = research.Filters.make(**{**_kwargs(filters), "kind": "group"})
    frame = research.counts(("month", series), database_url=database_url(app, url), filters=filters)
    plots.timeline(frame, series, out, value=value, top=top, title=title, subtitle=filters.describe())
    click.echo(f"wrote {out}", err=True)


@plot.command(name="map")
@filter_options
@click.option("--value", type=click.Choice(["mentions", "articles"]), default="mentions", show_default=True)
@click.option("--title", help="Figure title (default: what is counted).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    callback=_out,
    help="PNG (matplotlib) or HTML (self-contained SVG) file to write.",
)
@click.pass_obj
def map_(app: AppContext, value: str, title: str | None, out: Path, **kwargs: Any) -> None:
    """A choropleth of Afghanistan's provinces coloured by mentions (or articles) of places in them."""
    from pipeline import plot as plots
    from pipeline import research
    from pipeline.export import province_totals

    filters, url = split_filters(kwargs)
    if not filters.kind:
        filters = research.Filters.make(**{**_kwargs(filters), "kind": research.PLACE_KINDS})
    frame = research.counts(("province", "month"), database_url=database_url(app, url), filters=filters)
    months = frame["month"].dropna()
    span = (str(months.min()), str(months.max())) if not months.empty else None
    plots.choropleth(
        province_totals(frame), out, value=value, title=title, subtitle=filters.describe(), date_range=span
    )
    click.echo(f"wrote {out}", err=True)


def _kwargs(filters: Any) -> dict[str, Any]:
    return {k: getattr(filters, k) for k in FILTER_KEYS}
