"""The gazetteer: provinces, districts, places, armed groups and known commanders, loaded from `nlp/data/`.

The data files are version-controlled facts with their provenance in `nlp/data/README.md`; this
module turns them into typed entries and the alias table the tagger's phrase matchers are built from.
`entity_records()` yields the same entries as plain records for seeding the database.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_FILES = ("provinces.csv", "districts.csv", "places.csv", "groups.toml", "commanders.toml",
              "commanders_un1988.csv")

# Single-word place names that are also English words, person names, tribe names or foreign places:
# they only count with a cue ("X district", "X valley", "X, <province>", "district of X" ...).
RISKY_PLACE_WORDS = frozenset(["dara", "darah", "khas", "chak", "bala", "center", "markaz", "farsi", "kang", "bak", "tani", "kot", "chal", "reg", "nika", "dila", "omna", "nesh", "obe", "kiti", "giro", "andar", "daman", "dand", "shamal", "qalandar", "nari", "wama", "narang", "kama", "goshta", "gulistan", "panjab", "jaji", "zadran", "shinwari", "shinwar", "khogyani", "khugiani", "kakar", "nawa", "muqur", "tagab", "kohistan", "charsada", "charsadra", "khash", "ragh", "argo", "shaki", "shekay", "sabari", "spera", "musahi", "farza", "bangi", "shuhada", "zari", "mizan", "sayad", "sayyad", "azra", "kushk", "pech", "kalat", "gomal", "behsud", "duab", "bano", "rukha", "rokha", "gelan", "nawur", "waras", "dela", "neli", "naka", "obi", "tanai", "kott", "nish", "gyan", "gayan", "keti", "sheike", "narai", "baral", "urgo", "naish", "khader", "khadeu", "gero", "geero", "marof", "khushi", "espera", "borka", "kamah", "doab", "chaal", "panjai", "kitee", "obeh", "mezan", "nadali"]) | frozenset({
    "mohammad agha", "sayed karam", "shaikh ali", "shekh ali", "nadir shah kot", "dawlat shah", "dawlatshah",
    "zana khan", "zanakhan", "mata khan", "yahya khel", "musa khel", "ahmadabad", "ahmadaba", "ahmad aba",
    "khwaja umari", "sayed khel", "ali abad", "aliabad", "khan abad", "khanabad", "sayedabad", "saydabad",
    "sayed abad", "dawlat abad", "dawlatabad", "dawlatyar", "dawlat yar", "jani khel", "nad ali",
    "khwaja ghar", "hazrat-e-sultan", "imam sahib", "wal-e-muhammad-e-shahid", "yosuf khel", "yusuf khel",
    "sar kani", "bar kunar", "kot", "moqur", "dand ghori", "ghazi abad", "ghaziabad", "qara bagh", "qarabagh", "kohistan",
})

# Words that make a capitalised place name part of another thing when they follow it.
NOT_PLACE_AFTER = frozenset({"tribe", "tribes", "tribesmen", "tribal", "clan", "clans", "river", "bank", "basin", "airlines", "times", "declaration", "process",
                             "conference", "agreement", "accord", "accords", "university", "polytechnic",
                             "format", "dialogue", "club", "stadium", "corps", "brigade"})


@dataclass(frozen=True)
class EntityRecord:
    """One gazetteer entity, plain enough to seed the database `entities` table."""

    kind: str  # province | district | place | group | commander
    name: str
    aliases: tuple[str, ...] = ()
    pcode: str | None = None
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    group: str | None = None


@dataclass(frozen=True)
class Entry:
    """An entity as the tagger sees it: the record plus matching hints."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    pcode: str | None = None
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    group: str | None = None
    republic_group: str | None = None  # commanders: the group before August 2021, when it was another
    title: str | None = None
    role: str | None = None
    place_type: str | None = None  # district | city | valley | pass | crossing | dam | base | prison ...
    exact: tuple[str, ...] = ()  # case-sensitive aliases (acronyms)
    short: tuple[str, ...] = ()  # commanders: short names used after the first full mention
    alone: tuple[str, ...] = ()  # commanders: single names that identify the person anywhere ("Baradar")
    generic: tuple[str, ...] = ()  # groups: aliases resolved by context (bare "Taliban", "Islamic State")
    modifier: tuple[str, ...] = ()  # groups: a family name that is the group when used as a modifier ("a Haqqani cell")
    context: tuple[str, ...] = ()  # groups: ambiguous names that count only in a text about Afghanistan ("Jamiat")
    state: tuple[str, ...] = ()  # groups: "Afghan forces" and the like: whoever is the Afghan state at the time
    source: str = "curated"  # curated | un1988

    def record(self) -> EntityRecord:
        return EntityRecord(self.kind, self.name, tuple(dict.fromkeys((*self.aliases, *self.exact))),
                            self.pcode, self.province, self.lat, self.lon, self.group)


@dataclass
class Gazetteer:
    """All entries plus lookup tables; build one with `load_gazetteer()`."""

    entries: dict[str, Entry]
    version: str
    provinces: dict[str, Entry] = field(default_factory=dict)  # canonical name -> entry
    province_alias: dict[str, str] = field(default_factory=dict)  # lower alias -> canonical province
    # risky single names and their transliterations: need a cue ("X district", their province nearby)
    risky: frozenset[str] = frozenset(RISKY_PLACE_WORDS)

    def phrases(self) -> Iterator[tuple[str, str, bool]]:
        """(surface form, entry id, case-sensitive) for every spelling the matchers should know."""
        for entry in self.entries.values():
            for alias in (entry.name, *entry.aliases):
                if entry.kind == "commander" and len(alias.split()) < 2 and alias != entry.name:
                    continue  # single names are only resolved after a full mention (see short); a curated
                    # title + name ("Mullah Omar") is kept: with that title it names the person
                if entry.kind in ("province", "district", "place"):
                    forms = spelling_variants(alias, vowels=entry.kind != "province")
                elif entry.kind == "commander":
                    forms = name_variants(alias)
                else:
                    forms = group_variants(alias)
                for form in forms:
                    yield form, entry.id, False
            for alias in (*entry.exact, *entry.modifier):
                yield alias, entry.id, True
            for alias in entry.context:
                yield alias, entry.id, False
            for alias in entry.alone:
                yield alias, entry.id, False


def _connector_forms(alias: str) -> set[str]:
    """Write the Persian ezafe connector ("Sar-e Pol", "Sar-i-Pul", "Pule Khumri") and the 'and' connector
    ("Tala wa Barfak", "Tala-o-Barfak") every usual way."""
    out = set()
    parts = re.split(r"(?:\s*-\s*|\s+)(?:wa|o|va)(?:\s*-\s*|\s+)", alias, flags=re.IGNORECASE)
    if len(parts) == 2 and all(parts):
        for joiner in (" wa ", "-wa-", "-o-", " o ", " va "):
            out.add(joiner.join(parts))
    parts = re.split(r"(?:\s*-\s*|\s+)(?:e|i|ye|y|a|o)(?:\s*-\s*|\s+)", alias)
    if len(parts) < 2 or any(not p for p in parts):
        return out
    for joiner in ("-e-", "-i-", " e ", " i ", "-e ", "-i ", "e ", "i "):
        out.add(joiner.join(parts))
    return out


_KHWAJA = ("Khwaja", "Khaja", "Khoja", "Khuja", "Khwajah", "Khowaja", "Khawaja")
# word spellings that vary as a whole (a family is listed once, in lower case)
_WORD_FAMILIES = (("chahar", "char", "chehar"), ("shahr", "shaher", "shar"), ("asyab", "asiab", "asyaab"))
_SHORT_FAMILY = {"khel": ("Khel", "Kheil", "Khail", "Kheyl"), "kheil": ("Khel", "Kheil", "Khail", "Kheyl"),
                 "khail": ("Khel", "Kheil", "Khail", "Kheyl")}
_UDDIN = re.compile(r"(?:aw|a|o)?(?:u|o)dd?(?:i|ee)n$")


_ENGLISH_ENDINGS = ("es", "ed", "ing", "ers", "er", "ly", "ment", "ness", "tion", "est", "ies", "ous")


def _word_forms(word: str, person: bool = False, vowels: bool = True) -> set[str]:
    """Usual transliteration variants of one name word: Khwaja/Khaja/Khoja, -uddin/-udin/-auddin, ee/i, oo/u,
    -ai/-ay/-aee endings, doubled letters, -abad/ Abad. Short words are left alone (too many look-alikes)."""
    out = {word}
    low = word.lower()
    if len(low) < 5:
        return out
    cap = word[:1].isupper()

    def fix(w: str) -> str:
        return w[:1].upper() + w[1:] if cap else w

    if low in {k.lower() for k in _KHWAJA}:
        return set(_KHWAJA)
    for family in _WORD_FAMILIES:
        if low in family:
            return {fix(f) for f in family} | out
    m = _UDDIN.search(low)
    if m and m.start() >= 3:
        stem = low[:m.start()]
        for tail in ("uddin", "udin", "oddin", "uddeen", "awuddin", "auddin", "audin", "aodin"):
            out.add(fix(stem + tail))
    if low in _SHORT_FAMILY:
        return {fix(f) for f in _SHORT_FAMILY[low]} | out
    if len(low) < (5 if person else 6):
        return out  # "Weesh" must not become "Wish": vowel spellings only on longer words
    if "ee" in low:
        out.add(fix(low.replace("ee", "i")))
    elif re.search(r"[^aeiou]i[^aeiouy]$", low):
        out.add(fix(low[:-2] + "ee" + low[-1]))
    if "oo" in low:
        out.add(fix(low.replace("oo", "u")))
    elif re.search(r"[^aeiou]u[^aeiouy]$", low):
        out.add(fix(low[:-2] + "oo" + low[-1]))
    if not person and vowels:
        # one short vowel written the other way (Hisar/Hesar, Kohistan/Kohestan, Pashtun/Pashton), unless
        # that makes an English-looking word ("Badgis" must not become "Badges")
        for m in re.finditer(r"(?<=[b-df-hj-np-tv-z])[ieuo](?=[b-df-hj-np-tv-z])", low):
            swap = {"i": "e", "e": "i", "u": "o", "o": "u"}[m.group()]
            form = low[:m.start()] + swap + low[m.end():]
            if not form.endswith(_ENGLISH_ENDINGS) or low.endswith(_ENGLISH_ENDINGS):
                out.add(fix(form))
    for a, b in (("ayi", "ai"), ("ayi", "aee"), ("ayi", "ay"), ("ai", "aee"), ("ai", "ay"), ("ai", "ayi"),
                 ("ay", "ai"), ("ay", "aee"), ("aee", "ai"), ("aee", "ay"), ("aee", "ayi")):
        if low.endswith(a) and not person:
            out.add(fix(low[: -len(a)] + b))
    collapsed = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", low)
    if collapsed != low:
        out.add(fix(collapsed))
    if person:
        for group in (("mohammad", "muhammad", "mohammed", "muhammed", "mohamad"), ("ahmad", "ahmed"),
                      ("yousuf", "yusuf", "yousef", "yusef", "yosuf")):
            if low in group:
                out.update(fix(g) for g in group)
    elif low.endswith("abad") and len(low) > 6:
        out.add(fix(low[:-4]) + " Abad")
    return out


def _word_variant_forms(alias: str, person: bool = False, cap: int = 64, vowels: bool = True) -> set[str]:
    """Every combination (up to `cap`) of the word variants of a multi-part name."""
    parts = re.split(r"(\s+|-)", alias)
    options = [sorted(_word_forms(p, person, vowels)) if p.strip() and p != "-" else [p] for p in parts]
    out = {alias}
    for k, opts in enumerate(options):  # one word changed at a time: always kept
        for o in opts:
            out.add("".join(parts[:k]) + o + "".join(parts[k + 1:]))
    combos = [""]
    for opts in options:
        combos = [c + o for c in combos for o in opts][:cap]
    return out | set(combos)


def group_variants(alias: str) -> set[str]:
    """A group's name with its connectors written every usual way ("Jamiat-i Islami", "Jamiat e Islami") and
    without the function words the press drops ("Islamic Movement Uzbekistan")."""
    forms = {alias} | _connector_forms(alias)
    for form in list(forms):
        dropped = re.sub(r"\s+(?:of|the|of the)\s+", " ", form)
        if dropped != form and len(dropped.split()) >= 2:
            forms.add(dropped)
    return forms


def name_variants(alias: str) -> set[str]:
    """A person's name with its usual transliterations ("Abdul Mateen Qani" for "Abdul Matin Qani")."""
    return _word_variant_forms(alias, person=True, cap=12)


_SKELETON_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("w", "v"), ("z", "z"),
                      ("dh", "z"), ("th", "t"), ("sh", "s"), ("ch", "c"), ("j", "j"))


def name_skeleton(name: str) -> str:
    """A transliteration-blind key of a person's name: titles and trailing honorifics off, words run together,
    digraphs folded (kh/h as in Akhmad/Ahmad, q/k, w/v), vowels and doubled letters dropped after the first
    letter of each word. "Muhammad", "Mohammed" and "Mohammad" share one; so do "Abdulhaq" and "Abdul Haq"."""
    words = [w for w in re.split(r"[\s\-'’.]+", strip_title(name)) if w]
    while len(words) > 1 and words[-1].lower() in HONORIFIC_SUFFIXES:
        words = words[:-1]
    return "".join(_word_skeleton(w.lower()) for w in words)


def _word_skeleton(low: str) -> str:
    if not low.isascii():
        return low
    for a, b in _SKELETON_DIGRAPHS:
        low = low.replace(a, b)
    if not low:
        return ""
    first = "a" if low[0] in "aeiouy" else low[0]
    return re.sub(r"(.)\1+", r"\1", first + re.sub(r"[aeiouy]", "", low[1:]))


def fuzzy_key(name: str) -> str:
    """A place name folded for approximate matching: letters only, long vowels written one way (oo/u, ee/i),
    doubled letters single ("Sar-e-pool" and "Sar-e Pul" give "sarepul")."""
    low = re.sub(r"[^a-z]", "", name.lower())
    low = low.replace("oo", "u").replace("ee", "i").replace("ou", "u")
    return re.sub(r"(.)\1+", r"\1", low)


def spelling_variants(alias: str, vowels: bool = True) -> set[str]:
    """An alias plus its connector, hyphen, joined-up and transliteration spellings ("Tarin Kot", "Tarinkot",
    "Tarin-Kot"; "Khaja Bahauddin" for "Khwaja Bahawuddin")."""
    forms = _word_variant_forms(alias, vowels=vowels)
    for form in list(forms):
        forms |= _connector_forms(form)
    for form in list(forms):
        words = re.split(r"[\s-]+", form)
        if len(words) > 1 and len("".join(words)) >= 6 and not form.lower().endswith((" city", " district")):
            forms.add("".join(words[:1] + [w.lower() for w in words[1:]]))
            forms.add("-".join(words))
            forms.add(" ".join(words))
    return {f for f in forms if len(f) > 2}


def _data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def _split(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip()[:1].isalpha())


def _float(value: str) -> float | None:
    return float(value) if value not in ("", None) else None


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: str | None = None) -> Gazetteer:
    """Read every data file once (cached); `data_dir` lets tests point at fixture files."""
    root = Path(data_dir) if data_dir else _data_dir()
    digest = hashlib.sha1()
    for name in DATA_FILES:
        path = root / name
        if path.exists():
            digest.update(path.read_bytes())
    entries: dict[str, Entry] = {}
    gaz = Gazetteer(entries=entries, version=digest.hexdigest()[:12],
                    risky=frozenset(f.lower() for w in RISKY_PLACE_WORDS for f in spelling_variants(w)))

    with open(root / "provinces.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            e = Entry(id=f"province:{row['name']}", kind="province", name=row["name"],
                      aliases=_split(row["aliases"]), pcode=row["pcode"], province=row["name"],
                      lat=_float(row["lat"]), lon=_float(row["lon"]))
            entries[e.id] = e
            gaz.provinces[e.name] = e
            for a in (e.name, *e.aliases):
                for form in spelling_variants(a, vowels=False):
                    gaz.province_alias[form.lower()] = e.name

    with open(root / "districts.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            # "Kunduz city" is the province (a city named like its province), not the district's alias
            aliases = tuple(a for a in _split(row["aliases"]) if not (
                a.lower().endswith(" city") and a[:-5].lower() in gaz.province_alias))
            e = Entry(id=f"district:{row['pcode']}", kind="district", name=row["name"],
                      aliases=aliases, pcode=row["pcode"], province=row["province"],
                      lat=_float(row["lat"]), lon=_float(row["lon"]), place_type="district")
            entries[e.id] = e

    places = root / "places.csv"
    if places.exists():
        with open(places, encoding="utf-8") as fh:
            for row in csv.DictReader(row for row in fh if not row.startswith("#")):
                e = Entry(id=f"place:{row['name']}@{row['province']}", kind="place", name=row["name"],
                          aliases=_split(row["aliases"]), province=row["province"], lat=_float(row["lat"]),
                          lon=_float(row["lon"]), place_type=row["type"])
                entries[e.id] = e

    _fill_city_coordinates(entries)

    groups = root / "groups.toml"
    if groups.exists():
        for g in tomllib.loads(groups.read_text(encoding="utf-8")).get("group", []):
            e = Entry(id=f"group:{g['name']}", kind="group", name=g["name"], aliases=tuple(g.get("aliases", ())),
                      exact=tuple(g.get("acronyms", ())), generic=tuple(g.get("generic", ())),
                      modifier=tuple(g.get("modifier", ())), context=tuple(g.get("context", ())),
                      state=tuple(g.get("state", ())))
            entries[e.id] = e

    _load_commanders(root, entries)
    return gaz


def _fill_city_coordinates(entries: dict[str, Entry]) -> None:
    """A capital city without coordinates takes its district's centroid (same province, shared spelling)."""
    by_key: dict[tuple[str | None, str], Entry] = {}
    for e in entries.values():
        if e.kind == "district":
            for a in (e.name, *e.aliases):
                by_key.setdefault((e.province, a.lower()), e)
    for key, e in list(entries.items()):
        if e.kind == "place" and e.lat is None:
            d = next((by_key[(e.province, a.lower())] for a in (e.name, *e.aliases)
                      if (e.province, a.lower()) in by_key), None)
            if d is not None:
                entries[key] = dataclasses.replace(e, lat=d.lat, lon=d.lon, pcode=None)


def _load_commanders(root: Path, entries: dict[str, Entry]) -> None:
    curated: list[dict] = []
    path = root / "commanders.toml"
    if path.exists():
        curated = tomllib.loads(path.read_text(encoding="utf-8")).get("commander", [])
    by_ref = {c["un_ref"]: c for c in curated if c.get("un_ref")}
    un = root / "commanders_un1988.csv"
    if un.exists():
        with open(un, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                aliases = [a for a in _split(row["aliases"]) if not re.search(r"\b(Sahib|Saheb|Sahab)\b", a)]
                if row["un_ref"] in by_ref:
                    c = by_ref[row["un_ref"]]
                    c["aliases"] = list(dict.fromkeys([*c.get("aliases", []), row["name"], *aliases]))
                    continue
                titles = row["titles"].split(";") if row["titles"] else []
                name = _un_short_name(row["name"], aliases)
                # a long UN name is the person's name plus the father's: in news it is a run of several names
                full = (row["name"],) if name == row["name"] or len(row["name"].split()) < 5 else ()
                e = Entry(id=f"commander:{row['name']}", kind="commander", name=name,
                          aliases=tuple(a for a in (*aliases, *full) if len(a.split()) > 1 and a != name),
                          group="Haqqani Network" if "Haqqani" in row["name"] else "Taliban", source="un1988",
                          title=titles[0] if titles else None, role=row["post"] or None)
                entries[e.id] = e
    for c in curated:
        e = Entry(id=f"commander:{c['name']}", kind="commander", name=c["name"],
                  aliases=tuple(a for a in c.get("aliases", ()) if a),
                  group=c.get("group"), republic_group=c.get("republic_group"), title=c.get("title"),
                  role=c.get("role"), short=tuple(c.get("short", ())), alone=tuple(c.get("alone", ())))
        entries[e.id] = e


def _loose(s: str) -> str:
    s = re.sub(r"[^a-z]", "", s.lower())
    return re.sub(r"(.)\1", r"\1", s)


def _skeleton(s: str) -> str:
    """Consonants only ("Muhammad Qasim" and "Mohammed Qasim" agree)."""
    return re.sub(r"[aeiouy]", "", _loose(s))


def _un_short_name(full: str, aliases: list[str]) -> str:
    """UN names append the father's name ("Najibullah Haqqani Hidayatullah"); keep the person's own
    name when a listed alias confirms where it ends."""
    words = full.split()
    if len(words) < 4 and not (len(words) == 3 and words[-1].lower().endswith(("ullah", "uddin", "udin"))):
        return full  # "Gul Agha Ishakzai": a tribe or surname, not a father's name
    for k in range(len(words) - 1, 1, -1):
        prefix = " ".join(words[:k])
        if any(_loose(strip_title(a)) == _loose(prefix) or _skeleton(strip_title(a)) == _skeleton(prefix)
               for a in aliases):
            return prefix
    return full


TITLES = {
    "mullah": "Mullah", "mulla": "Mullah", "mollah": "Mullah", "mawlawi": "Mawlawi", "maulvi": "Mawlawi",
    "mawlavi": "Mawlawi", "maulavi": "Mawlawi", "molvi": "Mawlawi", "maulawi": "Mawlawi", "moulvi": "Mawlawi",
    "mawlana": "Mawlana", "maulana": "Mawlana", "qari": "Qari", "haji": "Haji", "hajji": "Haji", "alhaj": "Haji",
    "mufti": "Mufti", "sheikh": "Sheikh", "shaikh": "Sheikh", "commander": "Commander", "general": "General",
    "gen": "General", "gen.": "General", "marshal": "Marshal", "amir": "Amir", "emir": "Amir",
    "hafiz": "Hafiz", "sardar": "Sardar", "ustad": "Ustad", "dr": "Dr.", "dr.": "Dr.",
    "mowlawi": "Mawlawi", "molawi": "Mawlawi", "moulavi": "Mawlawi", "molavi": "Mawlawi", "mowlavi": "Mawlawi",
    "mawlvi": "Mawlawi", "colonel": "Colonel", "col.": "Colonel",
    # military ranks and their abbreviations ("Brig. Gen. X", "Lt. Col. Y")
    "brig": "General", "brig.": "General", "lt": "General", "maj": "Major", "maj.": "Major", "capt": "Captain",
    "capt.": "Captain",
    "col": "Colonel", "sgt": "Sergeant", "sgt.": "Sergeant",
    "brigadier": "General", "lt.": "General", "lieutenant": "General",
}


# Honorifics written after a name ("Haqqani Sahib", "General Sahib"): not part of the name.
HONORIFIC_SUFFIXES = frozenset({"sahib", "saheb", "sahab", "saab", "sb", "jan"})


def strip_title(name: str) -> str:
    """'Mullah Gul Agha' -> 'Gul Agha' (leading titles only)."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES or words and words[0].lower() in TITLES:
        if len(words) == 1:
            break
        words = words[1:]
    return " ".join(words)


def entity_records(data_dir: str | None = None) -> Iterator[EntityRecord]:
    """Every province, district, place, group and known commander, for seeding the entities table."""
    for entry in load_gazetteer(data_dir).entries.values():
        yield entry.record()


def iter_kind(gaz: Gazetteer, kind: str) -> Iterable[Entry]:
    return (e for e in gaz.entries.values() if e.kind == kind)
