"""`frontwatch build-native`: compile the tagger's context rules with mypyc (optional; rules-only tagging about 1.4x faster)."""

from __future__ import annotations

import click

from pipeline.cli import AppContext


@click.command("build-native")
@click.option("--remove", is_flag=True, help="Delete the compiled rules instead (the pure-Python ones run).")
@click.option("--check", is_flag=True, help="Only say whether a build matches the sources; exit 1 if none does.")
@click.pass_obj
def build_native(app: AppContext, remove: bool, check: bool) -> None:
    """Compile the context rules (`nlp.resolve`) to C with mypyc, for faster tagging (rules-only retags most).

    Needs mypy (`pip install 'frontwatch[native]'`) and a C compiler; takes a minute or two. The build is tied to
    the sources: after an upgrade or an edit it is ignored (the pure-Python rules run, with the same output)
    until built again. FRONTWATCH_NATIVE=0 in the environment runs the pure-Python rules regardless.
    """
    from nlp import native

    if remove:
        click.echo(f"removed {native.remove()} build(s) of the compiled rules")
        return
    build = native.current_build()
    if check:
        if build is None:
            click.echo("no compiled rules for these sources: run `frontwatch build-native`")
            raise SystemExit(1)
        click.echo(f"compiled rules up to date: {build}")
        return
    if build is not None:
        click.echo(f"compiled rules already up to date: {build}")
        return
    path = native.build(echo=click.echo)
    click.echo(f"compiled rules built: {path}")
