"""The Long War Journal adapter against the fixture site served on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixture_server import status

from pipeline.errors import BlockedError
from pipeline.fetch import HttpFetcher
from pipeline.records import FetchedPage
from scrapers.lwj import LongWarJournal, listing_entries
from scrapers.registry import adapter_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lwj"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["articles"]
JUNK = (
    "Are you a dedicated reader",  # donation appeal
    "Senior Fellow at the Foundation",  # author bio
    "senior research analyst",  # author bio (plain paragraph)
    "Tags:",
    "Share this",
    "Facebook",
    "Related",
    "Leave a Reply",
    "says:",
    "thoughts on",
    "Post Comment",
    "Recent Posts",
    "File photo",  # image caption
    "nitro",
)


@pytest.fixture
def adapter(lwj_config) -> LongWarJournal:
    found = adapter_for(lwj_config.source("longwarjournal"))
    assert isinstance(found, LongWarJournal)
    return found


@pytest.fixture
def fetcher(lwj_config):
    with HttpFetcher(lwj_config.http, lwj_config.user_agent) as client:
        yield client


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def relative(url: str, site) -> str:
    return url.removeprefix(site.base_url)


# -- discovery: feeds ------------------------------------------------------------------------------------


def test_feed_discovery_dedupes_and_sorts(adapter, fetcher, lwj_site):
    refs = list(adapter.discover(fetcher))
    paths = [relative(r.url, lwj_site) for r in refs]
    assert len(paths) == 6  # 6 items in /feed; the tag feed repeats three of them (one with ?utm_...)
    assert paths[0] == "/archives/2024/09/shabaab-attack-in-mogadishu.php"
    assert set(paths) == {e["path"] for e in EXPECTED}  # every feed item has a fixture page
    published = [r.published for r in refs]
    assert published == sorted(published, reverse=True)
    assert all(r.via == "feed" and r.source == "longwarjournal" for r in refs)
    kunar = next(r for r in refs if "kunar" in r.url)
    assert kunar.title == "Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives"
    assert kunar.published == utc(2024, 7, 30, 15, 0)
    assert set(lwj_site.paths()) == {"/robots.txt", "/feed", "/tags/afghanistan/feed"}


def test_feed_discovery_respects_limit(adapter, fetcher):
    assert len(list(adapter.discover(fetcher, limit=2))) == 2


def test_feed_not_modified_yields_nothing_new(adapter, fetcher, lwj_site):
    lwj_site.route("/feed", status(304, content_type=None))
    lwj_site.route("/tags/afghanistan/feed", status(304, content_type=None))
    assert list(adapter.discover(fetcher)) == []


def test_one_broken_feed_does_not_stop_discovery(adapter, fetcher, lwj_site):
    lwj_site.route("/tags/afghanistan/feed", status(404))
    assert len(list(adapter.discover(fetcher))) == 6


def test_lenient_feed_parsing(adapter, fetcher, lwj_site):
    broken = (FIXTURES / "feed" / "index.xml").read_text(encoding="utf-8").replace("</channel>", "")
    lwj_site.route("/feed", status(200, broken.replace("{base}", lwj_site.base_url),
                                   content_type="application/rss+xml"))
    assert len(list(adapter.discover(fetcher))) == 6


def test_blocked_feed_is_raised(adapter, fetcher, lwj_site):
    lwj_site.route("/feed", status(403))
    with pytest.raises(BlockedError):
        list(adapter.discover(fetcher))


# -- discovery: listings (backfill) ----------------------------------------------------------------------


def test_backfill_stops_at_first_all_older_page(adapter, fetcher, lwj_site):
    refs = list(adapter.discover(fetcher, since=utc(2024, 6, 1)))
    assert [relative(r.url, lwj_site) for r in refs] == [e["path"] for e in EXPECTED[:4]]
    assert all(r.via == "listing" and r.published and r.published >= utc(2024, 6, 1) for r in refs)
    assert refs[0].title == EXPECTED[0]["title"]
    pages = [p for p in lwj_site.paths() if p.startswith("/tags/")]
    assert pages == ["/tags/afghanistan", "/tags/afghanistan/page/2"]  # page 3 never fetched


def test_backfill_reads_further_pages_when_needed(adapter, fetcher, lwj_site):
    refs = list(adapter.discover(fetcher, since=utc(2024, 2, 1)))
    paths = [relative(r.url, lwj_site) for r in refs]
    assert len(paths) == 6 and paths[-1] == EXPECTED[4]["path"]
    assert "/archives/2024/01/taliban-deny-foreign-fighters-in-afghanistan.php" not in paths
    assert "/tags/afghanistan/page/3" in lwj_site.paths()
    assert "/tags/afghanistan/page/4" not in lwj_site.paths()


def test_backfill_ends_at_404_past_last_page(adapter, fetcher, lwj_site):
    refs = list(adapter.discover(fetcher, since=utc(2015, 1, 1)))
    assert len(refs) == 9
    by_path = {relative(r.url, lwj_site): r for r in refs}
    # page 3: a date only as text ("Posted November 20, 2023": midnight US Eastern), and no date at all
    assert by_path["/archives/2023/11/pakistan-begins-mass-deportation-of-afghans.php"].published == utc(
        2023, 11, 20, 5, 0)
    assert by_path["/archives/2023/06/islamic-state-kills-badakhshan-deputy-governor.php"].published is None
    assert lwj_site.paths()[-1] == "/tags/afghanistan/page/4"


def test_backfill_limit_stops_fetching(adapter, fetcher, lwj_site):
    assert len(list(adapter.discover(fetcher, since=utc(2015, 1, 1), limit=3))) == 3
    assert [p for p in lwj_site.paths() if p.startswith("/tags/")] == ["/tags/afghanistan"]


def test_listing_ignores_sidebar_links(lwj_site):
    html = (FIXTURES / "tags" / "afghanistan" / "index.html").read_text(encoding="utf-8")
    entries = listing_entries(html.replace("{base}", lwj_site.base_url), lwj_site.url("/tags/afghanistan"))
    assert len(entries) == 4
    assert not any("shabaab" in e.url for e in entries)


def test_listing_date_from_url_month_decides_cutoff():
    html = '<main><a href="/archives/2023/06/x.php">X</a></main>'
    (entry,) = listing_entries(html, "https://www.longwarjournal.org/tags/afghanistan/page/9")
    assert entry.published is None
    assert utc(2023, 6, 30) < entry.newest_possible < utc(2023, 7, 2)


# -- parsing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["method"] + ":" + e["path"].split("/")[-1][:30] for e in EXPECTED])
def test_parse_fixture_articles(adapter, fetcher, lwj_site, expected):
    page = fetcher.get(lwj_site.url(expected["path"]))
    article = adapter.parse(page)
    assert article is not None
    assert article.source == "longwarjournal"
    assert article.title == expected["title"]
    assert list(article.authors) == expected["authors"]
    assert article.published == datetime.fromisoformat(expected["published"])
    assert article.published.tzinfo is not None and article.published.utcoffset().total_seconds() == 0
    assert sorted(article.tags) == expected["tags"]
    assert article.method == expected["method"]
    assert article.url == lwj_site.url(expected["canonical"] or expected["path"])
    assert article.language == "en"
    assert article.raw_html == page.body
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == expected["first_paragraph"]
    assert paragraphs[-1] == expected["last_paragraph"]
    assert len(paragraphs) == expected["paragraphs"]
    for junk in JUNK:
        assert junk not in article.text, junk


def test_canonical_url_wins_over_fetched_url(adapter, fetcher, lwj_site):
    path = EXPECTED[0]["path"]
    page = fetcher.get(lwj_site.url(path + "?utm_source=rss"))
    article = adapter.parse(page)
    assert article.url == lwj_site.url(path)
    assert article.fetched_url == lwj_site.url(path + "?utm_source=rss")


def test_parse_non_article_returns_none(adapter):
    page = FetchedPage(url="https://www.longwarjournal.org/x", requested_url="https://www.longwarjournal.org/x",
                       status=200, body=b"<html><head></head><body><nav>menu</nav></body></html>")
    assert adapter.parse(page) is None


def test_parse_never_raises_on_garbage(adapter):
    page = FetchedPage(url="https://www.longwarjournal.org/x", requested_url="https://www.longwarjournal.org/x",
                       status=200, body=b"\x00\xff<<<>>>\x89PNG", encoding="utf-8")
    assert adapter.parse(page) is None


def test_configured_body_selector_is_tried_first(lwj_config, fetcher, lwj_site):
    import dataclasses

    source = dataclasses.replace(lwj_config.source("longwarjournal"), selectors={"body": "div.post-content"})
    adapter = LongWarJournal(source)
    path = next(e["path"] for e in EXPECTED if e["method"] == "generic")
    article = adapter.parse(fetcher.get(lwj_site.url(path)))
    assert article.method == "metadata"  # og/article meta give title and date; the body now has a selector
    for junk in JUNK:
        assert junk not in article.text, junk


def test_tags_from_plain_text_line(adapter):
    paragraphs = "".join(f"<p>The Taliban appointed officials in Kunduz and Takhar, part {i}.</p>" for i in range(8))
    html = (f"<html><head><title>Plain page | FDD's Long War Journal</title></head><body><h1 class='entry-title'>"
            f"Plain page</h1><div class='entry-content'>{paragraphs}<p>Tags: Afghanistan, Kunduz, Taliban</p>"
            f"</div></body></html>")
    url = "https://www.longwarjournal.org/archives/2024/01/plain.php"
    article = adapter.parse(FetchedPage(url=url, requested_url=url, status=200, body=html.encode()))
    assert article.tags == ("Afghanistan", "Kunduz", "Taliban")
    assert article.title == "Plain page" and "Tags:" not in article.text
    assert article.method == "selectors" and article.published is None
