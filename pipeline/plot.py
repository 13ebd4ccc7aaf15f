"""Figures from counts: a timeline (PNG) and a choropleth of the provinces (PNG with matplotlib, or a
self-contained HTML page with inline SVG that needs no network).

Every figure carries a title, axis labels or a legend, the date range of the data it shows and the
attribution of the boundaries. Matplotlib is used through its object API (no pyplot, no global state).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import FrontwatchError
from pipeline.export import ATTRIBUTION, provinces_geojson

if TYPE_CHECKING:
    import pandas as pd

#: ColorBrewer YlOrRd (9 classes): light for few mentions, dark red for many.
PALETTE = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
EMPTY = "#eeeeee"
SIZE = (11.0, 6.5)  # inches; at DPI pixels are SIZE * DPI
DPI = 100


class PlotError(FrontwatchError):
    """A figure that cannot be drawn (nothing to plot, unknown output type)."""


def _figure(size: tuple[float, float] = SIZE) -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotError("plots need matplotlib: pip install 'frontwatch[analysis]'") from None
    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _span_text(date_range: tuple[str, str] | None) -> str:
    return f"data: {date_range[0]} to {date_range[1]}" if date_range else "data: none in range"


def all_months(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM' from first to last inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def timeline(
    counts: pd.DataFrame,
    series: str,
    out: Path,
    *,
    value: str = "mentions",
    top: int = 8,
    title: str | None = None,
    subtitle: str = "",
    dated_by: str = "UTC, by publication date",
    note: str = "Source: frontwatch database; duplicates and datelines excluded unless stated.",
) -> Path:
    """Monthly counts per `series` value (group, province, kind...) as lines; the `top` largest series.

    `value` is the column counted (mentions, articles; incidents, reports, fatalities for events);
    `dated_by` says what the months are months of, `note` is the footnote.
    """
    import pandas as pd

    counts = counts[counts[series].notna()] if not counts.empty else counts
    if counts.empty:
        raise PlotError(f"nothing to plot: no {value} match these filters")
    counts = counts.assign(**{value: counts[value].fillna(0).astype("int64")})
    totals = counts.groupby(series)[value].sum().sort_values(ascending=False)
    keep = list(totals.index[:top])
    months = all_months(str(counts["month"].min()), str(counts["month"].max()))
    table = (
        counts[counts[series].isin(keep)]
        .pivot_table(index="month", columns=series, values=value, aggfunc="sum", fill_value=0)
        .reindex(months, fill_value=0)
        .reindex(columns=keep, fill_value=0)
    )
    fig = _figure()
    ax = fig.add_axes((0.07, 0.14, 0.66, 0.74))
    x = pd.to_datetime([f"{m}-01" for m in months])
    for name in keep:
        ax.plot(
            x,
            table[name].to_numpy(),
            marker="o" if len(months) <= 24 else None,
            markersize=3,
            linewidth=1.6,
            label=f"{name} ({int(totals[name])})",
        )
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, MonthLocator
    from matplotlib.ticker import MaxNLocator

    # Month ticks that stay readable over three months as over ten years (the default labels overlap).
    locator = (
        MonthLocator(interval=max(1, math.ceil(len(months) / 10))) if len(months) <= 36 else AutoDateLocator()
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_xlabel(f"month ({dated_by})")
    ax.set_ylabel(f"{value} per month")
    ax.grid(True, alpha=0.3)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 1.25 incidents
    ax.legend(
        title=f"{series} (total {value})",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
    )
    fig.suptitle(
        title or f"{value.capitalize()} per month by {series}",
        x=0.07,
        ha="left",
        fontsize=14,
        fontweight="bold",
    )
    span = _span_text((months[0], months[-1]))
    fig.text(0.07, 0.905, " | ".join(p for p in (span, subtitle) if p), fontsize=9, color="#444444")
    fig.text(0.07, 0.02, note, fontsize=7, color="#666666")
    fig.savefig(out, dpi=DPI, format="png")
    return out


def _classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of the colour classes (up to 9, evenly spaced from 0 to the maximum)."""
    top = max(values) if values else 0
    if top <= 0:
        return [1.0]
    steps = min(len(PALETTE), max(1, int(top)))
    return [float(math.ceil(top * (i + 1) / steps)) for i in range(steps)]


def _colour(value: float, bounds: list[float]) -> str:
    if value <= 0:
        return EMPTY
    for i, bound in enumerate(bounds):
        if value <= bound + 1e-9:
            return PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1))]
    return PALETTE[-1]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def choropleth(
    totals: dict[str, dict[str, Any]],
    out: Path,
    *,
    value: str = "mentions",
    title: str | None = None,
    subtitle: str = "",
    date_range: tuple[str, str] | None = None,
) -> Path:
    """A map of the 34 provinces coloured by `value` (mentions or articles): .png or .html by suffix."""
    suffix = out.suffix.lower()
    if suffix == ".png":
        return _choropleth_png(totals, out, value, title, subtitle, date_range)
    if suffix in (".html", ".htm"):
        return _choropleth_html(totals, out, value, title, subtitle, date_range)
    raise PlotError(f"map output must be .png or .html, not {out.name!r}")


def _map_title(value: str, title: str | None) -> str:
    return title or f"{value.capitalize()} by province"


def _choropleth_png(
    totals: dict[str, dict[str, Any]],
    out: Path,
    value: str,
    title: str | None,
    subtitle: str,
    date_range: tuple[str, str] | None,
) -> Path:
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap

    geo = provinces_geojson()
    values = [float(totals.get(f["properties"]["name"], {}).get(value, 0)) for f in geo["features"]]
    bounds = _classes(values)
    fig = _figure((10.0, 8.0))
    ax = fig.add_axes((0.08, 0.09, 0.76, 0.78))
    polygons, colours = [], []
    for feature, v in zip(geo["features"], values):
        for ring in _rings(feature["geometry"]):
            polygons.append(ring)
            colours.append(_colour(v, bounds))
    ax.add_collection(PolyCollection(polygons, facecolors=colours, edgecolors="#555555", linewidths=0.5))
    ax.set_xlim(60.3, 75.2)
    ax.set_ylim(29.2, 38.7)
    ax.set_aspect(1 / math.cos(math.radians(34)))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.tick_params(labelsize=8)
    ranked = sorted(zip(values, geo["features"]), key=lambda p: -p[0])
    for v, feature in ranked[:8]:
        if v <= 0:
            break
        ring = max(_rings(feature["geometry"]), key=len)
        cx = sum(p[0] for p in ring) / len(ring)
        cy = sum(p[1] for p in ring) / len(ring)
        ax.annotate(
            f"{feature['properties']['name']}\n{int(v)}",
            (cx, cy),
            ha="center",
            va="center",
            fontsize=7,
            color="black",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.6, "lw": 0},
        )
    colours_used = [
        PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1))] for i in range(len(bounds))
    ]
    cmap = ListedColormap(colours_used)
    edges = [0.0, *bounds]
    mappable = ScalarMappable(norm=BoundaryNorm(edges, cmap.N), cmap=cmap)
    cax = fig.add_axes((0.86, 0.15, 0.025, 0.6))
    bar = fig.colorbar(mappable, cax=cax, format="%d")
    bar.set_label(f"{value} (grey: none)")
    bar.ax.tick_params(labelsize=8)
    fig.suptitle(_map_title(value, title), x=0.05, ha="left", fontsize=14, fontweight="bold")
    fig.text(
        0.05,
        0.905,
        " | ".join(p for p in (_span_text(date_range), subtitle) if p),
        fontsize=9,
        color="#444444",
    )
    fig.text(0.05, 0.02, ATTRIBUTION, fontsize=7, color="#666666")
    fig.savefig(out, dpi=DPI, format="png")
    return out


def _choropleth_html(
    totals: dict[str, dict[str, Any]],
    out: Path,
    value: str,
    title: str | None,
    subtitle: str,
    date_range: tuple[str, str] | None,
) -> Path:
    geo = provinces_geojson()
    values = {
        f["properties"]["name"]: float(totals.get(f["properties"]["name"], {}).get(value, 0))
        for f in geo["features"]
    }
    bounds = _classes(list(values.values()))
    width, height, west, north, east, south = 900, 620, 60.3, 38.7, 75.2, 29.2
    kx = width / ((east - west) * math.cos(math.radians(34)))
    scale = min(kx, height / (north - south))

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * math.cos(math.radians(34)) * scale:.1f},{(north - lat) * scale:.1f}"

    shapes = []
    for feature in geo["features"]:
        name, pcode = feature["properties"]["name"], feature["properties"]["pcode"]
        v = values[name]
        d = " ".join(
            "M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z" for ring in _rings(feature["geometry"])
        )
        shapes.append(
            f'<path d="{d}" fill="{_colour(v, bounds)}" data-province="{html.escape(name)}" '
            f'data-pcode="{pcode}" data-value="{int(v)}"><title>{html.escape(name)} ({pcode}): '
            f"{int(v)} {value}</title></path>"
        )
    legend = []
    low = 0.0
    for i, bound in enumerate(bounds):
        colour = PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1))]
        legend.append(
            f'<li><span style="background:{colour}"></span>{math.floor(low) + 1 if i else 1}'
            f"&ndash;{math.floor(bound)}</li>"
        )
        low = bound
    legend.insert(0, f'<li><span style="background:{EMPTY}"></span>none</li>')
    rows = "".join(
        f"<tr><td>{html.escape(n)}</td><td>{int(v)}</td></tr>"
        for n, v in sorted(values.items(), key=lambda p: (-p[1], p[0]))
        if v > 0
    )
    heading = html.escape(_map_title(value, title))
    caption = html.escape(" | ".join(p for p in (_span_text(date_range), subtitle) if p))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{heading}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }}
h1 {{ font-size: 1.4em; margin: 0; }} .caption {{ color: #555; margin: .2em 0 1em; }}
.wrap {{ display: flex; gap: 1.5em; align-items: flex-start; flex-wrap: wrap; }}
svg path {{ stroke: #555; stroke-width: .6; }} svg path:hover {{ stroke: #000; stroke-width: 2; }}
ul.legend {{ list-style: none; padding: 0; margin: 0; font-size: .9em; }}
ul.legend span {{ display: inline-block; width: 1.2em; height: .9em; margin-right: .4em; border: 1px solid #999; }}
table {{ border-collapse: collapse; font-size: .85em; margin-top: 1em; }} td {{ padding: .1em .6em; }}
td + td {{ text-align: right; }} .attribution {{ color: #666; font-size: .8em; margin-top: 1em; }}
</style></head><body>
<h1>{heading}</h1>
<p class="caption">{caption}</p>
<div class="wrap">
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"
 role="img" aria-label="{heading}">{"".join(shapes)}</svg>
<div><strong>{html.escape(value)}</strong><ul class="legend">{"".join(legend)}</ul>
<table><tr><th>province</th><th>{html.escape(value)}</th></tr>{rows}</table></div>
</div>
<p class="attribution">{html.escape(ATTRIBUTION)}</p>
</body></html>
"""
    out.write_text(page, encoding="utf-8")
    return out
