"""End to end: the LWJ fixture site over HTTP -> fetch -> extract -> tag -> store, on SQLite and PostgreSQL."""

import dataclasses
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from fixture_server import lwj_settings
from models.db import open_database
from models.schema import Article, Entity, Mention, Run, RunSource
from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import DatabaseSettings, NlpSettings

#: Articles the fixture site's two feeds list, and those its listings add back to 2020 (the rest are 404s).
FEED_ARTICLES = 6
BACKFILL_ARTICLES = 5


@pytest.fixture
def settings(lwj_site, db_url):
    base = lwj_settings(lwj_site)
    return dataclasses.replace(base, database=DatabaseSettings(url=db_url), nlp=NlpSettings(model=""))


def counts(url):
    db = open_database(url)
    try:
        with db.sessions() as s:
            return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in (Article, Mention, Run)}
    finally:
        db.dispose()


def article_requests(server):
    return [r for r in server.requests if "/archives/" in r.path]


def test_run_stores_tagged_articles_and_a_second_run_adds_nothing(settings, lwj_site, db_url):
    first = run_job(settings, progress=LogProgress())
    (lwj,) = first.sources
    assert first.status == "ok", lwj
    assert lwj.new == FEED_ARTICLES and lwj.failed == 0  # exact: a lost or doubled article fails
    assert lwj.new == lwj.discovered == lwj.fetched
    fetched_pages = len(article_requests(lwj_site))
    after_first = counts(db_url)
    assert after_first["Article"] == lwj.new
    assert after_first["Mention"] > 0

    db = open_database(db_url)
    with db.sessions() as s:
        kinds = dict(s.execute(select(Mention.kind, func.count()).group_by(Mention.kind)).all())
        assert kinds.get("province", 0) > 0 and kinds.get("group", 0) > 0
        taliban = s.scalar(select(Entity).where(Entity.kind == "group", Entity.name == "Taliban"))
        assert taliban is not None and taliban.origin == "gazetteer"
        for art in s.scalars(select(Article)):
            assert art.title and art.text and art.content_hash
            assert art.published_at is not None and art.published_at.tzinfo == timezone.utc
            assert art.raw_html  # stored before extraction, so re-extraction needs no network
            assert "Are you a dedicated reader" not in art.text
        run = s.scalar(select(Run))
        assert run.status == "ok" and run.nlp_mode == "rules" and run.finished_at is not None
        assert "spacy" in run.versions
    db.dispose()

    second = run_job(settings, progress=LogProgress())
    (lwj2,) = second.sources
    assert (lwj2.new, lwj2.fetched, lwj2.failed) == (0, 0, 0)
    assert lwj2.skipped == lwj.discovered
    assert len(article_requests(lwj_site)) == fetched_pages  # nothing fetched again
    after_second = counts(db_url)
    assert after_second["Article"] == after_first["Article"]
    assert after_second["Mention"] == after_first["Mention"]
    assert after_second["Run"] == 2


def test_limit_and_refetch(settings, lwj_site, db_url, rules_tagger):
    report = run_job(settings, limit=2, progress=LogProgress(), tagger=rules_tagger)
    assert report.sources[0].new == 2
    again = run_job(settings, limit=2, refetch=True, progress=LogProgress(), tagger=rules_tagger)
    assert again.sources[0].fetched == 2 and again.sources[0].new == 0
    assert counts(db_url)["Article"] == 2


def test_backfill_since_walks_listings(settings, lwj_site, db_url, rules_tagger):
    since = datetime(2020, 1, 1, tzinfo=timezone.utc)
    report = run_job(settings, since=since, progress=LogProgress(), tagger=rules_tagger)
    assert report.sources[0].new == BACKFILL_ARTICLES
    assert any(r.path.startswith("/tags/afghanistan") for r in lwj_site.requests)
    db = open_database(db_url)
    with db.sessions() as s:
        oldest = s.scalar(select(func.min(Article.published_at)))
        row = s.scalar(select(RunSource))
        assert row.details["methods"]
    db.dispose()
    assert oldest >= since


def test_source_failing_entirely_is_reported(settings, lwj_site, db_url, rules_tagger):
    broken = dataclasses.replace(settings.sources["longwarjournal"], base_url=lwj_site.url("/nothing-here"),
                                 feeds=("/nothing-here/feed",), listings=())
    report = run_job(dataclasses.replace(settings, sources={"longwarjournal": broken}),
                     progress=LogProgress(), tagger=rules_tagger)
    assert report.any_source_failed and report.status == "failed"
    assert "discovery failed" in report.sources[0].message


def test_backfill_over_a_date_range_stores_only_articles_inside_it(settings, db_url, rules_tagger):
    from pipeline.dates import parse_since, parse_until

    everything = run_job(settings, since=datetime(2020, 1, 1, tzinfo=timezone.utc), progress=LogProgress(),
                         tagger=rules_tagger)
    db = open_database(db_url)
    with db.sessions() as s:
        dates = sorted(s.scalars(select(Article.published_at)))
        s.execute(Article.__table__.delete())
        s.commit()
    db.dispose()
    assert len(dates) == everything.sources[0].new == BACKFILL_ARTICLES
    since, until = parse_since(dates[1].date().isoformat()), parse_until(dates[-2].date().isoformat())
    report = run_job(settings, since=since, until=until, progress=LogProgress(), tagger=rules_tagger)
    inside = [d for d in dates if since <= d <= until]
    assert report.sources[0].new == len(inside) < len(dates)
    # Newer articles are discovered and dropped; the listing walk stops before the older ones.
    assert report.sources[0].counts()["out_of_range"] >= len([d for d in dates if d > until]) > 0


def test_until_is_the_end_of_the_day():
    from pipeline.dates import parse_until

    assert parse_until("2024-05-31") == datetime(2024, 5, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
    assert parse_until("2024-05-31T12:00+00:00") == datetime(2024, 5, 31, 12, tzinfo=timezone.utc)
