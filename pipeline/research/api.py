"""Answers for researchers as pandas DataFrames: mentions, articles, counts, top entities and commanders.

    from pipeline.research import mentions, counts

    # Where were the NRF and the Taliban named together with a place this year, month by month?
    counts(by=("province", "month"), kind=("province", "district", "place"),
           group=("NRF", "Taliban"), since="2026-01-01")

(Co-occurrence in a sentence, not events: for coded attacks, clashes and appointments see
`pipeline.research.events`.)

Every function reads the configured database (`config.toml` / `FRONTWATCH_DATABASE_URL`) unless it is given
`database_url=` or `settings=`, and accepts the same filters as `frontwatch query`:

- `kind`: mention kinds (province, district, place, group, commander);
- `name`: canonical entity names or any of their aliases, case-insensitive ("NRF", "hilmand");
- `province`: the province of a place mention (a province, or the province of a district or place);
- `group`: only mentions in a sentence that also names this group (a commander of the group counts too);
  several groups must all be named in the sentence;
- `source`: source names; `since` / `until`: publication dates, inclusive (YYYY-MM-DD, UTC);
- `include_duplicates`: count copies of a story (default: originals only);
- `include_datelines`: count the filing place of an article ("KABUL -") as a mention (default: no).

Counting keys for `by`: month, year, day, province, province_pcode, kind, name, group, source.

What the numbers mean, everywhere (this module, `frontwatch query|export|plot`, the views, the GeoJSON and
the canned queries of `frontwatch serve` all count this way, and tests/research/test_figures_agree.py checks
that they agree):

- *mentions of X*: mention rows whose entity is X (or, with `by` keys, that fall in the row's cell);
- *articles naming X*: distinct articles with at least one such mention;
- the `group` key: the group itself for a group mention; for any other mention, each group named in the
  same sentence.  A mention is counted once per group, however often the sentence names that group, so
  `--by group --kind group` counts mentions of each group (as `--by name`), and `--by province,group`
  gives the same numbers as `--by province --group G` for each G.

Originals only and no datelines unless asked.
`counts` reads the rollup tables (`models/rollup.py`) when they can answer exactly (whole months, split by
province, at most one group) and the base tables otherwise; the numbers are the same either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    distinct,
    exists,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from models import rollup
from models.db import Database, open_database
from models.schema import Article, Entity, GroupProvinceCount, Mention, MentionCount, Source
from pipeline.dates import parse_since
from pipeline.errors import DatabaseError, FrontwatchError
from pipeline.settings import Settings, load_settings

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

KINDS = ("province", "district", "place", "group", "commander")
PLACE_KINDS = ("province", "district", "place")
BY_KEYS = ("month", "year", "day", "province", "province_pcode", "kind", "name", "group", "source")

__all__ = ["BY_KEYS", "KINDS", "Filters", "articles", "commanders", "connect", "counts", "mentions", "top"]


class QueryError(FrontwatchError):
    """A research query with an unknown kind, grouping key or date."""


@dataclass(frozen=True)
class Filters:
    """What to keep. Empty tuples mean "all"; names are resolved against entity names and aliases."""

    kind: tuple[str, ...] = ()
    name: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None  # exclusive upper bound (the day after an inclusive date)
    include_duplicates: bool = False
    include_datelines: bool = False
    resolved: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def make(
        cls,
        *,
        kind: str | Iterable[str] | None = None,
        name: str | Iterable[str] | None = None,
        province: str | Iterable[str] | None = None,
        group: str | Iterable[str] | None = None,
        source: str | Iterable[str] | None = None,
        since: str | date | datetime | None = None,
        until: str | date | datetime | None = None,
        include_duplicates: bool = False,
        include_datelines: bool = False,
    ) -> Filters:
        """Filters from loose arguments: strings or lists, comma-separated values, dates as text."""
        kinds = _values(kind)
        for k in kinds:
            if k not in KINDS:
                raise QueryError(f"unknown kind {k!r} (kinds: {', '.join(KINDS)})")
        return cls(
            kind=kinds,
            name=_values(name),
            province=_values(province),
            group=_values(group),
            source=_values(source),
            since=_when(since),
            until=_when(until, end=True),
            include_duplicates=include_duplicates,
            include_datelines=include_datelines,
        )

    def describe(self) -> str:
        """A short human summary, for figure subtitles and logs."""
        parts = []
        for key in ("kind", "name", "province", "group", "source"):
            values = self.resolved.get(key) or getattr(self, key)
            if values:
                parts.append(f"{key}: {', '.join(values)}")
        if self.include_duplicates:
            parts.append("duplicates included")
        if self.include_datelines:
            parts.append("datelines included")
        return "; ".join(parts)


def _values(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        out.extend(v.strip() for v in str(item).split(",") if v.strip())
    return tuple(dict.fromkeys(out))


def _when(value: str | date | datetime | None, *, end: bool = False) -> datetime | None:
    """A UTC datetime; a bare date as an upper bound means the whole day (the next midnight, exclusive)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value if value.tzinfo else value.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    if isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return parsed + timedelta(days=1) if end else parsed
    text = str(value).strip()
    if len(text) == 7 and text[4] == "-":  # YYYY-MM: the whole month
        text += "-01"
        if end:
            start = parse_since(text)
            return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    if len(text) == 4 and text.isdigit():  # YYYY: the whole year
        start = parse_since(f"{text}-01-01")
        return start.replace(year=start.year + 1) if end else start
    parsed = parse_since(text)
    if end and len(text) == 10:
        return parsed + timedelta(days=1)
    return parsed


# -- connections --------------------------------------------------------------------------------------------


def connect(database_url: str | None = None, settings: Settings | None = None) -> Database:
    """Open the database for reading (no migration); a missing SQLite file is an error, not a new file."""
    url = database_url or (settings or load_settings()).database.url
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"database URL {url!r} is not a valid SQLAlchemy URL") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        if not path.exists():
            raise DatabaseError(f"no database at {path}: run `frontwatch run` first, or pass another URL")
    return open_database(url, migrate_schema=False)


class _Session:
    """One database for the duration of a research call (closed afterwards unless it was passed in)."""

    def __init__(self, database_url: str | None, settings: Settings | None, db: Database | None):
        self.own = db is None
        self.db = db or connect(database_url, settings)

    def __enter__(self) -> Database:
        return self.db

    def __exit__(self, *exc: object) -> None:
        if self.own:
            self.db.dispose()


# -- SQL building blocks ----------------------------------------------------------------------------------


def month_expr(column: Any, dialect: str) -> ColumnElement[str]:
    """'YYYY-MM' (UTC) of a timestamp column, on SQLite and PostgreSQL."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM", type_=String)
    return func.substr(column, 1, 7, type_=String)  # SQLite stores 'YYYY-MM-DD HH:MM:SS' text


def day_expr(column: Any, dialect: str) -> ColumnElement[str]:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD", type_=String)
    return func.substr(column, 1, 10, type_=String)


def year_expr(column: Any, dialect: str) -> ColumnElement[str]:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY", type_=String)
    return func.substr(column, 1, 4, type_=String)


class _Tables:
    """Aliases of the tables one query joins."""

    def __init__(self) -> None:
        from sqlalchemy.orm import aliased

        self.m = aliased(Mention, name="m")
        self.a = aliased(Article, name="a")
        self.s = aliased(Source, name="s")
        self.e = aliased(Entity, name="e")
        self.p = aliased(Entity, name="p")  # the province entity of a place

    @property
    def province(self) -> ColumnElement[str]:
        return case((self.e.kind == "province", self.e.name), else_=self.e.province)


def _resolve(conn: Connection, kinds: Sequence[str] | None, values: Sequence[str]) -> tuple[str, ...]:
    """Canonical names for user-typed names or aliases (case-insensitive); unknown names are kept as typed."""
    if not values:
        return ()
    query = select(Entity.kind, Entity.name, Entity.aliases)
    if kinds:
        query = query.where(Entity.kind.in_(list(kinds)))
    lookup: dict[str, set[str]] = {}
    for _kind, name, aliases in conn.execute(query):
        for alias in (name, *(aliases or ())):
            lookup.setdefault(str(alias).casefold(), set()).add(name)
    out: list[str] = []
    for value in values:
        names = lookup.get(value.casefold())
        if names:
            out.extend(sorted(names))
        else:
            log.warning("no entity is called %r; it matches nothing", value)
            out.append(value)
    return tuple(dict.fromkeys(out))


def _check_known(conn: Connection, f: Filters) -> None:
    """An unknown source, group or province in a filter is an error listing the known ones, not an empty answer."""
    from pipeline.errors import UnknownNameError, UnknownSourceError

    if f.source:
        known = sorted(conn.execute(select(Source.name)).scalars())
        for name in f.source:
            if name not in known:
                raise UnknownSourceError(f"unknown source {name!r}; known sources: "
                                         f"{', '.join(known) or '(none stored yet)'}")
    for kind, values in (("group", f.group), ("province", f.province)):
        if not values:
            continue
        names: set[str] = set()
        lookup: set[str] = set()
        for name, aliases in conn.execute(select(Entity.name, Entity.aliases).where(Entity.kind == kind)):
            names.add(name)
            lookup.update(str(a).casefold() for a in (name, *(aliases or ())))
        if not names:
            continue  # no gazetteer seeded (an empty database): nothing to check against
        for value in values:
            if value.casefold() not in lookup:
                raise UnknownNameError(f"unknown {kind} {value!r}; known {kind}s (names or aliases): "
                                       f"{', '.join(sorted(names))}")


def _resolve_filters(conn: Connection, f: Filters) -> Filters:
    _check_known(conn, f)
    resolved = {
        "name": _resolve(conn, f.kind or None, f.name),
        "province": _resolve(conn, ("province",), f.province),
        "group": _resolve(conn, ("group",), f.group),
    }
    return Filters(
        f.kind,
        f.name,
        f.province,
        f.group,
        f.source,
        f.since,
        f.until,
        f.include_duplicates,
        f.include_datelines,
        resolved,
    )


def _where(t: _Tables, f: Filters) -> list[ColumnElement[bool]]:
    """WHERE clauses of a mention query for these (resolved) filters."""
    clauses: list[ColumnElement[bool]] = []
    if not f.include_duplicates:
        # Written so that SQLite does not pick the (unselective) duplicate_of index over the date index:
        # ix_articles_published_dup covers published_at, duplicate_of and source_id in one range scan.
        clauses.append(func.coalesce(t.a.duplicate_of, 0) == 0)
    if not f.include_datelines:
        clauses.append(or_(t.m.role.is_(None), t.m.role != "dateline"))
    if f.kind:
        clauses.append(t.m.kind.in_(list(f.kind)))
    names = f.resolved.get("name", f.name)
    if names:
        clauses.append(t.e.name.in_(list(names)))
    provinces = f.resolved.get("province", f.province)
    if provinces:
        clauses.append(t.province.in_(list(provinces)))
    if f.source:
        clauses.append(t.s.name.in_(list(f.source)))
    if f.since is not None:
        clauses.append(t.a.published_at >= f.since)
    if f.until is not None:
        clauses.append(t.a.published_at < f.until)
    for group in f.resolved.get("group", f.group):
        clauses.append(or_(func.coalesce(t.m.group_name, t.e.group_name) == group, _same_sentence(t, group)))
        if f.kind and "commander" not in f.kind:
            # Only articles that name the group at all: lets the database start from the group's mentions.
            clauses.append(t.m.article_id.in_(_articles_naming(group)))
    return clauses


def _articles_naming(group: str) -> Select[Any]:
    from sqlalchemy.orm import aliased

    gm = aliased(Mention, name="gm0")
    ge = aliased(Entity, name="ge0")
    return select(gm.article_id).where(
        gm.kind == "group",
        gm.entity_id == select(ge.id).where(ge.kind == "group", ge.name == group).scalar_subquery(),
    )


def _same_sentence(t: _Tables, group: str) -> ColumnElement[bool]:
    """A mention of `group` in the same sentence of the same article."""
    from sqlalchemy.orm import aliased

    gm = aliased(Mention, name="gm")
    ge = aliased(Entity, name="ge")
    return exists(
        select(gm.id)
        .join(ge, ge.id == gm.entity_id)
        .where(
            gm.article_id == t.m.article_id, gm.kind == "group", gm.sentence == t.m.sentence, ge.name == group
        )
    )


def _from(t: _Tables, query: Select, *, provinces: bool = True, sources: bool = True) -> Select:  # type: ignore[type-arg]
    query = query.select_from(t.m).join(t.a, t.a.id == t.m.article_id)
    if sources:
        query = query.join(t.s, t.s.id == t.a.source_id)
    query = query.join(t.e, t.e.id == t.m.entity_id)
    if provinces:
        query = query.outerjoin(t.p, and_(t.p.kind == "province", t.p.name == t.province))
    return query


def _frame(result: Any, datetimes: Sequence[str] = ()) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records(list(result), columns=list(result.keys()))
    for column in datetimes:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _filters(filters: Filters | None, kwargs: dict[str, Any]) -> Filters:
    if filters is not None:
        if kwargs:
            raise TypeError("pass either filters= or filter keywords, not both")
        return filters
    return Filters.make(**kwargs)


# -- public API --------------------------------------------------------------------------------------------

MENTION_COLUMNS = (
    "mention_id",
    "article_id",
    "published_at",
    "month",
    "source",
    "url",
    "article_title",
    "kind",
    "name",
    "text",
    "province",
    "province_pcode",
    "pcode",
    "group",
    "title",
    "role",
    "sentence",
    "is_duplicate",
)


def mentions(
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: Filters | None = None,
    limit: int | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """One row per mention (the `article_mentions` view), newest first, with the filters applied."""
    f = _filters(filters, filter_kwargs)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        f = _resolve_filters(conn, f)
        t = _Tables()
        dialect = database.dialect
        query = (
            _from(
                t,
                select(
                    t.m.id.label("mention_id"),
                    t.a.id.label("article_id"),
                    t.a.published_at.label("published_at"),
                    month_expr(t.a.published_at, dialect).label("month"),
                    t.s.name.label("source"),
                    t.a.url.label("url"),
                    t.a.title.label("article_title"),
                    t.m.kind.label("kind"),
                    t.e.name.label("name"),
                    t.m.text.label("text"),
                    t.province.label("province"),
                    t.p.pcode.label("province_pcode"),
                    t.e.pcode.label("pcode"),
                    func.coalesce(t.m.group_name, t.e.group_name).label("group"),
                    t.m.title.label("title"),
                    t.m.role.label("role"),
                    t.m.sentence.label("sentence"),
                    case((t.a.duplicate_of.is_(None), False), else_=True).label("is_duplicate"),
                ),
            )
            .where(*_where(t, f))
            .order_by(t.a.published_at.desc(), t.a.id, t.m.start)
        )
        if limit:
            query = query.limit(limit)
        return _frame(conn.execute(query), ("published_at",))


def articles(
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: Filters | None = None,
    limit: int | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """One row per article with at least one matching mention, newest first, with the matched names."""
    import pandas as pd

    f = _filters(filters, filter_kwargs)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        f = _resolve_filters(conn, f)
        t = _Tables()
        query = (
            _from(
                t,
                select(
                    t.a.id.label("article_id"),
                    t.a.published_at.label("published_at"),
                    t.s.name.label("source"),
                    t.a.url.label("url"),
                    t.a.title.label("title"),
                    t.a.duplicate_of.label("duplicate_of"),
                    func.count().label("mentions"),
                ),
                provinces=bool(f.province),
            )
            .where(*_where(t, f))
            .group_by(t.a.id, t.a.published_at, t.s.name, t.a.url, t.a.title, t.a.duplicate_of)
            .order_by(t.a.published_at.desc(), t.a.id)
        )
        if limit:
            query = query.limit(limit)
        frame = _frame(conn.execute(query), ("published_at",))
        if frame.empty:
            frame["names"] = pd.Series(dtype=str)
            return frame
        # The matched names per article, in a second small query over just these articles.
        names: dict[int, list[str]] = {}
        ids = [int(i) for i in frame["article_id"]]
        for i in range(0, len(ids), 500):
            q = (
                _from(t, select(t.a.id, t.e.name).distinct(), provinces=bool(f.province))
                .where(*_where(t, f), t.a.id.in_(ids[i : i + 500]))
                .order_by(t.a.id, t.e.name)
            )
            for article_id, name in conn.execute(q):
                names.setdefault(article_id, []).append(name)
        frame["names"] = ["; ".join(names.get(int(i), [])) for i in frame["article_id"]]
        frame["duplicate_of"] = frame["duplicate_of"].astype("Int64")
        return frame


def counts(
    by: str | Sequence[str] = ("province", "month"),
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: Filters | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """Mentions and distinct articles per combination of `by` keys (e.g. province and month)."""
    keys = _by(by)
    f = _filters(filters, filter_kwargs)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        f = _resolve_filters(conn, f)
        query = _rollup_counts_query(conn, f, keys)
        if query is None:
            query = _counts_query(f, keys, database.dialect)
        frame = _frame(conn.execute(query))
    for column in ("mentions", "articles"):
        frame[column] = frame[column].astype("int64")
    return frame


def _by(by: str | Sequence[str]) -> list[str]:
    keys = list(_values(by))
    for key in keys:
        if key not in BY_KEYS:
            raise QueryError(f"cannot count by {key!r} (keys: {', '.join(BY_KEYS)})")
    return keys


def _counts_query(f: Filters, keys: Sequence[str], dialect: str) -> Select[Any]:
    from sqlalchemy.orm import aliased

    t = _Tables()
    columns: dict[str, Any] = {
        "month": month_expr(t.a.published_at, dialect),
        "year": year_expr(t.a.published_at, dialect),
        "day": day_expr(t.a.published_at, dialect),
        "province": t.province,
        "province_pcode": t.p.pcode,
        "kind": t.m.kind,
        "name": t.e.name,
        "source": t.s.name,
    }
    gm = aliased(Mention, name="cm")
    ge = aliased(Entity, name="cge")
    by_group = "group" in keys
    if by_group:
        columns["group"] = ge.name
    selected = [columns[k].label(k) for k in keys]
    # By group, a mention joins once per group mention of its sentence: count each mention once.
    mentions = func.count(distinct(t.m.id)) if by_group else func.count()
    query = _from(
        t,
        select(*selected, mentions.label("mentions"), func.count(distinct(t.a.id)).label("articles")),
        provinces="province_pcode" in keys,
        sources="source" in keys or bool(f.source),
    )
    if by_group:
        # A group mention's group is itself (not the other groups of its sentence); any other mention's
        # groups are those named in its sentence.
        query = query.join(
            gm,
            and_(
                gm.article_id == t.m.article_id,
                gm.kind == "group",
                gm.sentence == t.m.sentence,
                or_(t.m.kind != "group", gm.id == t.m.id),
            ),
        ).join(ge, ge.id == gm.entity_id)
    query = query.where(*_where(t, f))
    if any(k in keys for k in ("month", "year", "day")):
        query = query.where(t.a.published_at.is_not(None))
    group_by = [columns[k] for k in keys]
    order = [columns[k] for k in keys if k in ("month", "year", "day")]
    return query.group_by(*group_by).order_by(*order, mentions.desc(), *group_by)


ROLLUP_KEYS = frozenset(("month", "year", "province", "province_pcode", "kind", "source", "group"))


def _month_start(value: datetime) -> str | None:
    """'YYYY-MM' when `value` is the first instant of a month (UTC), else None."""
    value = value.astimezone(UTC)
    if (value.day, value.hour, value.minute, value.second, value.microsecond) != (1, 0, 0, 0, 0):
        return None
    return value.strftime("%Y-%m")


def _rollup_counts_query(conn: Connection, f: Filters, keys: Sequence[str]) -> Select[Any] | None:
    """The same counts as `_counts_query`, from the rollup tables; None when they cannot answer exactly.

    They hold originals without datelines, per month, province, kind, source (and group named in the same
    sentence), so they answer whole months, any kinds, provinces, sources and one group, as long as each
    counted row is within one province (distinct articles do not add up across provinces).
    """
    if f.include_duplicates or f.include_datelines or f.name:
        return None
    if not set(keys) <= ROLLUP_KEYS:
        return None
    if not inspect(conn).has_table(MentionCount.__tablename__):
        return None  # a database not yet migrated to 0003 (research connections never migrate)
    provinces = f.resolved.get("province", f.province)
    if "province" not in keys and len(provinces) != 1:
        return None
    since = _month_start(f.since) if f.since is not None else ""
    until = _month_start(f.until) if f.until is not None else ""
    if since is None or until is None:
        return None
    groups = f.resolved.get("group", f.group)
    by_group = "group" in keys
    if by_group or groups:
        # Co-occurrence of places with a group: the rollup holds place mentions only.
        if len(groups) > 1 or (by_group and groups):
            return None
        if not f.kind or not set(f.kind) <= set(PLACE_KINDS):
            return None
        if groups and _places_with_own_group(conn, f.kind):
            return None  # a place mention with a group of its own matches the filter outside the sentence
        table: Any = GroupProvinceCount.__table__
        r = table.c
        mentions = func.sum(r.mentions)  # each place mention once per group, not per (group, place) pair
    else:
        if not f.kind and _other_kinds(conn):
            return None  # kinds outside KINDS share one bit of `earlier_kinds`
        table = MentionCount.__table__
        r = table.c
        mentions = func.sum(r.mentions)
    # Each article counts once: on the row of its first kind among those asked for (unless split by kind).
    mask = 0 if "kind" in keys else (rollup.kinds_mask(f.kind) if f.kind else rollup.ALL_KINDS_MASK)
    articles = func.sum(case((r.earlier_kinds.op("&")(mask) == 0, r.articles), else_=0))
    province = func.nullif(r.province, "")
    source_table: Any = Source.__table__
    province_table = Entity.__table__.alias("p")
    p = province_table.c
    columns: dict[str, Any] = {
        "month": r.month,
        "year": func.substr(r.month, 1, 4, type_=String),
        "province": province,
        "province_pcode": p.pcode,
        "kind": r.kind,
        "source": source_table.c.name,
        "group": r.group_name if by_group else None,
    }
    select_from = table
    if "source" in keys:
        select_from = select_from.join(source_table, source_table.c.id == r.source_id)
    if "province_pcode" in keys:
        select_from = select_from.outerjoin(province_table, and_(p.kind == "province", p.name == province))
    query = select(
        *(columns[k].label(k) for k in keys),
        mentions.label("mentions"),
        articles.label("articles"),
    ).select_from(select_from)
    clauses: list[ColumnElement[bool]] = []
    if f.kind:
        clauses.append(r.kind.in_(list(f.kind)))
    if provinces:
        clauses.append(r.province.in_(list(provinces)))
    if f.source:
        clauses.append(r.source_id.in_(select(Source.id).where(Source.name.in_(list(f.source)))))
    if groups:
        clauses.append(r.group_name == groups[0])
    if since:
        clauses.append(r.month >= since)
    if until:
        clauses.append(r.month < until)
    if since or until or any(k in keys for k in ("month", "year")):
        clauses.append(r.month != "")  # undated articles
    group_by = [columns[k] for k in keys]
    order = [columns[k] for k in keys if k in ("month", "year")]
    return query.where(*clauses).group_by(*group_by).order_by(*order, mentions.desc(), *group_by)


def _other_kinds(conn: Connection) -> bool:
    """Whether mentions of kinds other than KINDS are counted (never, with the frontwatch tagger)."""
    query = select(MentionCount.kind).where(MentionCount.kind.not_in(KINDS))
    return conn.execute(query.limit(1)).first() is not None


def _places_with_own_group(conn: Connection, kinds: Sequence[str]) -> bool:
    """Whether any counted mention of these kinds carries a group itself (commanders do, places never should)."""
    query = select(MentionCount.kind).where(MentionCount.kind.in_(list(kinds)), MentionCount.with_group > 0)
    return conn.execute(query.limit(1)).first() is not None


def top(
    n: int = 10,
    by: str | Sequence[str] = (),
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: Filters | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """The `n` most mentioned entities (kind, name), overall or within each combination of `by` keys."""
    keys = [k for k in _by(by) if k not in ("kind", "name")]
    frame = counts(
        [*keys, "kind", "name"],
        database_url=database_url,
        settings=settings,
        db=db,
        filters=_filters(filters, filter_kwargs),
    )
    frame = frame.sort_values(
        [*keys, "mentions", "articles", "name"],
        ascending=[True] * len(keys) + [False, False, True],
        kind="stable",
    )
    if keys:
        frame = frame.groupby(keys, sort=False, dropna=False).head(n)
        frame.insert(len(keys), "rank", frame.groupby(keys, sort=False, dropna=False).cumcount() + 1)
    else:
        frame = frame.head(n)
        frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.reset_index(drop=True)


def commanders(
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    db: Database | None = None,
    filters: Filters | None = None,
    **filter_kwargs: Any,
) -> pd.DataFrame:
    """Commanders with their group, title, role, the provinces named beside them, first and last seen."""
    import pandas as pd
    from sqlalchemy.orm import aliased

    f = _filters(filters, filter_kwargs)
    with _Session(database_url, settings, db) as database, database.engine.connect() as conn:
        f = _resolve_filters(conn, f)
        t = _Tables()
        pm = aliased(Mention, name="pm")
        pe = aliased(Entity, name="pe")
        place_province = case((pe.kind == "province", pe.name), else_=pe.province)
        # Commander filters: names, group of the commander, sources and dates; provinces are matched below.
        commander_filters = Filters(
            ("commander",),
            f.name,
            (),
            (),
            f.source,
            f.since,
            f.until,
            f.include_duplicates,
            True,
            {"name": f.resolved.get("name", ())},
        )
        clauses = _where(t, commander_filters)
        groups = f.resolved.get("group", ())
        if groups:
            clauses.append(func.coalesce(t.m.group_name, t.e.group_name).in_(list(groups)))
        query = (
            _from(
                t,
                select(
                    t.e.name.label("name"),
                    func.coalesce(t.m.group_name, t.e.group_name).label("group"),
                    t.m.title.label("title"),
                    t.m.role.label("role"),
                    t.m.id.label("mention_id"),
                    t.a.id.label("article_id"),
                    t.a.published_at.label("published_at"),
                    place_province.label("province"),
                ),
                provinces=False,
            )
            .outerjoin(
                pm,
                and_(
                    pm.article_id == t.m.article_id,
                    pm.kind.in_(PLACE_KINDS),
                    pm.sentence == t.m.sentence,
                    or_(pm.role.is_(None), pm.role != "dateline"),
                ),
            )
            .outerjoin(pe, pe.id == pm.entity_id)
            .where(*clauses)
        )
        rows = _frame(conn.execute(query), ("published_at",))
    columns = [
        "name",
        "group",
        "title",
        "role",
        "provinces",
        "first_seen",
        "last_seen",
        "mentions",
        "articles",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    # One row per person: the group and title most often given, the role of the latest report that gives
    # one (a short later mention "Zakir" has no title or role and must not make a second row).
    keys = ["group", "title", "role"]
    rows[keys] = rows[keys].fillna("")
    rows = rows.sort_values("published_at", kind="stable", na_position="first")
    grouped = rows.groupby("name", sort=False)
    out = grouped.agg(
        group=("group", _most_given),
        title=("title", _most_given),
        role=("role", _latest_given),
        first_seen=("published_at", "min"),
        last_seen=("published_at", "max"),
        mentions=("mention_id", "nunique"),
        articles=("article_id", "nunique"),
        provinces=("province", lambda s: "; ".join(sorted({p for p in s if isinstance(p, str) and p}))),
    ).reset_index()
    wanted = f.resolved.get("province", ())
    if wanted:
        lowered = [w.casefold() for w in wanted]
        keep = out.apply(
            lambda r: any(w in r["provinces"].casefold() or w in r["role"].casefold() for w in lowered),
            axis=1,
        )
        out = out[keep]
    out = out[columns].replace({"group": {"": None}, "title": {"": None}, "role": {"": None}})
    return out.sort_values(["last_seen", "mentions", "name"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def _most_given(values: pd.Series) -> str:
    """The value most often given (ties: the latest), "" when none is."""
    given = [v for v in values if v]
    if not given:
        return ""
    counts: dict[str, int] = {}
    for v in given:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values())
    return next(v for v in reversed(given) if counts[v] == best)


def _latest_given(values: pd.Series) -> str:
    """The last non-empty value (rows are in publication order)."""
    return next((v for v in reversed(list(values)) if v), "")


def date_range(frame: pd.DataFrame, column: str = "published_at") -> tuple[str, str] | None:
    """(first, last) day of a frame's dates or months, for figure captions."""
    if frame.empty:
        return None
    for candidate in (column, "month", "day", "year"):
        if candidate in frame and frame[candidate].notna().any():
            values = frame[candidate].dropna()
            if hasattr(values, "dt"):
                return values.min().strftime("%Y-%m-%d"), values.max().strftime("%Y-%m-%d")
            return str(values.min()), str(values.max())
    return None
