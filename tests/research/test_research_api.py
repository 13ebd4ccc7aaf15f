"""pipeline.research on the fixture database: exact counts, filters, alias resolution, errors."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from models.db import open_database
from pipeline import research
from pipeline.errors import DatabaseError, FrontwatchError


def _rows(frame: pd.DataFrame, columns: list[str]) -> set[tuple]:
    return {tuple(r) for r in frame[columns].itertuples(index=False)}


def test_mentions_exclude_copies_and_datelines_by_default(research_db):
    url = research_db.url
    frame = research.mentions(database_url=url)
    assert len(frame) == 21
    assert frame.groupby("kind").size().to_dict() == {
        "group": 9,
        "province": 7,
        "district": 3,
        "commander": 2,
    }
    assert len(research.mentions(database_url=url, include_duplicates=True)) == 28
    assert len(research.mentions(database_url=url, include_duplicates=True, include_datelines=True)) == 30
    assert str(frame["published_at"].dtype).startswith("datetime64")
    assert frame.iloc[0]["month"] == "2026-02"  # newest first
    rukha = frame[frame["name"] == "Rukha"].iloc[0]
    assert (rukha["province"], rukha["province_pcode"], rukha["source"]) == ("Panjshir", "AF08", "lwj")
    assert rukha["sentence"].startswith("NRF fighters attacked Taliban positions")


def test_filters_kind_name_alias_province_source_dates(research_db):
    url = research_db.url
    assert len(research.mentions(database_url=url, kind="group", name="nrf")) == 3  # alias, any case
    assert len(research.mentions(database_url=url, province="Baghlan")) == 3  # Andarab, Baghlan x2
    assert len(research.mentions(database_url=url, source="amu")) == 5
    assert len(research.mentions(database_url=url, since="2026-01-01", until="2026-01-31")) == 7
    assert len(research.mentions(database_url=url, until="2025-12-30")) == 3  # until is inclusive
    assert len(research.mentions(database_url=url, since="2026-02")) == 11
    assert len(research.mentions(database_url=url, until="2025")) == 3  # the whole year 2025


def test_group_filter_is_same_sentence(research_db):
    frame = research.mentions(
        database_url=research_db.url, kind="province,district", group=["NRF", "Taliban"]
    )
    assert sorted(frame["name"]) == ["Andarab", "Baghlan", "Panjshir", "Panjshir", "Rukha"]
    # Commanders of a group count for it; the Baghlan in A1 s2 is beside the Taliban only.
    taliban = research.mentions(database_url=research_db.url, kind="commander,province", group="Taliban")
    assert sorted(taliban["name"]) == [
        "Abdul Example",
        "Abdul Example",
        "Baghlan",
        "Baghlan",
        "Kabul",
        "Panjshir",
        "Panjshir",
    ]


def test_counts_by_province_and_month(research_db):
    frame = research.counts("province,month", database_url=research_db.url, kind=research.PLACE_KINDS)
    assert _rows(frame, ["province", "month", "mentions", "articles"]) == {
        ("Panjshir", "2025-12", 1, 1),
        ("Panjshir", "2026-01", 2, 1),
        ("Baghlan", "2026-01", 1, 1),
        ("Baghlan", "2026-02", 2, 1),
        ("Kabul", "2026-02", 2, 2),
        ("Nangarhar", "2026-02", 2, 1),
    }
    assert list(frame["month"]) == sorted(frame["month"])
    nrf = research.counts(
        ("province", "month"),
        database_url=research_db.url,
        kind="province,district",
        group=("NRF", "Taliban"),
        since="2026",
    )
    assert _rows(nrf, ["province", "month", "mentions", "articles"]) == {
        ("Panjshir", "2026-01", 2, 1),
        ("Baghlan", "2026-02", 2, 1),
    }


def test_counts_by_group_is_cooccurrence(research_db):
    frame = research.counts("group,province", database_url=research_db.url, kind=research.PLACE_KINDS)
    assert _rows(frame, ["group", "province", "mentions", "articles"]) == {
        ("National Resistance Front", "Panjshir", 3, 2),
        ("Taliban", "Panjshir", 3, 2),
        ("Taliban", "Baghlan", 3, 2),
        ("National Resistance Front", "Baghlan", 2, 1),
        ("Islamic State Khorasan Province", "Nangarhar", 2, 1),
        ("Taliban", "Kabul", 1, 1),
    }


def test_top_and_articles_and_commanders(research_db):
    url = research_db.url
    top = research.top(2, database_url=url, kind="group")
    assert _rows(top, ["rank", "name", "mentions", "articles"]) == {
        (1, "Taliban", 5, 4),
        (2, "National Resistance Front", 3, 3),
    }
    by_month = research.top(1, by="month", database_url=url, kind="group")
    assert list(by_month["month"]) == ["2025-12", "2026-01", "2026-02"]
    assert list(by_month["name"]) == ["National Resistance Front", "Taliban", "Taliban"]

    articles = research.articles(database_url=url, name="Panjshir")
    assert list(articles["title"]) == ["NRF attack in Panjshir", "Clash in Panjshir"]
    assert list(articles["mentions"]) == [1, 1]
    assert len(research.articles(database_url=url, include_duplicates=True, name="Panjshir")) == 3

    commanders = research.commanders(database_url=url)
    # one person, one row: a later mention without a role does not make a second one
    assert _rows(commanders, ["name", "group", "role", "provinces", "mentions", "articles"]) == {
        ("Abdul Example", "Taliban", "governor of Baghlan", "Baghlan; Kabul", 2, 2),
    }
    baghlan = research.commanders(database_url=url, province="Baghlan")
    assert list(baghlan["role"]) == ["governor of Baghlan"]
    assert baghlan.iloc[0]["first_seen"] == pd.Timestamp("2026-01-10 08:00", tz="UTC")


def test_views_match_the_api(research_db):
    db = open_database(research_db.url, migrate_schema=False)
    try:
        with db.engine.connect() as conn:
            count = lambda sql: conn.execute(text(sql)).scalar()
            assert count("SELECT COUNT(*) FROM article_mentions") == 30
            assert (
                count("SELECT COUNT(*) FROM article_mentions WHERE is_duplicate = 0 AND is_dateline = 0")
                == 21
            )
            assert count("SELECT SUM(mentions) FROM monthly_counts") == 21
            assert count("SELECT SUM(mentions) FROM monthly_counts WHERE province = 'Kabul'") == 2
            rows = conn.execute(
                text(
                    "SELECT month, group_name, province, province_pcode, mentions, articles FROM group_province_monthly"
                )
            ).all()
            assert set(map(tuple, rows)) == {
                ("2025-12", "National Resistance Front", "Panjshir", "AF08", 1, 1),
                ("2025-12", "Taliban", "Panjshir", "AF08", 1, 1),
                ("2026-01", "National Resistance Front", "Panjshir", "AF08", 2, 1),
                ("2026-01", "Taliban", "Panjshir", "AF08", 2, 1),
                ("2026-01", "Taliban", "Baghlan", "AF09", 1, 1),
                ("2026-02", "National Resistance Front", "Baghlan", "AF09", 2, 1),
                ("2026-02", "Taliban", "Baghlan", "AF09", 2, 1),
                ("2026-02", "Islamic State Khorasan Province", "Nangarhar", "AF06", 2, 1),
                ("2026-02", "Taliban", "Kabul", "AF01", 1, 1),
            }
            commanders = conn.execute(
                text("SELECT name, group_name, role, provinces, mentions FROM commanders ORDER BY first_seen")
            ).all()
            assert [tuple(r) for r in commanders] == [
                ("Abdul Example", "Taliban", "governor of Baghlan", "Baghlan", 1),
                ("Abdul Example", "Taliban", None, "Kabul", 1),
            ]
    finally:
        db.dispose()


def test_errors(research_db, tmp_path):
    with pytest.raises(FrontwatchError, match="unknown kind 'army'"):
        research.mentions(database_url=research_db.url, kind="army")
    with pytest.raises(FrontwatchError, match="cannot count by 'week'"):
        research.counts("week", database_url=research_db.url)
    with pytest.raises(DatabaseError, match="no database at"):
        research.mentions(database_url=f"sqlite:///{tmp_path / 'missing.db'}")
    assert not (tmp_path / "missing.db").exists()


def test_settings_and_reusable_filters(research_db):
    from pipeline.settings import DatabaseSettings, Settings

    settings = Settings(database=DatabaseSettings(url=research_db.url))
    filters = research.Filters.make(kind="group", since="2026-02-01")
    frame = research.counts("name", settings=settings, filters=filters)
    assert dict(zip(frame["name"], frame["mentions"])) == {
        "Taliban": 2,
        "National Resistance Front": 1,
        "Islamic State Khorasan Province": 1,
    }
    with pytest.raises(TypeError, match="either filters= or filter keywords"):
        research.counts("name", settings=settings, filters=filters, kind="group")


def test_migration_0002_downgrades_and_upgrades(research_db):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from models.db import MIGRATIONS

    db = open_database(research_db.url, migrate_schema=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        inspector = inspect(db.engine)
        assert inspector.get_view_names() == []
        assert "ix_mentions_article_kind" not in {i["name"] for i in inspector.get_indexes("mentions")}
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        inspector = inspect(db.engine)
        assert set(inspector.get_view_names()) >= {
            "article_mentions",
            "monthly_counts",
            "group_province_monthly",
            "commanders",
        }
        assert len(research.mentions(db=db)) == 21
    finally:
        db.dispose()


def test_models_and_migrations_agree(db_url):
    """The research indexes in models/schema.py and migration 0002 are the same (autogenerate sees nothing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models.schema import Base

    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.dispose()
