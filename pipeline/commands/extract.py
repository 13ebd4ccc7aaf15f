"""`frontwatch extract`: run the article extractor on saved HTML files, without the network or database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli import AppContext, config_option


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--url", default=None, help="The page's address (resolves relative links; default: file://...).")
@click.option("--jsonl", "jsonl", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help='Batch mode: lines {"id","url","path"} (paths relative to this file); one JSON line out per line in.')
@click.option("--source", "source", metavar="NAME", default=None,
              help="Use this configured source's selectors instead of generic extraction.")
@click.option("--explain", is_flag=True,
              help="Also say which source each field came from (json-ld, meta, byline, selector...), every date "
                   "the page offered, and whether the quality gate would refuse the text.")
@config_option
@click.pass_obj
def extract(app: AppContext, file: Path | None, url: str | None, jsonl: Path | None, source: str | None,
            explain: bool) -> None:
    """Extract title, authors, date, language and text from a saved page and print them as JSON.

    \b
    frontwatch extract page.html --url https://www.khaama.com/some-story/
    frontwatch extract --jsonl pages.jsonl > extracted.jsonl
    frontwatch extract page.html --explain          # where each field came from
    """
    from scrapers.probe import extract_document

    settings = app.settings.source(source) if source else None
    if (file is None) == (jsonl is None):
        raise click.UsageError("give either FILE or --jsonl IN.jsonl")
    if file is not None:
        record = extract_document(file.read_bytes(), url or file.resolve().as_uri(), settings,
                                  with_explanation=explain)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        if record["text"] is None:
            sys.exit(1)
        return
    assert jsonl is not None
    with open(jsonl, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                path = Path(item["path"])
                path = path if path.is_absolute() else jsonl.parent / path
                record = extract_document(path.read_bytes(), item.get("url") or path.resolve().as_uri(), settings,
                                          with_explanation=explain)
                out = {"id": item.get("id"), **record}
            except (ValueError, KeyError, TypeError, OSError) as exc:
                out = {"id": _id(line), "title": None, "authors": [], "published": None, "language": None,
                       "text": None, "method": None, "error": f"line {number}: {type(exc).__name__}: {exc}"}
            click.echo(json.dumps(out, ensure_ascii=False))


def _id(line: str) -> object:
    try:
        return json.loads(line).get("id")
    except (ValueError, AttributeError):
        return None
