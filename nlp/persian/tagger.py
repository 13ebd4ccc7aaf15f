"""`PersianTagger`: the Dari and Pashto half of `nlp.tagger.Tagger` (which dispatches to it by language).

Mentions and events come out exactly as the English tagger's do: `pipeline.records.Mention` and `Event`
records, offsets and quotes into the text as given, canonical names of the English gazetteer.
"""

from __future__ import annotations

from datetime import date, datetime

from spacy.language import Language

from nlp.normalise import Normalised
from nlp.persian.events import PersianEventCoder
from nlp.persian.gazetteer import load_persian_gazetteer
from nlp.persian.normalise import normalise_fa
from nlp.persian.pipeline import LANGS, build_persian_pipeline
from nlp.persian.resolve import PersianResolver
from pipeline.records import Event, Mention

Published = date | datetime | None


class PersianTagger:
    """Tags Dari (fa) and Pashto (ps) texts; each language's spaCy pipeline is built on first use."""

    def __init__(self, data_dir: str | None = None) -> None:
        self.data_dir = data_dir
        self.gazetteer = load_persian_gazetteer(data_dir)
        self.resolver = PersianResolver(self.gazetteer)
        self.coder = PersianEventCoder(self.gazetteer)
        self._nlp: dict[str, Language] = {}

    def pipeline(self, lang: str) -> Language:
        """The spaCy pipeline of "fa" or "ps" (built once)."""
        if lang not in LANGS:
            raise ValueError(f"no Persian-script pipeline for language {lang!r}")
        if lang not in self._nlp:
            self._nlp[lang] = build_persian_pipeline(lang, self.data_dir)
        return self._nlp[lang]

    def tag(self, text: str | None, lang: str) -> list[Mention]:
        """All mentions of one text, in text order."""
        norm = normalise_fa(text or "")
        doc = self.pipeline(lang)(norm.text)
        return _restore(self.resolver.mentions(doc), norm)

    def analyse(self, text: str | None, published: Published, lang: str) -> tuple[list[Mention], list[Event]]:
        """(mentions, events) of one text."""
        norm = normalise_fa(text or "")
        doc = self.pipeline(lang)(norm.text)
        mentions = self.resolver.mentions(doc)
        events = self.coder.events(doc, mentions, published, lang)
        return _restore(mentions, norm), _restore(events, norm)


def _restore(items, norm: Normalised):  # type: ignore[no-untyped-def]
    """Offsets, quotes and sentences of the original text (a person the gazetteer does not know is already named
    by the English transliteration; the original spelling is the mention's `text`)."""
    from nlp.tagger import _restore as restore

    return restore(items, norm)
