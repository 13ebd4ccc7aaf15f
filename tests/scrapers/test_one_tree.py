"""The per-site path reads every field from one parsed tree: no BeautifulSoup, no trafilatura, one parse."""

from __future__ import annotations

import bs4
import trafilatura

import scrapers.extract
from pipeline.records import FetchedPage
from scrapers.extract import extract_article

URL = "https://news.example.af/2026/10/12/kunar-clashes/"
BODY = " ".join(["Fighting between border forces went on for a second day in Kunar province, officials said."] * 4)
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Clashes go on in Kunar | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2026-10-12T08:00:00+04:30"></head>
<body><header class="masthead"><span class="today">Tuesday, 20 October 2026</span></header>
<article><h1>Clashes go on in Kunar</h1><p class="byline">By <a rel="author" href="/a/1">Rahim Safi</a></p>
<div class="entry-content"><p>{BODY}</p><div class="share-buttons">Share on Facebook</div><p>{BODY}</p>
<p>Follow Example News on Twitter</p></div></article></body></html>"""


def test_selector_path_parses_once_without_beautifulsoup_or_trafilatura(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the per-site path must not call this")

    parses = []
    parse_html = scrapers.extract.parse_html
    monkeypatch.setattr(bs4.BeautifulSoup, "__init__", refuse)
    monkeypatch.setattr(trafilatura, "extract", refuse)
    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)
    monkeypatch.setattr(scrapers.extract, "parse_html", lambda html: parses.append(1) or parse_html(html))
    page = FetchedPage(url=URL, requested_url=URL, status=200, body=PAGE.encode(), encoding="utf-8")
    article = extract_article(page, "example", body_selectors=(".entry-content",))
    assert article is not None and len(parses) == 1
    assert article.title == "Clashes go on in Kunar" and article.authors == ("Rahim Safi",)
    assert article.published.isoformat() == "2026-10-12T03:30:00+00:00"
    assert article.provenance["text"] == "selector .entry-content"
    assert "Share on Facebook" not in article.text and "Follow Example News" not in article.text
