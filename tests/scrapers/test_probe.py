import tomllib
from pathlib import Path

import pytest
from fixture_server import Response

from pipeline.errors import ConfigError
from pipeline.fetch import HttpFetcher
from pipeline.settings import HttpSettings, load_settings
from scrapers.probe import add_source, article_record, extract_document, probe_site, source_name_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fetcher():
    return HttpFetcher(HttpSettings(per_host_delay=0.0, max_retries=0, timeout=5.0), "frontwatch-test")


def test_wordpress_api_is_preferred(fixture_server):
    server = fixture_server(FIXTURES / "khaama")
    with fetcher() as f:
        probe = probe_site(f, server.url("/"))
    assert probe.kind == "wordpress" and probe.api_root == server.url("/wp-json/")
    assert probe.table == {"adapter": "wordpress", "enabled": True, "base_url": server.base_url, "feeds": ["/feed/"]}
    assert any("announced by the site" in r for r in probe.reasons)


def test_wordpress_refusing_its_api_gets_a_paged_feed(fixture_server):
    server = fixture_server(FIXTURES / "amu")
    with fetcher() as f:
        probe = probe_site(f, server.url("/"))
    assert probe.kind == "feed" and probe.table["feed_pagination"] == "{feed}?paged={page}"
    assert probe.table["feeds"] == ["/feed/"]


def test_feed_found_at_a_usual_path(fixture_server):
    server = fixture_server(FIXTURES / "tolonews")
    with fetcher() as f:
        probe = probe_site(f, server.url("/afghanistan/all"))
    assert probe.kind == "feed" and probe.table["feeds"] == ["/rss.xml"]
    assert any("article_pattern" in r for r in probe.reasons)


def test_sitemap_when_no_feed(fixture_server):
    server = fixture_server(FIXTURES / "afintl")
    with fetcher() as f:
        probe = probe_site(f, server.url("/en"))
    assert probe.kind == "sitemap" and probe.table["sitemaps"] == ["/sitemaps/en/news.xml"]
    assert any("robots.txt" in r for r in probe.reasons)


def test_listing_as_last_resort_and_unreachable_site(fixture_server):
    server = fixture_server()
    server.route("/news", Response(200, "<html><body><a href='/a/1'>One</a></body></html>"))
    with fetcher() as f:
        probe = probe_site(f, server.url("/news"))
        assert probe.kind == "listing" and probe.table["listings"] == ["/news"]
        with pytest.raises(ConfigError):
            probe_site(f, server.url("/missing"))


def test_add_source_keeps_comments_and_validates(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("# top comment\n[http]\nper_host_delay = 0.0  # fast\n\n[sources.one]\n"
                      "adapter = \"feed\"\nbase_url = \"https://one.org\"\nfeeds = [\"/feed/\"]\n")
    add_source(config, "two", {"adapter": "wordpress", "enabled": True, "base_url": "https://two.org"})
    text = config.read_text()
    assert "# top comment" in text and "# fast" in text
    assert text.index("[sources.one]") < text.index("[sources.two]")
    assert load_settings(config).sources["two"].adapter == "wordpress"
    with pytest.raises(ConfigError, match="already exists"):
        add_source(config, "two", {"adapter": "feed", "base_url": "https://two.org"})
    with pytest.raises(ConfigError):
        add_source(config, "three", {"adapter": "feed", "base_url": "ftp://bad"})
    assert "three" not in tomllib.loads(config.read_text())["sources"]
    add_source(config, "two", {"adapter": "feed", "base_url": "https://two.org"}, replace=True)
    assert load_settings(config).sources["two"].adapter == "feed"
    fresh = tmp_path / "new.toml"
    add_source(fresh, "x", {"adapter": "feed", "base_url": "https://x.org"})
    assert load_settings(fresh).sources["x"].base_url == "https://x.org"


def test_names_and_records():
    assert source_name_for("https://www.khaama.com/x") == "khaama"
    assert source_name_for("gandhara.rferl.org") == "rferl"
    assert article_record(None)["text"] is None
    html = (FIXTURES / "tolonews" / "afghanistan-192847.html").read_bytes()
    record = extract_document(html, "https://tolonews.com/afghanistan-192847")
    assert record["title"] == "Officials Say Torkham Crossing Reopened After Talks"
    assert record["published"] == "2026-10-08T05:45:00+00:00" and record["method"] == "generic"
