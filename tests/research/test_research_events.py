"""Coded events for researchers on the fixture database (see conftest.py): `frontwatch query events|appointments`,
`pipeline.research_events`, the event exports and plots, and the canned SQL, all agreeing on the same figures."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import text

from models.db import open_database
from pipeline.cli import main
from pipeline.errors import FrontwatchError
from pipeline.research import events as research_events
from pipeline.research.serve import CANNED_QUERIES

DOCS = Path(__file__).resolve().parents[2] / "docs"
NRF = "National Resistance Front"

#: "NRF attacks on the Taliban per province per month", as one command.
NRF_QUESTION = ("--actor1", "NRF", "--actor2", "Taliban", "--by", "province,month")
#: Its answer: (province, month, incidents, reports, fatalities).
#: Andarab (2026-02) is one incident of two reports (A3, A6: 2 and 4 killed, the lowest counts); the copy A2,
#: the Taliban raid on the NRF (A8) and the 1997 clash (historical) are not counted.
NRF_ATTACKS = [
    ("Panjshir", "2025-12", 1, 1, 0),
    ("Panjshir", "2026-01", 1, 1, 3),
    ("Baghlan", "2026-02", 1, 2, 2),
]

#: Appointments in Baghlan since 2022, newest first: (appointee, post, group, date, until_date, url).
BAGHLAN_APPOINTMENTS = [
    ("Abdul Example", "governor of Baghlan", "Taliban", "2026-01-08", "2026-02-20", "https://lwj.example/a1"),
    (
        "Qari Example One",
        "governor of Baghlan",
        "Taliban",
        "2022-03-01",
        "2026-01-08",
        "https://lwj.example/a10",
    ),
]


def run(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(*args: str) -> str:
    """Output of a command that must fail with exit status 2."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    return result.output


def _sql(url: str, statement: str, **params: object) -> list[tuple]:
    db = open_database(url, migrate_schema=False)
    try:
        with db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(statement), params)]
    finally:
        db.dispose()


def _docs_statement(marker: str) -> str:
    """The first SQL statement of docs/research.md that contains `marker`."""
    markdown = (DOCS / "research.md").read_text(encoding="utf-8")
    for block in re.findall(r"```sql\n(.*?)```", markdown, flags=re.DOTALL):
        for statement in block.split(";"):
            if marker in statement:
                return statement.strip()
    raise AssertionError(f"no SQL example with {marker!r} in docs/research.md")


# -- the two researcher questions, every way ----------------------------------------------------------------


def test_nrf_attacks_on_the_taliban_per_province_per_month(research_db):
    url = research_db.url
    # The researcher's one command.
    out = run("query", "events", "--db", url, *NRF_QUESTION, "--format", "csv")
    rows = [tuple(r.values()) for r in csv.DictReader(io.StringIO(out))]
    assert out.splitlines()[0] == "province,month,incidents,reports,fatalities"
    assert rows == [tuple(str(v) for v in row) for row in NRF_ATTACKS]

    # Aliases in any case give the same answer; JSON carries numbers.
    aliases = ("--actor1", "nrf", "--actor2", "TALEBAN", "--by", "province,month")
    as_json = json.loads(run("query", "events", "--db", url, *aliases, "--format", "json"))
    assert [tuple(r.values()) for r in as_json] == NRF_ATTACKS

    frame = research_events.event_counts(
        ("province", "month"), database_url=url, actor1="NRF", actor2="Taliban"
    )
    assert list(frame.itertuples(index=False, name=None)) == NRF_ATTACKS

    # The canned query (Datasette) and the SQL of docs/research.md read monthly_events: same figures.
    canned = _sql(url, CANNED_QUERIES["nrf_attacks_on_taliban_by_province_month"]["sql"])
    expected = [(month, province, n, reports, dead) for province, month, n, reports, dead in NRF_ATTACKS]
    assert canned == expected[::-1]
    assert _sql(url, _docs_statement("FROM monthly_events")) == expected[::-1]


def test_appointments_in_baghlan_since_2022(research_db):
    url = research_db.url
    rows = json.loads(
        run(
            "query",
            "appointments",
            "--db",
            url,
            "--province",
            "Baghlan",
            "--since",
            "2022-01-01",
            "--format",
            "json",
        )
    )
    assert [
        (r["appointee"], r["post"], r["group"], r["date"], r["until_date"], r["url"]) for r in rows
    ] == BAGHLAN_APPOINTMENTS
    for field in ("appointee", "post", "place", "province", "group", "date", "url", "sentence"):
        assert field in rows[0], field
    assert rows[0]["sentence"] == "The Taliban appointed Mullah Abdul Example as governor of Baghlan."
    assert rows[0]["province"] == "Baghlan" and rows[0]["place"] is None

    frame = research_events.appointments(database_url=url, province="baghlan", since="2022-01-01")
    assert [
        (r.appointee, r.post, r.group, r.date.isoformat(), r.until_date.isoformat(), r.url)
        for r in frame.itertuples(index=False)
    ] == BAGHLAN_APPOINTMENTS
    assert isinstance(frame.iloc[0]["date"], date)

    statement = _docs_statement("FROM appointments")
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in _sql(url, statement)] == BAGHLAN_APPOINTMENTS


def test_appointments_filters(research_db):
    url = research_db.url
    everyone = research_events.appointments(database_url=url)
    assert list(everyone["appointee"]) == [
        "Abdul Example",
        "Mawlawi Other",
        "Qari Example One",
        "Mohammad Former",
    ]
    # The copy A2 repeats A1's appointment: it is left out.
    assert list(everyone["url"]).count("https://lwj.example/a1") == 1
    assert list(everyone["until_date"].map(str)) == ["2026-02-20", "None", "2026-01-08", "2022-03-01"]
    with_dismissals = research_events.appointments(database_url=url, include_dismissals=True)
    assert list(with_dismissals["sub_event_type"]).count("Dismissal") == 1
    assert list(
        research_events.appointments(database_url=url, group="Government of Afghanistan")["appointee"]
    ) == ["Mohammad Former"]
    assert list(
        research_events.appointments(database_url=url, appointee="abdul example")["date"].map(str)
    ) == ["2026-01-08"]
    assert research_events.appointments(database_url=url, province="Panjsher")["post"].tolist() == [
        "governor of Panjshir"
    ]
    out = run(
        "query", "appointments", "--db", url, "--group", "Taliban", "--until", "2025", "--format", "csv"
    )
    assert [r["appointee"] for r in csv.DictReader(io.StringIO(out))] == ["Mawlawi Other", "Qari Example One"]
    table = run(
        "query", "appointments", "--db", url, "--province", "Baghlan", "--since", "2022", "--format", "table"
    )
    assert "(2 rows)" in table and "Qari Example One" in table and "2026-02-20" in table


# -- rows: events and incidents -----------------------------------------------------------------------------


def test_events_json_has_the_event_fields_and_leaves_out_copies_and_history(research_db):
    url = research_db.url
    rows = json.loads(run("query", "events", "--db", url, "--format", "json"))
    assert len(rows) == 11  # 12 events of originals, less the historical one; A2's two are a copy's
    assert set(rows[0]) == set(research_events.EVENT_COLUMNS)
    assert {"url", "published_at", "incident_id", "event_type", "sub_event_type", "actor1", "actor2"} <= set(
        rows[0]
    )
    assert "https://amu.example/a2" not in {r["url"] for r in rows}
    rukha = next(r for r in rows if r["district"] == "Rukha")
    assert rukha == {
        **rukha,
        "url": "https://lwj.example/a1",
        "source": "lwj",
        "published_at": "2026-01-10T08:00:00Z",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "event_date": "2026-01-09",
        "month": "2026-01",
        "actor1": NRF,
        "actor2": "Taliban",
        "province": "Panjshir",
        "lat": 35.22,
        "lon": 69.5,
        "fatalities": 3,
        "historical": False,
        "start": 8,
        "end": 8 + len(rukha["sentence"]),
    }
    assert rukha["figures"] == [
        {"kind": "killed", "count": 3, "source": "NRF", "text": "three Taliban"},
        {"kind": "killed", "count": 5, "source": "local sources", "text": "five"},
    ]
    assert isinstance(rukha["incident_id"], int)
    bombing = next(r for r in rows if r["province"] == "Nangarhar")
    assert (bombing["actor2"], bombing["claimed_by"], bombing["report_status"]) == (
        "Civilians; Taliban",
        "Islamic State Khorasan Province",
        "claimed",
    )
    # Newest event first.
    assert [r["event_date"] for r in rows[:3]] == ["2026-02-20", "2026-02-15", "2026-02-04"]

    historical = research_events.events(database_url=url, include_historical=True)
    assert len(historical) == 12
    old = historical[historical["historical"]]
    assert list(old["event_date"]) == [date(1997, 1, 1)] and list(old["date_precision"]) == ["year"]
    frame = research_events.events(database_url=url)
    assert (
        str(frame["published_at"].dtype).startswith("datetime64")
        and str(frame["incident_id"].dtype) == "Int64"
    )


def test_incidents_are_reports_together(research_db):
    url = research_db.url
    rows = json.loads(
        run("query", "events", "--db", url, "--incidents", "--actor1", "NRF", "--format", "json")
    )
    assert set(rows[0]) == set(research_events.INCIDENT_COLUMNS)
    assert [
        (r["event_date"], r["province"], r["reports"], r["fatalities_min"], r["fatalities_max"]) for r in rows
    ] == [
        ("2026-02-04", "Baghlan", 2, 2, 4),
        ("2026-01-09", "Panjshir", 1, 3, 3),
        ("2025-12-30", "Panjshir", 1, None, None),
    ]
    # The first report of the Andarab incident is A3 (published before A6).
    assert rows[0]["url"] == "https://amu.example/a3" and rows[0]["district"] == "Andarab"
    assert rows[0]["published_at"] == "2026-02-05T12:00:00Z"
    events = research_events.events(database_url=url, actor1="NRF", province="Baghlan")
    assert list(events["url"]) == ["https://lwj.example/a6", "https://amu.example/a3"]
    assert events["incident_id"].nunique() == 1 and events["incident_id"].iloc[0] == rows[0]["incident_id"]


def test_filters_are_side_aware_and_resolve_names(research_db):
    url = research_db.url

    def incidents(**filters: object) -> int:
        return int(research_events.event_counts((), database_url=url, **filters)["incidents"].iloc[0])

    assert incidents() == 10
    assert incidents(actor="NRF") == 4  # A1, A3+A6, A5 and the Taliban raid A8
    assert incidents(actor1="NRF") == 3
    assert incidents(actor2="NRF") == 1
    assert incidents(actor1="Taliban", actor2="NRF") == 1
    assert incidents(actor="Civilians") == 1
    assert incidents(actor1="NRF", include_historical=True) == 4
    assert incidents(type="battles") == 4
    assert incidents(subtype="armed") == 4  # a unique beginning of "Armed clash"
    assert incidents(type="explosions") == 1
    assert incidents(subtype=("Appointment", "Dismissal")) == 4 + 1
    assert incidents(province="panjsher") == 4  # a province alias
    assert incidents(district="khinj") == 1
    assert incidents(since="2026-01-19", until="2026-02") == 4  # A8, A3+A6, A4, A9 (until: all of February)
    assert incidents(since="2026") == 6
    assert incidents(until="2025") == 4  # A5 and the appointments of 2021 to 2023

    frame = research_events.events(database_url=url, actor="NRF", since="2026-01")
    assert sorted(frame["actor2"]) == [NRF, "Taliban", "Taliban", "Taliban"]
    reused = research_events.EventFilters.make(actor1="NRF", type="Battles")
    assert len(research_events.events(database_url=url, filters=reused)) == 4
    with pytest.raises(TypeError, match="either filters= or filter keywords"):
        research_events.events(database_url=url, filters=reused, actor="NRF")


def test_counts_by_actor_pairs_and_keys(research_db):
    url = research_db.url
    by_actor2 = research_events.event_counts("actor2", database_url=url, actor1="ISKP")
    assert list(by_actor2.itertuples(index=False, name=None)) == [
        ("Civilians", 1, 1, 7),
        ("Taliban", 1, 1, 7),
    ]
    by_type = research_events.event_counts("event_type", database_url=url)
    assert dict(zip(by_type["event_type"], by_type["incidents"])) == {
        "Strategic developments": 5,
        "Battles": 4,
        "Explosions/Remote violence": 1,
    }
    by_province = research_events.event_counts("province", database_url=url)
    assert list(by_province.itertuples(index=False, name=None)) == [
        ("Baghlan", 5, 6, 2),
        ("Panjshir", 4, 4, 4),
        ("Nangarhar", 1, 1, 7),
    ]
    yearly = research_events.event_counts("year,sub_event_type", database_url=url, province="Baghlan")
    assert list(yearly.itertuples(index=False, name=None)) == [
        ("2021", "Appointment", 1, 1, 0),
        ("2022", "Appointment", 1, 1, 0),
        ("2026", "Appointment", 1, 1, 0),
        ("2026", "Armed clash", 1, 2, 2),
        ("2026", "Dismissal", 1, 1, 0),
    ]
    # One actor-pair row per incident in monthly_events: summing within a pair agrees with the API.
    pairs = _sql(
        url,
        "SELECT actor1, actor2, SUM(incidents) FROM monthly_events WHERE event_type = 'Battles' "
        "GROUP BY actor1, actor2 ORDER BY actor1, actor2",
    )
    api = research_events.event_counts("actor1,actor2", database_url=url, type="Battles")
    assert sorted(api.drop(columns=["reports", "fatalities"]).itertuples(index=False, name=None)) == pairs


def test_unknown_names_are_one_line_errors(research_db):
    url = research_db.url
    out = fails("query", "events", "--db", url, "--actor1", "Talibn", "--by", "province,month")
    assert (
        out
        == "frontwatch: error: unknown actor 'Talibn': no actor of that name is known (did you mean Taliban?)\n"
    )
    out = fails("query", "events", "--db", url, "--province", "Atlantis")
    assert out.startswith("frontwatch: error: unknown province 'Atlantis'") and out.count("\n") == 1
    assert "unknown event type 'Skirmish'" in fails("query", "events", "--db", url, "--type", "Skirmish")
    assert "cannot count events by 'week'" in fails("query", "events", "--db", url, "--by", "week")
    assert "unknown group 'Hezb'" in fails("query", "appointments", "--db", url, "--group", "Hezb")
    with pytest.raises(FrontwatchError, match="unknown district 'Nowhere'"):
        research_events.events(database_url=url, district="Nowhere")
    with pytest.raises(FrontwatchError, match="is ambiguous"):
        research_events.events(database_url=url, subtype="a")


# -- exports and plots --------------------------------------------------------------------------------------


def test_export_events_as_points_and_province_counts(research_db, tmp_path):
    url = research_db.url
    points = tmp_path / "events.geojson"
    result = CliRunner().invoke(main, ["export", "events", str(points), "--db", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote 5 events as points" in result.output and "6 without coordinates skipped" in result.output
    geo = json.loads(points.read_text())
    assert geo["type"] == "FeatureCollection" and geo["frontwatch"]["without_coordinates"] == 6
    coordinates = sorted(tuple(f["geometry"]["coordinates"]) for f in geo["features"])
    assert coordinates == [(69.27, 35.64), (69.27, 35.64), (69.5, 35.22), (69.73, 35.43), (70.45, 34.43)]
    rukha = next(f["properties"] for f in geo["features"] if f["properties"]["district"] == "Rukha")
    assert (
        rukha["actor1"] == NRF
        and rukha["event_date"] == "2026-01-09"
        and rukha["url"] == "https://lwj.example/a1"
    )
    assert all(f["geometry"]["type"] == "Point" for f in geo["features"])

    incidents = tmp_path / "incidents.geojson"
    run("export", "incidents", str(incidents), "--db", url, "--actor1", "NRF")
    assert len(json.loads(incidents.read_text())["features"]) == 2  # Andarab once, Rukha; A5 has no point

    polygons = tmp_path / "provinces.geojson"
    run("export", "event-counts", str(polygons), "--db", url)
    geo = json.loads(polygons.read_text())
    props = {f["properties"]["name"]: f["properties"] for f in geo["features"]}
    assert len(props) == 34 and "CC BY-IGO" in geo["attribution"]
    assert {
        n: (p["incidents"], p["reports"], p["fatalities"]) for n, p in props.items() if p["incidents"]
    } == {
        "Baghlan": (5, 6, 2),
        "Panjshir": (4, 4, 4),
        "Nangarhar": (1, 1, 7),
    }
    assert props["Helmand"]["incidents"] == 0 and props["Helmand"]["fatalities"] == 0
    assert geo["frontwatch"]["date_range"] == ["2021-05", "2026-02"]
    run(
        "export",
        "event-counts",
        "--db",
        url,
        "--actor1",
        "NRF",
        "--actor2",
        "Taliban",
        "--out",
        str(polygons),
    )
    props = {f["properties"]["name"]: f["properties"] for f in json.loads(polygons.read_text())["features"]}
    assert (props["Panjshir"]["incidents"], props["Baghlan"]["incidents"], props["Kabul"]["incidents"]) == (
        2,
        1,
        0,
    )


def test_export_event_tables(research_db, tmp_path):
    url = research_db.url
    run("export", "events", "--db", url, "--type", "battles", "--out", str(tmp_path / "battles.parquet"))
    frame = pd.read_parquet(tmp_path / "battles.parquet")
    assert len(frame) == 5 and set(frame["sub_event_type"]) == {"Armed clash"}
    assert frame.loc[frame["district"] == "Rukha", "figures"].iloc[0][1]["count"] == 5
    run("export", "events", str(tmp_path / "events.csv"), "--db", url, "--province", "Nangarhar")
    rows = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["event_date"] == "2026-02-15" and rows[0]["injured"] == "12"
    assert json.loads(rows[0]["figures"]) == []
    run("export", "incidents", str(tmp_path / "incidents.jsonl"), "--db", url)
    assert len((tmp_path / "incidents.jsonl").read_text().splitlines()) == 10
    run("export", "event-counts", str(tmp_path / "counts.csv"), "--db", url, "--by", "event_type")
    assert (tmp_path / "counts.csv").read_text().splitlines() == [
        "event_type,incidents,reports,fatalities",
        "Strategic developments,5,5,0",
        "Battles,4,5,6",
        "Explosions/Remote violence,1,1,7",
    ]
    # Mention filters do not apply to events, and event filters do not apply to mentions.
    assert "--group filters mentions" in fails(
        "export", "events", str(tmp_path / "x.csv"), "--db", url, "--group", "NRF"
    )
    assert "--actor1 filters events" in fails(
        "export", "mentions", str(tmp_path / "x.csv"), "--db", url, "--actor1", "NRF"
    )
    assert "give the file to write" in fails("export", "events", "--db", url)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("series", ["sub_event_type", "actor1", "province"])
def test_event_timeline(research_db, tmp_path, series):
    pytest.importorskip("matplotlib")
    out = tmp_path / f"events-{series}.png"
    run(
        "plot",
        "timeline",
        "--events",
        "--db",
        research_db.url,
        "--by",
        series,
        "--since",
        "2025-12",
        "--out",
        str(out),
    )
    assert _png_size(out.read_bytes()) == (1100, 650) and out.stat().st_size > 20_000


def test_event_map_and_plot_errors(research_db, tmp_path):
    pytest.importorskip("matplotlib")
    url = research_db.url
    png = tmp_path / "map.png"
    run("plot", "map", "--events", "--db", url, "--out", str(png))
    assert _png_size(png.read_bytes()) == (1000, 800)
    page = tmp_path / "map.html"
    run("plot", "map", "--events", "--db", url, "--actor1", "NRF", "--out", str(page))
    html = page.read_text()
    assert html.count("<path ") == 34
    assert 'data-province="Panjshir" data-pcode="AF08" data-value="2"' in html
    assert 'data-province="Baghlan" data-pcode="AF09" data-value="1"' in html
    assert 'data-province="Helmand" data-pcode="AF30" data-value="0"' in html
    assert "Incidents by province (coded events)" in html and "actor1: NRF" in html
    assert "--events counts by" in fails(
        "plot", "timeline", "--events", "--db", url, "--by", "group", "--out", str(png)
    )
    assert "add --events" in fails("plot", "timeline", "--db", url, "--by", "actor1", "--out", str(png))
    assert "add --events" in fails("plot", "map", "--db", url, "--type", "battles", "--out", str(png))


# -- Datasette ----------------------------------------------------------------------------------------------


def test_canned_event_queries(research_db):
    url = research_db.url
    appointments = _sql(url, CANNED_QUERIES["appointments_by_province"]["sql"])
    assert [(r[0], r[1], r[2]) for r in appointments] == [
        ("Baghlan", "2026-01-08", "Abdul Example"),
        ("Baghlan", "2022-03-01", "Qari Example One"),
        ("Baghlan", "2021-05-01", "Mohammad Former"),
        ("Panjshir", "2023-04-09", "Mawlawi Other"),
    ]
    if not url.startswith("sqlite"):
        return  # the by-month query is written for Datasette's SQLite (substr on a date)
    by_month = _sql(url, CANNED_QUERIES["events_by_province_month"]["sql"])
    assert by_month[:3] == [
        ("2026-02", "Baghlan", "Battles", 1, 2, 2),
        ("2026-02", "Baghlan", "Strategic developments", 1, 1, 0),
        ("2026-02", "Nangarhar", "Explosions/Remote violence", 1, 1, 7),
    ]
    api = research_events.event_counts("month,province,event_type", database_url=url)
    assert sum(r[3] for r in by_month) == int(api["incidents"].sum()) == 10
    # The co-occurrence query no longer claims fighting.
    cooccurrence = CANNED_QUERIES["nrf_vs_taliban_by_province_month"]
    assert "fight" not in cooccurrence["title"].lower() and "named together" in cooccurrence["title"]


def test_help_of_event_commands():
    for args in (
        ["query", "events"],
        ["query", "appointments"],
        ["export"],
        ["plot", "timeline"],
        ["plot", "map"],
    ):
        out = run(*args, "--help")
        assert "Usage:" in out and len(out) > 300
    assert "--actor1 NRF --actor2 Taliban --by province,month" in run("query", "events", "--help")
    assert "--province Baghlan --since 2022-01-01" in run("query", "appointments", "--help")
