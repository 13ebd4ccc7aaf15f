"""group_province_monthly counts place mentions, not (group, place) pairs

`group_province_monthly.mentions` summed `group_province_counts.pairs`: a place named in a sentence that names
the NRF twice counted twice, while `frontwatch query mentions --group NRF --by province,month`, the GeoJSON
export and the maps count it once. The view now sums `group_province_counts.mentions` (each place mention
once per group), so every path reports the same "mentions of places named with the group".

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_VIEW = """
CREATE VIEW group_province_monthly AS
SELECT
    r.month AS month,
    r.group_name AS group_name,
    r.province AS province,
    p.pcode AS province_pcode,
    SUM(r.{column}) AS mentions,
    SUM(CASE WHEN r.earlier_kinds = 0 THEN r.articles ELSE 0 END) AS articles
FROM group_province_counts r
LEFT JOIN entities p ON p.kind = 'province' AND p.name = NULLIF(r.province, '')
WHERE r.month <> '' AND r.province <> ''
GROUP BY r.month, r.group_name, r.province, p.pcode
"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS group_province_monthly")
    op.execute(_VIEW.format(column="mentions"))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS group_province_monthly")
    op.execute(_VIEW.format(column="pairs"))
