"""End to end, for every configured outlet: discovery and parsing through the real config table, the real
HTTP fetcher and a local server holding fixtures written in each site's style (tests/fixtures/<outlet>/)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixture_server import FixtureServer, static_file

from pipeline.fetch import HttpFetcher
from pipeline.settings import settings_from_dict
from scrapers.registry import adapter_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
OUTLETS = ("khaama", "pajhwok", "kabulnow", "amu", "tolonews", "gandhara", "afintl")


def config_table(name: str) -> dict:
    with open(ROOT / "config.toml", "rb") as fh:
        return dict(tomllib.load(fh)["sources"][name])


def run_outlet(server: FixtureServer, name: str, *, since: datetime | None = None, limit: int | None = 10,
               **overrides: object):
    table = {**config_table(name), "base_url": server.base_url, **overrides}
    settings = settings_from_dict({"http": {"per_host_delay": 0.0, "backoff": 0.01, "max_retries": 0,
                                            "timeout": 5.0}, "sources": {name: table}}, where="tests")
    adapter = adapter_for(settings.sources[name])
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        refs = list(adapter.discover(fetcher, since=since, limit=limit))
        articles = [ref.article or adapter.parse(fetcher.get(ref.url)) for ref in refs]
    return adapter, refs, articles


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_every_outlet_is_configured_and_enabled():
    with open(ROOT / "config.toml", "rb") as fh:
        sources = tomllib.load(fh)["sources"]
    for name in (*OUTLETS, "longwarjournal"):
        assert sources[name].get("enabled", True), name
    assert {sources[n]["adapter"] for n in OUTLETS} == {"wordpress", "listing", "feed"}


def test_khaama_rest_api_announced_by_link_tag(fixture_server):
    server = fixture_server(FIXTURES / "khaama")
    adapter, refs, articles = run_outlet(server, "khaama")
    assert [r.via for r in refs] == ["api", "api"]
    assert all(r.article is not None for r in refs)  # content came with discovery: no page fetch
    assert not server.hits("/taliban-reopen-salang-tunnel-after-repairs-5645646/")
    first, second = articles
    assert first.title == "Taliban reopen Salang tunnel after two months of repairs"
    assert first.published == utc(2026, 10, 14, 4, 42)
    assert first.authors == ()  # "Khaama Press" is the outlet, not a person
    assert second.authors == ("Saleha Rahimi",)
    assert first.method == "api" and first.language == "en"
    assert first.url == f"https://127.0.0.1:{server.port}/taliban-reopen-salang-tunnel-after-repairs-5645646"
    assert "Share this" not in first.text and "Shibar pass" in first.text
    assert "Parwan" in first.tags
    assert "announced by the site" in adapter.describe()
    posts = server.hits("/wp-json/wp/v2/posts")[0]
    assert posts.query["per_page"] == ["100"] and "_embed" in posts.query


def test_khaama_falls_back_to_a_broken_feed_and_pages_when_the_api_refuses(fixture_server):
    server = fixture_server(FIXTURES / "khaama")
    server.route("/wp-json/wp/v2/posts", lambda _r: __import__("fixture_server").Response(403, b"forbidden"))
    adapter, refs, articles = run_outlet(server, "khaama")
    assert [r.via for r in refs] == ["feed", "feed"]  # the feed's stray "&" did not stop it
    assert all(r.article is None for r in refs)
    assert [a.method for a in articles] == ["metadata", "metadata"]
    assert articles[1].title == "Explosion in western Kabul wounds three civilians"
    assert articles[1].authors == ("Saleha Rahimi",)
    assert articles[0].published == utc(2026, 10, 14, 4, 42)
    assert "Related" not in articles[0].text and "Share this" not in articles[0].text
    assert "utm_" not in articles[1].url
    assert "REST API failed (blocked 403)" in adapter.describe()


def test_pajhwok_without_api_reads_feed_and_marks_pashto(fixture_server):
    server = fixture_server(FIXTURES / "pajhwok")
    adapter, _refs, articles = run_outlet(server, "pajhwok")
    assert server.hits("/wp-json/wp/v2/posts")  # tried the conventional API path first
    english, pashto = articles
    assert english.title == "Border clashes reported in Kunar's Dangam district"
    assert english.published == utc(2026, 10, 12, 9, 35)  # .publish-date, Kabul time
    assert english.authors == () and english.language == "en" and english.method == "selectors"
    assert english.text.startswith("ASADABAD (Pajhwok):")
    assert "Tags:" not in english.text
    assert pashto.language == "ps" and pashto.authors == ()
    description = adapter.describe()
    assert "REST API failed" in description and "/en/feed/ failed" in description


def test_kabulnow_api_announced_in_link_header(fixture_server):
    server = fixture_server(FIXTURES / "kabulnow")
    link = f'<{server.url("/wp-json/")}>; rel="https://api.w.org/"'
    server.route("/", static_file(server, "/", headers={"Link": link}))
    adapter, _refs, articles = run_outlet(server, "kabulnow", since=utc(2026, 10, 10, 12))
    assert [a.title for a in articles] == ["NRF claims attack on Taliban post in Panjshir"]  # the other is older
    assert articles[0].authors == () and articles[0].published == utc(2026, 10, 11, 2)
    assert server.hits("/wp-json/wp/v2/posts")[0].query["after"] == ["2026-10-10T12:00:00"]
    # The static fixture ignores `page=` and has no X-WP-TotalPages: a repeated page ends the walk.
    assert len(server.hits("/wp-json/wp/v2/posts")) == 2
    assert "announced by the site" in adapter.describe()


def test_amu_api_answering_html_falls_back_to_feed_with_selectors(fixture_server):
    server = fixture_server(FIXTURES / "amu")
    adapter, refs, articles = run_outlet(server, "amu")
    # article_pattern is a hint: the feed's /video/ item is fetched, and its own page (og:type video) says
    # it is not an article.
    assert [r.url.rsplit("/", 2)[-2] for r in refs] == ["142231", "142208", "142240"]
    assert articles[2] is None
    quake = articles[1]
    assert quake.title == "Earthquake damages homes in Badakhshan's Jurm district"
    assert quake.method == "metadata" and quake.published == utc(2026, 10, 9, 3, 15)
    assert "Photo: Amu TV" not in quake.text and "Read more" not in quake.text
    assert "Afghanistan" in quake.tags
    assert "not_api" in adapter.describe()


def test_tolonews_listing_and_rss(fixture_server):
    server = fixture_server(FIXTURES / "tolonews")
    _adapter, refs, articles = run_outlet(server, "tolonews")
    assert len(refs) == 2 and {r.via for r in refs} == {"feed"}
    torkham = next(a for a in articles if "Torkham" in a.title)
    assert torkham.title == "Officials Say Torkham Crossing Reopened After Talks"
    assert torkham.published == utc(2026, 10, 8, 5, 45)
    assert "Related News" not in torkham.text and "MOBY" not in torkham.text
    assert torkham.url.endswith("/afghanistan-192847")


def test_tolonews_backfill_walks_the_listing(fixture_server):
    server = fixture_server(FIXTURES / "tolonews")
    _adapter, refs, _articles = run_outlet(server, "tolonews", since=utc(2026, 10, 1), feeds=[])
    assert {r.via for r in refs} == {"listing"} and len(refs) == 2
    assert refs[0].published == utc(2026, 10, 8, 11, 10)  # the date shown beside the link, Kabul time
    assert [h.query.get("page") for h in server.hits("/afghanistan/all")] == [None, ["1"]]


def test_gandhara_feed_autodiscovered_from_home_page(fixture_server):
    server = fixture_server(FIXTURES / "gandhara")
    adapter, refs, articles = run_outlet(server, "gandhara")
    # The podcast link is outside article_pattern and its page calls itself a collection: not an article.
    assert len(refs) == 3 and sum(a is None for a in articles) == 1
    deport, isk = [a for a in articles if a is not None]
    assert deport.authors == ("Abubakar Siddique",)  # "RFE/RL's Radio Mashaal" dropped
    assert isk.authors == ("Frud Bezhan",)
    assert deport.published == utc(2026, 10, 7, 11, 30)
    assert "Another story" not in deport.text
    description = adapter.describe()
    assert "autodiscovered feeds" in description and "zempty has no items" in description


def test_afintl_found_through_robots_sitemap(fixture_server):
    server = fixture_server(FIXTURES / "afintl")
    adapter, refs, articles = run_outlet(server, "afintl", since=utc(2026, 9, 1))
    assert [r.via for r in refs] == ["sitemap", "sitemap"]  # the August entry is older than `since`
    assert refs[0].published == utc(2026, 10, 5, 9, 40)
    detained = articles[0]
    assert detained.title == "Taliban detain former army officers in Kandahar, relatives say"
    assert detained.authors == () and articles[1].authors == ("Farid Ahmad",)
    assert "Most read" not in detained.text and detained.language == "en"
    assert "sitemaps from robots.txt" in adapter.describe()


@pytest.mark.parametrize("name", OUTLETS)
def test_describe_names_the_kind(name):
    table = config_table(name)
    settings = settings_from_dict({"sources": {name: table}})
    assert adapter_for(settings.sources[name]).describe().startswith(table["adapter"])


def test_script_beats_a_wrong_page_language(fixture_server):
    # A Pashto story served under the site's English template (lang="en-US") is still marked Pashto.
    server = fixture_server(FIXTURES / "pajhwok")
    page = (FIXTURES / "pajhwok" / "ps/2026/10/12/kunar-da-pula-nakhte/index.html").read_text()
    from fixture_server import Response

    server.route("/ps/2026/10/12/kunar-da-pula-nakhte/",
                 Response(200, page.replace('lang="ps-AF"', 'lang="en-US"').replace("{base}", server.base_url)))
    _, _, articles = run_outlet(server, "pajhwok")
    assert [a.language for a in articles] == ["en", "ps"]


def test_a_javascript_shell_page_falls_back_to_json_ld_article_body(fixture_server):
    # Afghanistan International's pages may come as an empty JS shell; the story is then only in JSON-LD.
    import json

    from fixture_server import Response

    server = fixture_server(FIXTURES / "afintl")
    story = ("Relatives of three former officers said Taliban intelligence detained the men in Kandahar city. "
             "The families said the officers had returned from Iran two months ago.\n\n"
             "A Taliban spokesman in Kandahar did not respond to requests for comment. ") * 2
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Officers detained in Kandahar",
          "datePublished": "2026-10-05T13:10:00+03:30", "articleBody": story}
    shell = (f'<html lang="en"><head><title>x</title><script type="application/ld+json">{json.dumps(ld)}'
             f'</script></head><body><div id="__next"></div><script src="/main.js"></script></body></html>')
    server.route("/en/202610050017", Response(200, shell))
    _, _, articles = run_outlet(server, "afintl", since=utc(2026, 9, 1))
    shell_article = next(a for a in articles if a.title == "Officers detained in Kandahar")
    assert shell_article.method == "metadata" and shell_article.text.startswith("Relatives of three")
    assert shell_article.text.count("\n\n") >= 2


def test_daily_runs_fetch_api_and_listing_first_pages_conditionally(fixture_server):
    """A second daily run on an unchanged site gets 304s for the REST API and the listing: nothing to parse."""
    from fixture_server import cached

    khaama = fixture_server(FIXTURES / "khaama")
    body = khaama.static("/wp-json/wp/v2/posts").body
    khaama.route("/wp-json/wp/v2/posts", cached(body, content_type="application/json; charset=utf-8"))
    tolo = fixture_server(FIXTURES / "tolonews")
    listing_body = tolo.static("/afghanistan/all").body
    tolo.route("/afghanistan/all", cached(listing_body))
    for server, name in ((khaama, "khaama"), (tolo, "tolonews")):
        table = {**config_table(name), "base_url": server.base_url}
        settings = settings_from_dict({"http": {"per_host_delay": 0.0, "max_retries": 0, "timeout": 5.0},
                                       "sources": {name: table}}, where="tests")
        with HttpFetcher(settings.http, settings.user_agent) as fetcher:
            first = list(adapter_for(settings.sources[name]).discover(fetcher))
            assert first
            server.reset()
            adapter = adapter_for(settings.sources[name])
            again = list(adapter.discover(fetcher))
        conditional = [r for r in server.hits() if "if-none-match" in r.headers]
        assert conditional, name
        if name == "khaama":
            assert again == [] and adapter.unchanged
            assert "unchanged" in adapter.describe()
        else:  # the listing is unchanged; the RSS feed beside it is served statically (no validators)
            assert adapter.unchanged
