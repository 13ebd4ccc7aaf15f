"""rollup tables for monthly counts and group-by-province co-occurrence

- `mention_counts`: mentions and articles per month, kind, province and source (originals, no datelines);
- `group_province_counts`: place mentions in the same sentence as a group, per group, month, province, kind
  and source.

Both are filled from the existing rows here and kept up to date by `models.rollup` in the transaction that
writes an article's mentions. The views `monthly_counts` and `group_province_monthly` are redefined over
them, with the same columns and the same numbers as the 0002 definitions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:20:00
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

VIEWS = ("monthly_counts", "group_province_monthly")


def _province_pcode_join(alias: str) -> str:
    return f"LEFT JOIN entities p ON p.kind = 'province' AND p.name = NULLIF({alias}.province, '')"


def view_sql() -> dict[str, str]:
    """CREATE VIEW statements over the rollup tables (the same SQL on SQLite and PostgreSQL)."""
    monthly_counts = f"""
CREATE VIEW monthly_counts AS
SELECT
    r.month AS month,
    NULLIF(r.province, '') AS province,
    p.pcode AS province_pcode,
    r.kind AS kind,
    SUM(r.mentions) AS mentions,
    SUM(r.articles) AS articles
FROM mention_counts r
{_province_pcode_join("r")}
WHERE r.month <> ''
GROUP BY r.month, NULLIF(r.province, ''), p.pcode, r.kind
"""
    # An article counts once per (month, group, province): on the row of its first place kind.
    group_province_monthly = f"""
CREATE VIEW group_province_monthly AS
SELECT
    r.month AS month,
    r.group_name AS group_name,
    r.province AS province,
    p.pcode AS province_pcode,
    SUM(r.pairs) AS mentions,
    SUM(CASE WHEN r.earlier_kinds = 0 THEN r.articles ELSE 0 END) AS articles
FROM group_province_counts r
{_province_pcode_join("r")}
WHERE r.month <> '' AND r.province <> ''
GROUP BY r.month, r.group_name, r.province, p.pcode
"""
    return {"monthly_counts": monthly_counts, "group_province_monthly": group_province_monthly}


def _views_0002(dialect: str) -> dict[str, str]:
    path = Path(__file__).with_name("0002_research_views.py")
    spec = importlib.util.spec_from_file_location("frontwatch_migration_0002", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.view_sql(dialect)  # type: ignore[no-any-return]


def upgrade() -> None:
    from models.rollup import rebuild

    op.create_table(
        "mention_counts",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("province", sa.String(length=200), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("earlier_kinds", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("with_group", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "kind", "province", "source_id", "earlier_kinds"),
    )
    op.create_table(
        "group_province_counts",
        sa.Column("group_name", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("province", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("earlier_kinds", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("group_name", "month", "province", "kind", "source_id", "earlier_kinds"),
    )
    bind = op.get_bind()
    rebuild(bind)
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for statement in view_sql().values():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    views = _views_0002(dialect)
    for name in VIEWS:
        op.execute(views[name])
    op.drop_table("group_province_counts")
    op.drop_table("mention_counts")
