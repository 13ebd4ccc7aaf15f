"""End to end, the Dari/Persian and Pashto editions (issue 15): their real config tables, the real HTTP fetcher
and fixture sites written in each outlet's style (right-to-left markup, Solar Hijri dates, Persian bylines)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest
from test_outlets import FIXTURES, ROOT, config_table, run_outlet

#: Each edition, and the fixture site it is served from.
EDITIONS = {
    "afintl_fa": "afintl_fa", "amu_fa": "amu", "amu_ps": "amu", "tolonews_fa": "tolonews", "tolonews_ps": "tolonews",
    "pajhwok_fa": "pajhwok", "pajhwok_ps": "pajhwok", "khaama_fa": "khaama", "khaama_ps": "khaama",
    "azadi_fa": "gandhara", "azadi_ps": "gandhara", "hashtesubh": "hashtesubh", "etilaatroz": "etilaatroz",
}
CHROME = ("اشتراک", "مطالب مرتبط", "خبرهای مرتبط", "بیشتر بخوانید", "هم‌رسانی", "برچسب‌ها", "شریکول", "اړوند",
          "فیسبوک", "دنبال کنید", "صفحه نخست", "پربیننده")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def kabul_midnight(year: int, month: int, day: int) -> datetime:
    return utc(year, month, day) - timedelta(hours=4, minutes=30)


def clean(text: str) -> None:
    for word in CHROME:
        assert word not in text, word


def test_every_edition_is_configured_like_its_english_one():
    with open(ROOT / "config.toml", "rb") as fh:
        sources = tomllib.load(fh)["sources"]
    for name in EDITIONS:
        table = sources[name]
        assert table["enabled"] is True and table["language"] in ("fa", "ps"), name
        assert table["timezone"] == "Asia/Kabul", name
        assert table["adapter"] in ("wordpress", "feed", "listing"), name


def test_amu_dari_feed_page_with_json_ld(fixture_server):
    server = fixture_server(FIXTURES / "amu")
    _adapter, refs, articles = run_outlet(server, "amu_fa")
    assert [r.via for r in refs] == ["feed"]
    (flood,) = articles
    assert flood.title == "سیلاب در ولسوالی جرم بدخشان ده‌ها خانه را ویران کرد"
    assert flood.language == "fa" and flood.method == "metadata"
    assert flood.published == utc(2026, 10, 12, 10, 0)  # JSON-LD 14:30 Kabul, not the header's 22 Mizan
    assert flood.provenance["published"] == "json-ld"
    assert flood.authors == ("فرزانه نوری",)
    assert flood.text.startswith("مقام‌های محلی در ولایت بدخشان") and "فیض‌آباد" in flood.text
    clean(flood.text)
    assert "افغانستان" in flood.tags


def test_amu_pashto_only_a_solar_hijri_date_in_view(fixture_server):
    server = fixture_server(FIXTURES / "amu")
    _adapter, _refs, articles = run_outlet(server, "amu_ps")
    (flood,) = articles
    assert flood.language == "ps"
    assert flood.published == utc(2026, 10, 12, 6, 30)  # ۲۰ تله ۱۴۰۵ - ۱۱:۰۰ Kabul time
    assert flood.provenance["published"] == "byline"
    assert flood.authors == ("شفیق الله وردګ",)
    assert flood.text.startswith("د ننګرهار ولایت چارواکي")
    clean(flood.text)


def test_tolonews_dari_drupal_page_and_listing(fixture_server):
    server = fixture_server(FIXTURES / "tolonews")
    _adapter, refs, articles = run_outlet(server, "tolonews_fa")
    assert [r.via for r in refs] == ["feed"]
    (torkham,) = articles
    assert torkham.title == "گذرگاه تورخم پس از سه روز بسته بودن بازگشایی شد"
    assert torkham.published == utc(2026, 10, 13, 5, 15)  # span.post-date ۱۴۰۵/۰۷/۲۱ - ۰۹:۴۵, not the header date
    assert torkham.provenance["published"] == "selector"
    assert torkham.authors == ("حمید الله یوسفزی",)  # the byline, not the CMS login in <meta name=author>
    assert torkham.language == "fa" and torkham.url.endswith("/fa/afghanistan-193010")
    clean(torkham.text)
    _adapter, refs, _articles = run_outlet(server, "tolonews_fa", since=utc(2026, 10, 1), feeds=[])
    assert [r.via for r in refs] == ["listing"]
    assert refs[0].published == utc(2026, 10, 13, 5, 15)  # the Solar Hijri date beside the listing link


def test_pajhwok_dari_and_pashto_editions(fixture_server):
    server = fixture_server(FIXTURES / "pajhwok")
    _adapter, _refs, (rail,) = run_outlet(server, "pajhwok_fa")
    assert rail.language == "fa"  # declared "prs-AF": Dari
    assert rail.published == utc(2026, 10, 13, 11, 50)  # ۲۱ میزان ۱۴۰۵ ساعت ۱۶:۲۰
    assert rail.authors == ()  # "پژواک" is the agency
    assert rail.text.startswith("هرات (پژواک):")
    clean(rail.text)
    _adapter, _refs, (kunar,) = run_outlet(server, "pajhwok_ps")
    assert kunar.language == "ps" and kunar.published == utc(2026, 10, 12, 11, 0)


def test_khaama_persian_section_microdata_date_and_byline(fixture_server):
    server = fixture_server(FIXTURES / "khaama")
    _adapter, refs, (salang,) = run_outlet(server, "khaama_fa")
    assert [r.via for r in refs] == ["feed"]  # /persian/wp-json/ is absent: the section's feed
    assert salang.published == utc(2026, 10, 14, 5, 0)
    assert salang.provenance["published"] == "microdata"
    assert salang.authors == ("نرگس کریمی",)
    assert salang.language == "fa"
    assert "سالنگ" in salang.text
    clean(salang.text)


def test_hashtesubh_generic_wordpress_visible_date_only(fixture_server):
    server = fixture_server(FIXTURES / "hashtesubh")
    _adapter, refs, (girls,) = run_outlet(server, "hashtesubh")
    assert refs[0].published is None  # the feed item has no pubDate
    assert girls.title == "دختران در کابل خواستار بازگشایی مکتب‌ها شدند"
    assert girls.published == kabul_midnight(2026, 10, 14)  # ۲۲ میزان ۱۴۰۵; the header says ۲۴ میزان
    assert girls.authors == ("مریم احمدی",)
    assert girls.language == "fa"
    clean(girls.text)


def test_etilaatroz_rest_api(fixture_server):
    server = fixture_server(FIXTURES / "etilaatroz")
    _adapter, refs, (drought,) = run_outlet(server, "etilaatroz")
    assert [r.via for r in refs] == ["api"]
    assert drought.method == "api" and drought.language == "fa"
    assert drought.published == utc(2026, 10, 13, 14, 10)
    assert drought.authors == ("زهرا موسوی",) and "دایکندی" in drought.tags
    assert "هم‌رسانی" not in drought.text


def test_afintl_persian_feed_skips_english_links(fixture_server):
    server = fixture_server(FIXTURES / "afintl_fa")
    _adapter, refs, articles = run_outlet(server, "afintl_fa")
    assert [r.url.rsplit("/", 1)[-1] for r in refs] == ["202610130021"]
    (arrests,) = articles
    assert arrests.published == utc(2026, 10, 13, 8, 20)  # the article's first <time>, not the header's
    assert arrests.authors == ("سهیل رحمانی",) and arrests.language == "fa"
    assert arrests.text.startswith("منابع محلی") and "مزار شریف" in arrests.text
    clean(arrests.text)


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_describe_names_the_kind(name):
    from pipeline.settings import settings_from_dict
    from scrapers.registry import adapter_for

    table = config_table(name)
    settings = settings_from_dict({"sources": {name: table}})
    assert adapter_for(settings.sources[name]).describe().startswith(table["adapter"])
