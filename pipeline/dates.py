"""Dates given on the command line: ISO dates or times, read as UTC unless they say otherwise."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from dateutil import parser as dateparser

from pipeline.errors import FrontwatchError


class InvalidDate(FrontwatchError):
    """A date argument that cannot be read."""


def parse_since(value: str) -> datetime:
    """'2024-05-01' or '2024-05-01T06:00+04:30' -> an aware UTC datetime."""
    try:
        parsed = dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        raise InvalidDate(f"invalid date {value!r}: use YYYY-MM-DD (e.g. 2024-05-01)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def parse_until(value: str) -> datetime:
    """Like `parse_since`, but a bare date means the end of that day (the range includes it)."""
    parsed = parse_since(value)
    if "T" not in value and " " not in value.strip() and ":" not in value:
        parsed = parsed + timedelta(days=1) - timedelta(microseconds=1)
    return parsed
