"""The `frontwatch` entry point: help for every command, the main job, and clear errors with exit status 2."""

import subprocess
import sys

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


def test_debug_shows_the_traceback(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[http]\ntimeout = "x"\n')
    result = fw("--debug", "run", "--config", str(config), cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr
