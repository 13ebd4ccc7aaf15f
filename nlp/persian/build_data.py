"""Regenerate `nlp/persian/data/places.csv` and `commanders_un1988.csv` from the public source tables.

A developer tool, never run by the tagger: `python -m nlp.persian.build_data /path/to/shared/data`.
It reads the OCHA/AGCHO district gazetteer (Dari names of the 399 districts and 34 provinces), the IEC province
key 2019 (Dari and Pashto province names), the abubaker47 provinces-and-districts list (Dari and Pashto names of
provinces and districts, attached to the OCHA district by its English spelling inside the same province) and the
UN 1988 list's original-script names, and maps every name to the English gazetteer's entity (same canonical name,
same P-code). Hand tables below add the usual press spellings and the cities and sites English `places.csv`
lists. Pashto cross-spellings (ګ/گ, ې/ۍ/ی) are not stored: `nlp.persian.gazetteer` generates them at load.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

from nlp.build_gazetteer import OCHA_PROVINCE, bad_name, key
from nlp.gazetteer import load_gazetteer

DATA = Path(__file__).parent / "data"

# Usual Dari (fa) and Pashto (ps) spellings of the provinces beyond the source tables, written by hand.
PROVINCE_FORMS: dict[str, tuple[str, str]] = {
    "Kandahar": ("قندهار|کندهار", "کندهار"),
    "Kunar": ("کنر|کنرها|کونر", "کونړ|کنړ"),
    "Uruzgan": ("ارزگان|اروزگان|ارزگان", "اروزګان|ارزګان"),
    "Wardak": ("میدان وردک|وردک|میدان وردگ", "وردګ|میدان وردګ"),
    "Sar-e Pol": ("سرپل|سر پل|سرپُل", "سرپل"),
    "Panjshir": ("پنجشیر|پنجشير", "پنجشېر"),
    "Daykundi": ("دایکندی|دایکوندی", "دایکنډي"),
    "Nangarhar": ("ننگرهار", "ننګرهار"),
    "Logar": ("لوگر", "لوګر"),
    "Paktia": ("پکتیا", "پکتیا"),
    "Paktika": ("پکتیکا", "پکتیکا"),
    "Kunduz": ("کندز|قندوز|کندوز|قندز", "کندز|کندوز|قندوز"),
    "Jowzjan": ("جوزجان|جوزجانان", "جوزجان"),
    "Helmand": ("هلمند", "هلمند"),
    "Herat": ("هرات", "هرات"),
    "Ghazni": ("غزنی", "غزني"),
    "Bamyan": ("بامیان", "بامیان"),
    "Nimroz": ("نیمروز", "نیمروز"),
    "Badghis": ("بادغیس", "بادغیس"),
    "Khost": ("خوست", "خوست"),
    "Zabul": ("زابل", "زابل"),
}

# Districts' press spellings (by P-code) beside the OCHA Dari name.
DISTRICT_FORMS: dict[str, str] = {
    "AF3002": "نادعلی|ناد علی|نادعلي",
    "AF3004": "نهر سراج|نهرسراج|گرشک",
    "AF3009": "موسی قلعه|موسی کلا",
    "AF3006": "گرمسیر|گرم سیر",
    "AF3003": "ناوه|ناوه بارکزایی|ناوه بارکزی",
    "AF2704": "پنجوایی|پنجوائی|پنجوای",
    "AF2705": "ژړی|ژری|ژیری",
    "AF2711": "سپین بولدک|سپین بلدک",
    "AF2706": "شاه ولی کوت|شاولیکوت",
    "AF1501": "اسعدآباد|اسد آباد",
    "AF0609": "بتی کوت|بتی کوټ",
    "AF0613": "کوت|کوټ",
    "AF0611": "پچیر و اگام|پچیراگام",
    "AF0804": "خنج",
    "AF0806": "شتل",
    "AF0805": "عنابه",
    "AF0801": "بازارک",
    "AF0802": "رخه",
    "AF0912": "پل حصار",
    "AF0911": "تاله و برفک",
    "AF0913": "خوست و فرنگ",
    "AF0915": "فرنگ و غارو",
    "AF1726": "کران و منجان",
    "AF1722": "درواز پایین",
    "AF1727": "درواز بالا",
    "AF1506": "شیگل و شلتن",
    "AF3011": "ریگ خان نشین|خان نشین",
    "AF2716": "ریگ|شگه",
    "AF2713": "میانشین|میان نشین",
    "AF3013": "دیشو",
    "AF1401": "خوست متون|متون",
    "AF0115": "سروبی",
    "AF0103": "چهار آسیاب|چهاراسیاب",
}

# Cities and sites of English `places.csv` (name, province) -> Dari|Pashto spellings.
PLACE_FORMS: dict[tuple[str, str], str] = {
    ("Lashkar Gah", "Helmand"): "لشکرگاه|لشکر گاه",
    ("Jalalabad", "Nangarhar"): "جلال آباد|جلال‌آباد",
    ("Mazar-e-Sharif", "Balkh"): "مزارشریف|مزار شریف|مزار",
    ("Tarin Kot", "Uruzgan"): "ترینکوت|ترین کوت|ترینکوټ",
    ("Pul-e-Khumri", "Baghlan"): "پلخمری|پل خمری",
    ("Qala-e-Naw", "Badghis"): "قلعه نو",
    ("Sheberghan", "Jowzjan"): "شبرغان|شبرغان",
    ("Maimana", "Faryab"): "میمنه",
    ("Fayzabad", "Badakhshan"): "فیض آباد|فیض‌آباد",
    ("Taloqan", "Takhar"): "تالقان",
    ("Chaghcharan", "Ghor"): "چغچران|فیروزکوه",
    ("Nili", "Daykundi"): "نیلی",
    ("Mahmud-e Raqi", "Kapisa"): "محمود راقی",
    ("Asadabad", "Kunar"): "اسعدآباد|اسدآباد",
    ("Mehtarlam", "Laghman"): "مهترلام",
    ("Pul-e-Alam", "Logar"): "پل علم",
    ("Zaranj", "Nimroz"): "زرنج",
    ("Sharana", "Paktika"): "شرنه|شرن",
    ("Gardez", "Paktia"): "گردیز",
    ("Bazarak", "Panjshir"): "بازارک",
    ("Charikar", "Parwan"): "چاریکار",
    ("Aybak", "Samangan"): "ایبک",
    ("Maidan Shahr", "Wardak"): "میدان شهر",
    ("Qalat", "Zabul"): "قلات",
    ("Bagram", "Parwan"): "بگرام|پایگاه بگرام|میدان هوایی بگرام",
    ("Torkham", "Nangarhar"): "تورخم",
    ("Islam Qala", "Herat"): "اسلام قلعه",
    ("Hairatan", "Balkh"): "حیرتان",
    ("Wakhan", "Badakhshan"): "واخان|دهلیز واخان",
    ("Tora Bora", "Nangarhar"): "تورا بورا|تورابورا",
    ("Salang Pass", "Parwan"): "کوتل سالنگ|تونل سالنگ",
    ("Kajaki Dam", "Helmand"): "بند کجکی",
    ("Salma Dam", "Herat"): "بند سلما",
    ("Kamal Khan Dam", "Nimroz"): "بند کمال خان",
    ("Dasht-e-Barchi", "Kabul"): "دشت برچی",
    ("Pul-e-Charkhi prison", "Kabul"): "زندان پلچرخی|زندان پل چرخی",
    ("Hamid Karzai International Airport", "Kabul"): "میدان هوایی بین المللی حامد کرزی|فرودگاه کابل|میدان هوایی کابل",
    ("Marjah", "Helmand"): "مارجه|مرجه",
    ("Khair Khana", "Kabul"): "خیرخانه",
    ("Spin Ghar", "Nangarhar"): "سپین غر",
    ("Band-e-Amir", "Bamyan"): "بند امیر",
    ("Qosh Tepa Canal", "Balkh"): "کانال قوش تیپه|قوش تپه",
    ("Shrine of Hazrat Ali", "Balkh"): "روضه شریف|روضه سخی",
    ("Kandahar Airfield", "Kandahar"): "میدان هوایی کندهار|میدان هوایی قندهار",
    ("Herat airport", "Herat"): "میدان هوایی هرات|فرودگاه هرات",
    ("Delaram", "Nimroz"): "دلارام",
    ("Gulbahar", "Parwan"): "گلبهار",
    ("Milak", "Nimroz"): "میلک",
    ("Sher Khan Bandar", "Kunduz"): "شیرخان بندر|شیر خان بندر",
    ("Korengal Valley", "Kunar"): "دره کورنگال",
    ("Khawak Pass", "Panjshir"): "کوتل خاواک",
    ("Anjuman Pass", "Panjshir"): "کوتل انجمن",
    ("Shibar Pass", "Bamyan"): "کوتل شیبر",
}


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"\(.*?\)|\(.*$", "", name)
    return re.sub(r"\s+", " ", name).strip(" .،")


def _pipe(*groups: str) -> str:
    out: list[str] = []
    for g in groups:
        for f in g.split("|"):
            f = _clean(f)
            if f and f not in out and not re.search(r"[A-Za-z0-9]|موجود نیست", f):
                out.append(f)
    return "|".join(out)


def build(shared: Path) -> None:
    gaz = load_gazetteer()
    gz = shared / "gazetteer"
    prov_by_key: dict[str, str] = {}
    for e in gaz.provinces.values():
        for a in (e.name, *e.aliases):
            prov_by_key.setdefault(key(a), e.name)
    prov_key = lambda s: prov_by_key.get(key(OCHA_PROVINCE.get(s, s))) or prov_by_key.get(key(s.replace(" ", "")))
    fa: dict[str, list[str]] = {}
    ps: dict[str, list[str]] = {}
    source: dict[str, set[str]] = {}

    def add(entry_id: str, lang: str, forms: str, src: str) -> None:
        table = fa if lang == "fa" else ps
        for f in forms.split("|"):
            f = _clean(f)
            if f and f not in table.setdefault(entry_id, []) and not re.search(r"[A-Za-z0-9]|موجود نیست", f):
                table[entry_id].append(f)
                source.setdefault(entry_id, set()).add(src)

    with open(gz / "afg_adm2_agcho_gazetteer.csv", encoding="utf-8") as fh:
        ocha = list(csv.DictReader(fh))
    for row in ocha:
        prov = prov_key(row["adm1_en"])
        add(f"province:{prov}", "fa", row["adm1_da"], "ocha")
        add(f"district:{row['adm2_pcode']}", "fa", row["adm2_da"], "ocha")
    with open(gz / "province_key_2019.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            prov = prov_key(row["province_name_eng"])
            add(f"province:{prov}", "fa", row["province_name_dari"], "iec")
            add(f"province:{prov}", "ps", row["province_name_pashto"], "iec")
    by_prov: dict[str, list] = {}
    for e in gaz.entries.values():
        if e.kind == "district":
            by_prov.setdefault(e.province, []).append(e)
    for p in json.loads((gz / "provinces-and-districts.json").read_text(encoding="utf-8")):
        prov = prov_key(p["name"])
        if not prov:
            continue
        add(f"province:{prov}", "fa", p["nameFa"], "abubaker47")
        add(f"province:{prov}", "ps", p["namePa"], "abubaker47")
        for d in p["districts"]:
            if bad_name(d["name"]):
                continue
            k = key(d["name"])
            best, score = None, 0.0
            for e in by_prov.get(prov, ()):
                for a in (e.name, *e.aliases):
                    r = difflib.SequenceMatcher(None, k, key(a)).ratio()
                    if r > score:
                        best, score = e, r
            if best is not None and score >= 0.85:
                add(best.id, "fa", d["nameFa"], "abubaker47")
                add(best.id, "ps", d["namePa"], "abubaker47")
    for prov, (f, p) in PROVINCE_FORMS.items():
        add(f"province:{prov}", "fa", f, "frontwatch")
        add(f"province:{prov}", "ps", p, "frontwatch")
    for code, f in DISTRICT_FORMS.items():
        add(f"district:{code}", "fa", f, "frontwatch")
    for (name, prov), f in PLACE_FORMS.items():
        entry_id = f"place:{name}@{prov}"
        if entry_id not in gaz.entries:
            raise SystemExit(f"no English place {entry_id}")
        add(entry_id, "fa", f, "frontwatch")
    with open(DATA / "places.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["entity", "name", "province", "pcode", "fa", "ps", "sources"])
        for entry_id in sorted(set(fa) | set(ps), key=lambda i: (i.split(":")[0] != "province", i)):
            e = gaz.entries[entry_id]
            w.writerow([entry_id, e.name, e.province, e.pcode or "", _pipe(*fa.get(entry_id, [])),
                        _pipe(*ps.get(entry_id, [])), ";".join(sorted(source[entry_id]))])
    build_un_list(gz)
    build_name_parts(gz)


# a token that opens with the article ("الله", "الدین", "الرحمن", "الباری") or is a compound tail belongs to the
# word before it: "عبد الباری" is one name word, as "Abdul Bari" is one
_ATTACH = re.compile(r"^(?:ال|زاده$|خیل$)")


def _units(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if out and _ATTACH.search(w):
            out[-1] += " " + w
        else:
            out.append(w)
    return out


def _english_units(name: str) -> int:
    return len(re.sub(r"\b(?:Abdul|Abdel|Abdur)[ -]", "Abdul", name, flags=re.IGNORECASE).split())


def build_un_list(gz: Path) -> None:
    """The UN 1988 list's original-script names, cut to the person's own name where the English gazetteer cuts
    the father's name off (the cut is made on name units: "عبد الباری" is one unit, as "Abdul Bari" is)."""
    gaz = load_gazetteer()
    by_ref = {}
    import tomllib

    curated = tomllib.loads((Path(__file__).parent.parent / "data" / "commanders.toml").read_text(encoding="utf-8"))
    for c in curated.get("commander", []):
        if c.get("un_ref"):
            by_ref[c["un_ref"]] = f"commander:{c['name']}"
    rows = []
    with open(gz / "un_1988_taliban_list_2020-03-20.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] != "individual" or not row["name_original_script"].strip():
                continue
            english = " ".join(w.capitalize() for w in row["name"].replace(" na", "").split())
            english = re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), english)
            entry_id = by_ref.get(row["reference_number"], f"commander:{english}")
            entry = gaz.entries.get(entry_id)
            if entry is None:
                print(f"skipped {row['reference_number']}: no English entry", file=sys.stderr)
                continue
            words = _clean(row["name_original_script"]).split()
            units = _units(words)
            full_units = _english_units(english)
            kept = None
            if entry.source == "un1988":
                short_units = _english_units(entry.name)
                if len(units) == full_units:
                    kept = " ".join(units[:short_units])
            # curated people (with un_ref) get their Persian names by hand in commanders.toml
            rows.append([row["reference_number"], entry.name, " ".join(words), kept or ""])
    with open(DATA / "commanders_un1988.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["un_ref", "name", "name_original_script", "name_fa"])
        w.writerows(rows)


def un_name_pairs(gz: Path) -> list[tuple[str, str, str]]:
    """(UN reference, original-script name, English name) of every individual on the UN 1988 list."""
    out = []
    with open(gz / "un_1988_taliban_list_2020-03-20.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] != "individual" or not row["name_original_script"].strip():
                continue
            english = " ".join(w.capitalize() for w in row["name"].replace(" na", "").split())
            english = re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), english)
            out.append((row["reference_number"], _clean(row["name_original_script"]), english))
    return out


def project_name_pairs(skip: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(Persian-script name, English canonical name) from `data/commanders.toml`, leading titles off; people whose
    canonical name is in `skip` are left out (a held-out test)."""
    import tomllib

    from nlp.persian.gazetteer import TITLE_FORMS
    from nlp.persian.normalise import fold

    out = []
    for c in tomllib.loads((DATA / "commanders.toml").read_text(encoding="utf-8")).get("commander", []):
        if c["name"] in skip:
            continue
        for form in (*c.get("fa", ()), *c.get("ps", ())):
            words = fold(form).split()
            while words and words[0] in TITLE_FORMS:
                words = words[1:]
            if words:
                out.append((" ".join(words), c["name"]))
    return out


def build_name_parts(gz: Path) -> None:
    """`data/name_parts.csv`: name-part spellings learned from the aligned pairs (UN list weight 1, the project's
    own Persian names of English entities weight 2: they carry the canonical press spellings)."""
    from nlp.persian.transliterate import learn_parts

    pairs = [(fa, en, 1) for _, fa, en in un_name_pairs(gz)] + [(fa, en, 2) for fa, en in project_name_pairs()]
    table = learn_parts(pairs)
    with open(DATA / "name_parts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["fa", "en", "count"])
        for part in sorted(table):
            for spelling, count in sorted(table[part].items(), key=lambda kv: (-kv[1], kv[0])):
                w.writerow([part, spelling, count])


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
