"""Planner statistics that keep up with a run growing a PostgreSQL database.

PostgreSQL plans every query from the row counts ANALYZE last saw; autovacuum takes them again only a minute
or more after a table changed by a tenth. A run into a new or small database outgrows them within seconds: a
planner that believes `articles` holds two rows answers each new article's duplicate check by walking every
stored article (a nested loop) instead of probing the band and hash indexes, so the run slows down as it
stores. `PlannerStatistics.stored()` runs ANALYZE on the tables a run writes whenever the run has stored as
many articles as the planner believed there were (at least `minimum`): the estimates are never off by more
than a factor of two, a run into a large archive never triggers it, and a first run of 10,000 articles
triggers it about six times, each costing milliseconds on tables that small.

SQLite needs none of this: its planner takes an indexed equality as selective without statistics.
"""

from __future__ import annotations

import logging

from sqlalchemy import text

from models.db import Database

log = logging.getLogger(__name__)

#: The tables every stored article writes to or looks up.
WRITTEN = ("articles", "dedup_bands", "mentions", "events", "event_actors", "incidents", "url_states",
           "mention_counts", "group_province_counts", "entities")


class PlannerStatistics:
    """Counts the articles one writer stores and refreshes PostgreSQL's statistics as the tables outgrow them."""

    def __init__(self, db: Database, *, minimum: int = 200):
        self.db = db
        self.minimum = minimum
        self.enabled = db.dialect == "postgresql"
        self.since = 0  # articles stored since the statistics were last taken (or since this writer began)
        self.believed = self._believed() if self.enabled else 0.0

    def stored(self, count: int = 1) -> None:
        """Note `count` more articles stored (committed or about to be); ANALYZE when they outgrew the estimates."""
        if not self.enabled:
            return
        self.since += count
        if self.since < max(self.minimum, self.believed):
            return
        with self.db.engine.connect() as conn:  # its own connection: the caller's transaction stays as it is
            conn.execute(text(f"ANALYZE {', '.join(WRITTEN)}"))
            conn.commit()
        self.believed, self.since = self._believed(), 0
        log.debug("planner statistics taken again: articles ~%d rows", self.believed)

    def _believed(self) -> float:
        """The planner's idea of how many rows `articles` holds (-1 or 0 before any ANALYZE: none)."""
        with self.db.engine.connect() as conn:
            rows = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass")).scalar()
        return max(0.0, float(rows or 0))
