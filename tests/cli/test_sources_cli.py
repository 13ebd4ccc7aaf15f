"""`frontwatch sources add|test` through the real entry point, against the local fixture server."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_add_and_test_are_subcommands_of_sources():
    from pipeline.commands.info import sources

    assert {"add", "test"} <= set(sources.commands)


def config_file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text("# my settings\n[http]\nper_host_delay = 0.0  # tests only\nmax_retries = 0\n\n"
                    "[database]\nurl = \"sqlite:///" + str(tmp_path / "never.db") + "\"\n" + extra)
    return path


def invoke(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), "sources", *args], catch_exceptions=False)


def test_sources_add_probes_and_writes_the_table(tmp_path, fixture_server):
    server = fixture_server(FIXTURES / "khaama")
    config = config_file(tmp_path)
    result = invoke(config, "add", "khaama", server.url("/"))
    assert result.exit_code == 0, result.output
    assert "khaama: wordpress" in result.output and "REST API answers" in result.output
    text = config.read_text()
    assert "# my settings" in text and "# tests only" in text and "[sources.khaama]" in text
    source = load_settings(config).sources["khaama"]
    assert source.adapter == "wordpress" and source.base_url == server.base_url
    again = CliRunner().invoke(main, ["--config", str(config), "sources", "add", "khaama", server.url("/")])
    assert again.exit_code == 2 and "already exists" in again.output


def test_sources_add_dry_run(tmp_path, fixture_server):
    server = fixture_server(FIXTURES / "afintl")
    config = config_file(tmp_path)
    before = config.read_text()
    result = invoke(config, "add", "afintl", server.url("/en"), "--dry-run")
    assert result.exit_code == 0 and "afintl: sitemap" in result.output and "[sources.afintl]" in result.output
    assert config.read_text() == before


def test_sources_test_shows_what_would_be_stored(tmp_path, fixture_server):
    server = fixture_server(FIXTURES / "amu")
    config = config_file(tmp_path, f'\n[nlp]\nmodel = ""\n\n[sources.amu]\nadapter = "wordpress"\n'
                                   f'base_url = "{server.base_url}"\narticle_pattern = \'/\\d+/?$\'\n'
                                   'drop_authors = ["Amu TV"]\n'
                                   'selectors = { body = ".main-wrap > .entry-content" }\n')
    result = invoke(config, "test", "amu", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "Taliban appoint new governor for Takhar province" in result.output
    assert "method:    metadata" in result.output and "language:  en" in result.output
    assert "discovery: wordpress:" in result.output and "not_api" in result.output  # what it actually used
    assert "province:Takhar" in result.output or "entity tagging unavailable" in result.output
    assert not (tmp_path / "never.db").exists()  # nothing stored


def test_sources_test_a_bare_url(tmp_path, fixture_server):
    server = fixture_server(FIXTURES / "tolonews")
    config = config_file(tmp_path)
    result = invoke(config, "test", server.url("/afghanistan/all"), "--limit", "1", "--no-tag")
    assert result.exit_code == 0, result.output
    assert "probed as feed" in result.output and "UN Reports Rise" in result.output


def test_sources_test_unknown_name(tmp_path):
    result = CliRunner().invoke(main, ["--config", str(config_file(tmp_path)), "sources", "test", "nosuch"])
    assert result.exit_code == 2 and "unknown source" in result.output


def test_help():
    for command in ("add", "test"):
        result = CliRunner().invoke(main, ["sources", command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
