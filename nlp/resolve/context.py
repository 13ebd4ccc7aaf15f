"""The per-document context every rule reads: token caches, sentences, name-token tests, era, group index."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, LENGTH  # type: ignore[import-not-found]
from spacy.tokens import Doc, Span

from nlp.components import SENTENCE_ENDS, sentence_starts
from nlp.gazetteer import TITLES, Entry, Gazetteer
from nlp.resolve.vocab import (
    _EMIRATE_ACR_RE,
    _EMIRATE_RE,
    _PAK_RE,
    _REPUBLIC_ACR_RE,
    _REPUBLIC_RE,
    AFGHAN_ANCHOR_WORDS,
    AFGHAN_GOVERNING,
    CAPITALS,
    FOREIGN_COUNTRIES,
    FOREIGN_MILITARY,
    GLOBAL_GROUPS,
    GOV_ROLE_WORDS,
    NAME_PARTICLES,
    NAME_STOP,
    SECURITY_WORDS,
)


@dataclass(slots=True)
class Found:
    """A mention under construction (token offsets, so context checks stay cheap)."""

    kind: str
    entry: Entry | None
    name: str
    start: int
    end: int
    method: str = "gazetteer"
    province: str | None = None
    group: str | None = None
    role: str | None = None
    title: str | None = None
    pcode: str | None = None
    extra: dict = field(default_factory=dict)


class DocContext:
    """Per-doc caches and token/sentence helpers shared by the place, group and commander rules."""

    # set once by Resolver.__init__ from the gazetteer
    gaz: Gazetteer
    use_model_ents: bool
    local_words: set[str]
    place_names: set[str]
    short_index: dict[str, list[Entry]]
    skeletons: dict[str, tuple[Entry, ...]]
    world_places: frozenset[str]
    capital_district: dict[str, Entry]
    fuzzy: dict[str, dict[str, list[Entry]]]

    def _prepare(self, doc: Doc, text: str | None = None) -> None:
        """Per-doc caches: the text (Doc.text rebuilds it on every access; the caller usually has it) and
        token texts, alphabetic flags and punctuation read as arrays, without creating Token objects, and the
        sentences found in them (spaCy's sentencizer rule, `nlp.components.sentence_starts`)."""
        self._doc = doc
        self._text = text if text is not None else doc.text
        self._lower = self._text.lower()
        self._pak_named: bool | None = None
        self._person_index: dict[int, list[Span]] | None = None
        self._era_cache: str | None = None
        n = len(doc)
        text = self._text
        # one column at a time: flat lists cost less than one list of rows unpacked per token
        if n:
            columns = doc.to_array([IDX, LENGTH, IS_ALPHA, IS_PUNCT])
            idx, length, alpha, punct = columns.T.tolist()
        else:
            idx, length, alpha, punct = [], [], [], []
        self._tx = tx = [text[i:i + k] for i, k in zip(idx, length)]
        self._idx = [*idx, len(text)]
        self._low = [t.lower() for t in tx]
        self._alpha = [a == 1 for a in alpha]
        self._punct = punct  # 1 or 0 per token (what Token.is_punct says)
        self._capitalised = [i for i, t in enumerate(tx) if t[:1].isupper()]
        self._n = n
        bounds = [*sentence_starts(tx, punct, SENTENCE_ENDS), n]
        self._sent_of: list[int] = []
        sent_of = self._sent_of
        self._sents: list[_Sent] = []
        self._sent_at: list[_Sent] = []  # each token's sentence
        sent_at = self._sent_at
        for k in range(len(bounds) - 1):
            a, b = bounds[k], bounds[k + 1]
            sent = _Sent(text, idx[a], idx[b - 1] + length[b - 1], a, b)
            self._sents.append(sent)
            sent_of.extend([k] * (b - a))
            sent_at.extend([sent] * (b - a))

    def _sentence_bounds(self) -> list[tuple[int, int]]:
        """Character bounds of the doc's sentences."""
        return [sent._chars for sent in self._sents]

    def _person_ents_at(self, i: int) -> list[Span]:
        if self._person_index is None:
            self._person_index = {}
            for ent in self._doc.ents:
                if ent.label_ == "PERSON":
                    for k in range(ent.start, ent.end):
                        self._person_index.setdefault(k, []).append(ent)
        return self._person_index.get(i, [])

    def _index_groups(self, groups: list[Found]) -> None:
        self._groups_by_sent: dict[int, list[Found]] = {}
        for g in groups:
            self._groups_by_sent.setdefault(self._sent_of[g.start], []).append(g)
        self._group_starts = [g.start for g in groups]
        self._groups_sorted = groups
        self._afghan_groups = {self._sent_of[g.start] for g in groups if g.name in AFGHAN_GOVERNING}

    def _groups_between(self, lo: int, hi: int) -> list[Found]:
        """Groups starting in [lo, hi) (the list is sorted by start)."""
        a = bisect_left(self._group_starts, lo)
        b = bisect_left(self._group_starts, hi)
        return self._groups_sorted[a:b]

    def _pak_doc(self) -> bool:
        """Does the text name a Pakistani place or institution (computed once per doc)?"""
        if self._pak_named is None:
            self._pak_named = _PAK_RE.search(self._lower) is not None
        return self._pak_named

    def _stext(self, a: int, b: int) -> str:
        """The text of tokens [a, b) as written (what `doc[a:b].text` gives, without a Span object)."""
        if b <= a:
            return ""
        return self._text[self._idx[a]:self._idx[b - 1] + len(self._tx[b - 1])]

    def _lw(self, i: int) -> str:
        return self._low[i] if 0 <= i < self._n else ""

    def _nt(self, i: int) -> bool:
        """Is token i a capitalised name word (not a function word, month or group word)?"""
        t = self._tx[i]
        if not t[:1].isupper():
            return False
        if self._alpha[i]:
            return self._low[i] not in NAME_STOP and not t.isupper()
        return "-" in t and t.replace("-", "").isalpha()

    def _ti(self, i: int) -> str | None:
        t = self._tx[i]
        if not t[:1].isupper():
            return None
        low = self._low[i]
        return TITLES.get(low) if low not in ("dr", "dr.") else None

    def _name_run(self, j: int, taken: list[bool], limit: int = 4) -> int:
        """End of a run of capitalised name tokens starting at j (particles like al-/bin allowed inside)."""
        k = j
        n = 0
        while k < self._n and n < limit and not taken[k]:
            if self._nt(k):
                n += 1
                k += 1
                continue
            low = self._low[k]
            if (low in NAME_PARTICLES or self._tx[k] == "-") and k + 1 < self._n and \
                    (self._nt(k + 1) or self._tx[k + 1] == "-" or self._low[k + 1] in NAME_PARTICLES):
                k += 1
                continue
            break
        while k > j and not self._nt(k - 1):
            k -= 1
        return k

    def _sent(self, i: int) -> _Sent:
        if 0 <= i < self._n:
            return self._sent_at[i]
        return self._sent_at[min(max(i, 0), self._n - 1)]

    def _group_in_sentence(self, doc: Doc, i: int, groups: list[Found]) -> bool:
        sent = self._sent(i)
        return bool(self._groups_by_sent.get(self._sent_of[sent.start]))

    def _nearest_group(self, doc: Doc, i: int, groups: list[Found]) -> str | None:
        sent = self._sent(i)
        same = [g for g in self._groups_by_sent.get(self._sent_of[sent.start], []) if not g.extra.get("against")]
        before_in_sent = [g for g in same if g.end <= i]
        if before_in_sent:  # the group the sentence has named by the time it names the person
            return before_in_sent[-1].name
        if same:
            return min(same, key=lambda g: abs(g.start - i)).name
        before = self._groups_between(0, i)
        return before[-1].name if before else None

    def _foreign_sentence(self, i: int) -> bool:
        """Does the sentence of token i name a foreign country or capital ("police in Tehran")?"""
        sent = self._sent(i)
        return any(self._low[k] in FOREIGN_COUNTRIES or (self._low[k] in CAPITALS and self._low[k] != "kabul")
                   for k in range(sent.start, sent.end))

    def _era(self) -> str | None:
        """'emirate' (Taliban government, after Aug 2021), 'republic' (before) or None, from cues in the text."""
        if self._era_cache is None:
            low = self._lower
            if _EMIRATE_RE.search(low) or _EMIRATE_ACR_RE.search(self._text):
                self._era_cache = "emirate"
            elif _REPUBLIC_RE.search(low) or _REPUBLIC_ACR_RE.search(self._text):
                self._era_cache = "republic"
            else:
                self._era_cache = ""
        return self._era_cache or None

    def _index_places(self, places: list[Found]) -> None:
        """Sentences that name an Afghan place (datelines apart): the anchors of Afghan context."""
        self._place_sents = {self._sent_of[f.start] for f in places if f.role != "dateline"}

    def _regional_name(self, spans, groups: bool = True) -> bool:
        """Does the text name (capitalised) an armed group of the region or a known figure of the Afghan theatre?
        Groups and figures active worldwide (Islamic State, al-Qaeda) do not count."""
        return any(entries and self._tx[start][:1].isupper() and any(
            groups and e.kind == "group" and e.name not in GLOBAL_GROUPS or
            e.kind == "commander" and e.source == "curated" and e.group and e.group not in GLOBAL_GROUPS
            for e in entries) for start, _end, entries in spans)

    def _afghan_anchor(self, i: int, back: int = 0) -> bool:
        """Is the sentence of token i (or one of the `back` sentences before it) about Afghanistan: an Afghan
        place, the Afghan government or the group that forms it named in it, or an Afghan word ("Afghan",
        "Kabul", "Islamic Emirate")?  A role inside another country's government ("New Zealand's prime
        minister", "Interior Minister Lee") is not."""
        last = self._sent_of[min(max(i, 0), self._n - 1)]
        for k in range(max(0, last - back), last + 1):
            if k in self._place_sents or k in self._afghan_groups:
                return True
            sent = self._sents[k]
            if any(self._low[q] in AFGHAN_ANCHOR_WORDS for q in range(sent.start, sent.end)):
                return True
        return False

    def _gov_group(self, lo: int, hi: int, back: int = 0) -> str | None:
        """The group behind an Afghan government role ("interior ministry spokesman", "police chief") by era:
        only for a role of the Afghan state (an Afghan place, word or the governing group in the sentence)."""
        words = [self._low[k] for k in range(max(lo, 0), min(hi, self._n))]
        if not any(w in GOV_ROLE_WORDS for w in words) or any(
                w in FOREIGN_MILITARY or w in FOREIGN_COUNTRIES or w in ("un", "unama") or
                w == "foreign" and nxt not in ("ministry", "minister", "affairs", "ministry's")
                for w, nxt in zip(words, [*words[1:], ""])):
            return None  # ("foreign forces" are not a government post; the foreign ministry's spokesman is)
        if not self._afghan_anchor(lo, back):
            return None
        era = self._era()
        if era == "emirate":
            return "Taliban"
        if era == "republic" and any(w in SECURITY_WORDS for w in words):
            return "ANDSF"
        return None


class _Sent:
    """A sentence as token bounds; its text is cut from the doc text only when asked for. It holds the text,
    not the resolver: a sentence that pointed back at its resolver would make each doc's caches a reference
    cycle, left for the cyclic garbage collector to find (a full collection costs as much as tagging
    dozens of docs)."""

    __slots__ = ("_chars", "_source", "_text", "end", "start")

    def __init__(self, source: str, begin: int, finish: int, start: int, end: int) -> None:
        self._source, self._chars, self.start, self.end = source, (begin, finish), start, end
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            begin, finish = self._chars
            self._text = self._source[begin:finish]
        return self._text
