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

Coded events (hand-made `Event` records, not the coder's output), by the article that reports them;
"->" is actor1 -> actor2, dates are event dates:

    A1 s1 2026-01-09 Armed clash      NRF -> Taliban  Panjshir/Rukha (point)   3 killed (NRF; 5 per locals)
    A1 s2 2026-01-08 Appointment      Taliban: Abdul Example, governor of Baghlan
    A2    the same two events, stored for the copy but linked to no incident
    A3    2026-02-04 Armed clash      NRF -> Taliban  Baghlan/Andarab (point)  2 killed  } one incident,
    A6    2026-02-04 Armed clash      NRF -> Taliban  Baghlan/Andarab (point)  4 killed  } two reports
    A4    2026-02-15 Remote explosive Islamic State Khorasan Province -> Civilians; Taliban
                                      Nangarhar/Jalalabad (point)  7 killed, 12 injured, claimed
    A5    2025-12-30 Armed clash      NRF -> Taliban  Panjshir (province only, no point), no toll
    A7    1997-01-01 Armed clash      NRF -> Taliban  Panjshir, historical (year precision)
    A8    2026-01-19 Armed clash      Taliban -> NRF  Panjshir/Khinj (point)   1 killed
    A9    2026-02-20 Dismissal        Taliban: Abdul Example, governor of Baghlan
    A10   2022-03-01 Appointment      Taliban: Qari Example One, governor of Baghlan
    A11   2021-05-01 Appointment      Government of Afghanistan: Mohammad Former, governor of Baghlan
    A12   2023-04-09 Appointment      Taliban: Mawlawi Other, governor of Panjshir

A6 to A12 have no mentions, so the mention counts above are unchanged by them. Current incidents of
originals: Panjshir 4 (A1 s1, A5, A8, A12), Baghlan 5 (A3+A6, A1 s2, A9, A10, A11), Nangarhar 1 (A4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from models.db import open_database
from models.store import Store
from pipeline.records import Article, CasualtyFigure, Event, EventActor, Mention
from pipeline.settings import SourceSettings

PCODES = {"Panjshir": "AF08", "Baghlan": "AF09", "Kabul": "AF01", "Nangarhar": "AF06"}
PROVINCE_ALIASES = {"Panjshir": ["Panjsher"]}
GROUP_ALIASES = {
    "National Resistance Front": ["NRF"],
    "Taliban": ["Taleban"],
    "Islamic State Khorasan Province": ["ISKP", "IS-K"],
}
DISTRICTS = {"Rukha": "Panjshir", "Andarab": "Baghlan", "Jalalabad": "Nangarhar"}


def _entities() -> list[SimpleNamespace]:
    out = [
        SimpleNamespace(
            kind="province",
            name=n,
            aliases=PROVINCE_ALIASES.get(n, []),
            pcode=p,
            province=n,
            lat=None,
            lon=None,
            group=None,
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


NRF, TALIBAN, ISKP = "National Resistance Front", "Taliban", "Islamic State Khorasan Province"


def _event(text: str, sentence: str, event_type: str, sub_event_type: str, **fields) -> Event:
    """An event coded from `sentence` of `text`; `actors` is ((name, side), ...)."""
    start = text.index(sentence)
    actors = tuple(EventActor(name, side) for name, side in fields.pop("actors", ()))
    figures = tuple(CasualtyFigure(*f) for f in fields.pop("figures", ()))
    return Event(
        event_type=event_type,
        sub_event_type=sub_event_type,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        actors=actors,
        figures=figures,
        date_precision=fields.pop("date_precision", "day"),
        method="test",
        confidence=0.9,
        **fields,
    )


def _clash(text: str, sentence: str, when: date, side1: str, side2: str, **fields) -> Event:
    return _event(
        text, sentence, "Battles", "Armed clash", date=when, actors=((side1, 1), (side2, 2)), **fields
    )


def _tenure(
    text: str,
    sentence: str,
    sub_event_type: str,
    when: date,
    group: str,
    person: str,
    post: str,
    province: str,
) -> Event:
    return _event(
        text,
        sentence,
        "Strategic developments",
        sub_event_type,
        date=when,
        actors=((group, 1),),
        appointee=person,
        post=post,
        province=province,
        geo_precision=3,
    )


def _events_of(articles: dict[str, Article]) -> dict[str, list[Event]]:
    """The coded events of the fixture articles (by key), as the coder would hand them to Store.save."""
    text = {key: a.text for key, a in articles.items()}
    a1 = [
        _clash(
            text["a1"],
            "NRF fighters attacked Taliban positions in Rukha district of Panjshir province.",
            date(2026, 1, 9),
            NRF,
            TALIBAN,
            province="Panjshir",
            district="Rukha",
            pcode="AF0802",
            lat=35.22,
            lon=69.5,
            geo_precision=2,
            fatalities=3,
            fatality_source="NRF",
            figures=(("killed", 3, "NRF", "three Taliban"), ("killed", 5, "local sources", "five")),
        ),
        _tenure(
            text["a1"],
            "The Taliban appointed Mullah Abdul Example as governor of Baghlan.",
            "Appointment",
            date(2026, 1, 8),
            TALIBAN,
            "Abdul Example",
            "governor of Baghlan",
            "Baghlan",
        ),
    ]
    andarab = {"province": "Baghlan", "district": "Andarab", "lat": 35.64, "lon": 69.27, "geo_precision": 2}
    return {
        "a1": a1,
        "a2": a1,
        "a3": [
            _clash(
                text["a3"],
                "NRF fighters ambushed a Taliban convoy in Andarab district of Baghlan province.",
                date(2026, 2, 4),
                NRF,
                TALIBAN,
                fatalities=2,
                **andarab,
            )
        ],
        "a6": [_clash(text["a6"], text["a6"], date(2026, 2, 4), NRF, TALIBAN, fatalities=4, **andarab)],
        "a4": [
            _event(
                text["a4"],
                "Islamic State Khorasan Province claimed a bombing in Jalalabad, the capital of Nangarhar.",
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
                date=date(2026, 2, 15),
                actors=((ISKP, 1), ("Civilians", 2), (TALIBAN, 2)),
                claimed_by=ISKP,
                report_status="claimed",
                province="Nangarhar",
                district="Jalalabad",
                lat=34.43,
                lon=70.45,
                geo_precision=2,
                fatalities=7,
                injured=12,
            )
        ],
        "a5": [
            _clash(
                text["a5"], text["a5"], date(2025, 12, 30), NRF, TALIBAN, province="Panjshir", geo_precision=3
            )
        ],
        "a7": [
            _clash(
                text["a7"],
                text["a7"],
                date(1997, 1, 1),
                NRF,
                TALIBAN,
                province="Panjshir",
                geo_precision=3,
                date_precision="year",
                historical=True,
            )
        ],
        "a8": [
            _clash(
                text["a8"],
                text["a8"],
                date(2026, 1, 19),
                TALIBAN,
                NRF,
                province="Panjshir",
                district="Khinj",
                lat=35.43,
                lon=69.73,
                geo_precision=2,
                fatalities=1,
            )
        ],
        "a9": [
            _tenure(
                text["a9"],
                text["a9"],
                "Dismissal",
                date(2026, 2, 20),
                TALIBAN,
                "Abdul Example",
                "governor of Baghlan",
                "Baghlan",
            )
        ],
        "a10": [
            _tenure(
                text["a10"],
                text["a10"],
                "Appointment",
                date(2022, 3, 1),
                TALIBAN,
                "Qari Example One",
                "governor of Baghlan",
                "Baghlan",
            )
        ],
        "a11": [
            _tenure(
                text["a11"],
                text["a11"],
                "Appointment",
                date(2021, 5, 1),
                "Government of Afghanistan",
                "Mohammad Former",
                "governor of Baghlan",
                "Baghlan",
            )
        ],
        "a12": [
            _tenure(
                text["a12"],
                text["a12"],
                "Appointment",
                date(2023, 4, 9),
                TALIBAN,
                "Mawlawi Other",
                "governor of Panjshir",
                "Panjshir",
            )
        ],
    }


def _event_articles() -> list[tuple[str, Article]]:
    """(source, article) of the articles that carry events only (no mentions)."""
    when = lambda *a: datetime(*a, tzinfo=UTC)
    items = [
        (
            "lwj",
            "a6",
            "Taliban convoy hit in Andarab",
            "Taliban officials said NRF fighters attacked a convoy in Andarab on Wednesday, killing four.",
            when(2026, 2, 6, 7),
        ),
        (
            "amu",
            "a7",
            "Panjshir remembers",
            "In 1997 the resistance ambushed Taliban forces in Panjshir.",
            when(2026, 1, 25, 10),
        ),
        (
            "amu",
            "a8",
            "Raid in Khinj",
            "Taliban forces raided NRF hideouts in Khinj district, killing one.",
            when(2026, 1, 20, 6),
        ),
        (
            "lwj",
            "a9",
            "Baghlan governor removed",
            "The Taliban removed Mullah Abdul Example as governor of Baghlan on Friday.",
            when(2026, 2, 21, 9),
        ),
        (
            "lwj",
            "a10",
            "New Baghlan governor",
            "The Taliban named Qari Example One governor of Baghlan.",
            when(2022, 3, 2, 12),
        ),
        (
            "amu",
            "a11",
            "Ghani names governor",
            "President Ghani appointed Mohammad Former as governor of Baghlan.",
            when(2021, 5, 2, 12),
        ),
        (
            "amu",
            "a12",
            "Panjshir governor",
            "The Taliban appointed Mawlawi Other as governor of Panjshir.",
            when(2023, 4, 10, 8),
        ),
    ]
    return [
        (
            source,
            Article(
                source=source,
                url=f"https://{source}.example/{key}",
                title=title,
                text=body,
                published=published,
                language="en",
            ),
        )
        for source, key, title, body, published in items
    ]


@dataclass(frozen=True)
class ResearchDB:
    """The URL of the fixture database and the ids of its articles by key (a1...a12)."""

    url: str
    ids: dict[str, int]


def build_research_db(url: str) -> ResearchDB:
    """Write the fixture articles, their mentions and events through Store (migrating the schema first)."""
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
        items = [(source, article, mentions, original) for source, article, mentions, original in _articles()]
        items += [(source, article, [], None) for source, article in _event_articles()]
        coded = _events_of({article.url.rsplit("/", 1)[1]: article for _s, article, _m, _o in items})
        ids: dict[str, int] = {}
        for source, article, mentions, original in items:
            key = article.url.rsplit("/", 1)[1]
            result = store.save(
                sources[source],
                article,
                mentions,
                tagger_version="test",
                duplicate_of=ids[original] if original else None,
                events=coded[key],
            )
            ids[key] = result.article_id
    finally:
        db.dispose()
    return ResearchDB(url, ids)


@pytest.fixture
def research_db(db_url: str) -> ResearchDB:
    """The fixture database on SQLite (and PostgreSQL when FRONTWATCH_TEST_DATABASE_URL is set)."""
    return build_research_db(db_url)
