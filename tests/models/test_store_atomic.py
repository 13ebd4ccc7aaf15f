"""An article and its mentions are written in one transaction: a failure in between leaves neither."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from models.db import open_database
from models.schema import Article, Mention
from models.store import Store
from pipeline.records import Article as ArticleRecord
from pipeline.run import seed_entities
from pipeline.settings import NlpSettings, SourceSettings


def test_an_exception_inside_the_mention_write_leaves_no_article_row(db_url, monkeypatch):
    from nlp.tagger import build_tagger

    db = open_database(db_url)
    try:
        store = Store(db)
        seed_entities(store)
        source_id = store.ensure_source(SourceSettings(name="longwarjournal", adapter="longwarjournal"))
        text = "Taliban fighters attacked a checkpoint in Helmand province on Monday, officials said."
        mentions = build_tagger(NlpSettings(model="")).analyse(text, None).mentions
        assert mentions
        article = ArticleRecord(url="https://example.org/a", title="A", text=text,
                                published=datetime(2024, 1, 1, tzinfo=UTC), source="longwarjournal")
        original = Store._replace_mentions

        def broken(self, session, row, items, version, **options):
            original(self, session, row, items[:1], version, **options)  # half the mentions are written...
            raise RuntimeError("the database went away")  # ...then the write fails

        monkeypatch.setattr(Store, "_replace_mentions", broken)
        with pytest.raises(RuntimeError):
            store.save(source_id, article, mentions)
        with db.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Article)) == 0
            assert s.scalar(select(func.count()).select_from(Mention)) == 0
        monkeypatch.setattr(Store, "_replace_mentions", original)
        assert store.save(source_id, article, mentions).status == "new"
    finally:
        db.dispose()
