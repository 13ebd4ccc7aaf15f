"""The `frontwatch` command line: parses arguments and calls library functions, nothing more.

Commands live in `pipeline/commands/<topic>.py`, each exposing click commands that `COMMANDS` lists.
Only this module turns exceptions into messages and exit codes:
0 success, 1 the job ran but a source failed entirely, 2 bad input or environment (config, database).
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import FrontwatchError
from pipeline.settings import Settings, load_settings

#: (module, attribute) of every top-level command, in help order.
COMMANDS: list[tuple[str, str]] = [
    ("pipeline.commands.run", "run"),
    ("pipeline.commands.run", "retag"),
    ("pipeline.commands.distributed", "worker"),
    ("pipeline.commands.distributed", "status"),
    ("pipeline.commands.tag", "tag"),
    ("pipeline.commands.info", "sources"),
    ("pipeline.commands.info", "stats"),
    ("pipeline.commands.extract", "extract"),
    ("pipeline.commands.info", "failures"),
    ("pipeline.commands.query", "query"),
    ("pipeline.commands.export", "export"),
    ("pipeline.commands.plot", "plot"),
    ("pipeline.commands.serve", "serve"),
    ("pipeline.commands.demo", "demo"),
    ("pipeline.commands.native", "build_native"),
]


class AppContext:
    """What every command receives: the config path and lazily loaded settings."""

    def __init__(self, config: Path | None, debug: bool):
        self.config = config
        self.debug = debug
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config)
        return self._settings


class FrontwatchGroup(click.Group):
    """A click group that reports frontwatch errors as one clear line with exit status 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FrontwatchError as exc:
            app = ctx.find_object(AppContext)
            if app is not None and app.debug:
                raise
            click.echo(f"frontwatch: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=FrontwatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Config file (default: ./config.toml if present, else built-in defaults).",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logs.")
@click.option("-v", "--verbose", is_flag=True, help="Log more (INFO and up).")
@click.version_option(__version__, prog_name="frontwatch")
@click.pass_context
def main(ctx: click.Context, config: Path | None, debug: bool, verbose: bool) -> None:
    """frontwatch: scrape conflict news, tag provinces, armed groups and commanders, store them in SQL."""
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # Progress lines (when stderr is not a terminal) show at the default level too.
    logging.getLogger("frontwatch.progress").setLevel(min(level, logging.INFO))
    ctx.obj = AppContext(config, debug)


def config_option(func):  # type: ignore[no-untyped-def]
    """`--config PATH` accepted after the subcommand too (`frontwatch run --config x.toml`)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None:
            ctx.find_object(AppContext).config = value
        return value

    return click.option(
        "--config",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        expose_value=False,
        callback=remember,
        help="Config file (overrides the group-level --config).",
    )(func)


for _module, _attr in COMMANDS:
    main.add_command(getattr(importlib.import_module(_module), _attr))
