"""`frontwatch export`: mentions, articles, counts, events or incidents to CSV, JSON Lines or Parquet;
counts per province as GeoJSON polygons, events as GeoJSON points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli import AppContext
from pipeline.commands.query import (
    database_url,
    event_filters_of,
    event_only_options,
    filter_options,
    refuse_event_filters,
    split_filters,
)

MENTION_WHATS = ("mentions", "articles", "counts")
EVENT_WHATS = ("events", "incidents", "event-counts")


@click.command()
@click.argument("what", type=click.Choice([*MENTION_WHATS, *EVENT_WHATS]), required=False)
@click.argument("target", metavar="[OUT]", type=click.Path(dir_okay=False, path_type=Path), required=False)
@filter_options
@event_only_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "jsonl", "parquet", "geojson"]),
    help="Output format (default: from the file's suffix).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (or give it after WHAT)."
)
@click.option(
    "--by",
    metavar="KEYS",
    default="province,month",
    show_default=True,
    help="Keys of `counts` and `event-counts` (see `frontwatch query mentions|events --help`).",
)
@click.pass_obj
def export(
    app: AppContext,
    what: str | None,
    target: Path | None,
    fmt: str | None,
    out: Path | None,
    by: str,
    **kwargs: Any,
) -> None:
    """Write mentions, articles, counts, events or incidents (default: mentions) to a file for pandas, R,
    QGIS or a spreadsheet.

    \b
    GeoJSON: `counts` and `event-counts` write the 34 province polygons with the counts as properties
    (mentions, articles and province_mentions, district_mentions, place_mentions for the kinds asked
    for; or incidents, reports and fatalities), zero where nothing matched. `events` and `incidents` write one point per event (or incident) at its coordinates, with
    every field as properties; those without coordinates are skipped and counted.
    \b
    Examples:
      frontwatch export mentions --since 2026 --out mentions-2026.parquet
      frontwatch export counts --by province,month,kind --out counts.csv
      frontwatch export --format geojson --group NRF --out nrf.geojson
      frontwatch export events events.geojson --since 2026
      frontwatch export event-counts provinces.geojson --actor1 NRF --actor2 Taliban
      frontwatch export events --type battles --out battles.csv
    """
    from pipeline.research.export import format_for

    if target is not None and out is not None and target != out:
        raise click.UsageError(f"two output files: {target} and --out {out}")
    out = out or target
    if out is None:
        raise click.UsageError("give the file to write: `export WHAT OUT` or --out FILE")
    chosen = format_for(out, fmt, "csv")
    if chosen not in ("csv", "json", "jsonl", "parquet", "geojson"):
        raise click.UsageError(f"cannot tell the format from {out.name!r}: pass --format")
    if what in EVENT_WHATS:
        _export_events(app, what, chosen, out, by, kwargs)
    else:
        refuse_event_filters(kwargs)
        _export_mentions(app, what, chosen, out, by, kwargs)


def _export_mentions(
    app: AppContext, what: str | None, chosen: str, out: Path, by: str, kwargs: dict[str, Any]
) -> None:
    from pipeline import research
    from pipeline.research.export import counts_geojson, province_mentions, write_frame, write_geojson

    filters, url = split_filters(kwargs)
    url = database_url(app, url)
    if chosen == "geojson":
        if what not in (None, "counts"):
            raise click.UsageError(
                "GeoJSON exports counts per province: use `export counts` or another format"
            )
        totals, span, kind_fields = province_mentions(filters, url)
        geo = counts_geojson(
            totals,
            date_range=span,
            description=filters.describe(),
            fields=("mentions", "articles", *kind_fields),
        )
        write_geojson(geo, out)
        click.echo(f"wrote 34 provinces with counts to {out} (geojson)", err=True)
        return
    what = what or "mentions"
    if what == "mentions":
        frame = research.mentions(database_url=url, filters=filters)
    elif what == "articles":
        frame = research.articles(database_url=url, filters=filters)
    else:
        frame = research.counts(by, database_url=url, filters=filters)
    write_frame(frame, chosen, out)
    click.echo(f"wrote {len(frame)} {what} rows to {out} ({chosen})", err=True)


def _export_events(
    app: AppContext, what: str, chosen: str, out: Path, by: str, kwargs: dict[str, Any]
) -> None:
    from pipeline.commands.query import as_database_url
    from pipeline.research import events as research_events
    from pipeline.research.export import (
        counts_geojson,
        event_totals,
        events_geojson,
        write_frame,
        write_geojson,
    )

    filters = event_filters_of(kwargs)
    url = database_url(app, as_database_url(kwargs.get("database_url")))
    description = filters.describe()
    if what == "event-counts":
        if chosen == "geojson":
            totals = research_events.event_counts("province", database_url=url, filters=filters)
            months = research_events.event_counts("month", database_url=url, filters=filters)["month"]
            span = (str(months.min()), str(months.max())) if not months.empty else None
            geo = counts_geojson(
                event_totals(totals),
                date_range=span,
                description=description,
                fields=("incidents", "reports", "fatalities"),
            )
            write_geojson(geo, out)
            click.echo(f"wrote 34 provinces with incident counts to {out} (geojson)", err=True)
            return
        frame = research_events.event_counts(by, database_url=url, filters=filters)
        write_frame(frame, chosen, out)
        click.echo(f"wrote {len(frame)} event-counts rows to {out} ({chosen})", err=True)
        return
    frame = research_events.events(incidents=what == "incidents", database_url=url, filters=filters)
    if chosen == "geojson":
        geo, skipped = events_geojson(frame, description=description)
        write_geojson(geo, out)
        note = f"; {skipped} without coordinates skipped" if skipped else ""
        click.echo(f"wrote {len(geo['features'])} {what} as points to {out} (geojson){note}", err=True)
        return
    write_frame(frame, chosen, out)
    click.echo(f"wrote {len(frame)} {what} rows to {out} ({chosen})", err=True)
