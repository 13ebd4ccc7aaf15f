"""Schema migrations are all or nothing and run one at a time (real SQLite files and PostgreSQL databases)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from sqlalchemy import func, select, text

from child import child_env, frontwatch, mirror_config
from models.db import open_database, table_names
from models.schema import Article

#: A child that starts the migrations and is killed (SIGKILL, no cleanup) after the third table.
KILLED_MID_MIGRATION = textwrap.dedent("""
    import os, signal, sys
    from alembic.operations import Operations
    from models.db import open_database

    created = []
    original = Operations.create_table

    def create_table(self, *args, **kwargs):
        table = original(self, *args, **kwargs)
        created.append(args[0])
        if len(created) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return table

    Operations.create_table = create_table
    open_database(sys.argv[1])
""")


def test_a_first_run_killed_mid_migration_leaves_a_usable_database(db_url):
    child = subprocess.run([sys.executable, "-c", KILLED_MID_MIGRATION, db_url], capture_output=True, text=True,
                           env=child_env(), timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    db = open_database(db_url)  # before: "table entities already exists"
    try:
        assert {"articles", "mentions", "url_states", "events", "alembic_version"} <= set(table_names(db))
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        db.dispose()


def test_two_first_runs_at_once_both_finish_when_configured_to_wait(tmp_path, lwj_site, db_url):
    config = mirror_config(tmp_path, lwj_site, db_url, extra='[database]\n' if False else "")
    text_config = config.read_text().replace("[database]\n", '[database]\non_locked = "wait"\n')
    config.write_text(text_config)
    runs = [subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(config), "run"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(),
                             cwd=tmp_path) for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    for _, err in outcomes:
        assert "Traceback" not in err and "database is locked" not in err and "UniqueViolation" not in err
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            urls = list(s.scalars(select(Article.url)))
            assert urls and len(urls) == len(set(urls))
            assert s.scalar(select(func.count()).select_from(Article)) == len(urls)
    finally:
        db.dispose()
    assert frontwatch("--config", str(config), "stats").returncode == 0
