"""Pages as the real web serves them (issue 11), end to end through the local HTTP fixture server.

Fixtures (tests/fixtures/realweb/, our own text) in the styles real runs meet: an old WordPress theme
with a "today's date" header widget and byline/follow trailers, a Joomla page whose meta author is a
CMS login, a Drupal page with co-authors and a site-name title suffix, an RFE/RL-style page with media
player chrome, a windows-1256 page served as UTF-8 and unlabelled, and random bytes served as HTML.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixture_server import FixtureServer, Response
from pipeline.fetch import HttpFetcher
from pipeline.records import FetchedPage
from pipeline.settings import settings_from_dict
from scrapers.cleaning import text_problem
from scrapers.dates import DateCandidate, reconcile
from scrapers.extract import extract_article
from scrapers.feed import feed_links
from scrapers.registry import adapter_for

FIXTURES = Path(__file__).parents[1] / "fixtures" / "realweb"
PAGES = {"/2016/04/taliban-fighters-clash-4455/": ("oldwp.html", "text/html; charset=UTF-8"),
         "/kunduz-residents-report-heavy-fighting": ("joomla.html", "text/html; charset=utf-8"),
         "/afghanistan-180992": ("drupal.html", "text/html; charset=utf-8"),
         "/a/refugees-hard-winter/27700001.html": ("rferl.html", "text/html; charset=utf-8"),
         "/fa/as-utf8": ("cp1256.html", "text/html; charset=utf-8"),
         "/fa/unlabelled": ("cp1256.html", "text/html"),
         "/junk": ("garbage.bin", "text/html")}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def site(fixture_server) -> FixtureServer:
    server = fixture_server()
    for path, (name, content_type) in PAGES.items():
        body = (FIXTURES / name).read_bytes().replace(b"{base}", server.base_url.encode())
        server.route(path, Response(200, body, content_type=content_type))
    return server


def source(server: FixtureServer, **table: object):
    settings = settings_from_dict({"http": {"per_host_delay": 0.0, "backoff": 0.01, "max_retries": 0, "timeout": 5.0},
                                   "sources": {"site": {"adapter": "feed", "base_url": server.base_url, **table}}},
                                  where="tests")
    return settings, adapter_for(settings.sources["site"])


def fetch_parse(server: FixtureServer, path: str, **table: object):
    settings, adapter = source(server, **table)
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        page = fetcher.get(server.url(path))
    return page, adapter.parse(page)


def test_old_wordpress_date_widget_byline_and_trailer(site):
    _page, article = fetch_parse(site, "/2016/04/taliban-fighters-clash-4455/", drop_authors=["Khaama Press"])
    assert article.title == "Taliban fighters clash with border police in Nangarhar"
    # The header's "today" (10 May) and the footer's date never win over the byline's date.
    assert article.published.date() == datetime(2016, 4, 23).date()
    assert article.provenance["published"] == "byline"
    assert article.authors == ()  # "By Khaama Press" is the outlet
    assert not article.text.startswith("By Khaama") and "Follow Khaama" not in article.text
    assert article.text.startswith("Taliban fighters attacked")


def test_joomla_visible_byline_beats_login_meta_author(site):
    _page, article = fetch_parse(site, "/kunduz-residents-report-heavy-fighting", timezone="Asia/Kabul")
    assert article.authors == ("Faridullah Hussainkhail",)
    assert article.provenance["authors"] == "byline"
    assert article.published == utc(2016, 4, 19, 16, 11)  # 20:41 Kabul time
    # A configured selector overrides metadata.
    _page, configured = fetch_parse(site, "/kunduz-residents-report-heavy-fighting",
                                    selectors={"author": "span.rt-author"})
    assert configured.authors == ("Faridullah Hussainkhail",) and configured.provenance["authors"] == "selector"


def test_drupal_co_authors_title_suffix_and_share_line(site):
    _page, article = fetch_parse(site, "/afghanistan-180992")
    assert article.title == "Officials Say Salang Highway Reopened After Snow"
    assert article.authors == ("Sharif Amiry", "Zahra Rahimi")
    assert article.published == utc(2016, 4, 19, 4, 0) and article.provenance["published"] == "time"
    assert "Share on Facebook" not in article.text


def test_rferl_player_chrome_cut_and_agency_author_dropped(site):
    _page, article = fetch_parse(site, "/a/refugees-hard-winter/27700001.html")
    assert article.authors == ("Abubakar Siddique",)
    assert article.provenance["published"] == "json-ld"
    assert "No media source" not in article.text and "kbps" not in article.text and "Direct link" not in article.text
    assert article.text.startswith("Thousands of Afghan families")


@pytest.mark.parametrize("path", ["/fa/as-utf8", "/fa/unlabelled"])
def test_windows_1256_page_is_decoded(site, path):
    page, article = fetch_parse(site, path)
    assert page.encoding == "cp1256"
    assert "ننگرهار" in article.title and "طالبان" in article.text
    assert text_problem(article.text, article.language) is None


def test_mojibake_and_garbage_fail_the_quality_gate(site):
    page, article = fetch_parse(site, "/junk")
    assert article is None or text_problem(article.text, article.language) is not None
    wrong = dataclasses.replace(page, body=(FIXTURES / "cp1256.html").read_bytes(), encoding="cp1252")
    mojibake = extract_article(wrong, "t", language="fa")
    assert "mojibake" in text_problem(mojibake.text, "fa") or "script" in text_problem(mojibake.text, "fa")


def test_feed_autodiscovery_skips_comment_and_post_feeds(site):
    page, _ = fetch_parse(site, "/2016/04/taliban-fighters-clash-4455/")
    assert feed_links(page.body, page.url) == [site.url("/feed")]


def test_feed_date_wins_over_a_weak_page_date():
    weak = [DateCandidate(utc(2016, 5, 10), "byline")]
    assert reconcile(weak, utc(2016, 4, 23, 9)).source == "feed"
    strong = [DateCandidate(utc(2016, 4, 20), "json-ld")]
    assert reconcile(strong, utc(2016, 4, 23, 9)).source == "json-ld"  # the publisher's word is a reason
    agreeing = [DateCandidate(utc(2016, 4, 23, 4), "time"), DateCandidate(utc(2016, 5, 10), "meta")]
    assert reconcile(agreeing, utc(2016, 4, 23, 9)).source == "meta"


def test_http_url_keeps_its_scheme_and_feed_items_outside_the_pattern_are_taken(site):
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f'<item><title>x</title><link>{site.url("/en/142999/")}</link>'
            f'<pubDate>Thu, 21 Apr 2016 10:00:00 +0000</pubDate></item></channel></rss>')
    site.route("/feed", Response(200, feed.encode(), content_type="application/rss+xml"))
    settings, adapter = source(site, feeds=["/feed"], article_pattern=r"^https?://[^/]+/\d+/?$")
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        refs = list(adapter.discover(fetcher))
        assert [r.url for r in refs] == [site.url("/en/142999/")]
        _page, article = fetch_parse(site, "/afghanistan-180992")
    assert article.url.startswith("http://") and article.fetched_url is None
