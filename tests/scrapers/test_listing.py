from datetime import UTC, datetime

from fixture_server import Response

from pipeline.fetch import HttpFetcher
from pipeline.settings import settings_from_dict
from scrapers.listing import listing_links, page_url
from scrapers.registry import adapter_for


def test_page_urls():
    assert page_url("{listing}/page/{page}", "https://x.org/category/news/", 1) == "https://x.org/category/news/"
    assert page_url("{listing}/page/{page}", "https://x.org/category/news/", 3) == "https://x.org/category/news/page/3"
    assert page_url("{listing}?page={page}", "https://t.com/afghanistan/all", 0, 0) == "https://t.com/afghanistan/all"
    assert page_url("{listing}?page={page}", "https://t.com/a/all?x=1", 2, 0) == "https://t.com/a/all?x=1&page=2"
    assert page_url("?page={page}", "https://t.com/a/all", 2) == "https://t.com/a/all?page=2"


def test_listing_links_with_and_without_selector():
    html = b"""<html><body><nav><a href="/about/">About</a></nav><main>
      <div class="item"><h3 class="story-title"><a href="/2026/10/01/one/">One</a></h3>
        <time datetime="2026-10-01T10:00:00+04:30">1 Oct</time></div>
      <div class="item"><h3 class="story-title"><a href="/2026/10/02/two/?utm_source=x">Two</a></h3></div>
      <a href="https://other.org/x">Elsewhere</a></main></body></html>"""
    picked = listing_links(html, "https://x.org/category/news/", "h3.story-title > a")
    assert [(l.url, l.title) for l in picked] == [("https://x.org/2026/10/01/one/", "One"),
                                                 ("https://x.org/2026/10/02/two/?utm_source=x", "Two")]
    assert picked[0].published == datetime(2026, 10, 1, 5, 30, tzinfo=UTC)
    assert picked[1].published is None
    generic = listing_links(html, "https://x.org/category/news/")
    assert "https://other.org/x" not in [l.url for l in generic] and len(generic) == 2


def test_backfill_walks_pages_until_since(fixture_server):
    server = fixture_server()
    base = server.base_url

    def page(request):
        number = int(request.path.rstrip("/").rsplit("/", 1)[-1]) if "/page/" in request.path else 1
        if number > 4:
            return Response(404, b"")
        day = 12 - 2 * number
        rows = "".join(f'<article><h2 class="t"><a href="{base}/2026/10/s{number}{k}/">S</a></h2>'
                       f'<time datetime="2026-10-{day - k:02d}T08:00:00Z"></time></article>' for k in (0, 1))
        return Response(200, f"<html><body><main>{rows}</main></body></html>")

    server.route("/category/news/", page)
    server.route(__import__("re").compile(r"/category/news/page/\d+/?"), page)
    settings = settings_from_dict({"http": {"per_host_delay": 0.0, "max_retries": 0},
                                   "sources": {"s": {"adapter": "listing", "base_url": base,
                                                     "listings": ["/category/news/"], "link_selector": "h2.t a"}}})
    adapter = adapter_for(settings.sources["s"])
    with HttpFetcher(settings.http, settings.user_agent) as fetcher:
        refs = list(adapter.discover(fetcher, since=datetime(2026, 10, 7, 12, tzinfo=UTC)))
        assert [r.published.day for r in refs] == [10, 9, 8]  # day 7 is older than since
        assert [h.path for h in server.hits()][-1] == "/category/news/page/3"
        server.reset()
        assert len(list(adapter.discover(fetcher))) == 2  # without since: the first page only
        assert len(server.hits()) <= 2
