"""Afghan personal names from Persian/Pashto script to their usual English press spelling (issue 15).

A person the gazetteer does not know must get the same canonical name whether an English or a Dari/Pashto
outlet reports him, so the Persian-script name is transliterated the way the English press writes it:

1. the name is cut into *name units*, the way "Abdul Rahman" or "Sirajuddin" is one unit in English:
   عبد + X ("عبدالرحمن", "عبد الرحمن") -> "Abdul X"; X + الله -> "Xullah"; X + الدین -> "Xuddin";
   X + الرحمن -> "X-ur-Rahman"; X + الحق (or another ال- word) -> "X ul-Haq"; X + زاده / خیل / زی -> "Xzada",
   "Xkhel", "Xzai";
2. each part is looked up in a lexicon of name parts learned from aligned pairs (`data/name_parts.csv`, made by
   `learn_parts` from the UN 1988 list's original-script and English names and the project's own Persian names
   of English entities), with the press forms of the commonest parts (محمد Mohammad, احمد Ahmad) fixed;
3. a part the lexicon does not know is spelt letter by letter with the usual conventions: و is w at the start
   of a word or beside ا, o at the end, u between consonants; ی is y at the start or before a vowel letter,
   i elsewhere; a final ه after a consonant is a; initial ا and آ are a; the unwritten short vowels are
   guessed from the shape of the consonant run (a after the first consonant, i in the CāCiC pattern of
   "Hamid", "Zahid").

The output is meant to meet the English gazetteer's spellings through its transliteration-blind comparison
(`nlp.gazetteer.name_skeleton`), not to be a scholarly romanisation.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.gazetteer import name_skeleton
from nlp.persian.normalise import fold, persianised

DATA_FILE = Path(__file__).resolve().parent / "data" / "name_parts.csv"

# Press forms that win over the data (the UN list writes "Muhammad", "Mohammed" and "Mohammad" for one name).
PRESS_FORMS = {"محمد": "Mohammad", "احمد": "Ahmad", "الله": "Allah",
               # Arabic names ending in alef maksura (ى, folded to ی): the letter is "a", not "i"
               "عیسی": "Isa", "موسی": "Musa", "یحیی": "Yahya", "مصطفی": "Mustafa", "مرتضی": "Murtaza",
               "مجتبی": "Mujtaba", "یحیا": "Yahya"}

_ABD = "عبد"
_TAILS = {"الله": "ullah", "الدین": "uddin", "الرحمن": "ur_rahman", "الرحمان": "ur_rahman"}
_UL_TAILS = frozenset({"الحق", "الاسلام", "الامین", "الهدی"})  # "Anwar ul-Haq", "Fakhr ul-Islam"
_SUFFIXES = (("زاده", "zada"), ("خیل", "khel"))

# letter-level spellings of the consonants (Pashto letters in their own right)
_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "gh",
    "ف": "f", "ق": "q", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "",
    "\ue000": "khw", "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ګ": "g", "ڼ": "n", "ځ": "z", "څ": "s",
}


@dataclass(frozen=True)
class Unit:
    """One name unit: `kind` is "word", "abd", "ullah", "uddin", "ur_rahman", "ul", "zada" or "khel"; `stem`
    the Persian part the rule wraps ("رحمن" of "عبدالرحمن"); `tail` the article word of "ul" ("حق")."""

    kind: str
    stem: str
    tail: str = ""


def part_key(word: str) -> str:
    """A Persian-script name part in the lexicon's spelling: folded, Pashto letters in Persian form."""
    return persianised(fold(word)).replace(" ", "")


def name_units(name: str) -> list[Unit]:
    """The name units of a Persian-script name ("عبدالرحمن فاروقی" -> abd(رحمن), word(فاروقی))."""
    words = [part_key(w) for w in fold(name).split(" ") if w]
    words = [w for w in words if w]
    out: list[Unit] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == _ABD and nxt:
            out.append(Unit("abd", _strip_al(nxt)))
            i += 2
            continue
        if w.startswith(_ABD + "ال") and len(w) > 5:
            out.append(Unit("abd", "الله" if w[3:] == "الله" else w[5:]))
            i += 1
            continue
        if nxt in _TAILS and w != _ABD:
            out.append(Unit(_TAILS[nxt], w))
            i += 2
            continue
        if nxt in _UL_TAILS:
            out.append(Unit("ul", w, nxt[2:]))
            i += 2
            continue
        if nxt in ("زاده", "خیل"):
            out.append(Unit("zada" if nxt == "زاده" else "khel", w))
            i += 2
            continue
        out.append(_joined_unit(w))
        i += 1
    return out


def _strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _joined_unit(w: str) -> Unit:
    """A one-word unit whose tail is written joined ("عصمت‌الله" typed "عصمتالله", "نورالدین")."""
    for tail, kind in _TAILS.items():
        if w.endswith(tail) and len(w) - len(tail) >= 2:
            return Unit(kind, w[: -len(tail)])
    for tail, kind in _SUFFIXES:
        if w.endswith(tail) and len(w) - len(tail) >= 3:
            return Unit(kind, w[: -len(tail)])
    return Unit("word", w)


# ---------------------------------------------------------------------- the English side of aligned pairs
_EN_ABD = re.compile(r"^abd(?:ul|ur|el|al|ol|u)?[\s-]?(.+)$", re.IGNORECASE)
_EN_ULLAH = re.compile(r"^(.+?)[uoai]?[uo]?ll?ah?$", re.IGNORECASE)
_EN_UDDIN = re.compile(r"^(.+?)(?:ou|u|o|a|e|aw|au)?dd?(?:i|ee|e)ne?$", re.IGNORECASE)
_EN_RAHMAN = re.compile(r"^(.+?)(?:[\s-]?[uaei]r)?[\s-]?rah?man$", re.IGNORECASE)


def english_units(name: str) -> list[str]:
    """The name units of an English name: "Abdul X" and "X ur-Rahman"/"X ul-Haq" are one unit each."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.lower() in ("abdul", "abdur", "abdel", "abd", "abdal", "abdol") and i + 1 < len(words):
            out.append(f"{w} {words[i + 1]}")
            i += 2
            continue
        if out and re.match(r"^(?:ur|ul|ud|u[rl]-\w+)$", w, re.IGNORECASE):
            out[-1] += " " + w
            if "-" not in w and i + 1 < len(words):
                out[-1] += " " + words[i + 1]
                i += 1
            i += 1
            continue
        out.append(w)
        i += 1
    return out


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:].lower() if s else s


def _english_stem(unit: Unit, english: str) -> str | None:
    """The English spelling of `unit.stem` read off the English unit that renders it, or None."""
    e = english.strip(" -")
    if unit.kind == "word":
        return _cap(e) if " " not in e else None
    pattern = {"abd": _EN_ABD, "ullah": _EN_ULLAH, "uddin": _EN_UDDIN, "ur_rahman": _EN_RAHMAN}.get(unit.kind)
    if unit.kind in ("zada", "khel"):
        m = re.match(r"^(.+?)[\s-]?(?:zada|zadah|khel|khail)$", e, re.IGNORECASE)
    elif unit.kind == "ul":
        m = re.match(r"^(.+?)[\s-]+u[ld][\s-]\w+$", e, re.IGNORECASE)
    elif pattern is None:
        return None
    else:
        m = pattern.match(e)
    if not m or len(m.group(1)) < 2 or not m.group(1).replace("-", "").isalpha():
        return None
    return _cap(m.group(1).strip(" -"))


def align(persian: str, english: str) -> list[tuple[str, str]]:
    """(Persian part, English spelling) pairs of one aligned name, when both sides have as many units."""
    units, en = name_units(persian), english_units(english)
    if len(units) != len(en):
        return []
    out = []
    for u, e in zip(units, en):
        if u.kind == "abd" and u.stem == "الله":
            continue
        stem = _english_stem(u, e)
        if stem and len(u.stem) >= 2 and _plausible(u.stem, stem):
            out.append((u.stem, stem))
    return out


def _plausible(part: str, spelling: str) -> bool:
    """Whether an English spelling can be a reading of a Persian part at all: their consonant skeletons agree
    in the main, so a nom de guerre beside a name ("شهاب المهاجر" for Sanaullah Ghafari) teaches nothing."""
    a, b = name_skeleton(letters(part_key(part))), name_skeleton(spelling)
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.5


def learn_parts(pairs: Iterable[tuple[str, str, int]]) -> dict[str, Counter[str]]:
    """Name-part spellings counted over (Persian name, English name, weight) pairs."""
    table: dict[str, Counter[str]] = {}
    for persian, english, weight in pairs:
        for part, spelling in align(persian, english):
            table.setdefault(part, Counter())[spelling] += weight
    return table


# ---------------------------------------------------------------------- spelling
class Transliterator:
    """Persian-script names -> English spellings, over a lexicon of name parts (part -> English spelling)."""

    def __init__(self, parts: dict[str, str]) -> None:
        self.parts = {**parts, **PRESS_FORMS}

    @classmethod
    def from_counts(cls, table: dict[str, Counter[str]]) -> Transliterator:
        """The lexicon's commonest spelling of each part (ties: the alphabetically first, for stable output)."""
        return cls({k: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, c in table.items() if c})

    def part(self, stem: str) -> str:
        """One name part: the lexicon's spelling, else the letter-level one."""
        key = part_key(stem)
        if key in self.parts:
            return self.parts[key]
        if len(key) > 3 and key.endswith("ی") and key[:-1] in self.parts:
            return self.parts[key[:-1]] + "i"  # the nisba of a known name: Mohammadi, Omari
        return _cap(letters(key))

    def unit(self, u: Unit) -> str:
        """One name unit in English."""
        if u.kind == "abd":
            return "Abdullah" if u.stem == "الله" else "Abdul " + self.part(u.stem)
        if u.kind == "ul":
            return f"{self.part(u.stem)} ul-{self.part(u.tail)}"
        if u.kind == "ur_rahman":
            return self.part(u.stem) + "-ur-Rahman"
        stem = self.part(u.stem)
        if u.kind == "ullah":
            return stem + ("llah" if stem.endswith("u") else "ullah")
        if u.kind == "uddin":
            return stem + "uddin"
        if u.kind in ("zada", "khel"):
            return stem + u.kind
        return stem

    def __call__(self, name: str) -> str:
        """The English spelling of a whole Persian-script name ("مولوی" and other titles are not stripped here)."""
        return " ".join(self.unit(u) for u in name_units(name))


def _vowel_kind(word: str, i: int) -> str | None:
    """What the letter at `i` is in the letter-level reading: "V" a vowel letter, "C" a consonant."""
    ch = word[i]
    if ch == "ا":
        return "V"
    if ch in "وی":
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if i == 0 or prev == "ا" or nxt in "اوی" and nxt:
            return "C"
        if ch == "و" and i >= 2 and word[i - 2] == "ا" and prev != "و" and nxt:
            return "C"  # Anwar, Dilawar: a closed syllable before it
        return "V"
    if ch in "ېۍ":
        return "V"
    return "C"


def letters(word: str) -> str:
    """A name part the lexicon does not know, spelt letter by letter with the press conventions (lower case)."""
    if not word:
        return ""
    if len(word) > 4 and word.endswith("زی") and word[-3] != "ا":  # Noorzai, Achakzai, Stanikzai (not Niazi)
        return letters(word[:-2]) + "zai"
    word = word.replace("خوا", "\ue000ا")  # Khwaja, Khairkhwah: one onset
    out: list[str] = []
    run: list[str] = []  # consonants not yet written
    last_vowel = ""  # "" none yet, "A" an initial short a, "a" the letter ا, "u"/"i" و/ی as vowels

    def flush(final: bool) -> None:
        nonlocal run
        n = len(run)
        if not n:
            return
        pieces = []
        for k, c in enumerate(run):
            pieces.append(c)
            if k == n - 1:
                break
            if not last_vowel:
                # a run opening the word: a vowel after its first consonant and after every second one
                # (Rahmat, Sardar, Farhad); a word of three consonants alone is CaCaC (Hasan, Nazar)
                if k == 0 or k % 2 == 0 or final and n == 3 and k == 1:
                    pieces.append("a")
            elif k == n - 2 and (n >= 3 or final):
                # a closing run after a vowel: Ashraf, Akbar; CāCiC (Hamid, Zahid), but Akhund
                if n >= 3:
                    pieces.append("a")
                elif last_vowel == "a":
                    pieces.append("a" if c in ("w", "y") else "i")  # Hamid, Zahid; Dilawar
                elif last_vowel == "A":
                    pieces.append("a")
        out.append("".join(pieces))
        run = []

    for i, ch in enumerate(word):
        last = i == len(word) - 1
        nxt = word[i + 1] if not last else ""
        if ch == "ع":
            # a vowel onset at the start (Aziz, Ali); "a" between a consonant and a consonant (Masud keeps
            # none before و); silent elsewhere
            if i == 0:
                if nxt != "ا":
                    out.append("a")
                    last_vowel = "A"
            elif run and nxt and nxt not in "او":
                flush(False)
                out.append("a")
                last_vowel = "A"
            continue
        if ch == "آ":
            flush(False)
            out.append("a")
            last_vowel = "a"
            continue
        if ch == "ه" and last and i > 0:
            if word[i - 1] in "او" or word[i - 1] == "ی" and _vowel_kind(word, i - 1) == "V":
                run.append("h")  # Shah, Allah
                flush(True)
            else:
                flush(False)
                out.append("a")  # Zada, Khwaja, Hamza
            continue
        if _vowel_kind(word, i) == "C":
            run.append({"و": "w", "ی": "y"}.get(ch) or _CONSONANTS.get(ch, ""))
            continue
        flush(False)
        if ch == "ا":
            out.append("a")
            last_vowel = "A" if i == 0 else "a"
        elif ch == "و":
            out.append("o" if last else "u")
            last_vowel = "u"
        elif ch == "ۍ":
            out.append("ai")
            last_vowel = "i"
        else:
            out.append("e" if ch == "ې" else "i")
            last_vowel = "i"
    flush(True)
    return re.sub(r"[^a-z]", "", "".join(out))


def read_parts(path: Path = DATA_FILE) -> dict[str, Counter[str]]:
    """The learned lexicon file: part -> spelling counts."""
    table: dict[str, Counter[str]] = {}
    if not path.exists():
        return table
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table.setdefault(row["fa"], Counter())[row["en"]] += int(row["count"])
    return table


@lru_cache(maxsize=1)
def default_transliterator() -> Transliterator:
    """The transliterator over the shipped lexicon (read once)."""
    return Transliterator.from_counts(read_parts())


def transliterate(name: str) -> str:
    """The usual English spelling of a Persian- or Pashto-script personal name."""
    return default_transliterator()(name)
