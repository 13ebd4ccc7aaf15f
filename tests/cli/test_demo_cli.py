"""`frontwatch demo` through the real entry point: bundled sites on 127.0.0.1, the whole pipeline, a SQLite file."""

import re
import shlex
import socket
import sqlite3
import subprocess
import tomllib
from pathlib import Path

from child import FRONTWATCH, child_env

from pipeline.demo import SITES, demo_sources

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_the_pipeline_offline_and_prints_commands_that_work(tmp_path):
    database = tmp_path / "kept" / "demo.db"
    decoy = tmp_path / "real.db"  # the environment's database must not be written by the demo
    env = {**child_env(), "FRONTWATCH_DATABASE_URL": f"sqlite:///{decoy}"}
    result = subprocess.run(check=False, args=[*FRONTWATCH, "demo", "--db", str(database)], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "frontwatch.progress" in result.stderr  # progress lines (stderr is not a terminal here)
    assert not decoy.exists()

    with sqlite3.connect(database) as con:
        articles, mentions, events = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                      for t in ("articles", "mentions", "events"))
        per_source = dict(con.execute("SELECT s.name, count(*) FROM articles a JOIN sources s "
                                      "ON s.id = a.source_id GROUP BY s.name"))
    assert per_source == {"longwarjournal": 6, "khaama": 2, "tolonews": 2}  # every bundled article, once
    assert articles == 10 and mentions > 0 and events > 0
    assert f"{articles} articles, {mentions} mentions, {events} events" in result.stdout

    # The servers are gone with the command: their ports no longer answer.
    for port in re.findall(r"http://127\.0\.0\.1:(\d+)", result.stdout):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", int(port))) != 0

    commands = [shlex.split(line.strip()) for line in result.stdout.splitlines()
                if line.strip().startswith("frontwatch ")]
    assert len(commands) >= 3 and all(str(database) in c for c in commands)
    top = next(c for c in commands if c[1:3] == ["query", "top"])
    answer = subprocess.run(check=False, args=[*FRONTWATCH, *top[1:]], capture_output=True, text=True, env=child_env(), timeout=120)
    assert answer.returncode == 0, answer.stderr
    assert "Taliban" in answer.stdout


def test_demo_source_tables_are_the_shipped_configs():
    with open(ROOT / "config.toml", "rb") as fh:
        shipped = tomllib.load(fh)["sources"]
    for name, table in demo_sources().items():
        expected = {k: v for k, v in shipped[name].items() if k not in ("base_url", "enabled")}
        assert table == expected, name
        assert (SITES / name).is_dir(), name


def test_demo_help():
    result = subprocess.run(check=False, args=[*FRONTWATCH, "demo", "--help"], capture_output=True, text=True, env=child_env())
    assert result.returncode == 0 and "without network" in result.stdout and "--db" in result.stdout
