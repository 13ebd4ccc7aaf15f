"""Shared pytest fixtures. Each block belongs to one area; add yours in its own block."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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
