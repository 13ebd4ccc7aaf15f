"""`frontwatch export`: articles, mentions or counts to CSV, JSON Lines or Parquet; counts per province as GeoJSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli import AppContext
from pipeline.commands.query import database_url, filter_options, split_filters


@click.command()
@click.argument("what", type=click.Choice(["mentions", "articles", "counts"]), required=False)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "jsonl", "parquet", "geojson"]),
    help="Output format (default: from the --out suffix).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option(
    "--by",
    metavar="KEYS",
    default="province,month",
    show_default=True,
    help="Keys of `counts` (see `frontwatch query mentions --help`).",
)
@click.pass_obj
def export(app: AppContext, what: str | None, fmt: str | None, out: Path, by: str, **kwargs: Any) -> None:
    """Write mentions, articles or counts (default: mentions) to a file for pandas, R, QGIS or a spreadsheet.

    \b
    GeoJSON writes the 34 province polygons with the counts as properties (mentions, articles and
    <kind>_mentions), ready for QGIS or geopandas.
    \b
    Examples:
      frontwatch export mentions --since 2026 --out mentions-2026.parquet
      frontwatch export counts --by province,month,kind --out counts.csv
      frontwatch export --format geojson --group NRF --out nrf.geojson
    """
    from pipeline import research
    from pipeline.export import counts_geojson, format_for, province_totals, write_frame, write_geojson

    filters, url = split_filters(kwargs)
    url = database_url(app, url)
    chosen = format_for(out, fmt, "csv")
    if chosen not in ("csv", "json", "jsonl", "parquet", "geojson"):
        raise click.UsageError(f"cannot tell the format from {out.name!r}: pass --format")
    if chosen == "geojson":
        if what not in (None, "counts"):
            raise click.UsageError(
                "GeoJSON exports counts per province: use `export counts` or another format"
            )
        frame = research.counts(("province", "month"), database_url=url, filters=filters)
        by_kind = research.counts(("province", "kind"), database_url=url, filters=filters)
        months = frame["month"].dropna()
        span = (str(months.min()), str(months.max())) if not months.empty else None
        geo = counts_geojson(province_totals(frame, by_kind), date_range=span, description=filters.describe())
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
