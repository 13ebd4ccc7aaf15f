"""Politeness end to end through `run_job` on the LWJ fixture site: conditional GETs, user agent,
robots.txt skips and the per-source request cap."""

from __future__ import annotations

import dataclasses
from itertools import pairwise

import pytest
from fixture_server import cached, lwj_settings, status
from sqlalchemy import select

from models.db import open_database
from models.schema import RunError, UrlState
from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import DatabaseSettings, NlpSettings

FEEDS = ("/feed", "/tags/afghanistan/feed")
CONTACT = "ops-desk@example.org"


@pytest.fixture
def settings(lwj_site, db_url):
    base = lwj_settings(lwj_site, contact=CONTACT)
    return dataclasses.replace(base, database=DatabaseSettings(url=db_url), nlp=NlpSettings(model=""),
                               http=dataclasses.replace(base.http, retry_backoff=0.0))


def serve_feeds_with_validators(site, *, etag=True, extra_item: str | None = None):
    """The fixture feeds, answering If-None-Match / If-Modified-Since with 304 (like WordPress does)."""
    for path in FEEDS:
        body = site.static(path).body
        if extra_item is not None:
            body = body.replace(b"<item>", extra_item.encode() + b"<item>", 1)
        site.route(path, cached(body, etag=None if etag else False, last_modified="Fri, 13 Sep 2024 11:00:00 GMT",
                                content_type="application/rss+xml; charset=UTF-8"))


def url_states(db_url):
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            return {row.url: row for row in s.scalars(select(UrlState))}
    finally:
        db.dispose()


def test_second_run_on_an_unchanged_site_makes_one_cheap_request_per_feed(settings, lwj_site, db_url,
                                                                          rules_tagger):
    serve_feeds_with_validators(lwj_site)
    first = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert first.status == "ok" and first.new == 6
    states = url_states(db_url)
    for path in FEEDS:
        stored = states[lwj_site.url(path)]
        assert stored.etag and stored.last_modified == "Fri, 13 Sep 2024 11:00:00 GMT"  # kept for the next run

    lwj_site.reset()
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    paths = lwj_site.paths()
    # robots.txt (once per run and host) and one conditional GET per feed; nothing else.
    assert sorted(paths) == sorted(["/robots.txt", *FEEDS])
    for path in FEEDS:
        (hit,) = lwj_site.hits(path)
        assert hit.headers["if-none-match"] == states[lwj_site.url(path)].etag
        assert hit.headers["if-modified-since"] == "Fri, 13 Sep 2024 11:00:00 GMT"
    assert second.not_modified == len(FEEDS) and second.requests == len(FEEDS)
    assert (second.discovered, second.fetched, second.new, second.failed) == (0, 0, 0, 0)
    assert second.status == "ok"  # "nothing new" is not a failure


def test_last_modified_alone_is_enough(settings, lwj_site, db_url, rules_tagger):
    serve_feeds_with_validators(lwj_site, etag=False)
    run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    lwj_site.reset()
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert second.not_modified == len(FEEDS)
    assert all("if-none-match" not in h.headers for h in lwj_site.hits(FEEDS[0]))


def test_a_changed_feed_is_read_again_and_only_the_new_article_fetched(settings, lwj_site, db_url,
                                                                       rules_tagger):
    serve_feeds_with_validators(lwj_site)
    first = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    new_path = "/archives/2024/08/taliban-reshuffle-leadership-in-baghlan-2.php"
    lwj_site.route(new_path, lambda _r: lwj_site.static("/archives/2024/08/taliban-reshuffle-leadership-in-baghlan.php"))
    item = (f"<item><title>Second reshuffle</title><link>{lwj_site.base_url}{new_path}</link>"
            "<pubDate>Sat, 14 Sep 2024 10:00:00 +0000</pubDate></item>\n  ")
    serve_feeds_with_validators(lwj_site, extra_item=item)  # new bodies, new ETags
    lwj_site.reset()
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    articles = [p for p in lwj_site.paths() if p.startswith("/archives/")]
    assert articles == [new_path]
    assert second.not_modified == 0 and second.skipped == first.discovered
    assert second.fetched == 1 and second.failed == 0


def test_truthful_user_agent_with_contact_on_every_request(settings, lwj_site, rules_tagger):
    run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    agents = {r.headers.get("user-agent") for r in lwj_site.hits()}
    assert agents == {settings.user_agent}
    (agent,) = agents
    assert agent.startswith("frontwatch/") and CONTACT in agent
    assert not any(browser in agent for browser in ("Mozilla", "Chrome", "Safari"))


def test_robots_disallowed_article_is_recorded_as_skipped_and_never_fetched(settings, lwj_site, db_url,
                                                                            rules_tagger):
    disallowed = "/archives/2024/08/"
    lwj_site.route("/robots.txt", status(200, f"User-agent: *\nDisallow: {disallowed}\n", content_type="text/plain"))
    report = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert not [p for p in lwj_site.paths() if p.startswith(disallowed)]
    states = {u: s for u, s in url_states(db_url).items() if disallowed in u}
    assert states and all((s.status, s.reason) == ("robots", "robots") for s in states.values())
    assert report.skipped == len(states) and report.failed == 0 and report.status == "ok"
    lwj_site.reset()
    again = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert not [p for p in lwj_site.paths() if p.startswith(disallowed)]  # still skipped, still not fetched
    assert again.skipped >= len(states)


def test_per_source_request_cap_stops_the_source_and_the_next_run_continues(settings, lwj_site, db_url,
                                                                            rules_tagger):
    source = dataclasses.replace(settings.sources["longwarjournal"], max_requests=4)
    capped = dataclasses.replace(settings, sources={"longwarjournal": source})
    first = run_job(capped, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert first.requests == 4  # two feeds and two articles; robots.txt is the fetcher's, not counted
    assert first.new == 2 and "request cap of 4" in first.message and first.status == "partial"
    article_hits = [p for p in lwj_site.paths() if p.startswith("/archives/")]
    assert len(article_hits) == 2
    db = open_database(db_url)
    with db.sessions() as s:
        assert s.scalar(select(RunError).where(RunError.reason == "request_cap")) is None  # a stop, not an error
    db.dispose()
    second = run_job(capped, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert second.new == 2 and second.skipped == 2
    assert len([p for p in lwj_site.paths() if p.startswith("/archives/")]) == 4  # no article fetched twice


def test_a_sources_own_delay_spaces_its_requests(settings, lwj_site, rules_tagger):
    assert settings.http.per_host_delay == 0.0
    source = dataclasses.replace(settings.sources["longwarjournal"], delay=0.15)
    report = run_job(dataclasses.replace(settings, sources={"longwarjournal": source}),
                     progress=LogProgress(), tagger=rules_tagger)
    assert report.sources[0].new == 6
    times = [r.time for r in lwj_site.hits()]
    assert len(times) >= 8
    assert min(b - a for a, b in pairwise(times)) >= 0.14  # robots.txt, feeds and articles alike


def test_a_failed_article_is_retried_even_when_the_feed_is_unchanged(settings, lwj_site, db_url,
                                                                     rules_tagger):
    serve_feeds_with_validators(lwj_site)
    broken = "/archives/2024/08/taliban-reshuffle-leadership-in-baghlan.php"
    lwj_site.route(broken, status(503, "busy", headers={"Retry-After": "0"}))
    first = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert first.failed == 1
    lwj_site.routes.pop(0)  # the fault is cleared; the feeds are unchanged (304)
    lwj_site.reset()
    second = run_job(settings, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert broken in lwj_site.paths() and second.new == 1 and second.retried == 1


def test_the_global_request_cap_is_reported_and_a_backfill_has_none(settings, lwj_site, db_url, rules_tagger):
    from datetime import datetime, timezone

    capped = dataclasses.replace(settings, http=dataclasses.replace(settings.http, max_requests_per_source=3))
    first = run_job(capped, progress=LogProgress(), tagger=rules_tagger).sources[0]
    assert first.requests == 3 and first.status == "partial"
    assert "request cap of 3" in first.message and "max_requests_per_source" in first.message
    backfill = run_job(capped, progress=LogProgress(), tagger=rules_tagger,
                       since=datetime(2000, 1, 1, tzinfo=timezone.utc)).sources[0]
    assert backfill.requests > 3 and "request cap" not in (backfill.message or "")
    assert first.new + backfill.new == 6  # every article of the mirror, none twice
