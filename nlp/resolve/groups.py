"""Group rules: TTP/ISKP reassignment of bare names, period compounds, groups implied by context."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from nlp.resolve.context import Found
from nlp.resolve.places import PlaceRules
from nlp.resolve.vocab import _PAK_AREA_RE, _PAK_RE, AFGHAN_WORDS, FOREIGN_PEOPLE

CORE_IS_CUES = ("allegiance to", "pledged loyalty to", "pledge to the islamic state", "caliphate", "caliph",
                "baghdadi", "central islamic state", "islamic state's core", "core islamic state", "is core")
CORE_IS_MARKERS = ("iraq", "syria", "raqqa", "mosul", "baghdad", "levant", "iraqi", "syrian")
LOYAL_CUES = frozenset({("loyal", "to"), ("led", "by"), ("followers", "of"), ("commanded", "by"), ("headed", "by"),
                        ("faction", "of"), ("fighters", "of"), ("men", "of")})
POLICE_WORDS = frozenset({"police", "policemen", "policeman", "policewomen"})
_RESISTANCE_RE = re.compile(r"\b[Rr]esistance (?:forces|fighters|movement)\b")
_NRF_AREA_RE = re.compile(r"panjshir|panjsher|andarab|khost[- ](?:wa|o)[- ]fereng|dara-e-hazara|salang")
_OLD_WAR_RE = re.compile(r"soviet|\b19[89]\d|1980s|1990s|mujahideen|mujahedin|northern alliance|\b200[01]\b")


# Words before "IS" that make it the verb ("it IS", "this IS").
COPULA_SUBJECTS = frozenset({"it", "this", "that", "what", "which", "there", "he", "she", "who", "here", "where"})
# Verbs after a bare family name that make it a person ("Haqqani said").
PERSON_VERBS = frozenset({"said", "says", "told", "added", "was", "is", "has", "had", "himself", "who", "and",
                          "wrote", "spoke", "died", "met", "claimed", "denied", "stated", "announced"})
_BORDER_RE = re.compile(r"(?:pak(?:istan)?[- ])?afghan(?:istan)?(?:[- ]pak(?:istan)?)?(?:'s|’s)? (?:border|frontier)|"
                        r"border (?:with|of|from) afghanistan|from afghanistan|afghan side|into afghanistan")
_STATE_FORCES_RE = re.compile(
    r"\bAfghan\s+and\s+(?:coalition|international|NATO|ISAF|U\.?S\.?|American|foreign|partner|partnered)"
    r"\s+(?:security\s+|special\s+|military\s+)?(?:force|forces|troops|soldiers|personnel|units?)\b")
_GOV_FORCES_RE = re.compile(r"\bgovernment (?:forces|troops|soldiers|security forces)\b")
_DE_FACTO_RE = re.compile(r"\b[Dd]e facto (?:authorities|authority|government|administration|police|security forces|"
                          r"authorities'|forces|officials|governor|governors|ministry|ministries|court|supreme court|"
                          r"intelligence|rulers|regime|cabinet|security|officers|minister|ministers)\b")
_FORMER_FORCES_RE = re.compile(
    r"\b(?:former|ex-)\s+(?:afghan\s+|republic(?:an)?\s+|government\s+)?"
    r"(?:security|military|army|police|intelligence|nds|andsf|ana|anp|defen[cs]e|commando|special\s+forces|air\s+force)"
    r"(?:\s+(?:and\s+)?(?:security|defen[cs]e|military|police|intelligence|special))?"
    r"\s+(?:personnel|members|forces|officers|soldiers|officials|employees|staff|commandos|pilots|troops|agents|"
    r"service\s*members|servicemen)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _lowered(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


def _mostly_upper(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha]
    return bool(words) and sum(t.text.isupper() for t in words) > len(words) / 2


class GroupRules(PlaceRules):
    """Armed groups named, or implied, in the text; they give commanders their group."""

    def _period_compound(self, start: int, end: int) -> bool:
        """'post-Taliban', 'pre-Taliban', 'Taliban-era': the group's name used as a period."""
        prev = self._lw(start - 1)
        if prev == "-" and self._lw(start - 2) in ("post", "pre") or prev in ("post-", "pre-"):
            return True
        return self._lw(end) == "-" and self._lw(end + 1) in ("era", "period", "rule")

    def _modifier_is_group(self, start: int, end: int) -> bool:
        """A family name standing for its group ("a Haqqani facilitator", "Haqqani commanders"): not inside a
        person's name (a given name or title before it, a name after it) and not the subject of a person's verb."""
        sent = self._sent(start)
        if start > sent.start and (self._ti(start - 1) or self._nt(start - 1) and start - 1 > sent.start):
            return False  # (a capital that only opens the sentence, "Two Haqqani couriers", is no given name)
        if end < self._n and self._nt(end):
            return False
        nxt = self._lw(end)
        return nxt.isalpha() and self._tx[end].islower() and nxt not in PERSON_VERBS

    def _described_forces(self, doc: Doc, groups: list[Found], afghan_only: bool) -> list[Found]:
        """The Afghan state's forces and the de facto authorities described rather than named: "an Afghan and
        coalition security force", "government forces" (the state of the time), "the de facto police" (the
        Taliban's)."""
        covered = {i for g in groups for i in range(g.start, g.end)}
        out = []
        for regex, name, needs_afghan_only, word in ((_STATE_FORCES_RE, "", False, "afghan and"),
                                                     (_GOV_FORCES_RE, "", True, "government"),
                                                     (_DE_FACTO_RE, "Taliban", False, "facto")):
            if word not in self._lower or needs_afghan_only and not afghan_only:
                continue  # (a word the pattern needs, looked up first: most texts have none)
            name = name or ("Taliban" if self._era() == "emirate" else "ANDSF")  # the state of the time
            if f"group:{name}" not in self.gaz.entries:
                continue
            for m in regex.finditer(self._text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None or covered.intersection(range(span.start, span.end)):
                    continue
                if needs_afghan_only and self._foreign_sentence(span.start):
                    continue  # "Pakistani government forces", "government forces in Syria"
                out.append(Found("group", self.gaz.entries[f"group:{name}"], name, span.start, span.end,
                                 method="rule"))
                covered.update(range(span.start, span.end))
        return out

    def _former_forces(self, doc: Doc, groups: list[Found]) -> list[Found]:
        """The republic's forces described after its fall: "former security forces", "former military
        personnel", "ex-NDS officers" are the ANDSF."""
        if "group:ANDSF" not in self.gaz.entries:
            return []
        if "former" not in self._lower and "ex-" not in self._lower:
            return []
        covered = {i for g in groups for i in range(g.start, g.end)}
        out = []
        for m in _FORMER_FORCES_RE.finditer(self._text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not covered.intersection(range(span.start, span.end)):
                out.append(Found("group", self.gaz.entries["group:ANDSF"], "ANDSF", span.start, span.end,
                                 method="rule"))
        return out

    def _opposed(self, start: int) -> bool:
        """Is the group named inside an opposition compound ("anti-Taliban", "counter-ISKP")?"""
        return self._lw(start - 1) == "-" and self._lw(start - 2) in ("anti", "counter") or \
            self._lw(start - 1) in ("anti-", "counter-")

    _in_region: bool | None = None

    def _region(self, spans, afghan_or_pak: bool) -> bool:
        """Is the text about the region, for a short acronym ("TIP", "ABP") to be a group: an Afghan or Pakistani
        text, a group named in full, Pakistan named, or a known figure of the region (computed once per doc)?"""
        if self._in_region is None:
            named_in_full = any(entries and any(e.kind == "group" for e in entries) and
                                not any(self._stext(start, end) in e.exact for e in entries if e.kind == "group")
                                for start, end, entries in spans)
            # the region also shows in its known figures ("Noor Wali Mehsud ... the TTP") and in "Pakistani"
            self._in_region = afghan_or_pak or named_in_full or "pakistan" in self._lower or any(
                entries and any(e.kind == "commander" and e.source == "curated" for e in entries) and
                self._tx[start][:1].isupper() for start, end, entries in spans)
        return self._in_region

    def _groups(self, doc: Doc, spans, places: list[Found]) -> list[Found]:
        text_lower = self._lower
        afghan_doc = bool(places) or any(w in text_lower for w in AFGHAN_WORDS)
        afghan_places = [f for f in places if f.role != "dateline"]
        afghan_sents = {self._sent_of[f.start] for f in afghan_places}
        pak_doc = self._pak_doc()
        out: list[Found] = []
        ttp_starts = [start for start, end, entries in spans if entries and
                      any(e.id == "group:Tehrik-i-Taliban Pakistan" for e in entries)]
        ttp_sents = {self._sent_of[start] for start in ttp_starts}
        self._in_region = None  # asked only of a short acronym, at most once per text

        for start, end, entries in spans:
            if not entries:
                continue
            groups = [e for e in entries if e.kind == "group"]
            if not groups:
                continue
            if self._period_compound(start, end):
                continue  # "post-Taliban Afghanistan", "the Taliban-era ban": a time, not the actor
            e = groups[0]
            surface = self._stext(start, end)
            if surface in ("IS",) and (_mostly_upper(doc[self._sent(start).start:self._sent(start).end]) or
                                       self._lw(start - 1) in COPULA_SUBJECTS):
                continue  # "IT IS DONE", "what it IS": the verb
            if surface in e.modifier and not self._modifier_is_group(start, end):
                continue  # "Khalil Haqqani", "Haqqani said": a person's name
            surface_low = surface.lower()
            if surface_low in _lowered(e.context) and not afghan_doc:
                continue
            if surface in e.exact and len(surface.split("'")[0]) <= 3 and not self._region(spans, afghan_doc or pak_doc):
                continue  # "TIP" in a sports report, "ABP" in a browser blog: a short acronym needs the region
            name = e.name
            if surface_low in _lowered(e.state) and self._lw(start - 1) not in ("former", "ex") and \
                    self._era() == "emirate":
                name = "Taliban"  # "Afghan forces" after August 2021 are the Taliban government's
            if surface_low in _lowered(e.generic):
                sent = self._sent(start)
                sent_low = sent.text.lower()
                if name == "Taliban":
                    prev = self._lw(start - 1)
                    pak_sent = bool(_PAK_RE.search(sent_low))
                    # a Pakistani area next to this "Taliban" ("Taliban gunmen in the Bajaur hills"), not
                    # one tied to a TTP named beside it ("denied sheltering TTP fighters who attack Khyber")
                    hi = min([end + 6, sent.end] + [p for p in ttp_starts if p > start])
                    lo = max(sent.start, start - 6)
                    pak_area = bool(_PAK_AREA_RE.search(self._text[self._idx[lo]:self._idx[hi - 1] + len(self._tx[hi - 1])].lower()))
                    # "Afghan", "Kabul", an Afghan place, or the TTP named beside it: the Afghan Taliban
                    # ("the Afghan border", "across the border from Afghanistan" place a Pakistani story, not this)
                    sent_afg = _BORDER_RE.sub(" ", sent_low)
                    afg_sent = self._sent_of[start] in afghan_sents and sent_afg == sent_low or "afghan" in sent_afg or \
                        "kabul" in sent_afg or "emirate" in sent_afg or \
                        (self._sent_of[start] in ttp_sents and not pak_area)
                    if prev in ("'s", "’s") and self._lw(start - 2) == "pakistan" or prev not in ("afghan",) and (
                            (pak_sent and not afg_sent) or (pak_doc and not afghan_places and
                                                            "afghanistan" not in text_lower and not afg_sent)):
                        name = "Tehrik-i-Taliban Pakistan"
                elif name == "Islamic State":
                    # the central IS: named with Iraq/Syria, or as the one pledged allegiance to ("the IMU
                    # pledged allegiance to the Islamic State in 2015"), or as the caliphate/its caliph
                    core = any(m in sent_low for m in CORE_IS_MARKERS) or (
                        any(m in sent_low for m in CORE_IS_CUES) and "khorasan" not in sent_low and
                        "iskp" not in sent_low and "is-k" not in sent_low)
                    if (afghan_doc or pak_doc) and not core:
                        name = "Islamic State Khorasan Province"
            f = Found("group", self.gaz.entries.get(f"group:{name}", e), name, start, end)
            if self._opposed(start):
                f.extra["against"] = True  # "anti-Taliban forces": named as what others oppose
            out.append(f)
        out.extend(self._implied_groups(doc, spans, out, afghan_doc and not pak_doc))
        if afghan_doc:
            out.extend(self._former_forces(doc, out))
            out.extend(self._described_forces(doc, out, afghan_doc and not pak_doc))
        out.sort(key=lambda f: f.start)
        return out

    def _implied_groups(self, doc: Doc, spans, groups: list[Found], afghan_only: bool) -> list[Found]:
        """Groups named by context rather than by name: "militants loyal to <leader>" is the leader's group;
        "resistance forces" in Panjshir/Andarab after 2021 are the NRF; republic-era "police" are the ANDSF."""
        out: list[Found] = []
        by_end = {g.end: g for g in groups}
        if "soviet" in self._lower:
            spans = ()  # the groups of today did not exist in the Soviet war ("fighters led by Massoud")
        # "militants loyal to <leader>", "gunmen led by <leader>"
        for start, end, entries in spans:
            people = [e for e in entries or () if e.kind == "commander" and e.group]
            if not people or (self._lw(start - 2), self._lw(start - 1)) not in LOYAL_CUES:
                continue
            target = people[0].group
            if target in ("Taliban", None) or f"group:{target}" not in self.gaz.entries:
                continue
            prior = by_end.get(start - 2)
            generic = {g.lower() for g in self.gaz.entries["group:Taliban"].generic} \
                if "group:Taliban" in self.gaz.entries else set()
            if prior is not None and prior.name in ("Taliban", "Tehrik-i-Taliban Pakistan") and \
                    self._stext(prior.start, prior.end).lower() in generic:
                prior.name, prior.entry = target, self.gaz.entries[f"group:{target}"]
            elif not any(g.name == target for g in groups):
                out.append(Found("group", self.gaz.entries[f"group:{target}"], target, start, end,
                                 method="rule", extra={"implied": True}))
        low = self._lower
        covered = {i for g in groups for i in range(g.start, g.end)}
        if "taliban" in low and _NRF_AREA_RE.search(low) and not _OLD_WAR_RE.search(low):
            for m in _RESISTANCE_RE.finditer(self._text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and not covered.intersection(range(span.start, span.end)):
                    out.append(Found("group", self.gaz.entries.get("group:National Resistance Front"),
                                     "National Resistance Front", span.start, span.end, method="rule"))
        if afghan_only and "police" in self._lower and self._era() == "republic" and "group:ANDSF" in self.gaz.entries:
            for i in range(self._n):
                if self._low[i] in POLICE_WORDS and i not in covered and not self._foreign_sentence(i) and \
                        self._lw(i - 1) not in ("taliban", "pakistani", "iranian", "emirate") and \
                        not (self._lw(i - 1) == "border" and (self._lw(i - 2) in FOREIGN_PEOPLE or
                                                              self._lw(i - 2) in ("taliban", "emirate"))) and \
                        not (self._lw(i - 1) in ("'s", "’s") and self._lw(i - 2) in ("taliban", "emirate")) and \
                        not any(g.start <= i - 1 < g.end for g in groups):
                    out.append(Found("group", self.gaz.entries["group:ANDSF"], "ANDSF", i, i + 1, method="rule"))
        return out
