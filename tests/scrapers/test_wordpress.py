import json
from datetime import UTC, datetime

from fixture_server import Response

from pipeline.fetch import HttpFetcher
from pipeline.settings import settings_from_dict
from scrapers.registry import adapter_for
from scrapers.wordpress import api_root_from, post_to_article, rest_url

BODY = "<p>" + "Fighting was reported in the Andarab valley of Baghlan province on Sunday. " * 6 + "</p>"


def post(n: int, day: int) -> dict:
    return {
        "id": n, "link": f"https://example.org/story-{n}/", "date": f"2026-10-{day:02d}T10:00:00",
        "date_gmt": f"2026-10-{day:02d}T05:30:00", "title": {"rendered": f"Story &#8220;{n}&#8221;"},
        "content": {"rendered": BODY, "protected": False}, "excerpt": {"rendered": "<p>Short.</p>"},
        "_embedded": {"author": [{"name": "Ali Ahmadi &amp; Sara Noori"}],
                      "wp:term": [[{"name": "Security"}], [{"name": "Baghlan"}]]},
    }


def make(server, **table):
    settings = settings_from_dict({"http": {"per_host_delay": 0.0, "max_retries": 0, "timeout": 5.0},
                                   "sources": {"site": {"adapter": "wordpress", "base_url": server.base_url,
                                                        **table}}})
    return adapter_for(settings.sources["site"]), HttpFetcher(settings.http, settings.user_agent)


def paged_api(server, posts_by_page, total_pages):
    def handle(request):
        page = int(request.query.get("page", ["1"])[0])
        if page > total_pages:
            return Response(400, json.dumps({"code": "rest_post_invalid_page_number"}),
                            content_type="application/json")
        return Response(200, json.dumps(posts_by_page[page - 1]), {"X-WP-Total": str(sum(map(len, posts_by_page))),
                                                                   "X-WP-TotalPages": str(total_pages)},
                        content_type="application/json")

    server.route("/wp-json/wp/v2/posts", handle)


def test_api_root_discovery():
    assert api_root_from(b"", {"link": '<https://a.org/wp-json/>; rel="https://api.w.org/"'}, "https://a.org/") \
        == "https://a.org/wp-json/"
    html = b'<html><head><link rel="https://api.w.org/" href="/index.php?rest_route=/" /></head></html>'
    assert api_root_from(html, {}, "https://a.org/x") == "https://a.org/index.php?rest_route=/"
    assert api_root_from(b"<html></html>", {"Link": '<https://a.org/>; rel="shortlink"'}, "https://a.org/") is None


def test_rest_url_handles_both_root_forms():
    assert rest_url("https://a.org/wp-json/", "wp/v2/posts", {"page": 2, "tags": ""}) == \
        "https://a.org/wp-json/wp/v2/posts?page=2"
    assert rest_url("https://a.org/index.php?rest_route=/", "wp/v2/posts", {"page": 2}) == \
        "https://a.org/index.php?rest_route=/wp/v2/posts&page=2"


def test_post_to_article():
    settings = settings_from_dict({"sources": {"s": {"drop_authors": ["Sara Noori"]}}}).sources["s"]
    article = post_to_article(post(1, 3), settings)
    assert article.title == "Story \u201c1\u201d"
    assert article.published == datetime(2026, 10, 3, 5, 30, tzinfo=UTC)
    assert article.authors == ("Ali Ahmadi",) and article.tags == ("Security", "Baghlan")
    assert article.method == "api" and article.language == "en" and article.url == "https://example.org/story-1"
    assert b'property="article:published_time"' in article.raw_html
    short = {**post(2, 3), "content": {"rendered": "<p>Video</p>"}}
    assert post_to_article(short, settings) is None  # too short: the page is fetched instead
    locked = {**post(3, 3), "content": {"rendered": BODY, "protected": True}}
    assert post_to_article(locked, settings) is None


def test_backfill_pages_until_total_pages_with_after(fixture_server):
    server = fixture_server()
    paged_api(server, [[post(1, 9), post(2, 8)], [post(3, 7)]], 2)
    adapter, fetcher = make(server, api_url="/wp-json/")
    refs = list(adapter.discover(fetcher, since=datetime(2026, 10, 1, tzinfo=UTC)))
    assert [r.url for r in refs] == [f"https://example.org/story-{n}/" for n in (1, 2, 3)]
    assert all(r.article is not None and r.via == "api" for r in refs)
    hits = server.hits("/wp-json/wp/v2/posts")
    assert [h.query["page"] for h in hits] == [["1"], ["2"]]
    assert hits[0].query["after"] == ["2026-10-01T00:00:00"] and hits[0].query["orderby"] == ["date"]


def test_http_400_past_the_end_stops_paging(fixture_server):
    server = fixture_server()
    paged_api(server, [[post(1, 9)]], 1)
    server.route("/wp-json/wp/v2/posts", lambda r: None if r.query.get("page") == ["1"] else
                 Response(400, b"{}", content_type="application/json"))
    # Without X-WP-TotalPages (some proxies strip it) paging stops at the 400.
    server.route("/wp-json/wp/v2/posts", lambda r: Response(200, json.dumps([post(1, 9)]),
                 content_type="application/json") if r.query.get("page") == ["1"] else None)
    adapter, fetcher = make(server, api_url="/wp-json/")
    refs = list(adapter.discover(fetcher, since=datetime(2026, 10, 1, tzinfo=UTC)))
    assert len(refs) == 1 and len(server.hits("/wp-json/wp/v2/posts")) == 2


def test_tag_and_category_slugs_are_resolved(fixture_server):
    server = fixture_server()
    server.route("/wp-json/wp/v2/tags", Response(200, json.dumps([{"id": 11, "slug": "taliban"}]),
                                                 content_type="application/json"))
    server.route("/wp-json/wp/v2/categories", Response(200, json.dumps([{"id": 3, "slug": "afghanistan"}]),
                                                       content_type="application/json"))
    paged_api(server, [[post(1, 9)]], 1)
    adapter, fetcher = make(server, api_url="/wp-json/", tags=["taliban", "no-such-tag"], categories=["afghanistan"])
    assert len(list(adapter.discover(fetcher))) == 1
    query = server.hits("/wp-json/wp/v2/posts")[0].query
    assert query["tags"] == ["11"] and query["categories"] == ["3"]
    assert server.hits("/wp-json/wp/v2/tags")[0].query["slug"] == ["taliban,no-such-tag"]
    assert "unknown tags no-such-tag" in adapter.describe()


def test_refused_or_disabled_api_falls_back_to_paged_feed(fixture_server):
    server = fixture_server()
    server.route("/wp-json/wp/v2/posts", Response(401, b'{"code":"rest_not_logged_in"}',
                                                  content_type="application/json"))
    items = {1: (5, 4), 2: (3, 2)}

    def feed(request):
        page = int(request.query.get("paged", ["1"])[0])
        if page not in items:
            return Response(404, b"")
        body = "".join(f"<item><title>S{d}</title><link>{server.base_url}/s-{d}/</link>"
                       f"<pubDate>Sun, {d:02d} Oct 2026 10:00:00 +0000</pubDate></item>" for d in items[page])
        return Response(200, f"<rss version='2.0'><channel><title>x</title>{body}</channel></rss>",
                        content_type="application/rss+xml")

    server.route("/feed/", feed)
    adapter, fetcher = make(server)
    refs = list(adapter.discover(fetcher, since=datetime(2026, 10, 3, tzinfo=UTC)))
    assert [r.url.rsplit("/", 2)[-2] for r in refs] == ["s-5", "s-4", "s-3"]
    assert all(r.article is None and r.via == "feed" for r in refs)
    assert "REST API failed (blocked 401)" in adapter.describe()
    server.reset()
    adapter, fetcher = make(server, api=False)
    assert len(list(adapter.discover(fetcher))) == 2  # no since: the first feed page only
    assert not server.hits("/wp-json/wp/v2/posts") and "disabled" in adapter.describe()


def test_unknown_filter_slugs_never_widen_the_source(fixture_server):
    server = fixture_server()
    server.route("/wp-json/wp/v2/tags", Response(200, b"[]", content_type="application/json"))
    paged_api(server, [[post(1, 9)]], 1)
    adapter, fetcher = make(server, api_url="/wp-json/", tags=["nope"])
    list(adapter.discover(fetcher))
    assert not server.hits("/wp-json/wp/v2/posts")
