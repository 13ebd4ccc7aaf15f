"""The unattended daily run: APScheduler fires the same job as `frontwatch run` at the configured time.

    python scheduled_run.py [--config config.toml]          # stay up, run daily at [schedule] time/timezone
    python scheduled_run.py --once [--config config.toml]   # run now and exit (for cron or a systemd timer)
    python scheduled_run.py --distributed [...]             # the same, as `frontwatch run --distributed`

One run at a time (max_instances=1), missed runs coalesce into one, a run late by less than
`misfire_grace` seconds still starts. SIGINT/SIGTERM stop cleanly: a run in progress finishes the
article it is storing, is marked interrupted, and the next run picks up where it stopped.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

log = logging.getLogger("frontwatch.scheduled")
#: Exit statuses of `scheduled_run.py --once` (and of the last run when the scheduler stops), as documented in
#: the README's table.
EXIT_STATUSES = {
    0: "the run finished and every source was read",
    1: "a source failed entirely (its reason is in the run table and `frontwatch failures`)",
    2: "the run could not start: bad configuration, database unreachable or locked",
    3: "the run finished but a source shows a health warning (no yield, layout change, 403/429)",
    4: "the run was interrupted (SIGINT/SIGTERM); the next run resumes where it stopped",
    5: "the run crashed (a bug: the traceback is logged); the next run resumes from what is stored",
}
JOB_ID = "frontwatch-daily"


def run_once(config: Path | None, stop: threading.Event, distributed: bool = False) -> int:
    """Load settings afresh and run the job; returns the exit status (one per outcome, see EXIT_STATUSES).

    With `distributed`, the job goes to the workers (`pipeline.distributed`) and this process follows it."""
    from pipeline.errors import FrontwatchError
    from pipeline.progress import LogProgress
    from pipeline.run import RunStopped, run_job
    from pipeline.settings import load_settings

    try:
        settings = load_settings(config)
        if distributed:
            from pipeline.distributed.jobs import run_distributed

            report = run_distributed(settings, should_stop=stop.is_set)
        else:
            report = run_job(settings, progress=LogProgress(), should_stop=stop.is_set)
    except RunStopped as exc:
        log.warning("run interrupted: %s", exc)
        return 4
    except FrontwatchError as exc:
        log.error("run not started: %s", exc)
        return 2
    except Exception:
        log.exception("run crashed; the next run resumes from what is stored")
        return 5
    for s in report.sources:
        log.info(
            "source %s: %s, %d discovered, %d new, %d skipped, %d failed%s",
            s.name, s.status, s.discovered, s.new, s.skipped, s.failed, f" ({s.message})" if s.message else "",
        )
    for warning in report.warnings:
        log.warning("source health: %s", warning)
    log.info("run %d finished with status %s", report.run_id, report.status)
    if report.any_source_failed:
        return 1
    return 3 if report.warnings else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the frontwatch job daily (or once with --once).")
    parser.add_argument("--config", type=Path, default=None, help="config file (default ./config.toml)")
    parser.add_argument("--once", action="store_true", help="run the job now and exit")
    parser.add_argument("--distributed", action="store_true",
                        help="send the job to `frontwatch worker` processes (needs PostgreSQL, a broker, Redis)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    stop = threading.Event()
    if args.once:
        _on_signals(lambda: stop.set())
        return run_once(args.config, stop, args.distributed)

    from pipeline.errors import FrontwatchError
    from pipeline.settings import load_settings

    try:
        schedule = load_settings(args.config).schedule
    except FrontwatchError as exc:
        log.error("%s", exc)
        return 2
    scheduler = build_scheduler(args.config, schedule, stop, args.distributed)

    def stop_scheduler() -> None:
        deadline = time.monotonic() + 10
        while not scheduler.running and time.monotonic() < deadline:  # a signal right at start-up
            time.sleep(0.05)
        if scheduler.running:
            scheduler.shutdown(wait=True)

    def shutdown() -> None:
        log.info("stopping: the current run (if any) ends after its current article")
        stop.set()
        threading.Thread(target=stop_scheduler, daemon=True).start()

    _on_signals(shutdown)
    trigger = scheduler.get_job(JOB_ID).trigger
    first = trigger.get_next_fire_time(None, datetime.now(trigger.timezone))
    log.info("scheduled daily at %s %s; next run at %s", schedule.time, schedule.timezone, first)
    scheduler.start()  # blocks until shutdown
    log.info("scheduler stopped")
    return 0


def build_scheduler(config: Path | None, schedule, stop: threading.Event,  # type: ignore[no-untyped-def]
                    distributed: bool = False):
    """A BlockingScheduler with the daily job: coalesced, one instance at a time, with a misfire grace."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    hour, minute = (int(x) for x in schedule.time.split(":"))
    scheduler = BlockingScheduler(timezone=schedule.timezone)
    scheduler.add_job(
        run_once, CronTrigger(hour=hour, minute=minute, timezone=schedule.timezone),
        args=(config, stop, distributed), id=JOB_ID, name="frontwatch daily run",
        coalesce=True, max_instances=1, misfire_grace_time=schedule.misfire_grace, replace_existing=True,
    )
    return scheduler


def _on_signals(handler) -> None:  # type: ignore[no-untyped-def]
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda _signum, _frame: handler())


if __name__ == "__main__":
    sys.exit(main())
