"""Distributed runs against the real services: retag throughput with 1 and 2 workers, and a 50-host crawl.

    python bench/bench_distributed.py [--articles 20000] [--hosts 50] [--delay 0.5] [--per-host 6]

Needs PostgreSQL (FRONTWATCH_TEST_DATABASE_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test, used to
create and drop a scratch database), RabbitMQ on 127.0.0.1:5672 and Redis on 127.0.0.1:6379.

Retag: a synthetic store of at least `--articles` articles (bench/demo_data.py) is re-tagged by
`retag_job` in this process, then by `frontwatch retag --distributed` with one and with two worker
processes (`frontwatch worker --concurrency 1` each), timed from the first chunk sent to the last done.
Rules-only NLP unless `--model` names a spaCy model.

Crawl: `--hosts` local hosts (FixtureServer, one port each), each an LWJ-style source with `--per-host`
articles and a per-host delay, crawled by `frontwatch run --distributed` with two workers of
`--crawl-concurrency` processes. A host's politeness bound is its request count times the delay; the
crawl cannot beat the largest bound. Prints wall/bound and checks every host's request gaps.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.append(str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.append(str(Path(__file__).resolve().parents[1] / "tests" / "distributed"))

from cluster import STATE, Cluster, services_missing
from fixture_server import FixtureServer, mirror_source, serve_lwj_mirror

ADMIN = os.environ.get("FRONTWATCH_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class ScratchDatabase:
    """A PostgreSQL database made for the bench and dropped after it."""

    def __init__(self) -> None:
        self.name = f"fw_bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(ADMIN).set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def _job_elapsed(cluster: Cluster, output: str) -> float:
    from pipeline.distributed.state import JobState, connect

    job = int(output.strip().splitlines()[-1].split()[1])
    return JobState(connect(STATE), cluster.prefix, job).snapshot().elapsed


def bench_retag(args: argparse.Namespace, workdir: Path) -> None:
    import demo_data

    from pipeline.progress import LogProgress
    from pipeline.retag import retag_job
    from pipeline.settings import settings_from_dict

    db = ScratchDatabase()
    try:
        mentions = int(args.articles * 8.2) + 1000  # demo_data makes about 8 mentions per article
        counts = demo_data.build(db.url, mentions)
        words = _words(db.url)
        print(f"store: {counts['articles']} articles ({words / counts['articles']:.0f} words each), "
              f"{counts['mentions']} mentions", flush=True)
        config = {"nlp": {"model": args.model}, "queue": {"retag_chunk": args.chunk}}
        settings = settings_from_dict({**config, "database": {"url": db.url}}, where="bench")
        started = time.perf_counter()
        report = retag_job(settings, progress=LogProgress())
        single = time.perf_counter() - started
        n = report.articles
        print(f"single process: {n} articles in {single:.1f} s = {n / single:.0f} articles/s "
              f"({words / single:.0f} words/s)", flush=True)
        results = {}
        for workers in (1, 2):
            cluster = Cluster(workdir / f"retag{workers}", config, db.url)
            try:
                cluster.start_workers(workers)
                result = cluster.frontwatch("retag", "--distributed", timeout=3600)
                assert result.returncode == 0, result.stdout + result.stderr + cluster.worker_log()
                elapsed = _job_elapsed(cluster, result.stderr)
                results[workers] = elapsed
                print(f"distributed, {workers} worker(s): {elapsed:.1f} s = {n / elapsed:.0f} articles/s "
                      f"({single / elapsed:.2f}x the single process)", flush=True)
            finally:
                cluster.stop()
        print(f"scaling 1 -> 2 workers: {results[1] / results[2]:.2f}x; 2 workers vs single process: "
              f"{single / results[2]:.2f}x", flush=True)
    finally:
        db.drop()


def _words(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT SUM(array_length(regexp_split_to_array(text, '\\s+'), 1)) "
                                  "FROM articles")).scalar()
    engine.dispose()
    return int(total or 0)


def bench_crawl(args: argparse.Namespace, workdir: Path) -> None:
    servers = [FixtureServer().start() for _ in range(args.hosts)]
    db = ScratchDatabase()
    cluster = None
    try:
        for server in servers:
            serve_lwj_mirror(server, args.per_host)
        config = {"http": {"per_host_delay": args.delay, "timeout": 10.0, "max_retries": 1},
                  "nlp": {"model": args.model},
                  "sources": {f"host{n:02d}": mirror_source(s, f"host{n:02d}") for n, s in enumerate(servers)}}
        cluster = Cluster(workdir / "crawl", config, db.url)
        cluster.start_workers(2, concurrency=args.crawl_concurrency)
        result = cluster.frontwatch("run", "--distributed", timeout=3600)
        assert result.returncode == 0, result.stdout + result.stderr + cluster.worker_log()
        job = _job_elapsed(cluster, result.stderr)
        first = min(r.time for s in servers for r in s.requests)
        last = max(r.time for s in servers for r in s.requests)
        bound = max(len(s.requests) - 1 for s in servers) * args.delay
        in_turn = sum((len(s.requests) - 1) * args.delay for s in servers)
        gaps = [b - a for s in servers for a, b in itertools.pairwise(sorted(r.time for r in s.requests))]
        requests = sum(len(s.requests) for s in servers)
        print(f"crawl: {args.hosts} hosts x {args.per_host} articles, delay {args.delay} s, 2 workers x "
              f"{args.crawl_concurrency} processes: {requests} requests", flush=True)
        print(f"  crawl {last - first:.1f} s (job {job:.1f} s) for a politeness bound of {bound:.1f} s per host: "
              f"wall/bound {(last - first) / bound:.2f} (job {job / bound:.2f}); the hosts in turn would take "
              f"{in_turn:.0f} s", flush=True)
        print(f"  smallest gap between two requests to one host: {min(gaps):.3f} s (delay {args.delay} s): "
              f"{'kept' if min(gaps) >= args.delay - 0.005 else 'BROKEN'}", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
        db.drop()
        for server in servers:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=500, help="articles per retag task")
    parser.add_argument("--model", default="", help="spaCy model for the tagger ('' = rules only)")
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=6)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--crawl-concurrency", type=int, default=4)
    parser.add_argument("--only", choices=["retag", "crawl"], default=None)
    args = parser.parse_args(argv)
    missing = services_missing()
    if missing:
        print(f"cannot run: {missing} did not answer", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for name, bench in (("retag", bench_retag), ("crawl", bench_crawl)):
            if args.only in (None, name):
                (Path(tmp) / name).mkdir()
                bench(args, Path(tmp) / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
