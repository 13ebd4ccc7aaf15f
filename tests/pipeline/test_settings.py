from pathlib import Path

import pytest

from pipeline.errors import ConfigError, UnknownSourceError
from pipeline.settings import DATABASE_ENV, load_settings, redact_url, settings_from_dict

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_shipped_config_loads_with_longwarjournal_enabled():
    settings = load_settings(REPO / "config.toml", env={})
    lwj = settings.source("longwarjournal")
    assert lwj.enabled and lwj.adapter == "longwarjournal"
    assert lwj.feed_urls[0] == "https://www.longwarjournal.org/feed"
    assert settings.database.url == "sqlite:///frontwatch.db"
    assert "@" in settings.user_agent  # a contact address travels with every request


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    assert settings.database.url == "sqlite:///frontwatch.db"
    assert settings.http.per_host_delay > 0
    assert settings.sources == {}


def test_environment_overrides_database_url(tmp_path):
    path = write(tmp_path, '[database]\nurl = "sqlite:///a.db"\n')
    settings = load_settings(path, env={DATABASE_ENV: "postgresql+psycopg://u:secret@h/db"})
    assert settings.database.url == "postgresql+psycopg://u:secret@h/db"


def test_relative_source_paths_follow_base_url(tmp_path):
    path = write(tmp_path, '[sources.lwj]\nadapter = "longwarjournal"\nbase_url = "http://127.0.0.1:9/"\n'
                           'feeds = ["/feed", "https://other.example/x.xml"]\nlistings = ["tags/afghanistan"]\n')
    source = load_settings(path, env={}).source("lwj")
    assert source.feed_urls == ("http://127.0.0.1:9/feed", "https://other.example/x.xml")
    assert source.listing_urls == ("http://127.0.0.1:9/tags/afghanistan",)
    assert source.hosts == {"127.0.0.1", "other.example", "www.other.example"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[http]\ntimeout = "fast"\n', "http.timeout must be a number"),
        ('[http]\ntimout = 3\n', "unknown key 'http.timout'"),
        ("[databse]\n", "unknown key 'databse'"),
        ('[sources.x]\nenabled = "yes"\n', "sources.x.enabled must be true or false"),
        ('[sources.x]\nfeeds = [1, 2]\n', "sources.x.feeds must be a list of strings"),
        ('[sources.x]\nbase_url = "ftp://a.example"\n', "sources.x.base_url must be an http(s) URL"),
        ('[sources.x]\nfeeds = ["/feed"]\n', "relative path '/feed' but no base_url"),
        ('[schedule]\ntime = "25:00"\n', "schedule.time must be HH:MM"),
        ('[schedule]\ntimezone = "Mars/Olympus"\n', "not an IANA time zone"),
        ("[http\n", "not valid TOML"),
        ('[database]\non_locked = "maybe"\n', "database.on_locked"),
        ("sources = 3\n", "sources must be a table"),
    ],
)
def test_bad_config_names_the_key_and_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path, env={})
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_unknown_source_lists_known_names():
    settings = settings_from_dict({"sources": {"a": {}, "b": {}}})
    with pytest.raises(UnknownSourceError, match="known sources: a, b"):
        settings.source("c")


def test_redact_url_masks_password():
    assert redact_url("postgresql+psycopg://user:s3cret@db:5432/x") == "postgresql+psycopg://user:***@db:5432/x"
    assert redact_url("sqlite:///frontwatch.db") == "sqlite:///frontwatch.db"
