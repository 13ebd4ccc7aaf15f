"""Distributed runs on real services: Celery workers on RabbitMQ, Redis for shared state, PostgreSQL as the store.

The same fixture sites are crawled by a single-process run (`run_job`, SQLite) and by `frontwatch run
--distributed` with two worker processes; both must store exactly the same articles, mentions and events.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from cluster import Cluster, pg_database, services_missing
from compare import stored, totals
from fixture_server import FixtureServer, mirror_source, serve_lwj_mirror

from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import settings_from_dict

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MISSING = services_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"distributed tests need {MISSING}")

MIRRORS = 3
MIRROR_ARTICLES = 6


@pytest.fixture(scope="module")
def sites():
    """The LWJ fixture site and three generated mirrors, each its own host (127.0.0.1:<port>)."""
    servers = [FixtureServer(FIXTURES / "lwj").start()]
    for _ in range(MIRRORS):
        server = FixtureServer().start()
        serve_lwj_mirror(server, MIRROR_ARTICLES)
        servers.append(server)
    yield servers
    for server in servers:
        server.stop()


def config_for(servers: list[FixtureServer], **http: float) -> dict:
    """Sources on the sites; retag chunks of 5 articles, so even this small store makes several tasks."""
    with open(Path(__file__).resolve().parents[2] / "config.toml", "rb") as fh:
        lwj = dict(tomllib.load(fh)["sources"]["longwarjournal"])
    lwj["base_url"] = servers[0].base_url
    sources = {"longwarjournal": lwj}
    for n, server in enumerate(servers[1:], 1):
        sources[f"mirror{n}"] = mirror_source(server, f"mirror{n}")
    # max_time bounds how long a host stays taken by a request of a killed worker (the busy key's expiry).
    return {"http": {"per_host_delay": 0.0, "backoff": 0.01, "max_backoff": 0.05, "max_retries": 1,
                     "timeout": 5.0, "max_time": 5.0, **http},
            "nlp": {"model": ""}, "queue": {"retag_chunk": 5}, "sources": sources}


@pytest.fixture(scope="module")
def baseline(sites, tmp_path_factory, rules_tagger):
    """What a single-process run stores from the sites."""
    path = tmp_path_factory.mktemp("single") / "single.db"
    settings = settings_from_dict({**config_for(sites), "database": {"url": f"sqlite:///{path}"}}, where="tests")
    report = run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    assert report.status == "ok", report
    snapshot = stored(f"sqlite:///{path}")
    assert totals(snapshot)["articles"] == 6 + MIRRORS * MIRROR_ARTICLES
    assert totals(snapshot)["mentions"] > 0 and totals(snapshot)["events"] > 0
    return snapshot


@pytest.fixture
def pg_url():
    gen = pg_database()
    url = next(gen)
    yield url
    gen.close()


@pytest.fixture
def cluster(tmp_path, sites, pg_url):
    made: list[Cluster] = []

    def make(**http: float) -> Cluster:
        made.append(Cluster(tmp_path, config_for(sites, **http), pg_url))
        return made[-1]

    yield make
    for c in made:
        c.stop()


def run_sources(url: str, run_id: int) -> list:
    from sqlalchemy import select

    from models.db import open_database
    from models.schema import RunSource

    db = open_database(url, migrate_schema=False)
    try:
        with db.sessions() as s:
            return list(s.scalars(select(RunSource).where(RunSource.run_id == run_id)))
    finally:
        db.dispose()


def _job_id(output: str) -> int:
    return int(output.split("job ", 1)[1].split()[0])


def test_distributed_run_stores_what_a_single_process_run_stores_and_a_second_adds_nothing(cluster, baseline,
                                                                                           pg_url):
    c = cluster()
    c.start_workers(2)
    first = c.frontwatch("run", "--distributed")
    assert first.returncode == 0, first.stdout + first.stderr + c.worker_log()
    assert "finished" in first.stderr and "failed 0" in first.stderr
    assert stored(pg_url) == baseline  # the same articles, mentions and events, nothing twice
    for name in ("longwarjournal", "mirror1"):
        assert name in first.stdout  # the run's table, as a single-process run prints it

    second = c.frontwatch("run", "--distributed")
    assert second.returncode == 0, second.stdout + second.stderr + c.worker_log()
    assert stored(pg_url) == baseline
    rows = run_sources(pg_url, _job_id(second.stderr.splitlines()[-1]))
    assert len(rows) == 1 + MIRRORS and all(r.status == "ok" for r in rows)
    assert sum(r.new for r in rows) == 0 and sum(r.fetched for r in rows) == 0  # nothing fetched again
    # (the mirrors' feeds answer 304 to the conditional GET the first run's validators allow: nothing to skip)
    assert sum(r.skipped for r in rows) == 6 and sum(r.details["not_modified"] for r in rows) == MIRRORS

    # The scheduler's daily job, sent to the workers: nothing new, every source read (exit status 0).
    scheduled = subprocess.run([sys.executable, str(ROOT / "scheduled_run.py"), "--once", "--distributed",
                                "--config", str(c.config)], capture_output=True, text=True, env=c.env(),
                               cwd=c.dir, timeout=90, check=False)
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr + c.worker_log()
    assert "finished with status ok" in scheduled.stderr
    assert stored(pg_url) == baseline

    retag = c.frontwatch("retag", "--distributed")  # chunks of [queue] retag_chunk ids, same tagger
    assert retag.returncode == 0, retag.stdout + retag.stderr + c.worker_log()
    assert f"retag: {totals(baseline)['articles']} articles, 0 changed" in " ".join(retag.stdout.split())
    assert stored(pg_url) == baseline

    status = c.frontwatch("status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert f"{c.prefix}.crawl" in status.stdout and f"{c.prefix}.retag" in status.stdout
    assert f"{c.prefix}-w0@" in status.stdout and f"{c.prefix}-w1@" in status.stdout
    assert "workers (2)" in status.stdout
    assert "no distributed job running" in status.stdout and "finished" in status.stdout
    assert "guest:***@" in status.stdout and "guest:guest" not in status.stdout


def test_a_worker_killed_mid_run_loses_nothing(cluster, baseline, pg_url):
    # A small delay per host makes the run last long enough to kill a worker in the middle of it.
    c = cluster(per_host_delay=0.1)
    c.start_workers(2)
    started = c.frontwatch("run", "--distributed", "--detach")
    assert started.returncode == 0, started.stdout + started.stderr
    job = _job_id(started.stdout)
    from pipeline.distributed.state import JobState, connect

    state = JobState(connect(c_state(c)), c.prefix, job)
    victim = random.randrange(2)
    kill_at = random.randint(3, 4 + MIRRORS * MIRROR_ARTICLES // 2)  # tasks done before the kill
    deadline = time.monotonic() + 60
    while state.snapshot().done < kill_at:
        assert time.monotonic() < deadline, state.snapshot().line() + c.worker_log()
        time.sleep(0.02)
    before = state.snapshot()
    c.kill(victim)
    deadline = time.monotonic() + 120
    while state.snapshot().status != "finished":
        assert time.monotonic() < deadline, state.snapshot().line() + c.worker_log()
        time.sleep(0.2)
    after = state.snapshot()
    print(f"killed worker {victim} at {before.line()}; then {after.line()}")
    assert before.done < after.done == after.queued
    assert stored(pg_url) == baseline  # nothing lost, nothing stored twice


def c_state(c: Cluster) -> str:
    from cluster import STATE

    return STATE
