"""Commander rules: gazetteer names, titles, group/role cues, short names linked to a full name seen earlier."""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc

from nlp.gazetteer import HONORIFIC_SUFFIXES, TITLES, Entry, name_skeleton
from nlp.resolve.context import Found
from nlp.resolve.roles import ROLE_HEADS, RoleRules
from nlp.resolve.vocab import (
    AFGHAN_ANCHOR_WORDS,
    FOREIGN_MARKS,
    FOREIGN_MILITARY,
    FOREIGN_PLACE_NAMES,
    GENERIC_GIVEN,
    GIVEN_BEFORE_PLACE,
    GIVEN_NAME_PLACES,
    NAME_FOLLOWERS,
    NAME_PARTICLES,
    ROLE_NOUNS,
    STRONG_ROLE_NOUNS,
)

# Words that make up posts with the role heads ("Deputy Prime Minister", "Acting Governor").
POST_MODIFIERS = frozenset({"deputy", "prime", "acting", "vice", "first", "second", "senior", "chief", "general",
                            "interim", "provincial", "district", "assistant", "executive", "supreme", "former"})
# Kinship nouns that introduce a relative by given name alone ("his son Sirajuddin").
KIN_NOUNS = frozenset({"son", "sons", "brother", "brothers", "half-brother", "uncle", "nephew", "cousin", "father",
                       "grandson", "son-in-law", "brother-in-law"})
# Nouns that stand for a group named before ("an aide to the Front", "the group's intelligence chief").
GROUP_ANAPHORS = frozenset({"group", "group's", "front", "front's", "movement", "movement's", "network",
                            "network's", "organisation", "organization", "faction", "militia", "emirate"})
NON_COMBATANT = frozenset({"shopkeeper", "trader", "merchant", "elder", "elders", "businessman", "vendor",
                           "journalist", "reporter", "analyst", "researcher", "professor", "scholar",
                           "envoy", "ambassador", "diplomat", "resident", "residents", "doctor", "farmer", "student", "teacher", "activist", "correspondent", "writer", "author",
                           "expert", "photographer", "witness", "villager", "driver", "citizen", "lawyer",
                           "un", "unama", "u.s.", "american", "british", "nato", "pakistani", "iranian",
                           "indian", "chinese", "russian", "qatari", "turkish", "uzbek", "tajik", "said",
                           "told", "according", "spoke", "wrote", "editor", "blogger"})
CIVILIAN_NOUNS = frozenset({"shopkeeper", "trader", "merchant", "elder", "businessman", "vendor", "journalist",
                            "reporter", "analyst", "researcher", "professor", "scholar", "resident", "doctor",
                            "farmer", "student", "teacher", "activist", "correspondent", "writer", "author",
                            "expert", "photographer", "witness", "villager", "driver", "citizen", "lawyer", "editor",
                            "blogger", "nurse", "surgeon", "engineer", "worker", "labourer", "laborer", "shepherd",
                            "imam", "victim", "survivor", "father", "mother", "relative", "neighbour", "neighbor",
                            "passenger", "pilot", "economist", "diplomat", "ambassador", "envoy", "lecturer"})
# Words that mark foreign forces anywhere in a sentence (countries as places, "fled to Iran", do not).
FOREIGN_FORCES = frozenset({"u.s.", "us", "u.s", "american", "americans", "nato", "british", "coalition", "isaf",
                            "marine", "marines", "centcom", "pentagon", "resolute", "ispr", "soviet", "russian"})
CUE_TITLES = frozenset({"Haji", "Sheikh", "Commander", "General", "Marshal", "Amir", "Dr.", "Hafiz", "Sardar",
                        "Ustad", "Colonel"})
SPEECH = frozenset({"said", "told", "according", "spoke", "wrote"})
SOFT_TITLES = frozenset({"Haji", "Sheikh", "Hafiz", "Sardar", "Ustad", "Dr.", "Amir"})
NAMED_AFTER = frozenset({"school", "mosque", "madrasa", "madrassa", "seminary", "hospital", "university",
                         "street", "road", "square", "stadium", "institute", "academy", "center", "centre",
                         "mausoleum", "shrine", "bridge", "airport", "hall", "camp", "high", "base", "prize",
                         "award", "foundation", "township", "town", "park", "dam"})
APPOS_VERBS = frozenset({"heads", "leads", "commands", "runs", "oversees", "headed", "led", "commanded", "ran",
                         "oversaw", "directs", "directed"})
LOCAL_ENDINGS = ("ullah", "ulla", "uddin", "udin", "zai", "khel", "zada", "zadah", "yar", "wal", "mal")
# Head words of organisations: after a title ("General Directorate", "General Staff") they are not a name.
ORG_WORDS = frozenset({"directorate", "ministry", "command", "staff", "department", "office", "council", "commission",
                       "corps", "army", "police", "assembly", "court", "bank", "university", "committee", "authority",
                       "agency", "shura", "forces", "force", "brigade", "battalion", "division", "unit", "front",
                       "party", "movement", "network", "province", "district", "government", "administration",
                       "embassy", "academy", "institute", "hospital", "school", "secretariat", "headquarters",
                       "intelligence", "security", "directorate's", "ministry's", "commission's", "council's",
                       "organisation", "organization", "federation", "union", "company", "emirate", "republic",
                       "taliban", "mujahideen", "alliance", "coalition", "association", "society", "radio", "tv",
                       "television", "news", "agency's", "group", "tribe", "valley", "airport", "base", "camp"})
# Places across the borders that are not in the gazetteer (which holds Afghan places only).
FOREIGN_PLACE_WORDS = frozenset({"waziristan", "bajaur", "kurram", "orakzai", "mohmand", "swat", "peshawar", "quetta",
                                 "karachi", "lahore", "rawalpindi", "chitral", "bannu", "kohat", "parachinar",
                                 "miranshah", "pakhtunkhwa", "balochistan", "baluchistan", "sistan", "zahedan", "mashhad",
                                 "termez", "khorog", "kashmir", "punjab", "gilgit", "tirah", "zhob", "mardan",
                                 "charsadda", "nowshera", "mansehra", "abbottabad", "khorasan"})
MAX_NAME_WORDS = 5


def _clean_name(text: str) -> str:
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip(" ,.'’")


class CommanderRules(RoleRules):
    """People who are commanders: a gazetteer hit, or a title/role tied to a group or an Afghan government role."""

    def _commanders(self, doc: Doc, spans, places, groups, covered) -> list[Found]:
        found: list[Found] = []
        if not self._conflict_text(places, groups, spans):
            return found  # a page about New Zealand or Sudan has ministers and generals, not commanders
        taken = list(covered)
        self._short_map: dict[str, Entry] = {}
        self._short_seen = 0

        person_tok = [False] * (len(doc) + 1)
        self._person_at = set()  # every taken person's tokens, kept with person_tok by take()

        def take(f: Found) -> None:
            found.append(f)
            for i in range(f.start, f.end):
                taken[i] = True
                person_tok[i] = True
                self._person_at.add(i)

        # 1. gazetteer names
        for start, end, entries in spans:
            if not entries or any(covered[start:end]):
                continue
            people = [e for e in entries if e.kind == "commander"]
            if not people:
                continue
            if not self._tx[start][:1].isupper():
                continue
            e = people[0]
            if end - start == 1 and start > 0 and self._nt(start - 1) and not self._ti(start - 1):
                continue  # "Sher Mohammad Akhundzada" is not Hibatullah Akhundzada
            if end < len(doc) and self._nt(end) and self._low[end] not in HONORIFIC_SUFFIXES:
                continue  # "Noor Ahmad Islamjar" is not the listed "Noor Ahmad", nor "Abdul Baqi Haqqani"
            if any(self._alpha[k] and not self._tx[k][:1].isupper() and self._low[k] not in NAME_PARTICLES
                   for k in range(start, end)):
                continue  # "Hafeez said" is not a spelling of Hafiz Saeed: every word of a name is capitalised
            # "Amir Khan Muttaqi": a listed name that opens with a title word has it as a given name
            own = self._low[start] in {w.split()[0].lower() for w in (e.name, *e.aliases)}
            title = self._title_before(doc, start) or (None if own else self._ti(start))
            weak = e.source == "un1988"
            if weak and end - start <= 2 and not {w.lower() for w in e.name.split()} & \
                    {self._low[k] for k in range(start, end)}:
                continue  # a sanctions-list alias that shares no word with the listed name ("Abdul X" for someone
                #           else entirely) identifies nobody alone: the name is read like any other
            if weak and end - start < 3 and (not title or title in SOFT_TITLES) and \
                    not self._group_in_sentence(doc, start, groups):
                continue
            if weak and self._civilian_after(end):
                continue  # "Haji Gul Mohammad, a resident of Lashkar Gah": a namesake of a listed name
            role = self._role_for(doc, start, end, groups)
            take(Found("commander", e, e.name, start, end, group=self._group_of(e), title=title,
                       role=role[0] if role else None))

        # 2. titles: "Mullah X", "Mawlawi X Y", "General X"
        soft: list[tuple[int, int, int, str]] = []  # courtesy titles without a role: decided by their list
        for i in [k for k in self._capitalised if self._low[k] in TITLES]:  # (a title is capitalised)
            if taken[i]:
                continue
            title = self._ti(i)
            if not title:
                continue
            j = i + 1
            while j < self._n and (self._tx[j] == "." and len(self._tx[j - 1]) <= 4 or self._ti(j)):
                j += 1  # "Brigadier General X", "Alhaj Mullah X", "Brig. Gen. X": titles in a row
            if self._lw(j) == "." or j > i + 1 and self._tx[j - 1] == "." and len(self._tx[j - 2]) > 4:
                continue  # "Title: Mullah. Designation: ...": the title ends a sentence
            name_end = self._name_run(j, taken)
            if name_end <= j or self._lw(name_end) in NAMED_AFTER:
                continue  # "the Mawlawi X Y madrasa" names a building
            if self._not_a_person(j, name_end) or name_end < self._n and self._nt(name_end) and name_end - j >= 4:
                continue  # "General Directorate of Intelligence"; a run of several names is a list
            if title in CUE_TITLES or title in ("General",):
                if title in ("General", "Marshal", "Commander", "Colonel") and \
                        any(self._lw(k) in FOREIGN_MILITARY for k in range(max(self._sent(i).start, i - 8), i)):
                    continue
                if any(self._lw(k) in NON_COMBATANT - SPEECH for k in range(max(self._sent(i).start, i - 2), i)):
                    continue  # "grocer Haji X"
                if title in SOFT_TITLES:
                    if not self._role_for(doc, j, name_end, groups):
                        soft.append((i, j, name_end, title))
                        continue  # Haji, Sheikh, Hafiz... are also courtesy titles of civilians
                elif not self._role_for(doc, j, name_end, groups):
                    if not self._group_in_sentence(doc, i, groups):
                        continue
                    sent = self._sent(i)
                    if title in ("General", "Marshal", "Colonel", "Commander") and (
                            any(self._low[k] in FOREIGN_FORCES for k in range(sent.start, sent.end)) or
                            not self._looks_local(j, name_end)):
                        continue  # "Gen. Kenneth McKenzie said US troops...": a foreign officer
            if self._civilian_after(name_end):
                continue
            name = _clean_name(self._stext(j, name_end))
            entry = self._resolve_short(name, found)
            group = self._group_of(entry) if entry else self._nearest_group(doc, i, groups)
            role = self._role_for(doc, j, name_end, groups)
            take(Found("commander", entry, entry.name if entry else name, j, name_end, method="rule",
                       group=(role[1] if role and role[1] else group), title=title,
                       role=role[0] if role else None,
                       extra={"near": True} if entry is None and not (role and role[1]) else {}))

        # 3. people with a group + role cue ("Taliban spokesman X", "X, an NRF commander")
        by_end = {f.end: f for f in found}
        for start, end in self._person_candidates(doc, taken):
            cue = self._role_for(doc, start, end, groups, person_tok)
            if not cue and self._lw(start - 1) in ("and", ",") and start >= 2 and start - 1 in by_end:
                prior = by_end[start - 1]  # "Taliban commanders Qari Wakil and Abdul Basir"
                cue = (prior.role, prior.group) if prior.method != "gazetteer" else None
            if not cue:
                cue = self._role_with_group(start, end)
            if not cue or self._civilian_after(end) or self._not_a_person(start, end):
                continue
            cue_role, cue_group = cue
            name = _clean_name(self._stext(start, end))
            entry = self._resolve_short(name, found)
            take(Found("commander", entry, entry.name if entry else name, start, end,
                       method="model" if self.use_model_ents else "rule",
                       group=(self._group_of(entry) if entry else cue_group), role=cue_role))
            by_end[end] = found[-1]

        # 3b. a courtesy title inside a list of commanders ("Haji X, Mawlawi Y and Qari Z were named ...") shares
        # the list's standing: the list is the cue
        for i, j, name_end, title in soft:
            if any(taken[j:name_end]) or self._civilian_after(name_end):
                continue
            mate = self._list_mate(i, name_end, found)
            if mate is not None:
                name = _clean_name(self._stext(j, name_end))
                entry = self._resolve_short(name, found)
                take(Found("commander", entry, entry.name if entry else name, j, name_end, method="rule",
                           group=self._group_of(entry) if entry else mate.group, title=title))

        # 3b'. a given name introduced by kinship after a family member was named ("Jalaluddin Haqqani ...
        # his son Sirajuddin", "a younger brother, Anas"): the family's surname completes it, when that makes a
        # known commander's name
        for k in [q for q, w in enumerate(self._low) if w in KIN_NOUNS]:
            j = k + 1 + (self._lw(k + 1) == ",")
            if j >= self._n or taken[j] or not self._nt(j):
                continue
            end_ = self._name_run(j, taken, limit=2)
            family = [f for f in found if f.end <= k and len(f.name.split()) > 1]
            if end_ <= j or not family:
                continue
            full = f"{self._stext(j, end_)} {family[-1].name.split()[-1]}"
            cands = self.skeletons.get(name_skeleton(full), ())
            if len(cands) == 1:
                e = cands[0]
                take(Found("commander", e, e.name, j, end_, method="rule", group=self._group_of(e)))

        # 3c. one word of a famous name ("Muttaqi") after another man of that surname was named in full
        # ("Ahmadullah Muttaqi, the health director"): the namesake, not the famous one
        for f in found:
            if f.end - f.start != 1 or f.method != "gazetteer":
                continue
            word = self._low[f.start]
            earlier = [g for g in found if g.end <= f.start and g.end - g.start > 1 and
                       g.name.lower().split()[-1] == word]
            if earlier and not any(g.name == f.name for g in earlier):
                g = earlier[-1]
                f.name, f.entry, f.group, f.method = g.name, g.entry, g.group, "rule"

        # 4. later short mentions of someone already named ("Zakir" -> Abdul Qayyum Zakir)
        if found:
            first_pos: dict[str, int] = {}
            keys: dict[str, set[str]] = {}
            honoured: dict[str, set[str]] = {}
            honour_only: set[str] = set()
            by_name: dict[str, Found] = {}
            for f in sorted(found, key=lambda f: f.start):
                first_pos.setdefault(f.name, f.start)
                by_name.setdefault(f.name, f)
                words = f.name.split()
                cand = set(f.entry.short) if f.entry else set()
                if len(words) > 1 and len(words[-1]) >= 4 and words[-1].lower() not in GENERIC_GIVEN:
                    cand.add(words[-1])
                elif len(words) > 1 and len(words[-1]) >= 4:
                    honoured.setdefault(words[-1].lower(), set()).add(f.name)  # only as "Haqqani Sahib"
                for short in cand:
                    keys.setdefault(short.lower(), set()).add(f.name)
            for w, bearers in honoured.items():
                if w not in keys:
                    keys[w] = bearers
                    honour_only.add(w)
            for i in [k for k in self._capitalised if self._low[k] in keys]:  # (a name is capitalised)
                if self._low[i] in honour_only and self._lw(i + 1) not in HONORIFIC_SUFFIXES:
                    continue
                if taken[i]:
                    continue
                named = keys.get(self._low[i])
                if not named or len(named) != 1:
                    continue
                name = next(iter(named))
                if first_pos[name] > i:
                    continue
                if i + 1 < len(doc) and self._tx[i + 1][:1].isupper() and self._alpha[i + 1] and \
                        self._low[i + 1] not in HONORIFIC_SUFFIXES:
                    continue  # part of some other full name ("Haqqani Sahib" is the same man, honoured)
                if i > 0 and self._nt(i - 1) and not self._ti(i - 1) and self._sent(i).start != i - 1 or \
                        i > 1 and self._tx[i - 1] == "-" and self._nt(i - 2):
                    continue  # "New Zealand", "Sher Zakir": another name ending in the same word
                src = by_name[name]
                take(Found("commander", src.entry, name, i, i + 1, method="rule", group=src.group))
        # 5. the role as the text gives it, read from the phrase attached to each name; a group the phrase names
        # outranks the nearest group for a person the gazetteer does not know
        for f in found:
            if f.role and (one := self._singular_post(f.role)) != f.role:
                f.role, f.extra["shared"] = one, True  # "led by commanders X, Y and Z": a commander each
            phrase = self._role_phrase(f.start, f.end, f.group)
            if phrase:
                f.role = phrase
                if self._shared:
                    f.extra["shared"] = True
                if f.entry is None and (said := self._phrase_group()) and said != f.group:
                    f.group = said
                    f.role = self._role_phrase(f.start, f.end, f.group) or phrase
                elif f.entry is not None and f.entry.republic_group and \
                        (said := self._phrase_group()) in (f.entry.group, f.entry.republic_group):
                    f.group = said  # "a former chief of staff who now leads the Front": the phrase says which
                elif f.extra.get("near") and (state := self._gov_group(*self._role_span, back=1)):
                    f.group = state  # a post of the Afghan state outranks the group named nearest to the name
        # a post shared by a list ("commanders X, Y and Z") reaches the items after the one it was read for
        ordered = sorted(found, key=lambda f: f.start)
        for prev, f in itertools.pairwise(ordered):
            if f.role is None and prev.role and prev.extra.get("shared") and self._coordinated(prev.end, f.start):
                f.role, f.extra["shared"] = prev.role, True
                if f.entry is None and f.extra.get("near"):
                    f.group = prev.group  # the list's people are of one group, not of the nearest name
        return found

    def _coordinated(self, end: int, start: int) -> bool:
        """Are the names ending at `end` and starting at `start` neighbours in a list (", ", "and", titles)?"""
        k = end
        if self._lw(k) == ",":
            k += 1
        if self._lw(k) == "and":
            k += 1
        while k < start and (self._ti(k) or self._tx[k] == "."):
            k += 1
        return k == start and k > end

    def _singular_post(self, role: str) -> str:
        """A post of one person named with its plural head ("commanders") in the singular."""
        head, _, last = role.rpartition(" ")
        low = last.lower()
        if low.endswith("s") and low[:-1] in ROLE_HEADS:
            return f"{head} {last[:-1]}".strip()
        return role

    def _list_mate(self, first: int, end: int, found: list[Found]) -> Found | None:
        """A commander coordinated with the name [first, end) in a list: right after it (", " or "and", a title)
        or right before it."""
        by_start = {f.start: f for f in found}
        by_end = {f.end: f for f in found}
        k = end
        if self._lw(k) in ("for", "as", "in"):  # "Haji X for Spin Boldak, Mullah Y for Panjwayi"
            while k < self._n and k - end < 8 and self._tx[k] not in (",", ".", ";") and self._lw(k) != "and":
                k += 1
        if self._lw(k) in (",", "and", "&"):
            k += 1 + (self._lw(k + 1) == "and")
            while k < self._n and (self._ti(k) or self._tx[k] == "."):
                k += 1
            if k in by_start:
                return by_start[k]
        k = first - 1
        if self._lw(k) in (",", "and", "&"):
            k -= 1 if self._lw(k - 1) != "," else 2
            if k + 1 in by_end:
                return by_end[k + 1]
        return None

    def _group_of(self, e: Entry) -> str | None:
        """A known person's group at the time the text is about: the group before August 2021 in a text about
        the republic's years, when the person changed sides with its fall (a republic general who leads a
        resistance front now)."""
        if e.republic_group and self._era() == "republic" and not self._current_group_named(e):
            return e.republic_group
        return e.group

    def _current_group_named(self, e: Entry) -> bool:
        """Does a sentence naming the person also name his present group ("X, who now leads the Front")?"""
        return any(g.name == e.group for sent in self._sents_naming(e) for g in self._groups_by_sent.get(sent, ()))

    def _sents_naming(self, e: Entry) -> set[int]:
        words = {w.lower() for w in e.name.split()}
        return {self._sent_of[i] for i, w in enumerate(self._low) if w in words and self._tx[i][:1].isupper()}

    def _phrase_group(self) -> str | None:
        """The group the last role phrase names: a group mention in it, or "the group's", "the Front", "the
        movement" standing for the group named last before it."""
        a, b = self._role_span
        inside = [g for g in self._groups_between(a, b) if g.end <= b and not g.extra.get("against")]
        if inside:
            return inside[0].name
        for k in range(a, b):
            if self._low[k] in GROUP_ANAPHORS and self._lw(k - 1) in ("the", "armed"):
                prior = [g for g in self._groups_between(0, a) if not g.extra.get("against")]
                return prior[-1].name if prior else None
        return None

    def _role_with_group(self, start: int, end: int) -> tuple[str, str] | None:
        """A post read from the phrase attached to the name whose group the phrase itself gives: "X (TAi.144)
        serves as head of the Taliban's accountability office", "the NRF's former intelligence chief, X"."""
        role = self._role_phrase(start, end)
        if not role:
            return None
        a, b = self._role_span
        group = self._phrase_group() or self._gov_group(a, b)
        return (role, group) if group else None

    def _conflict_text(self, places: list[Found], groups: list[Found], spans) -> bool:
        """Is the text about the region's conflicts at all: an Afghan place (not only a dateline), an armed group
        named, an Afghan word, a Pakistani area, or a known figure of the Afghan theatre ("Mullah Baradar met the
        US envoy in Doha")?  Commanders are only looked for in such texts; a global figure alone (Osama bin Laden
        in a piece on Sudan) does not make one."""
        if any(f.role != "dateline" for f in places) or any(not g.extra.get("implied") for g in groups):
            return True
        if self._regional_name(spans, groups=False):
            return True
        if any(w in AFGHAN_ANCHOR_WORDS for w in self._low):
            return True
        return self._pak_doc()

    def _looks_local(self, a: int, b: int) -> bool:
        """Does a name look Afghan/Pakistani (a word of a known commander's name, or a usual ending)?"""
        return any(self._low[k] in self.local_words or self._low[k].endswith(LOCAL_ENDINGS) for k in range(a, b))

    def _title_before(self, doc: Doc, start: int) -> str | None:
        i = start - 1
        if i >= 0 and self._tx[i] == ".":
            i -= 1
        return self._ti(i) if i >= 0 else None

    def _resolve_short(self, name: str, found: list[Found]) -> Entry | None:
        """A bare or partial name: a commander named earlier in the text, else a unique known short name."""
        low = name.lower()
        words = low.split()
        if len(found) != self._short_seen:
            for f in found[self._short_seen:]:
                if not f.entry:
                    continue
                fl = f.name.lower()
                self._short_map.setdefault(fl, f.entry)
                last = fl.split()[-1]
                for key in {s.lower() for s in f.entry.short} | ({last} if last not in GENERIC_GIVEN else set()):
                    self._short_map.setdefault(key, f.entry)
            self._short_seen = len(found)
        if low in self._short_map and (len(words) == 1 or low == self._short_map[low].name.lower()):
            return self._short_map[low]
        # a known person under another spelling ("Akhmad Masood", "Abdulhaq Wasiq"): the same name skeleton
        if sum(w not in GENERIC_GIVEN for w in words) > 1:  # "Abdul Sattar" is too common to link by sound
            cands = self.skeletons.get(name_skeleton(name), ())
            if len(cands) == 1:
                return cands[0]
        # a short name alone ("Mawlawi Zakir") is only the famous Zakir after his full name in the same text
        return None

    def _person_candidates(self, doc: Doc, taken: list[bool]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        seen = [False] * (len(doc) + 1)
        if self.use_model_ents:
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    s, e = ent.start, ent.end
                    while s < e and (self._ti(s) or self._tx[s].lower() in ("the",)):
                        s += 1
                    while e > s and self._tx[e - 1] in ("'s", "’s"):
                        e -= 1
                    # the model often cuts an Afghan name short ("Fazal [Rahim Haqyar]"): take the adjacent name words
                    while s > 0 and not taken[s - 1] and self._nt(s - 1) and not self._ti(s - 1) and \
                            self._sent(s).start != s - 1 and e - (s - 1) <= MAX_NAME_WORDS:
                        s -= 1
                    while e < self._n and not taken[e] and self._nt(e) and e + 1 - s <= MAX_NAME_WORDS:
                        e += 1
                    if sum(self._alpha[k] for k in range(s, e)) > MAX_NAME_WORDS:
                        continue  # "Mohammed Qasim Mir Wali Khudai Rahim": several people run together
                    if s < e and not any(taken[s:e]):
                        out.append((s, e))
                        for k in range(s, e):
                            seen[k] = True
        i = 0
        for c in self._capitalised:  # a name opens with a capital: no other token can start one
            if c < i:
                continue
            i = c
            if taken[i] or seen[i] or not self._nt(i) or self._ti(i):
                i += 1
                continue  # (a title opens no name of its own: "Alhaj Mullah" before a listed name)
            j = self._name_run(i, taken)
            long_run = j < self._n and self._nt(j) and not taken[j]
            if j - i >= 2 and not any(seen[i:j]) and not long_run:
                out.append((i, j))
            while long_run and j < self._n and (self._nt(j) or self._low[j] in NAME_PARTICLES) and not taken[j]:
                j += 1  # skip the rest of the list
            i = max(j, i + 1)
        return out

    def _role_for(self, doc: Doc, start: int, end: int, groups: list[Found],
                  people: list[bool] | None = None) -> tuple[str | None, str | None] | None:
        """(role, group) when the text ties this person to a group with a role, else None."""
        sent = self._sent(start)
        # negative cues just before the name: "analyst X", "U.S. envoy X"
        for k in range(max(sent.start, start - 2), start):
            if self._low[k] in NON_COMBATANT and self._low[k] not in SPEECH:
                return None

        def group_at(lo: int, hi: int, last: bool = False) -> str | None:
            # "an anti-Taliban commander": a group named as what the role opposes is not the person's
            inside = [g for g in self._groups_between(lo, hi) if g.end <= hi and not g.extra.get("against")]
            if inside:
                return (inside[-1] if last else inside[0]).name
            for k in range(lo, hi):
                if self._tx[k].lower() in ("group", "group's", "movement", "movement's", "militants'",
                                          "organisation", "organization", "insurgents'"):
                    prior = self._groups_between(0, k)
                    if prior:
                        return prior[-1].name
            return None

        # A: "<group>('s) [modifiers] <role> [of/for Place,] X"
        lo = max(sent.start, start - 9)
        k = start - 1
        if k >= lo and self._ti(k):
            k -= 1
        if k >= lo and self._tx[k] == ",":
            k -= 1
        role_idx = None
        j = k
        while j >= lo:
            t = self._tx[j].lower()
            if t in ROLE_NOUNS:
                role_idx = j
                break
            if t in (".", ";", ":", '"', "“", "”", "(", ")", "—", "–", "au", "said", "says", "told", "and", "but",
                     "leads", "led", "lead", "commands",
                     "controls", "heads", "who", "which", "that", "while", "when") or (people and people[j]) or \
                    t.endswith("ing") and self._tx[j].islower() and self._lw(j - 1) == ",":
                break  # (a participle after a comma opens a clause: "..., replacing X" - X is its object)
            j -= 1
        if role_idx is not None:
            g = group_at(max(sent.start, role_idx - 5), role_idx, last=True) or \
                self._gov_group(max(sent.start, role_idx - 6), role_idx + 1)
            whose = next((q for q in range(role_idx - 1, max(sent.start, role_idx - 4) - 1, -1)
                          if self._low[q] == "whose"), None)
            if not g and whose is not None:
                # "Lashkar-e-Islam, whose chief X": the group the relative clause hangs on
                prior = [p for p in self._groups_between(max(sent.start, whose - 12), whose) if p.end >= whose - 2]
                g = prior[-1].name if prior else None
            if g:
                role_start = role_idx
                while role_start - 1 > lo and self._tx[role_start - 1].lower() in (
                        "deputy", "senior", "military", "provincial", "district", "local", "top", "former",
                        "acting", "chief", "shadow", "intelligence", "police", "security", "key", "prominent",
                        "notorious", "influential", "veteran", "new", "newly", "appointed", "the", "a", "an"):
                    role_start -= 1
                return self._span_text(doc, role_start, k + 1) or None, g
        # B: "X, a/an/the <group> ... <role>" within the next clause ("X, 45, a Taliban commander" too)
        if end + 2 < sent.end and self._tx[end] == "," and self._tx[end + 1].isdigit() and self._tx[end + 2] == ",":
            end += 2
        if end < sent.end and self._tx[end] == ",":
            stop = end + 1
            while stop < min(sent.end, end + 10) and self._tx[stop] not in (",", ".", ";", "(", ")"):
                stop += 1
            first = self._lw(end + 1)
            group_first = bool(self._groups_between(end + 1, end + 2))
            who_leads = first == "who" and self._lw(end + 2) in APPOS_VERBS
            if who_leads or any(self._tx[q].lower() in ROLE_NOUNS for q in range(end + 1, stop)) and \
                    (first in ("a", "an", "the", "deputy", "senior", "former", "acting") or group_first or
                     first in STRONG_ROLE_NOUNS):
                g = group_at(end + 1, stop) or self._gov_group(end + 1, stop)
                if g:
                    return self._span_text(doc, end + 1, stop), g
        # D: "fighters led by X", "a militia loyal to X"
        if self._lw(start - 1) in ("by", "to") and self._lw(start - 2) in ("led", "commanded", "headed",
                                                                              "loyal", "directed"):
            near = self._groups_between(start - 8, start - 2)
            context = {self._lw(q) for q in range(max(sent.start, start - 6), start - 2)}
            if near or context & {"fighters", "militia", "militias", "forces", "men", "group", "militants",
                                "commanders", "insurgents", "gunmen", "uprising"}:
                return None, (near[-1].name if near else None)
        # E: "<group>, the militia X founded": a group noun, the name, a verb of leading
        if self._lw(start - 1) in ("group", "faction", "movement", "network", "organisation", "organization",
                                   "militia") and self._lw(end) in ("led", "founded", "commanded", "headed", "ran",
                                                                   "leads", "commands", "heads", "runs"):
            prior = self._groups_between(max(sent.start, start - 10), start)
            if prior:
                return "leader", prior[-1].name
        # C: "appointed X as <role...>"
        before = start - 1
        if before >= 0 and self._ti(before):
            before -= 1
        if self._lw(before) in ("appointed", "named", "designated", "installed", "appoint", "name") and \
                self._lw(end) == "as":
            stop = end + 1
            while stop < sent.end and self._tx[stop] not in (",", ".", ";"):
                stop += 1
            phrase = [self._tx[q] for q in range(end + 1, stop)]
            if any(w.lower() in STRONG_ROLE_NOUNS for w in phrase):
                g = self._nearest_group(doc, start, groups)
                return self._span_text(doc, end + 1, stop), g
        # C': "X was appointed (as) Taliban governor of Y", "X, who was named deputy minister"
        k = end
        if self._lw(k) == ",":
            k += 1
        if self._lw(k) == "who":
            k += 1
        if self._lw(k) in ("was", "has", "had", "is", "been") and self._lw(k + 1) == "been":
            k += 1
        if self._lw(k) in ("was", "been", "is") and self._lw(k + 1) in ("appointed", "named", "made", "installed",
                                                                       "promoted", "designated"):
            a = k + 2 + (self._lw(k + 2) == "as")
            stop = a
            while stop < min(sent.end, a + 8) and self._tx[stop] not in (",", ".", ";") and \
                    self._low[stop] not in ("last", "this", "on", "after", "before", "since", "earlier", "in"):
                stop += 1
            if any(self._low[q] in STRONG_ROLE_NOUNS for q in range(a, stop)):
                g = group_at(a, stop) or self._gov_group(a, stop)
                if g:
                    return self._span_text(doc, a, stop), g
        return None

    def _span_text(self, doc: Doc, a: int, b: int) -> str:
        """Tokens a..b as the text has them ("Taliban's interior minister"), without leading articles."""
        while a < b and self._low[a] in ("the", "a", "an", "who"):
            a += 1
        while b > a and self._tx[b - 1] in (",", ";", ":"):
            b -= 1
        return self._stext(a, b).strip(" ,") if a < b else ""

    def _not_a_person(self, a: int, b: int) -> bool:
        """A place (Afghan or foreign) or an organisation cannot be a commander: 'North Waziristan',
        'General Directorate', 'Afghan National Army'; nor can the object of a post ("Minister of Foreign
        Affairs", "head of Tribal Affairs")."""
        words = [self._low[k] for k in range(a, b) if self._alpha[k] or "-" in self._tx[k]]
        if not words:
            return True
        if self._lw(a - 1) in ("of", "for") and (self._lw(a - 2) in ROLE_HEADS or self._lw(a - 2) in ORG_WORDS or
                                               self._lw(a - 2) in ("and", "the")):
            return True
        if all(w in ROLE_HEADS or w in POST_MODIFIERS for w in words):
            return True  # "Deputy Prime Minister", "Acting Governor": a post, not a person
        if any(w in ORG_WORDS for w in words) or (words[0] in FOREIGN_PLACE_WORDS or words[0] in FOREIGN_MARKS) or \
                any(w in FOREIGN_MARKS for w in words) and len(words) < 3:
            # ("Saiful Islam Khyber": a surname taken from a place ends a person's name)
            return True
        name = " ".join(words)
        if name in FOREIGN_PLACE_NAMES or name in self.world_places:
            return True
        # place names that are also person names ("Dawlat Shah", "Mohammad Agha", "Gul Bahar") stay possible
        person_like = name in self.gaz.risky or name in GIVEN_NAME_PLACES or all(
            w in GIVEN_BEFORE_PLACE or w in GENERIC_GIVEN or w.capitalize() in NAME_FOLLOWERS for w in words[1:])
        if name in self.place_names and not person_like:
            return True
        # every word a place name ("Kunar Nangarhar"): a list of places, not a person
        return len(words) > 1 and all(w in self.place_names for w in words) and not person_like

    def _civilian_after(self, end: int) -> bool:
        """'X, a resident of Lashkar Gah', 'X, a tribal elder': an apposition that makes X a civilian."""
        if self._lw(end) != ",":
            return False
        k = end + 1
        if self._lw(k) not in ("a", "an", "the"):
            return False
        sent_end = self._sent(end).end
        for q in range(k + 1, min(sent_end, k + 5)):
            w = self._low[q]
            if w in CIVILIAN_NOUNS:
                return True
            if w in ROLE_NOUNS or w in (",", ".", ";"):
                return False
        return False
