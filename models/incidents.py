"""Incidents: the events of several reports linked to the one real-world incident they describe.

Two outlets (or two articles of one outlet) reporting the same clash give two `events` rows and one
`incidents` row with `reports = 2`. `relink` is the one way events are linked; `models.store` calls it in
the transaction that writes an article's events (a save, a re-tag, a change of which copy of a story is
the original).

**Linking rule.** An event of an original article (copies, `articles.duplicate_of IS NOT NULL`, keep
`incident_id` NULL) joins an existing incident when all of these hold:

- the same `event_type` (the type family: an "Armed clash" and a "Non-state actor overtakes territory"
  report of one fight are one Battles incident) and the same `historical` flag;
- both dated, and the event's date within one day of the incident's (earliest) date;
- the same province, and the same district when both give one (an event without a province joins none);
- compatible side-1 actors: they share a name, or one side is only 'Unidentified Armed Group' (or empty);
- Appointment and Dismissal instead link only to an incident of the same sub-type with an event of the
  same `appointee` and `post` (and the date rule above); they never join other Strategic developments;
- the incident has no other event of the same article (an article's two events are two incidents).

When several incidents qualify, the one with the closest date wins, then the lowest id. Events are linked
in order of their article's publication (then article id, then `seq`), so the result depends only on the
rows, never on timing. Otherwise the event starts a new incident.

**Aggregates** are recomputed from the linked events whenever an incident gains or loses one, so they are
right after additions, replacements and removals: `reports` (linked events), `event_date` (the earliest)
and its `date_precision`, `fatalities_min`/`max` and `injured_min`/`max` over the events that give a
figure, `actor1`/`actor2` (every name of the side, sorted, '; '-joined; 'Unidentified Armed Group' only
when no report names the actor), `first_published_at`, the location of the most precise report
(`geo_precision`, then the earliest) and the most frequent `sub_event_type` (ties: the earliest report).
An incident left without events is deleted; when a re-tag or a refetch codes an article's event again and
it is unchanged or still compatible with its old version, it keeps its incident (and id).

**Concurrency.** Today a run has one writer (`models.lock.run_lock`). The code also stays correct with
several writers on PostgreSQL at READ COMMITTED (its default): before reading candidate incidents, a
transaction takes a transaction-scoped advisory lock per *bucket* it touches (event type + province, or
sub-type + appointee + post for appointments; every incident lies in exactly one bucket), all at once
and in sorted order, so writers of one bucket take turns and each sees the incidents the previous one
committed, and writers of different buckets never wait for each other. Callers lock the articles first
(`models.rollup.Tracker` does, with SELECT ... FOR UPDATE). On SQLite the database's single write lock
serializes writers; the store writes the article row before it links, so the linking reads happen under
that lock. Stricter isolation (REPEATABLE READ, SERIALIZABLE) would need a retry on serialization errors.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, delete, or_, select, text, update
from sqlalchemy.orm import Session

from models.schema import Article, Event, EventActor, Incident

log = logging.getLogger(__name__)

#: The actor of an attack nobody is known to have carried out.
UNIDENTIFIED = "Unidentified Armed Group"
#: Sub-types linked by appointee and post rather than by place and actors.
TENURE_TYPES = frozenset({"Appointment", "Dismissal"})
#: How far apart two reports of one incident may date it.
WINDOW = timedelta(days=1)
#: geo_precision of an event without one: less precise than a province (3).
_NO_PRECISION = 99


@dataclass(frozen=True)
class Probe:
    """What the linking rule looks at in one event (or in an incident)."""

    event_type: str
    sub_event_type: str
    event_date: date | None
    historical: bool
    province: str | None
    district: str | None
    side1: frozenset[str]
    appointee: str | None = None
    post: str | None = None

    @property
    def tenure(self) -> bool:
        return self.sub_event_type in TENURE_TYPES

    @property
    def lock_key(self) -> int:
        """The advisory-lock key of the bucket holding every incident this event could join."""
        if self.tenure:
            parts = ("tenure", self.sub_event_type, self.appointee or "", self.post or "")
        else:
            parts = ("event", self.event_type, self.province or "")
        digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)


def actors_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Side-1 names of two reports of one incident: shared, or one side unknown."""
    unknown = lambda names: not names or names == {UNIDENTIFIED}
    return unknown(a) or unknown(b) or bool(a & b)


def compatible(a: Probe, b: Probe) -> bool:
    """Whether two reports can describe one incident (the linking rule, symmetric)."""
    if a.event_type != b.event_type or a.historical != b.historical:
        return False
    if a.event_date is None or b.event_date is None or abs(a.event_date - b.event_date) > WINDOW:
        return False
    if a.tenure or b.tenure:
        return (a.sub_event_type == b.sub_event_type and a.appointee is not None and a.post is not None
                and (a.appointee, a.post) == (b.appointee, b.post))
    if not a.province or a.province != b.province:
        return False
    if a.district and b.district and a.district != b.district:
        return False
    return actors_compatible(a.side1, b.side1)


@dataclass
class Snapshot:
    """The incidents some articles' events are linked to now, taken before those events change."""

    incidents: dict[int, list[Probe]] = field(default_factory=dict)  # incident id -> the old events in it
    keys: set[int] = field(default_factory=set)  # lock keys of the old events


def snapshot(session: Session, article_ids: Iterable[int]) -> Snapshot:
    """Note where these articles' events are linked now (call before deleting or changing them)."""
    ids = sorted(set(article_ids))
    out = Snapshot()
    if not ids:
        return out
    rows = list(session.scalars(select(Event).where(Event.article_id.in_(ids)).order_by(Event.id)))
    for ev, probe in zip(rows, _probes(rows, _actor_names(session, [ev.id for ev in rows]))):
        out.keys.add(probe.lock_key)
        if ev.incident_id is not None:
            out.incidents.setdefault(ev.incident_id, []).append(probe)
    return out


def relink(session: Session, article_ids: Iterable[int], *, before: Snapshot | None = None) -> None:
    """Link every event of these articles to its incident again and fix every incident touched.

    `before` is the `snapshot` taken before the articles' events were replaced; without it, the events
    are taken to be where they are linked now (a change of duplicate status).

    Articles are linked one after another in publication order, each against the incidents as the ones
    before left them. Within one article the candidates are read once: the article's events never join an
    incident together (two events of one report are two incidents), so what its earlier events did cannot
    change what its later ones may join, and each incident it touches is recomputed once at the end.
    """
    ids = sorted(set(article_ids))
    if not ids:
        return
    session.flush()
    before = before if before is not None else snapshot(session, ids)
    rows = session.execute(
        select(Event, Article.duplicate_of, Article.published_at)
        .join(Article, Article.id == Event.article_id)
        .where(Event.article_id.in_(ids))
        .order_by(Article.published_at.is_(None), Article.published_at, Article.id, Event.seq)
    ).all()
    events = [r[0] for r in rows]
    names = _actor_names(session, [ev.id for ev in events])
    probes = _probes(events, names)
    lock(session, before.keys | {p.lock_key for p in probes})

    touched = set(before.incidents) | {ev.incident_id for ev in events if ev.incident_id is not None}
    for ev in events:
        ev.incident_id = None
    session.flush()
    # Incidents that lost their only reports: kept (reports = 0) until the end, for re-coded events to reuse.
    emptied: dict[int, list[Probe]] = {}
    kept = refresh_all(session, [i for i in (session.get(Incident, n) for n in sorted(touched)) if i is not None])
    for incident_id in sorted(touched):
        if incident_id not in kept:
            emptied[incident_id] = before.incidents.get(incident_id, [])

    reports = _Reports(names, {ev.id: when for ev, _, when in rows})
    linking = [(ev, probe) for (ev, duplicate_of, _), probe in zip(rows, probes) if duplicate_of is None]
    # (a copy of a story is not another report of its incidents)
    for _, group in itertools.groupby(linking, key=lambda pair: pair[0].article_id):
        _link_article(session, list(group), emptied, reports)
    if emptied:
        session.execute(delete(Incident).where(Incident.id.in_(sorted(emptied))))


@dataclass
class _Reports:
    """What `relink` read of the events it links: actor names and their articles' publication dates."""

    names: defaultdict[tuple[int, int], list[str]]  # (event id, side) -> names
    published: dict[int, datetime | None]  # event id -> its article's published_at


def _link_article(session: Session, pairs: list[tuple[Event, Probe]], emptied: dict[int, list[Probe]],
                  reports: _Reports) -> None:
    """Link one article's events (in order) to existing incidents, reused emptied ones or new ones."""
    candidates = _Candidates.read(session, pairs)
    joined: list[tuple[Event, Incident]] = []
    grown: list[Incident] = []  # incidents that were there before: their aggregates are read again
    taken: set[int] = set()  # incidents this article's events joined: closed to its later events
    for ev, probe in pairs:
        incident = candidates.best(ev, probe, taken)
        if incident is None:
            reuse = next((i for i in sorted(emptied) if any(_same_report(probe, o) for o in emptied[i])), None)
            if reuse is not None:
                del emptied[reuse]
                incident = session.get(Incident, reuse)
        if incident is None:
            # A new incident has this one report: its aggregates are the event's own, in the INSERT.
            incident = Incident(event_type=ev.event_type, sub_event_type=ev.sub_event_type, reports=0,
                                historical=ev.historical)
            _aggregate(incident, [(ev, reports.published.get(ev.id))], reports.names)
            session.add(incident)
        else:
            grown.append(incident)
        if incident.id is not None:
            taken.add(incident.id)
        joined.append((ev, incident))
    session.flush()  # new incidents get their ids, all at once
    for ev, incident in joined:
        ev.incident_id = incident.id
    refresh_all(session, list({id(i): i for i in grown}.values()))


def lock(session: Session, keys: Iterable[int]) -> None:
    """Hold these buckets' advisory locks until commit, taken in sorted order (PostgreSQL; else a no-op)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ordered = sorted(set(keys))
    if ordered:  # one statement; the locks are taken in the array's (sorted) order, so writers never deadlock
        session.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS t(k)"),
                        {"keys": ordered})


def refresh_all(session: Session, chosen: Iterable[Incident]) -> set[int]:
    """Recompute these incidents' aggregates from their linked events, with two queries; the ids of those that
    still have events (the others get reports = 0)."""
    session.flush()
    by_id = {i.id: i for i in chosen}
    if not by_id:
        return set()
    linked: defaultdict[int, list[tuple[Event, datetime | None]]] = defaultdict(list)
    for i in range(0, len(by_id), 500):
        rows = session.execute(
            select(Event, Article.published_at)
            .join(Article, Article.id == Event.article_id)
            .where(Event.incident_id.in_(sorted(by_id)[i : i + 500]))
            .order_by(Article.published_at.is_(None), Article.published_at, Event.article_id, Event.seq)
        ).all()
        for ev, published in rows:
            assert ev.incident_id is not None  # the query asked for linked events
            linked[ev.incident_id].append((ev, published))
    names = _actor_names(session, [ev.id for rows in linked.values() for ev, _ in rows])
    for incident_id, incident in by_id.items():
        _aggregate(incident, linked.get(incident_id, []), names)
    return set(linked)


def _aggregate(incident: Incident, rows: list[tuple[Event, datetime | None]],
               names: defaultdict[tuple[int, int], list[str]]) -> None:
    """Set an incident's columns from its events, earliest published first (reports = 0 when none)."""
    if not rows:
        incident.reports = 0
        return
    events = [r[0] for r in rows]
    first = events[0]
    incident.reports = len(events)
    incident.event_type = first.event_type
    incident.historical = first.historical
    frequency = Counter(ev.sub_event_type for ev in events)
    top = max(frequency.values())
    incident.sub_event_type = next(ev.sub_event_type for ev in events if frequency[ev.sub_event_type] == top)
    dated = [ev for ev in events if ev.event_date is not None]
    earliest = min(dated, key=lambda ev: ev.event_date) if dated else None  # type: ignore[arg-type]
    incident.event_date = earliest.event_date if earliest else None
    incident.date_precision = earliest.date_precision if earliest else None
    where = min(events, key=lambda ev: _NO_PRECISION if ev.geo_precision is None else ev.geo_precision)
    for column in ("province", "district", "place", "pcode", "lat", "lon", "geo_precision"):
        setattr(incident, column, getattr(where, column))
    incident.actor1 = _joined(n for ev in events for n in names[(ev.id, 1)])
    incident.actor2 = _joined(n for ev in events for n in names[(ev.id, 2)])
    fatalities = [ev.fatalities for ev in events if ev.fatalities is not None]
    injured = [ev.injured for ev in events if ev.injured is not None]
    incident.fatalities_min, incident.fatalities_max = _range(fatalities)
    incident.injured_min, incident.injured_max = _range(injured)
    published = [p for _, p in rows if p is not None]
    incident.first_published_at = min(published) if published else None


def rebuild(session: Session) -> None:
    """Link every event again from scratch, article by article in publication order (a repair tool)."""
    session.execute(update(Event).values(incident_id=None))
    session.execute(delete(Incident))
    article_ids = session.scalars(
        select(Article.id)
        .where(Article.id.in_(select(Event.article_id)))
        .order_by(Article.published_at.is_(None), Article.published_at, Article.id)
    ).all()
    for article_id in article_ids:
        relink(session, [article_id], before=Snapshot())
    log.info("linked the events of %d articles to incidents again", len(article_ids))


def side1_names(incident: Incident) -> frozenset[str]:
    """The side-1 names of an incident, from its `actor1` column."""
    return frozenset(incident.actor1.split("; ")) if incident.actor1 else frozenset()


# -- internals ----------------------------------------------------------------------------------------


@dataclass
class _Candidates:
    """The existing incidents one article's events may join, read in two queries, chosen from in memory."""

    incidents: list[Incident]
    people: set[tuple[int, str, str]]  # (incident id, appointee, post) of the incidents' tenure events

    @classmethod
    def read(cls, session: Session, pairs: list[tuple[Event, Probe]]) -> _Candidates:
        days = [ev.event_date for ev, _ in pairs if ev.event_date is not None]
        provinces = sorted({p.province for _, p in pairs if not p.tenure and p.province})
        tenure = sorted({ev.sub_event_type for ev, p in pairs if p.tenure and p.appointee and p.post})
        if not days or not (provinces or tenure):
            return cls([], set())
        which: list[ColumnElement[bool]] = []
        if provinces:
            which.append(Incident.province.in_(provinces) & Incident.sub_event_type.not_in(sorted(TENURE_TYPES)))
        if tenure:
            which.append(Incident.sub_event_type.in_(tenure))
        found = list(session.scalars(
            select(Incident).where(Incident.reports > 0, Incident.event_date.between(min(days) - WINDOW,
                                                                                     max(days) + WINDOW),
                                   or_(*which))
        ))
        people: set[tuple[int, str, str]] = set()
        tenure_ids = sorted(i.id for i in found if i.sub_event_type in TENURE_TYPES)
        for i in range(0, len(tenure_ids), 500):
            query = select(Event.incident_id, Event.appointee, Event.post).where(
                Event.incident_id.in_(tenure_ids[i : i + 500]), Event.appointee.is_not(None), Event.post.is_not(None))
            people.update((n, a, p) for n, a, p in session.execute(query) if n is not None and a and p)
        return cls(found, people)

    def best(self, ev: Event, probe: Probe, taken: set[int]) -> Incident | None:
        """The incident this event joins: the closest in date among those the linking rule allows."""
        day = ev.event_date
        if day is None or (probe.tenure and (probe.appointee is None or probe.post is None)) \
                or (not probe.tenure and not probe.province):
            return None
        allowed = [i for i in self.incidents if i.id not in taken and bool(i.historical) == bool(ev.historical)
                   and i.event_date is not None and day - WINDOW <= i.event_date <= day + WINDOW
                   and self._fits(i, ev, probe)]
        return min(allowed, key=lambda i: (abs(i.event_date - day), i.id), default=None)  # type: ignore

    def _fits(self, incident: Incident, ev: Event, probe: Probe) -> bool:
        if probe.tenure:
            return (incident.sub_event_type == ev.sub_event_type
                    and (incident.id, probe.appointee, probe.post) in self.people)
        return (incident.event_type == ev.event_type and incident.sub_event_type is not None
                and incident.sub_event_type not in TENURE_TYPES and incident.province == probe.province
                and not (probe.district and incident.district and probe.district != incident.district)
                and actors_compatible(probe.side1, side1_names(incident)))


def _same_report(new: Probe, old: Probe) -> bool:
    """Whether a re-coded event is still what its old version was, as far as linking goes."""
    return new == old or compatible(new, old)


def _probes(events: list[Event], names: defaultdict[tuple[int, int], list[str]]) -> list[Probe]:
    return [
        Probe(
            event_type=ev.event_type, sub_event_type=ev.sub_event_type, event_date=ev.event_date,
            historical=bool(ev.historical), province=ev.province, district=ev.district,
            side1=frozenset(names[(ev.id, 1)]), appointee=ev.appointee, post=ev.post,
        )
        for ev in events
    ]


def _actor_names(session: Session, event_ids: list[int]) -> defaultdict[tuple[int, int], list[str]]:
    """(event id, side) -> names."""
    out: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i : i + 500]
        query = select(EventActor.event_id, EventActor.side, EventActor.name)
        query = query.where(EventActor.event_id.in_(chunk))
        for event_id, side, name in session.execute(query.order_by(EventActor.id)):
            out[(event_id, side)].append(name)
    return out


def _range(values: list[int]) -> tuple[int | None, int | None]:
    return (min(values), max(values)) if values else (None, None)


def _joined(names: Iterable[str]) -> str | None:
    """Sorted, '; '-joined names; 'Unidentified Armed Group' only when no other name is given."""
    unique = set(names)
    if len(unique) > 1:
        unique.discard(UNIDENTIFIED)
    return "; ".join(sorted(unique)) or None


__all__ = [
    "TENURE_TYPES",
    "UNIDENTIFIED",
    "Probe",
    "Snapshot",
    "actors_compatible",
    "compatible",
    "lock",
    "rebuild",
    "refresh_all",
    "relink",
    "side1_names",
    "snapshot",
]
