"""Politeness across workers: two worker processes crawling four hosts keep every host's delay, measured
on the hosts' own request logs (robots.txt, feeds and article pages, whichever worker asked)."""

from __future__ import annotations

import itertools

import pytest
from cluster import STATE, Cluster, pg_database, services_missing
from fixture_server import FixtureServer, mirror_source, serve_lwj_mirror

from pipeline.distributed.state import JobState, connect

MISSING = services_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"distributed tests need {MISSING}")

HOSTS = 4
ARTICLES = 5
DELAY = 0.3


def test_two_workers_keep_each_hosts_delay(tmp_path):
    servers = [FixtureServer().start() for _ in range(HOSTS)]
    db = pg_database()
    cluster = None
    try:
        for server in servers:
            serve_lwj_mirror(server, ARTICLES)
        config = {"http": {"per_host_delay": DELAY, "timeout": 5.0, "max_retries": 1},
                  "sources": {f"site{n}": mirror_source(s, f"site{n}") for n, s in enumerate(servers)}}
        cluster = Cluster(tmp_path, config, next(db))
        cluster.start_workers(2)
        result = cluster.frontwatch("run", "--distributed")
        assert result.returncode == 0, result.stdout + result.stderr + cluster.worker_log()
        job = int(result.stderr.strip().splitlines()[-1].split()[1])
        wall = JobState(connect(STATE), cluster.prefix, job).snapshot().elapsed  # first task sent to the last done
        logs = [p.read_text() for p in cluster.logs]
        assert all("frontwatch.fetch" in log for log in logs), "both workers fetched articles"
        for server in servers:
            times = sorted(r.time for r in server.requests)
            # robots.txt once per worker process, the feed, every article
            assert len(times) >= 1 + 1 + ARTICLES, [r.path for r in server.requests]
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert min(gaps) >= DELAY - 0.005, (server.base_url, [round(g, 3) for g in gaps])
        # The hosts were crawled side by side, not one after another: the crawl (first request to last, over
        # all hosts) is shorter than the hosts' politeness bounds one after the other.
        first = min(r.time for s in servers for r in s.requests)
        last = max(r.time for s in servers for r in s.requests)
        in_turn = sum((len(s.requests) - 1) * DELAY for s in servers)
        assert last - first < 0.8 * in_turn, (last - first, in_turn)
        print(f"{HOSTS} hosts, 2 workers: crawl {last - first:.2f} s (job {wall:.2f} s); one host's bound "
              f"{max(len(s.requests) - 1 for s in servers) * DELAY:.2f} s, all in turn {in_turn:.2f} s")
    finally:
        if cluster is not None:
            cluster.stop()
        db.close()
        for server in servers:
            server.stop()
