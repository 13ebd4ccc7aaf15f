"""The Dari (fa) and Pashto (ps) pipelines, built once per tagger, and language detection by script.

Tokenizers: Dari uses spaCy's own Persian language (`spacy.blank("fa")`: rule-based, no extra packages; its
punctuation rules know ، ؛ ؟ « »). spaCy has no Pashto; Pashto uses the multi-language tokenizer
(`spacy.blank("xx")`), which splits on spaces and on Unicode punctuation only and has no Persian exceptions:
Pashto's own letters (ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ) are letters to it, so no Pashto word is split or folded. Both
pipelines read the matching copy of `nlp.persian.normalise` (ZWNJ already a space), split sentences with the
same array sentencizer as English and match the same Persian-script gazetteer (Pashto news writes many names
the Persian way and Dari news quotes Pashto ones).
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

import nlp.components  # noqa: F401  (registers "frontwatch_sentences")
from nlp.persian.gazetteer import PersianGazetteer, load_persian_gazetteer
from nlp.persian.normalise import PASHTO_LETTERS
from nlp.persian.resolve import BLOCK, BLOCK_PHRASES, SPANS_KEY

LANGS = ("fa", "ps")
SPACY_LANG = {"fa": "fa", "ps": "xx"}


@Language.factory("frontwatch_persian_gazetteer", default_config={"data_dir": None})
def make_persian_matcher(nlp: Language, name: str, data_dir: str | None) -> PersianMatcher:
    return PersianMatcher(nlp, load_persian_gazetteer(data_dir))


class PersianMatcher:
    """Adds every Persian-script gazetteer candidate (overlaps included) to `doc.user_data["frontwatch_fa"]`."""

    def __init__(self, nlp: Language, gazetteer: PersianGazetteer) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_entry: dict[str, list[str]] = {}
        for form, ids in gazetteer.phrases.items():
            for entry_id in ids:
                by_entry.setdefault(entry_id, []).append(form)
        tokenizer = nlp.tokenizer
        for entry_id, forms in by_entry.items():
            self.matcher.add(entry_id, list(tokenizer.pipe(sorted(forms))))
        self.matcher.add(BLOCK, list(tokenizer.pipe(BLOCK_PHRASES)))
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        strings = self.strings
        doc.user_data[SPANS_KEY] = [(s, e, strings[m]) for m, s, e in self.matcher(doc)]
        return doc


def build_persian_pipeline(lang: str, data_dir: str | None = None) -> Language:
    """The rule pipeline of one language: tokenizer, sentences, Persian-script gazetteer matcher."""
    nlp = spacy.blank(SPACY_LANG[lang])
    nlp.add_pipe("frontwatch_sentences", first=True)
    nlp.add_pipe("frontwatch_persian_gazetteer", config={"data_dir": data_dir})
    return nlp


_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
# Pashto-only letters and words: a few of them decide Pashto (Dari never writes ټ ډ ړ ښ ږ ڼ ځ څ ې ۍ)
_PASHTO_WORDS = re.compile(r"(?<!\S)(?:د|په|کې|او|دي|ده|وو|شوي|ته|له|څخه|وايي|ویلي)(?!\S)")


def detect_language(text: str | None) -> str:
    """"en", "fa" or "ps" by script: Persian script when it is most of the letters; Pashto when Pashto's own
    letters (or its function words) are frequent enough among them."""
    if not text:
        return "en"
    sample = text[:4000]
    if sample.isascii() or not _ARABIC_LETTER.search(sample):
        return "en"
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "en"
    arabic = len(_ARABIC_LETTER.findall(sample))
    if arabic / letters < 0.5:
        return "en"
    pashto = sum(1 for c in sample if c in PASHTO_LETTERS)
    words = len(_PASHTO_WORDS.findall(sample))
    return "ps" if pashto / arabic > 0.01 or words >= 3 and pashto >= 1 else "fa"


def language_of(lang: str | None, text: str | None) -> str:
    """The pipeline for an article's language: its ISO code ("fa", "prs", "fa-AF", "ps", "pus", "en-GB"), or
    detection by script when None, empty or "auto"; any other language is "none": no pipeline tags it (German or
    Urdu text is not read with English or Persian rules)."""
    code = (lang or "auto").lower().replace("_", "-").split("-")[0]
    if code in ("", "auto", "und"):
        return detect_language(text)
    if code in ("fa", "prs", "per", "fas", "dari"):
        return "fa"
    if code in ("ps", "pus", "pbt", "pashto"):
        return "ps"
    if code == "en":
        return "en"
    return "none"
