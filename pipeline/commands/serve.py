"""`frontwatch serve`: browse and query the SQLite store in a web browser (Datasette, read-only)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from pipeline.cli import AppContext, config_option


@click.command()
@click.option(
    "--db", "database_url", metavar="URL", help="SQLite URL or file (default: the configured database)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option(
    "--immutable",
    is_flag=True,
    help="Treat the file as a snapshot that never changes (faster counts; use on a copy, "
    "not on a database a run is writing).",
)
@click.option("--dry-run", is_flag=True, help="Print the Datasette command and metadata path, and exit.")
@config_option
@click.pass_obj
def serve(
    app: AppContext, database_url: str | None, host: str, port: int, immutable: bool, dry_run: bool
) -> None:
    """Open the database in Datasette: described tables and views, and canned queries for common questions.

    The database is opened read-only. Canned queries: NRF attacks on the Taliban per province and month
    (coded events), incidents per province and month, appointments by province, the NRF and the Taliban
    named together with a place, one group by province and month, commanders named with a province, top
    groups of each month, mentions per province and month. PostgreSQL users: see docs/research.md for the
    same queries in psql and pandas.
    """
    from pipeline.research.serve import prepare

    url = database_url or app.settings.database.url
    # One metadata folder per user, rewritten on every start (Datasette reads the file after exec).
    workdir = Path(tempfile.gettempdir()) / f"frontwatch-serve-{os.getuid()}"
    command = prepare(url, workdir, host=host, port=port, immutable=immutable)
    if dry_run:
        click.echo(" ".join(command))
        return
    click.echo(f"serving read-only on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Datasette takes over this process, so signals (Ctrl-C, a supervisor's SIGTERM) reach it directly.
    os.execv(command[0], command)
