"""Speed of the per-site selector path against plain trafilatura, in the same process on the same pages.

    python bench/bench_extraction.py [--repeat N]

Pages are the outlet fixtures (tests/fixtures/<outlet>/) whose config tables carry body selectors; each is
parsed by the source's adapter (`parse`: one lxml tree read for metadata, selectors, dates, bylines and the
cleaned body; no trafilatura when a selector matches) and by `trafilatura.bare_extraction` with metadata. Prints the median per-page milliseconds of interleaved
passes and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "khaama": ["taliban-reopen-salang-tunnel-after-repairs-5645646/index.html",
               "explosion-in-kabul-wounds-three-5645702/index.html"],
    "pajhwok": ["2026/10/12/border-clashes-reported-in-kunar/index.html"],
    "amu": ["142208/index.html", "142231/index.html"],
    "tolonews": ["afghanistan-192847.html", "afghanistan-192861.html"],
    "gandhara": ["a/pakistan-afghanistan-refugee-returns/33512345.html", "a/islamic-state-khorasan-threat/33512399.html"],
    "afintl": ["en/202610050017.html", "en/202610040009.html"],
}


def load_pages():
    from pipeline.records import FetchedPage
    from pipeline.settings import settings_from_dict
    from scrapers.registry import adapter_for

    with open(ROOT / "config.toml", "rb") as fh:
        tables = tomllib.load(fh)["sources"]
    settings = settings_from_dict({"sources": {name: tables[name] for name in PAGES}})
    work = []
    for name, paths in PAGES.items():
        adapter = adapter_for(settings.sources[name])
        base = settings.sources[name].base_url
        for rel in paths:
            body = (ROOT / "tests" / "fixtures" / name / rel).read_bytes().replace(b"{base}", base.encode())
            url = f"{base}/{rel.removesuffix('index.html').removesuffix('.html')}"
            work.append((adapter, FetchedPage(url=url, requested_url=url, status=200, body=body)))
    return work


def timed(funcs, work, repeat: int) -> list[float]:
    """Median seconds per page of each function, passes interleaved so machine load hits both alike."""
    passes: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeat):
        for index, func in enumerate(funcs):
            start = time.perf_counter()
            for item in work:
                func(*item)
            passes[index].append((time.perf_counter() - start) / len(work))
    return [statistics.median(p) for p in passes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    import logging

    import trafilatura

    logging.disable(logging.WARNING)
    work = load_pages()
    methods = {adapter.parse(page).method for adapter, page in work}

    def ours(adapter, page):
        return adapter.parse(page)

    def plain(_adapter, page):
        return trafilatura.bare_extraction(page.text, url=page.url, with_metadata=True)

    ours(*work[0]), plain(*work[0])  # warm up imports and caches
    a, b = timed((ours, plain), work, args.repeat)
    print(f"{len(work)} outlet pages x {args.repeat}; our methods used: {', '.join(sorted(methods))}")
    print(f"{'selector path (ours)':<26}{a * 1000:8.2f} ms/page")
    print(f"{'trafilatura (metadata)':<26}{b * 1000:8.2f} ms/page")
    print(f"{'ratio trafilatura/ours':<26}{b / a:8.2f}x")
    print("per site (ms/page ours, trafilatura, ratio):")
    for name in PAGES:
        site = [item for item in work if item[0].settings.name == name]
        x, y = timed((ours, plain), site, max(3, args.repeat // 4))
        print(f"  {name:<12}{x * 1000:8.2f}{y * 1000:8.2f}{y / x:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
