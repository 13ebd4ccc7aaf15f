"""The article language (scrapers.language): declared tags normalised, and script detection on fresh sentences."""

from __future__ import annotations

import pytest

from scrapers.extract import read_metadata
from scrapers.language import detect_language, language_tag, reconcile_language

DARI = ("مقام‌های محلی در ولایت بدخشان می‌گویند که سیلاب‌های شب گذشته در ولسوالی جرم ده‌ها خانه را ویران کرده "
        "است. به گفته آنان، کمک‌های اولیه برای خانواده‌های آسیب‌دیده از شهر فیض‌آباد فرستاده شده است.")
# Dari written with Arabic yeh and kaf, as some Afghan sites still do, and no پ چ ژ گ.
DARI_ARABIC_LETTERS = ("مقام هاي محلي در ولايت هرات مي گويند كه نرخ آرد در بازارهاي اين شهر در يك هفته "
                       "اخير بالا رفته است و مردم از اين وضعيت شكايت دارند.")
PASHTO = ("د ننګرهار ولایت چارواکي وايي چې د شینوارو په ولسوالۍ کې د سېلابونو له امله لسګونه کورونه ویجاړ "
          "شوي دي. د دوی په خبره، زیانمنو کورنیو ته مرستې رسول شوې دي.")
# Pashto with few of its own letters: the function words tell.
PASHTO_PLAIN = ("د کابل په ښار کې د ټرافیکو مامورینو شمېر زیات شوی دی او ښاروالي وايي چې دا کار به د سړکونو "
                "ګڼه ګوڼه کمه کړي.")
IRANIAN_PERSIAN = ("سخنگوی وزارت امور خارجه ایران روز دوشنبه در نشست خبری هفتگی خود گفت که تهران با همسایگان "
                   "شرقی خود درباره حقابه هیرمند گفت‌وگو خواهد کرد.")
ENGLISH = "Officials in Kunar said on Sunday that border forces had exchanged fire near the Dangam district."
ARABIC = "قال مسؤولون في الحكومة إن الوفد وصل إلى الدوحة يوم الأحد لإجراء محادثات حول الوضع في المنطقة."
URDU = "پشاور میں حکام نے کہا ہے کہ طورخم سرحد پر تجارتی سرگرمیاں دوبارہ شروع ہو گئی ہیں اور ٹرکوں کی آمدورفت جاری ہے۔"


@pytest.mark.parametrize(("text", "expected"), [
    (DARI, "fa"), (DARI_ARABIC_LETTERS, "fa"), (IRANIAN_PERSIAN, "fa"),
    (PASHTO, "ps"), (PASHTO_PLAIN, "ps"),
    (ENGLISH, "en"), (ARABIC, "ar"), (URDU, "ur"),
])
def test_detects_the_language_of_fresh_sentences(text, expected):
    assert detect_language(text) == expected


def test_a_dari_story_quoting_pashto_names_stays_dari():
    text = DARI + " ساکنان ولسوالی شینوار ننګرهار و ښار جلال‌آباد نیز از خسارات گزارش داده‌اند."
    assert detect_language(text) == "fa"


def test_too_little_text_is_no_answer():
    assert detect_language("کابل") is None


@pytest.mark.parametrize(("tag", "expected"), [
    ("fa-AF", "fa"), ("prs", "fa"), ("prs-AF", "fa"), ("fa_IR", "fa"), ("per", "fa"), ("Dari", "fa"),
    ("ps", "ps"), ("ps-AF", "ps"), ("pus", "ps"), ("pbt", "ps"), ("en-US", "en"), ("", None), (None, None),
])
def test_declared_tags_are_normalised(tag, expected):
    assert language_tag(tag) == expected


def test_the_script_overrides_a_wrong_declaration():
    assert reconcile_language("en-US", PASHTO) == "ps"
    assert reconcile_language("ps-AF", DARI) == "fa"  # a Pashto edition's template on a Dari story
    assert reconcile_language("prs", DARI) == "fa"
    assert reconcile_language("fa", ENGLISH) == "en"
    assert reconcile_language(None, PASHTO) == "ps"


@pytest.mark.parametrize(("head", "expected"), [
    ('<html lang="prs-AF" dir="rtl"><head>', "fa"),
    ('<html dir="rtl"><head><meta property="og:locale" content="ps_AF">', "ps"),
    (('<html lang="en"><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", '
     '"inLanguage": {"@type": "Language", "name": "Dari", "alternateName": "prs"}}</script>'), "fa"),
])
def test_metadata_declarations(head, expected):
    meta = read_metadata(head + "<title>x</title></head><body></body></html>", "https://example.org/")
    assert language_tag(meta.language) == expected
