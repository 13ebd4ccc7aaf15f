"""Rollup tables kept in step with the mentions: monthly counts per province and group-by-province co-occurrence.

Two summary tables answer the researchers' main aggregates without scanning `mentions`
(documented in docs/schema.md):

- `mention_counts(month, kind, province, source_id, earlier_kinds) -> mentions, articles, with_group`;
- `group_province_counts(group_name, month, province, kind, source_id, earlier_kinds) -> mentions, pairs,
  articles`: place mentions named in the same sentence as a group.

Both count originals only (`articles.duplicate_of IS NULL`) and leave datelines out, like the views of
migration 0002. `month` is '' for an undated article and `province` is '' for a mention without one, so
that every key is a plain value an upsert can match.

Distinct articles are not additive over kinds (an article naming Panjshir and Rukha is one Panjshir
article), so each row also says which kinds the same articles have *before* its own kind in the same
(month, province, source[, group]) cell, as a bitmask (`KIND_BITS`). Counting an article once over a set
of kinds K is then `SUM(articles) WHERE kind IN K AND earlier_kinds & mask(K) = 0`: each article is
counted on the row of its first kind in K.

Maintenance: `Tracker` notes the contribution of some articles before a write and applies the difference
afterwards, in the same transaction (`models.store` does this for saves, re-tagging and duplicate changes).
`rebuild` recomputes both tables from the base tables in SQL; it backfills migration 0003 and is what the
incremental path is tested against.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select, text
from sqlalchemy.orm import Session

from models.schema import Article, Entity, GroupProvinceCount, Mention, MentionCount

if TYPE_CHECKING:
    from models.db import Database

log = logging.getLogger(__name__)

#: Bits of the known mention kinds in `earlier_kinds`; any other kind counts as OTHER_BIT, after them all.
KIND_BITS = {"province": 1, "district": 2, "place": 4, "group": 8, "commander": 16}
OTHER_BIT = 32
ALL_KINDS_MASK = 63
PLACE_KINDS = ("province", "district", "place")

MENTION_KEY = ("month", "kind", "province", "source_id", "earlier_kinds")
MENTION_VALUES = ("mentions", "articles", "with_group")
GROUP_KEY = ("group_name", "month", "province", "kind", "source_id", "earlier_kinds")
GROUP_VALUES = ("mentions", "pairs", "articles")

Key = tuple[Any, ...]
Contribution = tuple[Counter[Key], Counter[Key]]  # (mention rows, group rows): (key + value name) -> n


def kind_bit(kind: str) -> int:
    """The bit of a mention kind in `earlier_kinds`."""
    return KIND_BITS.get(kind, OTHER_BIT)


def kinds_mask(kinds: Iterable[str]) -> int:
    """The `earlier_kinds` mask of a set of kinds."""
    mask = 0
    for kind in kinds:
        mask |= kind_bit(kind)
    return mask


def month_of(published_at: datetime | None) -> str:
    """'YYYY-MM' in UTC, as the views compute it; '' for an undated article."""
    if published_at is None:
        return ""
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(UTC)
    return published_at.strftime("%Y-%m")


# -- incremental maintenance ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """The columns of an article its contribution depends on (besides its mentions)."""

    id: int
    published_at: datetime | None
    source_id: int
    duplicate_of: int | None


def contributions(session: Session, article_ids: Iterable[int], *, lock: bool = False,
                  rows: Iterable[Counted] | None = None) -> Contribution:
    """What these articles add to the rollup tables, from their current rows (locked until commit if `lock`).

    `rows`: the articles' rows as the caller just wrote them (an article stored in this transaction, which
    no other writer can see yet): not read again."""
    mention_rows: Counter[Key] = Counter()
    group_rows: Counter[Key] = Counter()
    ids = sorted({i for i in article_ids if i is not None})
    if not ids:
        return mention_rows, group_rows
    session.flush()
    if rows is None:
        query = select(Article.id, Article.published_at, Article.source_id, Article.duplicate_of)
        query = query.where(Article.id.in_(ids)).order_by(Article.id)
        if lock:
            # On PostgreSQL, two writers of one article take turns, so each subtracts what the other left.
            query = query.with_for_update()
        rows = session.execute(query)  # type: ignore[assignment]
    assert rows is not None
    articles = {row.id: row for row in rows if row.id in ids and row.duplicate_of is None}
    if not articles:
        return mention_rows, group_rows
    by_article: dict[int, list[Any]] = defaultdict(list)
    mentions = (
        select(
            Mention.article_id,
            Mention.kind,
            Mention.role,
            Mention.sentence,
            Mention.group_name.label("own_group"),
            Entity.kind.label("entity_kind"),
            Entity.name,
            Entity.province,
            Entity.group_name.label("entity_group"),
        )
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id.in_(list(articles)))
    )
    for row in session.execute(mentions):
        by_article[row.article_id].append(row)
    for article_id, rows in by_article.items():
        article = articles[article_id]
        _add_article(mention_rows, group_rows, month_of(article.published_at), article.source_id, rows)
    return mention_rows, group_rows


def _add_article(
    mention_rows: Counter[Key], group_rows: Counter[Key], month: str, source_id: int, rows: list[Any]
) -> None:
    # (province, kind) -> [mentions, with_group]
    cells: dict[tuple[str, str], list[int]] = {}
    # sentence -> group name -> group mentions in it
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    places: list[tuple[str, str, str]] = []  # (sentence, province, kind) of place mentions
    for r in rows:
        if r.kind == "group":
            groups[r.sentence][r.name] += 1
        if r.role == "dateline":
            continue
        province = (r.name if r.entity_kind == "province" else r.province) or ""
        cell = cells.setdefault((province, r.kind), [0, 0])
        cell[0] += 1
        if (r.own_group if r.own_group is not None else r.entity_group) is not None:
            cell[1] += 1
        if r.kind in PLACE_KINDS:
            places.append((r.sentence, province, r.kind))

    present: dict[str, int] = defaultdict(int)
    for province, kind in cells:
        present[province] |= kind_bit(kind)
    for (province, kind), (mentions, with_group) in cells.items():
        key = (month, kind, province, source_id, _earlier(present[province], kind))
        mention_rows[(*key, "mentions")] += mentions
        mention_rows[(*key, "articles")] += 1
        mention_rows[(*key, "with_group")] += with_group

    # (group, province, kind) -> [mentions, pairs]
    pairs: dict[tuple[str, str, str], list[int]] = {}
    for sentence, province, kind in places:
        for group, n in groups.get(sentence, Counter()).items():
            cell = pairs.setdefault((group, province, kind), [0, 0])
            cell[0] += 1
            cell[1] += n
    group_present: dict[tuple[str, str], int] = defaultdict(int)
    for group, province, kind in pairs:
        group_present[(group, province)] |= kind_bit(kind)
    for (group, province, kind), (mentions, n) in pairs.items():
        group_key = (
            group,
            month,
            province,
            kind,
            source_id,
            _earlier(group_present[(group, province)], kind),
        )
        group_rows[(*group_key, "mentions")] += mentions
        group_rows[(*group_key, "pairs")] += n
        group_rows[(*group_key, "articles")] += 1


def _earlier(present: int, kind: str) -> int:
    """The kinds present before `kind`: known kinds with a lower bit (an unknown kind comes after them)."""
    bit = kind_bit(kind)
    return present & (bit - 1) & (OTHER_BIT - 1)


class Tracker:
    """Notes what some articles contribute now; `finish` applies the change since, in the same session."""

    def __init__(self, session: Session, article_ids: Iterable[int | None]):
        self.session = session
        self.ids = {i for i in article_ids if i is not None}
        self.before = contributions(session, self.ids, lock=True)

    def finish(self, more_ids: Iterable[int | None] = (), *, rows: Iterable[Counted] | None = None) -> None:
        """Apply the difference between now and when tracking started (also for articles new since; `rows`:
        every article's row as `contributions` takes it)."""
        ids = self.ids | {i for i in more_ids if i is not None}
        after = contributions(self.session, ids, rows=rows)
        apply_delta(self.session, self.before, after)


def apply_delta(session: Session, before: Contribution, after: Contribution) -> None:
    """Add `after - before` to the rollup tables; rows that drop to nothing are deleted."""
    table: Any
    for table, key_columns, value_columns, old, new in (
        (MentionCount.__table__, MENTION_KEY, MENTION_VALUES, before[0], after[0]),
        (GroupProvinceCount.__table__, GROUP_KEY, GROUP_VALUES, before[1], after[1]),
    ):
        deltas: dict[Key, dict[str, int]] = {}
        for full_key in set(old) | set(new):
            change = new.get(full_key, 0) - old.get(full_key, 0)
            if change:
                deltas.setdefault(full_key[:-1], dict.fromkeys(value_columns, 0))[full_key[-1]] = change
        if not deltas:
            continue
        params = [dict(zip(key_columns, key), **values) for key, values in sorted(deltas.items())]
        session.execute(_upsert(session, table, key_columns, value_columns), params)
        shrunk = [key for key, values in deltas.items() if values["mentions"] < 0]
        for key in shrunk:
            session.execute(
                delete(table).where(
                    *(table.c[name] == value for name, value in zip(key_columns, key)),
                    table.c.mentions <= 0,
                )
            )


def _upsert(
    session: Session, table: Any, key_columns: tuple[str, ...], value_columns: tuple[str, ...]
) -> Any:
    from models.db import upsert_insert

    stmt = upsert_insert(session, table)
    return stmt.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={name: table.c[name] + stmt.excluded[name] for name in value_columns},
    )


# -- full recompute -------------------------------------------------------------------------------------


def _month_sql(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"COALESCE(to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM'), '')"
    return f"COALESCE(substr({column}, 1, 7), '')"


def _bit_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{kind}' THEN {bit}" for kind, bit in KIND_BITS.items())
    return f"CASE {column} {whens} ELSE {OTHER_BIT} END"


_PROVINCE = "COALESCE(CASE WHEN e.kind = 'province' THEN e.name ELSE e.province END, '')"
_NOT_DATELINE = "(m.role IS NULL OR m.role <> 'dateline')"


def rebuild_sql(dialect: str) -> list[str]:
    """The statements that recompute both rollup tables from mentions, articles and entities."""
    month = _month_sql("a.published_at", dialect)
    places = ", ".join(f"'{k}'" for k in PLACE_KINDS)
    # Per article, province and kind; then the kinds before each one in the same (article, province),
    # known kinds only (an unknown kind has OTHER_BIT, which never counts as earlier).
    mention_counts = f"""
INSERT INTO mention_counts (month, kind, province, source_id, earlier_kinds, mentions, articles, with_group)
SELECT month, kind, province, source_id, earlier_kinds, SUM(n), COUNT(*), SUM(wg)
FROM (
    SELECT month, kind, province, source_id, n, wg,
        SUM(CASE WHEN bit < {OTHER_BIT} THEN bit ELSE 0 END)
            OVER (PARTITION BY article_id, province ORDER BY bit)
        - CASE WHEN bit < {OTHER_BIT} THEN bit ELSE 0 END AS earlier_kinds
    FROM (
        SELECT article_id, month, kind, province, source_id, bit, COUNT(*) AS n, SUM(wg) AS wg
        FROM (
            SELECT m.article_id AS article_id, {month} AS month, m.kind AS kind, {_PROVINCE} AS province,
                a.source_id AS source_id, {_bit_sql("m.kind")} AS bit,
                CASE WHEN COALESCE(m."group", e."group") IS NOT NULL THEN 1 ELSE 0 END AS wg
            FROM mentions m
            JOIN articles a ON a.id = m.article_id
            JOIN entities e ON e.id = m.entity_id
            WHERE a.duplicate_of IS NULL AND {_NOT_DATELINE}
        ) per_mention
        GROUP BY article_id, month, kind, province, source_id, bit
    ) per_kind
) per_row
GROUP BY month, kind, province, source_id, earlier_kinds
"""
    group_province_counts = f"""
INSERT INTO group_province_counts
    (group_name, month, province, kind, source_id, earlier_kinds, mentions, pairs, articles)
SELECT group_name, month, province, kind, source_id, earlier_kinds, SUM(n), SUM(pairs), COUNT(*)
FROM (
    SELECT group_name, month, province, kind, source_id, n, pairs,
        SUM(bit) OVER (PARTITION BY article_id, group_name, province ORDER BY bit) - bit AS earlier_kinds
    FROM (
        SELECT article_id, group_name, month, province, kind, source_id, bit, COUNT(*) AS n, SUM(g_n) AS pairs
        FROM (
            SELECT m.article_id AS article_id, g.group_name AS group_name, {month} AS month,
                {_PROVINCE} AS province, m.kind AS kind, a.source_id AS source_id,
                {_bit_sql("m.kind")} AS bit, g.n AS g_n
            FROM mentions m
            JOIN (
                SELECT gm.article_id AS article_id, gm.sentence AS sentence, ge.name AS group_name,
                    COUNT(*) AS n
                FROM mentions gm
                JOIN entities ge ON ge.id = gm.entity_id
                WHERE gm.kind = 'group'
                GROUP BY gm.article_id, gm.sentence, ge.name
            ) g ON g.article_id = m.article_id AND g.sentence = m.sentence
            JOIN articles a ON a.id = m.article_id
            JOIN entities e ON e.id = m.entity_id
            WHERE m.kind IN ({places}) AND a.duplicate_of IS NULL AND {_NOT_DATELINE}
        ) per_pair
        GROUP BY article_id, group_name, month, province, kind, source_id, bit
    ) per_kind
) per_row
GROUP BY group_name, month, province, kind, source_id, earlier_kinds
"""
    return [
        "DELETE FROM mention_counts",
        "DELETE FROM group_province_counts",
        mention_counts,
        group_province_counts,
    ]


def rebuild(conn: Connection | Session) -> None:
    """Recompute both rollup tables from the base tables, on this connection or session (its transaction)."""
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    if isinstance(conn, Session):
        conn.flush()
    for statement in rebuild_sql(bind.dialect.name):
        conn.execute(text(statement))


def rebuild_rollups(db: Database) -> None:
    """Recompute the rollup tables of a database from scratch, in one transaction."""
    with db.engine.begin() as conn:
        rebuild(conn)
    log.info("rebuilt the rollup tables of %s", db.url)


def table_rows(conn: Connection | Session) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every row of both rollup tables, as sets of tuples (for comparing incremental with rebuilt)."""
    mention = MentionCount.__table__
    group = GroupProvinceCount.__table__
    return (
        {tuple(r) for r in conn.execute(select(*(mention.c[c] for c in (*MENTION_KEY, *MENTION_VALUES))))},
        {tuple(r) for r in conn.execute(select(*(group.c[c] for c in (*GROUP_KEY, *GROUP_VALUES))))},
    )


__all__ = [
    "KIND_BITS",
    "Tracker",
    "apply_delta",
    "contributions",
    "kinds_mask",
    "month_of",
    "rebuild",
    "rebuild_rollups",
    "rebuild_sql",
    "table_rows",
]
