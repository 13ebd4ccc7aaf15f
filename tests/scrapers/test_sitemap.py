import gzip
from datetime import UTC, datetime

from fixture_server import Response

from pipeline.fetch import HttpFetcher
from pipeline.settings import settings_from_dict
from scrapers.registry import adapter_for
from scrapers.sitemap import parse_sitemap, sitemaps_from_robots

INDEX = """<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc></sitemap>
<sitemap><loc>{base}/wp-sitemap-posts-post-2.xml</loc></sitemap>
<sitemap><loc>{base}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>
<sitemap><loc>{base}/wp-sitemap-users-1.xml</loc></sitemap></sitemapindex>"""
URLSET = """<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{}</urlset>"""


def urls(base, *entries):
    return URLSET.format("".join(f"<url><loc>{base}/{slug}/</loc><lastmod>{mod}</lastmod></url>"
                                 for slug, mod in entries))


def test_parse_index_news_and_gzip():
    index = parse_sitemap(INDEX.replace("{base}", "https://x.org").encode(), "https://x.org/wp-sitemap.xml")
    assert index.is_index and len(index.entries) == 4
    news = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.org/a</loc>
      <news:news><news:publication_date>2026-10-05T13:10:00+03:30</news:publication_date>
      <news:title>T &amp; U</news:title><news:publication><news:language>en</news:language></news:publication>
      </news:news></url></urlset>"""
    entry = parse_sitemap(gzip.compress(news), "https://x.org/n.xml.gz").entries[0]
    assert entry.published == datetime(2026, 10, 5, 9, 40, tzinfo=UTC)
    assert entry.title == "T & U" and entry.language == "en"
    assert parse_sitemap(b"<html>nope", "https://x.org/s").entries == ()


def test_robots_sitemap_lines():
    robots = "User-agent: *\nDisallow: /x\nSitemap: /sitemap_index.xml\nsitemap: https://x.org/news.xml\n"
    assert sitemaps_from_robots(robots, "https://x.org/robots.txt") == [
        "https://x.org/sitemap_index.xml", "https://x.org/news.xml"]


def test_index_walked_newest_child_first_and_filtered_by_lastmod(fixture_server):
    server = fixture_server()
    base = server.base_url
    server.route("/wp-sitemap.xml", Response(200, INDEX.replace("{base}", base), content_type="application/xml"))
    server.route("/wp-sitemap-posts-post-2.xml", Response(200, urls(base, ("new-a", "2026-10-09T10:00:00Z"),
                 ("new-b", "2026-10-10T10:00:00Z"), ("old-c", "2026-08-01T10:00:00Z")), content_type="application/xml"))
    server.route("/wp-sitemap-posts-post-1.xml", Response(200, urls(base, ("older", "2026-07-01T00:00:00Z")),
                                                          content_type="application/xml"))
    settings = settings_from_dict({"http": {"per_host_delay": 0.0, "max_retries": 0},
                                   "sources": {"s": {"adapter": "sitemap", "base_url": base}}})
    adapter = adapter_for(settings.sources["s"])
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        refs = list(adapter.discover(fetcher, since=datetime(2026, 9, 1, tzinfo=UTC)))
        assert [r.url.rsplit("/", 2)[-2] for r in refs] == ["new-b", "new-a"]
        assert {r.via for r in refs} == {"sitemap"}
        assert "sitemaps from usual path" in adapter.describe()
        assert not server.hits("/wp-sitemap-users-1.xml")
        server.reset()
        list(adapter.discover(fetcher))  # without since: only the newest child sitemap
        assert not server.hits("/wp-sitemap-posts-post-1.xml")
