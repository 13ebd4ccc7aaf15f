"""Extraction quality on the extraction-dev set: our extractor against plain trafilatura, same run.

    python bench/extraction_quality.py [PAGES_DIR] [--json]

PAGES_DIR holds one folder per case with `source.html`, `expected.html` and `expected-metadata.json`
(Mozilla Readability's test pages; by default `../shared/...` beside the repo, else `/work/shared/...`).
The pages are read in place and never copied into the project.

Metrics, averaged over the cases:
- body F1: overlap of word 4-gram shingle sets between the extracted text and the expected article text;
- title accuracy: extracted title equal to the expected one after normalising case, spaces, quotes, dashes;
- date accuracy: over cases with an expected `publishedTime`, the extracted date within 14 hours of it
  (expected times carry no zone); "dates beyond expected" counts dates returned where the set has none
  (mostly real dates Readability did not find, so not errors as such);
- byline and language accuracy likewise (authors compared as a set; languages by primary subtag);
- how often each date source (json-ld, meta, microdata, selector, time, byline, url, htmldate) and each
  byline source (selector, json-ld, meta, byline...) was the one our extractor chose.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

URL = "http://fakehost/test/page.html"
SUBDIR = Path("data/extraction-dev/mozilla-readability/pages")


def default_pages() -> Path | None:
    """The extraction-dev pages: ../shared beside the repository, else /work/shared."""
    repo = Path(__file__).resolve().parents[1]
    for root in (repo.parent / "shared", Path("/work/shared")):
        if (root / SUBDIR).is_dir():
            return root / SUBDIR
    return None


@dataclass(frozen=True)
class Case:
    name: str
    html: bytes
    expected_text: str
    title: str | None
    byline: str | None
    published: str | None
    lang: str | None


@dataclass(frozen=True)
class Result:
    title: str | None
    text: str | None
    published: datetime | None
    authors: tuple[str, ...] = ()
    language: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass
class Score:
    f1: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    false_dates: int = 0
    byline: list[bool] = field(default_factory=list)
    lang: list[bool] = field(default_factory=list)
    seconds: float = 0.0
    date_sources: dict[str, int] = field(default_factory=dict)
    byline_sources: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        mean = lambda xs: sum(xs) / len(xs) if xs else 0.0
        return {"body_f1": mean(self.f1), "body_precision": mean(self.precision), "body_recall": mean(self.recall),
                "title_acc": mean(self.title), "date_acc": mean(self.date), "false_dates": self.false_dates,
                "byline_acc": mean(self.byline), "lang_acc": mean(self.lang), "seconds": self.seconds,
                "cases": len(self.f1), "dated_cases": len(self.date),
                "date_sources": dict(sorted(self.date_sources.items(), key=lambda kv: -kv[1])),
                "byline_sources": dict(sorted(self.byline_sources.items(), key=lambda kv: -kv[1]))}


def html_text(html: str) -> str:
    """The visible text of an expected.html fragment."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for junk in soup(["script", "style"]):
        junk.decompose()
    return soup.get_text(" ")


def load_cases(pages: Path) -> list[Case]:
    cases = []
    for folder in sorted(p for p in pages.iterdir() if p.is_dir()):
        try:
            meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
            html = (folder / "source.html").read_bytes()
            expected = html_text((folder / "expected.html").read_text(encoding="utf-8", errors="replace"))
        except (OSError, ValueError):
            continue
        cases.append(Case(folder.name, html, expected, meta.get("title"), meta.get("byline"),
                          meta.get("publishedTime"), meta.get("lang")))
    return cases


_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})


def shingles(text: str, k: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())
    if len(words) < k:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def body_scores(got: str | None, expected: str) -> tuple[float, float, float]:
    want, have = shingles(expected), shingles(got or "")
    if not want and not have:
        return 1.0, 1.0, 1.0
    common = len(want & have)
    precision = common / len(have) if have else 0.0
    recall = common / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def norm_title(title: str | None) -> str:
    text = unicodedata.normalize("NFKC", title or "").translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" .")


def same_date(got: datetime | None, expected: str) -> bool:
    if got is None:
        return False
    try:
        want = datetime.fromisoformat(expected)
    except ValueError:
        from dateutil import parser

        try:
            want = parser.parse(expected)
        except (ValueError, OverflowError):
            return False
    if want.tzinfo is None:
        want = want.replace(tzinfo=UTC)
    got = got if got.tzinfo else got.replace(tzinfo=UTC)
    return abs((got - want).total_seconds()) <= 14 * 3600


def same_authors(got: tuple[str, ...], byline: str) -> bool:
    from scrapers.extract import split_authors

    want = {norm_title(a) for a in split_authors(byline)}
    return bool(want) and want == {norm_title(a) for a in got}


def ours(case: Case) -> Result:
    from pipeline.records import FetchedPage
    from scrapers.extract import extract_article

    # No length floor: the bench measures extraction, not the pipeline's "too short to be news" policy.
    page = FetchedPage(url=URL, requested_url=URL, status=200, body=case.html)
    article = extract_article(page, "bench", min_body_chars=0)
    if article is None:
        return Result(None, None, None)
    return Result(article.title, article.text, article.published, article.authors, article.language,
                  dict(article.provenance))


def plain_trafilatura(case: Case) -> Result:
    import trafilatura
    from dateutil import parser

    doc = trafilatura.bare_extraction(case.html.decode("utf-8", "replace"), url=URL, with_metadata=True)
    if doc is None:
        return Result(None, None, None)
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    published = None
    if get("date"):
        try:
            published = parser.parse(get("date")).replace(tzinfo=UTC)
        except (ValueError, OverflowError):
            published = None
    authors = tuple(a.strip() for a in re.split(r";|,| and ", get("author") or "") if a.strip())
    return Result(get("title"), get("text"), published, authors, get("language"))


def evaluate(cases: list[Case], extractor: Callable[[Case], Result]) -> Score:
    score = Score()
    start = time.perf_counter()
    for case in cases:
        result = extractor(case)
        if result.provenance:
            for key, tally in (("published", score.date_sources), ("authors", score.byline_sources)):
                origin = result.provenance.get(key) or "none"
                tally[origin] = tally.get(origin, 0) + 1
        f1, precision, recall = body_scores(result.text, case.expected_text)
        score.f1.append(f1)
        score.precision.append(precision)
        score.recall.append(recall)
        if case.title:
            score.title.append(norm_title(result.title) == norm_title(case.title))
        if case.published:
            score.date.append(same_date(result.published, case.published))
        elif result.published is not None:
            score.false_dates += 1
        if case.byline:
            score.byline.append(same_authors(result.authors, case.byline))
        if case.lang:
            want = case.lang.replace("_", "-").split("-")[0].lower()
            score.lang.append((result.language or "").split("-")[0].lower() == want)
    score.seconds = time.perf_counter() - start
    return score


def compare(pages: Path) -> dict[str, dict[str, float]]:
    """Scores of our extractor and of plain trafilatura on the same cases."""
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("scrapers.extract").setLevel(logging.CRITICAL)
    cases = load_cases(pages)
    return {"frontwatch": evaluate(cases, ours).summary(), "trafilatura": evaluate(cases, plain_trafilatura).summary()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="also list our N lowest body F1 pages")
    args = parser.parse_args(argv)
    pages = args.pages or default_pages()
    if pages is None or not pages.is_dir():
        print("extraction-dev pages not found; pass PAGES_DIR", file=sys.stderr)
        return 2
    scores = compare(pages)
    if args.worst:
        cases = load_cases(pages)
        ranked = sorted((body_scores(ours(c).text, c.expected_text)[0], c.name) for c in cases)
        for f1, name in ranked[: args.worst]:
            print(f"{f1:6.3f}  {name}")
    if args.json:
        print(json.dumps(scores, indent=2))
        return 0
    rows = [("body F1", "body_f1"), ("body precision", "body_precision"), ("body recall", "body_recall"),
            ("title accuracy", "title_acc"), ("date accuracy", "date_acc"), ("dates beyond expected", "false_dates"),
            ("byline accuracy", "byline_acc"), ("language accuracy", "lang_acc"), ("seconds", "seconds")]
    ours_s, traf = scores["frontwatch"], scores["trafilatura"]
    print(f"{ours_s['cases']} pages ({ours_s['dated_cases']} with a published date) from {pages}")
    print(f"{'metric':<24}{'frontwatch':>12}{'trafilatura':>13}")
    for label, key in rows:
        a, b = ours_s[key], traf[key]
        fmt = (lambda v: f"{v:d}") if isinstance(a, int) else (lambda v: f"{v:.3f}")
        print(f"{label:<24}{fmt(a):>12}{fmt(b):>13}")
    for label, key in (("date source chosen", "date_sources"), ("byline source chosen", "byline_sources")):
        print(f"{label}: " + ", ".join(f"{origin} {count}" for origin, count in ours_s[key].items()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
