"""Score the tagger on the gold passages (and the UCDP headlines): `python -m nlp.evaluate`.

Gold lines (`tests/gold/passages.jsonl`) list, per passage, the canonical names expected for each
kind: provinces, districts, places, groups, commanders, and datelines (provinces or districts
tagged with role="dateline"). Scoring is per passage on sets of names, summed over passages
(micro precision / recall / F1 per kind). Datelines are scored apart from event locations.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.records import Mention

KINDS = ("province", "district", "place", "group", "commander", "dateline")
GOLD_FIELDS = {"province": "provinces", "district": "districts", "place": "places", "group": "groups",
               "commander": "commanders", "dateline": "datelines"}
DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "passages.jsonl"


@dataclass
class Score:
    """True positives, false positives and false negatives of one kind, with examples of errors."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predicted_sets(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """Names per kind as the gold set counts them (datelines apart)."""
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for m in mentions:
        if m.role == "dateline":
            out["dateline"].add(m.name)
        elif m.kind in out:
            out[m.kind].add(m.name)
    return out


def load_gold(path: Path = DEFAULT_GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _loose_key(name: str) -> str:
    """Case-, hyphen-, space- and apostrophe-insensitive form of a name ("Korengal valley" = "Korengal Valley")."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


class AliasIndex:
    """Maps any spelling the gazetteer knows (canonical name, aliases, a commander's alias family and short
    names, titles stripped) to one canonical key per entity, for the alias-aware score."""

    def __init__(self, gazetteer=None) -> None:
        from nlp.gazetteer import load_gazetteer, name_skeleton, name_variants, strip_title

        gaz = gazetteer or load_gazetteer()
        self._group_words: dict[str, frozenset[str]] = {}
        for e in gaz.entries.values():
            if e.kind == "group":
                forms = (e.name, *e.exact, *(a for a in e.aliases if len(a.split()) == 1))
                words = {w for f in forms for w in re.findall(r"[a-z]+", f.lower())}
                self._group_words[f"group:{_loose_key(e.name)}"] = frozenset(words - ROLE_FILLER)
        self._strip = strip_title
        self._skeleton = name_skeleton
        self.skeletons: dict[str, str] = {}
        for e in gaz.entries.values():
            if e.kind == "commander":
                for form in (e.name, *e.aliases):
                    if len(strip_title(form).split()) > 1:
                        self.skeletons.setdefault(name_skeleton(form), f"commander:{_loose_key(e.name)}")
        self.table: dict[str, dict[str, str]] = {k: {} for k in KINDS}
        kinds_for = {"province": ("province",), "district": ("district",), "place": ("place",),
                     "group": ("group",), "commander": ("commander",),
                     "dateline": ("province", "district", "place")}
        for kind, sources in kinds_for.items():
            table = self.table[kind]
            for e in gaz.entries.values():
                if e.kind not in sources:
                    continue
                canon = f"{e.kind}:{_loose_key(e.name)}"
                forms = [e.name, *e.aliases, *e.exact]
                if e.kind == "commander":
                    # the alias family with its usual transliterations (Matin/Mateen, Mohammad/Muhammad)
                    forms = [v for f in forms if len(f.split()) > 1 or f == e.name for v in name_variants(f)]
                for form in forms:
                    for key in {_loose_key(form), _loose_key(strip_title(form))}:
                        if key:
                            table.setdefault(key, canon)

    def group_words(self, group: str) -> frozenset[str]:
        """Lower-case words of a group's names and acronyms ("taliban", "iskp", "haqqani", "network")."""
        return self._group_words.get(self.key("group", group), frozenset())

    def key(self, kind: str, name: str) -> str:
        """The canonical key of a name (its own loose form when the gazetteer does not know it); a commander
        under any transliteration of a known spelling (the UN list's "Nida" for "Neda") is the same person."""
        table = self.table[kind]
        for form in (name, self._strip(name)):
            k = _loose_key(form)
            if k in table:
                return table[k]
        if kind == "commander" and len(self._strip(name).split()) > 1:
            skeleton = self._skeleton(name)
            return self.skeletons.get(skeleton, "skeleton:" + skeleton)
        return _loose_key(name)


def score_gold(tagger, gold: list[dict], aliases: AliasIndex | None = None) -> dict[str, Score]:
    """Per-kind scores of `tagger` on the gold passages: strict name comparison, or alias-aware when an
    `AliasIndex` is given (a right entity under another spelling counts)."""
    return score_gold_both(tagger, gold, aliases)[1 if aliases else 0]


def score_gold_both(tagger, gold: list[dict],
                    aliases: AliasIndex | None = None) -> tuple[dict[str, Score], dict[str, Score]]:
    """(strict, alias-aware) per-kind scores from one tagging pass; alias-aware is empty without an index."""
    strict, loose, _ = score_tagged(gold, list(tagger.tag_many(gold_items(gold))), aliases)
    return strict, loose


def gold_items(gold: list[dict]) -> Iterator[tuple[str, str | None]]:
    """(text, lang) of each passage: a line's "lang" ("fa", "ps") routes it to that pipeline; none means by script."""
    return ((p["text"], p.get("lang")) for p in gold)


def by_language(gold: list[dict]) -> list[tuple[str, list[dict]]]:
    """A gold file's passages per "lang" field (" [fa]", " [ps]"), or the whole file when it has one language."""
    langs: dict[str, list[dict]] = {}
    for p in gold:
        langs.setdefault(p.get("lang") or "en", []).append(p)
    if len(langs) <= 1:
        return [("", gold)]
    return [(f" [{lang}]", lines) for lang, lines in langs.items()]


def _count(s: Score, pid: str, expected: set[str], got: set[str]) -> None:
    s.tp += len(expected & got)
    s.fp += len(got - expected)
    s.fn += len(expected - got)
    for name in sorted(got - expected):
        s.errors.append(f"{pid} FP {name}")
    for name in sorted(expected - got):
        s.errors.append(f"{pid} FN {name}")


# ---------------------------------------------------------------------- UCDP headlines (nlp-dev)
UCDP_ACTORS = {
    "Taleban": "Taliban",
    "IS": "Islamic State Khorasan Province",
    "UIFSA": "Northern Alliance",
    "Hizb-i Islami-yi Afghanistan": "Hezb-e-Islami",
    "Jam'iyyat-i Islami-yi Afghanistan": "Jamiat-e-Islami",
    "High Council of Afghanistan Islamic Emirate": "Taliban",
}


def ucdp_actor(side: str, year: int) -> str | None:
    """Our canonical group for a UCDP side name (None for foreign states and unlisted militias)."""
    if side == "Government of Afghanistan":
        return "Taliban" if year <= 2001 or year >= 2022 else "ANDSF"
    return UCDP_ACTORS.get(side)


def _district_key(s: str) -> str:
    s = re.sub(r"\bdistrict\b", "", s, flags=re.IGNORECASE).lower()
    return re.sub(r"[^a-z]", "", s)


def score_ucdp(tagger, path: Path) -> dict[str, tuple[int, int]]:
    """Recall of districts (vs adm_2) and actors (vs side_a/side_b) on UCDP headline text: {kind: (hit, total)}."""
    from nlp.build_gazetteer import key as loose_key
    from nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    district_keys: dict[str, set[str]] = {}
    for e in gaz.entries.values():
        if e.kind == "district":
            for a in (e.name, *e.aliases):
                district_keys.setdefault(loose_key(a), set()).add(e.name)
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    hits = {"district": [0, 0], "district_any_place": [0, 0], "district_named_in_text": [0, 0], "actor": [0, 0]}
    for row, mentions in zip(rows, tagger.tag_many(r["source_art"] for r in rows)):
        year = int(row["year"] or 0)
        names = {m.name for m in mentions}
        if row["adm_2"]:
            wanted = district_keys.get(loose_key(row["adm_2"]), {row["adm_2"]})
            hits["district"][1] += 1
            hits["district"][0] += bool(wanted & {m.name for m in mentions if m.kind == "district"})
            hits["district_any_place"][1] += 1
            hits["district_any_place"][0] += bool(wanted & names)
            text_key = loose_key(row["source_art"])
            forms = {loose_key(a) for e in gaz.entries.values() if e.kind == "district" and e.name in wanted
                     for a in (e.name, *e.aliases) if len(loose_key(a)) > 3}
            # a capital's city (a place) counts for its district: "Lashkar Gah" for Lashkargah
            found_keys = {loose_key(m.name) for m in mentions if m.kind in ("district", "place")}
            hit = bool(wanted & names) or bool(found_keys & forms)
            hits["district_any_place"][0] += hit and not (wanted & names)
            if any(f in text_key for f in forms):
                hits["district_named_in_text"][1] += 1
                hits["district_named_in_text"][0] += hit
        for side in (row["side_a"], row["side_b"]):
            actor = ucdp_actor(side, year)
            if actor:
                hits["actor"][1] += 1
                found_groups = {m.name for m in mentions if m.kind == "group"}
                ok = actor in found_groups or (actor == "Islamic State Khorasan Province"
                                               and "Islamic State" in found_groups)
                hits["actor"][0] += ok
                per = hits.setdefault(f"actor:{actor}", [0, 0])
                per[0] += ok
                per[1] += 1
                entry = gaz.entries.get(f"group:{actor}")
                spellings = [a.lower() for a in (entry.name, *entry.aliases)] if entry else []
                if any(f in row["source_art"].lower() for f in spellings):
                    named = hits.setdefault("actor_named_in_text", [0, 0])
                    named[0] += ok
                    named[1] += 1
    return {k: (v[0], v[1]) for k, v in hits.items()}


KEYFILE_COLUMNS = ("2019_IEC_district_name_eng", "2018_IEC_district_name_eng", "2018_UNOCHA_district_name_eng",
                   "2014_IEC_district_name_eng", "2012_AGCHO_district_name_eng", "2010_IEC_district_name_eng",
                   "2009_IEC_district_name_eng")


def score_keyfile(path: Path, canonical_only: bool = False) -> tuple[int, int]:
    """District spellings of the IEC/AGCHO key file that the gazetteer matcher finds as their own district
    (hit, total). `canonical_only` builds the spellings from canonical names alone, to measure how far the
    transliteration generator reaches without stored aliases."""
    import spacy

    from nlp.components import build_matchers
    from nlp.gazetteer import load_gazetteer, spelling_variants

    gaz = load_gazetteer()
    nlp = spacy.blank("en")
    if canonical_only:
        forms: dict[str, set[str]] = {}
        for e in gaz.entries.values():
            if e.kind == "district":
                for f in spelling_variants(e.name):
                    forms.setdefault(" ".join(t.lower_ for t in nlp(f)), set()).add(e.pcode or "")
    else:
        lower, exact = build_matchers(nlp, gaz)
    wanted: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pcode = row.get("2018_UNOCHA_district_code") or ""
            if not re.fullmatch(r"AF\d{4}", pcode):
                continue
            for col in KEYFILE_COLUMNS:
                name = (row.get(col) or "").strip()
                if name and name.isascii() and "(" not in name and "PROVINCIAL" not in name.upper():
                    wanted.add((name.title(), pcode))
    hit = 0
    for name, pcode in sorted(wanted):
        doc = nlp(name)
        if canonical_only:
            hit += pcode in forms.get(" ".join(t.lower_ for t in doc), ())
            continue
        ok = False
        for matcher in (lower, exact):
            for match_id, start, end in matcher(doc):
                hit_entry = gaz.entries.get(nlp.vocab.strings[match_id])
                ok = ok or (start == 0 and end == len(doc) and hit_entry is not None and
                            (hit_entry.pcode == pcode or hit_entry.kind in ("place", "province")))
        hit += ok
    return hit, len(wanted)


def find_keyfile() -> Path | None:
    """The IEC/AGCHO district key file in the shared data folder, if present (never needed at run time)."""
    here = Path(__file__).resolve().parent.parent
    for root in (Path("/work/shared/data"), here.parent / "shared" / "data"):
        p = root / "gazetteer" / "district_code_keyfile_2019.csv"
        if p.exists():
            return p
    return None


def find_ucdp() -> Path | None:
    """The UCDP dev file in the shared data folder, if present (never needed at run time)."""
    here = Path(__file__).resolve().parent.parent
    for root in (Path("/work/shared/data"), here.parent / "shared" / "data", here.parent / "shared"):
        p = root / "nlp-dev" / "ged_afghanistan_clean_conflicts.csv"
        if p.exists():
            return p
    return None


# ---------------------------------------------------------------------- commander attributes
ROLE_FILLER = frozenset({"the", "a", "an", "of", "for", "in", "province", "provincial", "'s", "s", "and"})


def _role_words(role: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", role.lower()) if w not in ROLE_FILLER}


def role_matches(gold: str, got: str | None, group_words: frozenset[str] = frozenset()) -> bool:
    """A predicted role is right when it holds every content word of the gold role and little else
    (a truncated role, a former post alone or a role running into the next clause is wrong). Words of the
    person's group are left out on both sides: the group is scored as its own field."""
    if not got:
        return False
    want, have = _role_words(gold) - group_words, _role_words(got) - group_words
    if not want <= have or len(have) > len(want) + 3:
        return False
    return "former" in want or "former" not in have


@dataclass
class Attributes:
    """Of the gold commanders the tagger found (with details in the gold line): how many have the right
    group, and of those whose gold role is given, how many the right role."""

    found: int = 0
    group_right: int = 0
    with_role: int = 0
    role_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def group_rate(self) -> float:
        return self.group_right / self.found if self.found else 1.0

    @property
    def role_rate(self) -> float:
        return self.role_right / self.with_role if self.with_role else 1.0


def score_attributes(gold: list[dict], tagged: list[list[Mention]], aliases: AliasIndex) -> Attributes:
    out = Attributes()
    for passage, mentions in zip(gold, tagged):
        details = passage.get("commander_details") or {}
        by_key: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.kind == "commander":
                by_key.setdefault(aliases.key("commander", m.name), []).append(m)
        for name, want in details.items():
            found = by_key.get(aliases.key("commander", name))
            if not found:
                continue
            out.found += 1
            group_key = aliases.key("group", want.get("group") or "")
            groups = {aliases.key("group", m.group or "") for m in found}
            if group_key in groups and len(groups - {aliases.key("group", "")}) <= 1:
                out.group_right += 1
            else:
                out.errors.append(f"{passage['id']} GROUP {name}: {sorted(m.group or '-' for m in found)} "
                                  f"want {want.get('group')}")
            if want.get("role"):
                out.with_role += 1
                roles = [m.role for m in found if m.role]
                words = aliases.group_words(want.get("group") or "")
                if any(role_matches(want["role"], r, words) for r in roles):
                    out.role_right += 1
                else:
                    out.errors.append(f"{passage['id']} ROLE {name}: {roles} want {want['role']!r}")
    return out


def score_tagged(gold: list[dict], tagged: list[list[Mention]],
                 aliases: AliasIndex | None) -> tuple[dict[str, Score], dict[str, Score], Attributes]:
    """(strict, alias-aware, commander attributes) of mentions already tagged for each gold passage; without an
    `AliasIndex` the alias-aware scores and the attributes stay empty."""
    strict = {k: Score() for k in KINDS}
    loose = {k: Score() for k in KINDS}
    for passage, mentions in zip(gold, tagged):
        pred = predicted_sets(mentions)
        for kind in KINDS:
            expected = set(passage.get(GOLD_FIELDS[kind], ()))
            _count(strict[kind], passage["id"], expected, pred[kind])
            if aliases is not None:
                _count(loose[kind], passage["id"], {aliases.key(kind, n) for n in expected},
                       {aliases.key(kind, n) for n in pred[kind]})
    return strict, loose, score_attributes(gold, tagged, aliases) if aliases is not None else Attributes()


# ---------------------------------------------------------------------- non-Afghan web pages
def page_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(case name, visible main text) of each page of a Readability-style test folder
    (`<case>/expected.html`, else `source.html`)."""
    from bs4 import BeautifulSoup

    for case in sorted(p for p in folder.iterdir() if p.is_dir()):
        page = case / "expected.html"
        if not page.exists():
            page = case / "source.html"
        if not page.exists():
            continue
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        yield case.name, soup.get_text("\n")


def score_pages(tagger, folder: Path) -> dict[str, list[str]]:
    """False hits on pages that are not about Afghanistan: kind -> ["case: name (surface)", ...]."""
    pages = list(page_texts(folder))
    out: dict[str, list[str]] = {k: [] for k in ("province", "district", "place", "group", "commander")}
    for (case, _), mentions in zip(pages, tagger.tag_many(t for _, t in pages)):
        for m in mentions:
            if m.kind in out and m.role != "dateline":
                out[m.kind].append(f"{case}: {m.name} ({m.text!r})")
    return out


def find_extraction_dev() -> Path | None:
    """The Readability test pages in the shared data folder, if present (never needed at run time)."""
    here = Path(__file__).resolve().parent.parent
    for root in (Path("/work/shared/data"), here.parent / "shared" / "data"):
        p = root / "extraction-dev" / "mozilla-readability" / "pages"
        if p.is_dir():
            return p
    return None


GOLD_SETS = ("passages.jsonl", "passages_r2.jsonl", "heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl",
             "heldout4.jsonl", "heldout5.jsonl", "heldout6.jsonl", "heldout7.jsonl", "heldout8.jsonl", "heldout9.jsonl", "negatives2.jsonl")


def _report(results: dict[str, tuple[dict[str, Score], dict[str, Score], Attributes]], label: str) -> None:
    modes = list(results)
    print(label)
    head = "".join(f" {m + ' P':>9} {'R':>6} {'F1':>6}" for m in modes)
    print(f"{'kind':<10}{head}   (tp/fp/fn of {modes[0]})")
    for kind in KINDS:
        row = ""
        for m in modes:
            s = results[m][1 if label.startswith("alias") else 0][kind]
            row += f" {s.precision:9.3f} {s.recall:6.3f} {s.f1:6.3f}"
        s0 = results[modes[0]][1 if label.startswith("alias") else 0][kind]
        print(f"{kind:<10}{row}   {s0.tp}/{s0.fp}/{s0.fn}")
    if label.startswith("alias"):
        for m in modes:
            a = results[m][2]
            if a.found:
                print(f"  {m}: commanders found with gold details {a.found}: group right {a.group_rate:.3f}, "
                      f"role right {a.role_rate:.3f} ({a.role_right}/{a.with_role})")


def main(argv: list[str] | None = None) -> int:
    from nlp.tagger import build_tagger
    from pipeline.settings import NlpSettings

    ap = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, action="append",
                    help="gold file (repeatable; default: every set in tests/gold)")
    ap.add_argument("--model", default=None,
                    help='one mode only: a spaCy model name, or "" for rules only (default: both side by side)')
    ap.add_argument("--errors", action="store_true", help="list every false positive / negative")
    ap.add_argument("--ucdp", type=Path, default=None, help="UCDP GED csv (default: shared data if present)")
    ap.add_argument("--pages", action="store_true",
                    help="also tag the 130 non-Afghan Readability pages (shared data) and list every hit")
    ap.add_argument("--keyfile", action="store_true",
                    help="also report recall of the IEC/AGCHO key file's district spellings (shared data)")
    args = ap.parse_args(argv)
    if args.keyfile:
        path = find_keyfile()
        if path is None:
            print("district key file not found", file=sys.stderr)
            return 1
        for label, only in (("gazetteer", False), ("generated from canonical names alone", True)):
            hit, total = score_keyfile(path, canonical_only=only)
            print(f"keyfile district spellings, {label}: {hit}/{total} = {hit / total:.3f}")
    models = [args.model] if args.model is not None else ["en_core_web_sm", ""]
    taggers = [build_tagger(NlpSettings(model=m)) for m in models]
    names = [t.mode for t in taggers]
    if len(set(names)) < len(names):
        names = [f"{n}{i}" for i, n in enumerate(names)]
    aliases = AliasIndex(taggers[0].gazetteer)
    paths = args.gold or [DEFAULT_GOLD.parent / n for n in GOLD_SETS if (DEFAULT_GOLD.parent / n).exists()]
    print(f"versions={taggers[0].versions}")
    for path, label, gold in ((p, lab, g) for p in paths for lab, g in by_language(load_gold(p))):
        results = {}
        for name, tagger in zip(names, taggers):
            results[name] = score_tagged(gold, list(tagger.tag_many(gold_items(gold))), aliases)
        print(f"\n== {path.name}{label}: {len(gold)} passages")
        _report(results, "strict (canonical names)")
        _report(results, "alias-aware (same entity under any gazetteer spelling)")
        if args.errors:
            strict, _, attrs = results[names[0]]
            for kind, s in strict.items():
                for e in s.errors:
                    print(f"  {kind}: {e}")
            for e in attrs.errors:
                print(f"  commander: {e}")
    if args.pages and (folder := find_extraction_dev()):
        for name, tagger in zip(names, taggers):
            hits = score_pages(tagger, folder)
            print(f"\nnon-Afghan pages, {name}: " + ", ".join(f"{k} {len(v)}" for k, v in hits.items()))
            for k, v in hits.items():
                for h in v:
                    print(f"  {k}: {h}")
    ucdp = args.ucdp or find_ucdp()
    if ucdp and ucdp.exists():
        for name, tagger in zip(names, taggers):
            for kind, (hit, total) in score_ucdp(tagger, ucdp).items():
                print(f"ucdp {name} {kind} recall: {hit}/{total} = {hit / total if total else 0:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
