"""Tagging beside a writer: batches of articles go to long-lived forked processes, analyses come back in order.

`run` and `retag` write one article at a time in one process; tagging costs as much again and more. A
`TagPool` forks its processes once, when it is built (before the run starts its own threads), and keeps
them for the whole run; the writer submits a batch (`submit`), goes on storing earlier ones, and takes each
batch's analyses when they are ready (`Pending.get`). Each process has the parent's tagger: a loaded
one is shared by the fork, a `nlp.lazy.LazyTagger` is built by each process on its first batch (so the
process that writes never loads spaCy). Batches go through `nlp.pipe`.

`[nlp] n_process` says how many processes tag: 1 tags in the calling process (still through `nlp.pipe`,
the same results without the overlap), N >= 2 forks N tagging processes beside the writer, 0 means one per
core. Without fork (Windows, macOS' default), tagging stays in the calling process. A tagging process that
dies (killed, out of memory) fails the batch with `TaggingFailed`; nothing waits for ever.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Self

from pipeline.errors import FrontwatchError

if TYPE_CHECKING:
    from nlp.lazy import LazyTagger
    from nlp.tagger import AnalyseItem, Analysis, Tagger

log = logging.getLogger(__name__)

_WORKER_TAGGER: Tagger | LazyTagger | None = None  # the tagger a forked process inherited
#: How much lower the tagging processes run than the process that writes (see `_start_process`).
NICENESS = 5


class TaggingFailed(FrontwatchError):
    """A tagging process died before answering (killed, out of memory); the batch was not tagged."""


class Pending:
    """The analyses of one submitted batch, in the batch's order."""

    def __init__(self, future: Future[list[Analysis]] | None = None, done: list[Analysis] | None = None):
        self._future = future
        self._done = done

    def ready(self) -> bool:
        return self._future is None or self._future.done()

    def wait(self, timeout: float) -> None:
        """Block until the batch is tagged or `timeout` seconds have passed."""
        if self._future is not None and not self._future.done():
            try:
                self._future.exception(timeout=timeout)
            except TimeoutError:
                pass

    def get(self) -> list[Analysis]:
        """The analyses (blocks until ready); raises what the tagger raised, or `TaggingFailed`."""
        if self._future is None:
            assert self._done is not None
            return self._done
        try:
            return self._future.result()
        except BrokenProcessPool as exc:
            raise TaggingFailed(f"a tagging process died before answering ({exc}); run again to tag the "
                                "articles it held, with fewer `[nlp] n_process` if memory is short") from exc


def tagging_processes(n_process: int) -> int:
    """The processes `[nlp] n_process` asks for: 0 is one per core."""
    return n_process if n_process > 0 else max(1, os.cpu_count() or 1)


class TagPool:
    """Tagging for one run or retag: `n_process` >= 2 forked processes kept for the pool's life, else inline."""

    def __init__(self, tagger: Tagger | LazyTagger, n_process: int):
        global _WORKER_TAGGER
        self.tagger = tagger
        wanted = tagging_processes(n_process)
        self.processes = wanted if wanted > 1 and "fork" in multiprocessing.get_all_start_methods() else 0
        self._executor: ProcessPoolExecutor | None = None
        if self.processes:
            _WORKER_TAGGER = tagger
            self._executor = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_start_process)
            # With fork, every process starts at the first submit: make that now, while this process has
            # no other threads of its own (a fork copies only the calling thread, and no lock it does not own).
            started = [self._executor.submit(_ready) for _ in range(self.processes)]
            _WORKER_TAGGER = None  # each process kept its copy
            if not all(f.result() for f in started):
                raise TaggingFailed("the tagging processes started without the tagger")
            log.debug("tagging in %d forked process(es)", self.processes)

    @property
    def capacity(self) -> int:
        """Batches worth keeping in flight: two per process (one tagging, one waiting), one inline."""
        return 2 * self.processes if self.processes else 1

    def submit(self, items: Sequence[AnalyseItem], *, events: bool = True) -> Pending:
        """Analyse (text, published[, lang]) items (`events=False`: mentions only, of text or (text, lang) items);
        in this process at once when the pool has no processes."""
        if self._executor is None:
            return Pending(done=_work(self.tagger, list(items), events))
        return Pending(self._executor.submit(_batch, list(items), events))

    def stream(self, items: Iterable[Any], batch_size: int, *, events: bool = True) -> Iterator[Any]:
        """Results for a stream of items, in input order, with `capacity` batches always in flight: the pool
        tags the next batches while the caller handles (writes) the results of this one."""
        source = iter(items)
        waiting: deque[Pending] = deque()

        def fill() -> None:
            while len(waiting) < self.capacity:
                batch = list(itertools.islice(source, max(1, batch_size)))
                if not batch:
                    return
                waiting.append(self.submit(batch, events=events))

        fill()
        while waiting:
            results = waiting.popleft().get()
            fill()
            yield from results

    def close(self) -> None:
        """Stop the processes (what is still queued is dropped: its articles were not stored)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_process() -> None:
    # Ctrl-C and SIGTERM are the parent's to handle: it stops the run and then the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The writer is the one serial stage; with as many taggers as cores it would get a share of a core
    # like each of them. A lower priority gives it the CPU whenever it has work, the taggers the rest.
    with contextlib.suppress(OSError):
        os.nice(NICENESS)


def _ready() -> bool:
    return _WORKER_TAGGER is not None


def _batch(items: list[Any], events: bool) -> list[Any]:
    assert _WORKER_TAGGER is not None, "tagging process started without a tagger"
    return _work(_WORKER_TAGGER, items, events)


def _work(tagger: Tagger | LazyTagger, items: list[Any], events: bool) -> list[Any]:
    return tagger.analyse_batch(items) if events else tagger.tag_batch(items)
