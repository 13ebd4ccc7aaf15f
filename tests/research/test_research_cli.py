"""`frontwatch query`, `export` and `plot` through the real entry point (pipeline.cli.main) on the fixture DB."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main


def run(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_query_mentions_by_province_month_csv(research_db):
    out = run(
        "query",
        "mentions",
        "--db",
        research_db.url,
        "--group",
        "NRF",
        "--group",
        "taliban",
        "--kind",
        "province,district",
        "--by",
        "province,month",
        "--format",
        "csv",
    )
    assert list(csv.DictReader(io.StringIO(out))) == [
        {"province": "Panjshir", "month": "2025-12", "mentions": "1", "articles": "1"},
        {"province": "Panjshir", "month": "2026-01", "mentions": "2", "articles": "1"},
        {"province": "Baghlan", "month": "2026-02", "mentions": "2", "articles": "1"},
    ]


def test_query_mentions_rows_json_and_table(research_db):
    rows = json.loads(
        run("query", "mentions", "--db", research_db.url, "--name", "Rukha", "--format", "json")
    )
    assert len(rows) == 1
    assert rows[0]["province"] == "Panjshir" and rows[0]["published_at"] == "2026-01-10T08:00:00Z"
    table = run("query", "mentions", "--db", research_db.url, "--kind", "commander", "--format", "table")
    assert "Abdul Example" in table and "governor of Baghlan" in table and "(2 rows)" in table


def test_query_articles_top_commanders(research_db, tmp_path):
    out = run("query", "articles", "--db", research_db.url, "--province", "Kabul", "--format", "csv")
    assert [r["title"] for r in csv.DictReader(io.StringIO(out))] == [
        "Bombing in Jalalabad",
        "Ambush in Andarab",
    ]
    by_month = run(
        "query", "articles", "--db", research_db.url, "--kind", "group", "--by", "month", "--format", "csv"
    )
    assert by_month.splitlines() == ["month,articles", "2025-12,1", "2026-01,1", "2026-02,2"]
    top = json.loads(
        run(
            "query",
            "top",
            "--db",
            research_db.url,
            "--kind",
            "group",
            "-n",
            "1",
            "--by",
            "month",
            "--format",
            "json",
        )
    )
    assert [(r["month"], r["name"], r["mentions"]) for r in top] == [
        ("2025-12", "National Resistance Front", 1),
        ("2026-01", "Taliban", 2),
        ("2026-02", "Taliban", 2),
    ]
    path = tmp_path / "commanders.parquet"
    run("query", "commanders", "--db", research_db.url, "--province", "baghlan", "--out", str(path))
    frame = pd.read_parquet(path)
    assert list(frame["role"]) == ["governor of Baghlan"] and list(frame["group"]) == ["Taliban"]


def test_query_uses_configured_database_and_reports_errors(research_db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{research_db.url}"\n', encoding="utf-8")
    out = run("--config", str(config), "query", "top", "--kind", "province", "-n", "1", "--format", "csv")
    # Baghlan, Kabul and Panjshir tie at 2 mentions in 2 articles: ties go by name.
    assert out.splitlines() == ["rank,kind,name,mentions,articles", "1,province,Baghlan,2,2"]
    result = CliRunner().invoke(main, ["query", "mentions", "--db", research_db.url, "--kind", "army"])
    assert result.exit_code == 2 and "unknown kind 'army'" in result.output
    result = CliRunner().invoke(main, ["query", "mentions", "--db", research_db.url, "--by", "week"])
    assert result.exit_code == 2 and "cannot count by 'week'" in result.output


def test_export_formats(research_db, tmp_path):
    url = research_db.url
    run("export", "mentions", "--db", url, "--out", str(tmp_path / "m.parquet"))
    assert len(pd.read_parquet(tmp_path / "m.parquet")) == 21
    run(
        "export",
        "articles",
        "--db",
        url,
        "--include-duplicates",
        "--format",
        "jsonl",
        "--out",
        str(tmp_path / "a.jsonl"),
    )
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["title"] == "Bombing in Jalalabad"
    run("export", "counts", "--db", url, "--by", "kind", "--out", str(tmp_path / "c.csv"))
    assert (tmp_path / "c.csv").read_text().splitlines() == [
        "kind,mentions,articles",
        "group,9,4",
        "province,7,4",
        "district,3,3",
        "commander,2,2",
    ]
    run("export", "--db", url, "--format", "geojson", "--out", str(tmp_path / "p.geojson"))
    geo = json.loads((tmp_path / "p.geojson").read_text())
    props = {f["properties"]["name"]: f["properties"] for f in geo["features"]}
    assert len(props) == 34 and "CC BY-IGO" in geo["attribution"]
    assert {n: (p["mentions"], p["articles"]) for n, p in props.items() if p["mentions"]} == {
        "Panjshir": (3, 2),
        "Baghlan": (3, 2),
        "Kabul": (2, 2),
        "Nangarhar": (2, 1),
    }
    assert props["Baghlan"]["district_mentions"] == 1 and props["Baghlan"]["province_mentions"] == 2
    assert props["Helmand"]["mentions"] == 0 and props["Baghlan"]["pcode"] == "AF09"
    assert geo["frontwatch"]["date_range"] == ["2025-12", "2026-02"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_plots_render(research_db, tmp_path):
    pytest.importorskip("matplotlib")
    from PIL import Image  # matplotlib depends on Pillow

    timeline = tmp_path / "timeline.png"
    run("plot", "timeline", "--db", research_db.url, "--by", "group", "--out", str(timeline))
    assert _png_size(timeline.read_bytes()) == (1100, 650)
    map_png = tmp_path / "map.png"
    run("plot", "map", "--db", research_db.url, "--group", "NRF", "--out", str(map_png))
    assert _png_size(map_png.read_bytes()) == (1000, 800)
    for path in (timeline, map_png):
        image = Image.open(path).convert("RGB")
        colours = image.getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50  # drawn, not a blank canvas
        assert path.stat().st_size > 20_000
    # The darkest class goes to the province with most NRF mentions: Panjshir (3); Helmand stays grey.
    map_html = tmp_path / "map.html"
    run("plot", "map", "--db", research_db.url, "--group", "NRF", "--out", str(map_html))
    page = map_html.read_text()
    assert page.count("<path ") == 34 and 'data-province="Panjshir"' in page
    assert 'data-province="Panjshir" data-pcode="AF08" data-value="3"' in page
    assert 'data-province="Helmand" data-pcode="AF30" data-value="0"' in page
    assert "2025-12 to 2026-02" in page and "CC BY-IGO" in page
    assert (
        "<script" not in page
        and "https://" not in page
        and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_help_of_every_research_command():
    for args in (
        ["query"],
        ["query", "mentions"],
        ["query", "articles"],
        ["query", "commanders"],
        ["query", "top"],
        ["export"],
        ["plot"],
        ["plot", "timeline"],
        ["plot", "map"],
        ["serve"],
    ):
        out = run(*args, "--help")
        assert "Usage:" in out and len(out) > 200
