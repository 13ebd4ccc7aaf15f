"""One figure, every path: "mentions of X" and "articles naming X" are the same number whether they come from
`frontwatch query`, the pandas API, an export, a plot, the GeoJSON, a view or a canned query of `serve`.

The fixture database (conftest.py) plus one article whose sentence starts with a paragraph break and names
the NRF twice beside Panjshir: counting (group, place) pairs, or every group mention of a sentence that names
the group, gives other numbers than counting mentions, and the paths used to disagree that way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from models.db import open_database
from models.store import Store
from pipeline import research
from pipeline.cli import main
from pipeline.records import Article, Mention
from pipeline.research import plot as plots
from pipeline.research.serve import CANNED_QUERIES
from pipeline.settings import SourceSettings

NRF = "National Resistance Front"
PLACES = "province,district,place"

#: Mentions of the NRF and articles naming it (A1, A3, A5 of the fixture, and the NRF twice in A13).
NRF_FIGURE = (5, 4)
#: Place mentions in Panjshir in a sentence naming the NRF (Rukha and Panjshir in A1, Panjshir in A5 and in
#: A13, once although A13's sentence names the NRF twice), and the articles with such a sentence.
NRF_PANJSHIR = (4, 3)


def _add_a13(url: str) -> None:
    """A13 lwj 2026-02-25: a second paragraph "The NRF said NRF units held Panjshir." (sentence with "\\n\\n")."""
    sentence = "\n\nThe NRF said NRF units held Panjshir."
    body = f"Statement.{sentence}"
    base = body.index(sentence)
    spans = [("NRF", "group", NRF, None), ("Panjshir", "province", "Panjshir", "Panjshir")]
    mentions = []
    for surface, kind, name, province in spans:
        for match in re.finditer(surface, sentence):
            mentions.append(
                Mention(
                    kind=kind,
                    name=name,
                    text=surface,
                    start=base + match.start(),
                    end=base + match.end(),
                    sentence=sentence,
                    province=province,
                    pcode="AF08" if kind == "province" else None,
                )
            )
    db = open_database(url, migrate_schema=False)
    try:
        store = Store(db)
        source = store.ensure_source(
            SourceSettings(name="lwj", adapter="lwj", base_url="https://lwj.example")
        )
        article = Article(
            source="lwj",
            url="https://lwj.example/a13",
            title="NRF statement",
            text=body,
            published=datetime(2026, 2, 25, 10, tzinfo=UTC),
            language="en",
        )
        store.save(source, article, mentions, tagger_version="test")
        with db.engine.connect() as conn:
            stored = (
                conn.execute(
                    text(
                        "SELECT DISTINCT m.sentence FROM mentions m JOIN articles a ON a.id = m.article_id "
                        "WHERE a.url = 'https://lwj.example/a13'"
                    )
                )
                .scalars()
                .all()
            )
        assert stored == ["The NRF said NRF units held Panjshir."]  # stripped, one sentence for all four
    finally:
        db.dispose()


def _run(*args: str) -> tuple[str, str]:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def _csv(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_run(*args, "--format", "csv")[0])))


def _row(rows: list[dict[str, str]], **where: str) -> tuple[int, int]:
    (row,) = [r for r in rows if all(r[k] == v for k, v in where.items())]
    return int(row["mentions"]), int(row["articles"])


def _frame_row(frame, **where) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return int(frame["mentions"].sum()), int(frame["articles"].sum())


def test_every_path_gives_the_same_figures(research_db, tmp_path):
    pytest.importorskip("matplotlib")
    url = research_db.url
    _add_a13(url)
    db = open_database(url, migrate_schema=False)
    nrf: dict[str, tuple[int, int]] = {}
    panjshir: dict[str, tuple[int, int]] = {}

    # -- frontwatch query (the real entry point) ----------------------------------------------------------
    nrf["query top"] = _row(_csv("query", "top", "--db", url, "--kind", "group"), name=NRF)
    nrf["query mentions --by name"] = _row(
        _csv("query", "mentions", "--db", url, "--kind", "group", "--by", "name"), name=NRF
    )
    nrf["query mentions --by group"] = _row(
        _csv("query", "mentions", "--db", url, "--kind", "group", "--by", "group"), group=NRF
    )
    nrf["query mentions/articles --name nrf"] = (
        len(_csv("query", "mentions", "--db", url, "--name", "nrf")),
        len(_csv("query", "articles", "--db", url, "--name", "nrf")),
    )
    panjshir["query --group nrf --by province"] = _row(
        _csv("query", "mentions", "--db", url, "--group", "nrf", "--kind", PLACES, "--by", "province"),
        province="Panjshir",
    )
    panjshir["query --by province,group"] = _row(
        _csv("query", "mentions", "--db", url, "--kind", PLACES, "--by", "province,group"),
        province="Panjshir",
        group=NRF,
    )
    panjshir["query mentions/articles --group nrf --province panjsher"] = (
        len(
            _csv(
                "query", "mentions", "--db", url, "--group", "nrf", "--kind", PLACES, "--province", "panjsher"
            )
        ),
        len(
            _csv(
                "query", "articles", "--db", url, "--group", "nrf", "--kind", PLACES, "--province", "panjsher"
            )
        ),
    )

    # -- pandas API: the rollup path (whole months, by province) and the base tables (by day) -------------
    nrf["counts(by=name)"] = _frame_row(research.counts("name", database_url=url, kind="group"), name=NRF)
    nrf["counts(by=group, kind=group)"] = _frame_row(
        research.counts("group", database_url=url, kind="group"), group=NRF
    )
    nrf["top()"] = _frame_row(research.top(10, database_url=url, kind="group"), name=NRF)
    nrf["mentions()/articles()"] = (
        len(research.mentions(database_url=url, name="NRF")),
        len(research.articles(database_url=url, name="NRF")),
    )
    places = research.PLACE_KINDS
    panjshir["counts(by=province, group=NRF)"] = _frame_row(
        research.counts("province", database_url=url, kind=places, group="NRF"), province="Panjshir"
    )
    panjshir["counts(by=province,day, group=NRF)"] = _frame_row(
        research.counts("province,day", database_url=url, kind=places, group="NRF"), province="Panjshir"
    )
    panjshir["counts(by=province,group)"] = _frame_row(
        research.counts("province,group", database_url=url, kind=places), province="Panjshir", group=NRF
    )
    panjshir["counts(by=province,group,day)"] = _frame_row(
        research.counts("province,group,day", database_url=url, kind=places), province="Panjshir", group=NRF
    )
    panjshir["mentions()/articles()"] = (
        len(research.mentions(database_url=url, kind=places, group="NRF", province="Panjshir")),
        len(research.articles(database_url=url, kind=places, group="NRF", province="Panjshir")),
    )

    # -- frontwatch export ---------------------------------------------------------------------------------
    _run("export", "counts", "--db", url, "--kind", "group", "--by", "name", "--out", str(tmp_path / "c.csv"))
    nrf["export counts --by name"] = _row(
        list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8"))), name=NRF
    )
    _run(
        "export",
        "counts",
        "--db",
        url,
        "--format",
        "geojson",
        "--group",
        "NRF",
        "--out",
        str(tmp_path / "g.geojson"),
    )
    geo = json.loads((tmp_path / "g.geojson").read_text(encoding="utf-8"))
    props = {f["properties"]["name"]: f["properties"] for f in geo["features"]}
    panjshir["geojson"] = (props["Panjshir"]["mentions"], props["Panjshir"]["articles"])
    by_kind = sum(props["Panjshir"][f"{k}_mentions"] for k in research.PLACE_KINDS)
    panjshir["geojson <kind>_mentions"] = (by_kind, props["Panjshir"]["articles"])
    for p in props.values():  # every feature carries every count, zero where none
        assert {"mentions", "articles", "province_mentions", "district_mentions", "place_mentions"} <= set(p)
    assert props["Helmand"]["place_mentions"] == 0 and props["Helmand"]["mentions"] == 0

    # -- frontwatch plot: the legend it prints (and draws), the points it draws, the map's values ---------------
    legend = {}
    for value in ("mentions", "articles"):
        _, said = _run(
            "plot",
            "timeline",
            "--db",
            url,
            "--kind",
            "group",
            "--value",
            value,
            "--out",
            str(tmp_path / f"t-{value}.png"),
        )
        legend[value] = int(re.search(rf"{NRF} (\d+)", said).group(1))  # type: ignore[union-attr]
    nrf["plot timeline (legend)"] = (legend["mentions"], legend["articles"])
    group_counts = research.counts(("month", "group"), database_url=url, kind="group")
    nrf["plot timeline (points drawn)"] = tuple(  # type: ignore[assignment]
        int(plots.timeline_table(group_counts, "group", value)[NRF].sum())
        for value in ("mentions", "articles")
    )
    html, png = {}, {}
    for value in ("mentions", "articles"):
        out = tmp_path / f"{value}.html"
        _run("plot", "map", "--db", url, "--group", "NRF", "--value", value, "--out", str(out))
        found = re.search(r'data-province="Panjshir" data-pcode="AF08" data-value="(\d+)"', out.read_text())
        html[value] = int(found.group(1))  # type: ignore[union-attr]
        _, said = _run(
            "plot",
            "map",
            "--db",
            url,
            "--group",
            "NRF",
            "--value",
            value,
            "--out",
            str(tmp_path / f"{value}.png"),
        )
        png[value] = int(re.search(r"Panjshir (\d+)", said).group(1))  # type: ignore[union-attr]
    panjshir["plot map (html)"] = (html["mentions"], html["articles"])
    panjshir["plot map (png)"] = (png["mentions"], png["articles"])

    # -- the views, and the canned queries of `frontwatch serve` run on the database itself --------------------
    try:
        with db.engine.connect() as conn:
            one = lambda sql, **params: tuple(int(v or 0) for v in conn.execute(text(sql), params).one())
            nrf["article_mentions view"] = one(
                "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM article_mentions "
                "WHERE name = :name AND is_duplicate = 0 AND is_dateline = 0",
                name=NRF,
            )
            panjshir["group_province_monthly view"] = one(
                "SELECT SUM(mentions), SUM(articles) FROM group_province_monthly "
                "WHERE group_name = :name AND province = 'Panjshir'",
                name=NRF,
            )
            canned = lambda name, **params: [
                r._asdict() for r in conn.execute(text(CANNED_QUERIES[name]["sql"]), params)
            ]
            rows = [r for r in canned("top_groups_by_month") if r["group_name"] == NRF]
            nrf["canned top_groups_by_month"] = (
                sum(r["mentions"] for r in rows),
                sum(r["articles"] for r in rows),
            )
            for alias in ("NRF", "nrf", NRF):
                rows = [
                    r for r in canned("group_by_province_month", group=alias) if r["province"] == "Panjshir"
                ]
                panjshir[f"canned group_by_province_month group={alias}"] = (
                    sum(r["mentions"] for r in rows),
                    sum(r["articles"] for r in rows),
                )
    finally:
        db.dispose()

    assert nrf == dict.fromkeys(nrf, NRF_FIGURE), "mentions of the NRF / articles naming it"
    assert panjshir == dict.fromkeys(panjshir, NRF_PANJSHIR), "Panjshir places named with the NRF"
