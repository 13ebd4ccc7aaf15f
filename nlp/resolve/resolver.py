"""`Resolver`: candidate spans from the gazetteer component, then places, groups and commanders, as `Mention`s."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from nlp.components import BLOCK, SPANS_KEY
from nlp.gazetteer import Entry, Gazetteer, fuzzy_key, name_skeleton, strip_title
from nlp.resolve.commanders import CommanderRules
from nlp.resolve.context import Found
from nlp.resolve.vocab import FOREIGN_PLACE_NAMES, PLACE_KINDS
from nlp.world import world_place_names
from pipeline.records import Mention


class Resolver(CommanderRules):
    """Stateless apart from the gazetteer; `mentions(doc)` is a pure function of the doc."""

    extra_candidates: dict[str, list[str]]

    def __init__(self, gazetteer: Gazetteer, use_model_ents: bool, shared: Resolver | None = None) -> None:
        """Build the tables from the gazetteer; with `shared` (a resolver of the same gazetteer), take its tables:
        a resolver for one doc, whose caches are its own."""
        self.gaz = gazetteer
        self.use_model_ents = use_model_ents
        if shared is not None:  # every table built below is taken here (one left out fails on the first doc)
            self.extra_candidates, self.capital_district, self.fuzzy = \
                shared.extra_candidates, shared.capital_district, shared.fuzzy
            self.short_index, self.local_words, self.place_names = \
                shared.short_index, shared.local_words, shared.place_names
            self.skeletons, self.world_places = shared.skeletons, shared.world_places
            return
        self.extra_candidates = _leading_province_names(gazetteer)
        self.capital_district = _capital_districts(gazetteer)
        self.fuzzy = {"province": {}, "district": {}}
        for e in gazetteer.entries.values():
            if e.kind in self.fuzzy:
                for a in (e.name, *e.aliases):
                    if len(key := fuzzy_key(a)) >= 5:
                        self.fuzzy[e.kind].setdefault(key, []).append(e)
        self.short_index = {}
        # words of known commanders' names: a "General X" whose name shares none is likely foreign
        self.local_words = set()
        for e in gazetteer.entries.values():
            if e.kind == "commander":
                for a in (e.name, *e.aliases):
                    self.local_words.update(w.lower() for w in a.split() if len(w) > 2)
        self.place_names = set(FOREIGN_PLACE_NAMES)
        for e in gazetteer.entries.values():
            if e.kind in PLACE_KINDS:
                self.place_names.update(a.lower() for a in (e.name, *e.aliases))
        for e in gazetteer.entries.values():
            if e.kind == "commander":
                for s in e.short:
                    self.short_index.setdefault(s.lower(), []).append(e)
        # transliteration-blind keys of full names: "Akhmad Masood" finds Ahmad Massoud
        by_key: dict[str, dict[str, Entry]] = {}
        for e in gazetteer.entries.values():
            if e.kind == "commander":
                for a in (e.name, *e.aliases):
                    if len(strip_title(a).split()) > 1 and len(key := name_skeleton(a)) >= 5:
                        by_key.setdefault(key, {})[e.id] = e
        self.skeletons = {k: tuple(v.values()) for k, v in by_key.items()}
        self.world_places = world_place_names() - self.local_words  # "Bari" may be a commander's name

    def mentions(self, doc: Doc, text: str | None = None) -> list[Mention]:
        """All mentions in a doc (`text`: the string it was made from, if at hand); per-doc caches live on a
        resolver made for the doc that shares this one's tables, so one resolver serves many threads."""
        return Resolver(self.gaz, self.use_model_ents, self)._mentions(doc, text)

    def read(self, doc: Doc, text: str | None = None) -> tuple[list[Mention], list[tuple[int, int]]]:
        """`mentions`, and the character bounds of the doc's sentences as the rules read them (the event coder's
        sentences: found once per doc)."""
        reader = Resolver(self.gaz, self.use_model_ents, self)
        return reader._mentions(doc, text), reader._sentence_bounds()

    def _mentions(self, doc: Doc, text: str | None = None) -> list[Mention]:
        self._prepare(doc, text)
        spans = self._candidate_spans(doc)
        covered = [False] * (len(doc) + 1)
        places = self._places(doc, spans)
        for f in places:
            for i in range(f.start, f.end):
                covered[i] = True
        self._index_places(places)
        self._places_found = places
        groups = self._groups(doc, spans, places)
        self._index_groups(groups)
        for f in groups:
            if f.extra.get("implied"):
                continue  # the leader's name stays free for the commander
            for i in range(f.start, f.end):
                covered[i] = True
        commanders = self._commanders(doc, spans, places, groups, covered)
        found = sorted(places + groups + commanders, key=lambda f: (f.start, f.end))
        return [self._to_mention(doc, f) for f in found]

    def _candidate_spans(self, doc: Doc) -> list[tuple[int, int, list[Entry] | None]]:
        by_pos: dict[tuple[int, int], set[str]] = {}
        for start, end, label in doc.user_data.get(SPANS_KEY, ()):
            by_pos.setdefault((start, end), set()).add(label)
        # longest first, then leftmost; drop overlaps
        order = sorted(by_pos, key=lambda p: (-(p[1] - p[0]), p[0]))
        taken = [False] * (len(doc) + 1)
        out: list[tuple[int, int, list[Entry] | None]] = []
        for start, end in order:
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            labels = by_pos[(start, end)]
            if BLOCK in labels:
                out.append((start, end, None))
                continue
            entries = [self.gaz.entries[lab] for lab in sorted(labels) if lab in self.gaz.entries]
            low = self._low[start] if end - start == 1 else self._stext(start, end).lower()
            for extra_id in self.extra_candidates.get(low, ()):
                entries.append(self.gaz.entries[extra_id])
            out.append((start, end, entries))
        out.sort(key=lambda t: t[0])
        return out

    def _to_mention(self, doc: Doc, f: Found) -> Mention:
        sent = self._sent_at[f.start]
        start = self._idx[f.start]
        end = self._idx[f.end - 1] + len(self._tx[f.end - 1])
        return Mention(kind=f.kind, name=f.name, text=self._text[start:end], start=start, end=end,
                       sentence=sent.text, method=f.method, province=f.province, group=f.group,
                       role=f.role, title=f.title, pcode=f.pcode)


def _leading_province_names(gaz: Gazetteer) -> dict[str, list[str]]:
    """Districts whose name opens with a province's name and a connector ("Khost wa Fereng" in Baghlan) are often
    called by that first name alone ("Khost district"): extra candidates for the short form, which only win
    with their province in context."""
    out: dict[str, list[str]] = {}
    provinces = {a.lower() for e in gaz.provinces.values() for a in (e.name, *e.aliases)}
    for e in gaz.entries.values():
        if e.kind != "district":
            continue
        head = re.split(r"[\s-]+(?:wa|o|va|e|i)[\s-]+", e.name, maxsplit=1, flags=re.IGNORECASE)[0].lower()
        if head != e.name.lower() and head in provinces and gaz.province_alias.get(head) != e.province:
            out.setdefault(head, []).append(e.id)
    return out


def _capital_districts(gaz: Gazetteer) -> dict[str, Entry]:
    """Each province's own district: the one named like the province or its capital ("Khost (Matun)")."""
    out: dict[str, Entry] = {}
    for prov in gaz.provinces.values():
        names = {a.lower() for a in (prov.name, *prov.aliases)}
        for e in gaz.entries.values():
            if e.kind != "district" or e.province != prov.name:
                continue
            forms = {a.lower() for a in (e.name, *e.aliases)}
            if forms & names or any(f.split(" (")[0] in names for f in forms):
                out[prov.name] = e
                break
    return out
