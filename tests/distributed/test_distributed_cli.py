"""`--distributed` without the services it needs: SQLite refused, unreachable services named, passwords masked."""

from __future__ import annotations

from child import frontwatch

from pipeline.settings import load_settings, redact_url, settings_from_dict


def write(tmp_path, body: str):
    path = tmp_path / "config.toml"
    path.write_text(body)
    return path


def test_sqlite_refuses_distributed_runs_in_one_line(tmp_path):
    config = write(tmp_path, '[database]\nurl = "sqlite:///fw.db"\n[sources.longwarjournal]\n')
    for args in (("run", "--distributed"), ("retag", "--distributed"), ("worker",)):
        result = frontwatch("--config", str(config), *args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        (line,) = result.stderr.strip().splitlines()
        assert "needs a PostgreSQL database shared by every worker" in line and "sqlite:///fw.db" in line
    assert not (tmp_path / "fw.db").exists()


def test_broker_and_state_passwords_are_masked_in_every_message(tmp_path):
    config = write(tmp_path, '[database]\nurl = "postgresql+psycopg://fw:dbsecret@127.0.0.1:1/x"\n'
                             '[queue]\nbroker_url = "amqp://fw:brokersecret@127.0.0.1:1//"\n'
                             'state_url = "redis://:statesecret@127.0.0.1:1/0"\n[sources.longwarjournal]\n')
    status = frontwatch("--config", str(config), "status", "--timeout", "0.5", cwd=tmp_path)
    assert status.returncode == 2
    assert "amqp://fw:***@127.0.0.1:1//" in status.stdout and "redis://:***@127.0.0.1:1/0" in status.stdout
    assert "did not answer" in status.stdout
    run = frontwatch("--config", str(config), "run", "--distributed", cwd=tmp_path)
    assert run.returncode == 2 and "redis://:***@127.0.0.1:1/0" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    for output in (status.stdout, status.stderr, run.stdout, run.stderr):
        assert "secret" not in output
    assert redact_url("amqp://guest:guest@127.0.0.1:5672//") == "amqp://guest:***@127.0.0.1:5672//"


def test_queue_settings_defaults_file_and_environment(tmp_path):
    default = settings_from_dict({}).queue
    assert default.broker_url == "amqp://guest:guest@127.0.0.1:5672//"
    assert default.state_url == "redis://127.0.0.1:6379/0"
    config = write(tmp_path, '[queue]\nbroker_url = "redis://127.0.0.1:6379/3"\nconcurrency = 4\n')
    settings = load_settings(config, env={"FRONTWATCH_STATE_URL": "redis://10.0.0.5:6379/1"})
    assert settings.queue.broker_url == "redis://127.0.0.1:6379/3" and settings.queue.concurrency == 4
    assert settings.queue.state_url == "redis://10.0.0.5:6379/1"
    settings = load_settings(config, env={"FRONTWATCH_BROKER_URL": "amqp://a:b@rabbit//"})
    assert settings.queue.broker_url == "amqp://a:b@rabbit//"


def test_worker_and_status_have_help():
    for command in ("worker", "status"):
        result = frontwatch(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout
    run = frontwatch("run", "--help")
    assert "--distributed" in run.stdout and "--detach" in run.stdout
