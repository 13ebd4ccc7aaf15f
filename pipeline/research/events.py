"""Coded events for researchers as pandas DataFrames: events, incidents, counts of incidents, appointments.

    from pipeline.research.events import appointments, event_counts, events

    # NRF attacks on the Taliban per province per month
    event_counts(by=("province", "month"), actor1="NRF", actor2="Taliban")

    # Which commanders were appointed in Baghlan since 2022?
    appointments(province="Baghlan", since="2022-01-01")

An *event* is one coded event of one article (table `events`): an ACLED event type and sub-type, the
actors on each side, where, when and how many died, with the sentence it was coded from. The reports of
one real-world event by several articles link to one *incident* (table `incidents`), and every count here
is of incidents: a clash reported by five outlets counts once, with `reports` = 5.

Every function reads the configured database unless given `database_url=`, `settings=` or `db=`, and takes
the filters of `frontwatch query events`:

- `type`, `subtype`: event type and sub-type, any case ("battles", "Armed clash") or a unique beginning;
- `actor1`, `actor2`: a name on side 1 (who acted) or side 2 (who was acted on); `actor`: on either side.
  Group names resolve through their aliases ("NRF" is the National Resistance Front);
- `province`, `district`: where it took place (aliases resolve);
- `since`, `until`: the event date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD);
- `include_historical`: keep events the text places years back (default: left out).

Several values of one filter are alternatives (`province=("Baghlan", "Takhar")`); different filters must
all hold. A name that matches no entity and no stored value is an error (`QueryError`), not an empty
answer. Events of copies of a story (`articles.duplicate_of`) are never returned or counted.

Counting keys for `event_counts(by=...)`: month, year, province, district, event_type, sub_event_type,
actor1, actor2 (one row per name on that side of an incident).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Integer,
    String,
    Text,
    column,
    distinct,
    false,
    func,
    or_,
    select,
    table,
)
from sqlalchemy.engine import Connection

from models.db import Database
from models.incidents import UNIDENTIFIED
from models.schema import Article, Entity, EventActor, Incident, Source, UTCDateTime
from models.schema import Event as EventRow
from pipeline.research.api import QueryError, _frame, _Session, _values, _when
from pipeline.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "APPOINTMENT_COLUMNS",
    "EVENT_BY_KEYS",
    "EVENT_COLUMNS",
    "EVENT_TYPES",
    "INCIDENT_COLUMNS",
    "EventFilters",
    "appointments",
    "event_counts",
    "events",
]

#: ACLED's event types and sub-types, plus frontwatch's Appointment and Dismissal (strategic developments).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Chemical weapon",
        "Grenade",
        "Remote explosive/landmine/IED",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
    ),
    "Violence against civilians": ("Abduction/forced disappearance", "Attack", "Sexual violence"),
    "Protests": ("Excessive force against protesters", "Peaceful protest", "Protest with intervention"),
    "Riots": ("Mob violence", "Violent demonstration"),
    "Strategic developments": (
        "Agreement",
        "Appointment",
        "Arrests",
        "Change to group/activity",
        "Dismissal",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

EVENT_BY_KEYS = ("month", "year", "province", "district", "event_type", "sub_event_type", "actor1", "actor2")

EVENT_COLUMNS = (
    "event_id",
    "incident_id",
    "article_id",
    "url",
    "source",
    "published_at",
    "title",
    "event_type",
    "sub_event_type",
    "event_date",
    "date_precision",
    "month",
    "actor1",
    "actor2",
    "claimed_by",
    "report_status",
    "province",
    "district",
    "place",
    "pcode",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "injured",
    "fatality_source",
    "figures",
    "historical",
    "appointee",
    "post",
    "sentence",
    "start",
    "end",
    "method",
    "confidence",
    "coder_version",
)

INCIDENT_COLUMNS = (
    "incident_id",
    "event_type",
    "sub_event_type",
    "event_date",
    "date_precision",
    "month",
    "actor1",
    "actor2",
    "province",
    "district",
    "place",
    "pcode",
    "lat",
    "lon",
    "geo_precision",
    "fatalities_min",
    "fatalities_max",
    "injured_min",
    "injured_max",
    "reports",
    "historical",
    "published_at",
    "url",
    "source",
    "sentence",
)

APPOINTMENT_COLUMNS = (
    "appointee",
    "post",
    "group",
    "place",
    "province",
    "date",
    "until_date",
    "sub_event_type",
    "published_at",
    "url",
    "sentence",
    "event_id",
)

_INT_COLUMNS = (
    "incident_id",
    "geo_precision",
    "fatalities",
    "injured",
    "fatalities_min",
    "fatalities_max",
    "injured_min",
    "injured_max",
    "start",
    "end",
)

#: The `appointments` view (migration 0004): the roles people were given and lost. Its dates are
#: 'YYYY-MM-DD' text on both backends.
_APPOINTMENTS = table(
    "appointments",
    column("event_id", Integer),
    column("appointee", String),
    column("post", String),
    column("place", String),
    column("province", String),
    column("group_name", String),
    column("sub_event_type", String),
    column("date", String),
    column("from_date", String),
    column("until_date", String),
    column("url", String),
    column("published_at", UTCDateTime()),
    column("sentence", Text),
)


@dataclass(frozen=True)
class EventFilters:
    """Which events (or incidents) to keep. Empty tuples mean "all"; names resolve against the database."""

    type: tuple[str, ...] = ()
    subtype: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    actor1: tuple[str, ...] = ()
    actor2: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    district: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None  # exclusive: the day after an inclusive date
    include_historical: bool = False
    resolved: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def make(
        cls,
        *,
        type: str | Iterable[str] | None = None,
        subtype: str | Iterable[str] | None = None,
        actor: str | Iterable[str] | None = None,
        actor1: str | Iterable[str] | None = None,
        actor2: str | Iterable[str] | None = None,
        province: str | Iterable[str] | None = None,
        district: str | Iterable[str] | None = None,
        since: str | date | datetime | None = None,
        until: str | date | datetime | None = None,
        include_historical: bool = False,
    ) -> EventFilters:
        """Filters from loose arguments: strings or lists, comma-separated values, dates as text."""
        start, end = _when(since), _when(until, end=True)
        return cls(
            type=_values(type),
            subtype=_values(subtype),
            actor=_values(actor),
            actor1=_values(actor1),
            actor2=_values(actor2),
            province=_values(province),
            district=_values(district),
            since=start.date() if start is not None else None,
            until=end.date() if end is not None else None,
            include_historical=include_historical,
        )

    def names(self, key: str) -> tuple[str, ...]:
        """The canonical values of one filter (as typed until resolved)."""
        return self.resolved.get(key, getattr(self, key))

    def describe(self) -> str:
        """A short human summary, for figure subtitles and GeoJSON metadata."""
        parts = []
        for key in ("type", "subtype", "actor", "actor1", "actor2", "province", "district"):
            values = self.names(key)
            if values:
                parts.append(f"{key}: {', '.join(values)}")
        last = date.fromordinal(self.until.toordinal() - 1) if self.until else None
        if self.since and last:
            parts.append(f"event dates {self.since} to {last}")
        elif self.since:
            parts.append(f"event dates from {self.since}")
        elif last:
            parts.append(f"event dates up to {last}")
        if self.include_historical:
            parts.append("historical included")
        return "; ".join(parts)


def _filters(filters: EventFilters | None, kwargs: dict[str, Any]) -> EventFilters:
    if filters is not None:
        if kwargs:
            raise TypeError("pass either filters= or filter keywords, not both")
        return filters
    return EventFilters.make(**kwargs)


# -- name resolution ----------------------------------------------------------------------------------------


def _lookup(conn: Connection, kinds: Sequence[str], *columns: Any) -> dict[str, set[str]]:
    """casefolded name or alias -> canonical names: entities of these kinds, and the values stored in `columns`."""
    lookup: dict[str, set[str]] = {}
    if kinds:
        query = select(Entity.name, Entity.aliases).where(Entity.kind.in_(list(kinds)))
        for name, aliases in conn.execute(query):
            for alias in (name, *(aliases or ())):
                lookup.setdefault(str(alias).casefold(), set()).add(name)
    for col in columns:
        for (value,) in conn.execute(select(col).where(col.is_not(None)).distinct()):
            lookup.setdefault(str(value).casefold(), set()).add(value)
    return lookup


def _match(lookup: dict[str, set[str]], values: Sequence[str], what: str) -> tuple[str, ...]:
    """Canonical names for typed values; an unknown value is a QueryError that suggests close names."""
    out: list[str] = []
    for value in values:
        names = lookup.get(value.casefold())
        if not names:
            close = difflib.get_close_matches(value.casefold(), list(lookup), n=3, cutoff=0.6)
            hint = sorted({n for key in close for n in lookup[key]})
            suggestion = f" (did you mean {' or '.join(hint)}?)" if hint else ""
            raise QueryError(f"unknown {what} {value!r}: no {what} of that name is known{suggestion}")
        out.extend(sorted(names))
    return tuple(dict.fromkeys(out))


def _match_vocabulary(known: Iterable[str], values: Sequence[str], what: str) -> tuple[str, ...]:
    """Event (sub-)types: any case, or the unique beginning of one ("explosions", "air/drone")."""
    names = sorted(set(known))
    out: list[str] = []
    for value in values:
        wanted = value.casefold()
        exact = [n for n in names if n.casefold() == wanted]
        found = exact or [n for n in names if n.casefold().startswith(wanted)]
        if len(found) != 1:
            if found:
                raise QueryError(f"{what} {value!r} is ambiguous: {', '.join(found)}")
            raise QueryError(f"unknown {what} {value!r} ({what}s: {', '.join(names)})")
        out.append(found[0])
    return tuple(dict.fromkeys(out))


def _resolve(conn: Connection, f: EventFilters) -> EventFilters:
    ev, actors = EventRow.__table__.c, EventActor.__table__.c
    resolved: dict[str, tuple[str, ...]] = {}
    if f.type:
        stored = [v for (v,) in conn.execute(select(ev.event_type).distinct())]
        resolved["type"] = _match_vocabulary([*EVENT_TYPES, *stored], f.type, "event type")
    if f.subtype:
        stored = [v for (v,) in conn.execute(select(ev.sub_event_type).distinct())]
        known = [s for subtypes in EVENT_TYPES.values() for s in subtypes]
        resolved["subtype"] = _match_vocabulary([*known, *stored], f.subtype, "sub-event type")
    if f.actor or f.actor1 or f.actor2:
        lookup = _lookup(conn, ("group",), actors.name)
        for key in ("actor", "actor1", "actor2"):
            resolved[key] = _match(lookup, getattr(f, key), "actor")
    if f.province:
        resolved["province"] = _match(_lookup(conn, ("province",), ev.province), f.province, "province")
    if f.district:
        resolved["district"] = _match(_lookup(conn, ("district",), ev.district), f.district, "district")
    return EventFilters(
        f.type,
        f.subtype,
        f.actor,
        f.actor1,
        f.actor2,
        f.province,
        f.district,
        f.since,
        f.until,
        f.include_historical,
        resolved,
    )


# -- SQL building blocks ------------------------------------------------------------------------------------


def _month(col: Any, dialect: str) -> Any:
    """'YYYY-MM' of a date column (SQLite stores dates as 'YYYY-MM-DD' text)."""
    if dialect == "postgresql":
        return func.to_char(col, "YYYY-MM", type_=String)
    return func.substr(col, 1, 7, type_=String)


def _year(col: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return func.to_char(col, "YYYY", type_=String)
    return func.substr(col, 1, 4, type_=String)


def _events_and_articles() -> Any:
    """events joined to their article (callers keep originals: `articles.duplicate_of IS NULL`)."""
    ev, a = EventRow.__table__, Article.__table__
    return ev.join(a, a.c.id == ev.c.article_id)


def _named_actors() -> Any:
    """(incident_id, side, name) of every incident, as `incidents.actor1`/`actor2` and `monthly_events` name them.

    The names of its reports' actors, without 'Unidentified Armed Group' on a side where a report names
    the actor. Only original articles' events are linked to incidents, so copies never count.
    """
    ev, x = EventRow.__table__, EventActor.__table__
    linked = (
        select(ev.c.incident_id.label("incident_id"), x.c.side.label("side"), x.c.name.label("name"))
        .select_from(x.join(ev, ev.c.id == x.c.event_id))
        .where(ev.c.incident_id.is_not(None))
        .distinct()
        .subquery()
    )
    other = (
        select(ev.c.incident_id)
        .select_from(x.join(ev, ev.c.id == x.c.event_id))
        .where(
            ev.c.incident_id == linked.c.incident_id,
            x.c.side == linked.c.side,
            x.c.name != UNIDENTIFIED,
        )
    )
    return (
        select(linked.c.incident_id, linked.c.side, linked.c.name)
        .where(or_(linked.c.name != UNIDENTIFIED, ~other.exists()))
        .subquery()
    )


def _incidents_with(names: Sequence[str], side: int | None) -> Any:
    """Ids of incidents with one of `names` on `side` (either side when None)."""
    named = _named_actors()
    query = select(named.c.incident_id).where(named.c.name.in_(list(names)))
    if side is not None:
        query = query.where(named.c.side == side)
    return query


def _events_with(names: Sequence[str], side: int | None) -> Any:
    x = EventActor.__table__
    query = select(x.c.event_id).where(x.c.name.in_(list(names)))
    if side is not None:
        query = query.where(x.c.side == side)
    return query


def _place_date_clauses(cols: Any, f: EventFilters, *, date_column: str = "event_date") -> list[Any]:
    """The filters that read columns events and incidents share: type, place, date, historical."""
    clauses: list[Any] = []
    if f.type:
        clauses.append(cols.event_type.in_(list(f.names("type"))))
    if f.subtype:
        clauses.append(cols.sub_event_type.in_(list(f.names("subtype"))))
    if f.province:
        clauses.append(cols.province.in_(list(f.names("province"))))
    if f.district:
        clauses.append(cols.district.in_(list(f.names("district"))))
    if f.since is not None:
        clauses.append(cols[date_column] >= f.since)
    if f.until is not None:
        clauses.append(cols[date_column] < f.until)
    if not f.include_historical:
        clauses.append(cols.historical == false())
    return clauses


def _event_where(f: EventFilters) -> list[Any]:
    ev, a = EventRow.__table__.c, Article.__table__.c
    clauses = [a.duplicate_of.is_(None), *_place_date_clauses(ev, f)]
    for key, side in (("actor", None), ("actor1", 1), ("actor2", 2)):
        if getattr(f, key):
            clauses.append(ev.id.in_(_events_with(f.names(key), side)))
    return clauses


def _incident_where(f: EventFilters) -> list[Any]:
    i = Incident.__table__.c
    # An incident with no original report left (its articles became copies or were deleted) is not counted.
    clauses = [i.reports > 0, *_place_date_clauses(i, f)]
    for key, side in (("actor", None), ("actor1", 1), ("actor2", 2)):
        if getattr(f, key):
            clauses.append(i.id.in_(_incidents_with(f.names(key), side)))
    return clauses


def _side_names(side: int, names: Sequence[str]) -> Any:
    """(incident_id, name): the names on one side of each incident (only `names` when given)."""
    named = _named_actors()
    query = select(named.c.incident_id, named.c.name).where(named.c.side == side)
    if names:
        query = query.where(named.c.name.in_(list(names)))
    return query.subquery(f"side{side}")


def _ints(frame: pd.DataFrame) -> pd.DataFrame:
    for name in _INT_COLUMNS:
        if name in frame:
            frame[name] = frame[name].astype("Int64")
    return frame


def _actor_names(conn: Connection, event_ids: Sequence[int]) -> dict[tuple[int, int], str]:
    """{(event id, side): 'name; name'} with the names of each side sorted."""
    x = EventActor.__table__.c
    found: dict[tuple[int, int], list[str]] = {}
    for i in range(0, len(event_ids), 500):
        query = (
            select(x.event_id, x.side, x.name)
            .where(x.event_id.in_(list(event_ids[i : i + 500])))
            .order_by(x.event_id, x.side, x.name)
        )
        for event_id, side, name in conn.execute(query):
            names = found.setdefault((event_id, side), [])
            if name not in names:
                names.append(name)
    return {key: "; ".join(names) for key, names in found.items()}


# -- public API ---------------------------------------------------------------------------------------------


def events(
    *,
    incidents: bool = False,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: EventFilters | None = None,
    limit: int | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """One row per coded event of an original article (or per incident with `incidents=True`), newest first."""
    f = _filters(filters, filter_kwargs)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        f = _resolve(conn, f)
        if incidents:
            return _incident_rows(conn, f, database.dialect, limit)
        return _event_rows(conn, f, database.dialect, limit)


def _event_rows(conn: Connection, f: EventFilters, dialect: str, limit: int | None) -> pd.DataFrame:
    import pandas as pd

    ev, a, s = EventRow.__table__, Article.__table__, Source.__table__
    c = ev.c
    query = (
        select(
            c.id.label("event_id"),
            c.incident_id,
            c.article_id,
            a.c.url,
            s.c.name.label("source"),
            a.c.published_at,
            a.c.title,
            c.event_type,
            c.sub_event_type,
            c.event_date,
            c.date_precision,
            _month(c.event_date, dialect).label("month"),
            c.claimed_by,
            c.report_status,
            c.province,
            c.district,
            c.place,
            c.pcode,
            c.lat,
            c.lon,
            c.geo_precision,
            c.fatalities,
            c.injured,
            c.fatality_source,
            c.figures,
            c.historical,
            c.appointee,
            c.post,
            c.sentence,
            c.start_char.label("start"),
            c.end_char.label("end"),
            c.method,
            c.confidence,
            c.coder_version,
        )
        .select_from(_events_and_articles().join(s, s.c.id == a.c.source_id))
        .where(*_event_where(f))
        .order_by(c.event_date.desc().nulls_last(), a.c.published_at.desc(), c.article_id, c.seq)
    )
    if limit:
        query = query.limit(limit)
    frame = _frame(conn.execute(query), ("published_at",))
    names = _actor_names(conn, [int(i) for i in frame["event_id"]]) if not frame.empty else {}
    frame["actor1"] = [names.get((int(i), 1)) for i in frame["event_id"]]
    frame["actor2"] = [names.get((int(i), 2)) for i in frame["event_id"]]
    # Lists of {"kind", "count", "source", "text"}: nested in JSON and Parquet, JSON text in CSV.
    frame["figures"] = [list(v or []) for v in frame["figures"]]
    frame["historical"] = frame["historical"].astype(bool)
    if frame.empty:
        frame = pd.DataFrame(columns=list(EVENT_COLUMNS))
    return _ints(frame[list(EVENT_COLUMNS)])


def _incident_rows(conn: Connection, f: EventFilters, dialect: str, limit: int | None) -> pd.DataFrame:
    import pandas as pd

    i = Incident.__table__.c
    query = (
        select(
            i.id.label("incident_id"),
            i.event_type,
            i.sub_event_type,
            i.event_date,
            i.date_precision,
            _month(i.event_date, dialect).label("month"),
            i.actor1,
            i.actor2,
            i.province,
            i.district,
            i.place,
            i.pcode,
            i.lat,
            i.lon,
            i.geo_precision,
            i.fatalities_min,
            i.fatalities_max,
            i.injured_min,
            i.injured_max,
            i.reports,
            i.historical,
            i.first_published_at.label("published_at"),
        )
        .where(*_incident_where(f))
        .order_by(i.event_date.desc().nulls_last(), i.first_published_at.desc(), i.id)
    )
    if limit:
        query = query.limit(limit)
    frame = _frame(conn.execute(query), ("published_at",))
    if frame.empty:
        return pd.DataFrame(columns=list(INCIDENT_COLUMNS))
    first = _first_reports(conn, [int(v) for v in frame["incident_id"]])
    for key in ("url", "source", "sentence"):
        frame[key] = [first.get(int(v), {}).get(key) for v in frame["incident_id"]]
    frame["historical"] = frame["historical"].astype(bool)
    frame["reports"] = frame["reports"].astype("int64")
    return _ints(frame[list(INCIDENT_COLUMNS)])


def _first_reports(conn: Connection, incident_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The earliest original report of each incident: its URL, source and sentence."""
    ev, a, s = EventRow.__table__, Article.__table__, Source.__table__
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(incident_ids), 500):
        query = (
            select(ev.c.incident_id, a.c.url, s.c.name, ev.c.sentence)
            .select_from(_events_and_articles().join(s, s.c.id == a.c.source_id))
            .where(ev.c.incident_id.in_(list(incident_ids[i : i + 500])), a.c.duplicate_of.is_(None))
            .order_by(ev.c.incident_id, a.c.published_at.is_(None), a.c.published_at, a.c.id, ev.c.seq)
        )
        for incident_id, url, source, sentence in conn.execute(query):
            out.setdefault(incident_id, {"url": url, "source": source, "sentence": sentence})
    return out


def event_counts(
    by: str | Sequence[str] = ("province", "month"),
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: EventFilters | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """Incidents (not reports) per combination of `by` keys, with their reports and fatalities.

    `reports` is the number of original articles' events linked to those incidents; `fatalities` the sum
    of each incident's lowest reported death toll (0 when no report gave one), as in `monthly_events`.
    """
    keys = _by(by)
    f = _filters(filters, filter_kwargs)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        f = _resolve(conn, f)
        frame = _frame(conn.execute(_counts_query(f, keys, database.dialect)))
    for name in ("incidents", "reports", "fatalities"):
        frame[name] = frame[name].fillna(0).astype("int64")
    return frame


def _by(by: str | Sequence[str]) -> list[str]:
    keys = list(_values(by))
    for key in keys:
        if key not in EVENT_BY_KEYS:
            raise QueryError(f"cannot count events by {key!r} (keys: {', '.join(EVENT_BY_KEYS)})")
    return keys


def _counts_query(f: EventFilters, keys: Sequence[str], dialect: str) -> Any:
    incidents = Incident.__table__
    i = incidents.c
    source: Any = incidents
    columns: dict[str, Any] = {
        "month": _month(i.event_date, dialect),
        "year": _year(i.event_date, dialect),
        "province": i.province,
        "district": i.district,
        "event_type": i.event_type,
        "sub_event_type": i.sub_event_type,
    }
    for side in (1, 2):
        key = f"actor{side}"
        if key in keys:
            # One row per name on that side; with a filter on the same side, only the names asked for.
            names = f.names(key) if getattr(f, key) else ()
            sides = _side_names(side, names)
            on = sides.c.incident_id == i.id
            source = source.join(sides, on) if names else source.outerjoin(sides, on)
            columns[key] = sides.c.name
    # Each incident once per combination of keys, then counted and summed.
    inner = (
        select(*(columns[k].label(k) for k in keys), i.id, i.reports, i.fatalities_min)
        .select_from(source)
        .where(*_incident_where(f))
        .distinct()
    )
    if "month" in keys or "year" in keys:
        inner = inner.where(i.event_date.is_not(None))
    rows = inner.subquery("counted")
    r = rows.c
    incidents_count = func.count(distinct(r.id))
    query = select(
        *(r[k] for k in keys),
        incidents_count.label("incidents"),
        func.sum(r.reports).label("reports"),
        func.coalesce(func.sum(r.fatalities_min), 0).label("fatalities"),
    ).select_from(rows)
    if not keys:
        return query
    dated = [r[k] for k in keys if k in ("month", "year")]
    return query.group_by(*(r[k] for k in keys)).order_by(
        *dated, incidents_count.desc(), *(r[k].asc().nulls_last() for k in keys)
    )


def appointments(
    *,
    province: str | Iterable[str] | None = None,
    group: str | Iterable[str] | None = None,
    appointee: str | Iterable[str] | None = None,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    include_dismissals: bool = False,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Appointments (and with `include_dismissals`, dismissals) from the `appointments` view, newest first.

    `group` is the appointing group, `until_date` the date the post passed to someone else or the person
    was dismissed from it (empty while held, as far as the articles tell).
    """
    import pandas as pd

    v = _APPOINTMENTS.c
    start, end = _when(since), _when(until, end=True)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        clauses: list[Any] = []
        if not include_dismissals:
            clauses.append(v.sub_event_type == "Appointment")
        if province:
            names = _match(_lookup(conn, ("province",), v.province), _values(province), "province")
            clauses.append(v.province.in_(list(names)))
        if group:
            # group_name joins the side-1 names: match each of them, not the joined text.
            names = _match(_lookup(conn, ("group",), EventActor.__table__.c.name), _values(group), "group")
            clauses.append(v.event_id.in_(_events_with(names, 1)))
        if appointee:
            names = _match(_lookup(conn, ("commander",), v.appointee), _values(appointee), "appointee")
            clauses.append(v.appointee.in_(list(names)))
        if start is not None:
            clauses.append(v.date >= start.date().isoformat())
        if end is not None:
            clauses.append(v.date < end.date().isoformat())
        query = (
            select(
                v.appointee,
                v.post,
                v.group_name.label("group"),
                v.place,
                v.province,
                v.date,
                v.until_date,
                v.sub_event_type,
                v.published_at,
                v.url,
                v.sentence,
                v.event_id,
            )
            .where(*clauses)
            .order_by(v.date.desc().nulls_last(), v.published_at.desc(), v.event_id)
        )
        if limit:
            query = query.limit(limit)
        frame = _frame(conn.execute(query), ("published_at",))
    if frame.empty:
        return pd.DataFrame(columns=list(APPOINTMENT_COLUMNS))
    for name in ("date", "until_date"):
        frame[name] = [date.fromisoformat(v) if isinstance(v, str) else None for v in frame[name]]
    return frame[list(APPOINTMENT_COLUMNS)]
