"""What researchers touch, in one folder apart from the crawl engine: the pandas API, exports, plots, Datasette.

    from pipeline.research import counts, mentions
    from pipeline.research.events import appointments, event_counts, events

- `api`: mentions, articles, counts, top entities and commanders (re-exported here, so `from pipeline
  import research` and `research.counts(...)` work as they always did);
- `events`: coded events, incidents and appointments (also importable as `pipeline.research_events`);
- `export`: CSV, Parquet, JSON and GeoJSON; `plot`: maps and timelines; `serve`: the Datasette app, with
  its plugins in `datasette_plugins/`.

The CLI's `query`, `export`, `plot` and `serve` commands (`pipeline/commands/`) call these modules.
"""

from pipeline.research.api import (
    BY_KEYS,
    KINDS,
    MENTION_COLUMNS,
    PLACE_KINDS,
    Filters,
    QueryError,
    articles,
    commanders,
    connect,
    counts,
    date_range,
    mentions,
    top,
)

__all__ = [
    "BY_KEYS",
    "KINDS",
    "MENTION_COLUMNS",
    "PLACE_KINDS",
    "Filters",
    "QueryError",
    "articles",
    "commanders",
    "connect",
    "counts",
    "date_range",
    "mentions",
    "top",
]
