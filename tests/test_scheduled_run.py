"""scheduled_run.py: the daily job's schedule, --once, and a clean stop on SIGTERM."""

import importlib.util
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from child import child_env, mirror_config
from pipeline.settings import ScheduleSettings

SCRIPT = Path(__file__).resolve().parents[1] / "scheduled_run.py"


def load_module():
    spec = importlib.util.spec_from_file_location("scheduled_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def config_for(tmp_path, server, db):
    return mirror_config(tmp_path, server, f"sqlite:///{db}", feeds=("/feed",), listings=(), extra="""
        [schedule]
        time = "04:15"
        timezone = "Asia/Kabul"
        misfire_grace = 1800
    """)


def run_script(*args, timeout=300):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=child_env(),
                          timeout=timeout)


def test_daily_job_is_coalesced_single_instance_with_misfire_grace():
    module = load_module()
    schedule = ScheduleSettings(time="04:15", timezone="Asia/Kabul", misfire_grace=1800)
    scheduler = module.build_scheduler(None, schedule, threading.Event())
    job = scheduler.get_job(module.JOB_ID)
    assert job.coalesce is True and job.max_instances == 1 and job.misfire_grace_time == 1800
    assert str(job.trigger.timezone) == "Asia/Kabul"
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("4", "15")


def test_once_runs_the_job_and_exits(tmp_path, lwj_site):
    db = tmp_path / "fw.db"
    result = run_script("--once", "--config", str(config_for(tmp_path, lwj_site, db)))
    assert result.returncode == 0, result.stderr
    assert "finished with status ok" in result.stderr
    assert db.exists()


def test_bad_config_exits_2_with_the_key_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\ntime = "noon"\n')
    result = run_script("--config", str(path), timeout=60)
    assert result.returncode == 2
    assert "schedule.time" in result.stderr


def test_sigterm_stops_the_scheduler_cleanly(tmp_path, lwj_site):
    proc = subprocess.Popen([sys.executable, str(SCRIPT), "--config", str(config_for(tmp_path, lwj_site, "x.db"))],
                            stderr=subprocess.PIPE, text=True, env=child_env(), cwd=tmp_path)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "next run at" in line:
            break
    assert "next run at" in lines[-1], lines
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0
    assert "scheduler stopped" in out


def test_each_outcome_has_its_own_exit_status(tmp_path, lwj_site):
    module = load_module()
    assert sorted(module.EXIT_STATUSES) == [0, 1, 2, 3, 4, 5]
    config = config_for(tmp_path, lwj_site, tmp_path / "s.db")
    stopped = threading.Event()
    stopped.set()  # a stop requested before the first article: the run is interrupted, not misconfigured
    assert module.run_once(config, stopped) == 4
    bad = tmp_path / "bad.toml"
    bad.write_text('[schedule]\ntime = "25:99"\n')
    assert module.run_once(bad, threading.Event()) == 2
    readme = (SCRIPT.parent / "README.md").read_text(encoding="utf-8")
    for status, meaning in module.EXIT_STATUSES.items():
        assert f"| {status} | {meaning} |" in readme
