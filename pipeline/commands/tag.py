"""`frontwatch tag`: the tagger on any text, without the database."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from pipeline.cli import AppContext, config_option


@click.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-", required=False)
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"), metavar="IN.jsonl",
              help='Read {"id", "text", "published"?, "lang"?} lines; write {"id", "mentions": [...], "events": [...]} lines.')
@click.option("--published", metavar="YYYY-MM-DD", default=None,
              help="Publication date of FILE's text, to resolve relative dates in its events (default: none).")
@click.option("--lang", type=click.Choice(["auto", "en", "fa", "ps"]), default="auto", show_default=True,
              help="Language of the text: English, Dari/Persian, Pashto, or by script (a --jsonl line's \"lang\" wins).")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="Write here (default: stdout).")
@config_option
@click.pass_obj
def tag(app: AppContext, file, jsonl, out, published, lang) -> None:  # type: ignore[no-untyped-def]
    """Print the provinces, places, groups and commanders in a text (FILE or stdin), and its events, as JSON.

    With --jsonl, tag many texts: each input line {"id", "text", "published"?, "lang"?} gives one output line
    {"id", "mentions": [{"kind", "name", "province"?, "group"?, "text", "start", "end"}], "events": [...]}
    (the same list is also written as "entities", the name earlier versions used).
    Each event: event_type, sub_event_type, date, date_precision, actors [{name, side}], claimed_by,
    province, district, place, pcode, lat, lon, geo_precision, fatalities, injured, historical, sentence,
    start, end (plus appointee and post for appointments); the first event is the text's main one.
    """
    from nlp.cli_support import tag_jsonl
    from nlp.events.dates import as_date
    from nlp.tagger import build_tagger

    if published is not None and as_date(published) is None:
        raise click.BadParameter(f"{published!r} is not a date (use YYYY-MM-DD)", param_hint="--published")

    tagger = build_tagger(app.settings.nlp)
    if jsonl is not None:
        for record in tag_jsonl(tagger, jsonl, lang=lang):
            out.write(json.dumps(_with_both_names(record), ensure_ascii=False) + "\n")
        return
    if file is sys.stdin and sys.stdin.isatty():
        click.echo("reading text from stdin (end with Ctrl-D); see --help", err=True)
    text = file.read()
    result = tagger.analyse(text, as_date(published), lang)
    mentions = [m.as_dict() for m in result.mentions]
    record = {"mode": tagger.mode, "mentions": mentions, "events": [e.as_dict() for e in result.events]}
    json.dump(_with_both_names(record), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _with_both_names(record: dict[str, Any]) -> dict[str, Any]:
    """The list of mentions under `mentions` (the documented name, as the database table) and, for readers
    written against earlier `tag --jsonl` output, under `entities` too; other keys keep their order."""
    found = record.get("mentions", record.get("entities", []))
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key in ("mentions", "entities"):
            out.setdefault("mentions", found)
            out.setdefault("entities", found)
        else:
            out[key] = value
    return out
