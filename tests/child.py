"""Helpers for tests that run frontwatch in a child process against a local mirror."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any


def child_env() -> dict[str, str]:
    """This process's environment without a database override, so a child reads its own config."""
    return {k: v for k, v in os.environ.items() if k != "FRONTWATCH_DATABASE_URL"}


#: How a child starts frontwatch: through the interpreter running the tests (the installed package),
#: never whatever `frontwatch` happens to come first on PATH.
FRONTWATCH = [sys.executable, "-m", "pipeline"]


def frontwatch(*args: str, input_text: str | None = None, cwd: Path | str | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed frontwatch (`python -m pipeline` of this interpreter) and capture its output."""
    return subprocess.run([*FRONTWATCH, *args], input=input_text, capture_output=True, text=True, cwd=cwd,
                          env=child_env(), timeout=timeout)


def mirror_config(tmp_path: Path, server: Any, db_url: str, *, feeds: tuple[str, ...] = ("/feed",
                  "/tags/afghanistan/feed"), listings: tuple[str, ...] = ("/tags/afghanistan",),
                  extra: str = "") -> Path:
    """Write `tmp_path/config.toml`: rules-only NLP, no politeness delay, the LWJ source on `server`."""
    path = tmp_path / "config.toml"
    path.write_text(textwrap.dedent(f"""
        # a test config pointing the LWJ source at a local mirror
        [database]
        url = "{db_url}"
        [http]
        per_host_delay = 0.0
        backoff = 0.01
        max_backoff = 0.05
        [nlp]
        model = ""
        [sources.longwarjournal]
        base_url = "{server.base_url}"
        feeds = {json.dumps(list(feeds))}
        listings = {json.dumps(list(listings))}
    """) + textwrap.dedent(extra))
    return path
