"""Tagger speed: words/sec of the full tagger and of rules-only mode against bare `en_core_web_sm`.

Run: `python bench/bench_tagger.py [--repeat N] [--articles N] [--n-process 2]`. Two sets of texts (no
network, no shared data): the gold passages repeated (short, a mention every few words: the rules' worst case)
and article-length reports of the pipeline bench's LWJ-style mirror (`bench_pipeline.mirror_texts`, what a
retag walks through). Every figure of a set comes from the same run on the same texts, bare model first and
last (the slower of the two is not used), and the ratios are printed at the end: targets are full tagger
>= 1.5x bare model (issue 10), rules-only >= 20x (issue 13).
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

    print(f"batch_size={args.batch_size}, n_process={args.n_process}")
    for name, texts in sets.items():
        words = sum(len(t.split()) for t in texts)
        # warm up (first calls load vectors and caches)
        if bare is not None:
            run_bare(texts[:50])
        run_tagger(full)(texts[:50])
        run_tagger(rules)(texts[:50])
        bare_rate = _rate(run_bare, texts, words) if bare is not None else None
        full_rate = _rate(run_tagger(full), texts, words)
        rules_rate = _rate(run_tagger(rules), texts, words)
        if bare is not None:  # the bare model again: the faster of its two runs is the baseline
            bare_rate = max(bare_rate or 0.0, _rate(run_bare, texts, words))
        print(f"\n{name}: {len(texts)} texts, {words} words")
        if bare_rate:
            print(f"  bare en_core_web_sm nlp.pipe : {bare_rate:10.0f} words/s")
        print(f"  full tagger ({full.mode:5s})      : {full_rate:10.0f} words/s")
        print(f"  rules-only tagger           : {rules_rate:10.0f} words/s")
        if bare_rate:
            print(f"  ratio full/bare  = {full_rate / bare_rate:5.2f}x (target >= 1.5x)")
            print(f"  ratio rules/bare = {rules_rate / bare_rate:5.2f}x (target >= 20x)")


if __name__ == "__main__":
    main()
