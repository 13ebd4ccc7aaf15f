"""End to end: a `run` over the Dari/Persian and Pashto fixture sites stores their articles with language "fa"/"ps"
and Gregorian UTC dates read from Solar Hijri ones, tagged onto the same entities as English articles (issue 15)."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from models.db import open_database
from models.schema import Article, Entity, Mention
from pipeline.progress import LogProgress
from pipeline.run import run_job
from pipeline.settings import settings_from_dict

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
#: Edition -> fixture site; every one holds one article.
EDITIONS = {"amu_fa": "amu", "amu_ps": "amu", "tolonews_fa": "tolonews", "pajhwok_fa": "pajhwok",
            "pajhwok_ps": "pajhwok", "khaama_fa": "khaama", "hashtesubh": "hashtesubh", "etilaatroz": "etilaatroz",
            "afintl_fa": "afintl_fa"}
KABUL = timedelta(hours=4, minutes=30)
EXPECTED = {  # title start -> (language, published UTC)
    "سیلاب در ولسوالی جرم": ("fa", datetime(2026, 10, 12, 10, 0)),
    "په ننګرهار کې د سېلابونو": ("ps", datetime(2026, 10, 12, 6, 30)),
    "گذرگاه تورخم": ("fa", datetime(2026, 10, 13, 5, 15)),
    "کار بخش تازه خط آهن هرات": ("fa", datetime(2026, 10, 13, 11, 50)),
    "په کونړ کې د پولې": ("ps", datetime(2026, 10, 12, 11, 0)),
    "شاهراه سالنگ": ("fa", datetime(2026, 10, 14, 5, 0)),
    "دختران در کابل": ("fa", datetime(2026, 10, 14) - KABUL),
    "خشکسالی در دایکندی": ("fa", datetime(2026, 10, 13, 14, 10)),
    "طالبان دو فعال مدنی": ("fa", datetime(2026, 10, 13, 8, 20)),
}


def settings_for(servers, db_url):
    with open(ROOT / "config.toml", "rb") as fh:
        tables = tomllib.load(fh)["sources"]
    sources = {name: {**tables[name], "base_url": servers[site].base_url} for name, site in EDITIONS.items()}
    return settings_from_dict({
        "database": {"url": db_url},
        "http": {"per_host_delay": 0.0, "backoff": 0.01, "max_retries": 0, "timeout": 5.0},
        "nlp": {"model": ""},
        "sources": sources,
    }, where="tests")


def test_run_stores_dari_and_pashto_articles(fixture_server, db_url, rules_tagger):
    servers = {site: fixture_server(FIXTURES / site) for site in set(EDITIONS.values())}
    settings = settings_for(servers, db_url)
    report = run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    by_name = {s.name: s for s in report.sources}
    for name in EDITIONS:
        assert by_name[name].new == 1 and by_name[name].failed == 0, by_name[name]
    assert report.status == "ok"

    db = open_database(db_url)
    try:
        with db.sessions() as s:
            rows = s.execute(select(Article.title, Article.language, Article.published_at, Article.text)).all()
            assert len(rows) == len(EXPECTED)
            for title, language, published, text in rows:
                expected = next(v for k, v in EXPECTED.items() if title.startswith(k))
                assert (language, published.replace(tzinfo=None)) == expected, title
                assert "مرتبط" not in text and "اشتراک" not in text
            assert s.scalar(select(func.count()).select_from(Mention)) > 0
            # one entity per province across languages: the gazetteer's English rows (with their P-codes), no new ones
            provinces = s.execute(select(Entity.name, Entity.pcode, Entity.origin).join(Mention)
                                  .where(Mention.kind == "province").distinct()).all()
            names = {name for name, _, _ in provinces}
            assert {"Badakhshan", "Nangarhar", "Kunar", "Herat", "Daykundi"} <= names, names
            assert all(pcode and origin == "gazetteer" and name.isascii() for name, pcode, origin in provinces)
    finally:
        db.dispose()

    again = run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    assert sum(s.new for s in again.sources) == 0  # a second run stores nothing twice
