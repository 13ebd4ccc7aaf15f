"""Orthographic normalisation of Dari/Persian and Pashto text before matching, offsets kept.

The same name is typed many ways in Persian-script news: with the Arabic yeh and kaf (ي ك) or the Persian ones
(ی ک), the alef maksura (ى) for yeh, teh marbuta (ة) or heh with hamza (ۀ, هٔ) for heh, tatweel (ـ) stretching
a word, harakat (ـَ ـِ ـُ ـّ) on some letters, a zero-width non-joiner (ZWNJ) inside "ولسوالی‌ها" or "می‌گوید"
where another writer puts a space or nothing, and digits in three alphabets (۱۲, ١٢, 12). The matching copy has

- ي ى (Arabic yeh, alef maksura) and ئ (yeh with hamza, written or not in "بارکزائی") -> ی; ك -> ک; ة ۀ ە ہ ھ -> ه; أ إ ٱ آ -> ا; ؤ -> و (one letter for one);
- Persian (۰-۹) and Arabic-Indic (٠-٩) digits -> ASCII digits, ٫ -> "." and ٬ -> ",";
- the ZWNJ -> a space: for matching it is a join inside one word, so the copy writes it the way the spaced
  spelling does, and every multi-part name and cue is looked up both spaced and joined (`joined_forms`), which
  makes "ولسوالی‌ها", "ولسوالی ها" and "ولسوالیها" one spelling for the rules;
- tatweel, the zero-width joiner and space, and the combining marks (harakat, the hamza above of هٔ,
  superscript alef) dropped, with a map back to the original offsets;
- presentation forms (ﺻ ﻤ ﺁ, pasted from PDFs) folded to their letters;
- the Latin-script folds of `nlp.normalise` (quotes, dashes, exotic spaces) as in English.

Pashto's own letters (ټ ډ ړ ږ ښ ګ ڼ ې ۍ) are kept as they are: they are not spelling variants of Persian
letters inside Pashto text, and folding them would merge different words. The gazetteer instead carries the
usual cross-spellings of Pashto names as generated aliases (`pashto_variants`).
"""

from __future__ import annotations

import re
import unicodedata

from nlp.normalise import ONE_TO_ONE, Normalised, dropping

ZWNJ = "\u200c"
PASHTO_LETTERS = frozenset("ټډړږښګڼېۍځڅ")


def _table() -> dict[int, str]:
    table = dict(ONE_TO_ONE)
    for ch in "يىۑئ":
        table[ord(ch)] = "ی"
    table[ord("ك")] = "ک"
    for ch in "ةۀەہھۂ":
        table[ord(ch)] = "ه"
    for ch in "أإٱآٲٳ":
        table[ord(ch)] = "ا"
    table[ord("ؤ")] = "و"
    for i in range(10):
        table[0x06F0 + i] = str(i)
        table[0x0660 + i] = str(i)
    table[0x066B] = "."
    table[0x066C] = ","
    table[ord(ZWNJ)] = " "
    # presentation forms that fold to one letter (ligatures of two letters are left as they are)
    for code in (*range(0xFB50, 0xFDFF), *range(0xFE70, 0xFEFF)):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = table.get(ord(folded), folded)
    return table


TABLE = _table()
# dropped: tatweel, zero-width space/joiner, soft hyphen, BOM, word joiner, harakat and Quranic marks,
# superscript alef, Latin combining marks
_DROP = re.compile("[\u0640\u200b\u200d\u00ad\ufeff\u2060\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"
                   "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]+")


def normalise_fa(text: str) -> Normalised:
    """The matching copy of a Persian or Pashto text, with `Normalised.span` mapping offsets back."""
    return dropping(text.translate(TABLE), text, _DROP)


def fold(form: str) -> str:
    """A gazetteer or lexicon form in the matching spelling, spaces collapsed."""
    return re.sub(r"\s+", " ", normalise_fa(unicodedata.normalize("NFKC", form)).text).strip()


# Second parts of compound names, written joined or apart ("جلال آباد" / "جلالاباد", "سید خیل" / "سیدخیل").
_JOINABLE_TAILS = ("اباد", "خیل", "کوت", "دره", "زی", "زاده", "شهر", "قلعه", "الله", "الدین", "الرحمن",
                   "الرحمان", "گل", "جان", "ګل", "کوټ")


def joined_forms(form: str) -> set[str]:
    """A folded form written spaced and joined: every space between two parts dropped or kept, and a known
    compound tail ("اباد", "خیل", "الله" ...) split off a one-word form."""
    out = {form}
    parts = form.split(" ")
    if 1 < len(parts) <= 4:
        for mask in range(1 << (len(parts) - 1)):
            s = parts[0]
            for k, p in enumerate(parts[1:]):
                s += ("" if mask >> k & 1 else " ") + p
            out.add(s)
    for f in sorted(out):  # a copy: the loop adds to `out`
        for word in f.split(" "):
            for tail in _JOINABLE_TAILS:
                if word.endswith(tail) and len(word) - len(tail) >= 2:
                    out.add(f.replace(word, word[: -len(tail)] + " " + tail, 1))
    return out


_TO_PERSIAN = str.maketrans({"ټ": "ت", "ډ": "د", "ړ": "ر", "ږ": "ژ", "ښ": "ش", "ګ": "گ", "ڼ": "ن", "ې": "ی",
                             "ۍ": "ی", "ځ": "ز", "څ": "س"})


def persianised(form: str) -> str:
    """A Pashto spelling in Persian letters, as Dari texts write Pashto names ("کوټ" -> "کوت")."""
    return form.translate(_TO_PERSIAN)


def pashto_variants(form: str) -> set[str]:
    """The usual Pashto cross-spellings of a (folded) name: Persian گ written ګ, and a word-final ی written ۍ
    or ې (Pashto texts use both the Persian and the Pashto letter); generated, never typed by hand."""
    base = persianised(form)
    out = {form, base}
    for f in sorted(out):  # a copy: the loop adds to `out`
        if "گ" in f:
            out.add(f.replace("گ", "ګ"))
    for f in sorted(out):  # a copy: the loop adds to `out`
        # the oblique case of a name ending in -ه is written -ې ("په ناوې ولسوالۍ کې")
        if f.endswith("ه") and len(f) > 3:
            out.add(f[:-1] + "ې")
    for f in sorted(out):  # a copy: the loop adds to `out`
        words = f.split(" ")
        if any(w.endswith("ی") and len(w) > 2 for w in words):
            for end in ("ۍ", "ې"):
                out.add(" ".join(w[:-1] + end if w.endswith("ی") and len(w) > 2 else w for w in words))
    return out


_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", ZWNJ: " "})


def display_name(text: str) -> str:
    """The canonical spelling of a name known only in Persian script: as written, with the Arabic yeh/kaf, the
    teh marbuta, diacritics, tatweel and ZWNJ folded (so one person spelt two ways is one entity)."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", text)).translate(_DISPLAY)
    return re.sub(r"\s+", " ", text).strip()
