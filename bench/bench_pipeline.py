"""One machine at its limit: a whole run over a local LWJ-style mirror with no politeness delay (issue 13).

    python bench/bench_pipeline.py [--quick] [--sizes 300 1200] [--archive 100000] [--pg URL]

A mirror of N articles (the LWJ theme's layout as the fixtures have it, varied texts from a seeded
generator: provinces, districts, groups and commanders of `bench/demo_data.py`, so few are near-duplicates)
is served on 127.0.0.1 with no delay. Each measured step runs in a child process, so its peak RSS is its own
(the child's VmHWM; its tagging processes' largest in brackets - forked, they share the parent's pages):

- the run with the shipped `[nlp] n_process = 0` (one tagging process per core): wall time, articles/s,
  peak RSS, for each N;
- the same articles tagged alone in one process (the stored texts through `Tagger.analyse_many`): the
  baseline a run should not exceed;
- an unchanged re-run: wall time and requests;
- `frontwatch retag` with `n_process` 1 and 2, each rewriting every article (the stored analyses'
  fingerprints cleared first), and with 2 again finding every analysis as stored (only re-stamped);
- a 50-article run into a store that already holds `--archive` articles (`bench/demo_data.py`), against
  the same run into an empty store: time and peak RSS;
- with `--pg`, the first run on PostgreSQL against SQLite (alternated, `--repeats` each, the fastest of each).

Ratios against the issue's goals are printed at the end. `--quick` uses small sizes (60 and 240 articles,
a 20,000-article archive) for a shared machine.
"""

from __future__ import annotations

import argparse
import email.utils
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# After the packages: the test folders named like them (tests/pipeline) must not shadow them.
sys.path.append(str(ROOT / "tests"))
sys.path.append(str(ROOT / "bench"))

ARCHIVE_RUN = 50
TEMPLATE = """<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>{title} | FDD&#x27;s Long War Journal</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="FDD&#x27;s Long War Journal">
</head><body class="single single-post"><div id="page" class="site"><div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{n}" class="post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n"
href="{base}/archives/author/bill-roggio" rel="author">{author}</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="{iso}">{date}</time></span></div></header>
<div class="entry-content">
{paragraphs}
<p>Are you a dedicated reader of FDD&#x27;s Long War Journal? Please consider supporting our work.</p>
</div></article></main></div></div></div></body></html>
"""
FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>FDD&#x27;s Long War Journal</title><link>{base}/</link><description>Mirror</description><language>en-US</language>
{items}</channel></rss>
"""
ITEM = """<item><title>{title}</title><link>{base}{path}</link><pubDate>{rfc}</pubDate>
<guid isPermaLink="false">{base}/?p={n}</guid><description><![CDATA[{title}]]></description></item>
"""
AUTHORS = ("Bill Roggio", "Caleb Weiss", "Thomas Joscelyn", "Lucas Webber")
OPENINGS = (
    ("{group} fighters {verb} {target} forces in the {district} district of {province} province on {day}, "
     "{who} said."),
    "Officials in {province} said {group} fighters {verb} a {target} post near {district} late on {day}.",
    "Clashes broke out in {district} when {group} fighters {verb} {target} units, according to {who}.",
)
DETAILS = ("{n_dead} people were killed and {n_hurt} wounded, {who} said, and the road to {district} was closed.",
           "{who} said the fighting lasted {hours} hours before reinforcements arrived from {other}.",
           "Residents of {other} reported rising prices and families leaving villages near {district}.",
           "{title} {commander}, a {group} commander, said his men had taken {n_dead} prisoners.",
           "The {group} has claimed {n_hurt} attacks in {province} since the spring, {who} said.",
           "Aid agencies said {n_hurt} families had fled to {other} since the start of the month.",
           "A spokesman for {target} denied the claims and said {n_dead} attackers had been killed in {district}.")
WHO = ("local sources", "a provincial spokesman", "residents", "security officials", "tribal elders",
       "a hospital official", "the United Nations")


def mirror_texts(count: int, seed: int) -> list[tuple[str, str, list[str]]]:
    """(title, author, paragraphs) of `count` varied reports."""
    from demo_data import DISTRICTS, GREEK, GROUPS, OPPONENT, TITLES, VERBS

    rng = random.Random(seed)
    provinces = list(DISTRICTS)
    out = []
    for _ in range(count):
        group = rng.choice(list(GROUPS))
        province = rng.choice(provinces)
        fields = {
            "group": group, "target": OPPONENT if group != OPPONENT else "government",
            "verb": rng.choice(VERBS), "province": province, "district": rng.choice(DISTRICTS[province]),
            "other": rng.choice(provinces), "who": rng.choice(WHO), "n_dead": rng.randint(2, 40),
            "n_hurt": rng.randint(2, 90), "hours": rng.randint(2, 30),
            "day": rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")),
            "title": rng.choice(TITLES), "commander": f"Commander {rng.choice(GREEK)}",
        }
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            sentences = [rng.choice(OPENINGS)] + rng.sample(DETAILS, rng.randint(2, 4))
            fields["who"], fields["other"] = rng.choice(WHO), rng.choice(provinces)
            fields["n_dead"], fields["n_hurt"] = rng.randint(2, 40), rng.randint(2, 90)
            paragraphs.append("<p>" + " ".join(s.format(**fields) for s in sentences) + "</p>")
        title = f"{group} {fields['verb']} {fields['target']} in {province}"
        out.append((title, rng.choice(AUTHORS), paragraphs))
    return out


def serve_mirror(server, count: int, *, seed: int, prefix: str = "report") -> None:
    """Route `count` varied article pages and a feed listing them (newest first) on `server`."""
    from fixture_server import Response

    start = datetime(2023, 1, 1, 8, 0, tzinfo=UTC)
    items = []
    texts = mirror_texts(count, seed)
    for n in range(count, 0, -1):
        when = start + timedelta(hours=3 * n)
        title, author, paragraphs = texts[n - 1]
        path = f"/archives/{when:%Y}/{when:%m}/{prefix}-{n}.php"
        html = TEMPLATE.format(title=title, n=n, base=server.base_url, author=author,
                               iso=when.strftime("%Y-%m-%dT%H:%M:%S"), date=f"{when:%B} {when.day}, {when:%Y}",
                               paragraphs="\n".join(paragraphs))
        server.route(path, Response(200, html.encode(), content_type="text/html; charset=UTF-8"))
        items.append(ITEM.format(title=title, base=server.base_url, path=path, n=n,
                                 rfc=email.utils.format_datetime(when, usegmt=True)))
    feed = FEED.format(base=server.base_url, items="".join(items)).encode()
    server.route("/feed", Response(200, feed, content_type="application/rss+xml; charset=UTF-8"))
    server.route("/robots.txt", Response(200, b"User-agent: *\nDisallow: /wp-admin/\n", content_type="text/plain"))


# -- child processes: one measured step each ---------------------------------------------------------------------


def _settings(spec: dict):
    from pipeline.settings import settings_from_dict

    return settings_from_dict({
        "database": {"url": spec["url"]},
        "http": {"per_host_delay": 0.0, "timeout": 10.0, "max_retries": 1, "max_requests_per_source": 0},
        "nlp": {"n_process": spec.get("n_process", 0)},  # the shipped config's: one tagging process per core
        "sources": {"longwarjournal": {"adapter": "longwarjournal", "base_url": spec["base"], "feeds": ["/feed"]}},
    }, where="bench")


def child(spec: dict) -> dict:
    """Run one step in this (child) process; returns what it measured."""
    import logging

    from pipeline.progress import LogProgress

    logging.basicConfig(level=logging.WARNING)
    settings = _settings(spec)
    gc_seconds = _time_collections()
    started = time.perf_counter()
    if spec["step"] == "run":
        from pipeline.run import run_job

        report = run_job(settings, progress=LogProgress()).sources[0]
        result = {"new": report.new, "duplicates": report.duplicates, "skipped": report.skipped,
                  "failed": report.failed}
    elif spec["step"] == "retag":
        from pipeline.retag import retag_job

        retag_job(settings, progress=LogProgress())
        result = {}
    elif spec["step"] == "tag":
        from sqlalchemy import select

        from models.db import open_database
        from models.schema import Article
        from nlp.tagger import build_tagger

        db = open_database(spec["url"])
        with db.sessions() as session:
            rows = session.execute(select(Article.text, Article.published_at).order_by(Article.id)).all()
        db.dispose()
        started = time.perf_counter()  # the texts in hand, as `tag --jsonl` has them; the model load counts
        tagger = build_tagger(settings.nlp)
        result = {"articles": sum(1 for _ in tagger.analyse_many((r[0], r[1]) for r in rows))}
    else:
        raise SystemExit(f"unknown step {spec['step']!r}")
    result["wall"] = time.perf_counter() - started
    result["gc"] = gc_seconds[0]
    result["rss_mib"], result["tagger_rss_mib"] = _peaks()
    return result


def _time_collections() -> list[float]:
    """Seconds this process spends in the cyclic garbage collector from now on (a one-item list that grows)."""
    import gc

    total = [0.0]
    began = [0.0]

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            total[0] += time.perf_counter() - began[0]

    gc.callbacks.append(note)
    return total


def _peaks() -> tuple[float | None, float]:
    """Peak RSS (MiB) of this process and of the largest of its finished children (the tagging processes).

    This process's own high-water mark (VmHWM), not `ru_maxrss`: that one survives exec, so a child of a
    big benchmark process would report the parent's size.
    """
    import resource

    own = None
    try:
        with open("/proc/self/status") as fh:
            own = next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(spec: dict) -> dict:
    """Run a step in a child process; its result plus its peak RSS (MiB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(spec)], stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"})
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"step {spec['step']} failed ({proc.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    if result.get("rss_mib") is None:  # no /proc: the child's ru_maxrss (may include this process's size)
        result["rss_mib"] = usage.ru_maxrss / 1024
    return result


# -- the figures --------------------------------------------------------------------------------------------------


def _pg_database(admin_url: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fw_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def bench_size(n: int, tmp: Path, seed: int) -> dict:
    from fixture_server import FixtureServer

    server = FixtureServer().start()
    try:
        serve_mirror(server, n, seed=seed)
        url = f"sqlite:///{tmp / f'run-{n}.db'}"
        spec = {"url": url, "base": server.base_url}
        first = measure({**spec, "step": "run"})
        requests_first = len(server.requests)
        again = measure({**spec, "step": "run"})
        requests_again = len(server.requests) - requests_first
        tag = measure({**spec, "step": "tag", "n_process": 1})
        # a retag that rewrites every article (as after a tagger change that changes them all), then one
        # that finds every analysis as stored (the same tagger again: it only re-stamps the versions)
        _forget_digests(url)
        retag1 = measure({**spec, "step": "retag", "n_process": 1})
        _forget_digests(url)
        retag2 = measure({**spec, "step": "retag", "n_process": 2})
        same2 = measure({**spec, "step": "retag", "n_process": 2})
    finally:
        server.stop()
    return {"n": n, "run": first, "requests": requests_first, "rerun": again, "rerun_requests": requests_again,
            "tag": tag, "retag1": retag1, "retag2": retag2, "same2": same2}


def _forget_digests(url: str) -> None:
    """Clear the stored analyses' fingerprints, so the next retag rewrites every article in full."""
    from sqlalchemy import update

    from models.db import open_database
    from models.schema import Article

    db = open_database(url)
    with db.transaction() as session:
        session.execute(update(Article).values(analysis_digest=None))
    db.dispose()


def bench_archive(archive: int, tmp: Path, seed: int) -> dict:
    import demo_data
    from fixture_server import FixtureServer

    big = tmp / "archive.db"
    started = time.perf_counter()
    demo_data.main(["--out", str(big), "--mentions", str(archive * 8)])  # about 8 mentions per article
    built = time.perf_counter() - started
    from sqlalchemy import func, select

    from models.db import open_database
    from models.schema import Article

    db = open_database(f"sqlite:///{big}")
    with db.sessions() as session:
        stored = session.scalar(select(func.count()).select_from(Article))
    _sign(db)
    db.dispose()
    out = {"stored": stored, "build_s": built}
    for name, url in (("empty", f"sqlite:///{tmp / 'empty.db'}"), ("archive", f"sqlite:///{big}")):
        server = FixtureServer().start()
        try:
            serve_mirror(server, ARCHIVE_RUN, seed=seed + 1, prefix="fresh")
            out[name] = measure({"url": url, "base": server.base_url, "step": "run"})
        finally:
            server.stop()
    return out


def _sign(db) -> None:
    """Give the demo store's articles the near-duplicate signatures (and band keys) a run would have stored.

    `demo_data` leaves them out; without them a run's duplicate index would cost nothing per stored article.
    """
    from sqlalchemy import bindparam, column, insert, inspect, select, table, update

    from models.schema import Article
    from pipeline.dedup import signature

    articles = Article.__table__
    bands = table("dedup_bands", column("band"), column("key"), column("article_id"))
    with_bands = "dedup_bands" in inspect(db.engine).get_table_names()  # absent before migration 0007
    with db.engine.begin() as conn:
        rows = conn.execute(select(articles.c.id, articles.c.text)).all()
        for i in range(0, len(rows), 5000):
            signed = [(row[0], signature(row[1])) for row in rows[i : i + 5000]]
            conn.execute(update(articles).where(articles.c.id == bindparam("aid")).values(signature=bindparam("sig")),
                         [{"aid": a, "sig": sig.encode()} for a, sig in signed])
            if with_bands:
                from pipeline.dedup import band_keys

                conn.execute(insert(bands), [{"band": b, "key": k, "article_id": a}
                                             for a, sig in signed for b, k in band_keys(sig)])


def bench_pg(n: int, pg: str, seed: int, tmp: Path, repeats: int = 2) -> dict:
    """The first run of `n` articles on PostgreSQL and on SQLite, alternately `repeats` times each (a fresh
    database every time); the fastest of each, so that one slow moment of a shared machine does not decide."""
    from fixture_server import FixtureServer

    server = FixtureServer().start()
    walls: dict[str, list[float]] = {"pg": [], "sqlite": []}
    try:
        serve_mirror(server, n, seed=seed)
        for attempt in range(repeats):
            path = tmp / f"pg-compare-{attempt}.db"
            walls["sqlite"].append(measure({"url": f"sqlite:///{path}", "base": server.base_url, "step": "run"})["wall"])
            url, drop = _pg_database(pg)
            try:
                walls["pg"].append(measure({"url": url, "base": server.base_url, "step": "run"})["wall"])
            finally:
                drop()  # type: ignore[operator]
    finally:
        server.stop()
    return {"n": n, "pg": {"wall": min(walls["pg"])}, "sqlite": {"wall": min(walls["sqlite"])}, "walls": walls}


def report(sizes: list[dict], archive: dict | None, pg: dict | None) -> None:
    print("\nN      run s  art/s  RSS MiB (taggers) | tag-alone s | re-run s  req | retag1 s  retag2 s | "
          "unchanged retag2 s")
    for s in sizes:
        run = s["run"]
        print(f"{s['n']:<6d} {run['wall']:6.1f} {run['new'] / run['wall']:6.1f} {run['rss_mib']:8.0f} "
              f"({run['tagger_rss_mib']:4.0f}) | "
              f"{s['tag']['wall']:11.1f}  | {s['rerun']['wall']:8.1f} {s['rerun_requests']:4d} | "
              f"{s['retag1']['wall']:8.1f} {s['retag2']['wall']:9.1f} | {s['same2']['wall']:18.1f}   "
              f"(stored {run['new']}, {run['duplicates']} duplicates, {s['requests']} requests)")
    print("(retag1/retag2 rewrite every article; the unchanged retag finds each analysis as stored)")
    print("seconds in the cyclic garbage collector (the measured process; tagging processes not counted):")
    for s in sizes:
        print(f"  N={s['n']}: run {s['run']['gc']:.2f}, tag-alone {s['tag']['gc']:.2f}, "
              f"retag1 {s['retag1']['gc']:.2f}, retag2 {s['retag2']['gc']:.2f}")
    print("\ngoals (issue 13):")
    big = sizes[-1]
    print(f"  run / tag alone at N={big['n']}: {big['run']['wall'] / big['tag']['wall']:.2f} (goal <= 1.0)")
    if len(sizes) > 1:
        rate = [s["run"]["new"] / s["run"]["wall"] for s in sizes]
        print(f"  articles/s at N={sizes[-1]['n']} / at N={sizes[0]['n']}: {rate[-1] / rate[0]:.2f} (goal >= 0.9)")
    print(f"  unchanged re-run / first run at N={big['n']}: {big['rerun']['wall'] / big['run']['wall']:.3f} "
          "(goal <= 0.05)")
    print(f"  retag 2 processes speed-up at N={big['n']}: {big['retag1']['wall'] / big['retag2']['wall']:.2f} "
          "(goal >= 1.6; every article rewritten)")
    if archive:
        e, a = archive["empty"], archive["archive"]
        print(f"  {ARCHIVE_RUN}-article run into {archive['stored']} stored articles vs an empty store: "
              f"time {a['wall']:.1f}/{e['wall']:.1f} s = {a['wall'] / e['wall']:.2f} (goal <= 1.5), "
              f"peak RSS {a['rss_mib']:.0f}/{e['rss_mib']:.0f} MiB = {a['rss_mib'] / e['rss_mib']:.2f} (goal <= 1.2)")
    if pg:
        p, q = pg["pg"], pg["sqlite"]
        print(f"  PostgreSQL / SQLite run at N={pg['n']} (fastest of {len(pg['walls']['pg'])} each, alternated): "
              f"{p['wall']:.1f}/{q['wall']:.1f} s = {p['wall'] / q['wall']:.2f} (goal <= 1.3); all runs: "
              f"PostgreSQL {', '.join(f'{w:.1f}' for w in pg['walls']['pg'])}, "
              f"SQLite {', '.join(f'{w:.1f}' for w in pg['walls']['sqlite'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a shared machine (60, 240; 20,000)")
    parser.add_argument("--sizes", type=int, nargs="+", help="mirror sizes (default 300 1200)")
    parser.add_argument("--archive", type=int, help="articles in the big store (default 100000; 0 skips)")
    parser.add_argument("--pg", help="PostgreSQL admin URL: also run the smallest size there")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each database for --pg (the fastest counts)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    sizes = args.sizes or ([60, 240] if args.quick else [300, 1200])
    archive = args.archive if args.archive is not None else (20_000 if args.quick else 100_000)
    with tempfile.TemporaryDirectory(prefix="frontwatch-bench-") as tmp:
        results = []
        for n in sizes:
            print(f"N = {n} ...", file=sys.stderr)
            results.append(bench_size(n, Path(tmp), args.seed))
        big = None
        if archive:
            print(f"store of {archive} articles ...", file=sys.stderr)
            big = bench_archive(archive, Path(tmp), args.seed)
        if args.pg:
            print(f"PostgreSQL and SQLite, N = {sizes[0]}, {args.repeats} each ...", file=sys.stderr)
        pg = bench_pg(sizes[0], args.pg, args.seed, Path(tmp), args.repeats) if args.pg else None
    report(results, big, pg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
