from datetime import UTC, datetime

from fixture_server import Response

from pipeline.fetch import HttpFetcher
from pipeline.records import FetchedPage
from pipeline.settings import settings_from_dict
from scrapers.feed import feed_links, looks_like_feed, parse_feed
from scrapers.registry import adapter_for

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><language>en-US</language>
<item><title>Clashes in Andarab &amp; Khost</title><link>/a/1/</link><dc:creator>Ali Ahmadi</dc:creator>
<pubDate>Sun, 12 Oct 2026 09:35:00 +0000</pubDate><category>Security</category></item>
<item><title>No link</title></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Atom story</title><link rel="alternate" href="https://example.org/atom-1"/><id>x</id>
<updated>2026-10-01T08:00:00+04:30</updated><content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"""


def test_parse_rss_and_atom():
    feed = parse_feed(RSS, "https://example.org/feed/")
    assert feed.language == "en-US" and len(feed.items) == 1
    item = feed.items[0]
    assert item.url == "https://example.org/a/1/" and item.title == "Clashes in Andarab & Khost"
    assert item.published == datetime(2026, 10, 12, 9, 35, tzinfo=UTC)
    assert item.authors == ("Ali Ahmadi",) and item.tags == ("Security",)
    atom = parse_feed(ATOM, "https://example.org/atom").items[0]
    assert atom.url == "https://example.org/atom-1" and atom.content == "<p>Body</p>"
    assert atom.published == datetime(2026, 10, 1, 3, 30, tzinfo=UTC)


def test_broken_feeds_are_read_leniently():
    broken = RSS.replace(b"Andarab &amp; Khost", b"Andarab & Khost").replace(b"</channel></rss>", b"")
    feed = parse_feed(b"\n\n  " + broken, "https://example.org/feed/")
    assert feed.problem and [i.url for i in feed.items] == ["https://example.org/a/1/"]
    assert parse_feed(b"<html><body>Error</body></html>", "https://x.org/").items == ()
    assert parse_feed(b"", "https://x.org/").items == ()


def test_feed_links_and_sniffing():
    html = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">
    <link rel="alternate" type="application/rss+xml" href="/comments/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://x.org/atom"></head></html>"""
    assert feed_links(html, "https://x.org/a") == ["https://x.org/feed/", "https://x.org/atom"]
    assert looks_like_feed(RSS) and looks_like_feed(ATOM) and not looks_like_feed(b"<!DOCTYPE html><html>")


def settings_for(server, **table):
    return settings_from_dict({"http": {"per_host_delay": 0.0, "max_retries": 0, "timeout": 5.0},
                               "sources": {"s": {"adapter": "feed", "base_url": server.base_url, **table}}})


def test_feed_pagination_for_backfills_and_limits(fixture_server):
    server = fixture_server()

    def feed(request):
        page = int(request.query.get("paged", ["1"])[0])
        days = {1: (9, 8), 2: (7, 6), 3: (5, 4)}.get(page)
        if days is None:
            return Response(404, b"")
        items = "".join(f"<item><title>d{d}</title><link>{server.base_url}/story-{d}/</link>"
                        f"<pubDate>{d:02d} Oct 2026 10:00:00 GMT</pubDate></item>" for d in days)
        return Response(200, f"<rss><channel>{items}</channel></rss>", content_type="application/rss+xml")

    server.route("/feed/", feed)
    settings = settings_for(server, feeds=["/feed/"], feed_pagination="{feed}?paged={page}")
    adapter = adapter_for(settings.sources["s"])
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        refs = list(adapter.discover(fetcher, since=datetime(2026, 10, 6, 12, tzinfo=UTC)))
        assert [r.title for r in refs] == ["d9", "d8", "d7"]
        assert len(server.hits("/feed/")) == 2  # page 2 reached `since`: no third page
        assert [r.title for r in adapter.discover(fetcher, limit=1)] == ["d9"]


def test_configured_feed_missing_falls_back_to_autodiscovery(fixture_server):
    server = fixture_server()
    server.route("/", Response(200, f'<html><head><link rel="alternate" type="application/rss+xml" '
                                    f'href="{server.base_url}/news.rss"></head></html>'))
    server.route("/news.rss", Response(200, f"<rss><channel><item><title>x</title><link>{server.base_url}/x-1"
                                            f"</link></item></channel></rss>", content_type="application/rss+xml"))
    settings = settings_for(server, feeds=["/feed/"])
    adapter = adapter_for(settings.sources["s"])
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        assert [r.url for r in adapter.discover(fetcher)] == [f"{server.base_url}/x-1"]
    assert "autodiscovered feeds" in adapter.describe() and "/feed/ failed" in adapter.describe()
    assert any(step.startswith("autodiscovered feeds") for step in adapter.last_discovery)


def test_parse_uses_selectors_and_canonical_url():
    settings = settings_from_dict({"sources": {"s": {"adapter": "feed", "base_url": "https://www.site.org",
                                                     "selectors": {"body": ".story", "title": "h2.t"}}}})
    adapter = adapter_for(settings.sources["s"])
    text = "The governor of Kunduz said on Monday that the bridge would reopen within a week. " * 4
    html = f"""<html lang="en"><head><title>x</title><link rel="canonical" href="https://evil.example/copy">
    </head><body><h2 class="t">Bridge to reopen</h2><div class="story"><p>{text}</p></div></body></html>"""
    page = FetchedPage(url="https://www.site.org/bridge/?utm_source=x", requested_url="", status=200,
                       body=html.encode())
    article = adapter.parse(page)
    assert article.title == "Bridge to reopen" and article.method == "selectors"
    assert article.url == "https://site.org/bridge"  # an off-site canonical link is not trusted
    assert article.fetched_url == "https://www.site.org/bridge/?utm_source=x"
    assert adapter.parse(FetchedPage(url="https://site.org/x", requested_url="", status=200, body=b"")) is None


def test_unchanged_feed_costs_a_304_and_no_fallback(fixture_server):
    from fixture_server import cached

    server = fixture_server()
    body = f"<rss><channel><item><title>x</title><link>{server.base_url}/x-1</link></item></channel></rss>"
    server.route("/feed/", cached(body, content_type="application/rss+xml"))
    settings = settings_for(server, feeds=["/feed/"])
    adapter = adapter_for(settings.sources["s"])
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        assert len(list(adapter.discover(fetcher))) == 1
        server.reset()
        assert list(adapter.discover(fetcher)) == []
        assert [h.path for h in server.hits()] == ["/feed/"]  # no autodiscovery, no sitemaps
        assert "not modified" in adapter.describe()


def test_feed_proxy_links_resolve_to_the_original():
    rss = b"""<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
    <item><title>x</title><link>https://feedproxy.example/~r/site/~3/abc/</link>
    <feedburner:origLink>https://site.org/story-1/</feedburner:origLink></item></channel></rss>"""
    assert parse_feed(rss, "https://site.org/feed").items[0].url == "https://site.org/story-1/"


def test_source_kind_settings_are_validated():
    import pytest

    from pipeline.errors import ConfigError

    def load(**table):
        return settings_from_dict({"sources": {"s": {"adapter": "feed", "base_url": "https://x.org", **table}}})

    source = load(tags=["taliban"], first_page=0, timezone="Asia/Kabul", drop_authors="Outlet").sources["s"]
    assert source.tags == ("taliban",) and source.drop_authors == ("Outlet",) and source.api is True
    for bad, message in [({"article_pattern": "("}, "article_pattern"), ({"timezone": "Kabul"}, "timezone"),
                         ({"feed_pagination": "{feed}?paged=2"}, "feed_pagination"),
                         ({"first_page": -1}, "first_page"), ({"api": "yes"}, "api"),
                         ({"selectors": {"body": 3}}, "selectors")]:
        with pytest.raises(ConfigError, match=message):
            load(**bad)
