"""What a run stored, in a form two runs (single-process and distributed) can be compared by."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from models.db import open_database
from models.schema import Article, Entity, Event, Mention


def stored(url: str) -> dict[str, Any]:
    """Articles (url, title, hash, date), mentions and events by article URL, as multisets."""
    db = open_database(url, migrate_schema=False)
    try:
        with db.sessions() as s:
            urls = dict(s.execute(select(Article.id, Article.url)).all())
            articles = Counter(
                (a.url, a.title, a.content_hash, a.published_at.isoformat() if a.published_at else None,
                 a.language, a.extraction_method)
                for a in s.scalars(select(Article)))
            names = dict(s.execute(select(Entity.id, Entity.name)).all())
            mentions = Counter(
                (urls[m.article_id], m.kind, names.get(m.entity_id), m.start, m.end, m.method, m.role,
                 m.group_name)
                for m in s.scalars(select(Mention)))
            events = Counter(
                (urls[e.article_id], e.seq, e.event_type, e.sub_event_type, str(e.event_date), e.province,
                 e.fatalities, e.injured, e.method)
                for e in s.scalars(select(Event)))
        return {"articles": articles, "mentions": mentions, "events": events}
    finally:
        db.dispose()


def totals(snapshot: dict[str, Counter[Any]]) -> dict[str, int]:
    return {k: sum(v.values()) for k, v in snapshot.items()}
