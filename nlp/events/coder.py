"""The event coder: a tagged `Doc` and its mentions -> `Event` records, main event first.

Per sentence: triggers from the lexicon (nlp/data/event_lexicon.toml), dropped when the clause is
hypothetical (a threat, plan or condition), aggregate (a trend, "since 2021") or a denial; the sub-type
is the highest-ranked trigger that passes its condition (a protest context, a state actor for territory
regained, a civilian target for an attack); actors and their sides from `nlp.events.actors`; the most
precise non-dateline place; the date cue nearest the trigger; casualty figures with whose figure they are.
Then sentences that report more of the same incident ("The blast also wounded...", "ISKP claimed the
attack") are merged into the event they continue, and each event's figures are reduced ACLED's way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from spacy.tokens import Doc

from nlp.events.actors import (
    CIVILIANS,
    REPUBLIC_END,
    STATE_GROUPS,
    UNIDENTIFIED,
    Candidate,
    candidates,
    load_vocabulary,
    sides,
    state_name,
)
from nlp.events.appointments import Appointment, find_appointments
from nlp.events.casualties import Figure, find_figures, reduce_figures
from nlp.events.cues import (
    AGGREGATE,
    ANAPHOR,
    CAPITAL,
    CLAIM,
    CONFIRM,
    DENIAL,
    DETONATION,
    GLOBAL_GROUPS,
    HERE,
    OUTCOME,
    PROVINCIAL_POST,
    RELINQUISH,
    SEIZED,
    SEPARATE,
    STRATEGIC_WEAK,
    TERRITORY,
    VIOLENT_FAMILIES,
    anchored,
    background,
    background_spans,
    factual,
    specific,
    territorial,
)
from nlp.events.dates import DateCue, as_date, find_dates, is_historical
from nlp.events.lexicon import TYPE_OF, Trigger, find_triggers, load_lexicon
from nlp.gazetteer import Entry, Gazetteer
from pipeline.records import CasualtyFigure, Event, EventActor, Mention


@dataclass
class _Draft:
    """An event under construction, possibly spanning several sentences."""

    subtype: str
    start: int
    end: int
    sentences: list[tuple[int, int]]
    actors: dict[str, int] = field(default_factory=dict)  # name -> side (first assignment wins)
    claimed_by: str | None = None
    status: str = "reported"
    place: Mention | None = None
    date: DateCue | None = None
    figures: list[Figure] = field(default_factory=list)
    historical: bool = False
    appointee: str | None = None
    post: str | None = None
    confidence: float = 0.5
    sent_index: int = 0
    last_index: int = -1  # the last sentence merged into it

    def __post_init__(self) -> None:
        if self.last_index < 0:
            self.last_index = self.sent_index

    def add_actor(self, name: str, side: int) -> None:
        if name not in self.actors:
            self.actors[name] = side


class EventCoder:
    """Codes events from a tagged doc; stateless apart from the gazetteer and the compiled lexicons."""

    _factual = staticmethod(factual)
    _anchored = staticmethod(anchored)
    _background = staticmethod(background)
    _background_spans = staticmethod(background_spans)
    _specific = staticmethod(specific)
    _territorial = staticmethod(territorial)

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.lexicon = load_lexicon()
        self.vocab = load_vocabulary()
        self.by_name: dict[tuple[str, str], Entry] = {}
        for e in gazetteer.entries.values():
            self.by_name.setdefault((e.kind, e.name), e)
        self.pakistan = re.compile(
            r"\b(?:pakistan|pakistani|waziristan|khyber pakhtunkhwa|balochistan|peshawar|quetta|bajaur|kurram|"
            r"orakzai|bannu|lakki marwat|dera ismail khan|chitral|tirah|islamabad|lahore|karachi|punjab|"
            r"ispr|frontier corps)\b", re.IGNORECASE)

    # ------------------------------------------------------------------ entry point
    def events(self, doc: Doc, mentions: list[Mention], published: date | datetime | str | None,
               text: str | None = None, *, sentences: Sequence[tuple[int, int]]) -> list[Event]:
        """All events of one text, main event first (`text` is the doc's text when the caller has it: rebuilding it
        from the tokens costs more than some rules; `sentences`: the character bounds of its sentences, as the
        resolver read them, `Resolver.read`)."""
        text = doc.text if text is None else text
        if not text.strip():
            return []
        if not any(m.kind in ("province", "district", "place", "commander") or m.kind == "group" and
                   m.name not in GLOBAL_GROUPS for m in mentions) and not self.pakistan.search(text):
            return []  # a text naming no Afghan or Pakistani place and no regional armed group is about another conflict
        pub = as_date(published)
        post_2021 = pub is None or pub >= REPUBLIC_END
        sents = sentences
        protest_context = bool(re.search(r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ies|ied)|marchers|riot\w*|sit-?ins?)\b",
                                         text, re.IGNORECASE))
        drafts: list[_Draft] = []
        secondaries: list[_Draft] = []
        last_place: Mention | None = None
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for k, (a, b) in enumerate(sents):
            sentence = text[a:b]
            ments = ordered[bisect_left(starts, a):bisect_left(starts, b)]
            places = [m for m in ments if m.kind in ("province", "district", "place") and m.role != "dateline"]
            draft = self._sentence(text, k, a, b, ments, pub, post_2021, protest_context, drafts, last_place)
            if draft is not None:
                fallback = None
                if draft.place is None and not self._foreign(sentence, places):
                    fallback = self._deictic_place(sentence, mentions) or (
                        drafts[-1].place if drafts and drafts[-1].place is not None else last_place)
                self._merge_or_add(drafts, draft, sentence, fallback, text)
            # background events never take follow-up sentences nor stand first: they are kept apart
            secondaries.extend(self._secondary(text, a, b, ments, pub, draft if draft is not None else
                                               (drafts[-1] if drafts else None)))
            if places:
                last_place = self._most_precise(places, None)
        if drafts and any(d.place is None for d in drafts):
            # an event whose own sentence names no place takes the next sentence's, when the text has one
            for d in drafts:
                if d.place is None and not getattr(d, "secondary", False):
                    following = [m for m in mentions if m.start >= d.end and m.kind in ("province", "district", "place")
                                 and m.role != "dateline"]
                    if following and not self._foreign(text[d.start:d.end], []):
                        d.place = following[0] if following[0].start - d.end < 300 else None
        return [self._finish(d, text, pub, post_2021) for d in drafts + secondaries]

    def _secondary(self, text: str, a: int, b: int, ments: list[Mention], pub: date | None,
                   main: _Draft | None) -> list[_Draft]:
        """Events of background clauses that carry their own date ("days after the Taliban overran it last week",
        "two years after the group took the valley in 2019"): separate, usually earlier or historical, events."""
        sentence = text[a:b]
        out: list[_Draft] = []
        for x, y in self._background_spans(sentence):
            clause = sentence[x:y]
            if re.match(r"(?:including|such as|like the)\b", clause, re.IGNORECASE):
                continue  # a list of the main clause's objects or examples, not an event of its own
            cues = find_dates(clause, pub)
            if not cues or main is not None and main.date is not None and any(c.date == main.date.date for c in cues):
                continue
            trigs = [t for t in find_triggers(clause, self.lexicon)
                     if t.subtype.name not in ("Appointment", "Dismissal") and self._factual(clause, t)]
            if not trigs:
                continue
            cue = cues[0]
            era_post = cue.date >= REPUBLIC_END
            cm = [m for m in ments if a + x <= m.start < a + y]
            groups = [(m.name, m.start - a - x, m.end - a - x) for m in cm if m.kind == "group"]
            spans = [(m.start - a - x, m.end - a - x) for m in cm]
            cands = candidates(clause, groups, self.vocab, post_2021=era_post, foreign_state=None, afghan_spans=spans)
            figures = find_figures(clause, past_ok=True)
            chosen, party = self._choose(clause, trigs, cands, figures, False, era_post)
            if chosen is None:
                continue
            d = _Draft(chosen.subtype.name, a + x, a + y, [(a + x, a + y)])
            for c, side in party:
                d.add_actor(c.name, side)
            places = [m for m in cm if m.kind in ("province", "district", "place") and m.role != "dateline"]
            d.place = self._most_precise(places, a + x + chosen.start) or self._deictic_place(clause, [])
            if d.place is None and main is not None and re.search(r"\b(?:it|there|the (?:district|town|city|centre|center|"
                                                                  r"base|village|valley|area))\b", clause, re.IGNORECASE):
                d.place = main.place  # "a week after insurgents stormed it"
            d.secondary = True  # type: ignore[attr-defined]
            d.date = cue
            d.historical = is_historical(cue, clause, pub)
            d.figures = figures
            d.confidence = 0.4
            out.append(d)
        return out

    # ------------------------------------------------------------------ one sentence
    def _sentence(self, text: str, k: int, a: int, b: int, ments: list[Mention], pub: date | None,
                  post_2021: bool, protest_context: bool, drafts: list[_Draft],
                  context_place: Mention | None = None) -> _Draft | None:
        sentence = text[a:b]
        triggers = [t for t in find_triggers(sentence, self.lexicon) if self._factual(sentence, t)]
        main = [t for t in triggers if not self._background(sentence, t)]
        triggers = main or [t for t in triggers if t.subtype.name in ("Appointment", "Dismissal")]
        if not triggers and not drafts:
            return None
        spans = self._background_spans(sentence)
        first = min((t.start for t in triggers), default=0)
        figures = [f for f in find_figures(sentence)
                   if not any(x <= f.start < y and not x <= first < y for x, y in spans)]
        claim = CLAIM.search(sentence)
        if not triggers:
            if drafts and (claim or figures) and not SEPARATE.search(sentence):
                self._continuation(drafts[-1], sentence, a, b, ments, figures, claim, post_2021, text, k)
                return None
            return None
        if AGGREGATE.search(sentence) and not self._specific(sentence, figures, pub):
            return None
        if not self._anchored(sentence, triggers, figures, pub):
            return None
        denial = DENIAL.search(sentence)
        if denial and not figures and not claim and denial.start() < min(t.start for t in triggers):
            return None  # "X denied that its forces had attacked...": a denial of the whole event
        foreign = self._foreign(sentence, [m for m in ments if m.kind in ("province", "district", "place")])
        groups = [(m.name, m.start - a, m.end - a) for m in ments if m.kind == "group"]
        groups += [(m.group, m.start - a, m.end - a) for m in ments
                   if m.kind == "commander" and m.group and not any(g[1] <= m.start - a < g[2] for g in groups)]
        afghan_spans = [(m.start - a, m.end - a) for m in ments if m.kind in ("province", "district", "place", "group",
                                                                             "commander")]
        cands = candidates(sentence, groups, self.vocab, post_2021=post_2021,
                           foreign_state="Pakistan" if foreign else None, afghan_spans=afghan_spans)
        chosen, party = self._choose(sentence, triggers, cands, figures, protest_context, post_2021)
        if chosen is None:
            if drafts and (claim or figures) and not SEPARATE.search(sentence):
                self._continuation(drafts[-1], sentence, a, b, ments, figures, claim, post_2021, text, k)
                return None
            return None
        sub = chosen.subtype.name
        draft = _Draft(sub, a, b, [(a, b)], sent_index=k)
        draft.outcome_only = all(OUTCOME.fullmatch(t.text.lower()) for t in triggers)  # type: ignore[attr-defined]
        spans = self._background_spans(sentence)
        cues = [c for c in find_dates(sentence, pub)
                if not any(x <= c.start < y and not x <= chosen.start < y for x, y in spans)]
        draft.date = self._nearest(cues, chosen.start)
        draft.historical = is_historical(draft.date, sentence, pub)
        if sub in ("Appointment", "Dismissal"):
            appointed = self._appointment(draft, sentence, chosen, ments, a, post_2021, foreign, context_place)
            if appointed is not None:
                return appointed
            # no appointee and post: the words meant something else ("a man named X"); read the rest
            triggers = [t for t in triggers if t.subtype.name not in ("Appointment", "Dismissal")]
            chosen, party = self._choose(sentence, triggers, cands, figures, protest_context, post_2021)
            if chosen is None:
                return None
            sub = chosen.subtype.name
            draft = _Draft(sub, a, b, [(a, b)], sent_index=k)
            draft.outcome_only = all(OUTCOME.fullmatch(t.text.lower()) for t in triggers)  # type: ignore[attr-defined]
            draft.date = self._nearest(find_dates(sentence, pub), chosen.start)
            draft.historical = is_historical(draft.date, sentence, pub)
        for c, side in party:
            draft.add_actor(c.name, side)
        if claim:
            claimer = self._claimer(sentence, cands, claim.start())
            if claimer:
                draft.claimed_by = claimer
                draft.status = "claimed"
                draft.actors = {n: s for n, s in draft.actors.items() if n != UNIDENTIFIED}
                draft.actors = {claimer: 1, **{n: s for n, s in draft.actors.items() if n != claimer}}
        if draft.claimed_by is None and sub not in ("Appointment", "Dismissal"):
            # the acting side reporting its own act ("..., the defence ministry said") claims it
            side1 = [n for n, s_ in draft.actors.items() if s_ == 1 and n != UNIDENTIFIED]
            speakers = {c.name for c in cands if c.source_only}
            own = next((n for n in side1 if n in speakers), None)
            if own is not None:
                draft.claimed_by = own
                draft.status = "claimed"
        if draft.status == "reported" and denial:
            draft.status = "denied"
        elif draft.status == "reported" and CONFIRM.search(sentence):
            draft.status = "confirmed"
        places = [m for m in ments if m.kind in ("province", "district", "place") and m.role != "dateline"]
        draft.place = None if foreign else self._most_precise(places, chosen.start + a)
        spans = self._background_spans(sentence)
        cues = [c for c in find_dates(sentence, pub)
                if not any(x <= c.start < y and not x <= chosen.start < y for x, y in spans)]
        draft.date = self._nearest(cues, chosen.start)
        draft.historical = is_historical(draft.date, sentence, pub) if cues or not find_dates(sentence, pub) \
            else is_historical(None, sentence, pub)
        draft.figures = figures
        draft.confidence = min(0.95, 0.45 + chosen.subtype.rank / 400 + 0.1 * bool(figures) + 0.1 * bool(draft.place)
                               + 0.05 * bool(draft.date))
        return draft

    def _choose(self, sentence: str, triggers: list[Trigger], cands: list[Candidate], figures: list[Figure],
                protest_context: bool, post_2021: bool) -> tuple[Trigger | None, list[tuple[Candidate, int]]]:
        """The sub-type of the sentence's event and its parties, by trigger rank and each trigger's condition."""
        deaths = any(f.kind == "killed" and f.count > 0 for f in figures)
        harm = deaths or any(f.count > 0 for f in figures) or bool(DETONATION.search(sentence))
        ranked = sorted(triggers, key=lambda t: (-t.subtype.rank, t.start))
        # between non-violent developments the sentence's first predicate is its event ("arrested ... and seized")
        calm = [t for t in ranked if t.subtype.name in ("Arrests", "Disrupted weapons use")]
        if len({t.subtype.name for t in calm}) > 1 and not deaths:
            first = min(calm, key=lambda t: t.start)
            ranked = [first] + [t for t in ranked if t is not first]
        for t in ranked:
            sub = t.subtype
            if sub.requires == "protest" and not (protest_context or any(c.kind == "protesters" for c in cands)):
                continue
            if sub.name == "Disrupted weapons use" and (deaths or re.search(r"\b(?:exploded|went off|blew up)\b", sentence)):
                continue
            if sub.type == "Explosions/Remote violence" and SEIZED.search(sentence[max(0, t.start - 40):t.start]) \
                    and not re.match(r"(?:hit|struck|stepped|ran|drove|triggered)\b", t.text, re.IGNORECASE):
                continue  # "recovered a pressure-plate mine", "found a roadside bomb": weapons, not an explosion
            if sub.name in TERRITORY and not self._territorial(sentence, t):
                continue
            if sub.name in STRATEGIC_WEAK and deaths and any(x.subtype.type in VIOLENT_FAMILIES for x in triggers):
                continue
            if sub.name == "Peaceful protest" and not (any(c.kind == "protesters" for c in cands)
                                                       or re.search(r"\bprotest|demonstrat|rall|march|sit-?in",
                                                                    t.text, re.IGNORECASE)):
                continue
            clash = sub.type == "Battles"
            party = sides(sentence, cands, t.start, t.end, clash, self._background_spans(sentence))
            if sub.name == "Non-violent transfer of territory" and RELINQUISH.match(t.text):
                # "forces handed the district over to the Taliban": who gains it acts
                party = [(c, 3 - s_) for c, s_ in party]
            if sub.name in TERRITORY:
                actor1 = next((c for c, s in party if s == 1), None)
                state = actor1 is not None and (actor1.name == state_name(post_2021)
                                                or actor1.name.startswith("Military Forces of"))
                name = "Government regains territory" if state else "Non-state actor overtakes territory"
                if name != sub.name:
                    t = Trigger(next(s for s in self.lexicon if s.name == name), t.start, t.end, t.text)
                return t, party
            if sub.name == "Attack":
                # the target nearest after the trigger decides: "shot dead two farmers" is an attack
                victims = sorted((c for c, s in party if s == 2), key=lambda c: (c.start < t.start, abs(c.start - t.end)))
                if not victims or victims[0].kind != "civilian":
                    continue
                return t, party
            if sub.name == "Armed clash":
                victims = [c for c, s in party if s == 2]
                if victims and all(c.kind == "civilian" for c in victims):
                    attack = next((s for s in self.lexicon if s.name == "Attack"), None)
                    if attack is not None:
                        return Trigger(attack, t.start, t.end, t.text), party
                if not harm and not re.search(r"\b(?:clash|fight|fought|battle|skirmish|ambush|gunfight|firefight|"
                                              r"exchange|engag|raid|assault|stormed|offensive|operation|attack|fired|"
                                              r"opened fire|shot at|shoot|repel|repuls|counter)",
                                              t.text, re.IGNORECASE):
                    continue
            return t, party
        return None, []

    def _claimer(self, sentence: str, cands: list[Candidate], claim_at: int) -> str | None:
        before = [c for c in cands if c.end <= claim_at + 1 and c.kind in ("group", "foreign", "state")]
        if before:
            return before[-1].name
        return None

    def _continuation(self, prev: _Draft, sentence: str, a: int, b: int, ments: list[Mention],
                      figures: list[Figure], claim: re.Match[str] | None, post_2021: bool, text: str = "",
                      k: int = 0) -> None:
        """A sentence with no trigger of its own that adds a figure or a claim to the previous event."""
        gap = text[prev.sentences[-1][1]:a]
        if b - prev.end > 600 or k - prev.last_index > 2 or "\n" in gap and not ANAPHOR.search(sentence):
            return
        if figures:
            prev.figures.extend(figures)
        if claim:
            groups = [(m.name, m.start - a, m.end - a) for m in ments if m.kind == "group"]
            cands = candidates(sentence, groups, self.vocab, post_2021=post_2021, foreign_state=None)
            claimer = self._claimer(sentence, cands, claim.start())
            if claimer and prev.claimed_by is None:
                prev.claimed_by = claimer
                prev.status = "claimed"
                prev.actors = {claimer: 1, **{n: s for n, s in prev.actors.items() if n not in (claimer, UNIDENTIFIED)}}
        prev.sentences.append((a, b))
        prev.last_index = k
        return

    def _appointment(self, draft: _Draft, sentence: str, t: Trigger, ments: list[Mention], a: int,
                     post_2021: bool, foreign: bool, context_place: Mention | None = None) -> _Draft | None:
        """Appointments and dismissals of the sentence, from every appointment trigger in text order."""
        people = [(m.name, m.start - a, m.end - a) for m in ments if m.kind == "commander"]
        triggers = sorted((x for x in find_triggers(sentence, self.lexicon)
                           if x.subtype.name in ("Appointment", "Dismissal") and self._factual(sentence, x)),
                          key=lambda x: x.start)
        found: list[tuple[str, Appointment]] = []
        seen: set[tuple[str, str]] = set()
        for trig in triggers:
            for ap in find_appointments(sentence, trig.start, trig.end, people):
                kind = "Dismissal" if ap.dismissal or trig.subtype.name == "Dismissal" else "Appointment"
                if trig.subtype.name == "Dismissal" and re.search(r"replac", trig.text, re.IGNORECASE):
                    kind = "Dismissal" if ap.dismissal else "Appointment"
                appointee = ap.appointee or (found[-1][1].appointee if found else "")
                if not appointee or (appointee, ap.post) in seen:
                    continue
                seen.add((appointee, ap.post))
                found.append((kind, replace(ap, appointee=appointee)))
        if not found:
            return None
        groups = [m.name for m in ments if m.kind == "group" and m.start - a < triggers[0].start]
        appointer = groups[-1] if groups else state_name(post_2021)
        drafts = []
        for kind, ap in found:
            d = replace(draft, subtype=kind, actors={appointer: 1}, sentences=list(draft.sentences), figures=[])
            d.appointee, d.post = ap.appointee, ap.post  # type: ignore[attr-defined]
            post_places = [m for m in ments if m.kind in ("province", "district", "place") and m.role != "dateline"
                           and ap.post_start + a <= m.start < ap.post_end + a]  # type: ignore[attr-defined]
            d.place = self._most_precise(post_places, None) if post_places else None
            if d.place is None and PROVINCIAL_POST.search(ap.post):  # type: ignore[attr-defined]
                # "the incoming governor" of the province the passage is about
                sentence_places = [m for m in ments if m.kind in ("province", "district", "place") and m.role != "dateline"]
                d.place = context_place or (self._most_precise(sentence_places, None) if sentence_places else None)
            d.confidence = 0.8
            drafts.append(d)
        first = drafts[0]
        first.extra_drafts = drafts[1:]  # type: ignore[attr-defined]
        return first

    # ------------------------------------------------------------------ places
    def _foreign(self, sentence: str, places: list[Mention]) -> bool:
        """The sentence is about Pakistan (or another country) and names no Afghan place."""
        return not places and bool(self.pakistan.search(sentence))

    def _deictic_place(self, sentence: str, mentions: list[Mention]) -> Mention | None:
        """'here' in a datelined story is the dateline's place (a dateline alone never is); 'the capital' (not a
        provincial one) in an Afghan story is Kabul."""
        if (m := CAPITAL.search(sentence)) and (kabul := self.gaz.provinces.get("Kabul")) is not None:
            return Mention("province", "Kabul", m.group(0), 0, 0, province="Kabul", pcode=kabul.pcode)
        if not HERE.search(sentence):
            return None
        return next((m for m in mentions if m.role == "dateline"), None)

    @staticmethod
    def _most_precise(places: list[Mention], near: int | None) -> Mention | None:
        if not places:
            return None
        rank = {"place": 0, "district": 1, "province": 2}

        def key(m: Mention) -> tuple[int, int]:
            return rank.get(m.kind, 3), abs(m.start - near) if near is not None else m.start

        return min(places, key=key)

    @staticmethod
    def _nearest(cues: Sequence[DateCue], at: int) -> DateCue | None:
        if not cues:
            return None
        return min(cues, key=lambda c: (c.precision != "day", abs(c.start - at)))

    # ------------------------------------------------------------------ merging
    def _merge_or_add(self, drafts: list[_Draft], draft: _Draft, sentence: str,
                      fallback_place: Mention | None = None, text: str = "") -> None:
        if draft.subtype in ("Appointment", "Dismissal"):
            drafts.append(draft)
            drafts.extend(getattr(draft, "extra_drafts", []))
            return
        prev = drafts[-1] if drafts else None
        gap = text[prev.sentences[-1][1]:draft.start] if prev is not None and text else ""
        if prev is not None and self._continues(prev, draft, sentence, gap):
            prev.sentences.append((draft.start, draft.end))
            prev.last_index = draft.sent_index
            prev.end = max(prev.end, draft.end)
            prev.figures.extend(draft.figures)
            for name, side in draft.actors.items():
                if prev.claimed_by and name == UNIDENTIFIED:
                    continue
                prev.add_actor(name, side)
            if draft.claimed_by and prev.claimed_by is None:
                prev.claimed_by = draft.claimed_by
                prev.status = "claimed"
                prev.actors = {draft.claimed_by: 1, **{n: s for n, s in prev.actors.items()
                                                       if n not in (draft.claimed_by, UNIDENTIFIED)}}
            if prev.place is None or (draft.place is not None and _more_precise(draft.place, prev.place)
                                      and _same_province(draft.place, prev.place)):
                prev.place = draft.place or prev.place
            if prev.date is None:
                prev.date = draft.date
            # a later sentence naming the means ("the blast", "a drone") refines a generic first reading
            if _family(draft.subtype) == "Explosions/Remote violence" and prev.subtype in ("Armed clash", "Attack"):
                prev.subtype = draft.subtype
            return
        if prev is not None and draft.date is None and not draft.historical:
            draft.date = prev.date
            draft.historical = prev.historical
        if draft.place is None:
            draft.place = fallback_place
        drafts.append(draft)

    def _continues(self, prev: _Draft, draft: _Draft, sentence: str, gap: str = "") -> bool:
        """Does this sentence report more of the previous event rather than a new one?

        Only nearby sentences can: the next one or the one after, in the same paragraph (the first sentence of
        the next paragraph only when it refers back, "the raid ...")."""
        if prev.subtype in ("Appointment", "Dismissal") or SEPARATE.search(sentence):
            return False
        distance = draft.sent_index - prev.last_index
        if distance > 2 or "\n" in gap and not ANAPHOR.search(sentence):
            return False
        if draft.date is not None and prev.date is not None and draft.date.date != prev.date.date:
            return False
        if draft.historical != prev.historical:
            return False
        anaphoric = bool(ANAPHOR.search(sentence))
        if anaphoric and _family(draft.subtype) in VIOLENT_FAMILIES and _family(prev.subtype) in VIOLENT_FAMILIES:
            return True  # "the raid took place near ...", "the strikes hit civilian homes in ..."
        if draft.place is not None and prev.place is not None and not _compatible_place(draft.place, prev.place):
            return False
        same_family = _family(draft.subtype) == _family(prev.subtype)
        if getattr(draft, "outcome_only", False) and _family(prev.subtype) in VIOLENT_FAMILIES and draft.place is None:
            return True  # "Two policemen died." after the sentence that reported the attack
        if anaphoric and (same_family or _family(draft.subtype) in VIOLENT_FAMILIES):
            return True
        if draft.place is None and draft.date is None and (same_family or not draft.figures):
            return same_family or _family(prev.subtype) in VIOLENT_FAMILIES and _family(draft.subtype) in VIOLENT_FAMILIES
        return False

    # ------------------------------------------------------------------ the record
    def _finish(self, d: _Draft, text: str, pub: date | None, post_2021: bool) -> Event:
        family = TYPE_OF[d.subtype]
        actors = dict(d.actors)
        if family in ("Explosions/Remote violence", "Violence against civilians") and not any(
                s == 1 for s in actors.values()):
            actors = {UNIDENTIFIED: 1, **actors}
        if d.subtype == "Arrests" and not any(s == 1 for s in actors.values()):
            actors = {state_name(post_2021): 1, **actors}
        if family == "Protests":
            # protesters act; forces are the other side only when they intervened, and act first when they
            # used lethal force; the target of a peaceful protest's grievance is not a party
            others = [n for n in actors if n not in ("Protesters", CIVILIANS)]
            if d.subtype == "Peaceful protest":
                actors = {"Protesters": 1}
            elif d.subtype == "Excessive force against protesters":
                actors = {**{n: 1 for n in others}, "Protesters": 2}
            else:
                actors = {"Protesters": 1, **{n: 2 for n in others}}
        if d.subtype == "Violent demonstration":
            actors.pop("Protesters", None)
            actors = {"Rioters": 1, **{n: 2 for n in actors if n != "Rioters"}}
        if family == "Violence against civilians" and not any(s == 2 for s in actors.values()):
            actors[CIVILIANS] = 2
        if d.subtype == "Violent demonstration":
            actors.pop(CIVILIANS, None)  # "residents set tyres alight": the residents are the rioters
        if post_2021 and not d.historical and "ANDSF" in actors:
            # after the republic's fall its former soldiers and police are civilians
            side = actors.pop("ANDSF")
            actors.setdefault(CIVILIANS, side)
        ordered = [EventActor(n, s) for n, s in sorted(actors.items(), key=lambda kv: kv[1])]
        fatalities, injured, source, kept = reduce_figures(d.figures, suicide=d.subtype == "Suicide bomb",
                                                           text=" ".join(text[a:b] for a, b in d.sentences))
        place = d.place
        province = district = place_name = pcode = None
        lat = lon = None
        precision = None
        if place is not None:
            province = place.province
            entry = self.by_name.get((place.kind, place.name))
            if place.kind == "place":
                place_name = place.name
                district = None
                precision = 1
            elif place.kind == "district":
                district = place.name
                precision = 2
            else:
                precision = 3
            pcode = place.pcode or (entry.pcode if entry else None)
            if entry is not None and entry.lat is not None:
                lat, lon = entry.lat, entry.lon
            elif province and (prov := self.gaz.provinces.get(province)) is not None:
                lat, lon, precision = prov.lat, prov.lon, 3
                pcode = pcode or prov.pcode
        if d.date is not None:
            when, when_precision = d.date.date, d.date.precision
        elif pub is not None:
            when, when_precision = pub, "day"
        else:
            when, when_precision = None, None
        # the evidence is the main sentence and the sentences right after it that were merged into the event
        start, end = d.sentences[0]
        for a2, b2 in sorted(d.sentences)[1:]:
            if a2 < end or text[end:a2].strip() or "\n" in text[end:a2]:
                break
            end = b2
        evidence = text[start:end].strip()
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        return Event(
            event_type=family, sub_event_type=d.subtype, sentence=evidence, start=start + lead,
            end=start + lead + len(evidence), actors=tuple(ordered), date=when, date_precision=when_precision,
            claimed_by=d.claimed_by, report_status=d.status, province=province, district=district,
            place=place_name, pcode=pcode, lat=lat, lon=lon, geo_precision=precision, fatalities=fatalities,
            injured=injured, fatality_source=source,
            figures=tuple(CasualtyFigure(f.kind, f.count, f.source, f.text) for f in kept),
            historical=d.historical, appointee=d.appointee, post=d.post, method="rule",
            confidence=round(d.confidence, 3),
        )


def _family(subtype: str) -> str:
    return TYPE_OF.get(subtype, "")


def _more_precise(a: Mention, b: Mention) -> bool:
    order = {"place": 0, "district": 1, "province": 2}
    return order.get(a.kind, 3) < order.get(b.kind, 3)


def _same_province(a: Mention, b: Mention) -> bool:
    return a.province is None or b.province is None or a.province == b.province


def _compatible_place(a: Mention, b: Mention) -> bool:
    if a.province and b.province and a.province != b.province:
        return False
    return not (a.kind == b.kind and a.kind in ("district", "place") and a.name != b.name)


__all__ = ["STATE_GROUPS", "EventCoder"]
