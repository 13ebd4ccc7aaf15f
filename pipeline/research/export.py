"""Writing research results: DataFrames as CSV, JSON, JSON Lines or Parquet; province counts and event
points as GeoJSON.

The province polygons are package data (`models/data/provinces.geojson`, OCHA/AGCHO, CC BY-IGO).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import sys
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pipeline.errors import FrontwatchError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

FORMATS = ("csv", "json", "jsonl", "parquet", "geojson")
SUFFIXES = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".geojson": "geojson",
    ".png": "png",
    ".html": "html",
}
ATTRIBUTION = (
    "Province boundaries: AGCHO via UN OCHA (COD-AB 2018-05-22), CC BY-IGO. "
    "Counts: frontwatch, from the articles of the configured news sources."
)


class ExportError(FrontwatchError):
    """An export that cannot be written (unknown format, binary output to a terminal...)."""


def format_for(path: Path | None, fmt: str | None, default: str) -> str:
    """The output format: the one asked for, else the file's suffix, else `default`."""
    if fmt:
        return fmt
    if path is not None and path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    return default


@lru_cache(maxsize=1)
def _province_text() -> str:
    return resources.files("models").joinpath("data/provinces.geojson").read_text(encoding="utf-8")


def provinces_geojson() -> dict[str, Any]:
    """The 34 province polygons with `name` (canonical) and `pcode` properties (a fresh copy)."""
    return json.loads(_province_text())


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready records: ISO 8601 times, calendar dates as YYYY-MM-DD, None for missing values."""
    return json.loads(
        _dates_as_text(frame).to_json(orient="records", date_format="iso", date_unit="s", force_ascii=False)
    )


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of `datetime.date` values (event dates) as 'YYYY-MM-DD': pandas would write midnight times."""
    converted = {}
    for name in frame.columns:
        if frame[name].dtype != object:
            continue
        values = frame[name].dropna()
        if not values.empty and all(isinstance(v, date) and not isinstance(v, datetime) for v in values):
            converted[name] = frame[name].map(lambda v: v.isoformat() if isinstance(v, date) else None)
    return frame.assign(**converted) if converted else frame


def write_frame(frame: pd.DataFrame, fmt: str, out: Path | IO[Any] | None = None) -> None:
    """Write a frame as csv, json (an array of objects), jsonl or parquet to a path or stdout."""
    if fmt not in ("csv", "json", "jsonl", "parquet"):
        raise ExportError(f"cannot write a table as {fmt!r} (formats: csv, json, jsonl, parquet)")
    if fmt == "parquet":
        _require("pyarrow", "parquet")
        if out is None:
            if sys.stdout.isatty():
                raise ExportError("parquet is binary: pass --out FILE.parquet or redirect the output")
            out = sys.stdout.buffer
        frame.to_parquet(out, index=False)
        return
    if fmt == "csv":
        text = _nested_as_json(frame).to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    elif fmt == "json":
        text = json.dumps(_records(frame), ensure_ascii=False, indent=1) + "\n"
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(frame))
    _write_text(text, out)


def _nested_as_json(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells holding lists or dicts (an event's `figures`) as JSON text, for CSV."""
    converted = {}
    for name in frame.columns:
        if frame[name].dtype == object and any(isinstance(v, (list, dict)) for v in frame[name]):
            converted[name] = frame[name].map(
                lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
            )
    return frame.assign(**converted) if converted else frame


def _write_text(text: str, out: Path | IO[Any] | None) -> None:
    if out is None:
        sys.stdout.write(text)
    elif isinstance(out, Path):
        out.write_text(text, encoding="utf-8")
    else:
        out.write(text)


def _require(module: str, what: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise ExportError(f"{what} needs {module}: pip install 'frontwatch[analysis]'") from None


def province_totals(counts: pd.DataFrame, by_kind: pd.DataFrame | None = None) -> dict[str, dict[str, Any]]:
    """{province: {"mentions": n, "articles": n, "<kind>_mentions": n...}}.

    `counts` has a province column and no other key that splits an article (month is fine: an article has
    one month), so summing its `articles` counts each article once; `by_kind` adds per-kind mention counts.
    """
    totals: dict[str, dict[str, Any]] = {}
    if counts.empty:
        return totals
    frame = counts[counts["province"].notna()]
    for province, rows in frame.groupby("province"):
        totals[str(province)] = {
            "mentions": int(rows["mentions"].sum()),
            "articles": int(rows["articles"].sum()),
        }
    if by_kind is not None and not by_kind.empty:
        kinds = by_kind[by_kind["province"].notna()]
        for (province, kind), n in kinds.groupby(["province", "kind"])["mentions"].sum().items():
            totals.setdefault(str(province), {"mentions": 0, "articles": 0})[f"{kind}_mentions"] = int(n)
    return totals


def province_mentions(
    filters: Any, database_url: str | None
) -> tuple[dict[str, dict[str, Any]], tuple[str, str] | None, tuple[str, ...]]:
    """(province totals, date range, `<kind>_mentions` fields) of the mentions these filters select.

    The one place the GeoJSON export and the maps count mentions per province: place mentions (province,
    district, place; only the kinds asked for), counted as `research.counts` counts them.
    """
    from pipeline import research

    kinds = tuple(k for k in (filters.kind or research.PLACE_KINDS) if k in research.PLACE_KINDS)
    if not filters.kind:
        filters = dataclasses.replace(filters, kind=research.PLACE_KINDS)
    frame = research.counts(("province", "month"), database_url=database_url, filters=filters)
    by_kind = research.counts(("province", "kind"), database_url=database_url, filters=filters)
    months = frame["month"].dropna()
    span = (str(months.min()), str(months.max())) if not months.empty else None
    return province_totals(frame, by_kind), span, tuple(f"{k}_mentions" for k in kinds)


def counts_geojson(
    totals: dict[str, dict[str, Any]],
    *,
    date_range: tuple[str, str] | None = None,
    description: str = "",
    fields: tuple[str, ...] = ("mentions", "articles"),
) -> dict[str, Any]:
    """The province polygons with counts as properties (every one of `fields` 0 where nothing was counted)."""
    geo = provinces_geojson()
    for feature in geo["features"]:
        props = feature["properties"]
        found = totals.get(props["name"], {})
        for key in fields:
            props[key] = found.get(key, 0)
        for key, value in found.items():
            props.setdefault(key, value)
    geo["attribution"] = ATTRIBUTION
    geo["frontwatch"] = {"date_range": list(date_range) if date_range else None, "filters": description}
    unknown = sorted(set(totals) - {f["properties"]["name"] for f in geo["features"]})
    if unknown:
        log.warning("counts for provinces without a polygon: %s", ", ".join(unknown))
    return geo


def write_geojson(geo: dict[str, Any], out: Path | IO[Any] | None) -> None:
    _write_text(json.dumps(geo, ensure_ascii=False, separators=(",", ":")) + "\n", out)


def event_totals(counts: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """{province: {"incidents": n, "reports": n, "fatalities": n}} from `event_counts(by="province")`."""
    import pandas as pd

    totals: dict[str, dict[str, Any]] = {}
    if counts.empty:
        return totals
    for row in counts[counts["province"].notna()].itertuples(index=False):
        totals[str(row.province)] = {
            "incidents": int(row.incidents),
            "reports": int(row.reports),
            "fatalities": 0 if pd.isna(row.fatalities) else int(row.fatalities),
        }
    return totals


def events_geojson(frame: pd.DataFrame, *, description: str = "") -> tuple[dict[str, Any], int]:
    """(a FeatureCollection of Points at each row's lon/lat with every column as properties, rows skipped).

    Rows without coordinates have no place on a map: they are skipped and counted.
    """
    features = []
    skipped = 0
    for record in _records(frame):
        lat, lon = _coordinate(record.get("lat")), _coordinate(record.get("lon"))
        if lat is None or lon is None:
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": record,
            }
        )
    geo = {
        "type": "FeatureCollection",
        "features": features,
        "frontwatch": {"filters": description, "without_coordinates": skipped},
    }
    return geo, skipped


def _coordinate(value: Any) -> float | None:
    """A finite number, or None (missing or not a number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None
