"""A small research database with known counts, written through the real write path (models.store.Store).

Articles (sources lwj and amu), sentence by sentence; "s1"/"s2" below are sentence numbers:

    A1 lwj 2026-01-10  KABUL (dateline) | s1 NRF, Taliban, Rukha (Panjshir), Panjshir
                       | s2 Taliban, Mullah Abdul Example (Taliban, "governor of Baghlan"), Baghlan
    A2 amu 2026-01-20  a copy of A1 (duplicate_of = A1), same mentions
    A3 amu 2026-02-05  s1 NRF, Taliban, Andarab (Baghlan), Baghlan | s2 Kabul
    A4 lwj 2026-02-15  s1 Islamic State Khorasan Province, Jalalabad (Nangarhar), Nangarhar
                       | s2 Taliban, Mullah Abdul Example (Taliban, no role), Kabul
    A5 lwj 2025-12-30  s1 NRF, Taliban, Panjshir

Originals without datelines: 21 mentions (group 9, province 7, district 3, commander 2);
with the copy A2: 28; with datelines too: 30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from models.db import open_database
from models.store import Store
from pipeline.records import Article, Mention
from pipeline.settings import SourceSettings

PCODES = {"Panjshir": "AF08", "Baghlan": "AF09", "Kabul": "AF01", "Nangarhar": "AF06"}
GROUP_ALIASES = {
    "National Resistance Front": ["NRF"],
    "Taliban": ["Taleban"],
    "Islamic State Khorasan Province": ["ISKP", "IS-K"],
}
DISTRICTS = {"Rukha": "Panjshir", "Andarab": "Baghlan", "Jalalabad": "Nangarhar"}


def _entities() -> list[SimpleNamespace]:
    out = [
        SimpleNamespace(
            kind="province", name=n, aliases=[], pcode=p, province=n, lat=None, lon=None, group=None
        )
        for n, p in PCODES.items()
    ]
    out += [
        SimpleNamespace(
            kind="district", name=n, aliases=[], pcode=None, province=p, lat=None, lon=None, group=None
        )
        for n, p in DISTRICTS.items()
    ]
    out += [
        SimpleNamespace(
            kind="group", name=n, aliases=a, pcode=None, province=None, lat=None, lon=None, group=None
        )
        for n, a in GROUP_ALIASES.items()
    ]
    return out


GROUP_SURFACE = {
    "NRF": "National Resistance Front",
    "Taliban": "Taliban",
    "Islamic State Khorasan Province": "Islamic State Khorasan Province",
}


def _mentions(text: str, sentences: list[tuple[str, list[tuple[str, str, dict]]]]) -> list[Mention]:
    """Mentions located in `text`: per sentence, (surface, kind, extra fields)."""
    out = []
    for sentence, items in sentences:
        base = text.index(sentence)
        for surface, kind, extra in items:
            start = base + sentence.index(surface)
            name = extra.pop("name", GROUP_SURFACE.get(surface, surface))
            province = extra.pop("province", None)
            if kind == "province":
                province = name
            elif kind == "district":
                province = DISTRICTS[name]
            out.append(
                Mention(
                    kind=kind,
                    name=name,
                    text=surface,
                    start=start,
                    end=start + len(surface),
                    sentence=sentence,
                    province=province,
                    pcode=PCODES.get(name) if kind == "province" else None,
                    **extra,
                )
            )
    return out


def _articles() -> list[tuple[str, Article, list[Mention], str | None]]:
    """(source, article, mentions, key of the original if a copy)."""
    when = lambda *a: datetime(*a, tzinfo=UTC)
    a1_s1 = "NRF fighters attacked Taliban positions in Rukha district of Panjshir province."
    a1_s2 = "The Taliban appointed Mullah Abdul Example as governor of Baghlan."
    a1_text = f"KABUL - {a1_s1} {a1_s2}"
    a1_mentions = [
        Mention(
            kind="province",
            name="Kabul",
            text="KABUL",
            start=0,
            end=5,
            sentence="KABUL -",
            province="Kabul",
            pcode="AF01",
            role="dateline",
        ),
        *_mentions(
            a1_text,
            [
                (
                    a1_s1,
                    [
                        ("NRF", "group", {}),
                        ("Taliban", "group", {}),
                        ("Rukha", "district", {}),
                        ("Panjshir", "province", {}),
                    ],
                ),
                (
                    a1_s2,
                    [
                        ("Taliban", "group", {}),
                        (
                            "Abdul Example",
                            "commander",
                            {
                                "name": "Abdul Example",
                                "group": "Taliban",
                                "title": "Mullah",
                                "role": "governor of Baghlan",
                            },
                        ),
                        ("Baghlan", "province", {}),
                    ],
                ),
            ],
        ),
    ]
    a3_s1 = "NRF fighters ambushed a Taliban convoy in Andarab district of Baghlan province."
    a3_s2 = "Residents of Kabul reported calm."
    a3_text = f"{a3_s1} {a3_s2}"
    a4_s1 = "Islamic State Khorasan Province claimed a bombing in Jalalabad, the capital of Nangarhar."
    a4_s2 = "The Taliban said Mullah Abdul Example visited Kabul."
    a4_text = f"{a4_s1} {a4_s2}"
    a5_s1 = "NRF fighters attacked the Taliban in Panjshir."
    article = lambda source, key, title, text, published: Article(
        source=source,
        url=f"https://{source}.example/{key}",
        title=title,
        text=text,
        published=published,
        language="en",
    )
    return [
        (
            "lwj",
            article("lwj", "a1", "NRF attack in Panjshir", a1_text, when(2026, 1, 10, 8)),
            a1_mentions,
            None,
        ),
        (
            "amu",
            article("amu", "a2", "NRF attack in Panjshir (copy)", a1_text, when(2026, 1, 20, 9)),
            a1_mentions,
            "a1",
        ),
        (
            "amu",
            article("amu", "a3", "Ambush in Andarab", a3_text, when(2026, 2, 5, 12)),
            _mentions(
                a3_text,
                [
                    (
                        a3_s1,
                        [
                            ("NRF", "group", {}),
                            ("Taliban", "group", {}),
                            ("Andarab", "district", {}),
                            ("Baghlan", "province", {}),
                        ],
                    ),
                    (a3_s2, [("Kabul", "province", {})]),
                ],
            ),
            None,
        ),
        (
            "lwj",
            article("lwj", "a4", "Bombing in Jalalabad", a4_text, when(2026, 2, 15, 23, 30)),
            _mentions(
                a4_text,
                [
                    (
                        a4_s1,
                        [
                            ("Islamic State Khorasan Province", "group", {}),
                            ("Jalalabad", "district", {}),
                            ("Nangarhar", "province", {}),
                        ],
                    ),
                    (
                        a4_s2,
                        [
                            ("Taliban", "group", {}),
                            (
                                "Abdul Example",
                                "commander",
                                {"name": "Abdul Example", "group": "Taliban", "title": "Mullah"},
                            ),
                            ("Kabul", "province", {}),
                        ],
                    ),
                ],
            ),
            None,
        ),
        (
            "lwj",
            article("lwj", "a5", "Clash in Panjshir", a5_s1, when(2025, 12, 30, 18)),
            _mentions(
                a5_s1,
                [
                    (a5_s1, [("NRF", "group", {}), ("Taliban", "group", {}), ("Panjshir", "province", {})]),
                ],
            ),
            None,
        ),
    ]


@dataclass(frozen=True)
class ResearchDB:
    """The URL of the fixture database and the ids of its articles by key (a1...a5)."""

    url: str
    ids: dict[str, int]


def build_research_db(url: str) -> ResearchDB:
    """Write the fixture articles through Store (migrating the schema first)."""
    db = open_database(url)
    try:
        store = Store(db)
        store.seed_entities(_entities())
        sources = {
            name: store.ensure_source(
                SourceSettings(name=name, adapter=name, base_url=f"https://{name}.example")
            )
            for name in ("lwj", "amu")
        }
        ids: dict[str, int] = {}
        for source, article, mentions, original in _articles():
            key = article.url.rsplit("/", 1)[1]
            result = store.save(
                sources[source],
                article,
                mentions,
                tagger_version="test",
                duplicate_of=ids[original] if original else None,
            )
            ids[key] = result.article_id
    finally:
        db.dispose()
    return ResearchDB(url, ids)


@pytest.fixture
def research_db(db_url: str) -> ResearchDB:
    """The fixture database on SQLite (and PostgreSQL when FRONTWATCH_TEST_DATABASE_URL is set)."""
    return build_research_db(db_url)
