"""What one worker process keeps between tasks: database, tagger, fetcher, duplicate index, Redis clients.

Built lazily in the process that runs tasks (after the pool forked it), once, from the worker's settings;
the tasks themselves are thin shells around `pipeline.stages` and `pipeline.retag`.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

from models.db import Database, open_database
from models.lock import write_lock
from models.store import Store
from pipeline.dedup import Deduplicator, Signature
from pipeline.distributed.politeness import RedisHostGate
from pipeline.distributed.state import JobState, connect
from pipeline.settings import Settings
from pipeline.stages import ArticleWriter

log = logging.getLogger(__name__)


class SharedIndex:
    """The near-duplicate check as workers share it: the store's on-disk band index (`Deduplicator.for_store`),
    which sees what every worker has committed; the writers hold the database's write lock from the check to
    the save, so no two workers store one story as two originals."""

    def __init__(self, store: Store):
        self.index = Deduplicator.for_store(store)

    def check(self, text: str, sig: Signature | None = None) -> Any:
        return self.index.check(text, sig)

    def add(self, key: int, text: str | None = None, *, sig: Signature | str | None = None) -> None:
        self.index.add(key, text, sig=sig)


class _SourceIds(dict[str, int]):
    """Source name -> database id, looked up (and created) on first use."""

    def __init__(self, settings: Settings, store: Store):
        super().__init__()
        self.settings = settings
        self.store = store

    def __missing__(self, name: str) -> int:
        self[name] = self.store.ensure_source(self.settings.source(name))
        return self[name]


class WorkerContext:
    """One worker process's resources, each made on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._writers: dict[int, ArticleWriter] = {}

    @cached_property
    def db(self) -> Database:
        return open_database(self.settings.database.url, migrate_schema=False,
                             pool_size=self.settings.queue.pool_size)

    @cached_property
    def store(self) -> Store:
        return Store(self.db)

    @cached_property
    def tagger(self) -> Any:
        from nlp.tagger import build_tagger

        return build_tagger(self.settings.nlp)

    @cached_property
    def redis(self) -> Any:
        return connect(self.settings.queue.state_url)

    @cached_property
    def gate(self) -> RedisHostGate:
        http = self.settings.http
        return RedisHostGate(self.redis, self.settings.queue.prefix, busy_ttl=http.max_time + http.timeout + 5)

    @cached_property
    def fetcher(self) -> Any:
        from pipeline.fetch import HttpFetcher, host_delays_for

        fetcher = HttpFetcher(self.settings.http, self.settings.user_agent, gate=self.gate,
                              host_delays=host_delays_for(self.settings.sources.values()))
        return fetcher

    @cached_property
    def dedup(self) -> SharedIndex:
        return SharedIndex(self.store)

    @cached_property
    def source_ids(self) -> _SourceIds:
        return _SourceIds(self.settings, self.store)

    def serialise(self) -> Any:
        """The cluster-wide write lock (see `models.lock.write_lock`)."""
        return write_lock(self.db)

    def job(self, job: int) -> JobState:
        return JobState(self.redis, self.settings.queue.prefix, job, timeout=self.settings.queue.job_timeout)

    def writer(self, job: int) -> ArticleWriter:
        """The one `ArticleWriter` of the single-process run, for this job's run id."""
        if job not in self._writers:
            self._writers[job] = ArticleWriter(self.settings, self.store, self.tagger, self.dedup, job,
                                               self.source_ids, serialise=self.serialise)
        return self._writers[job]

    def close(self) -> None:
        if "fetcher" in self.__dict__:
            self.fetcher.close()
        if "db" in self.__dict__:
            self.db.dispose()
