"""index articles.fetched_url: the per-URL "is it stored already?" lookup of every run

`Store.known_urls` asks, for each discovered URL, whether an article was stored under it as canonical URL
(`articles.url`, unique and indexed) or as the URL it was fetched from (`articles.fetched_url`, which had no
index): a full scan of the articles table per discovered URL, growing with the archive.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_fetched_url", "articles", ["fetched_url"])


def downgrade() -> None:
    op.drop_index("ix_articles_fetched_url", table_name="articles")
