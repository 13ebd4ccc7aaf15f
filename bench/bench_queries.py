"""Benchmark the researchers' two main queries on a generated SQLite database of one million mentions.

    python bench/bench_queries.py                      # builds /tmp/frontwatch-bench.db once, then times
    python bench/bench_queries.py --db bench.db --mentions 1000000 --rebuild

Timed through `pipeline.research` (the same SQL `frontwatch query` runs), best of `--repeat` warm runs:

1. monthly counts by province: place mentions per province and month over the whole history (five years);
2. group-by-province co-occurrence: places named in the same sentence as a group (the NRF), per province
   and month, over the whole history: "where was the NRF named, month by month";

plus the same over the last twelve months, every group at once, and the two views (`monthly_counts`,
`group_province_monthly`). All of these read the rollup tables (`models.rollup`) and must answer in under
half a second on SQLite (`--limit`, default 0.5 s); the exit status is 1 if one does not. Queries the
rollups cannot answer (both NRF and Taliban in one sentence) run on the base tables and are timed for
information. `--check` also runs each gated query on the base tables and fails if the numbers differ.
The generator fills the rollups with `models.rollup.rebuild_rollups` after its bulk insert; an existing
database of an older schema is migrated (the migration backfills them). Timings are wall-clock on
whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_data import build
from sqlalchemy import text

from models.db import open_database
from pipeline import research


def _best(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def _view(db: object, view: str) -> list[object]:
    with db.engine.connect() as conn:  # type: ignore[attr-defined]
        return list(conn.execute(text(f"SELECT * FROM {view}")))


def _same_as_base_tables(
    db: object, frame: object, by: tuple[str, ...], kw: dict[str, object]
) -> tuple[bool, float]:
    """Whether the base-table query (what `counts` ran before the rollups) gives the same frame."""
    rollup_query = research._rollup_counts_query
    research._rollup_counts_query = lambda *a, **k: None  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        base = research.counts(by, db=db, **kw)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    finally:
        research._rollup_counts_query = rollup_query  # type: ignore[assignment]
    return base.equals(frame), seconds  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/frontwatch-bench.db"), help="SQLite file")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database even if it exists")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=0.5, help="seconds allowed per gated query")
    parser.add_argument(
        "--check", action="store_true", help="compare every gated answer with the base tables"
    )
    args = parser.parse_args(argv)

    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        counts = build(f"sqlite:///{args.db}", args.mentions)
        print(
            f"generated {counts['mentions']:,} mentions in {counts['articles']:,} articles "
            f"in {time.perf_counter() - started:.1f}s"
        )
    else:
        started = time.perf_counter()
        open_database(f"sqlite:///{args.db}").dispose()  # brings an older bench database up to date
        print(f"schema up to date in {time.perf_counter() - started:.1f}s")
    with sqlite3.connect(args.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mentions = conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        first, last = conn.execute("SELECT MIN(published_at), MAX(published_at) FROM articles").fetchone()
        rollup_rows = [
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("mention_counts", "group_province_counts")
        ]
    size = args.db.stat().st_size
    print(
        f"database: {args.db} ({size / 1e6:.0f} MB, {mentions:,} mentions, {articles:,} articles "
        f"from {first[:10]} to {last[:10]}, SQLite {sqlite3.sqlite_version})\n"
        f"rollups: {rollup_rows[0]:,} rows in mention_counts, {rollup_rows[1]:,} in group_province_counts"
    )

    year = f"{int(last[:4]) - 1}-{last[5:7]}-01"  # the last twelve months (and the current one)
    db = open_database(f"sqlite:///{args.db}", migrate_schema=False)
    place = research.PLACE_KINDS
    queries = {
        "monthly counts by province (full history)": (("province", "month"), {"kind": place}),
        "NRF x province co-occurrence by month (full history)": (
            ("province", "month"),
            {"kind": place, "group": "NRF"},
        ),
        "every group x province co-occurrence by month (full history)": (
            ("group", "province", "month"),
            {"kind": place},
        ),
        "mentions and articles by province, month and kind (full history)": (
            ("province", "month", "kind"),
            {},
        ),
        "monthly counts by province (last 12 months)": (
            ("province", "month"),
            {"kind": place, "since": year},
        ),
        "NRF x province co-occurrence by month (last 12 months)": (
            ("province", "month"),
            {"kind": place, "group": "NRF", "since": year},
        ),
    }
    gated: dict[str, Callable[[], object]] = {
        label: (lambda by=by, kw=kw: research.counts(by, db=db, **kw)) for label, (by, kw) in queries.items()
    }
    for view in ("monthly_counts", "group_province_monthly"):
        gated[f"SELECT * FROM {view} (full history)"] = lambda view=view: _view(db, view)
    informational = {
        "NRF and Taliban in one sentence, by province and month (last 12 months, base tables)": lambda: (
            research.counts(("province", "month"), db=db, kind=place, group=("NRF", "Taliban"), since=year)
        ),
    }
    failed = False
    try:
        print(f"\nbest of {args.repeat} warm runs; gate: < {args.limit:.2f}s")
        for label, func in gated.items():
            seconds, frame = _best(func, args.repeat)
            ok = seconds < args.limit
            failed |= not ok
            print(f"  {'PASS' if ok else 'FAIL'} {seconds:6.3f}s  {label}  ({len(frame)} rows)")  # type: ignore[arg-type]
            if args.check and label in queries:
                by, kw = queries[label]
                same, base_seconds = _same_as_base_tables(db, frame, by, kw)
                failed |= not same
                print(
                    f"       {'same' if same else 'DIFFERENT'} on the base tables ({base_seconds:.2f}s there)"
                )
        print("\nfor information (no gate):")
        for label, func in informational.items():
            seconds, frame = _best(func, 2)
            print(f"       {seconds:6.3f}s  {label}  ({len(frame)} rows)")  # type: ignore[arg-type]
    finally:
        db.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
