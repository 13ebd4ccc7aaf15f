"""articles.analysis_digest: a fingerprint of the mentions and events stored for an article

A retag compares the new analysis of an article with the fingerprint of the stored one; when they are
the same (after a tagger change, most articles are tagged as before), it only re-stamps the versions
instead of deleting and re-inserting mentions, events and actors, relinking incidents and recounting
rollups. Rows stored before this migration have none, so their first retag replaces them in full.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("analysis_digest", sa.String(64), nullable=True))


def downgrade() -> None:
    # ALTER TABLE, not alembic's batch copy: SQLite (3.35+) drops the column in place, and a copy of the
    # table would break the research views that read it
    op.execute("ALTER TABLE articles DROP COLUMN analysis_digest")
