"""Place rules: candidates, not-a-place cues, district choice, datelines, Kabul as the government, foreign twins."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.tokens import Doc

from nlp.gazetteer import NOT_PLACE_AFTER, TITLES, Entry, fuzzy_key
from nlp.resolve.context import DocContext, Found
from nlp.resolve.vocab import (
    AFGHAN_ANCHOR_WORDS,
    AFGHAN_WORDS,
    CAPITALS,
    FOREIGN_COUNTRIES,
    FOREIGN_MARKS,
    FOREIGN_PEOPLE,
    GENERIC_GIVEN,
    GIVEN_BEFORE_PLACE,
    GIVEN_NAME_PLACES,
    NAME_FOLLOWERS,
    NAME_STOP,
    PLACE_KINDS,
)

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE_TAIL = re.compile(
    r"(?P<slash>\s*/\s*[A-Z][A-Z-]+(?:[ -][A-Z][A-Z-]+)*)?"  # "HERAT/ISLAM QALA", "KUNDUZ / TALOQAN"
    r"(?P<place2>,?\s*[A-Z][A-Za-z-]+(?:\s+[Pp]rovince)?(?=\s*[,(]))?"
    r"(?P<country>\s*,\s*(?:Islamic (?:Emirate|Republic) of )?Afghanistan)?"
    r"(?P<date>\s*,?\s*(?:" + _MONTH + r"\s+\d{1,2}(?:\s*,\s*\d{4})?|\d{1,2}\s+" + _MONTH + r"(?:\s+\d{4})?))?"
    r"\s*(?P<agency>\([^)\n]{1,40}\))?"
    r"\s*(?::|—|–|--|-\s)")
GOV_VERBS = frozenset(["urged", "urges", "urge", "said", "says", "denied", "denies", "deny", "rejected", "rejects", "reject", "accused", "accuses", "accuse", "warned", "warns", "warn", "wants", "wanted", "asked", "asks", "ask", "called", "calls", "responded", "responds", "insisted", "insists", "agreed", "agrees", "agree", "refused", "refuses", "refuse", "claimed", "claims", "demanded", "demands", "demand", "blamed", "blames", "blame", "protested", "protests", "summoned", "summons", "signed", "signs", "welcomed", "welcomes", "announced", "announces", "condemned", "condemns", "sought", "seeks", "promised", "promises", "pledged", "pledges", "hosted", "hosts", "recognised", "recognized", "allowed", "allows", "allow", "expressed", "expresses", "dismissed", "dismisses", "vowed", "vows", "criticised", "criticized", "criticises", "criticizes", "retaliated", "retaliates", "threatened", "threatens", "reiterated", "reiterates",
    "met", "meets", "fulfils", "fulfills", "fulfilled", "complied", "complies", "acted", "acts", "accepted",
    "accepts", "released", "releases", "handed", "hands", "cracked", "cracks", "barred", "bars", "ordered",
    "orders", "failed", "fails", "honour", "honours", "honoured", "honor", "honors", "honored", "respect",
    "respected", "respects", "objected", "objects", "argued", "argues", "maintained", "maintains", "offered",
    "offers", "reacted", "reacts", "backed", "backs", "supported", "supports", "approved", "approves",
    "appointed", "appoints", "negotiated", "negotiates", "recalled", "recalls", "expelled", "expels",
    "suspended", "suspends", "imposed", "imposes", "decided", "decides", "declined", "declines", "ratified",
    "violated", "violates", "breached", "breaches", "ignored", "ignores", "hopes", "hoped", "believes",
    "believed", "stated", "complained", "complains", "respond", "comment", "commented", "react"])
GOV_AUX = frozenset({"has", "had", "have", "will", "would", "must", "should", "can", "could", "did", "does",
                     "is", "was", "cannot", "may", "might"})
GOV_PREV = frozenset({"urged", "pressed", "asked", "told", "accused", "warned", "urging", "pressing",
                      "accusing", "warning", "blamed", "blaming", "recognise", "recognize", "recognising",
                      "recognizing", "engage", "engaging", "with"})
GOV_NOUNS = frozenset({"rulers", "regime", "government", "administration", "authorities", "leadership",
                       "officials", "foreign", "relations", "ties", "envoy", "policy", "policies", "position",
                       "stance", "decision", "response", "refusal", "failure", "demands", "demand", "ambassador",
                       "embassy", "diplomats", "delegation", "negotiators", "ministry", "ministries", "cabinet",
                       "commitments", "commitment", "obligations", "claims", "rejection", "approach"})
PERSON_PREV = frozenset({"mr", "mr.", "named", "called", "son", "daughter", "mrs", "ms", "miss"})
ORG_HEADS = frozenset({"center", "centre", "university", "institute", "academy", "school", "hospital",
                       "bank", "company", "airlines", "times", "radio", "tv", "agency", "foundation",
                       "polytechnic", "club", "stadium", "hotel", "council", "chamber", "bazaar", "studio"})
PLACE_FOLLOWERS = frozenset({"province", "provinces", "city", "district", "governor", "police", "airport",
                             "valley", "river", "residents", "officials", "authorities", "on", "in", "and",
                             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                             "province's", "provincial", "security", "prison", "jail", "road", "highway"})
TOWN_TYPES = frozenset({"city", "town", "base"})
FOREIGN_TWINS = {
    "zabol": ("iran", "sistan", "tehran"), "badakhshan": ("tajikistan", "khorog", "dushanbe", "gorno"),
    "kalat": ("balochistan", "pakistan"), "gomal": ("waziristan", "pakistan", "khyber"),
    "nawa": ("bajaur", "pakistan"), "kunar": ("chitral",), "bagram": ("india",),
}
# Border places with a namesake (or the crossing itself) on the other side: Tajikistan's Ishkashim across the
# Panj, Iran's Zabol and Milak opposite Zaranj, Turkmenistan's Kushka, Pakistan's Angur Adda and Ghulam Khan.
BORDER_TWINS = frozenset({
    "ishkashim", "eshkashem", "ishkashem", "eshkashim", "ishkoshim", "darwaz", "darvaz", "darvoz", "shighnan",
    "shughnan", "shugnan", "shughnon", "rushan", "roshan", "khwahan", "murghab", "panj", "vakhan", "zabol",
    "milak", "kushk", "kushka", "kalat", "qalat", "chaman", "nawa", "gomal", "khamyab", "dogharoun", "taybad",
    "mohmand", "angoor adda", "angur adda", "khash",
})
FOREIGN_SIDE_NOUNS = frozenset({"side", "border", "town", "city", "district", "village", "authorities", "officials",
                                "guards", "territory", "bank", "soil", "province", "region", "forces", "troops"})


def verb_stem(word: str) -> str:
    """A verb form's stem by its regular endings ("expects", "expressed", "insisting", "denies" -> "deny")."""
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + repl
            if suffix in ("ed", "es", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:
                stem = stem[:-1]  # "regretted" -> "regret"
            return stem
    return word


def _stems(words) -> frozenset[str]:
    out = set()
    for w in words:
        stem = verb_stem(w)
        out.update({stem, stem + "e", w})
    return frozenset(out)


# Speech, demand and diplomacy verbs (any inflection): their subject is a government, not a town.
GOV_STEMS = _stems(GOV_VERBS | {"expect", "express", "hope", "regret", "insist", "note", "stress", "emphasise",
                                "emphasize", "assure", "request", "invite", "appeal", "propose", "reject", "deplore",
                                "notify", "inform", "share", "convey", "prefer", "plan", "intend", "consider"})

# Words after a place name that keep it a place ("Helmand Province", "Kunduz City").
PLACE_CUES = frozenset({"province", "provinces", "city", "district", "districts", "valley", "town", "airport"})

# Objects that make the subject an agent (a government, not a town): "Kabul had armed them".
PERSON_OBJECTS = frozenset({"them", "him", "her", "us", "me", "people", "residents", "elders", "families"})

# Prepositions of place: "in Khost" is the place whatever else the text says.
LOCATIVE = frozenset({"in", "near", "from", "across", "around", "outside", "inside", "into", "throughout", "to",
                      "of", "at"})

# Nouns an apposition uses for a person ("X, NDTV's correspondent", "X, a former minister").
PERSON_NOUNS = frozenset({"correspondent", "reporter", "journalist", "minister", "spokesman", "spokeswoman", "actor",
                          "singer", "player", "author", "writer", "director", "politician", "lawmaker", "poet",
                          "businessman", "commander", "champion", "athlete", "coach", "editor", "presenter", "anchor"})

# Words that open a verb's object or clause ("expects the", "wants to", "hopes that", "urges its").
CLAUSE_OPENERS = frozenset({"the", "a", "an", "to", "that", "its", "their", "his", "her", "them", "it", "all", "no",
                            "more", "any", "this", "these", "those", "both", "each", "every", "such", "what", "how",
                            "whether", "islamabad", "tehran", "washington", "moscow", "beijing"})


@lru_cache(maxsize=4096)
def _twin_key(surface: str) -> str | None:
    key = re.sub(r"\s+(district|town|city|crossing|port|border crossing|bridge|valley|agency)$", "", surface)
    return key if key in BORDER_TWINS or key in FOREIGN_TWINS else None


def _name_token(tok) -> bool:
    t = tok.text
    return t[:1].isupper() and tok.is_alpha and t.lower() not in NAME_STOP and not t.isupper() or \
        (t[:1].isupper() and "-" in t and t.replace("-", "").isalpha())


    return False


class PlaceRules(DocContext):
    """Provinces, districts and places, with the province context districts and groups need."""

    def _places(self, doc: Doc, spans) -> list[Found]:
        pak_doc = self._pak_doc()
        results: list[Found] = []
        pending: list[tuple[int, int, list[Entry]]] = []
        for start, end, entries in spans:
            if not entries:
                continue
            places = [e for e in entries if e.kind in PLACE_KINDS]
            if not places:
                continue
            surface = self._stext(start, end)
            if not surface[:1].isupper() and not (self._lw(end) in ("province", "district") and
                                                    any(e.kind in ("province", "district") for e in places)):
                continue  # lower case only with its cue: a sloppy "in helmand province" still counts
            if self._not_a_place(doc, start, end, places):
                continue
            pending.append((start, end, places))
        pending.extend(self._misspelt_places(spans))
        pending.sort(key=lambda t: t[0])
        # province context: unambiguous province mentions first
        prov_positions: list[tuple[int, str]] = []
        for start, end, places in pending:
            if any(e.kind == "province" for e in places):
                nxt = self._lw(end)
                if nxt not in ("district", "districts") or not any(e.kind != "province" for e in places):
                    prov_positions.append((start, next(e.name for e in places if e.kind == "province")))
        dateline_end = 0
        self._prov_by_sent: dict[int, list[tuple[int, str]]] = {}
        counts: dict[str, int] = {}
        for pos, prov in prov_positions:
            self._prov_by_sent.setdefault(self._sent_of[pos], []).append((pos, prov))
            counts[prov] = counts.get(prov, 0) + 1
        self._prov_by_count = sorted(counts, key=lambda p: -counts[p])
        for start, end, places in pending:
            f = self._choose_place(doc, start, end, places, prov_positions)
            if f is None:
                continue
            if self._idx[start] < dateline_end:
                f.role = "dateline"  # "LASHKAR GAH, Helmand (Pajhwok):" - the province is part of it
            elif (stop := self._is_dateline(doc, start, end)):
                f.role = "dateline"
                dateline_end = stop
            elif f.kind == "province" and f.name == "Kabul" and self._kabul_is_government(doc, start, end):
                continue
            results.append(f)
        results = [f for f in results if not self._foreign_context(doc, f)]
        # "a strike near the Kabul airport gate", "Kandahar Airfield": a facility named after its province names the province
        for f in list(results):
            if f.kind != "place" or f.role == "dateline" or f.entry is None or f.province is None or \
                    f.entry.place_type in ("city", "town"):
                continue
            for n in (2, 1):
                if f.end - f.start > n and self.gaz.province_alias.get(self._stext(f.start, f.start + n).lower()) == \
                        f.province and not any(r.kind == "province" and r.name == f.province for r in results):
                    e = self.gaz.provinces[f.province]
                    results.append(Found("province", e, e.name, f.start, f.start + n, province=e.name, pcode=e.pcode))
                    break
        if pak_doc:
            results = [f for f in results if not self._foreign_lookalike(doc, f)]
        if results and not self._anchored(spans, results):
            # one name alone in a text with nothing else Afghan: a name people also bear ("Mo Farah") is the
            # person, a name inside a longer one ("Nili Fossae") is that, one in another country's sentence is there
            results = [f for f in results if (self._stext(f.start, f.end).lower() not in GIVEN_NAME_PLACES or
                                              self._lw(f.start - 1) in LOCATIVE) and
                       not (f.start > 0 and self._nt(f.start - 1) and not self._ti(f.start - 1) and
                            self._sent(f.start).start != f.start - 1) and
                       not (f.end < self._n and self._nt(f.end) and self._low[f.end] not in PLACE_CUES) and
                       not self._abroad(f)]
        return [f for f in results if not self._person_apposition(f)]

    def _abroad(self, f: Found) -> bool:
        """A place that is not a province, in a sentence naming another country (or a region of one) and nothing
        Afghan: India's Faizabad, the Green Zone of Iraq's parliament (asked only of texts not shown Afghan)."""
        if f.kind == "province" and f.name.lower() not in GIVEN_NAME_PLACES or f.role == "dateline":
            return False
        sent = self._sent(f.start)
        words = [self._low[q] for q in range(sent.start, sent.end) if not f.start <= q < f.end]
        if any(w in AFGHAN_ANCHOR_WORDS for w in words):
            return False
        grams = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
        return bool(grams & self.world_places)

    def _person_apposition(self, f: Found) -> bool:
        """'Kamal Khan, NDTV's correspondent', 'X, a former minister': an apposition that makes the name a
        person's."""
        if f.kind == "province" or self._lw(f.end) != ",":
            return False
        sent_end = self._sent(f.start).end
        k = f.end + 1
        if self._lw(k) not in ("a", "an", "the") and not (self._lw(k + 1) in ("'s", "’s")):
            return False
        for q in range(k, min(sent_end, k + 5)):
            if self._low[q] in PERSON_NOUNS:
                return True
            if self._low[q] in (",", ".", ";", "province", "capital", "district", "city", "town", "village"):
                return False
        return False

    def _anchored(self, spans, results: list[Found]) -> bool:
        """Does the text show it is about Afghanistan beyond one place name: an Afghan word, an armed group's
        name, a known figure of the Afghan theatre, two different places, or a place with its cue ("X province",
        "X district")?"""
        if len({f.name for f in results}) > 1:
            return True
        if any(self._lw(f.end) in ("province", "district", "districts", "provinces", "valley", "city")
               for f in results):
            return True
        if any(w in AFGHAN_ANCHOR_WORDS for w in self._low):
            return True
        # (a short acronym alone is no anchor: "TIP", "ABP" are other things elsewhere)
        return self._regional_name([(a, b, e) for a, b, e in spans
                                    if not (b - a == 1 and self._tx[a].isupper() and len(self._tx[a]) <= 3)])

    def _plural_district_after(self, end: int) -> bool:
        """'Andar and Deh Yak districts': a plural 'districts' closing a short list of capitalised names."""
        for k in range(end, min(end + 10, self._n)):
            low = self._low[k]
            if low == "districts":
                return True
            if not (self._tx[k][:1].isupper() or low in ("and", ",", "-", "e", "i")):
                return False
        return False

    def _misspelt_places(self, spans) -> list[tuple[int, int, list[Entry]]]:
        """Names the gazetteer does not spell that way, right before their cue: "Jawzan province", "Sar-e-pool
        province", "Pul-l-Kumri district" are the nearest province or district by edit distance on a
        transliteration-folded key (one edit for short names, two for long ones; a tie is no match)."""
        out: list[tuple[int, int, list[Entry]]] = []
        cues = [k for k, w in enumerate(self._low) if k and (w == "province" or w == "district")]
        if not cues:
            return out
        covered = [False] * (self._n + 1)
        for start, end, _ in spans:
            for k in range(start, end):
                covered[k] = True
        for i in cues:
            kind = self._low[i]
            if covered[i - 1]:
                continue
            j = i
            while j > 0 and i - j < 6 and not covered[j - 1] and (
                    self._tx[j - 1][:1].isupper() and self._alpha[j - 1] or self._tx[j - 1] == "-" or
                    "-" in self._tx[j - 1] and self._tx[j - 1].replace("-", "").isalpha() or
                    self._alpha[j - 1] and self._lw(j - 2) == "-"):  # "Sar-e-pool": parts after a hyphen
                j -= 1
            if j == i and self._alpha[i - 1] and len(self._tx[i - 1]) >= 6 and self._tx[i - 1].islower():
                j = i - 1  # a lower-case name ("in jawzjan province") gets one edit at most
            while j < i and (self._low[j] in NAME_STOP or self._tx[j] == "-"):
                j += 1
            if j == i:
                continue
            entry = self._nearest_name(kind, self._text[self._idx[j]:self._idx[i - 1] + len(self._tx[i - 1])],
                                       strict=self._tx[j].islower())
            if entry is not None:
                out.append((j, i, [entry]))
        return out

    def _nearest_name(self, kind: str, surface: str, strict: bool) -> Entry | None:
        key = fuzzy_key(surface)
        if len(key) < 5:
            return None
        table = self.fuzzy[kind]
        if key in table:
            hits = table[key]
            return hits[0] if len({e.id for e in hits}) == 1 else None
        limit = 1 if strict or len(key) < 8 else 2
        best = process.extract(key, table.keys(), scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=8)
        if not best:
            return None
        nearest = [e for k, d, _ in best if d == best[0][1] for e in table[k]]
        return nearest[0] if len({e.id for e in nearest}) == 1 else None

    def _not_a_place(self, doc: Doc, start: int, end: int, places: list[Entry]) -> bool:
        surface = self._stext(start, end)
        prev, prev2 = self._lw(start - 1), self._lw(start - 2)
        nxt = self._lw(end)
        if prev in PERSON_PREV or (prev.rstrip(".") in TITLES and self._tx[start - 1][:1].isupper()):
            return True
        if end < len(doc) and self._tx[end] in NAME_FOLLOWERS and not surface.isupper():
            return True
        if start > 0 and self._tx[start - 1][:1].isupper() and prev in GIVEN_BEFORE_PLACE and not surface.isupper():
            return True  # "Mohammad Herat", "Sultan Mahmud Ghazni"
        # "General X Y Wardak": a title, then names, then the place as a surname
        k = start - 1
        while k >= 0 and start - k <= 3 and self._nt(k) and not self._ti(k):
            k -= 1
        if k < start - 1 and k >= 0 and self._ti(k) and not surface.isupper():
            return True
        k = end
        while self._lw(k) in ("and", ",", "&") or k > end and k < self._n and self._nt(k) and k - end < 6:
            k += 1  # "the Logar and Kabul rivers": the head noun after a list of names
        head = self._lw(k) if k > end and self._lw(k - 1) != "," else nxt
        if head in NOT_PLACE_AFTER or head.endswith("s") and head[:-1] in NOT_PLACE_AFTER:
            return True  # "the Kabul rivers" as "the Kabul River"
        # "Kabul Education Center", "Herat Regional Hospital": the place names an organisation
        k = end
        while k < min(end + 3, len(doc)) and self._tx[k][:1].isupper() and self._alpha[k]:
            if self._low[k] in ORG_HEADS or self._low[k] in NOT_PLACE_AFTER:
                return True  # "Herat Regional Hospital", "Kabul Peace Dialogue": an organisation or an event
            k += 1
        # "Farah Nazari": a province that is also a given name, followed by a surname
        if surface.lower() in GIVEN_NAME_PLACES and end < len(doc) and self._nt(end) and \
                self._tx[end].lower() not in PLACE_FOLLOWERS:
            return True
        if prev in FOREIGN_COUNTRIES or (prev == "'s" and prev2 in FOREIGN_COUNTRIES):
            return True
        # "the Badakhshan region of Tajikistan"
        after = self._low[end:min(end + 4, len(doc))]
        if len(after) >= 2 and after[0] in ("region", "province", "city", "autonomous"):
            for a in after[1:]:
                if a in FOREIGN_COUNTRIES:
                    return True
                if a not in ("of", "in", ",", "region", "oblast", "autonomous"):
                    break
        # Kabul-Kandahar highway, Kabul-Jalalabad road
        for i in range(end, min(end + 5, len(doc))):
            if self._low[i] in ("highway", "road", "motorway", "railway", "expressway"):
                between = self._stext(start, i)
                if "-" in between or "–" in between or prev in ("-", "–"):
                    return True
                break
            if self._punct[i] and self._tx[i] not in ("-", "–"):
                break
        if prev in ("-", "–") and start >= 2:
            for i in range(end, min(end + 3, len(doc))):
                if self._low[i] in ("highway", "road", "motorway", "railway", "expressway"):
                    return True
        # part of a longer PERSON name the model found ("Sultan Ghazni")
        if self.use_model_ents:
            for ent in self._person_ents_at(start):
                if ent.start < start and ent.end >= end and (self._low[start - 1] in GENERIC_GIVEN or (
                        start - ent.start >= 2 and ent.end == end and all(_name_token(t) for t in ent))) and \
                        self._lw(ent.end) not in ("district", "province"):
                    return True
        return False

    def _choose_place(self, doc: Doc, start: int, end: int, places: list[Entry],
                      prov_positions: list[tuple[int, str]]) -> Found | None:
        provs = [e for e in places if e.kind == "province"]
        others = [e for e in places if e.kind != "province"]
        if provs and not others:  # only a province bears the name: no cue can make it anything else
            e = provs[0]
            return Found("province", e, e.name, start, end, province=e.name, pcode=e.pcode)
        nxt, prev, prev2 = self._lw(end), self._lw(start - 1), self._lw(start - 2)
        districts = [e for e in others if e.kind == "district"]
        surface = self._stext(start, end)
        low = surface.lower()
        # "X district" is the admin district; "X city", or a bare capital's name, is the city (a place);
        # a city named like its province ("Kandahar city") is the province
        district_cue = nxt in ("district", "districts", "valley") or self._plural_district_after(end) or \
            self._district_list_before(start)
        city_cue = nxt in ("city", "town") or (prev == "of" and prev2 in ("city", "town"))
        if provs and (not district_cue or nxt in ("province", "provinces")):
            e = provs[0]
            return Found("province", e, e.name, start, end, province=e.name, pcode=e.pcode)
        towns = [e for e in others if e.kind == "place" and e.place_type in TOWN_TYPES]
        if towns and not district_cue:
            pool = towns
        else:
            pool = districts if district_cue and districts else (districts or others)
        district_cue = district_cue or city_cue
        context = self._province_context(doc, start, end, prov_positions)
        chosen = None
        for prov in context:
            chosen = next((e for e in pool if e.province == prov), None) or \
                next((e for e in others if e.province == prov), None)
            if chosen:
                break
        if chosen is None and provs and district_cue and (own := self.capital_district.get(provs[0].name)):
            # "Khost district" with nothing pointing at Baghlan: the district of Khost province's capital
            return Found("district", own, own.name, start, end, province=own.province, pcode=own.pcode)
        if chosen is None:
            explicit = self._explicit_province_after(doc, end)
            if explicit and not any(e.province == explicit for e in places) and \
                    (len(others) > 1 or low in self.gaz.risky):
                return None  # "Kohistan district of Kapisa" with no Kohistan in Kapisa: not a guess
            # (a single known name is kept: "Ghormach (Faryab)" - the district moved from Badghis)
            # with nothing to go by, the district that bears the name officially, not one also called so
            chosen = next((e for e in pool if e.name.lower() == low), pool[0])
        # risky names need a cue: "district"/"valley" next to them or their province close by
        if low in self.gaz.risky and not district_cue:
            near = [p for pos, p in self._prov_by_sent.get(self._sent_of[start], ()) if abs(pos - start) <= 25]
            # ... or, after a preposition of place, its province named anywhere in the text ("the protests
            # spread in Badakhshan ... In Argo, farmers clashed")
            located = prev in LOCATIVE or prev in ("for", "and") and self._lw(start - 2) in LOCATIVE
            if chosen.province not in near and not (located and chosen.province in self._prov_by_count):
                return None
        kind = chosen.kind
        return Found(kind, chosen, chosen.name, start, end, province=chosen.province, pcode=chosen.pcode)

    def _district_list_before(self, start: int) -> bool:
        """'the districts of Dara, Khinj and Rukha': a list opened by 'district(s) of'."""
        k = start - 1
        while k >= 0 and start - k <= 10 and (self._tx[k][:1].isupper() or self._low[k] in ("and", ",", "-")):
            k -= 1
        # "district of X" and "A and B districts of X": X is the province
        return self._lw(k) == "of" and self._lw(k - 1) == "districts" and not (
            k >= 2 and self._tx[k - 2][:1].isupper())

    def _explicit_province_after(self, doc: Doc, end: int) -> str | None:
        """The province named right after a place: "X district of Y", "X, Y province", "X in Y"."""
        k = end
        if self._lw(k) in ("district", "city", "town", "valley", "area"):
            k += 1
        if self._lw(k) not in ("of", "in", ",", "("):
            return None
        k += 1
        for n in (3, 2, 1):
            prov = self.gaz.province_alias.get(self._stext(k, k + n).lower()) if k + n <= len(doc) else None
            if prov:
                return prov
        return None

    def _province_context(self, doc: Doc, start: int, end: int,
                          prov_positions: list[tuple[int, str]]) -> list[str]:
        """Provinces to prefer for an ambiguous district: explicit 'of/in X' after it, then same sentence, then doc."""
        same = self._prov_by_sent.get(self._sent_of[start], [])
        out = [prov for pos, prov in same if end <= pos <= end + 5]
        out += [p for _, p in sorted((abs(pos - start), prov) for pos, prov in same)]
        return out + self._prov_by_count

    def _is_dateline(self, doc: Doc, start: int, end: int) -> int:
        """End offset of the dateline this line-initial place opens ("KABUL (Pajhwok):"), else 0."""
        char = self._idx[start]
        line_start = self._text.rfind("\n", 0, char) + 1
        if self._text[line_start:char].strip():
            return 0
        surface = self._stext(start, end)
        after = self._idx[end - 1] + len(self._tx[end - 1])
        m = DATELINE_TAIL.match(self._text, after)
        if not m:
            return 0
        cued = surface.isupper() and len(surface) > 2 or bool(m.group("agency") or m.group("country")
                                                                or m.group("date"))
        return m.end() if cued else 0

    def _finite_verb_after(self, end: int) -> bool:
        """Does a verb of speech, demand or diplomacy follow as a finite verb, making the name the subject of a
        clause ("Kabul expects Islamabad to", "Kabul expressed concern")?  The verb is known by its stem, so
        every inflection counts; finiteness by its shape: a past form (-ed), or a third-person form (-s) that
        takes an object or clause next (a determiner, pronoun, "to"/"that", a name) - "Kabul residents said"
        is a plural noun followed by its own verb."""
        if end >= self._n or not self._alpha[end] or not self._tx[end].islower():
            return False
        w, after = self._low[end], self._lw(end + 1)
        if verb_stem(w) not in GOV_STEMS:
            return False  # "Kabul witnessed heavy rain": the city, not the government
        if len(w) > 4 and w.endswith("ed") and after not in ("by", "in", "at", "on", "from", "with", "areas"):
            return True
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            return after in CLAUSE_OPENERS or end + 1 < self._n and self._tx[end + 1][:1].isupper() and \
                self._alpha[end + 1] and after not in NAME_STOP
        return False

    def _kabul_is_government(self, doc: Doc, start: int, end: int) -> bool:
        nxt, nxt2 = self._lw(end), self._lw(end + 1)
        prev, prev2 = self._lw(start - 1), self._lw(start - 2)
        if nxt in ("government", "regime", "administration", "rulers", "leadership") and \
                prev not in ("in", "of", "from", "to", "at", "near"):
            return True  # "the Kabul government"; "officials in Kabul government offices" stay a place
        if nxt in ("'s", "’s") and (nxt2 in GOV_NOUNS or self._lw(end + 2) in GOV_NOUNS
                                    or self._lw(end + 3) in GOV_NOUNS and self._lw(end + 2)[:1].isalpha()):
            return True
        if prev not in ("in", "to", "from", "near", "of", "outside", "around", "into", "at", "across"):
            if nxt in GOV_VERBS or self._finite_verb_after(end):
                return True
            if nxt in GOV_AUX:
                k = end + 1
                while self._lw(k) in ("not", "also", "repeatedly", "so", "far", "yet", "already", "long", "n't", "to"):
                    k += 1
                if self._lw(k) in GOV_VERBS or self._lw(k) == "been" and self._lw(k + 1) in (
                        "accused", "urged", "asked", "pressed", "warned", "told"):
                    return True
                if self._lw(k).endswith("ed") and self._lw(k + 1) in PERSON_OBJECTS:
                    return True  # "Kabul had armed them": a city acts on no one, its government does
        if prev in GOV_PREV and prev != "with":
            return True
        if prev == "to" and any(self._lw(k) in ("conveyed", "complained", "protested", "appealed", "handed",
                                                  "delivered", "message", "concerns", "demands")
                                for k in range(max(0, start - 8), start)):
            return True
        sent_low = self._sent(start).text.lower()
        if (prev == "and" and prev2 in CAPITALS) or (prev == "between" and nxt == "and" and nxt2 in CAPITALS) or \
                (prev not in ("in", "to", "from", "near", "of", "at") and nxt == "and" and nxt2 in CAPITALS and
                 nxt2 != "kabul" and (self._lw(end + 2) in GOV_VERBS or self._lw(end + 2) in GOV_AUX)):
            return True
        return prev == "with" and any(c in sent_low for c in ("islamabad", "tehran", "moscow", "washington",
                                                              "beijing", "new delhi", "dushanbe", "tashkent"))

    def _foreign_context(self, doc: Doc, f: Found) -> bool:
        """Names shared with places across the border (Iran's Zabol and Milak, Tajikistan's Ishkashim) in a
        sentence that puts them on the foreign side: a foreign marker near the name and nearer than any Afghan word."""
        surface = self._stext(f.start, f.end).lower()
        key = surface if surface in FOREIGN_TWINS or surface in BORDER_TWINS else _twin_key(surface)
        if key is None:
            return False
        sent = self._sent(f.start)
        markers = FOREIGN_TWINS.get(key, ())
        if markers and any(m in sent.text.lower() for m in markers) and "afghan" not in sent.text.lower() and \
                not self._prov_by_sent.get(self._sent_of[f.start]):
            return True  # (an Afghan province in the sentence, "Nimroz's Kang and Chakhansur districts", keeps it)
        if key not in BORDER_TWINS:
            return False
        foreign: list[int] = []
        attached: list[int] = []  # "Tajikistan's Ishkashim", "the Iranian town of Zabol"
        afghan: list[int] = []
        province_at = {pos for pos, _ in self._prov_by_sent.get(self._sent_of[f.start], ())}
        for k in range(sent.start, sent.end):
            if f.start <= k < f.end:
                continue
            w = self._low[k]
            nxt = self._lw(k + 1)
            if w in FOREIGN_MARKS or (w in FOREIGN_PEOPLE and nxt in FOREIGN_SIDE_NOUNS) or \
                    (w == "across" and nxt == "the" and self._lw(k + 2) in ("border", "river", "panj", "amu")):
                foreign.append(k)
                if w in FOREIGN_MARKS and 0 < f.start - k <= 4:
                    attached.append(k)
            elif k in province_at or w in ("afghan", "afghanistan", "afghanistan's", "kabul") and \
                    nxt not in ("migrants", "refugees", "nationals", "citizens"):
                afghan.append(k)  # an Afghan word, or an Afghan province named in the sentence

        def dist(ks: list[int]) -> int:
            return min((f.start - k if k < f.start else k - f.end + 1 for k in ks), default=999)

        near = dist(foreign)
        if not afghan and not foreign and self._sent_of[f.start] > 0 and \
                self._lw(f.end) not in ("province", "district", "districts"):
            # "Iranian police said... In Zabol, ...": the sentence before names the country and this one no other
            prev = self._sents[self._sent_of[f.start] - 1]
            words = {self._low[k] for k in range(prev.start, prev.end)}
            return bool(words & FOREIGN_MARKS) and not words & {"afghan", "afghanistan", "afghanistan's", "kabul"}
        if not afghan:
            return near <= 12
        # a sentence that names Afghanistan too ("crossed from Afghanistan's Badakhshan into the Tajik side near
        # Ishkashim") keeps the Afghan reading unless the country is attached to the name
        return bool(attached) and dist(attached) < dist(afghan)

    def _foreign_lookalike(self, doc: Doc, f: Found) -> bool:
        """In a passage about Pakistan, a single bare ambiguous name in a sentence without Afghan words is foreign."""
        sent = self._sent(f.start).text.lower()
        if any(w in sent for w in AFGHAN_WORDS) or self._prov_by_sent.get(self._sent_of[f.start]):
            return False
        if f.kind == "province" or self._lw(f.end) in ("district", "districts", "valley"):
            return False
        return f.name.lower() in self.gaz.risky or self._stext(f.start, f.end).lower() in self.gaz.risky
