"""The rules must not be written around the gold passages: no quotation of five words or more in `nlp/`'s code or
comments appears verbatim in a gold passage (issue 10; see tests/gold/README.md, round 4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUOTE = re.compile(r'["“]([^"”\n]{20,200})["”]')


def test_no_gold_passage_is_quoted_in_the_rules():
    gold = "\n".join(json.loads(line)["text"].lower() for path in (ROOT / "tests" / "gold").glob("*.jsonl")
                     for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    hits = []
    for path in sorted((ROOT / "nlp").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for m in QUOTE.finditer(source):
            quote = m.group(1).strip().lower()
            if len(quote.split()) >= 5 and quote in gold:
                hits.append(f"{path.relative_to(ROOT)}:{source[:m.start()].count(chr(10)) + 1}: {m.group(1)}")
    assert not hits, hits
