"""Progress of long work: a rich progress bar on a terminal, periodic log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, Protocol

log = logging.getLogger("frontwatch.progress")


class Progress(Protocol):
    """What the job reports as it goes."""

    def start(self, name: str, total: int | None = None) -> Any: ...
    def found(self, name: str, discovered: int) -> None: ...
    def advance(self, task: Any, amount: int = 1) -> None: ...
    def finish(self, task: Any) -> None: ...
    def close(self) -> None: ...


class LogProgress:
    """Log lines: one when a task starts, every `every` seconds while it runs, and at its end."""

    def __init__(self, every: float = 15.0):
        self.every = every
        self._tasks: dict[str, list[float]] = {}

    def start(self, name: str, total: int | None = None) -> str:
        self._tasks[name] = [0, time.monotonic(), time.monotonic()]
        log.info("%s: started%s", name, f" ({total} items)" if total else "")
        return name

    def found(self, name: str, discovered: int) -> None:
        pass

    def advance(self, task: str, amount: int = 1) -> None:
        state = self._tasks[task]
        state[0] += amount
        now = time.monotonic()
        if now - state[2] >= self.every:
            state[2] = now
            log.info("%s: %d done (%.0f s)", task, state[0], now - state[1])

    def finish(self, task: str) -> None:
        done, started, _ = self._tasks.pop(task, [0, time.monotonic(), 0])
        log.info("%s: finished, %d done in %.1f s", task, done, time.monotonic() - started)

    def close(self) -> None:
        pass


class RichProgress:
    """A live progress bar per task on a terminal (stderr)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._bar.start()
        self._ids: dict[str, Any] = {}

    def start(self, name: str, total: int | None = None) -> Any:
        task = self._bar.add_task(name, total=total, note="discovering")
        self._ids[name] = task
        return task

    def found(self, name: str, discovered: int) -> None:
        task = self._ids.get(name)
        if task is not None:
            self._bar.update(task, note=f"{discovered} found")

    def advance(self, task: Any, amount: int = 1) -> None:
        self._bar.advance(task, amount)

    def finish(self, task: Any) -> None:
        t = self._bar.tasks[task] if isinstance(task, int) else None
        self._bar.update(task, total=t.completed if t else None, note="done")

    def close(self) -> None:
        self._bar.stop()


def make_progress(enabled: bool | None = None) -> Progress:
    """A bar when stderr is a terminal (or `enabled`), log lines otherwise."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    return RichProgress() if enabled else LogProgress()
