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
from pipeline.research.export import ATTRIBUTION, provinces_geojson

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


#: Hollow markers of decreasing size and distinct dashes, so that series with the same counts nest inside
#: one another instead of hiding under the last one drawn.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", "-.", ":")


def series_totals(counts: pd.DataFrame, series: str, value: str = "mentions", top: int = 8) -> dict[str, int]:
    """{series value: total} of the `top` largest series, largest first: what a timeline's legend shows."""
    if counts.empty:
        return {}
    counts = counts[counts[series].notna()]
    totals = counts.groupby(series)[value].sum().fillna(0).astype("int64")
    ranked = sorted(totals.items(), key=lambda p: (-int(p[1]), str(p[0])))[:top]
    return {str(name): int(n) for name, n in ranked}


def timeline_table(counts: pd.DataFrame, series: str, value: str = "mentions", top: int = 8) -> pd.DataFrame:
    """Months (every one from the first to the last) by series: the counts, and NaN where nothing was counted.

    Months without data stay empty rather than zero, so sparse series are drawn as points and gaps, not as
    ramps down to zero and back.
    """
    keep = list(series_totals(counts, series, value, top))
    counts = counts[counts[series].isin(keep)]
    months = all_months(str(counts["month"].min()), str(counts["month"].max()))
    return (
        counts.pivot_table(index="month", columns=series, values=value, aggfunc="sum")
        .reindex(months)
        .reindex(columns=keep)
    )


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
    fig = timeline_figure(
        counts, series, value=value, top=top, title=title, subtitle=subtitle, dated_by=dated_by, note=note
    )
    fig.savefig(out, dpi=DPI, format="png")
    return out


def timeline_figure(
    counts: pd.DataFrame,
    series: str,
    *,
    value: str = "mentions",
    top: int = 8,
    title: str | None = None,
    subtitle: str = "",
    dated_by: str = "UTC, by publication date",
    note: str = "Source: frontwatch database; duplicates and datelines excluded unless stated.",
) -> Any:
    """The timeline of `timeline` as a matplotlib Figure (drawn, not saved)."""
    import pandas as pd

    counts = counts[counts[series].notna()] if not counts.empty else counts
    if counts.empty:
        raise PlotError(f"nothing to plot: no {value} match these filters")
    counts = counts.assign(**{value: counts[value].fillna(0).astype("int64")})
    totals = series_totals(counts, series, value, top)
    table = timeline_table(counts, series, value, top)
    months = list(table.index)
    fig = _figure()
    ax = fig.add_axes((0.07, 0.14, 0.66, 0.74))
    x = pd.to_datetime([f"{m}-01" for m in months])
    for i, name in enumerate(totals):
        line = ax.plot(
            x,
            table[name].to_numpy(dtype=float),
            linestyle=DASHES[i % len(DASHES)],
            linewidth=1.4,
            marker=MARKERS[i % len(MARKERS)],
            markersize=max(4.0, 11.0 - 1.2 * i),
            markeredgewidth=1.4,
            label=f"{name} ({totals[name]})",
        )[0]
        line.set_markerfacecolor("none")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, MonthLocator
    from matplotlib.ticker import MaxNLocator

    # Month ticks that stay readable over three months as over ten years (the default labels overlap).
    locator = (
        MonthLocator(interval=max(1, math.ceil(len(months) / 10))) if len(months) <= 36 else AutoDateLocator()
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if len(months) == 1:  # one month: a point in the middle, not at the edge of a zero-width axis
        ax.set_xlim(x[0] - pd.Timedelta(days=20), x[0] + pd.Timedelta(days=20))
    ax.set_xlabel(f"month ({dated_by}); no point: none that month")
    ax.set_ylabel(f"{value} per month")
    ax.grid(True, alpha=0.3)
    ax.set_ylim(bottom=0, top=max(1.0, float(table.max().max())) * 1.1)
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
    return fig


def _classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of the colour classes (up to 9, evenly spaced from 0 to the maximum)."""
    top = max(values) if values else 0
    if top <= 0:
        return [1.0]
    steps = min(len(PALETTE), max(1, int(top)))
    return [float(math.ceil(top * (i + 1) / steps)) for i in range(steps)]


def class_labels(bounds: list[float]) -> list[str]:
    """One label per colour class: "1", "2–3", "4–6"... (a class of one value is that value, not "3–3")."""
    labels = []
    low = 1
    for bound in bounds:
        high = math.floor(bound)
        labels.append(str(high) if high <= low else f"{low}\u2013{high}")
        low = high + 1
    return labels


def _class_colour(i: int, bounds: list[float]) -> str:
    return PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1))]


def _colour(value: float, bounds: list[float]) -> str:
    if value <= 0:
        return EMPTY
    for i, bound in enumerate(bounds):
        if value <= bound + 1e-9:
            return _class_colour(i, bounds)
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
    fig = choropleth_figure(totals, value=value, title=title, subtitle=subtitle, date_range=date_range)
    fig.savefig(out, dpi=DPI, format="png")
    return out


def choropleth_figure(
    totals: dict[str, dict[str, Any]],
    *,
    value: str = "mentions",
    title: str | None = None,
    subtitle: str = "",
    date_range: tuple[str, str] | None = None,
) -> Any:
    """The PNG map as a matplotlib Figure: every province with a count is labelled with it, and the legend
    names each colour class by the counts it holds ("none", "1", "2–3"...), as the HTML map does."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    geo = provinces_geojson()
    values = [float(totals.get(f["properties"]["name"], {}).get(value, 0)) for f in geo["features"]]
    bounds = _classes(values)
    fig = _figure((10.0, 8.0))
    ax = fig.add_axes((0.08, 0.09, 0.74, 0.78))
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
    for v, feature in zip(values, geo["features"]):
        if v <= 0:
            continue
        ring = max(_rings(feature["geometry"]), key=len)
        cx = sum(p[0] for p in ring) / len(ring)
        cy = sum(p[1] for p in ring) / len(ring)
        ax.annotate(
            f"{feature['properties']['name']}\n{int(v)}",
            (cx, cy),
            ha="center",
            va="center",
            fontsize=6.5,
            color="black",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.6, "lw": 0},
        )
    handles = [Patch(facecolor=EMPTY, edgecolor="#999999", label="none")]
    if max(values, default=0) > 0:
        handles += [
            Patch(facecolor=_class_colour(i, bounds), edgecolor="#999999", label=label)
            for i, label in enumerate(class_labels(bounds))
        ]
    ax.legend(
        handles=handles,
        title=value,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
    )
    fig.suptitle(_map_title(value, title), x=0.05, ha="left", fontsize=14, fontweight="bold")
    fig.text(
        0.05,
        0.905,
        " | ".join(p for p in (_span_text(date_range), subtitle) if p),
        fontsize=9,
        color="#444444",
    )
    fig.text(0.05, 0.02, ATTRIBUTION, fontsize=7, color="#666666")
    return fig


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
    legend = [f'<li><span style="background:{EMPTY}"></span>none</li>']
    if max(values.values(), default=0) > 0:
        legend += [
            f'<li><span style="background:{_class_colour(i, bounds)}"></span>{html.escape(label)}</li>'
            for i, label in enumerate(class_labels(bounds))
        ]
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
