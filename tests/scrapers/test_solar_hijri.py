"""Solar Hijri and Persian-digit dates (scrapers.solar_hijri) and their use by the page-date reader.

Expected values were checked two ways: with jdatetime, and by hand from the rule of the calendar: 1 Hamal
(Farvardin) is the day of the March equinox in Iran's and Afghanistan's noon rule (2024-03-20, 2025-03-21,
2026-03-21), months 1-6 have 31 days, 7-11 have 30, and Hoot/Esfand 29 or 30 (1403 is a leap year).
So 25 Sawr 1403 is 20 March + 31 + 24 days = 14 May 2024; 1 Jadi 1403 is 20 March + 6*31 + 3*30 days =
21 December 2024 (the day after Yalda night); 20 Mizan 1405 is 21 March 2026 + 6*31 + 19 days = 12 October 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scrapers.dates import date_candidates, reconcile, text_dates
from scrapers.extract import parse_date
from scrapers.solar_hijri import ascii_digits, find_dates, parse_persian_date, to_gregorian

KABUL = "Asia/Kabul"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def kabul_midnight(year: int, month: int, day: int) -> datetime:
    """Midnight in Kabul (UTC+4:30) as UTC: 19:30 the day before."""
    return utc(year, month, day) - timedelta(hours=4, minutes=30)


@pytest.mark.parametrize(("solar", "gregorian"), [
    ((1403, 1, 1), (2024, 3, 20)),     # Nowruz 1403: the March equinox fell on 20 March 2024
    ((1403, 2, 25), (2024, 5, 14)),
    ((1403, 10, 1), (2024, 12, 21)),
    ((1403, 12, 30), (2025, 3, 20)),   # 1403 is a leap year: Hoot has 30 days, and 1404 begins on 21 March
    ((1404, 1, 1), (2025, 3, 21)),
    ((1405, 7, 20), (2026, 10, 12)),
    ((1400, 5, 24), (2021, 8, 15)),    # the Taliban entered Kabul on 24 Asad 1400
])
def test_known_conversions(solar, gregorian):
    assert to_gregorian(*solar, tz="UTC") == utc(*gregorian)
    assert to_gregorian(*solar) == kabul_midnight(*gregorian)  # the default zone is Afghanistan's


def test_a_day_that_does_not_exist_is_none():
    assert to_gregorian(1404, 12, 30) is None  # 1404 is a common year
    assert parse_persian_date("۳۱ حوت ۱۴۰۳") is None


@pytest.mark.parametrize("text", [
    "۱۴۰۳/۰۲/۲۵",
    "١٤٠٣/٠٢/٢٥",                  # Arabic-Indic digits
    "1403-02-25",
    "۲۵/۰۲/۱۴۰۳",
    "۲۵ ثور ۱۴۰۳",                  # Afghan month name
    "سه‌شنبه ۲۵ ثور ۱۴۰۳",           # weekday with a zero-width non-joiner
    "۲۵ اردیبهشت ۱۴۰۳",             # Iranian month name
    "۲۵ غویی ۱۴۰۳",                 # Pashto month name
    "د ۱۴۰۳ کال د غويي ۲۵مه",        # Pashto, year first, Arabic yeh, ordinal suffix
    "۱۴ مه ۲۰۲۴",                   # Gregorian in Persian digits
    "۱۴ مۍ ۲۰۲۴",                   # Gregorian, Pashto month name
    "۲۰۲۴/۰۵/۱۴",
])
def test_the_same_day_in_every_writing(text):
    assert parse_persian_date(text) == kabul_midnight(2024, 5, 14)
    assert parse_date(text, KABUL) == kabul_midnight(2024, 5, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("۱۴۰۵/۰۷/۲۰ - ۱۴:۳۰", utc(2026, 10, 12, 10, 0)),
    ("دوشنبه ۲۰ میزان ۱۴۰۵ ساعت ۰۹:۱۵", utc(2026, 10, 12, 4, 45)),
    ("۲۰ تله ۱۴۰۵ ۱۰:۳۰", utc(2026, 10, 12, 6, 0)),
    ("۲۰ مهر ۱۴۰۵، ۸:۱۰ ب.ظ", utc(2026, 10, 12, 15, 40)),  # بعد از ظهر: p.m.
])
def test_times_are_kabul_time_converted_to_utc(text, expected):
    assert parse_persian_date(text, KABUL) == expected


def test_a_source_zone_overrides_the_default():
    assert parse_persian_date("۲۵ اردیبهشت ۱۴۰۳ ۱۲:۰۰", "Asia/Tehran") == utc(2024, 5, 14, 8, 30)


def test_an_iso_value_with_a_solar_year_is_converted():
    assert parse_date("1403-02-25T10:00:00+04:30") == utc(2024, 5, 14, 5, 30)


@pytest.mark.parametrize("text", [
    "۱۰ محرم ۱۴۴۶",          # lunar Hijri month
    "۱۴۴۶/۰۱/۱۰ ه.ق",        # lunar Hijri year
    "مهربانی ۱۲ نفر",        # "مهر" inside a word, no year
    "۲۵ ثور ۲۰۲۴",           # a Solar Hijri month with a Gregorian year
    "۱۴ مه ۱۴۰۳",            # a Gregorian month with a Solar Hijri year
    "شمار کشته‌شدگان به ۱۲ تن رسید",
])
def test_not_dates(text):
    assert parse_persian_date(text) is None


def test_dates_in_running_text_in_order():
    text = ("به گزارش رسانه‌ها، این رویداد در ۲۴ اسد ۱۴۰۰ رخ داد و نشست بعدی به تاریخ ۱۴۰۳/۰۱/۰۱ "
            "برگزار شد. English copy: 20 March 2024.")
    found = find_dates(text, "UTC")
    assert [d.value for d in found] == [utc(2021, 8, 15), utc(2024, 3, 20)]
    assert text[found[0].start:found[0].end].startswith("۲۴ اسد ۱۴۰۰")
    assert text_dates(text, "UTC") == [utc(2021, 8, 15), utc(2024, 3, 20), utc(2024, 3, 20)]


def test_ascii_digits():
    assert ascii_digits("۱۴۰۳/۰۲/۲۵ ١٤:٣٠") == "1403/02/25 14:30"


def test_a_persian_today_widget_is_not_the_publication_date():
    page = """<html lang="fa" dir="rtl"><body>
    <div class="top-header"><span class="header-date">امروز: سه‌شنبه ۲۲ میزان ۱۴۰۵</span></div>
    <article><h1>عنوان</h1><div class="post-meta"><span class="post-date">۲۰ میزان ۱۴۰۵ - ۱۴:۳۰</span></div>
    <p>متن خبر</p></article></body></html>"""
    candidates = date_candidates(page, "https://example.org/1", default_tz=KABUL)
    chosen = reconcile(candidates)
    assert chosen is not None and chosen.value == utc(2026, 10, 12, 10, 0) and chosen.source == "byline"
    assert all(c.value.date() != datetime(2026, 10, 14).date() for c in candidates)
