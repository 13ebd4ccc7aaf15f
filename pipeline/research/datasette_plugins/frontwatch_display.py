"""Datasette plugin loaded by `frontwatch serve` (`--plugins-dir`): how frontwatch values are displayed.

SQLite holds UTC times as 'YYYY-MM-DD HH:MM:SS.ffffff' text; the microseconds are always zero for times
taken from feeds and pages, so the pages show '2026-01-10 08:00:00' instead of '2026-01-10 08:00:00.000000'.
Only the HTML pages change: the JSON and CSV exports keep the stored text.
"""

from __future__ import annotations

import re
from typing import Any

from datasette import hookimpl

_WHOLE_SECONDS = re.compile(r"(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})\.0+")


def display_time(value: Any) -> str | None:
    """A stored time without its zero microseconds, or None for anything else (left to Datasette)."""
    if isinstance(value, str):
        match = _WHOLE_SECONDS.fullmatch(value)
        if match:
            return match.group(1)
    return None


@hookimpl
def render_cell(value: Any) -> str | None:
    return display_time(value)
