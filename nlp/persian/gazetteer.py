"""The Dari/Persian and Pashto gazetteer: every Persian-script spelling mapped to an entity of the English one.

Entities are the English gazetteer's (`nlp.gazetteer.load_gazetteer`): a Persian mention of a province, district,
place, group or person carries the same canonical name and P-code as an English one, so counts merge across
languages. The files under `nlp/persian/data/` only add spellings (see its README); office-holders not in the
English data are added with their usual English transliteration as the canonical name.

Spellings are folded with `nlp.persian.normalise.fold` and expanded at load time, never stored: spaced and joined
forms (`joined_forms`), and for Pashto the cross-spellings ګ/گ and a word-final ی/ې/ۍ (`pashto_variants`).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nlp.gazetteer import Entry, Gazetteer, load_gazetteer
from nlp.persian.normalise import fold, joined_forms, pashto_variants

DATA_FILES = ("places.csv", "groups.toml", "commanders.toml", "commanders_un1988.csv")

# Persian titles -> the title vocabulary of the English gazetteer (nlp.gazetteer.TITLES values).
TITLES = {
    "ملا": "Mullah", "ملا صاحب": "Mullah", "مولوی": "Mawlawi", "مولوی صاحب": "Mawlawi", "مولانا": "Mawlana",
    "قاری": "Qari", "حاجی": "Haji", "الحاج": "Haji", "حاجی صاحب": "Haji", "مفتی": "Mufti", "شیخ": "Sheikh",
    "جنرال": "General", "قوماندان": "Commander", "سرمعلم": "Sarmalim", "استاد": "Ustad", "داکتر": "Dr.",
    "دکتر": "Dr.", "حافظ": "Hafiz", "خلیفه": "Khalifa", "مارشال": "Marshal", "امیر": "Amir", "سردار": "Sardar",
    "انجنیر": "Engineer", "ډاکټر": "Dr.", "شیخ الحدیث": "Sheikh", "مولوي": "Mawlawi", "قاري": "Qari",
}
TITLE_FORMS = frozenset(fold(t) for t in TITLES)

# Look-alike names that another country also uses (Iran's Zabol and Nimruz county, Tajikistan's Badakhshan and its
# Pamir districts): they need an Afghan sentence when the text names that country.
LOOKALIKES = frozenset(fold(n) for n in ("زابل", "بدخشان", "نیمروز", "شغنان", "اشکاشم", "درواز", "واخان",
                                         "روشان", "وخان", "ونج", "درواز پایین", "درواز بالا", "خواهان"))

# Single district names that are ordinary words or common given names ("سنگین" heavy, "نوزاد" newborn,
# "جرم" crime): they count only with a district cue or their province right after them.
RISKY = frozenset(fold(n) for n in (
    "سنگین", "نوزاد", "گرم سیر", "گرمسیر", "جرم", "خاص", "دره", "کوهستان", "مرکز", "شهدا", "کوت", "کوټ", "چک",
    "دامان", "نیش", "ریگ", "معروف", "واشیر", "نرخ", "چرخ", "خوشی", "ازره", "کامه", "گوشته", "شیرزاد", "پریان",
    "دوشی", "بورکه", "نرنگ", "چوکی", "بهارک", "یاوان", "شکی", "خاش", "ارگو", "تگاب", "سالنگ", "جلریز", "بهسود",
    "شینواری", "شینوار", "خروار", "کشم", "دولت آباد", "علی آباد", "خان آباد", "امام صاحب", "قلعه", "بالا",
    "شاه جوی", "جانی خیل", "موسی خیل", "زرغون", "سروبی", "غوریان", "ناوه", "نوه", "دند", "قادس", "پشتون کوت",
    "خواجه غار", "ده بالا", "بغلان جدید", "سپیرا", "گیان", "مقر", "زیباک", "خنجان", "تاله", "گلران", "کهسان",
    "فارسی", "اوبه", "چشت", "پشتون زرغون", "کرخ", "شیندند", "ادرسکن", "کشک", "انار دره", "بالابلوک", "خاکسفید",
    "لعل", "شهرستان", "پنجاب", "ورث", "سیغان", "کهمرد", "میوند", "ارغنداب", "میانشین", "غورک", "ژړی", "دیشو",
    "باغران", "کجکی", "رودات", "نازیان", "حصارک", "کوز کنر", "چپر هار", "اچین", "شیگل", "مروره", "دانگام",
    "اسمار", "غازی آباد", "ناری", "ناړی", "وایگل", "برگ متال", "مندول", "دوآب", "نورگرام", "کامدیش", "پارون",
    "چمکنی", "جاجی", "زرمت", "سید کرم", "احمد آباد", "گردیز", "شواک", "جانی خیل", "لجه منگل", "یحیی خیل",
    "گومل", "ارگون", "برمل", "سروضه", "اومنه", "مته خان", "یوسف خیل", "زیروک", "نکه", "ترو", "سپین",
    "علیشنگ", "الینگار", "دولت شاه", "قرغه یی", "بادپخ", "عزیز آباد",
))


@dataclass
class PersianGazetteer:
    """The English entities plus a table from folded Persian-script spellings to entity ids."""

    entries: dict[str, Entry]
    version: str
    phrases: dict[str, set[str]] = field(default_factory=dict)  # folded form -> entry ids
    generic: dict[str, set[str]] = field(default_factory=dict)  # group id -> forms the context may reassign
    short: dict[str, set[str]] = field(default_factory=dict)  # folded single name -> commander ids
    strict: set[str] = field(default_factory=set)  # commander ids whose names need a title or a group nearby
    provinces: dict[str, Entry] = field(default_factory=dict)

    def add(self, form: str, entry_id: str, pashto: bool = True) -> None:
        """One spelling of an entity, with its spaced/joined and Pashto cross-spellings."""
        base = fold(form)
        if len(base) < 2:
            return
        forms = {v for f in joined_forms(base) for v in (pashto_variants(f) if pashto else {f})}
        for f in forms:
            self.phrases.setdefault(f, set()).add(entry_id)


def _data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def _split(value: str) -> list[str]:
    return [v for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=4)
def load_persian_gazetteer(data_dir: str | None = None) -> PersianGazetteer:
    """Read the Persian data files once (cached) over the English gazetteer's entities."""
    base: Gazetteer = load_gazetteer()
    root = Path(data_dir) if data_dir else _data_dir()
    digest = hashlib.sha1(base.version.encode())
    for name in DATA_FILES:
        if (root / name).exists():
            digest.update((root / name).read_bytes())
    gaz = PersianGazetteer(entries=dict(base.entries), version=digest.hexdigest()[:12],
                           provinces=dict(base.provinces))
    with open(root / "places.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["entity"] not in gaz.entries:
                continue
            for form in _split(row["fa"]) + _split(row["ps"]):
                gaz.add(form, row["entity"])
    groups = tomllib.loads((root / "groups.toml").read_text(encoding="utf-8")).get("group", [])
    for g in groups:
        entry_id = f"group:{g['name']}"
        if entry_id not in gaz.entries:
            raise ValueError(f"{root / 'groups.toml'}: {g['name']!r} is not a group of the English gazetteer")
        for form in (*g.get("fa", ()), *g.get("ps", ())):
            gaz.add(form, entry_id)
        gaz.generic[entry_id] = {v for f in g.get("generic", ()) for j in joined_forms(fold(f))
                                 for v in pashto_variants(j)}
    by_name = {e.name: e for e in gaz.entries.values() if e.kind == "commander"}
    path = root / "commanders_un1988.csv"
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                e = by_name.get(row["name"])
                if e is None or not row["name_fa"] or len(row["name_fa"].split()) < 2:
                    continue
                gaz.add(row["name_fa"], e.id)
                if e.source == "un1988":
                    gaz.strict.add(e.id)
    for c in tomllib.loads((root / "commanders.toml").read_text(encoding="utf-8")).get("commander", []):
        e = by_name.get(c["name"])
        if e is None:
            if not c.get("group"):
                raise ValueError(f"{root / 'commanders.toml'}: {c['name']!r} is not in the English data and has "
                                 "no group")
            e = Entry(id=f"commander:{c['name']}", kind="commander", name=c["name"], group=c["group"],
                      role=c.get("role"), title=c.get("title"), source="frontwatch-fa")
            gaz.entries[e.id] = e
            by_name[e.name] = e
        gaz.strict.discard(e.id)  # named by hand: the full name is enough
        for form in (*c.get("fa", ()), *c.get("ps", ())):
            gaz.add(form, e.id)
        for s in c.get("short", ()):
            for v in pashto_variants(fold(s)):
                gaz.short.setdefault(v, set()).add(e.id)
    return gaz


def entry_with(entry: Entry, **changes: object) -> Entry:
    return dataclasses.replace(entry, **changes)  # type: ignore[arg-type]
