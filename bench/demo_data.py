"""Build a synthetic but plausible frontwatch database: for the benchmark, the README figures and demos.

    python bench/demo_data.py --out demo.db --mentions 50000
    python bench/demo_data.py --url postgresql+psycopg://postgres@127.0.0.1:5432/demo --mentions 20000

Everything is generated from a seeded random generator: the outlets, provinces and armed groups are real
names, the articles, sentences, commanders (named "Commander Alpha" and so on) and events are invented.
Activity follows rough real-world patterns (resistance fronts in the north-east, IS-K in the east, the
Taliban everywhere) so the charts look like what a researcher would see, not like noise.
Rows are bulk-inserted with SQLAlchemy Core into a schema created by the real migrations, then the rollup
tables (`models.rollup`) are rebuilt from them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from models.db import open_database
from models.rollup import rebuild_rollups
from models.schema import Article, Entity, Mention, Source

SOURCES = [
    ("longwarjournal", "https://www.longwarjournal.org", 3),
    ("amu", "https://amu.tv", 4),
    ("kabulnow", "https://kabulnow.com", 3),
    ("afintl", "https://www.afintl.com/en", 3),
    ("8am", "https://8am.media/eng", 2),
]

# Districts per province (real district names), used as places of the events.
DISTRICTS = {
    "Panjshir": ["Rukha", "Dara", "Bazarak", "Anaba", "Khenj", "Shutul", "Paryan", "Abshar"],
    "Baghlan": ["Andarab", "Khost wa Fereng", "Pul-e Khumri", "Deh Salah", "Khinjan", "Pul-e Hesar"],
    "Takhar": ["Taloqan", "Farkhar", "Warsaj", "Eshkamesh"],
    "Badakhshan": ["Fayzabad", "Jurm", "Wardoj", "Keshem", "Darwaz"],
    "Parwan": ["Charikar", "Salang", "Jabal Saraj", "Shinwari"],
    "Kapisa": ["Tagab", "Nijrab", "Alasay", "Mahmud Raqi"],
    "Kabul": ["Paghman", "Shakardara", "Surobi", "Deh Sabz", "Bagrami"],
    "Nangarhar": ["Jalalabad", "Achin", "Khogyani", "Chaparhar", "Bati Kot"],
    "Kunar": ["Asadabad", "Chawkay", "Dangam", "Marawara"],
    "Helmand": ["Lashkar Gah", "Sangin", "Musa Qala", "Nad-e Ali", "Garmsir"],
    "Kandahar": ["Spin Boldak", "Arghandab", "Panjwai", "Daman"],
    "Balkh": ["Mazar-e Sharif", "Chimtal", "Balkh", "Dehdadi"],
    "Kunduz": ["Imam Sahib", "Chahar Dara", "Dasht-e Archi", "Khanabad"],
    "Samangan": ["Dara-e Suf Bala", "Aybak"],
    "Laghman": ["Mihtarlam", "Alishing", "Alingar"],
    "Logar": ["Pul-e Alam", "Mohammad Agha", "Baraki Barak"],
    "Ghazni": ["Andar", "Qarabagh", "Jaghori", "Giro"],
    "Wardak": ["Maidan Shahr", "Sayed Abad", "Jalrez"],
    "Herat": ["Guzara", "Shindand", "Injil"],
    "Faryab": ["Maymana", "Almar", "Qaysar"],
    "Sar-e Pol": ["Sayad", "Balkhab"],
    "Khost": ["Sabari", "Tani"],
    "Paktia": ["Zurmat", "Gardez"],
    "Paktika": ["Orgun", "Barmal"],
    "Nuristan": ["Kamdesh", "Barg-e Matal"],
}

#: group -> (weight, provinces it operates in, with weights)
GROUPS = {
    "National Resistance Front": (
        5,
        {
            "Panjshir": 8,
            "Baghlan": 5,
            "Takhar": 3,
            "Badakhshan": 2,
            "Parwan": 3,
            "Kapisa": 2,
            "Kabul": 1,
            "Samangan": 1,
            "Sar-e Pol": 1,
        },
    ),
    "Afghanistan Freedom Front": (
        2,
        {
            "Kabul": 3,
            "Parwan": 2,
            "Kapisa": 2,
            "Kandahar": 2,
            "Helmand": 1,
            "Faryab": 2,
            "Balkh": 2,
            "Laghman": 1,
        },
    ),
    "Islamic State Khorasan Province": (
        3,
        {"Nangarhar": 5, "Kabul": 4, "Kunar": 3, "Kunduz": 1, "Balkh": 1, "Herat": 1},
    ),
    "Tehrik-i-Taliban Pakistan": (1, {"Khost": 3, "Paktika": 3, "Kunar": 2, "Nangarhar": 2, "Paktia": 1}),
    "al-Qaeda": (1, {"Kabul": 2, "Kunar": 1, "Nuristan": 1, "Helmand": 1, "Ghazni": 1}),
}
OPPONENT = "Taliban"
ALIASES = {
    "National Resistance Front": ["NRF", "National Resistance Front of Afghanistan"],
    "Afghanistan Freedom Front": ["AFF"],
    "Islamic State Khorasan Province": ["ISKP", "IS-K", "ISIS-K"],
    "Tehrik-i-Taliban Pakistan": ["TTP"],
    "Taliban": ["Islamic Emirate", "Taleban"],
}

VERBS = [
    "attacked",
    "ambushed",
    "clashed with",
    "killed two members of",
    "raided a checkpoint of",
    "targeted a convoy of",
    "claimed an attack on",
]
TITLES = ["Mullah", "Mawlawi", "Qari", "General", "Commander"]
ROLES = [
    "governor of {province}",
    "police chief of {province}",
    "military commander in {province}",
    "intelligence chief of {province}",
    "deputy governor of {province}",
]
GREEK = [
    "Alpha",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliett",
    "Kilo",
    "Lima",
    "Mike",
    "November",
    "Oscar",
    "Papa",
    "Quebec",
    "Romeo",
    "Sierra",
    "Tango",
    "Uniform",
    "Victor",
    "Whiskey",
    "Xray",
    "Yankee",
    "Zulu",
]

START = datetime(2022, 1, 1, tzinfo=UTC)
END = datetime(2026, 11, 1, tzinfo=UTC)


def _provinces() -> list[dict]:
    path = Path(__file__).resolve().parents[1] / "models" / "data" / "provinces.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    out = []
    for f in features:
        ring = (
            f["geometry"]["coordinates"][0]
            if f["geometry"]["type"] == "Polygon"
            else f["geometry"]["coordinates"][0][0]
        )
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        out.append(
            {"name": f["properties"]["name"], "pcode": f["properties"]["pcode"], "lat": lat, "lon": lon}
        )
    return out


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Text:
    """An article body built sentence by sentence, recording the offsets of each mention."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.mentions: list[dict] = []

    def sentence(self, template: list[tuple[str, dict | None]]) -> None:
        sentence = "".join(piece for piece, _ in template)
        offset = self.length + (1 if self.parts else 0)
        pos = offset
        for piece, mention in template:
            if mention is not None:
                self.mentions.append(
                    {**mention, "start": pos, "end": pos + len(piece), "text": piece, "sentence": sentence}
                )
            pos += len(piece)
        self.parts.append(sentence)
        self.length = offset + len(sentence)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def generate(mentions: int, seed: int = 7) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(sources, entities, articles, mentions) rows; about `mentions` mentions in total."""
    rng = random.Random(seed)
    provinces = _provinces()
    sources = [
        {"id": i + 1, "name": n, "adapter": n, "base_url": u, "created_at": START}
        for i, (n, u, _w) in enumerate(SOURCES)
    ]
    entities: list[dict] = []
    ids: dict[tuple[str, str], int] = {}

    def entity(kind: str, name: str, **fields: object) -> int:
        key = (kind, name)
        if key not in ids:
            ids[key] = len(entities) + 1
            entities.append(
                {
                    "id": ids[key],
                    "kind": kind,
                    "name": name,
                    "aliases": [],
                    "pcode": None,
                    "province": None,
                    "lat": None,
                    "lon": None,
                    "group_name": None,
                    "origin": "gazetteer",
                    **fields,
                }
            )
        return ids[key]

    for p in provinces:
        entity("province", p["name"], pcode=p["pcode"], province=p["name"], lat=p["lat"], lon=p["lon"])
    for province, districts in DISTRICTS.items():
        for d in districts:
            entity("district", d, province=province)
    for g in [*GROUPS, OPPONENT]:
        entity("group", g, aliases=ALIASES.get(g, []))
    commanders = []
    for i, name in enumerate(GREEK):
        group = OPPONENT if i % 3 else rng.choice(list(GROUPS)[:2])
        province = rng.choice(list(DISTRICTS))
        role = (
            rng.choice(ROLES).format(province=province) if group == OPPONENT else f"commander in {province}"
        )
        commanders.append((f"Commander {name}", rng.choice(TITLES), group, role, province))
        entity("commander", f"Commander {name}", group_name=group)
    entity("place", "Kabul city", province="Kabul", lat=34.53, lon=69.17)

    source_weights = {s["id"]: w for s, (_n, _u, w) in zip(sources, SOURCES)}
    group_weights = {g: w for g, (w, _p) in GROUPS.items()}
    span_days = (END - START).days
    articles: list[dict] = []
    rows: list[dict] = []
    originals: list[int] = []
    while len(rows) < mentions:
        article_id = len(articles) + 1
        # Activity grows over time and peaks in the fighting season (April-October).
        while True:
            day = rng.randrange(span_days)
            when = START + timedelta(days=day, seconds=rng.randrange(86400))
            season = 1.0 if 4 <= when.month <= 10 else 0.55
            if rng.random() < season * (0.5 + day / span_days):
                break
        text = _Text()
        dateline_province = "Kabul" if rng.random() < 0.6 else None
        if dateline_province:
            text.sentence(
                [
                    ("KABUL", {"kind": "province", "entity": ids[("province", "Kabul")], "role": "dateline"}),
                    (" -", None),
                ]
            )
        events = 1 + (rng.random() < 0.45)
        title = ""
        for _ in range(events):
            group = _pick(rng, group_weights)
            province = _pick(rng, GROUPS[group][1])
            district = rng.choice(DISTRICTS.get(province, [province]))
            verb = rng.choice(VERBS)
            attacker, target = (group, OPPONENT) if rng.random() < 0.8 else (OPPONENT, group)
            pieces: list[tuple[str, dict | None]] = [
                (attacker, {"kind": "group", "entity": ids[("group", attacker)]}),
                (f" fighters {verb} ", None),
                (target, {"kind": "group", "entity": ids[("group", target)]}),
                (" forces in ", None),
            ]
            if ("district", district) in ids:
                pieces += [
                    (district, {"kind": "district", "entity": ids[("district", district)]}),
                    (" district of ", None),
                ]
            pieces += [
                (province, {"kind": "province", "entity": ids[("province", province)]}),
                (" province, local sources said.", None),
            ]
            text.sentence(pieces)
            title = title or f"{attacker} {verb} {target} in {province}"
        if rng.random() < 0.35:
            name, ctitle, cgroup, role, cprov = rng.choice(commanders)
            text.sentence(
                [
                    (f"{ctitle} ", None),
                    (
                        name,
                        {
                            "kind": "commander",
                            "entity": ids[("commander", name)],
                            "group": cgroup,
                            "title": ctitle,
                            "role": role,
                        },
                    ),
                    (f", the {cgroup} {role.split(' of ')[0].split(' in ')[0]} of ", None),
                    (cprov, {"kind": "province", "entity": ids[("province", cprov)]}),
                    (", confirmed the fighting.", None),
                ]
            )
        other = rng.choice(provinces)["name"]
        text.sentence(
            [
                ("Residents of ", None),
                (other, {"kind": "province", "entity": ids[("province", other)]}),
                (" reported rising prices and displacement.", None),
            ]
        )
        duplicate_of = rng.choice(originals[-200:]) if originals and rng.random() < 0.05 else None
        if duplicate_of is None:
            originals.append(article_id)
        source_id = _pick(rng, source_weights)
        articles.append(
            {
                "id": article_id,
                "source_id": source_id,
                "url": f"{sources[source_id - 1]['base_url']}/news/{when:%Y/%m}/{article_id}",
                "fetched_url": None,
                "title": title,
                "authors": [],
                "tags": [],
                "published_at": when,
                "fetched_at": when,
                "language": "en",
                "text": text.text,
                "raw_html": None,
                "content_hash": f"{article_id:064x}",
                "extraction_method": "metadata",
                "signature": None,
                "duplicate_of": duplicate_of,
                "tagged_at": when,
                "tagger_version": "demo",
                "run_id": None,
            }
        )
        for m in text.mentions:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "article_id": article_id,
                    "entity_id": m["entity"],
                    "kind": m["kind"],
                    "start": m["start"],
                    "end": m["end"],
                    "text": m["text"],
                    "sentence": m["sentence"],
                    "method": "gazetteer",
                    "role": m.get("role"),
                    "title": m.get("title"),
                    "group_name": m.get("group"),
                    "tagger_version": "demo",
                }
            )
    return sources, entities, articles, rows


def _column_names(row: dict) -> dict:
    """The ORM attribute `group_name` is the column `group`."""
    out = dict(row)
    out["group"] = out.pop("group_name")
    return out


def build(url: str, mentions: int, seed: int = 7) -> dict[str, int]:
    """Create (migrate) the database at `url` and fill it; returns row counts."""
    sources, entities, articles, rows = generate(mentions, seed)
    db = open_database(url)
    try:
        with db.engine.begin() as conn:
            conn.execute(insert(Source.__table__), sources)
            conn.execute(insert(Entity.__table__), [_column_names(e) for e in entities])
            for i in range(0, len(articles), 20000):
                conn.execute(insert(Article.__table__), articles[i : i + 20000])
            for i in range(0, len(rows), 50000):
                conn.execute(insert(Mention.__table__), [_column_names(r) for r in rows[i : i + 50000]])
            if db.dialect == "postgresql":  # rows came with their ids: move the sequences past them
                for table in ("sources", "entities", "articles", "mentions"):
                    conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                         f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)")
        # Bulk inserts bypass models.store, which keeps the rollups as it writes: fill them once here.
        rebuild_rollups(db)
        if db.dialect == "sqlite":
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
    finally:
        db.dispose()
    return {
        "sources": len(sources),
        "entities": len(entities),
        "articles": len(articles),
        "mentions": len(rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="SQLite file to create (replaced if it exists)")
    target.add_argument("--url", help="SQLAlchemy URL of an empty database")
    parser.add_argument(
        "--mentions", type=int, default=50_000, help="about how many mentions (default 50000)"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    url = args.url
    if args.out:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{args.out}"
    started = time.perf_counter()
    counts = build(url, args.mentions, args.seed)
    print(
        f"built {url} in {time.perf_counter() - started:.1f}s: "
        + ", ".join(f"{v} {k}" for k, v in counts.items()),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
