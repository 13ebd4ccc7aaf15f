"""Benchmark the researchers' two main queries on a generated SQLite database of one million mentions.

    python bench/bench_queries.py                      # builds /tmp/frontwatch-bench.db once, then times
    python bench/bench_queries.py --db bench.db --mentions 1000000 --rebuild

Timed through `pipeline.research` (the same SQL `frontwatch query` runs), best of `--repeat` warm runs:

1. monthly counts by province: place mentions per province and month over the last twelve months;
2. group-by-province co-occurrence: places named in the same sentence as a group (the NRF), per province
   and month, over the last twelve months: "where did the NRF fight this year, month by month".

Both must answer in under half a second on SQLite (`--limit`, default 0.5 s); the exit status is 1 if one
does not. Heavier variants (both NRF and Taliban in the sentence, every group at once, the whole five
years) are timed too, for information. Timings are wall-clock on whatever else the machine is doing.
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

from models.db import open_database
from pipeline import research


def _best(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/frontwatch-bench.db"), help="SQLite file")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database even if it exists")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=0.5, help="seconds allowed per gated query")
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
    with sqlite3.connect(args.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mentions = conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        last = conn.execute("SELECT MAX(published_at) FROM articles").fetchone()[0]
    size = args.db.stat().st_size
    print(
        f"database: {args.db} ({size / 1e6:.0f} MB, {mentions:,} mentions, {articles:,} articles, "
        f"SQLite {sqlite3.sqlite_version})"
    )

    year = f"{int(last[:4]) - 1}-{last[5:7]}-01"  # the last twelve months (and the current one)
    db = open_database(f"sqlite:///{args.db}", migrate_schema=False)
    place = research.PLACE_KINDS
    gated = {
        "monthly counts by province (last 12 months)": lambda: research.counts(
            ("province", "month"), db=db, kind=place, since=year
        ),
        "NRF x province co-occurrence by month (last 12 months)": lambda: research.counts(
            ("province", "month"), db=db, kind=place, group="NRF", since=year
        ),
    }
    informational = {
        "NRF and Taliban in one sentence, by province and month (last 12 months)": lambda: research.counts(
            ("province", "month"), db=db, kind=place, group=("NRF", "Taliban"), since=year
        ),
        "every group x province co-occurrence by month (last 12 months)": lambda: research.counts(
            ("group", "province", "month"), db=db, kind=place, since=year
        ),
        "monthly counts by province (all 5 years)": lambda: research.counts(
            ("province", "month"), db=db, kind=place
        ),
        "NRF x province co-occurrence by month (all 5 years)": lambda: research.counts(
            ("province", "month"), db=db, kind=place, group="NRF"
        ),
        "every group x province co-occurrence by month (all 5 years)": lambda: research.counts(
            ("group", "province", "month"), db=db, kind=place
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
        print("\nfor information (no gate):")
        for label, func in informational.items():
            seconds, frame = _best(func, 2)
            print(f"       {seconds:6.3f}s  {label}  ({len(frame)} rows)")  # type: ignore[arg-type]
    finally:
        db.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
