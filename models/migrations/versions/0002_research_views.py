"""research views and indexes

Views for researchers (documented in docs/schema.md), on SQLite and PostgreSQL:

- `article_mentions`: one row per mention, flattened with its article, source, entity and province.
- `monthly_counts`: mentions and articles per month, province and kind (no duplicates, no datelines).
- `group_province_monthly`: a group and a place of a province named in the same sentence, per month.
- `commanders`: commanders with their group, title, role, provinces named beside them, first/last seen.

Months are 'YYYY-MM' text on both backends (UTC), so results compare and sort the same everywhere.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VIEWS = ("commanders", "group_province_monthly", "monthly_counts", "article_mentions")

#: (name, table, columns): kept in sync with the `Index` entries in models/schema.py.
INDEXES = (
    # Article-driven scans and the same-sentence self join: a covering index of the columns they read.
    ("ix_mentions_article_kind", "mentions", ("article_id", "kind", "entity_id", "role")),
    # Filters by kind that go to the article next (counts of one kind, top entities).
    ("ix_mentions_kind_entity", "mentions", ("kind", "entity_id", "article_id")),
    # Date-range scans that skip duplicates without touching the table.
    ("ix_articles_published_dup", "articles", ("published_at", "duplicate_of", "source_id")),
)

PLACE_KINDS = "('province', 'district', 'place')"


def _month(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"
    # SQLite stores UTC times as 'YYYY-MM-DD HH:MM:SS[.ffffff]' text.
    return f"substr({column}, 1, 7)"


def _day(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    return f"substr({column}, 1, 10)"


def _agg_distinct(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"string_agg(DISTINCT {column}, '; ')"
    return f"group_concat(DISTINCT {column})"


def _province(entity: str) -> str:
    """The province of a mentioned entity: its own name for a province, `entities.province` otherwise."""
    return f"CASE WHEN {entity}.kind = 'province' THEN {entity}.name ELSE {entity}.province END"


def view_sql(dialect: str) -> dict[str, str]:
    """CREATE VIEW statements for one dialect, by view name."""
    month, day = _month("a.published_at", dialect), _day("a.published_at", dialect)
    article_mentions = f"""
CREATE VIEW article_mentions AS
SELECT
    m.id AS mention_id,
    a.id AS article_id,
    a.published_at AS published_at,
    {day} AS published_date,
    {month} AS month,
    s.name AS source,
    a.url AS url,
    a.title AS article_title,
    CASE WHEN a.duplicate_of IS NULL THEN 0 ELSE 1 END AS is_duplicate,
    m.kind AS kind,
    e.name AS name,
    m.text AS text,
    {_province("e")} AS province,
    p.pcode AS province_pcode,
    e.pcode AS pcode,
    e.lat AS lat,
    e.lon AS lon,
    COALESCE(m."group", e."group") AS group_name,
    m.title AS title,
    m.role AS role,
    CASE WHEN m.role = 'dateline' THEN 1 ELSE 0 END AS is_dateline,
    m.sentence AS sentence,
    m.method AS method,
    m.entity_id AS entity_id
FROM mentions m
JOIN articles a ON a.id = m.article_id
JOIN sources s ON s.id = a.source_id
JOIN entities e ON e.id = m.entity_id
LEFT JOIN entities p ON p.kind = 'province' AND p.name = {_province("e")}
"""
    monthly_counts = f"""
CREATE VIEW monthly_counts AS
SELECT
    {month} AS month,
    {_province("e")} AS province,
    p.pcode AS province_pcode,
    m.kind AS kind,
    COUNT(*) AS mentions,
    COUNT(DISTINCT m.article_id) AS articles
FROM mentions m
JOIN articles a ON a.id = m.article_id
JOIN entities e ON e.id = m.entity_id
LEFT JOIN entities p ON p.kind = 'province' AND p.name = {_province("e")}
WHERE a.duplicate_of IS NULL AND a.published_at IS NOT NULL
  AND (m.role IS NULL OR m.role <> 'dateline')
GROUP BY {month}, {_province("e")}, p.pcode, m.kind
"""
    group_province_monthly = f"""
CREATE VIEW group_province_monthly AS
SELECT
    {month} AS month,
    ge.name AS group_name,
    {_province("pe")} AS province,
    pp.pcode AS province_pcode,
    COUNT(*) AS mentions,
    COUNT(DISTINCT a.id) AS articles
FROM mentions g
JOIN mentions pm ON pm.article_id = g.article_id AND pm.kind IN {PLACE_KINDS} AND pm.sentence = g.sentence
JOIN articles a ON a.id = g.article_id
JOIN entities ge ON ge.id = g.entity_id
JOIN entities pe ON pe.id = pm.entity_id
LEFT JOIN entities pp ON pp.kind = 'province' AND pp.name = {_province("pe")}
WHERE g.kind = 'group' AND a.duplicate_of IS NULL AND a.published_at IS NOT NULL
  AND (pm.role IS NULL OR pm.role <> 'dateline') AND {_province("pe")} IS NOT NULL
GROUP BY {month}, ge.name, {_province("pe")}, pp.pcode
"""
    commanders = f"""
CREATE VIEW commanders AS
SELECT
    e.name AS name,
    COALESCE(c."group", e."group") AS group_name,
    c.title AS title,
    c.role AS role,
    {_agg_distinct(_province("pe"), dialect)} AS provinces,
    MIN(a.published_at) AS first_seen,
    MAX(a.published_at) AS last_seen,
    COUNT(DISTINCT c.id) AS mentions,
    COUNT(DISTINCT a.id) AS articles
FROM mentions c
JOIN entities e ON e.id = c.entity_id
JOIN articles a ON a.id = c.article_id
LEFT JOIN mentions pm ON pm.article_id = c.article_id AND pm.kind IN {PLACE_KINDS} AND pm.sentence = c.sentence
    AND (pm.role IS NULL OR pm.role <> 'dateline')
LEFT JOIN entities pe ON pe.id = pm.entity_id
WHERE c.kind = 'commander' AND a.duplicate_of IS NULL
GROUP BY e.name, COALESCE(c."group", e."group"), c.title, c.role
"""
    return {
        "article_mentions": article_mentions,
        "monthly_counts": monthly_counts,
        "group_province_monthly": group_province_monthly,
        "commanders": commanders,
    }


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns))
    for statement in view_sql(dialect).values():
        op.execute(statement)


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
