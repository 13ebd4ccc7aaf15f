"""The write path: articles with their mentions and events in one transaction, runs and their bookkeeping.

Writes are idempotent on natural keys: an article by its canonical URL, an entity by (kind, name),
a mention by (article, entity, span), an event by (article, seq). Re-running never duplicates.
Events are linked to incidents by `models.incidents` in the same transaction, and the article's
near-duplicate band keys (`dedup_bands`) are written with its signature.

Each method is one transaction of its own, unless called inside `Store.unit_of_work()`: then every call
the thread makes in the body shares one transaction, committed at its end (a run stores an article, its
duplicate links and its URL's state that way: one commit per article).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import socket
import threading
import zlib
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, literal, or_, select, text, union_all, update
from sqlalchemy.orm import Session

from models import incidents, rollup
from models.db import Database, upsert_insert
from models.schema import (
    Article,
    DedupBand,
    Entity,
    Event,
    EventActor,
    Mention,
    Run,
    RunError,
    RunSource,
    Source,
    UrlState,
    utcnow,
)
from pipeline import records
from pipeline.dedup import Signature, band_keys, content_hash
from pipeline.settings import SourceSettings

log = logging.getLogger(__name__)

#: Mention kinds whose entities are places with a province.
PLACE_KINDS = frozenset({"province", "district", "place"})


def compress(raw: bytes | None) -> bytes | None:
    """Raw HTML as stored (zlib)."""
    return zlib.compress(raw, 6) if raw else None


def decompress(stored: bytes | None) -> bytes | None:
    """Raw HTML as fetched."""
    return zlib.decompress(stored) if stored else None


@dataclass(frozen=True)
class SaveResult:
    """What storing one article did."""

    article_id: int
    status: str  # new | updated | unchanged
    mentions: int
    events: int = 0


@dataclass(frozen=True)
class MentionDiff:
    """How re-tagging changed one article's mentions (per kind) and its events (per sub_event_type)."""

    added: dict[str, int]
    removed: dict[str, int]
    events_added: dict[str, int] = field(default_factory=dict)
    events_removed: dict[str, int] = field(default_factory=dict)


def _entity_key(m: records.Mention) -> tuple[str, str, str | None]:
    """The entity a mention names: places are told apart by province (two Surobis); groups and commanders
    have none."""
    return m.kind, m.name, m.province if m.kind in PLACE_KINDS else None


def analysis_digest(mentions: Iterable[records.Mention], events: Iterable[records.Event]) -> str:
    """A fingerprint (SHA-256, hex) of an article's analysis as the tagger gave it: equal for equal mentions and
    events in equal order. The records hold only strings, numbers, dates and tuples of such, whose `repr` is
    the same in every process."""
    h = hashlib.sha256()
    for part in (mentions, events):
        for item in part:
            h.update(repr(dataclasses.astuple(item)).encode("utf-8"))
            h.update(b"\x1e")
        h.update(b"\x1d")  # where the mentions end: a mention is never taken for an event
    return h.hexdigest()


class Store:
    """All database writes of a run go through here."""

    def __init__(self, db: Database):
        self.db = db
        self._entity_ids: dict[tuple[str, str, str | None], int] = {}
        self._source_ids: dict[str, int] = {}
        self._unit = threading.local()  # the session of this thread's unit of work, if one is open

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Every store call this thread makes in the body runs in one transaction, committed at the end.

        An error rolls all of it back and propagates; a unit opened inside another joins it. Nothing
        connects until the first call needs the database.
        """
        if getattr(self._unit, "session", None) is not None:
            yield
            return
        with self._transaction() as session:
            self._unit.session = session
            try:
                yield
            finally:
                self._unit.session = None

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """The unit of work's session, or a transaction of its own (committed on success)."""
        current = getattr(self._unit, "session", None)
        if current is not None:
            yield current
            return
        try:
            with self.db.transaction() as session:
                yield session
        except BaseException:
            self._entity_ids.clear()  # entities created in the rolled-back transaction are gone
            raise

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """The unit of work's session, or a session of its own for reads."""
        current = getattr(self._unit, "session", None)
        if current is not None:
            yield current
            return
        with self.db.sessions() as session:
            yield session

    # -- sources and entities --------------------------------------------------------------

    def ensure_source(self, source: SourceSettings) -> int:
        """The id of a source's row, created or updated from its settings."""
        if source.name in self._source_ids:
            return self._source_ids[source.name]
        with self._transaction() as session:
            row = session.scalar(select(Source).where(Source.name == source.name))
            if row is None:
                row = Source(name=source.name, adapter=source.adapter, base_url=source.base_url)
                session.add(row)
            else:
                row.adapter, row.base_url = source.adapter, source.base_url
            session.flush()
            self._source_ids[source.name] = row.id
        return self._source_ids[source.name]

    def seed_entities(self, entity_records: Iterable[Any]) -> int:
        """Insert or refresh gazetteer entities (kind, name, aliases, pcode, province, lat, lon, group)."""
        count = 0
        with self._transaction() as session:
            existing = {(e.kind, e.name, e.province): e for e in session.scalars(select(Entity))}
            counted = {key: (e.province, e.group_name) for key, e in existing.items()}
            for rec in entity_records:
                key = (rec.kind, rec.name, getattr(rec, "province", None))
                row = existing.get(key)
                if row is None:
                    row = Entity(kind=rec.kind, name=rec.name, province=key[2])
                    session.add(row)
                    existing[key] = row
                row.aliases = sorted(set(getattr(rec, "aliases", ()) or ()))
                row.pcode = getattr(rec, "pcode", None)
                row.province = getattr(rec, "province", None)
                row.lat = getattr(rec, "lat", None)
                row.lon = getattr(rec, "lon", None)
                row.group_name = getattr(rec, "group", None)
                row.origin = "gazetteer"
                count += 1
            if any(counted[key] != (e.province, e.group_name) for key, e in existing.items() if key in counted):
                # A place moved province or a name changed group: the rollups count it differently.
                rollup.rebuild(session)
        self._entity_ids.clear()
        return count

    def entity_count(self) -> int:
        with self._reading() as session:
            return session.scalar(select(func.count()).select_from(Entity)) or 0

    def _entity_id(self, session: Session, m: records.Mention) -> int:
        key = _entity_key(m)
        province = key[2]
        cached = self._entity_ids.get(key)
        if cached is not None:
            return cached
        # The expression of uq_entities_kind_name_province, so the lookup is one probe of that index.
        same_province = func.coalesce(Entity.province, "") == (province or "")
        query = select(Entity).where(Entity.kind == m.kind, Entity.name == m.name, same_province)
        row = session.scalar(query)
        if row is None and session.get_bind().dialect.name == "postgresql":
            # Writers in other processes (distributed workers) may be creating the same entity: one at a
            # time (the lock lasts until commit), and look again once it is ours.
            digest = zlib.crc32(f"entity|{m.kind}|{m.name}|{province}".encode())
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": (0x656E74 << 32) | digest})
            row = session.scalar(query)
        if row is None:
            row = Entity(kind=m.kind, name=m.name, aliases=[], pcode=m.pcode, province=province,
                         group_name=m.group, origin="found")
            session.add(row)
            session.flush()
        self._entity_ids[key] = row.id
        return row.id

    # -- articles -----------------------------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of these URLs are stored already (as canonical or as fetched URL)."""
        with self._reading() as session:
            return self._known_urls(session, urls)

    @staticmethod
    def _known_urls(session: Session, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            # one statement, each arm an index probe (articles.url unique, ix_articles_fetched_url)
            query = select(Article.url.label("u")).where(Article.url.in_(chunk)).union_all(
                select(Article.fetched_url).where(Article.fetched_url.in_(chunk)))
            found.update(u for u in session.scalars(query) if u)
        return found

    def stored_or_state(self, forms: Iterable[str], url: str) -> tuple[bool, UrlState | None]:
        """For one discovered URL, in one read: whether any of its `forms` is stored, else its fetch state."""
        with self._reading() as session:
            if self._known_urls(session, forms):
                return True, None
            shared = getattr(self._unit, "session", None) is session
            row = session.scalar(select(UrlState).where(UrlState.url == url))
            if row is not None and not shared:
                session.expunge(row)
            return False, row

    def save(
        self,
        source_id: int,
        article: records.Article,
        mentions: Iterable[records.Mention] | None,
        *,
        run_id: int | None = None,
        tagger_version: str | None = None,
        signature: str | None = None,
        duplicate_of: int | None = None,
        events: Iterable[records.Event] | None = None,
    ) -> SaveResult:
        """Store an article and replace its mentions and events, all in one transaction.

        `mentions` or `events` None leaves those stored as they are. Events are numbered in the order
        given (`seq` 0 is the main event), stamped with `tagger_version` as their `coder_version`, and
        linked to incidents (a copy of a story, `duplicate_of`, keeps its events out of incidents).
        """
        digest = content_hash(article.text)
        mentions = list(mentions) if mentions is not None else None
        events = list(events) if events is not None else None
        with self._transaction() as session:
            row = session.scalar(select(Article).where(Article.url == article.url))
            rollups = rollup.Tracker(session, [row.id] if row is not None else [])
            was_copy = row is not None and row.duplicate_of is not None
            status = "new"
            if row is None:
                row = Article(url=article.url, source_id=source_id, run_id=run_id)
                session.add(row)
            elif row.content_hash == digest and row.title == article.title:
                status = "unchanged"
            else:
                status = "updated"
            new = status == "new"  # nothing stored for it yet: nothing to replace
            row.fetched_url = article.fetched_url if article.fetched_url != article.url else None
            row.title = article.title
            row.authors = list(article.authors)
            row.tags = list(article.tags)
            row.published_at = article.published
            row.fetched_at = utcnow()
            row.language = article.language
            row.text = article.text
            if article.raw_html is not None:
                row.raw_html = compress(article.raw_html)
            row.content_hash = digest
            row.extraction_method = article.method
            reindex = signature is not None and (new or row.signature != signature)
            if signature is not None:
                row.signature = signature
            if duplicate_of is not None and duplicate_of != row.id:
                row.duplicate_of = duplicate_of
            if mentions is not None:  # stamped before the flush: part of the article's INSERT, not an UPDATE
                row.tagged_at, row.tagger_version = utcnow(), tagger_version
            if mentions is not None or events is not None:  # (one of the two kept as stored: no fingerprint)
                row.analysis_digest = analysis_digest(mentions, events) if mentions is not None and \
                    events is not None else None
            session.flush()
            if reindex:
                self._index_bands(session, row.id, signature, new=new)
            count = 0
            if mentions is not None:
                count = self._replace_mentions(session, row, mentions, tagger_version, new=new, stamp=False)
            event_count = 0
            if events is not None:
                event_count = self._replace_events(session, row, events, tagger_version, new=new)
            elif was_copy != (row.duplicate_of is not None):
                incidents.relink(session, [row.id])  # it became a copy: its events leave their incidents
            # a new article's row is as written here: its contribution needs only its mentions read
            counted = [rollup.Counted(row.id, row.published_at, row.source_id, row.duplicate_of)] if new else None
            rollups.finish([row.id], rows=counted)
        return SaveResult(row.id, status, count, event_count)

    @staticmethod
    def _index_bands(session: Session, article_id: int, encoded: str | None, *, new: bool) -> None:
        """Replace an article's near-duplicate band keys with those of its (encoded) signature."""
        if not new:
            session.execute(delete(DedupBand).where(DedupBand.article_id == article_id))
        bands = band_keys(Signature.decode(encoded))
        if bands:
            session.execute(insert(DedupBand), [
                {"band": band, "key": key, "article_id": article_id} for band, key in bands
            ])

    def duplicate_candidates(self, digest: str, bands: Sequence[tuple[int, int]]
                             ) -> tuple[int | None, list[tuple[Hashable, str | None]]]:
        """For a new text, in one read: the earliest stored original (not a copy) with its content hash, and
        (id, encoded signature) of the stored originals sharing one of its near-duplicate band keys, earliest first.

        Earliest is the order a story's copies are linked in: by publication date (undated last), then id.
        """
        params: dict[str, Any] = {"digest": digest}
        for n, (band, key) in enumerate(bands):
            params[f"band{n}"], params[f"key{n}"] = band, key
        with self._reading() as session:
            # published_at comes back timezone-aware in UTC on both backends (`schema.UTCDateTime`)
            rows = sorted(session.execute(_duplicate_query(len(bands)), params).all(),
                          key=lambda r: (r.published_at is None, r.published_at or _UNDATED, r.id))
        original = next((r.id for r in rows if r.exact), None)
        return original, [(r.id, r.signature) for r in rows if not r.exact]

    def _replace_mentions(
        self, session: Session, row: Article, mentions: list[records.Mention], tagger_version: str | None,
        *, new: bool = False, stamp: bool = True,
    ) -> int:
        """Replace the article's mentions; `stamp` the row as tagged (unless the caller did, before a flush)."""
        if not new:  # a new article has nothing to replace
            session.execute(delete(Mention).where(Mention.article_id == row.id))
        seen: set[tuple[int, int, int]] = set()
        rows: list[dict[str, Any]] = []
        for m in mentions:
            entity_id = self._entity_id(session, m)
            key = (entity_id, m.start, m.end)
            if key in seen:
                continue
            seen.add(key)
            rows.append({
                "article_id": row.id, "entity_id": entity_id, "kind": m.kind, "start": m.start, "end": m.end,
                "text": m.text[:300], "sentence": _sentence(m.sentence), "method": m.method, "role": m.role,
                "title": m.title, "group": m.group, "tagger_version": tagger_version,
            })
        if rows:  # Core executemany: multi-row INSERTs, not an ORM object (nor a statement) per mention
            session.execute(insert(Mention.__table__), rows)
        if stamp:
            row.tagged_at, row.tagger_version = utcnow(), tagger_version
        return len(seen)

    def _replace_events(
        self, session: Session, row: Article, events: list[records.Event], coder_version: str | None,
        *, new: bool = False,
    ) -> int:
        before = incidents.Snapshot()  # a new article's events are linked nowhere yet
        if not new:
            before = incidents.snapshot(session, [row.id])
            old_events = select(Event.id).where(Event.article_id == row.id)
            session.execute(delete(EventActor).where(EventActor.event_id.in_(old_events)))
            session.execute(delete(Event).where(Event.article_id == row.id))
        names = {a.name for ev in events for a in ev.actors}
        known = select(Entity.name, Entity.id).where(Entity.kind == "group", Entity.name.in_(sorted(names)))
        groups: dict[str, int] = dict(session.execute(known).all()) if names else {}
        rows: list[dict[str, Any]] = []
        for seq, ev in enumerate(events):
            sentence, start_char, end_char = _evidence(ev.sentence, ev.start, ev.end)
            rows.append({
                "article_id": row.id, "seq": seq, "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
                "event_date": ev.date, "date_precision": ev.date_precision, "province": ev.province,
                "district": _clip(ev.district, 200), "place": _clip(ev.place, 200), "pcode": ev.pcode,
                "lat": ev.lat, "lon": ev.lon, "geo_precision": ev.geo_precision, "fatalities": ev.fatalities,
                "injured": ev.injured, "fatality_source": _clip(ev.fatality_source, 200),
                "figures": [f.as_dict() for f in ev.figures], "claimed_by": _clip(ev.claimed_by, 200),
                "report_status": ev.report_status, "historical": bool(ev.historical),
                "appointee": _clip(ev.appointee, 200), "post": _clip(ev.post, 300), "sentence": sentence,
                "start_char": start_char, "end_char": end_char, "method": ev.method, "confidence": ev.confidence,
                "coder_version": coder_version,
            })
        if rows:  # multi-row INSERTs (Core executemany): the events, then their actors by the events' seq
            table = Event.__table__
            if session.get_bind().dialect.insert_executemany_returning:  # the ids come back with the INSERT
                inserted = session.execute(insert(table).returning(table.c.seq, table.c.id), rows)
            else:  # pragma: no cover - SQLite before 3.35
                session.execute(insert(table), rows)
                inserted = session.execute(select(Event.seq, Event.id).where(Event.article_id == row.id))
            ids: dict[int, int] = dict(inserted.all())  # type: ignore[arg-type]
            actors = [
                {"event_id": ids[seq], "name": name[:200], "side": side, "entity_id": groups.get(name)}
                for seq, ev in enumerate(events)
                for side, name in dict.fromkeys((a.side, a.name) for a in ev.actors)
            ]
            if actors:
                session.execute(insert(EventActor.__table__), actors)
        session.flush()
        incidents.relink(session, [row.id], before=before)
        return len(events)

    def retag_batches(
        self, *, since: datetime | None = None, batch_size: int = 200, after_id: int = 0,
        up_to_id: int | None = None,
    ) -> Iterator[list[tuple[int, str, str | None, datetime | None]]]:
        """(article id, text, language, published_at) in id order, a batch at a time, for re-tagging.

        `after_id` and `up_to_id` bound the ids (a distributed retag's chunk)."""
        last_id = after_id
        while True:
            with self._reading() as session:
                query = select(Article.id, Article.text, Article.language, Article.published_at)
                query = query.where(Article.id > last_id)
                if up_to_id is not None:
                    query = query.where(Article.id <= up_to_id)
                if since is not None:
                    query = query.where(Article.published_at >= since)
                rows = session.execute(query.order_by(Article.id).limit(batch_size)).all()
            if not rows:
                return
            last_id = rows[-1][0]
            yield [(r[0], r[1], r[2], r[3]) for r in rows]

    def replace_mentions(
        self,
        article_id: int,
        mentions: list[records.Mention],
        tagger_version: str | None,
        events: list[records.Event] | None = None,
    ) -> MentionDiff:
        """Swap an article's mentions (and events, unless None) for new ones in one transaction.

        Reports what was added and removed: mentions per kind, events per sub_event_type (an event whose
        coding changed counts as one removed and one added). An analysis equal to the stored one (its
        `analysis_digest`) changes nothing but the versions and the time it was tagged.
        """
        digest = analysis_digest(mentions, events) if events is not None else None
        with self._transaction() as session:
            row = session.get(Article, article_id)
            if row is None:
                return MentionDiff({}, {})
            if digest is not None and row.analysis_digest == digest and \
                    self._rows_as_written(session, article_id, mentions, events or []):
                self._restamp(session, row, tagger_version)
                return MentionDiff({}, {})
            row.analysis_digest = digest  # (mentions alone replaced: the stored pair is fingerprinted no more)
            old = {
                (m.kind, m.entity_id, m.start, m.end)
                for m in session.scalars(select(Mention).where(Mention.article_id == article_id))
            }
            rollups = rollup.Tracker(session, [article_id])
            old_events = self._event_keys(session, article_id) if events is not None else Counter()
            self._replace_mentions(session, row, mentions, tagger_version)
            if events is not None:
                self._replace_events(session, row, events, tagger_version)
            session.flush()
            rollups.finish()
            new = {
                (m.kind, m.entity_id, m.start, m.end)
                for m in session.scalars(select(Mention).where(Mention.article_id == article_id))
            }
            new_events = self._event_keys(session, article_id) if events is not None else Counter()
        added: dict[str, int] = {}
        removed: dict[str, int] = {}
        for kind, *_ in new - old:
            added[kind] = added.get(kind, 0) + 1
        for kind, *_ in old - new:
            removed[kind] = removed.get(kind, 0) + 1
        return MentionDiff(
            added, removed, _per_type(new_events - old_events), _per_type(old_events - new_events)
        )

    @staticmethod
    def _rows_as_written(session: Session, article_id: int, mentions: list[records.Mention],
                         events: list[records.Event]) -> bool:
        """Are the article's stored mention and event rows as many as writing this analysis leaves? (Rows
        deleted behind the store's back, by hand or by a tool, leave the fingerprint standing: the retag then
        writes them again.)"""
        written = len({(_entity_key(m), m.start, m.end) for m in mentions})  # the rows `_replace_mentions` keeps
        stored = session.execute(select(
            select(func.count()).where(Mention.article_id == article_id).scalar_subquery(),
            select(func.count()).where(Event.article_id == article_id).scalar_subquery(),
        )).one()
        return tuple(stored) == (written, len(events))

    @staticmethod
    def _restamp(session: Session, row: Article, tagger_version: str | None) -> None:
        """The stored mentions and events are what the tagger gives now: only its version and the time change
        (no rows deleted and inserted, no incident relinked, no rollup recounted)."""
        if row.tagger_version != tagger_version:
            session.execute(update(Mention).where(Mention.article_id == row.id).values(tagger_version=tagger_version))
            session.execute(update(Event).where(Event.article_id == row.id).values(coder_version=tagger_version))
        row.tagged_at, row.tagger_version = utcnow(), tagger_version

    @staticmethod
    def _event_keys(session: Session, article_id: int) -> Counter[tuple[Any, ...]]:
        """An article's events as comparable codings (sub_event_type first)."""
        actors: dict[int, list[tuple[int, str]]] = {}
        query = (
            select(EventActor.event_id, EventActor.side, EventActor.name)
            .join(Event, Event.id == EventActor.event_id)
            .where(Event.article_id == article_id)
        )
        for event_id, side, name in session.execute(query):
            actors.setdefault(event_id, []).append((side, name))
        keys: Counter[tuple[Any, ...]] = Counter()
        for ev in session.scalars(select(Event).where(Event.article_id == article_id)):
            keys[(
                ev.sub_event_type, ev.event_type, ev.event_date, ev.date_precision, ev.province, ev.district,
                ev.place, ev.geo_precision, ev.fatalities, ev.injured, ev.fatality_source, ev.claimed_by,
                ev.report_status, bool(ev.historical), ev.appointee, ev.post, ev.start_char, ev.end_char,
                tuple(sorted(actors.get(ev.id, ()))),
            )] += 1
        return keys

    def article_ids(self, *, since: datetime | None = None) -> list[int]:
        """Ids of stored articles (published on or after `since`), in order: a distributed retag's chunks."""
        with self.db.sessions() as session:
            query = select(Article.id).order_by(Article.id)
            if since is not None:
                query = query.where(Article.published_at >= since)
            return list(session.scalars(query))

    def published_at(self, article_id: int) -> datetime | None:
        with self._reading() as session:
            return session.scalar(select(Article.published_at).where(Article.id == article_id))

    def make_original(self, article_id: int, former_original: int) -> None:
        """An older copy of a story arrived: it becomes the original of every copy of the former one."""
        with self._transaction() as session:
            # Copies of the former original stay copies: only these two articles change what they count.
            rollups = rollup.Tracker(session, [article_id, former_original])
            session.execute(
                update(Article)
                .where((Article.duplicate_of == former_original) | (Article.id == former_original))
                .values(duplicate_of=article_id)
            )
            session.execute(update(Article).where(Article.id == article_id).values(duplicate_of=None))
            rollups.finish()
            # The former original's events leave their incidents; the new original's join theirs.
            incidents.relink(session, [article_id, former_original])

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, *, kind: str, options: dict[str, Any], nlp_mode: str | None,
                  versions: dict[str, Any]) -> int:
        """Record a new run as running; returns its id."""
        with self._transaction() as session:
            run = Run(kind=kind, options=options, nlp_mode=nlp_mode, versions=versions, status="running",
                      pid=os.getpid(), host=socket.gethostname(), heartbeat_at=utcnow())
            session.add(run)
            session.flush()
            return run.id

    def mark_interrupted_runs(self) -> int:
        """Runs still marked running whose process is gone are marked interrupted."""
        count = 0
        with self._transaction() as session:
            for run in session.scalars(select(Run).where(Run.status == "running")):
                if run.host == socket.gethostname() and run.pid and _pid_alive(run.pid):
                    continue
                run.status = "interrupted"
                run.finished_at = run.finished_at or run.heartbeat_at
                run.message = "the process ended before the run finished"
                count += 1
        return count

    def record_error(self, run_id: int, *, source: str | None, url: str | None, stage: str,
                     reason: str, message: str) -> None:
        """Keep one failure of a run (the run goes on)."""
        with self._transaction() as session:
            session.add(RunError(run_id=run_id, source=source, url=url, stage=stage, reason=reason,
                                 message=message[:2000]))

    def save_source_counts(self, run_id: int, source: str, counts: dict[str, Any]) -> None:
        """Write (or overwrite) one source's counters for a run."""
        columns = {"status", "discovered", "fetched", "new", "updated", "skipped", "failed"}
        with self._transaction() as session:
            row = session.scalar(select(RunSource).where(RunSource.run_id == run_id, RunSource.source == source))
            if row is None:
                row = RunSource(run_id=run_id, source=source)
                session.add(row)
            for key in columns & counts.keys():
                setattr(row, key, counts[key])
            row.details = {k: v for k, v in counts.items() if k not in columns}

    def heartbeat(self, run_id: int) -> None:
        with self._transaction() as session:
            run = session.get(Run, run_id)
            if run is not None:
                run.heartbeat_at = utcnow()

    def finish_run(self, run_id: int, status: str, message: str | None = None) -> None:
        """Close a run with its final status."""
        with self._transaction() as session:
            run = session.get(Run, run_id)
            if run is not None:
                run.status = status
                run.finished_at = utcnow()
                run.message = message

    # -- per-URL state ------------------------------------------------------------------------

    def url_states(self, urls: Iterable[str]) -> dict[str, UrlState]:
        """Stored fetch state for these URLs."""
        wanted = list(dict.fromkeys(urls))
        out: dict[str, UrlState] = {}
        with self._reading() as session:
            shared = getattr(self._unit, "session", None) is session
            for i in range(0, len(wanted), 500):
                for row in session.scalars(select(UrlState).where(UrlState.url.in_(wanted[i : i + 500]))):
                    if not shared:  # a unit of work's session may still change the row: it stays attached
                        session.expunge(row)
                    out[row.url] = row
        return out

    def due_failures(self, source: str, now: datetime) -> list[str]:
        """URLs of a source whose last fetch failed and whose retry time has come, oldest first."""
        with self._reading() as session:
            return list(session.scalars(
                select(UrlState.url).where(
                    UrlState.source == source, UrlState.status == "failed",
                    (UrlState.next_attempt.is_(None)) | (UrlState.next_attempt <= now),
                ).order_by(UrlState.last_attempt)
            ))

    def retry_candidates(self, source: str, *, refusals: Iterable[str] = ()) -> list[str]:
        """URLs of a source that failed, were given up or were refused for one of `refusals`, oldest first."""
        with self._reading() as session:
            return list(session.scalars(
                select(UrlState.url).where(
                    UrlState.source == source,
                    UrlState.status.in_(("failed", "gave_up"))
                    | ((UrlState.status == "permanent") & UrlState.reason.in_(tuple(refusals))),
                ).order_by(UrlState.last_attempt)
            ))

    def validators(self) -> dict[str, tuple[str | None, str | None]]:
        """Stored ETag/Last-Modified per feed or listing URL, for conditional GETs."""
        with self._reading() as session:
            rows = session.execute(
                select(UrlState.url, UrlState.etag, UrlState.last_modified).where(
                    (UrlState.etag.is_not(None)) | (UrlState.last_modified.is_not(None))
                )
            ).all()
        return {url: (etag, modified) for url, etag, modified in rows}

    def save_validators(self, validators: dict[str, tuple[str | None, str | None]]) -> None:
        """Keep the validators of conditionally fetched URLs for the next run."""
        for url, (etag, modified) in validators.items():
            self.set_url_state(url, source=None, status="fetched", etag=etag, last_modified=modified)

    def set_url_state(self, url: str, *, source: str | None, status: str, **fields: Any) -> None:
        """Upsert one URL's fate (status, http_status, reason, message, attempts, validators...): one statement."""
        now = utcnow()
        table = UrlState.__table__
        with self._transaction() as session:
            stmt = upsert_insert(session, table).values(
                {"attempts": 0, **fields, "url": url, "source": source or None, "status": status, "first_seen": now,
                 "last_attempt": now})
            changes = {"status": status, "last_attempt": now, **fields,
                       "source": func.coalesce(stmt.excluded.source, table.c.source)}
            session.execute(stmt.on_conflict_do_update(index_elements=[table.c.url], set_=changes))
            loaded = session.identity_map.get(session.identity_key(UrlState, url))
            if loaded is not None:  # a row this unit of work read (`url_states`) is read again if used
                session.expire(loaded)


#: Where an undated article sorts among dated ones' keys (after them: its key starts with True).
_UNDATED = datetime.min.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=8)
def _duplicate_query(bands: int) -> Any:
    """`Store.duplicate_candidates`' statement for a signature of `bands` band keys, built once (the 32 band
    comparisons cost more to build than the index probes they ask for)."""
    table = Article.__table__
    columns = (table.c.id, table.c.signature, table.c.published_at)
    # Each arm an index probe: ix_articles_content_hash; the (band, key) primary key of dedup_bands per band.
    # (An OR of pairs, not a row-value IN: SQLite scans the table for that.)
    exact = select(literal(1).label("exact"), *columns).where(
        table.c.content_hash == bindparam("digest"), table.c.duplicate_of.is_(None))
    if not bands:
        return exact
    sharing = select(DedupBand.article_id).where(or_(*(
        and_(DedupBand.band == bindparam(f"band{n}"), DedupBand.key == bindparam(f"key{n}")) for n in range(bands))))
    return union_all(exact, select(literal(0), *columns).where(table.c.id.in_(sharing), table.c.duplicate_of.is_(None)))


def _clip(value: str | None, length: int) -> str | None:
    return value[:length] if value is not None else None


def _sentence(text: str) -> str:
    """A mention's sentence as stored: without the paragraph breaks and spaces the splitter leaves around it.

    Every mention of an article is stored through here, so same-sentence joins still compare like with like.
    """
    return text.strip()


def _evidence(text: str, start: int, end: int) -> tuple[str, int, int]:
    """An event's evidence stripped like a mention's sentence, its offsets moved in step when they span it."""
    stripped = text.strip()
    if end - start == len(text) and stripped != text:
        start += len(text) - len(text.lstrip())
        end = start + len(stripped)
    return stripped, start, end


def _per_type(keys: Counter[tuple[Any, ...]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, n in keys.items():
        out[key[0]] = out.get(key[0], 0) + n
    return out


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
