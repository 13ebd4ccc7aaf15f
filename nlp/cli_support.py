"""Pure functions the `frontwatch tag` command calls; no argument parsing, no printing."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterable, Iterator

from nlp.events.dates import as_date
from nlp.tagger import Tagger

log = logging.getLogger(__name__)

TAG_COMMAND_TITLE = "Tag texts with Afghan provinces, districts and places, armed groups and commanders"
TAG_COMMAND_HELP = (
    "Read JSON lines {\"id\", \"text\"} and write one JSON line per input: "
    "{\"id\", \"entities\": [{\"kind\", \"name\", \"province\"?, \"group\"?, \"text\", \"start\", \"end\"}], "
    "\"events\": [...]}; an input \"published\" (ISO date) resolves relative dates in the events."
)


def _entity(m) -> dict[str, object]:
    out: dict[str, object] = {"kind": m.kind, "name": m.name}
    if m.province is not None:
        out["province"] = m.province
    if m.group is not None:
        out["group"] = m.group
    out.update({"text": m.text, "start": m.start, "end": m.end})
    return out


def tag_jsonl(tagger: Tagger, in_lines: Iterable[str], chunk: int = 256,
              lang: str | None = None) -> Iterator[dict[str, object]]:
    """One output record per input line, in order; a bad line yields {"id", "error"} instead of raising. A line's
    "lang" ("en", "fa", "ps", "auto") picks its pipeline, else `lang`, else the script decides.

    Lines are read and tagged in chunks, so memory stays flat for any input size.
    """
    lines: Iterator[tuple[int, str]] = enumerate(in_lines, 1)
    while True:
        records: list[tuple[object, str | None, str | None, str | None, str | None]] = []
        for n, line in itertools.islice(lines, chunk):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or not isinstance(obj.get("text", ""), str):
                    raise ValueError("expected an object with a string 'text'")  # noqa: TRY004
                published = obj.get("published")
                if published is not None and (not isinstance(published, str) or as_date(published) is None):
                    raise ValueError(f"'published' must be an ISO date, not {published!r}")
                line_lang = obj.get("lang", lang)
                if line_lang is not None and not isinstance(line_lang, str):
                    raise ValueError(f"'lang' must be a language code, not {line_lang!r}")
                records.append((obj.get("id", n), obj.get("text") or "", published, None, line_lang))
            except ValueError as exc:
                log.warning("line %d is not a valid record: %s", n, exc)
                records.append((n, None, None, f"line {n}: {exc}", None))
        if not records:
            # an all-blank chunk: stop only when the input is exhausted
            peek = next(lines, None)
            if peek is None:
                return
            lines = itertools.chain([peek], lines)
            continue
        analysed = tagger.analyse_many((text, published, code) for _, text, published, err, code in records
                                       if err is None)
        for rid, _text, _published, err, _code in records:
            if err is not None:
                yield {"id": rid, "error": err}
            else:
                result = next(analysed)
                yield {"id": rid, "entities": [_entity(m) for m in result.mentions],
                       "events": [e.as_dict() for e in result.events]}
