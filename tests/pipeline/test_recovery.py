"""Crashes, overlapping runs and misbehaving sites: nothing lost, nothing stored twice."""

import dataclasses
import re
import signal
import subprocess
import time

import pytest
from sqlalchemy import func, select

from child import FRONTWATCH, child_env, mirror_config
from fixture_server import Response, lwj_settings
from models.db import open_database
from models.lock import LockedError, run_lock
from models.schema import Article, Mention, Run, RunError, UrlState
from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import DatabaseSettings, NlpSettings

ARTICLE = re.compile(r"/archives/.*")
TIMEOUT = 0.5  # seconds: the read timeout of the fault run, which a "slow" page outlasts


def settings_for(server, db_url, **database):
    base = lwj_settings(server)
    return dataclasses.replace(base, database=DatabaseSettings(url=db_url, **database), nlp=NlpSettings(model=""),
                               http=dataclasses.replace(base.http, retry_backoff=0.0))


def stored(db_url):
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            urls = list(s.scalars(select(Article.url)))
            untagged = s.scalar(select(func.count()).select_from(Article).where(Article.tagged_at.is_(None)))
            mentions = s.scalar(select(func.count()).select_from(Mention))
            runs = dict(s.execute(select(Run.id, Run.status)).all())
        return urls, untagged, mentions, runs
    finally:
        db.dispose()


def test_kill_9_mid_run_leaves_a_consistent_database_and_the_next_run_finishes(tmp_path, lwj_site, db_url,
                                                                               rules_tagger):
    reference = settings_for(lwj_site, f"sqlite:///{tmp_path / 'reference.db'}")
    expected = run_job(reference, progress=LogProgress(), tagger=rules_tagger).sources[0].new
    assert expected == 6  # the fixture feeds list six articles

    def slow(_request):
        time.sleep(0.4)
        return None  # then serve the fixture page

    lwj_site.route(ARTICLE, slow)
    config = mirror_config(tmp_path, lwj_site, db_url, listings=())
    proc = subprocess.Popen([*FRONTWATCH, "run", "--config", str(config)], env=child_env(), cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                if len(stored(db_url)[0]) >= 2:
                    break
            except Exception:
                continue  # schema not created yet
        else:
            pytest.fail("the run stored nothing within 60 s")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    urls, untagged, _, runs = stored(db_url)
    assert 2 <= len(urls) < expected
    assert untagged == 0  # every stored article came with its mentions
    assert list(runs.values()) == ["running"]

    lwj_site.routes.clear()
    report = run_job(settings_for(lwj_site, db_url), progress=LogProgress(), tagger=rules_tagger)
    urls_after, untagged, _, runs = stored(db_url)
    assert report.sources[0].new == expected - len(urls)
    assert len(urls_after) == len(set(urls_after)) == expected
    assert untagged == 0
    assert sorted(runs.values()) == ["interrupted", "ok"]


def test_a_second_run_exits_clearly_while_the_first_holds_the_lock(lwj_site, db_url, rules_tagger):
    settings = settings_for(lwj_site, db_url)
    db = open_database(db_url)
    try:
        with run_lock(db, wait=False):
            with pytest.raises(LockedError, match="another frontwatch run"):
                run_job(settings, progress=LogProgress(), tagger=rules_tagger)
            waiting = settings_for(lwj_site, db_url, on_locked="wait", lock_timeout=0.5)
            started = time.monotonic()
            with pytest.raises(LockedError, match="after waiting"):
                run_job(waiting, progress=LogProgress(), tagger=rules_tagger)
            assert time.monotonic() - started >= 0.5
        assert run_job(settings, progress=LogProgress(),
                       tagger=rules_tagger).status == "ok"  # the lock is free again
    finally:
        db.dispose()


def faulty(kind):
    """A handler that misbehaves in one way."""
    def handle(request):
        if kind == "503":
            return Response(503, b"busy", headers={"Retry-After": "0"})
        if kind == "404":
            return Response(404, b"gone")
        if kind == "403":
            return Response(403, b"no")
        if kind == "empty":
            return Response(200, b"<html><head><title>x</title></head><body></body></html>")
        if kind == "slow":
            time.sleep(3 * TIMEOUT)  # well past the client's timeout
            return None
        raise AssertionError(kind)
    return handle


def test_faulty_pages_are_recorded_by_class_and_the_next_run_fetches_exactly_the_missing(lwj_site, db_url,
                                                                                         rules_tagger):
    settings = settings_for(lwj_site, db_url)
    settings = dataclasses.replace(settings, http=dataclasses.replace(settings.http, timeout=TIMEOUT,
                                                                      max_retries=1))
    assert run_job(settings, progress=LogProgress(), tagger=rules_tagger, limit=1).sources[0].new == 1
    article_paths = {r.path for r in lwj_site.requests if "/archives/" in r.path}
    # The remaining articles: the first five requested misbehave, one way each; any others are fine.
    kinds = ["503", "404", "403", "empty", "slow"]
    lwj_site.reset()
    bad = {}

    def misbehave(request):
        if request.path in article_paths:
            return None
        kind = bad.setdefault(request.path, kinds[len(bad) % len(kinds)] if len(bad) < len(kinds) else "ok")
        return None if kind == "ok" else faulty(kind)(request)

    lwj_site.route(ARTICLE, misbehave)
    first = run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    report = first.sources[0]
    failing = {p for p, k in bad.items() if k != "ok"}
    assert report.failed == len(failing) == min(len(kinds), len(bad))
    assert report.new == len(bad) - len(failing)
    assert report.errors["server_error"] == 1 and report.errors["not_found"] == 1
    assert report.errors["blocked"] == 1 and report.errors["no_article"] == 1 and report.errors["timeout"] == 1
    db = open_database(db_url)
    with db.sessions() as s:
        states = {u.split("/archives/")[1]: (st.status, st.reason) for u, st in
                  ((st.url, st) for st in s.scalars(select(UrlState))) if "/archives/" in u}
        assert s.scalar(select(func.count()).select_from(RunError)) >= len(failing)
    db.dispose()
    assert sorted(s for s, _ in states.values() if s != "fetched") == sorted(
        ["failed", "permanent", "failed", "no_article", "failed"])

    lwj_site.routes.clear()
    lwj_site.reset()
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    refetched = {r.path for r in lwj_site.requests if "/archives/" in r.path}
    retryable = {p for p in failing if bad[p] in ("503", "403", "slow")}
    assert refetched == retryable  # 404 and not-an-article pages are not fetched again
    assert second.new == len(retryable) and second.failed == 0
