"""`frontwatch sources add` and `frontwatch sources test`: set up and try a source before a real run.

The `sources` group itself (the listing) lives in pipeline/commands/info.py, which attaches these two.
"""

from __future__ import annotations

import click

from pipeline.cli import AppContext, config_option


def _fetcher(app: AppContext):  # type: ignore[no-untyped-def]
    from pipeline.fetch import HttpFetcher

    return HttpFetcher(app.settings.http, app.settings.user_agent)


@click.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--replace", is_flag=True, help="Overwrite an existing [sources.NAME] table.")
@click.option("--dry-run", is_flag=True, help="Print the table without writing the config file.")
@config_option
@click.pass_obj
def sources_add(app: AppContext, name: str, url: str, replace: bool, dry_run: bool) -> None:
    """Probe URL (REST API, feeds, sitemaps), choose a source kind and write [sources.NAME] to the config."""
    import tomlkit

    from scrapers.probe import add_source, load_config_for_edit, probe_site

    target = load_config_for_edit(app.config)
    with _fetcher(app) as fetcher:
        probe = probe_site(fetcher, url)
    click.echo(f"{name}: {probe.kind}")
    for reason in probe.reasons:
        click.echo(f"  - {reason}")
    snippet = tomlkit.dumps({"sources": {name: probe.table}})
    if dry_run:
        click.echo(snippet)
        return
    add_source(target, name, probe.table, replace=replace)
    click.echo(f"wrote [sources.{name}] to {target}")


@click.command("test")
@click.argument("name_or_url", metavar="NAME|URL")
@click.option("--limit", default=3, show_default=True, type=click.IntRange(1, 100), help="Articles to try.")
@click.option("--no-tag", is_flag=True, help="Skip entity tagging.")
@config_option
@click.pass_obj
def sources_test(app: AppContext, name_or_url: str, limit: int, no_tag: bool) -> None:
    """Fetch a few articles of a source (or any URL) and show what would be stored; writes nothing."""
    from scrapers.probe import build_tagger_or_none, source_for, try_source
    from scrapers.registry import adapter_for

    settings = app.settings
    with _fetcher(app) as fetcher:
        source, probe = source_for(settings, name_or_url, fetcher)
        if probe is not None:
            click.echo(f"{name_or_url}: probed as {probe.kind} ({'; '.join(probe.reasons)})")
        tagger = None if no_tag else build_tagger_or_none(settings)
        if tagger is None and not no_tag:
            click.echo("(entity tagging unavailable: no entities shown)")
        count = 0
        adapter = adapter_for(source)
        for trial in try_source(settings, source, fetcher, limit=limit, tagger=tagger, adapter=adapter):
            count += 1
            click.echo(f"\n[{count}] {trial.url}  (found via {trial.via})")
            article = trial.article
            if article is None:
                click.echo(f"    not stored: {trial.error}")
                continue
            click.echo(f"    title:     {article.title}")
            click.echo(f"    published: {article.published.isoformat() if article.published else '-'}")
            click.echo(f"    authors:   {', '.join(article.authors) or '-'}")
            click.echo(f"    language:  {article.language or '-'}")
            click.echo(f"    text:      {len(article.text)} characters")
            click.echo(f"    method:    {article.method}")
            if tagger is not None:
                click.echo(f"    entities:  {', '.join(trial.entities) or '-'}")
    click.echo(f"\ndiscovery: {adapter.describe()}")
    if not count:
        click.echo("no articles found")
        raise SystemExit(1)
