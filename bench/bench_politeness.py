"""Politeness-bound crawl of several local hosts: is a run as fast as its slowest host allows?

Four FixtureServer hosts (different ports = different hosts to the fetcher), each a separate
LWJ-style source with its own per-host `delay` and number of articles, crawled by
`pipeline.run.run_job` on a temporary SQLite database in rules-only NLP mode. A host's politeness
bound is its request count (robots.txt + feed + articles) times its delay; the ideal wall time of
the whole run is the largest of those bounds, since hosts are crawled concurrently.

    python bench/bench_politeness.py [--scale 1.0] [--target 1.15]

Prints per-host numbers and the ratios wall/ideal: the crawl (first to last request) and the whole
run_job call (tagger build, database setup and the final writes included). Exit status 1 when the
run_job ratio is above the target.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import settings_from_dict

# After the packages: the test folders named like them (tests/pipeline) must not shadow them.
sys.path.append(str(Path(__file__).resolve().parents[1] / "tests"))
from fixture_server import FixtureServer, mirror_source, serve_lwj_mirror

#: (delay in seconds, articles) per host; the first is the slowest host by design.
HOSTS = ((0.5, 30), (0.3, 40), (0.4, 20), (0.2, 50))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply article counts (default 1.0)")
    parser.add_argument("--target", type=float, default=1.15, help="highest acceptable run_job wall/ideal")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    servers = [FixtureServer().start() for _ in HOSTS]
    try:
        sources = {}
        for i, (server, (delay, count)) in enumerate(zip(servers, HOSTS, strict=True)):
            serve_lwj_mirror(server, max(1, round(count * args.scale)))
            sources[f"host{i + 1}"] = mirror_source(server, delay=delay)
        with tempfile.TemporaryDirectory() as tmp:
            settings = settings_from_dict({
                "database": {"url": f"sqlite:///{Path(tmp) / 'bench.db'}"},
                "http": {"per_host_delay": 3.0, "timeout": 5.0, "max_retries": 0},
                "nlp": {"model": ""},
                "sources": sources,
            }, where="bench")
            started = time.monotonic()
            report = run_job(settings, progress=LogProgress())
            wall = time.monotonic() - started
        if report.status != "ok":
            print(f"run status {report.status}: {[(s.name, s.status, dict(s.errors)) for s in report.sources]}")
            return 2
        first = min(r.time for s in servers for r in s.hits())
        last = max(r.time for s in servers for r in s.hits())
        bounds = []
        print(f"{'host':8} {'delay':>6} {'requests':>9} {'bound s':>8} {'own span s':>11} {'new':>5}")
        for i, (server, (delay, _)) in enumerate(zip(servers, HOSTS, strict=True)):
            hits = server.hits()
            bound = len(hits) * delay
            bounds.append(bound)
            span = hits[-1].time - hits[0].time
            new = report.sources[i].new
            print(f"host{i + 1:<4} {delay:6.2f} {len(hits):9d} {bound:8.2f} {span:11.2f} {new:5d}")
        ideal = max(bounds)
        crawl = last - first
        print(f"ideal (slowest host's requests x delay): {ideal:.2f} s")
        print(f"crawl wall (first to last request):      {crawl:.2f} s   ratio {crawl / ideal:.3f}")
        print(f"run_job wall (setup and writes included): {wall:.2f} s   ratio {wall / ideal:.3f}")
        print(f"sum of all hosts' bounds (sequential):    {sum(bounds):.2f} s")
        ok = wall / ideal <= args.target
        print(f"target run_job ratio <= {args.target}: {'met' if ok else 'NOT met'}")
        return 0 if ok else 1
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
