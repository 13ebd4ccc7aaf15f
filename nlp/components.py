"""The spaCy component that finds gazetteer phrases; registered with `@Language.factory`.

It only matches: it runs two `PhraseMatcher`s (lower-case for names, exact case for acronyms) and
stores the raw candidates in `doc.user_data["frontwatch"]` as (start, end, label) token triples, the
label being an entry id (or `BLOCK` for phrases that hide a look-alike, such as "Gorno-Badakhshan");
plain tuples, because making a spaCy `Span` per candidate costs more than the matching. Deciding what a candidate
means is `nlp.resolve`'s job, which reads the spans and never leaves spaCy objects outside `nlp/`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet

import numpy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]
from spacy.tokens import Doc

from nlp.gazetteer import Gazetteer, load_gazetteer

SPANS_KEY = "frontwatch"
_NOT_START = 2**64 - 1  # SENT_START -1 (not a sentence start) as the uint64 spaCy's arrays hold
BLOCK = "BLOCK"

# Names that contain a gazetteer name but are something else (a river, a bank, a foreign region,
# a nickname). Longest match wins, so these swallow the inner name.
BLOCK_PHRASES = (
    "Gorno-Badakhshan", "Gorno Badakhshan", "Gorno-Badakhshan Autonomous Region", "Kuhistoni Badakhshon",
    "Sher-e-Panjshir", "Sher-i-Panjshir", "Shir-e-Panjshir", "Lion of Panjshir", "Helmand River", "Kabul River",
    "Kunar River", "Amu Darya", "Kabul Bank", "New Kabul Bank", "Kabul University", "Herat University",
    "Kandahar University", "Nangarhar University", "Balkh University", "Kabul Polytechnic", "Hirmand",
    "Khyber Pakhtunkhwa", "Sistan and Baluchestan", "Sistan-Baluchestan", "Kabul Process", "Kabul Times",
    "Radio Kabul", "Kabul Now", "Kabul-based", "Kabul Declaration",
    "Kandahar hijacking", "Bagram Museum", "Kunduz River", "Panjshir River", "Logar River", "Farah River",
    "Khash River", "Arghandab River", "Charsadda", "Zabol city", "Zabol County",
    "Dera Ismail Khan", "Dera Ghazi Khan", "Kabul Airlines", "Kam Air",
)


def build_matchers(nlp: Language, gazetteer: Gazetteer) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Phrase matchers for every spelling of every entry (the slow part; done once per tagger)."""
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_entry_lower: dict[str, set[str]] = {}
    by_entry_exact: dict[str, set[str]] = {}
    for form, entry_id, case_sensitive in gazetteer.phrases():
        (by_entry_exact if case_sensitive else by_entry_lower).setdefault(entry_id, set()).add(form)
    tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
    for table, matcher in ((by_entry_lower, lower), (by_entry_exact, exact)):
        for entry_id, forms in table.items():
            matcher.add(entry_id, list(tokenizer.pipe(sorted(forms))))
    lower.add(BLOCK, list(tokenizer.pipe(BLOCK_PHRASES)))
    return lower, exact


@Language.factory("frontwatch_gazetteer", default_config={"data_dir": None})
def make_gazetteer_matcher(nlp: Language, name: str, data_dir: str | None) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_gazetteer(data_dir))


class GazetteerMatcher:
    """Adds every gazetteer candidate (overlaps included) to `doc.user_data["frontwatch"]`."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.lower, self.exact = build_matchers(nlp, gazetteer)
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        strings = self.strings
        doc.user_data[SPANS_KEY] = [(start, end, strings[match_id]) for matcher in (self.lower, self.exact)
                                    for match_id, start, end in matcher(doc)]
        return doc


#: What ends a sentence: the characters of spaCy's rule-based sentencizer.
SENTENCE_ENDS = frozenset(Sentencizer.default_punct_chars)


def sentence_starts(tokens: Sequence[Hashable], is_punct: Sequence[int], ends: AbstractSet[Hashable]) -> list[int]:
    """The tokens that start a sentence, by spaCy's sentencizer rule: the first token, and after a token in `ends`
    the next one that is neither punctuation nor in `ends` (tokens as texts or as ORTH ids, `ends` alike). Only
    the (few) end tokens are visited."""
    n = len(tokens)
    if not n:
        return []
    starts = [0]
    k = 0
    for i in [i for i, t in enumerate(tokens) if t in ends]:
        if i < k:
            continue  # within the run of punctuation already skipped
        k = i + 1
        while k < n and (is_punct[k] or tokens[k] in ends):
            k += 1
        if k < n:
            starts.append(k)
    return starts


@Language.factory("frontwatch_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp)


class SentenceSplitter:
    """spaCy's rule-based `sentencizer` (a sentence ends after one of its punctuation characters, at the next
    token that is not punctuation), read and written as arrays: the stock component builds a Token object
    per token, which costs more than all of rules-only tagging's matching. The Dari and Pashto pipelines run it;
    the English one reads `sentence_starts` off the token texts it has anyway (`nlp.resolve.context`,
    `nlp.events.coder`), which costs less than writing SENT_START and reading it back."""

    def __init__(self, nlp: Language) -> None:
        self.punct = frozenset(nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        orth, is_punct = doc.to_array([ORTH, IS_PUNCT]).T.tolist()
        starts = [_NOT_START] * n
        for k in sentence_starts(orth, is_punct, self.punct):
            starts[k] = 1
        doc.from_array([SENT_START], numpy.array(starts, dtype="uint64").reshape(n, 1))  # type: ignore[arg-type]
        return doc
