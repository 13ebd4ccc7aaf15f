"""near-duplicate band keys on disk; indexes for the per-URL and per-source URL-state lookups

- `dedup_bands(band, key, article_id)`: the MinHash LSH band keys of every stored signature, keyed by
  (band, key), so a run looks up a new article's near-duplicate candidates with 32 index probes instead of
  rebuilding the whole index in memory at each start (about 12.6 KB per stored article). Filled here from
  the stored signatures; `models.store` keeps it up to date in the transaction that saves an article.
- `url_states(source, status)` replaces `ix_url_states_source`: a run's due-failure and retry lookups (and
  `frontwatch status`) ask for one source's failed URLs, not for all its URL states.
- `ix_url_states_validators`: a partial index of the few URLs with conditional-GET validators (feeds,
  listings), which every run reads at its start, so that read does not scan every article's URL state.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

HAS_VALIDATORS = sa.text("etag IS NOT NULL OR last_modified IS NOT NULL")
#: Articles read per batch while filling dedup_bands.
BATCH = 2000


def upgrade() -> None:
    op.create_table(
        "dedup_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band", "key", "article_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_dedup_bands_article_id", "dedup_bands", ["article_id"])
    _fill_bands(op.get_bind())
    op.drop_index("ix_url_states_source", table_name="url_states")
    op.create_index("ix_url_states_source_status", "url_states", ["source", "status"])
    op.create_index("ix_url_states_validators", "url_states", ["url"], sqlite_where=HAS_VALIDATORS,
                    postgresql_where=HAS_VALIDATORS)


def _fill_bands(bind: sa.Connection) -> None:
    # The same band keys the store writes: a signature's keys are part of its stored format.
    from pipeline.dedup import Signature, band_keys

    articles = sa.table("articles", sa.column("id", sa.Integer()), sa.column("signature", sa.Text()))
    bands = sa.table("dedup_bands", sa.column("band"), sa.column("key"), sa.column("article_id"))
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(articles.c.id, articles.c.signature)
            .where(articles.c.id > last_id, articles.c.signature.is_not(None), articles.c.signature != "")
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        params = [
            {"band": band, "key": key, "article_id": article_id}
            for article_id, encoded in rows
            for band, key in band_keys(Signature.decode(encoded))
        ]
        if params:
            bind.execute(sa.insert(bands), params)


def downgrade() -> None:
    op.drop_index("ix_url_states_validators", table_name="url_states")
    op.drop_index("ix_url_states_source_status", table_name="url_states")
    op.create_index("ix_url_states_source", "url_states", ["source"])
    op.drop_index("ix_dedup_bands_article_id", table_name="dedup_bands")
    op.drop_table("dedup_bands")
