"""The generic extraction helpers: metadata, bylines, selector text, trafilatura fallback, methods."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from pipeline.records import FetchedPage
from scrapers.extract import (
    PageMetadata,
    extract_article,
    filter_paragraphs,
    generic_text,
    parse_date,
    read_metadata,
    select_text,
    split_authors,
    strip_site_suffix,
)

URL = "https://news.example.org/2024/05/story/"
BODY = " ".join(["The Taliban appointed a new governor in Baghlan province on Monday."] * 5)


def page_html(*, head: str = "", body: str = "", lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def page(html: str, url: str = URL) -> FetchedPage:
    return FetchedPage(url=url, requested_url=url, status=200, body=html.encode("utf-8"), encoding="utf-8")


def jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# -- dates -----------------------------------------------------------------------------------------------


def test_parse_date_naive_uses_default_tz():
    assert parse_date("2024-08-20T09:15:00", "America/New_York") == datetime(2024, 8, 20, 13, 15, tzinfo=UTC)
    assert parse_date("2024-01-20 09:15", "America/New_York") == datetime(2024, 1, 20, 14, 15, tzinfo=UTC)
    assert parse_date("2024-08-20T09:15:00") == datetime(2024, 8, 20, 9, 15, tzinfo=UTC)


def test_parse_date_aware_converted_to_utc():
    assert parse_date("2024-08-20T09:15:00+04:30", "America/New_York") == datetime(
        2024, 8, 20, 4, 45, tzinfo=UTC)
    assert parse_date("Tue, 20 Aug 2024 13:15:00 GMT") == datetime(2024, 8, 20, 13, 15, tzinfo=UTC)


@pytest.mark.parametrize("bad", [None, "", "   ", "yesterday-ish", "32/13/2024"])
def test_parse_date_bad_values(bad):
    assert parse_date(bad) is None


# -- authors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Thomas Joscelyn & Bill Roggio", ("Thomas Joscelyn", "Bill Roggio")),
        ("By Thomas Joscelyn &amp; Bill Roggio".replace("&amp;", "&"), ("Thomas Joscelyn", "Bill Roggio")),
        ("A. Author and B. Writer", ("A. Author", "B. Writer")),
        ("Ann Smith, Bob Jones and Cyrus Khan", ("Ann Smith", "Bob Jones", "Cyrus Khan")),
        ("by   Andrew   Sandford", ("Andrew Sandford",)),  # "and" inside a name is not a separator
        ("Martin King, Jr.", ("Martin King, Jr.",)),
        ("Bill Roggio and Bill Roggio", ("Bill Roggio",)),
        ("", ()),
        (None, ()),
    ],
)
def test_split_authors(byline, expected):
    assert split_authors(byline) == expected


def test_split_authors_drops_outlets():
    drop = ("Khaama Press", "Pajhwok", "RFE/RL")
    assert split_authors("Khaama Press", drop) == ()
    assert split_authors("By Ahmad Shah and Pajhwok", drop) == ("Ahmad Shah",)
    assert split_authors("RFE/RL's Radio Azadi, RFE/RL", drop) == ("RFE/RL's Radio Azadi",)


# -- metadata --------------------------------------------------------------------------------------------


def test_read_metadata_jsonld_graph_with_author_reference():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "FDD's Long War Journal"},
        {"@type": ["NewsArticle"], "headline": "Headline here", "author": {"@id": "#p"},
         "datePublished": "2024-07-30T11:00:00", "dateModified": "2024-07-31T08:00:00-04:00",
         "keywords": ["Afghanistan", "Kunar"], "articleSection": ["Afghanistan"], "inLanguage": "en-US"},
        {"@type": "Person", "@id": "#p", "name": "Thomas Joscelyn & Bill Roggio"},
    ]}
    meta = read_metadata(page_html(head=jsonld(graph)), URL, default_tz="America/New_York")
    assert meta.title == "Headline here"
    assert meta.authors == ("Thomas Joscelyn", "Bill Roggio")
    assert meta.published == datetime(2024, 7, 30, 15, tzinfo=UTC)
    assert meta.modified == datetime(2024, 7, 31, 12, tzinfo=UTC)
    assert meta.tags == ("Afghanistan", "Kunar")
    assert meta.section == "Afghanistan" and meta.language == "en-US"
    assert meta.site_name == "FDD's Long War Journal"
    assert meta.structured("title") and meta.structured("published")


@pytest.mark.parametrize("kind", ["Article", "BlogPosting", "ReportageNewsArticle"])
def test_read_metadata_article_types_and_author_lists(kind):
    data = [{"@type": "Organization", "name": "Gandhara"},
            {"@type": kind, "headline": "H", "datePublished": "2024-01-02T03:04:05Z",
             "author": [{"@type": "Person", "name": "Abubakar Siddique"}, "Staff Writer"],
             "keywords": "Afghanistan, Taliban ,  Kabul"}]
    meta = read_metadata(page_html(head=jsonld(data)), URL)
    assert meta.title == "H" and meta.authors == ("Abubakar Siddique", "Staff Writer")
    assert meta.tags == ("Afghanistan", "Taliban", "Kabul")


def test_read_metadata_open_graph_and_article_meta():
    head = """<title>Ignored | Site</title>
    <meta property="og:title" content="OG title - Khaama Press">
    <meta property="og:site_name" content="Khaama Press">
    <meta property="og:description" content="A summary.">
    <meta property="og:url" content="https://news.example.org/og-url/">
    <meta property="og:locale" content="fa_IR">
    <meta property="article:published_time" content="2024-05-03T10:00:00+04:30">
    <meta property="article:tag" content="Taliban"><meta property="article:tag" content="Herat">
    <meta property="article:section" content="Afghanistan">
    <meta name="author" content="Khaama Press">"""
    meta = read_metadata(f"<html><head>{head}</head><body></body></html>", URL)
    assert meta.title == "OG title"
    assert meta.published == datetime(2024, 5, 3, 5, 30, tzinfo=UTC)
    assert meta.tags == ("Taliban", "Herat") and meta.section == "Afghanistan"
    assert meta.canonical_url == "https://news.example.org/og-url/"
    assert meta.description == "A summary." and meta.language == "fa"
    assert meta.authors == ("Khaama Press",)  # outlet names are dropped by extract_article's drop_authors


def test_read_metadata_html_fallbacks():
    body = '<time datetime="2024-02-01T08:00:00" class="updated">x</time><time class="published" datetime="2024-01-31T08:00:00">y</time>'
    head = '<title>Plain title | FDD&#039;s Long War Journal</title><link rel="canonical" href="/a/b.php">'
    meta = read_metadata(page_html(head=head, body=body, lang="en-GB"), URL, default_tz="America/New_York",
                         site_names=("FDD's Long War Journal",))
    assert meta.title == "Plain title"
    assert meta.published == datetime(2024, 1, 31, 13, tzinfo=UTC)
    assert meta.canonical_url == "https://news.example.org/a/b.php"
    assert meta.language == "en-GB"
    assert not meta.structured("title") and meta.origins["title"] == "html"


def test_read_metadata_never_raises():
    broken = '<html><head><script type="application/ld+json">{not json</script></head></html>'
    assert read_metadata(broken, URL) == PageMetadata()
    assert read_metadata(b"\x00\xff", URL).title is None
    assert read_metadata("", URL) == PageMetadata()


def test_strip_site_suffix():
    assert strip_site_suffix("Headline | FDD's Long War Journal", ["FDD's Long War Journal"]) == "Headline"
    assert strip_site_suffix("Headline - Amu", ["Amu"]) == "Headline"
    assert strip_site_suffix("Headline - Other", ["Amu"]) == "Headline - Other"
    assert strip_site_suffix("Amu", ["Amu"]) == "Amu"


# -- body text -------------------------------------------------------------------------------------------


def test_select_text_paragraphs_and_junk():
    html = page_html(body="""<div class="entry-content">
      <div class="sharedaddy">Share this: X Facebook</div>
      <p>First   paragraph, with <a href="#">a link</a>.</p>
      <figure><img src="x.jpg"><figcaption>Photo credit</figcaption></figure>
      <p>Second<br>line two</p>
      <script>var x = 1;</script>
      <ul><li>Item one</li><li>Item two</li></ul>
      <div class="related-posts">Related: other story</div>
      <div class="author-bio">The author is a reporter.</div>
      <blockquote><p>Quoted</p></blockquote>
    </div>""")
    text = select_text(html, ".entry-content", [".author-bio"])
    assert text == ("First paragraph, with a link.\n\nSecond\nline two\n\nItem one\n\nItem two\n\nQuoted")
    assert "Photo credit" in select_text(html, ".entry-content", keep_captions=True)


def test_select_text_does_not_modify_soup_and_misses_give_none():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html(body='<div class="c"><p>Keep</p><div class="x">Junk</div></div>'), "lxml")
    assert select_text(soup, ".c", [".x"]) == "Keep"
    assert soup.select_one(".x") is not None
    assert select_text(soup, ".missing") is None
    assert select_text(soup, "div[[[") is None  # invalid selector: logged, not raised


def test_filter_paragraphs():
    text = "Body one.\n\nAuthor X is a fellow at FDD.\n\nBody two.\n\nTags: a, b\n\nAfter tags."
    assert filter_paragraphs(text, drop_text=[r"is a fellow"], cut_after=[r"^Tags:"]) == "Body one.\n\nBody two."


def test_generic_text_extracts_main_text_and_drops_selectors():
    paragraphs = "".join(f"<p>{BODY} Paragraph {i}.</p>" for i in range(4))
    html = page_html(head="<title>T</title>", body=f"""<nav><a href="/">Home</a><a href="/news">News</a></nav>
      <div class="story">{paragraphs}<div class="promo"><p>Subscribe to our newsletter for more stories every day.</p></div></div>
      <footer>Copyright 2024 Example</footer>""")
    text = generic_text(html, URL, drop_selectors=[".promo"])
    assert text is not None and "Paragraph 3." in text and "newsletter" not in text
    assert text.count("\n\n") >= 3


@pytest.mark.parametrize("bad", ["", "<html></html>", "\x00\x01", "<p>short</p>"])
def test_generic_text_returns_none_on_bad_pages(bad):
    assert generic_text(bad, URL) is None


# -- extract_article: which path, recorded in `method` ---------------------------------------------------

STRUCTURED_HEAD = """<title>Title | Site</title><meta property="og:site_name" content="Site">
<meta property="og:title" content="Title | Site">
<meta property="article:published_time" content="2024-05-03T10:00:00Z">
<link rel="canonical" href="https://news.example.org/canonical/">"""


def test_method_metadata_when_title_and_date_structured_and_body_selected():
    html = page_html(head=STRUCTURED_HEAD, body=f'<h1>Other h1</h1><div class="body"><p>{BODY}</p></div>')
    article = extract_article(page(html), "test", body_selectors=(".missing", ".body"))
    assert article is not None and article.method == "metadata"
    assert article.title == "Title" and article.text == BODY
    assert article.published == datetime(2024, 5, 3, 10, tzinfo=UTC)
    assert article.url == "https://news.example.org/canonical/" and article.fetched_url == URL
    assert article.raw_html == page(html).body and article.language == "en"


def test_method_selectors_when_title_or_date_from_css():
    body = f"""<h1 class="headline">CSS headline</h1><span class="date">May 3, 2024 10:00</span>
      <span class="by">By Ahmad Shah and Khaama Press</span><div class="body"><p>{BODY}</p></div>
      <div class="tags"><a>Kabul</a><a>Taliban</a></div>"""
    article = extract_article(
        page(page_html(head="<title>Page title</title>", body=body)), "test",
        body_selectors=(".body",), title_selectors=("h1.headline",), date_selectors=(".date",),
        author_selectors=(".by",), tag_selectors=(".tags a",), default_tz="Asia/Kabul",
        drop_authors=("Khaama Press",),
    )
    assert article.method == "selectors"
    assert article.title == "CSS headline"
    assert article.published == datetime(2024, 5, 3, 5, 30, tzinfo=UTC)
    assert article.authors == ("Ahmad Shah",) and article.tags == ("Kabul", "Taliban")
    assert article.url == URL and article.fetched_url is None


def test_method_generic_when_no_body_selector_matches():
    paragraphs = "".join(f"<p>{BODY} Part {i}.</p>" for i in range(3))
    html = page_html(head=STRUCTURED_HEAD, body=f'<div class="unknown-theme">{paragraphs}</div>')
    article = extract_article(page(html), "test", body_selectors=(".entry-content",))
    assert article.method == "generic" and "Part 2." in article.text


def test_short_selector_body_falls_back_to_generic():
    paragraphs = "".join(f"<p>{BODY} Part {i}.</p>" for i in range(3))
    html = page_html(head=STRUCTURED_HEAD, body=f'<div class="teaser"><p>Too short.</p></div><article>{paragraphs}</article>')
    article = extract_article(page(html), "test", body_selectors=(".teaser",))
    assert article.method == "generic"


def test_structured_authors_drop_outlets():
    html = page_html(head=STRUCTURED_HEAD + '<meta name="author" content="Pajhwok">',
                     body=f'<span class="by">Sami Yousafzai</span><div class="body"><p>{BODY}</p></div>')
    article = extract_article(page(html), "t", body_selectors=(".body",), author_selectors=(".by",),
                              drop_authors=("Pajhwok",))
    assert article.authors == ("Sami Yousafzai",)


@pytest.mark.parametrize(
    "html",
    ["", "<html><body><p>No title, no body.</p></body></html>",
     page_html(head="<title>Only a title</title>", body="<p>tiny</p>")],
)
def test_extract_article_returns_none_without_title_or_body(html):
    assert extract_article(page(html) if html else page(" "), "t", body_selectors=("p",)) is None


def test_extract_article_not_modified_page():
    not_modified = FetchedPage(url=URL, requested_url=URL, status=304, body=b"", not_modified=True)
    assert extract_article(not_modified, "t") is None


def test_extract_article_never_raises(monkeypatch):
    from scrapers import extract

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(extract, "_read_metadata", boom)
    assert extract_article(page(page_html(head=STRUCTURED_HEAD)), "t") is None


def test_read_metadata_unescapes_jsonld_and_ignores_comment_times():
    data = {"@type": "NewsArticle", "headline": "Taliban&#8217;s new governor", "author": "A &amp; B"}
    body = ('<div id="comments"><ol class="comment-list"><li class="comment">'
            '<time datetime="2024-09-12T16:02:11-04:00">x</time></li></ol></div>')
    meta = read_metadata(page_html(head=jsonld(data), body=body), URL)
    assert meta.title == "Taliban\u2019s new governor" and meta.authors == ("A", "B")
    assert meta.published is None
