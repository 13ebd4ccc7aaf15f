"""Events, their actors and incidents: written with the article, linked to incidents, kept right on re-tags.

Every test builds its events as `Event(...)` records (never from the coder) and runs on SQLite and, when
FRONTWATCH_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import func, inspect, select, text

from models import incidents
from models.db import MIGRATIONS, open_database
from models.schema import Article, Event, EventActor, Incident, Mention
from models.store import Store
from pipeline.records import Article as ArticleRecord
from pipeline.records import CasualtyFigure
from pipeline.records import Event as EventRecord
from pipeline.records import EventActor as Actor
from pipeline.records import Mention as MentionRecord
from pipeline.settings import SourceSettings

TEXT = "Taliban fighters clashed with the National Resistance Front in Rukha district of Panjshir."
CLASH_DAY = date(2026, 1, 9)


def when(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def article(key: str, published: datetime = when(2026, 1, 10, 8), source: str = "lwj", text: str = TEXT):
    return ArticleRecord(source=source, url=f"https://{source}.example/{key}", title=f"Story {key}", text=text,
                         published=published, language="en")


def clash(fatalities: int | None = 3, *, day: date | None = CLASH_DAY, side1=("Taliban",),
          side2=("National Resistance Front",), **fields) -> EventRecord:
    """An armed clash in Rukha (Panjshir), as the coder would give it."""
    actors = tuple(Actor(n, 1) for n in side1) + tuple(Actor(n, 2) for n in side2)
    values = dict(event_type="Battles", sub_event_type="Armed clash", sentence=TEXT, start=0, end=len(TEXT),
                  actors=actors, date=day, date_precision="day", province="Panjshir", district="Rukha",
                  pcode="AF0802", geo_precision=2, fatalities=fatalities,
                  figures=(CasualtyFigure("killed", fatalities, "officials", f"{fatalities} killed"),)
                  if fatalities is not None else ())
    values.update(fields)
    return EventRecord(**values)


def appointment(person: str, post: str, day: date, sub_event_type: str = "Appointment") -> EventRecord:
    sentence = f"The Taliban named {person} as {post}."
    return EventRecord(event_type="Strategic developments", sub_event_type=sub_event_type, sentence=sentence,
                       start=0, end=len(sentence), actors=(Actor("Taliban", 1),), date=day,
                       date_precision="day", province="Baghlan", geo_precision=3, appointee=person, post=post)


@pytest.fixture
def store(db_url):
    db = open_database(db_url)
    store = Store(db)
    store.seed_entities([SimpleNamespace(kind="group", name="Taliban", aliases=["Taleban"], pcode=None,
                                         province=None, lat=None, lon=None, group=None)])
    yield store
    db.dispose()


@pytest.fixture
def sources(store):
    return {name: store.ensure_source(SourceSettings(name=name, adapter=name)) for name in ("lwj", "amu", "khaama")}


def count(store, model) -> int:
    with store.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def all_incidents(store) -> list[Incident]:
    with store.db.sessions() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def links(store) -> dict[str, int | None]:
    """Article URL key -> incident id of its main event."""
    with store.db.sessions() as session:
        rows = session.execute(select(Article.url, Event.incident_id).join(Event).where(Event.seq == 0))
        return {url.rsplit("/", 1)[1]: incident_id for url, incident_id in rows}


# -- writing --------------------------------------------------------------------------------------------


def test_events_and_actors_are_written_with_the_article(store, sources):
    events = [clash(3, claimed_by="Taliban", report_status="claimed", fatality_source="officials"),
              appointment("Abdul Example", "governor of Baghlan", CLASH_DAY)]
    result = store.save(sources["lwj"], article("a1"), [], tagger_version="tagger 1.0", events=events)
    assert (result.status, result.events) == ("new", 2)
    with store.db.sessions() as session:
        rows = list(session.scalars(select(Event).order_by(Event.seq)))
        assert [(e.seq, e.sub_event_type, e.article_id) for e in rows] == [
            (0, "Armed clash", result.article_id), (1, "Appointment", result.article_id)]
        main = rows[0]
        assert (main.event_date, main.province, main.district, main.fatalities, main.claimed_by) == (
            CLASH_DAY, "Panjshir", "Rukha", 3, "Taliban")
        assert (main.start_char, main.end_char, main.sentence) == (0, len(TEXT), TEXT)
        assert main.figures == [{"kind": "killed", "count": 3, "source": "officials", "text": "3 killed"}]
        assert main.historical is False and main.report_status == "claimed"
        assert {e.coder_version for e in rows} == {"tagger 1.0"}
        taliban = session.scalar(select(func.min(EventActor.entity_id)).where(EventActor.name == "Taliban"))
        actors = session.execute(select(EventActor.name, EventActor.side, EventActor.entity_id)
                                 .where(EventActor.event_id == main.id).order_by(EventActor.side)).all()
        assert [tuple(a) for a in actors] == [("Taliban", 1, taliban), ("National Resistance Front", 2, None)]
        assert taliban is not None
        assert rows[1].appointee == "Abdul Example" and rows[1].post == "governor of Baghlan"

    # Saving again replaces the article's events (same natural keys, no duplicates); None leaves them.
    store.save(sources["lwj"], article("a1"), [], events=[clash(4)])
    assert count(store, Event) == 1 and count(store, EventActor) == 2
    store.save(sources["lwj"], article("a1"), [])
    assert count(store, Event) == 1


def test_stored_sentences_do_not_start_with_paragraph_breaks(store, sources):
    """The sentence splitter leaves the paragraph break before a sentence; the store strips it, from mention
    sentences (all of an article's alike, so same-sentence joins still pair them) and from event evidence
    (its offsets moved in step)."""
    body = f"Statement.\n\n{TEXT}\n"
    sentence = body[len("Statement."):]
    start = body.index(TEXT)
    mentions = [
        MentionRecord(kind="group", name="Taliban", text="Taliban", start=start, end=start + 7, sentence=sentence),
        MentionRecord(kind="province", name="Panjshir", text="Panjshir", start=body.index("Panjshir"),
                      end=body.index("Panjshir") + 8, sentence=sentence, province="Panjshir"),
    ]
    event = clash(sentence=sentence, start=len("Statement."), end=len(body))
    store.save(sources["lwj"], article("p1", text=body), mentions, events=[event])
    with store.db.sessions() as session:
        assert set(session.scalars(select(Mention.sentence))) == {TEXT}
        row = session.scalar(select(Event))
        assert (row.sentence, body[row.start_char:row.end_char]) == (TEXT, TEXT)


def _break_events_write(monkeypatch, how: str) -> list[EventRecord]:
    if how == "linking raises":
        def boom(*args, **kwargs):
            raise RuntimeError("incident linking failed")

        monkeypatch.setattr(incidents, "relink", boom)
        return [clash()]
    return [clash(), clash(report_status=None)]  # type: ignore[arg-type]  # NOT NULL violated at flush


@pytest.mark.parametrize("how", ["linking raises", "bad event row"])
def test_a_failing_event_write_leaves_no_article(store, sources, monkeypatch, how):
    events = _break_events_write(monkeypatch, how)
    mention = MentionRecord("province", "Panjshir", "Panjshir", 79, 87, TEXT, province="Panjshir")
    with pytest.raises(Exception):  # noqa: B017 - whatever the backend raises
        store.save(sources["lwj"], article("a1"), [mention], events=events)
    assert [count(store, m) for m in (Article, Mention, Event, EventActor, Incident)] == [0, 0, 0, 0, 0]


# -- linking to incidents --------------------------------------------------------------------------------


def test_two_outlets_reporting_one_clash_make_one_incident_with_the_fatality_range(store, sources):
    store.save(sources["lwj"], article("a1", when(2026, 1, 10, 8)), [], events=[clash(3)])
    # The second outlet a day later: another figure, the attacker unknown to it, the date a day off.
    store.save(sources["amu"], article("a2", when(2026, 1, 11, 6), "amu"), [],
               events=[clash(7, day=date(2026, 1, 10), side1=("Unidentified Armed Group",), district=None,
                             geo_precision=3, injured=2)])
    (incident,) = all_incidents(store)
    assert incident.reports == 2
    assert (incident.fatalities_min, incident.fatalities_max, incident.injured_min, incident.injured_max) == (
        3, 7, 2, 2)
    assert (incident.event_date, incident.province, incident.district, incident.geo_precision) == (
        CLASH_DAY, "Panjshir", "Rukha", 2)
    assert (incident.actor1, incident.actor2) == ("Taliban", "National Resistance Front")
    assert incident.first_published_at == when(2026, 1, 10, 8)
    assert (incident.event_type, incident.sub_event_type, incident.historical) == ("Battles", "Armed clash", False)
    assert set(links(store).values()) == {incident.id}


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (clash(day=date(2026, 1, 11)), "two days apart"),
        (clash(district="Dara"), "another district"),
        (clash(province="Baghlan", district=None), "another province"),
        (clash(side1=("Islamic State Khorasan Province",)), "no shared side-1 actor"),
        (clash(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"), "another type"),
        (clash(historical=True), "historical"),
        (clash(day=None), "undated"),
    ],
)
def test_reports_that_differ_make_separate_incidents(store, sources, second, why):
    store.save(sources["lwj"], article("a1"), [], events=[clash()])
    store.save(sources["amu"], article("a2", source="amu"), [], events=[second])
    assert len(all_incidents(store)) == 2, why
    assert [i.reports for i in all_incidents(store)] == [1, 1]


def test_same_family_and_unknown_actor_join_and_an_article_never_joins_itself(store, sources):
    store.save(sources["lwj"], article("a1"), [], events=[clash(), clash(5, side1=())])
    assert len(all_incidents(store)) == 2  # two events of one article are two incidents
    takeover = clash(None, sub_event_type="Non-state actor overtakes territory", side1=("National Resistance Front",
                     "Taliban"))
    store.save(sources["amu"], article("a2", source="amu"), [], events=[takeover])
    first, second = all_incidents(store)
    assert (first.reports, second.reports) == (2, 1)  # the closest date, then the oldest incident
    assert first.actor1 == "National Resistance Front; Taliban"
    assert first.sub_event_type == "Armed clash"  # ties go to the earliest report


def test_appointments_link_by_appointee_and_post(store, sources):
    store.save(sources["lwj"], article("a1"), [], events=[appointment("Abdul Example", "governor of Baghlan",
                                                                        date(2026, 2, 19))])
    store.save(sources["amu"], article("a2", source="amu"), [],
               events=[appointment("Abdul Example", "governor of Baghlan", date(2026, 2, 20))])
    store.save(sources["khaama"], article("a3", source="khaama"), [],
               events=[appointment("Abdul Example", "governor of Takhar", date(2026, 2, 19)),
                       appointment("Abdul Example", "governor of Baghlan", date(2026, 2, 19), "Dismissal")])
    reports = [(i.sub_event_type, i.reports) for i in all_incidents(store)]
    assert reports == [("Appointment", 2), ("Appointment", 1), ("Dismissal", 1)]


def test_historical_events_link_to_historical_incidents(store, sources):
    old = clash(day=date(2019, 5, 1), historical=True)
    store.save(sources["lwj"], article("a1"), [], events=[old, clash()])
    store.save(sources["amu"], article("a2", source="amu"), [], events=[old])
    historical, current = sorted(all_incidents(store), key=lambda i: i.event_date)
    assert (historical.historical, historical.reports) == (True, 2)
    assert (current.historical, current.reports) == (False, 1)


def test_a_copy_of_a_story_adds_no_incident_and_the_links_follow_the_original(store, sources):
    original = store.save(sources["lwj"], article("a1", when(2026, 1, 10, 8)), [], events=[clash(3)])
    copy = store.save(sources["amu"], article("a2", when(2026, 1, 10, 6), "amu"), [], events=[clash(3)],
                      duplicate_of=original.article_id)
    assert count(store, Event) == 2
    (incident,) = all_incidents(store)
    assert incident.reports == 1
    assert links(store) == {"a1": incident.id, "a2": None}

    # The copy turns out to be older: it becomes the original and its event the incident's report.
    store.make_original(copy.article_id, original.article_id)
    (incident,) = all_incidents(store)
    assert (incident.reports, incident.first_published_at) == (1, when(2026, 1, 10, 6))
    assert links(store) == {"a1": None, "a2": incident.id}

    # An article saved again as a copy, without new events, leaves its incident too.
    store.save(sources["amu"], article("a2", when(2026, 1, 10, 6), "amu"), [], duplicate_of=original.article_id)
    assert all_incidents(store) == [] and links(store) == {"a1": None, "a2": None}


def test_retagging_changes_incidents(store, sources):
    a1 = store.save(sources["lwj"], article("a1", when(2026, 1, 10, 8)), [], events=[clash(3)])
    a2 = store.save(sources["amu"], article("a2", when(2026, 1, 10, 9), "amu"), [], events=[clash(7)])
    (incident,) = all_incidents(store)
    assert (incident.reports, incident.fatalities_min, incident.fatalities_max) == (2, 3, 7)

    # The same coding again: nothing changes, and the incident keeps its id.
    diff = store.replace_mentions(a2.article_id, [], "v2", events=[clash(7)])
    assert (diff.events_added, diff.events_removed) == ({}, {})
    assert [(i.id, i.reports) for i in all_incidents(store)] == [(incident.id, 2)]

    # A new figure: one event removed and one added; the range follows.
    diff = store.replace_mentions(a2.article_id, [], "v2", events=[clash(12)])
    assert (diff.events_added, diff.events_removed) == ({"Armed clash": 1}, {"Armed clash": 1})
    (changed,) = all_incidents(store)
    assert (changed.id, changed.reports, changed.fatalities_min, changed.fatalities_max) == (incident.id, 2, 3, 12)

    # The event is gone from one report: the incident shrinks...
    diff = store.replace_mentions(a2.article_id, [], "v2", events=[])
    assert (diff.events_added, diff.events_removed) == ({}, {"Armed clash": 1})
    (shrunk,) = all_incidents(store)
    assert (shrunk.reports, shrunk.fatalities_min, shrunk.fatalities_max) == (1, 3, 3)
    assert shrunk.first_published_at == when(2026, 1, 10, 8)

    # ...and from the other too: it is deleted.
    store.replace_mentions(a1.article_id, [], "v2", events=[])
    assert all_incidents(store) == [] and count(store, Event) == 0

    # Re-coded as another kind of event, the article starts another incident; its old one disappears.
    store.replace_mentions(a1.article_id, [], "v3", events=[clash(3)])
    store.replace_mentions(a1.article_id, [], "v3", events=[
        clash(2, event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED")])
    (other,) = all_incidents(store)
    assert other.sub_event_type == "Remote explosive/landmine/IED" and other.fatalities_min == 2


def test_a_sole_report_recoded_the_same_keeps_its_incident(store, sources):
    saved = store.save(sources["lwj"], article("a1"), [], events=[clash(3)])
    (before,) = all_incidents(store)
    store.save(sources["lwj"], article("a1"), [], events=[clash(4)])  # refetched: the figure changed
    (after,) = all_incidents(store)
    assert (after.id, after.reports, after.fatalities_min) == (before.id, 1, 4)
    store.replace_mentions(saved.article_id, [], "v2", events=[clash(4, day=date(2026, 3, 1))])
    (moved,) = all_incidents(store)
    assert moved.id != before.id and moved.event_date == date(2026, 3, 1)


def test_rebuild_relinks_everything(store, sources):
    store.save(sources["lwj"], article("a1", when(2026, 1, 10, 8)), [], events=[clash(3)])
    store.save(sources["amu"], article("a2", when(2026, 1, 10, 9), "amu"), [], events=[clash(7)])
    with store.db.transaction() as session:
        session.execute(text("UPDATE events SET incident_id = NULL"))
        session.execute(text("DELETE FROM incidents"))
    assert all_incidents(store) == []
    with store.db.transaction() as session:
        incidents.rebuild(session)
    (incident,) = all_incidents(store)
    assert (incident.reports, incident.fatalities_min, incident.fatalities_max) == (2, 3, 7)


def test_concurrent_writers_of_one_incident_take_turns(store, sources, db_url, monkeypatch):
    """Two writers report one clash at the same time: one incident (the advisory lock on PostgreSQL)."""
    if store.db.dialect != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    real_refresh = incidents.refresh_all
    first = threading.Event()

    def slow_refresh(session, chosen):
        done = real_refresh(session, chosen)
        if not first.is_set():
            first.set()
            time.sleep(1.0)  # the first writer holds its new incident uncommitted for a while
        return done

    monkeypatch.setattr(incidents, "refresh_all", slow_refresh)
    other = Store(open_database(db_url, migrate_schema=False))
    errors: list[BaseException] = []

    def write(s, key, source, fatalities):
        try:
            s.save(sources[source], article(key, source=source), [], events=[clash(fatalities)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    one = threading.Thread(target=write, args=(store, "a1", "lwj", 3))
    one.start()
    assert first.wait(10)
    two = threading.Thread(target=write, args=(other, "a2", "amu", 7))
    two.start()
    one.join(30)
    two.join(30)
    other.db.dispose()
    assert not errors
    (incident,) = all_incidents(store)
    assert (incident.reports, incident.fatalities_min, incident.fatalities_max) == (2, 3, 7)


# -- views ------------------------------------------------------------------------------------------------


def build_fixture(store, sources) -> dict[str, int]:
    """A small database of reports (see the expected rows in the tests below)."""
    ids: dict[str, int] = {}

    def save(key, source, published, events, copy_of=None):
        result = store.save(sources[source], article(key, published, source), [], events=events,
                            duplicate_of=ids[copy_of] if copy_of else None)
        ids[key] = result.article_id

    strike = EventRecord(
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", sentence="Jets struck.",
        start=0, end=12, actors=(Actor("Military Forces of Pakistan", 1), Actor("al-Qaeda", 2),
                                 Actor("Taliban", 2), Actor("Civilians", 2)),
        date=date(2026, 2, 2), province="Kunar", district="Dangam", geo_precision=2, fatalities=4)
    save("c1", "lwj", when(2026, 1, 10, 8), [clash(3)])
    save("c2", "amu", when(2026, 1, 10, 12), [clash(5, injured=4)])
    save("c3", "khaama", when(2026, 1, 11, 7), [clash(9)], copy_of="c1")  # a copy: never counted
    save("s1", "lwj", when(2026, 2, 3, 9), [strike, clash(20, day=date(2019, 6, 1), historical=True)])
    save("p1", "lwj", when(2026, 2, 20, 9), [appointment("Abdul Example", "governor of Baghlan", date(2026, 2, 19))])
    save("p2", "amu", when(2026, 2, 26, 9), [appointment("Third Person", "governor of Baghlan", date(2026, 2, 25))],
         copy_of="p1")  # a copy's appointment ends nobody's term
    save("p3", "lwj", when(2026, 3, 5, 9), [appointment("Other Person", "governor of Baghlan", date(2026, 3, 4))])
    save("p4", "lwj", when(2026, 3, 10, 9),
         [appointment("Other Person", "governor of Baghlan", date(2026, 3, 9), "Dismissal")])
    return ids


def test_monthly_events_counts_incidents_not_reports(store, sources):
    build_fixture(store, sources)
    with store.db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(
            "SELECT month, province, event_type, sub_event_type, actor1, actor2, incidents, reports, fatalities "
            "FROM monthly_events ORDER BY month, event_type, sub_event_type, actor1, actor2"))]
    battles = ("Battles", "Armed clash")
    strike = ("2026-02", "Kunar", "Explosions/Remote violence", "Air/drone strike", "Military Forces of Pakistan")
    tenure = ("Baghlan", "Strategic developments")
    assert rows == [
        ("2026-01", "Panjshir", *battles, "Taliban", "National Resistance Front", 1, 2, 3),
        (*strike, "Civilians", 1, 1, 4),
        (*strike, "Taliban", 1, 1, 4),
        (*strike, "al-Qaeda", 1, 1, 4),
        ("2026-02", *tenure, "Appointment", "Taliban", None, 1, 1, None),
        ("2026-03", *tenure, "Appointment", "Taliban", None, 1, 1, None),
        ("2026-03", *tenure, "Dismissal", "Taliban", None, 1, 1, None),
    ]


def test_event_list_has_every_report_flat(store, sources):
    ids = build_fixture(store, sources)
    with store.db.engine.connect() as conn:
        rows = [r._asdict() for r in conn.execute(text("SELECT * FROM event_list ORDER BY event_id"))]
        incident_of = dict(conn.execute(text("SELECT id, incident_id FROM events")).all())
    assert len(rows) == 9
    by_article = {}
    for row in rows:
        by_article.setdefault(row["article_id"], []).append(row)
    (c1,), (c3,) = by_article[ids["c1"]], by_article[ids["c3"]]
    assert (c1["source"], c1["url"], c1["title"], c1["is_duplicate"]) == ("lwj", "https://lwj.example/c1",
                                                                          "Story c1", 0)
    assert (c1["event_date"], c1["month"], c1["actor1"], c1["actor2"], c1["fatalities"], c1["historical"]) == (
        "2026-01-09", "2026-01", "Taliban", "National Resistance Front", 3, 0)
    assert (c3["is_duplicate"], c3["incident_id"]) == (1, None)
    strike, old = by_article[ids["s1"]]
    assert strike["actor2"] == "Civilians; Taliban; al-Qaeda"  # sorted by code point on both backends
    assert (old["historical"], old["event_date"]) == (1, "2019-06-01")
    assert all(row["incident_id"] == incident_of[row["event_id"]] for row in rows)
    assert {row["month"] for row in rows} == {"2019-06", "2026-01", "2026-02", "2026-03"}


def test_appointments_view_gives_each_term_its_end(store, sources):
    build_fixture(store, sources)
    with store.db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(
            "SELECT appointee, post, group_name, sub_event_type, date, from_date, until_date, url "
            "FROM appointments ORDER BY date, event_id"))]
    post = "governor of Baghlan"
    assert rows == [
        ("Abdul Example", post, "Taliban", "Appointment", "2026-02-19", "2026-02-19", "2026-03-04",
         "https://lwj.example/p1"),
        ("Other Person", post, "Taliban", "Appointment", "2026-03-04", "2026-03-04", "2026-03-09",
         "https://lwj.example/p3"),
        ("Other Person", post, "Taliban", "Dismissal", "2026-03-09", "2026-03-04", "2026-03-09",
         "https://lwj.example/p4"),
    ]


def test_an_appointment_still_held_has_no_end(store, sources):
    store.save(sources["lwj"], article("p1"), [], events=[appointment("Abdul Example", "governor of Baghlan",
                                                                        date(2026, 2, 19))])
    # Reappointed (another report) and named to a second post: the first term is still held.
    store.save(sources["amu"], article("p2", source="amu"), [],
               events=[appointment("Abdul Example", "governor of Baghlan", date(2026, 4, 1)),
                       appointment("Someone Else", "governor of Takhar", date(2026, 4, 2))])
    with store.db.engine.connect() as conn:
        ends = [tuple(r) for r in conn.execute(text(
            "SELECT appointee, post, date, until_date FROM appointments ORDER BY date"))]
    assert ends == [("Abdul Example", "governor of Baghlan", "2026-02-19", None),
                    ("Abdul Example", "governor of Baghlan", "2026-04-01", None),
                    ("Someone Else", "governor of Takhar", "2026-04-02", None)]


# -- migration 0004 ----------------------------------------------------------------------------------------


def _alembic(db, action: str, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, action)(config, target)


def test_migration_0004_downgrades_and_upgrades(store, sources):
    build_fixture(store, sources)
    db = store.db
    _alembic(db, "downgrade", "0003")
    inspector = inspect(db.engine)
    assert not {"events", "event_actors", "incidents"} & set(inspector.get_table_names())
    assert not {"event_list", "monthly_events", "appointments"} & set(inspector.get_view_names())
    assert {"article_mentions", "monthly_counts"} <= set(inspector.get_view_names())
    assert count(store, Article) == 8  # the articles stay

    _alembic(db, "upgrade", "head")
    inspector = inspect(db.engine)
    assert {"events", "event_actors", "incidents"} <= set(inspector.get_table_names())
    assert {"event_list", "monthly_events", "appointments"} <= set(inspector.get_view_names())
    assert {i["name"] for i in inspector.get_indexes("events")} >= {
        "uq_events_article_seq", "ix_events_sub_event_type_date", "ix_events_province_date",
        "ix_events_incident_id", "ix_events_article_id"}
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM event_list")).scalar() == 0
    store.save(sources["lwj"], article("c1"), [], events=[clash()])
    assert [i.reports for i in all_incidents(store)] == [1]
