"""`frontwatch demo`: the whole pipeline offline, over bundled sites served on 127.0.0.1."""

from __future__ import annotations

import shlex
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import click
from rich.console import Console


@click.command()
@click.option("--db", "database", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite file to store the demo in, kept afterwards (default: a new temporary folder).")
def demo(database: Path | None) -> None:
    """Run the whole pipeline without network: bundled copies of three news sites served on 127.0.0.1.

    Discovery, fetching, extraction, tagging and storing are those of `frontwatch run`; only the sites
    are local. Ends with what was stored and commands to query it. Your config and database are not used.
    """
    from pipeline.demo import run_demo

    console = Console(width=None if sys.stdout.isatty() else 200, soft_wrap=True)
    if database is None:
        database = Path(tempfile.mkdtemp(prefix="frontwatch-demo-")) / "demo.db"
    database = database.expanduser().resolve()
    database.parent.mkdir(parents=True, exist_ok=True)

    def serving(bases: Mapping[str, str]) -> None:
        sites = ", ".join(f"{name} at {url}" for name, url in bases.items())
        console.print(f"Serving {len(bases)} demo sites: {sites}")
        console.print(f"Running the pipeline into {database} ...")

    with tempfile.TemporaryDirectory(prefix="frontwatch-demo-config-") as workdir:
        result = run_demo(database, Path(workdir), on_serving=serving)
    report, stats = result.report, result.stats
    console.print(f"Run {report.run_id}: {report.status} (NLP: {report.nlp_mode}); demo sites stopped.")
    for s in report.sources:
        console.print(f"  {s.name:<15} {s.status:<8} {s.new} new article(s), {s.mentions} mention(s), "
                      f"{s.events} event(s)")
    console.print(f"Stored in {database}: {stats.articles} articles, {stats.mentions} mentions, "
                  f"{stats.events} events ({stats.incidents} incidents).")
    db = shlex.quote(str(database))
    console.print("Try:")
    for command in (f"frontwatch query top --kind group --db {db}",
                    f"frontwatch query events --by province --db {db}",
                    f"frontwatch query commanders --db {db}",
                    f"frontwatch serve --db {db}"):
        console.print(f"  {command}", markup=False, highlight=False)
    if report.any_source_failed:
        raise SystemExit(1)
