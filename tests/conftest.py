"""Shared pytest fixtures. Each block belongs to one area; add yours in its own block."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# pytest puts this directory on sys.path for this conftest, and the test folders named like the
# packages (tests/pipeline, tests/scrapers, tests/nlp) would then shadow them as empty namespace
# packages. Import the real packages first, with this directory out of the way.
_TESTS_DIR = str(Path(__file__).resolve().parent)
_saved_path = list(sys.path)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _TESTS_DIR]
for _package in ("pipeline", "scrapers", "nlp", "models"):
    if getattr(sys.modules.get(_package), "__file__", "") is None:
        del sys.modules[_package]  # an earlier namespace import of a test folder
    importlib.import_module(_package)
sys.path[:] = _saved_path

# -- HTTP fixture server (tests/fixture_server.py) -------------------------------------------------------
from fixture_server import FixtureServer, lwj_settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_server() -> Iterator[Callable[..., FixtureServer]]:
    """Factory: `fixture_server(root=None)` starts a server on 127.0.0.1, stopped after the test."""
    started: list[FixtureServer] = []

    def make(root: Path | str | None = None) -> FixtureServer:
        server = FixtureServer(root).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def lwj_site(fixture_server: Callable[..., FixtureServer]) -> FixtureServer:
    """The Long War Journal fixture site (tests/fixtures/lwj) served over HTTP."""
    return fixture_server(FIXTURES / "lwj")


@pytest.fixture
def lwj_config(lwj_site: FixtureServer):
    """`Settings` whose `[sources.longwarjournal]` points at `lwj_site`, with no delay and tiny backoff."""
    return lwj_settings(lwj_site)


# -- Databases (tests/db_fixtures.py): SQLite always, PostgreSQL when FRONTWATCH_TEST_DATABASE_URL is set ----
from db_fixtures import db_url  # noqa: E402,F401


# -- Tagger: one rules-only tagger for the session (building one takes about half a second) -------------
@pytest.fixture(scope="session")
def rules_tagger():
    """The tagger `[nlp] model = ""` builds, built once: pass it to `run_job`/`retag_job` as `tagger=`."""
    from nlp.tagger import build_tagger
    from pipeline.settings import NlpSettings

    return build_tagger(NlpSettings(model=""))
