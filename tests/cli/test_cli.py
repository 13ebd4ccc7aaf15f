"""The `frontwatch` entry point: help for every command, the main job, and clear errors with exit status 2."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner

from child import frontwatch, mirror_config
from pipeline.cli import main


def fw(*args, cwd=None):
    return frontwatch(*args, cwd=cwd)


def test_every_command_has_help():
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, name
        assert main.commands[name].help, f"{name} has no help text"


def test_run_then_stats_through_the_console_script(tmp_path, lwj_site):
    db = tmp_path / "fw.db"
    config = mirror_config(tmp_path, lwj_site, f"sqlite:///{db}")
    first = fw("run", "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "longwarjournal" in first.stdout and "ok" in first.stdout
    second = fw("--config", str(config), "run", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    stats = fw("stats", "--config", str(config), cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "articles:" in stats.stdout and "province" in stats.stdout
    assert "events:" in stats.stdout and "events by type" in stats.stdout and "Battles" in stats.stdout
    sources = fw("sources", "--config", str(config), cwd=tmp_path)
    assert sources.returncode == 0, sources.stderr
    assert "longwarjournal" in sources.stdout


def test_python_dash_m_pipeline_works():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "frontwatch" in result.stdout


@pytest.mark.parametrize(
    ("args", "config_text", "message"),
    [
        (["run"], '[http]\ntimeout = "x"\n', "http.timeout must be a number"),
        (["run", "--source", "nosuch"], "", "unknown source 'nosuch'"),
        (["run", "--since", "last tuesday"], "", "invalid date 'last tuesday'"),
        (["stats"], '[database]\nurl = "sqlite:////nonexistent/dir/x.db"\n', "does not exist"),
        (["stats"], '[database]\nurl = "postgresql+psycopg://u:pw-secret@127.0.0.1:1/x"\n', "cannot open database"),
        # Database URLs that are not quite URLs: one line, the password masked.
        (["stats"], '[database]\nurl = "postgresql+psycopg//u:pw-secret@127.0.0.1/x"\n', "not a valid SQLAlchemy URL"),
        (["stats"], '[database]\nurl = "postgresql+psycopg://u:pw-secret@127.0.0.1:notaport/x"\n',
         "not a valid SQLAlchemy URL"),
        (["stats"], '[database]\nurl = "postgresql+nodriver://u:pw-secret@127.0.0.1/x"\n', "unknown database or driver"),
        (["failures"], '[database]\nurl = "postgresql+psycopg//u:pw-secret@127.0.0.1/x"\n', "not a valid SQLAlchemy URL"),
        # Config values that parse but cannot work.
        (["run"], '[sources.s]\nadapter = "longwarjournal"\nbase_url = "http://"\n', "sources.s.base_url"),
        (["run"], '[sources.s]\nadapter = "longwarjournal"\nbase_url = "http://[::1"\n', "sources.s.base_url"),
        (["run"], '[sources.s]\nadapter = "longwarjournal"\nbase_url = "http://h:port/"\n', "sources.s.base_url"),
        (["run"], '[sources.s]\nadapter = "longwarjournal"\nbase_url = "http://h/"\nfeeds = ["http://[::1/f"]\n',
         "sources.s.feeds"),
        (["run"], "[http]\ntimeout = nan\n", "http.timeout must be a finite number"),
        (["run"], "[http]\nmax_time = inf\n", "http.max_time must be a finite number"),
        (["run"], "[http]\nmax_retries = -1\n", "http.max_retries must be 0 or more"),
        (["run"], "[http]\nper_host_delay = -3\n", "http.per_host_delay must be 0 or more"),
        (["run"], "[nlp]\nbatch_size = 0\n", "nlp.batch_size must be greater than 0"),
    ],
)
def test_bad_input_is_one_clear_line_with_exit_2(tmp_path, args, config_text, message):
    config = tmp_path / "config.toml"
    config.write_text(config_text)
    result = fw(*args, "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "pw-secret" not in result.stderr + result.stdout
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_a_config_file_that_is_not_utf8_is_one_clear_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_bytes('[http]\nuser_agent = "caf\u00e9"\n'.encode("latin-1"))
    result = fw("run", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2 and "not UTF-8" in result.stderr and str(config) in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr


def test_an_existing_file_that_is_not_sqlite_is_one_clear_line(tmp_path):
    (tmp_path / "notes.db").write_text("these are my notes, not a database\n" * 100)
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "notes.db"}"\n')
    for args in (["stats"], ["failures"], ["query", "mentions"]):
        result = fw(*args, "--config", str(config), cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert "not a database" in result.stderr and "Traceback" not in result.stderr
        assert result.stderr.strip().count("\n") == 0, result.stderr


def test_unknown_names_in_query_filters_are_an_error_like_run_source(tmp_path):
    from models.db import open_database
    from models.store import Store
    from pipeline.run import seed_entities
    from pipeline.settings import SourceSettings

    path = tmp_path / "fw.db"
    db = open_database(f"sqlite:///{path}")
    try:
        store = Store(db)
        seed_entities(store)
        store.ensure_source(SourceSettings(name="longwarjournal", adapter="longwarjournal"))
    finally:
        db.dispose()
    cases = [(["--source", "nosuch"], "unknown source 'nosuch'; known sources: longwarjournal"),
             (["--group", "nosuch"], "unknown group 'nosuch'; known groups"),
             (["--province", "Atlantis"], "unknown province 'Atlantis'; known provinces")]
    commands = (["query", "mentions"], ["query", "articles"], ["query", "mentions", "--by", "province"])
    queries = [(command, args, message) for args, message in cases for command in commands]
    known = (["--group", "NRF"], ["--source", "longwarjournal"], ["--province", "helmand"])
    # Each child only reads the database: they run side by side (most of each one's time is starting Python).
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda q: fw(*q[0], *q[1], "--db", str(path), "--format", "csv",
                                             cwd=tmp_path), queries))
        # The run command words it the same way.
        run = pool.submit(fw, "run", "--source", "nosuch", cwd=tmp_path)
        # Aliases and known names still work (an empty answer, exit 0).
        answers = list(pool.map(lambda args: fw("query", "mentions", *args, "--db", str(path),
                                                "--format", "csv", cwd=tmp_path), known))
    for (command, args, message), result in zip(queries, results, strict=True):
        assert result.returncode == 2, (command, args, result.stdout, result.stderr)
        assert message in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
    run_result = run.result()
    assert run_result.returncode == 2 and "unknown source 'nosuch'; known sources:" in run_result.stderr
    for args, answer in zip(known, answers, strict=True):
        assert answer.returncode == 0, (args, answer.stderr)


def test_debug_shows_the_traceback(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[http]\ntimeout = "x"\n')
    result = fw("--debug", "run", "--config", str(config), cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr
