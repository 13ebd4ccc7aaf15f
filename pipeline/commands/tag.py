"""`frontwatch tag`: the tagger on any text, without the database."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import AppContext, config_option


@click.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-", required=False)
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"), metavar="IN.jsonl",
              help='Read {"id", "text"} lines; write {"id", "entities": [...]} lines.')
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="Write here (default: stdout).")
@config_option
@click.pass_obj
def tag(app: AppContext, file, jsonl, out) -> None:  # type: ignore[no-untyped-def]
    """Print the provinces, places, groups and commanders in a text (FILE or stdin) as JSON.

    With --jsonl, tag many texts: each input line {"id", "text"} gives one output line
    {"id", "entities": [{"kind", "name", "province"?, "group"?, "text", "start", "end"}]}.
    """
    from nlp.cli_support import tag_jsonl
    from nlp.tagger import build_tagger

    tagger = build_tagger(app.settings.nlp)
    if jsonl is not None:
        for record in tag_jsonl(tagger, jsonl):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if file is sys.stdin and sys.stdin.isatty():
        click.echo("reading text from stdin (end with Ctrl-D); see --help", err=True)
    text = file.read()
    mentions = [m.as_dict() for m in tagger.tag(text)]
    json.dump({"mode": tagger.mode, "mentions": mentions}, out, ensure_ascii=False, indent=2)
    out.write("\n")
