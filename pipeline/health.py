"""Source health: signs that a source stopped yielding, changed its layout or is blocking us.

Computed from the per-source counts of recent runs (`run_sources`), so `frontwatch sources`, the
run summary and the scheduled run's log all tell the same story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from models.schema import Run, RunSource
from models.store import Store

#: How many earlier runs a trend looks at.
WINDOW = 5


@dataclass(frozen=True)
class RunCounts:
    """One source's counts in one run, as the health checks read them."""

    run_id: int
    status: str
    discovered: int
    new: int
    skipped: int
    failed: int
    details: dict[str, Any]

    @property
    def stored(self) -> int:
        return self.new + int(self.details.get("updated", 0) or 0)


def history(store: Store, source: str, window: int = WINDOW) -> list[RunCounts]:
    """The source's counts in its last `window` + 1 runs, newest first."""
    with store.db.sessions() as session:
        rows = session.execute(
            select(RunSource).join(Run).where(RunSource.source == source, Run.kind == "run")
            .order_by(Run.started_at.desc(), Run.id.desc()).limit(window + 1)
        ).scalars().all()
        return [RunCounts(r.run_id, r.status, r.discovered, r.new, r.skipped, r.failed, dict(r.details or {}))
                for r in rows]


def warnings_for(runs: list[RunCounts]) -> list[str]:
    """Health warnings for the newest run in `runs` (newest first), judged against the earlier ones."""
    if not runs:
        return []
    last, earlier = runs[0], runs[1:]
    errors = last.details.get("errors", {}) or {}
    out = []
    if errors.get("blocked"):
        out.append(f"answered 401/403 {errors['blocked']} time(s): possibly blocking us")
    if errors.get("rate_limited"):
        out.append(f"answered 429 {errors['rate_limited']} time(s): rate limited")
    not_modified = int(last.details.get("not_modified", 0) or 0)
    if last.discovered == 0 and not not_modified and last.status != "failed":  # a failure says why itself
        found_before = max((r.discovered for r in earlier), default=0)
        out.append("discovered no articles" + (f" (earlier runs found up to {found_before})" if found_before else ""))
    elif last.discovered and last.stored == 0 and last.skipped == 0:
        out.append(f"yield fell to zero: {last.discovered} discovered, none stored")
    methods = last.details.get("methods", {}) or {}
    total = sum(methods.values())
    if total >= 2 and methods.get("generic", 0) == total:
        before = [r.details.get("methods", {}) or {} for r in earlier]
        usual = sum(sum(m.values()) - m.get("generic", 0) for m in before)
        if usual > 0:
            out.append("all pages fell back to generic extraction (did the site's layout change?)")
    short = int(last.details.get("short_bodies", 0) or 0)
    if total >= 3 and short * 2 > total:
        out.append(f"{short} of {total} article bodies are very short")
    return out


def source_warnings(store: Store, source: str) -> list[str]:
    """Health warnings for a source's latest run."""
    return warnings_for(history(store, source))
