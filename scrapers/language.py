"""The language of an article: what the page declares, checked against the script of its text.

Pages declare a language in `<html lang>`, Open Graph `og:locale`, JSON-LD `inLanguage` or a feed's
`<language>`, in many spellings: "fa-AF", "prs" (ISO 639-3 for Dari) and "per" are Dari/Persian, stored
as "fa"; "ps-AF", "pus", "pbt" are Pashto, stored as "ps" (`language_tag`). Afghan outlets often keep the
English template's `lang="en-US"` on their Dari and Pashto pages (and the reverse), so the text decides
when its script contradicts the declaration (`reconcile_language`).

`detect_language` is a small script-and-word detector, not a general identifier: it only has to tell the
outlets' English, Dari, Pashto (and stray Arabic, Urdu, Russian) pages apart. General identifiers were
weighed and not taken: lingua has no Pashto, and the n-gram models (py3langid, CLD2) decide Dari against
Pashto on the same evidence used here — Pashto's own letters (ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ) and function words —
while bringing a model file and giving answers that cannot be explained per page.
"""

from __future__ import annotations

import re

# Letters Pashto writes and Dari/Persian does not; and the Persian letters Arabic lacks.
_PASHTO = re.compile("[ټډړږښګڼېۍځڅ]")
_PERSIAN = re.compile("[پچژگکی]")
_URDU = re.compile("[ٹڈڑےںہ]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_ARABIC_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\u200c]+")
#: Function words frequent in one of the Arabic-script languages and rare in the others ("و", "که" and
#: "هم" are shared by Dari and Pashto, so they tell nothing).
_FUNCTION_WORDS = {
    "fa": frozenset(["در", "از", "است", "را", "این", "آن", "برای", "با", "می", "شد", "شده", "گفت", "کرد",
                     "بود", "های", "هستند", "نیز", "اند", "شود", "کند", "وی", "اما", "ولایت", "ولسوالی"]),
    "ps": frozenset(["د", "په", "کې", "کی", "چې", "دي", "ده", "یې", "وايي", "وایي", "ته", "سره", "دا",
                     "هغه", "شوي", "شوی", "وو", "وي", "نه", "لري", "کوي", "وویل", "ولسوالۍ", "پر", "څخه"]),
    "ar": frozenset(["في", "من", "على", "إلى", "التي", "الذي", "أن", "عن", "هذا", "هذه", "كان", "قال"]),
    "ur": frozenset(["کے", "ہے", "میں", "کی", "نے", "اور", "سے", "ہیں", "کو", "پر"]),
}
_STOPWORDS = {
    "en": frozenset(["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "said", "by",
                     "as", "from", "at", "his", "it", "an", "are", "were", "has", "have", "be", "which", "this",
                     "not", "but", "had", "they", "who", "their", "its", "been"]),
    "fr": frozenset(["le", "la", "les", "de", "des", "et", "un", "une", "est", "dans", "pour", "que", "qui", "sur",
                     "par", "pas", "du", "au", "avec", "ce", "il"]),
    "es": frozenset(["el", "la", "los", "las", "de", "y", "en", "que", "un", "una", "es", "por", "con", "para",
                     "del", "al", "se", "no", "lo", "su"]),
    "de": frozenset(["der", "die", "das", "und", "in", "den", "von", "zu", "mit", "ist", "im", "nicht", "ein",
                     "eine", "des", "auf", "für", "sich", "dem"]),
    "it": frozenset(["il", "di", "che", "la", "e", "un", "una", "per", "non", "con", "del", "della", "sono", "le",
                     "gli", "si", "da", "al"]),
    "pt": frozenset(["o", "a", "os", "as", "de", "e", "que", "um", "uma", "do", "da", "em", "para", "com", "não",
                     "no", "na", "por", "se"]),
}
#: Declared codes and names that mean Dari/Persian or Pashto, beyond the two-letter "fa" and "ps".
_ALIASES = {
    "prs": "fa", "per": "fa", "fas": "fa", "pes": "fa", "dari": "fa", "persian": "fa", "farsi": "fa",
    "pus": "ps", "pbt": "ps", "pbu": "ps", "pst": "ps", "pashto": "ps", "pushto": "ps",
    "eng": "en", "english": "en", "ara": "ar", "arb": "ar", "urd": "ur",
}
#: Languages `detect_language` tells apart by script alone, so its answer beats a page's declaration.
SCRIPT_LANGUAGES = frozenset({"fa", "ps", "ar", "ur", "ru"})


def language_tag(tag: str | None) -> str | None:
    """A declared language as the code stored: "fa-AF", "prs", "fa_IR" -> "fa"; "ps-AF", "pus" -> "ps".

    Other tags keep their primary subtag, lower-cased ("en-US" -> "en"); an empty tag is None.
    """
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-")[0].strip().lower()
    return _ALIASES.get(primary, primary) or None


def _arabic_script_language(sample: str, arabic: int) -> str:
    words = _ARABIC_WORD.findall(sample)
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _FUNCTION_WORDS.items()}
    pashto_letters = len(_PASHTO.findall(sample))
    if len(_URDU.findall(sample)) > arabic / 100 and scores["ur"] > max(scores["fa"], scores["ps"]):
        return "ur"
    if scores["ar"] > max(scores["fa"], scores["ps"], 1) and not _PERSIAN.search(sample):
        return "ar"
    words_say = scores["ps"] - scores["fa"]
    if pashto_letters >= 3 and pashto_letters > arabic / 200:
        # Pashto's letters, unless the words are plainly Dari (a Dari story quoting Pashto names).
        return "fa" if words_say < 0 and scores["fa"] >= 3 * max(scores["ps"], 1) else "ps"
    if words_say > 2 and pashto_letters:
        return "ps"
    if _PERSIAN.search(sample) or scores["fa"]:
        return "fa"
    return "ar"


def detect_language(text: str | None) -> str | None:
    """A best guess at a text's language from its script and common words; None when unsure.

    Enough to tell the outlets' English pages from their Dari (fa), Pashto (ps), Russian or Urdu-script
    ones when the page does not say; not a general-purpose identifier.
    """
    if not text:
        return None
    sample = text[:3000]
    letters = len(_LETTER.findall(sample))
    if letters < 20:
        return None
    arabic = len(_ARABIC.findall(sample))
    if arabic > letters / 2:
        return _arabic_script_language(sample, arabic)
    if len(_CYRILLIC.findall(sample)) > letters / 2:
        return "ru"
    if len(_LATIN.findall(sample)) > letters / 2:
        words = re.findall(r"[a-zà-ÿ]+", sample.lower())
        if not words:
            return None
        scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
        best = max(scores, key=scores.__getitem__)
        return best if scores[best] >= max(2, len(words) * 0.05) else None
    return None


def reconcile_language(declared: str | None, text: str | None) -> str | None:
    """The declared language, unless the text's script contradicts it; detection when nothing is declared.

    Multilingual sites often keep `lang="en-US"` on their Dari and Pashto pages (and the reverse): the
    script of the text settles that, since entity tagging picks its pipeline by the stored language.
    """
    declared = language_tag(declared)
    if declared and declared not in SCRIPT_LANGUAGES:
        sample = (text or "")[:3000]
        if not _ARABIC.search(sample) and not _CYRILLIC.search(sample):
            return declared  # no script to contradict it (detection would only guess among Latin languages)
    detected = detect_language(text)
    if not declared:
        return detected
    if detected and detected != declared and (detected in SCRIPT_LANGUAGES or declared in SCRIPT_LANGUAGES):
        return detected
    return declared
