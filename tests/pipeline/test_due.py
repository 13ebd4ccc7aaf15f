"""When a stored failure is due again: times compared in UTC whatever zone each side carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from models.schema import UrlState
from pipeline.stages import due, naive

KABUL = timezone(timedelta(hours=4, minutes=30))


def _failed(next_attempt: datetime) -> UrlState:
    return UrlState(url="https://example.org/a", source="s", status="failed", attempts=1, next_attempt=next_attempt)


def test_naive_converts_an_aware_time_to_utc():
    assert naive(datetime(2026, 3, 1, 12, 0, tzinfo=KABUL)) == datetime(2026, 3, 1, 7, 30)
    assert naive(datetime(2026, 3, 1, 7, 30, tzinfo=UTC)) == datetime(2026, 3, 1, 7, 30)
    assert naive(datetime(2026, 3, 1, 7, 30)) == datetime(2026, 3, 1, 7, 30)


def test_due_compares_across_zones():
    stored = _failed(datetime(2026, 3, 1, 8, 0))  # naive UTC, as SQLite gives it back
    # 12:00 in Kabul is 07:30 UTC: half an hour early, whatever the wall clock says
    assert not due(stored, datetime(2026, 3, 1, 12, 0, tzinfo=KABUL))
    assert due(stored, datetime(2026, 3, 1, 12, 31, tzinfo=KABUL))
    aware = _failed(datetime(2026, 3, 1, 12, 30, tzinfo=KABUL))  # 08:00 UTC, as PostgreSQL may give it back
    assert not due(aware, datetime(2026, 3, 1, 7, 59, tzinfo=UTC))
    assert due(aware, datetime(2026, 3, 1, 8, 0, tzinfo=UTC))


def test_final_and_retry_states():
    assert not due(UrlState(url="u", source="s", status="gave_up", attempts=5), datetime.now(UTC))
    assert due(UrlState(url="u", source="s", status="gave_up", attempts=5), datetime.now(UTC), retry_failed=True)
