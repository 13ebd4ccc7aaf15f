"""A retag that finds an article's analysis as stored re-stamps it and writes nothing else.

After a tagger change most articles come out as before; rewriting their mentions, events, actors,
incidents and rollups costs most of a retag. The store keeps a fingerprint of each article's stored
analysis (`articles.analysis_digest`) and compares the new one with it. Runs on SQLite and, when
FRONTWATCH_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, func, select

from models.db import open_database
from models.schema import Article, Event, EventActor, Incident, Mention
from models.store import Store, analysis_digest
from pipeline.records import Article as ArticleRecord
from pipeline.records import Event as EventRecord
from pipeline.records import EventActor as Actor
from pipeline.records import Mention as MentionRecord
from pipeline.settings import SourceSettings

TEXT = "Taliban fighters attacked a police post in Nahrin district of Baghlan, killing four policemen."


def mentions(district: str = "Nahrin") -> list[MentionRecord]:
    return [
        MentionRecord(kind="group", name="Taliban", text="Taliban", start=0, end=7, sentence=TEXT),
        MentionRecord(kind="district", name=district, text=district, start=42, end=42 + len(district),
                      sentence=TEXT, province="Baghlan"),
        MentionRecord(kind="province", name="Baghlan", text="Baghlan", start=64, end=71, sentence=TEXT,
                      province="Baghlan"),
    ]


def attack(killed: int = 4) -> EventRecord:
    return EventRecord(event_type="Battles", sub_event_type="Armed clash", sentence=TEXT, start=0, end=len(TEXT),
                       actors=(Actor("Taliban", 1), Actor("Police Forces of Afghanistan", 2)),
                       date=date(2026, 2, 3), date_precision="day", province="Baghlan", district="Nahrin",
                       geo_precision=2, fatalities=killed)


@pytest.fixture
def store(db_url):
    db = open_database(db_url)
    store = Store(db)
    store.seed_entities([SimpleNamespace(kind="group", name="Taliban", aliases=[], pcode=None, province=None,
                                         lat=None, lon=None, group=None)])
    yield store
    db.dispose()


@pytest.fixture
def saved(store) -> int:
    source = store.ensure_source(SourceSettings(name="lwj", adapter="lwj"))
    record = ArticleRecord(source="lwj", url="https://lwj.example/nahrin", title="Nahrin attack", text=TEXT,
                           published=datetime(2026, 2, 3, 9, tzinfo=UTC), language="en")
    return store.save(source, record, mentions(), tagger_version="tagger v1", events=[attack()]).article_id


def _stored(store, article_id: int) -> dict:
    with store.db.sessions() as session:
        row = session.get(Article, article_id)
        return {
            "digest": row.analysis_digest,
            "version": row.tagger_version,
            "mentions": sorted(session.execute(select(Mention.id, Mention.tagger_version)
                                               .where(Mention.article_id == article_id)).all()),
            "events": sorted(session.execute(select(Event.id, Event.coder_version, Event.incident_id)
                                             .where(Event.article_id == article_id)).all()),
            "actors": sorted(session.execute(select(EventActor.id).join(Event)
                                             .where(Event.article_id == article_id)).scalars()),
            "incidents": sorted(session.execute(select(Incident.id, Incident.reports)).all()),
        }


def test_the_digest_tells_analyses_apart():
    same = analysis_digest(mentions(), [attack()])
    assert same == analysis_digest(mentions(), [attack()])
    assert same != analysis_digest(mentions("Dahana-i-Ghori"), [attack()])
    assert same != analysis_digest(mentions(), [attack(5)])
    assert same != analysis_digest(mentions(), [])
    assert same != analysis_digest([], [attack()])  # mentions and events are not run together
    assert len(same) == 64


def test_an_unchanged_retag_only_restamps_the_versions(store, saved):
    before = _stored(store, saved)
    assert before["digest"] == analysis_digest(mentions(), [attack()])
    diff = store.replace_mentions(saved, mentions(), "tagger v2", events=[attack()])
    assert (diff.added, diff.removed, diff.events_added, diff.events_removed) == ({}, {}, {}, {})
    after = _stored(store, saved)
    # the same rows (same ids: nothing deleted and inserted), the same incident, the new version everywhere
    assert [m for m, _ in after["mentions"]] == [m for m, _ in before["mentions"]]
    assert {v for _, v in after["mentions"]} == {"tagger v2"}
    assert [(e, i) for e, _, i in after["events"]] == [(e, i) for e, _, i in before["events"]]
    assert {v for _, v, _ in after["events"]} == {"tagger v2"}
    assert after["actors"] == before["actors"] and after["incidents"] == before["incidents"]
    assert after["version"] == "tagger v2" and after["digest"] == before["digest"]


def test_a_changed_analysis_is_replaced_and_fingerprinted_anew(store, saved):
    before = _stored(store, saved)
    diff = store.replace_mentions(saved, mentions("Dahana-i-Ghori"), "tagger v2", events=[attack(6)])
    assert diff.added == {"district": 1} and diff.removed == {"district": 1}
    assert diff.events_added == {"Armed clash": 1} and diff.events_removed == {"Armed clash": 1}
    after = _stored(store, saved)
    assert after["digest"] == analysis_digest(mentions("Dahana-i-Ghori"), [attack(6)]) != before["digest"]
    assert set(after["events"]).isdisjoint(before["events"])  # new rows
    # and the next retag with that analysis is the unchanged one
    store.replace_mentions(saved, mentions("Dahana-i-Ghori"), "tagger v3", events=[attack(6)])
    again = _stored(store, saved)
    assert [e for e, _, _ in again["events"]] == [e for e, _, _ in after["events"]]


def test_a_row_without_a_digest_is_replaced_in_full(store, saved):
    with store.db.transaction() as session:  # as stored before migration 0008
        session.get(Article, saved).analysis_digest = None
    before = _stored(store, saved)
    store.replace_mentions(saved, mentions(), "tagger v2", events=[attack()])
    after = _stored(store, saved)
    assert set(after["events"]).isdisjoint(before["events"])
    assert after["digest"] == analysis_digest(mentions(), [attack()])


def test_replacing_mentions_alone_forgets_the_digest(store, saved):
    # events kept as they are, mentions replaced: the stored pair is no longer the one fingerprinted
    store.replace_mentions(saved, mentions("Dahana-i-Ghori"), "tagger v2")
    assert _stored(store, saved)["digest"] is None
    with store.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_rows_deleted_by_hand_are_written_again(store, saved):
    # the fingerprint still stands, but the rows it describes are gone: the retag writes them again
    with store.db.transaction() as session:
        session.execute(delete(EventActor))
        session.execute(delete(Event))
    store.replace_mentions(saved, mentions(), "tagger v2", events=[attack()])
    after = _stored(store, saved)
    assert len(after["events"]) == 1 and len(after["actors"]) == 2 and len(after["mentions"]) == 3
