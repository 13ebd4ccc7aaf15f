"""Tagger speed: words/sec of the full tagger and of rules-only mode against bare `en_core_web_sm`.

Run: `python bench/bench_tagger.py [--repeat N] [--articles N] [--n-process 2]`. Two sets of texts (no
network, no shared data): the gold passages repeated (short, a mention every few words: the rules' worst case)
and article-length reports of the pipeline bench's LWJ-style mirror (`bench_pipeline.mirror_texts`, what a
retag walks through). Every figure of a set comes from the same run on the same texts: the bare model, the full
tagger and rules-only mode take turns for `--rounds` rounds and each keeps its best round, so a shared
machine's changes of speed (a fifth from minute to minute) fall on all three alike; the spread of the rounds
is printed beside. Targets: full tagger >= 1.5x bare model (issue 10), rules-only >= 20x (issue 13). The rules
run compiled when `frontwatch build-native` has built them for these sources (the first line says which);
`FRONTWATCH_NATIVE=0` measures the pure-Python rules.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy

from nlp.evaluate import load_gold
from nlp.tagger import FALLBACK_MODEL, build_tagger
from pipeline.settings import NlpSettings


def _bare_model():
    for name in ("en_core_web_sm", FALLBACK_MODEL):
        try:
            return spacy.load(name)
        except OSError:
            try:
                return __import__(name).load()
            except ImportError:
                continue
    return None


def _rate(fn, texts, words) -> float:
    start = time.perf_counter()
    fn(texts)
    return words / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="how many times the gold passages are repeated")
    ap.add_argument("--articles", type=int, default=300, help="article-length reports of the mirror (0: none)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--n-process", type=int, default=1, help="processes for nlp.pipe (2 uses both cores)")
    ap.add_argument("--rounds", type=int, default=3, help="turns of bare model, full tagger and rules-only")
    args = ap.parse_args()

    sets = {"gold passages": [p["text"] for p in load_gold()] * args.repeat}
    if args.articles:
        sys.path.append(str(Path(__file__).resolve().parent))
        from bench_pipeline import mirror_texts

        sets["article-length reports"] = [f"{title}.\n\n" + "\n\n".join(p.removeprefix("<p>").removesuffix("</p>")
                                                                       for p in paragraphs)
                                          for title, _author, paragraphs in mirror_texts(args.articles, 11)]
    bare = _bare_model()
    full = build_tagger(NlpSettings(batch_size=args.batch_size, n_process=args.n_process))
    rules = build_tagger(NlpSettings(model="", batch_size=args.batch_size, n_process=args.n_process))

    def run_bare(ts):
        for _ in bare.pipe(ts, batch_size=args.batch_size, n_process=args.n_process):
            pass

    def run_tagger(tagger):
        def go(ts):
            for _ in tagger.tag_many(ts):
                pass
        return go

    from nlp import native

    # the compiled rules (`frontwatch build-native`) when built; FRONTWATCH_NATIVE=0 measures the Python ones
    print(f"batch_size={args.batch_size}, n_process={args.n_process}, "
          f"rules: {'compiled (mypyc)' if native.is_compiled() else 'pure Python'}")
    for name, texts in sets.items():
        words = sum(len(t.split()) for t in texts)
        # warm up (first calls load vectors and caches)
        if bare is not None:
            run_bare(texts[:50])
        run_tagger(full)(texts[:50])
        run_tagger(rules)(texts[:50])
        runners = {"full": run_tagger(full), "rules": run_tagger(rules)}
        if bare is not None:
            runners = {"bare": run_bare, **runners}
        rates: dict[str, list[float]] = {key: [] for key in runners}
        for _ in range(max(1, args.rounds)):
            for key, fn in runners.items():
                rates[key].append(_rate(fn, texts, words))
        best = {key: max(values) for key, values in rates.items()}

        def spread(key: str, rates: dict[str, list[float]] = rates) -> str:
            return f"(rounds {min(rates[key]):.0f}-{max(rates[key]):.0f})"

        print(f"\n{name}: {len(texts)} texts, {words} words, best of {max(1, args.rounds)} alternating rounds")
        if "bare" in best:
            print(f"  bare en_core_web_sm nlp.pipe : {best['bare']:10.0f} words/s {spread('bare')}")
        print(f"  full tagger ({full.mode:5s})      : {best['full']:10.0f} words/s {spread('full')}")
        print(f"  rules-only tagger           : {best['rules']:10.0f} words/s {spread('rules')}")
        if "bare" in best:
            print(f"  ratio full/bare  = {best['full'] / best['bare']:5.2f}x (target >= 1.5x)")
            print(f"  ratio rules/bare = {best['rules'] / best['bare']:5.2f}x (target >= 20x)")


if __name__ == "__main__":
    main()
