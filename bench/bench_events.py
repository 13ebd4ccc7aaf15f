"""Event coding cost: tagging with events against tagging without them, in one run on the same texts.

Run: `python bench/bench_events.py [--repeat N] [--model ""]`. Texts are every gold passage of the project
(tagger and event sets) repeated; each mode runs twice, alternating, and the faster run of each counts.
Goal (issue 9): with events <= 1.3x the time of tagging alone.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from nlp.tagger import build_tagger
from pipeline.settings import NlpSettings

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold"


def _texts() -> list[tuple[str, str | None]]:
    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                out.append((obj["text"], obj.get("published")))
    return out


def _time(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--model", default=None, help='spaCy model ("" for rules only; default: the configured one)')
    args = ap.parse_args()
    settings = NlpSettings() if args.model is None else NlpSettings(model=args.model)
    tagger = build_tagger(settings)
    items = _texts() * args.repeat
    words = sum(len(t.split()) for t, _ in items)
    plain, full = [], []
    events = 0
    for _ in range(2):
        plain.append(_time(lambda: sum(1 for _ in tagger.tag_many(t for t, _ in items))))

        def analyse() -> None:
            nonlocal events
            events = sum(len(a.events) for a in tagger.analyse_many(items))

        full.append(_time(analyse))
    p, f = min(plain), min(full)
    print(f"{len(items)} texts, {words} words, mode {tagger.mode}, {events} events coded")
    print(f"tagging alone:      {p:7.2f} s  {words / p:9.0f} words/s")
    print(f"tagging + events:   {f:7.2f} s  {words / f:9.0f} words/s")
    print(f"ratio (events cost): {f / p:.3f}x  (goal <= 1.3x)")


if __name__ == "__main__":
    main()
