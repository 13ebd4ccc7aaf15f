"""Regenerate the place and UN-list data files under `nlp/data/` from the public source tables.

A developer tool, never run by the tagger: `python -m nlp.build_gazetteer /path/to/shared/data`.
It reads the OCHA/AGCHO district gazetteer and boundaries, the IEC/AGCHO/OCHA district key file,
GeoNames and GADM spellings and the abubaker47 district list, and writes `provinces.csv`,
`districts.csv` and `commanders_un1988.csv`. Hand-kept files (places, groups, commanders) are
not touched. See `nlp/data/README.md` for provenance.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

DATA = Path(__file__).parent / "data"

# OCHA ADM1 spelling -> the canonical name issue #3 asks for.
OCHA_PROVINCE = {
    "Panjsher": "Panjshir",
    "Maidan Wardak": "Wardak",
    "Hilmand": "Helmand",
    "Hirat": "Herat",
    "Sar-e-Pul": "Sar-e Pol",
    "Paktya": "Paktia",
    "Jawzjan": "Jowzjan",
}

# Usual English-press spellings, written by hand; the builder adds the source tables' ones.
PROVINCE_VARIANTS = {
    "Badakhshan": ["Badakshan", "Badakhstan"],
    "Badghis": ["Badghees", "Badgis"],
    "Baghlan": ["Baghlaan"],
    "Balkh": [],
    "Bamyan": ["Bamiyan", "Bamian", "Bamiyaan"],
    "Daykundi": ["Daikundi", "Daikondi", "Day Kundi", "Dai Kundi", "Daykondi"],
    "Farah": [],
    "Faryab": ["Fariab", "Faryaab"],
    "Ghazni": ["Ghazna"],
    "Ghor": ["Ghowr", "Ghour", "Ghur"],
    "Helmand": ["Hilmand", "Hilmend", "Helmund"],
    "Herat": ["Hirat", "Heraat"],
    "Jowzjan": ["Jawzjan", "Jouzjan", "Jozjan", "Juzjan", "Jauzjan", "Jowzjaan"],
    "Kabul": ["Kabol", "Caboul"],
    "Kandahar": ["Qandahar", "Kandehar"],
    "Kapisa": ["Kapissa", "Kapesa"],
    "Khost": ["Khowst", "Khust"],
    "Kunar": ["Konar", "Kunarha", "Konarha"],
    "Kunduz": ["Kondoz", "Qunduz", "Qonduz", "Kundoz", "Konduz"],
    "Laghman": ["Lagman"],
    "Logar": ["Lowgar", "Loghar"],
    "Nangarhar": ["Ningarhar", "Nangahar", "Ningrahar", "Nangrahar"],
    "Nimroz": ["Nimruz", "Nimrooz", "Nimroze", "Neemroz"],
    "Nuristan": ["Nooristan", "Nurestan"],
    "Paktika": ["Paktica"],
    "Paktia": ["Paktiya", "Paktya", "Pakthia"],
    "Panjshir": ["Panjsher", "Panjshear", "Panjsheer", "Panjshiri Valley"],
    "Parwan": ["Parvan"],
    "Samangan": [],
    "Sar-e Pol": ["Sar-e Pul", "Sar-i Pul", "Sar-i Pol", "Sari Pul", "Saripul", "Sar-e-Pol", "Sar-e-Pul",
                  "Sar-i-Pul", "Sar-i-Pol", "Sarepul", "Sar e Pul", "Sar-e Pul province", "Sare Pul"],
    "Takhar": ["Tahar"],
    "Uruzgan": ["Oruzgan", "Urozgan", "Orozgan", "Uruzghan", "Oruzghan", "Urozgaan"],
    "Wardak": ["Maidan Wardak", "Maydan Wardak", "Vardak", "Wardag", "Maidan-Wardak"],
    "Zabul": ["Zabol", "Zaboul"],
}

PROVINCE_CAPITAL = {
    "Badakhshan": "Fayzabad", "Badghis": "Qala-e-Naw", "Baghlan": "Pul-e-Khumri", "Balkh": "Mazar-e-Sharif",
    "Bamyan": "Bamyan", "Daykundi": "Nili", "Farah": "Farah", "Faryab": "Maymana", "Ghazni": "Ghazni",
    "Ghor": "Chaghcharan", "Helmand": "Lashkar Gah", "Herat": "Herat", "Jowzjan": "Sheberghan",
    "Kabul": "Kabul", "Kandahar": "Kandahar", "Kapisa": "Mahmud-e Raqi", "Khost": "Khost",
    "Kunar": "Asadabad", "Kunduz": "Kunduz", "Laghman": "Mehtarlam", "Logar": "Pul-e-Alam",
    "Nangarhar": "Jalalabad", "Nimroz": "Zaranj", "Nuristan": "Parun", "Paktika": "Sharana",
    "Paktia": "Gardez", "Panjshir": "Bazarak", "Parwan": "Charikar", "Samangan": "Aybak",
    "Sar-e Pol": "Sar-e Pol", "Takhar": "Taloqan", "Uruzgan": "Tarinkot", "Wardak": "Maidan Shahr",
    "Zabul": "Qalat",
}

# The form English-language news uses for some districts (an alias; the OCHA spelling stays canonical).
DISTRICT_NAME = {
    "AF3001": "Lashkar Gah", "AF3201": "Herat", "AF2501": "Tarinkot", "AF1501": "Asadabad",
    "AF1710": "Jurm", "AF1715": "Keshim", "AF0806": "Shotul", "AF0804": "Khinj", "AF1723": "Ishkashim",
    "AF0113": "Istalif", "AF2304": "Charsada", "AF2301": "Chaghcharan", "AF1401": "Khost",
    "AF1701": "Fayzabad", "AF2201": "Sar-e Pol", "AF3002": "Nad Ali", "AF3003": "Nawa-e Barakzayi",
    "AF3011": "Reg (Khanashin)", "AF3013": "Dishu", "AF2801": "Sheberghan", "AF2901": "Maymana",
    "AF3101": "Qala-e-Naw", "AF3105": "Bala Murghab", "AF1816": "Chah Ab", "AF1811": "Ishkamish",
    "AF0401": "Maidan Shahr", "AF0405": "Sayedabad", "AF0903": "Dushi", "AF0406": "Day Mirdad",
    "AF1302": "Ahmadabad", "AF1304": "Shwak", "AF2503": "Chora", "AF2402": "Shahristan",
    "AF2403": "Ishtarlay", "AF2713": "Mya Neshin", "AF2706": "Shah Wali Kot", "AF3006": "Garmsir",
    "AF0308": "Koh-e Safi", "AF0307": "Ghorband", "AF0310": "Shaikh Ali", "AF0603": "Surkh Rod",
    "AF0608": "Khogyani", "AF0617": "Mohmand Dara", "AF0618": "Lal Pur", "AF2101": "Mazar-e-Sharif",
    "AF2107": "Sholgara", "AF1104": "Waghaz",
}

# Extra hand spellings for districts (by P-code), common in the press.
DISTRICT_VARIANTS = {
    # press spellings added in round 3 (Tulak, Khugyani, Haska Mena, Khash Rod...)
    "AF2611": ["Khak-e Afghan", "Khak-e-Afghan", "Khaki Afghan"],
    "AF2308": ["Taiwara"],
    "AF1118": ["Ajeristan"],
    "AF1110": ["Nahur", "Nawar"],
    "AF1117": ["Gilan"],
    "AF1212": ["Zerok"],
    "AF2309": ["Tulak"],
    "AF0608": ["Khugyani", "Khogiani", "Khugiani", "Khogiyani"],
    "AF1102": ["Khogyani", "Khugyani", "Khogiani", "Khugiani", "Wali Muhammad Shahid Khogyani", "Wali Mohammad Shahid"],
    "AF0610": ["Haska Mena", "Haska Meyna", "Haskamena", "Haska Mina"],
    "AF1513": ["Chapa Darah", "Chapa Dareh", "Chapadarah"],
    "AF1604": ["Nurgram", "Noorgram", "Nur Gram"],
    "AF1514": ["Noorgal", "Nur Gal", "Noor Gal"],
    "AF1508": ["Asmar"],
    "AF1413": ["Zazai Maidan", "Zazai Maydan", "Zazi Maidan"],
    "AF0307": ["Siahgird", "Siyahgird", "Siagird", "Shinwari Ghorband"],
    "AF1704": ["Yaftal", "Yaftal Sufla", "Yaftal-e Payan"],
    "AF2205": ["Sang Charak", "Sangchaharak"],
    "AF2404": ["Khedir", "Khidir"],
    "AF2301": ["Feroz Koh", "Firozkoh", "Chaghcharan", "Chakhcharan", "Chaghcharan city"],
    "AF1401": ["Matun", "Khost city", "Khost Matun", "Khost (Matun)"],
    "AF3001": ["Lashkargah", "Lashkar Gah city", "Lashkargah city"],
    "AF2101": ["Mazar-i-Sharif", "Mazar-e Sharif", "Mazar i Sharif", "Mazar", "Mazar-e-Sharif city"],
    "AF0601": ["Jalalabad city", "Jalal Abad"],
    "AF2501": ["Tarin Kot", "Tarin Kowt", "Tirin Kot", "Tirinkot", "Tarinkowt", "Trinkot"],
    "AF0901": ["Pul-i-Khumri", "Pol-e-Khomri", "Puli Khumri", "Pul-e Khumri", "Pol-e Khomri"],
    "AF0905": ["Baghlan-e Jadid", "Baghlani Jadid", "Baghlan Jadid", "New Baghlan"],
    "AF0913": ["Khost wa Firing", "Khost-o-Fereng", "Khost Wa Firing", "Khost wa Farang", "Khost-wa-Fereng"],
    "AF1801": ["Taluqan", "Taleqan", "Taloqan city"],
    "AF1701": ["Faizabad", "Feyzabad", "Faizabad city"],
    "AF2801": ["Shiberghan", "Shibirghan", "Shebarghan", "Sheberghan city"],
    "AF2901": ["Maimana", "Meymaneh", "Maimanah"],
    "AF3201": ["Herat city", "Hirat city"],
    "AF2701": ["Kandahar city"],
    "AF0101": ["Kabul city"],
    "AF1101": ["Ghazni city"],
    "AF1901": ["Kunduz city"],
    "AF3301": ["Farah city"],
    "AF1001": ["Bamyan city", "Bamiyan city"],
    "AF2201": ["Sar-e Pol city", "Sar-e-Pul city"],
    "AF1301": ["Gardiz", "Gardez city"],
    "AF1201": ["Sharana", "Sharan city"],
    "AF1211": ["Orgun", "Urgoon"],
    "AF2601": ["Qalat city", "Kalat", "Qalat-e Ghilzai"],
    "AF3401": ["Zaranj city"],
    "AF0701": ["Mehtar Lam", "Mihtarlam"],
    "AF0501": ["Pul-i-Alam", "Pol-e-Alam", "Puli Alam", "Pul-e Alam"],
    "AF2001": ["Aibak", "Samangan city"],
    "AF0301": ["Charikar city"],
    "AF0302": ["Bagram district"],
    "AF0401": ["Maidan Shahr", "Maydan Shahr", "Maidanshahr"],
    "AF2401": ["Nili city"],
    "AF0801": ["Bazarak"],
    "AF0803": ["Darah", "Dara district", "Darah-e Hazara", "Dara-e Hazara"],
    "AF0806": ["Shutul", "Shotol"],
    "AF0805": ["Anaba", "Unaba"],
    "AF0902": ["Dand-e Ghori", "Dand-e-Ghori", "Dand Ghori"],
    "AF2607": ["Dai Chopan", "Day Chopan", "Deh Chopan", "Dehchopan"],
    "AF1115": ["Moqur"],
    "AF3103": ["Moqur"],
    "AF0807": ["Parian"],
    "AF0802": ["Rokha"],
    "AF0906": ["Khenjan"],
    "AF0907": ["Andarab", "Andrab"],
    "AF0908": ["Deh Saleh", "Dih Salah"],
    "AF3009": ["Musa Qala", "Musa Qalah", "Musa Kala", "Musa Qaleh", "Musa Qalay"],
    "AF3004": ["Nahr-e Saraj", "Nahr-i-Sarraj", "Gereshk", "Girishk", "Gerishk"],
    "AF3007": ["Now Zad", "Naw Zad", "Nawzad"],
    "AF3006": ["Garmser", "Garmsir"],
    "AF2704": ["Panjwai", "Panjwayi", "Panjwaye", "Panjway"],
    "AF2705": ["Zhari", "Zharey", "Zharai", "Zheray"],
    "AF2711": ["Spin Boldak", "Spin Buldak", "Spin Baldak"],
    "AF2710": ["Maiwand"],
    "AF0615": ["Achin", "Achen"],
    "AF0614": ["Goshta"],
    "AF0609": ["Batikot", "Bati Kot"],
    "AF0616": ["Shinwar", "Ghani Khel"],
    "AF0612": ["Dara-e Nur", "Darai Nur", "Dara-i-Nur"],
    "AF1507": ["Pech", "Dara-e Pech", "Pech Valley", "Manogai"],
    "AF1503": ["Watapur", "Wata Pur"],
    "AF1716": ["Wurduj", "Warduj"],
    "AF1903": ["Aliabad"],
    "AF1904": ["Khanabad"],
    "AF1906": ["Dasht-e Archi", "Dasht-i-Archi", "Archi"],
    "AF1902": ["Chahar Dara", "Char Dara"],
    "AF1907": ["Qala-e Zal", "Qala-i-Zal", "Qalay-i-Zal"],
    "AF2107": ["Sholgareh"],
    "AF2203": ["Kohistanat"],
    "AF2207": ["Balkhab"],
    "AF2502": ["Deh Rawood", "Dehrawood", "Deh Rawud"],
    "AF3205": ["Zinda Jan", "Zendajan"],
    "AF3214": ["Shindand"],
    "AF3302": ["Pusht Rod", "Posht Rod"],
    "AF3306": ["Bala Boluk", "Bala Baluk"],
    "AF1114": ["Jaghori"],
    "AF1103": ["Khwaja Omari"],
    "AF1203": ["Yusuf Khel"],
    "AF1204": ["Yahya Khail"],
    "AF1218": ["Wor Mamay"],
    "AF1303": ["Zormat"],
    "AF1305": ["Wuza Zadran"],
    "AF1408": ["Tere Zayi", "Terezai", "Ali Sher", "Alisher"],
    "AF1406": ["Nadir Shah Kot"],
    "AF0611": ["Pachir wa Agam", "Pachiragam"],
    "AF0621": ["Hisarak"],
    "AF0622": ["Dur Baba", "Durbaba"],
    "AF0620": ["Nazian"],
    "AF2606": ["Shahjoy", "Shah Joy", "Shahjoi"],
    "AF2608": ["Atghar"],
    "AF2706": ["Shawalikot", "Shah Walikot"],
    "AF2709": ["Ghorak"],
    "AF3404": ["Chahar Burjak", "Char Burjak"],
    "AF3405": ["Khash Rod", "Khashrod", "Khash", "Khash Rud", "Khashrud", "Khash Road"],
    "AF0109": ["Khak-e Jabbar", "Khaki Jabbar"],
    "AF0115": ["Sarobi", "Sarubi"],
    "AF0103": ["Char Asiab", "Chahar Asiab", "Char Asyab"],
    "AF0106": ["Shakardara"],
    "AF3003": ["Nawa", "Nawa-i-Barakzai", "Nawa-e-Barakzai", "Nawa Barakzai", "Nawa-i-Barakzayi", "Nawa-e Barakzai"],
    "AF0204": ["Hesa Awal Kohistan", "Kohistan 1", "Kohistan-1", "Hisa-i-Awal Kohistan"],
    "AF0202": ["Hesa Duwum Kohistan", "Kohistan 2", "Kohistan-2", "Hisa-i-Duwum Kohistan"],
    "AF3011": ["Khanashin", "Khan Neshin", "Reg-e Khan Neshin", "Reg-i-Khan Nishin"],
    "AF2713": ["Miyanishin", "Mianeshin", "Mia Neshin"],
    "AF1505": ["Sarkano", "Sarkani", "Sirkanay", "Sar Kanay"],
    "AF2006": ["Dara-i-Suf", "Dara-e-Suf", "Darah-i-Suf", "Dara-e Suf", "Darra-i-Suf", "Dara-i-Suf Payin"],
    "AF2007": ["Dara-i-Suf Bala", "Dara-e Suf-e Bala"],
}


def _strip(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def key(s: str) -> str:
    """A loose comparison key: ASCII letters only, lower case, 'district' and city-words dropped."""
    s = _strip(s).lower()
    s = re.sub(r"\b(district|city|center|centre|markaz)\b", "", s)
    return re.sub(r"[^a-z]", "", s)


def camel_split(s: str) -> str:
    """'KuranWaMunjan' -> 'Kuran Wa Munjan'; 'Dahana-I-Ghori' unchanged."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", s)


def tidy(s: str) -> str:
    """Title-case an upper-case source spelling and normalise spaces."""
    s = re.sub(r"\s+", " ", _strip(s)).strip(" .")
    if s.isupper():
        s = " ".join(w.capitalize() if len(w) > 2 or w not in ("E", "I", "WA") else w.lower()
                     for w in re.split(r" ", s))
        s = re.sub(r"-(\w)", lambda m: "-" + m.group(1).lower() if len(m.group(1)) == 1 else "-" + m.group(1),
                   s)
        s = "-".join(p[:1].upper() + p[1:] if len(p) > 2 else p for p in s.split("-"))
    return s


def bad_name(s: str) -> bool:
    return (not s or s in ("NA", "N/A") or not s[:1].isalpha() or bool(re.search(
        r"\d|\(|\)|/|\bPD\b|center|centre|provincial|zone|district|nahia|markaz|unknown|\bnone\b|\bcity\b",
        s, re.IGNORECASE)))


def polygon_centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid of the largest ring (good enough for a map marker)."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    best, best_area = None, -1.0
    for poly in polys:
        ring = poly[0]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in pairwise(ring):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(a) > best_area:
            best_area = abs(a)
            best = (cy / (3 * a), cx / (3 * a))
    assert best is not None
    return round(best[0], 5), round(best[1], 5)


def build(shared: Path) -> None:
    gz = shared / "gazetteer"
    # -- provinces
    provinces: dict[str, dict] = {}
    for feat in json.loads((gz / "afg_adm1_agcho_20180522_simplified.geojson").read_text())["features"]:
        p = feat["properties"]
        name = OCHA_PROVINCE.get(p["ADM1_EN"], p["ADM1_EN"])
        lat, lon = polygon_centroid(feat["geometry"])
        provinces[name] = {"name": name, "pcode": p["ADM1_PCODE"], "lat": lat, "lon": lon,
                           "capital": PROVINCE_CAPITAL[name], "aliases": {p["ADM1_EN"]} - {name}}
    assert len(provinces) == 34, len(provinces)
    pkey = {key(n): n for n in provinces}
    for n, vs in PROVINCE_VARIANTS.items():
        provinces[n]["aliases"].update(vs)
        for v in vs:
            pkey.setdefault(key(v), n)
    with open(gz / "province_key_2019.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iec = pkey.get(key(row["province_name_eng"]))
            if iec:
                provinces[iec]["aliases"].add(row["province_name_eng"])
    geonames_admin1: dict[str, str] = {}
    for line in (gz / "admin1CodesASCII_AF.txt").read_text(encoding="utf-8").splitlines():
        code, _name, ascii_name, _ = line.split("\t")
        gn = pkey.get(key(ascii_name))
        if gn:
            provinces[gn]["aliases"].add(ascii_name)
            geonames_admin1[code.split(".")[1]] = gn
    with open(gz / "name_variants_gadm.csv", encoding="utf-8") as fh:
        gadm_rows = list(csv.DictReader(fh))
    gadm_bad = {"mazar", "mazarisharif", "maimana", "meymaneh", "girishk", "charikar", "maiden", "sh",
                "easternprovince", "southernprovince", "nimrod", "paktiya", "paktya"}
    gadm_prov: dict[str, str] = {}
    for row in gadm_rows:
        if row["level"] != "province":
            continue
        pn: str | None = pkey.get(key(row["name"])) or pkey.get(key(row["province"]))
        if not pn:
            close = difflib.get_close_matches(key(row["name"]), list(pkey), n=1, cutoff=0.7)
            pn = pkey[close[0]] if close else None
        if not pn:
            continue
        gadm_prov[row["province"]] = pn
        for v in [row["name"], *row["variants"].split("|")]:
            v = camel_split(v.strip())
            if v and v != "NA" and key(v) not in gadm_bad and (key(v) not in pkey or pkey[key(v)] == pn):
                provinces[pn]["aliases"].add(v)
    # -- districts
    districts: dict[str, dict] = {}
    with open(gz / "afg_adm2_agcho_gazetteer.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            prov = OCHA_PROVINCE.get(row["adm1_en"], row["adm1_en"])
            code = row["adm2_pcode"]
            name = row["adm2_en"]  # canonical: the OCHA/AGCHO spelling; press forms are aliases
            press = DISTRICT_NAME.get(code)
            districts[code] = {"name": name, "pcode": code, "province": prov, "lat": float(row["lat"]),
                               "lon": float(row["lon"]), "aliases": {press} - {name, None},
                               "dari": row["adm2_da"]}
    for code, vs in DISTRICT_VARIANTS.items():
        districts[code]["aliases"].update(v for v in vs if v != districts[code]["name"])
    with open(gz / "district_code_keyfile_2019.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["2018_UNOCHA_district_code"]
            if code not in districts:
                continue
            for col in row:
                if col.endswith("_name_eng"):
                    v = tidy(row[col])
                    if not bad_name(v) and len(key(v)) > 2:
                        districts[code]["aliases"].add(v)
    by_prov: dict[str, list[str]] = defaultdict(list)
    for code, d in districts.items():
        by_prov[d["province"]].append(code)

    def attach(prov: str | None, spelling: str, cutoff: float = 0.82) -> None:
        if not prov or bad_name(spelling):
            return
        spelling = tidy(camel_split(spelling))
        k = key(spelling)
        if len(k) < 3:
            return
        best, score = None, 0.0
        for code in by_prov[prov]:
            d = districts[code]
            for a in (d["name"], *d["aliases"]):
                r = difflib.SequenceMatcher(None, k, key(a)).ratio()
                if r > score:
                    best, score = code, r
        if best and score >= cutoff:
            districts[best]["aliases"].add(spelling)

    for line in (gz / "admin2Codes_AF.txt").read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, _ = line.split("\t")
        attach(geonames_admin1.get(code.split(".")[1]), re.sub(r"\s+District$", "", ascii_name))
    for row in gadm_rows:
        if row["level"] == "district":
            prov = gadm_prov.get(row["province"])
            for v in [row["name"], *row["variants"].split("|")]:
                if v.strip() and v != "NA":
                    attach(prov, v.strip())
    for p in json.loads((gz / "provinces-and-districts.json").read_text(encoding="utf-8")):
        prov = pkey.get(key(p["name"])) or pkey.get(key(p["name"].replace(" ", "")))
        for d in p["districts"]:
            attach(prov, d["name"].strip())
    # never let a district alias be exactly another province's name (Balkh district keeps "Balkh" as name)
    prov_keys = set(pkey)
    for d in districts.values():
        d["aliases"] = {a for a in d["aliases"] if key(a) not in prov_keys or key(a) == key(d["name"])
                        and key(a) == key(d["province"])}
        d["aliases"] = {a for a in d["aliases"] if a != d["name"]}

    with open(DATA / "provinces.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "pcode", "lat", "lon", "capital", "aliases"])
        for n in sorted(provinces):
            p = provinces[n]
            w.writerow([n, p["pcode"], p["lat"], p["lon"], p["capital"], "|".join(sorted(p["aliases"] - {n}))])
    with open(DATA / "districts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "pcode", "province", "lat", "lon", "name_dari", "aliases"])
        for code in sorted(districts):
            d = districts[code]
            w.writerow([d["name"], code, d["province"], d["lat"], d["lon"], d["dari"], "|".join(sorted(d["aliases"]))])
    build_un_list(gz)


def build_un_list(gz: Path) -> None:
    """Names, titles, aliases and posts of the UN 1988 list's individuals (no dates, no narrative)."""
    rows = []
    with open(gz / "un_1988_taliban_list_2020-03-20.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] != "individual":
                continue
            aliases = []
            for a in row["aliases"].split("|"):
                a = re.sub(r"\s+", " ", a).strip()
                if "[Good]" not in a or "(" in a or "born" in a or "son of" in a:
                    continue
                a = a.replace("[Good]", "").strip(" ,")
                if a and not re.search(r"[^\x00-\x7f’]", a):
                    aliases.append(a)
            titles = sorted({t.strip() for t in row["title"].split(";") if t.strip() and t.strip() != "Mr"})
            name = " ".join(w.capitalize() for w in row["name"].replace(" na", "").split())
            name = re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), name)
            post = re.sub(r"\s+", " ", row["designation"]).strip()
            rows.append([row["reference_number"], name, ";".join(titles), "|".join(aliases), post])
    with open(DATA / "commanders_un1988.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["un_ref", "name", "titles", "aliases", "post"])
        w.writerows(rows)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
