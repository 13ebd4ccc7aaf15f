"""Site-name affixes cut from titles that do not declare the site's name, learned from the site's own titles.

The fixture site (tests/fixtures/realweb/frontier/, our own text) has no `og:site_name` and no JSON-LD,
and its host (127.0.0.1) holds no word of its name: only its home page title ("The Frontier Post | News
from the Hindu Kush") and what its article titles share tell the name from the headline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.fetch import HttpFetcher
from pipeline.settings import settings_from_dict
from scrapers.registry import adapter_for
from scrapers.titles import SiteTitles

FRONTIER = Path(__file__).parents[1] / "fixtures" / "realweb" / "frontier"
SUFFIX = " – The Frontier Post | News from the Hindu Kush"
ARTICLES = {
    "/2026/10/floods-cut-roads/": "Floods cut roads in Badakhshan",  # its <h1> words it differently
    "/2026/10/flour-prices/": "Kabul - Flour prices climb again",  # no <h1>; a separator in the headline
    "/2026/10/readers-letters/": "Readers write to The Frontier Post",  # the site's name in the headline
}


@pytest.fixture
def frontier(fixture_server):
    return fixture_server(FRONTIER)


def crawl(server):
    settings = settings_from_dict({"http": {"per_host_delay": 0.0, "backoff": 0.01, "max_retries": 0, "timeout": 5.0},
                                   "sources": {"frontier": {"adapter": "feed", "base_url": server.base_url}}},
                                  where="tests")
    return settings, adapter_for(settings.sources["frontier"])


def test_home_page_title_seen_in_discovery_cuts_the_suffix_from_the_first_article(frontier):
    settings, adapter = crawl(frontier)
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        refs = list(adapter.discover(fetcher))  # no feed configured: the home page advertises one
        assert {r.url for r in refs} == {frontier.url(path) for path in ARTICLES}
        articles = {r.url: adapter.parse(fetcher.get(r.url)) for r in refs}
    for path, headline in ARTICLES.items():
        article = articles[frontier.url(path)]
        assert article.title == headline
        assert "affix shared with the site's titles cut" in article.provenance["title"]


def test_without_the_home_page_the_affix_is_learned_once_two_other_pages_share_it(frontier):
    settings, adapter = crawl(frontier)
    paths = list(ARTICLES)
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        first, second, third = (adapter.parse(fetcher.get(frontier.url(p))) for p in paths)
        again = adapter.parse(fetcher.get(frontier.url(paths[0])))
    # Nothing names the site on the first two pages, and one other title is no evidence yet.
    assert first.title == ARTICLES[paths[0]] + SUFFIX
    assert second.title == ARTICLES[paths[1]] + SUFFIX
    assert third.title == ARTICLES[paths[2]]
    assert again.title == ARTICLES[paths[0]]


def test_site_titles_prefix_h1_guard_and_hosts_kept_apart():
    titles = SiteTitles()
    for n, headline in enumerate(["Governor visits Herat", "Schools reopen in Balkh", "Rain returns to Kandahar"]):
        titles.seen(f"https://news.example.af/a/{n}", f"Sahar News :: {headline}")
    assert titles.strip("https://news.example.af/a/9", "Sahar News :: Prices rise in Kunduz") == "Prices rise in Kunduz"
    # Another host learns nothing from these.
    assert titles.strip("https://other.example.org/x", "Sahar News :: Prices rise") == "Sahar News :: Prices rise"
    # The headline itself (its <h1>) carries the words: they stay.
    assert titles.strip("https://news.example.af/a/9", "Sahar News :: Sahar News wins award",
                        h1="Sahar News :: Sahar News wins award") == "Sahar News :: Sahar News wins award"
    # A segment only some of the titles share is a section, not the site's name.
    mixed = SiteTitles()
    for n, title in enumerate(["Analysis | Talks stall", "Kabul floods", "Analysis | Border trade",
                               "Herat fair opens", "Wheat prices fall"]):
        mixed.seen(f"https://pamir.example/{n}", title)
    assert mixed.strip("https://pamir.example/9", "Analysis | Wheat harvest") == "Analysis | Wheat harvest"


def test_home_title_segments_are_site_names():
    titles = SiteTitles()
    titles.home("https://www.example.af/", "Home - Kabul Morning | Independent Afghan News")
    assert titles.strip("https://example.af/2026/x", "Taliban reopen Salang - Kabul Morning | Independent Afghan News") == (
        "Taliban reopen Salang")
    assert titles.strip("https://example.af/2026/y", "Kabul Morning | Taliban reopen Salang") == "Taliban reopen Salang"
    assert titles.strip("https://example.af/2026/z", "Taliban reopen Salang") == "Taliban reopen Salang"
