"""A commander's role as the text gives it: the noun phrase around a role noun attached to the name.

The phrase is read by its shape, not by stock wordings: a role noun ("minister", "chief", "spokesman", "emir")
with its modifiers ("acting interior", "provincial police", "Taliban's chief") and its complements ("of
Kandahar", "for economic affairs", "of the Directorate of Prisons"), attached to the name

- after it, as an apposition: "X, the acting interior minister," / "X, 45, a commander of ..."
- before it: "Taliban spokesman X", "the province's police chief, Gen. X"
- in an appointment: "named X as governor of Y", "... and Z as police chief of W" (each name its own post)
- as a relative clause: "X, who heads the group's military commission" (head of the military commission).

A phrase ends at a clause boundary (punctuation, a verb of speech or being, a relative pronoun, a date).
"""

from __future__ import annotations

from nlp.resolve.groups import GroupRules
from nlp.resolve.vocab import ROLE_NOUNS

# Role nouns beyond the ones that tie a person to a group (posts of office, ranks of command).
ROLE_HEADS = (ROLE_NOUNS - {"brother", "son", "successor", "figure", "loyalist", "supporter", "member", "militant",
                            "fighter"}) | frozenset({"emir", "amir", "minister", "ministers", "premier", "president", "vice",
                                     "governor", "commissioner", "mufti", "qazi", "judge", "justice", "envoy",
                                     "ambassador", "attorney", "mayor", "head", "chief", "commandant", "founder",
                                     "co-founder", "spokesperson", "spokeswoman", "deputy", "director",
                                     "director-general", "general", "chairman", "chair", "secretary"})
# Tokens that end a role phrase: clause words, verbs of speech and being, dates.
PHRASE_STOP = frozenset({"said", "says", "told", "added", "was", "is", "were", "are", "has", "had", "have", "will",
                         "would", "who", "which", "that", "whom", "whose", "when", "while", "after", "before",
                         "since", "because", "but", "according", "on", "last", "next", "this", "earlier", "yesterday", "today",
                         "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                         "january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "until", "as", "by", "with", "to", "from", "during",
                         "if", "said.", "says.", "announced", "confirmed", "claimed", "stated"})
BOUNDARY = frozenset({",", ".", ";", ":", "(", ")", "—", "–", '"', "“", "”", "?", "!"})
# Words that can open a role phrase before the name but are not part of it.
ARTICLES = frozenset({"the", "a", "an", "its", "his", "their", "her", "our", "my", "your"})
# "X, who heads the commission": the verb's noun.
LEADING_VERBS = {"heads": "head of", "headed": "head of", "leads": "leader of", "led": "leader of",
                 "commands": "commander of", "commanded": "commander of", "runs": "head of", "ran": "head of",
                 "directs": "director of", "directed": "director of", "oversees": "head of"}
APPOINTING = frozenset({"appointed", "named", "designated", "installed", "appoint", "name", "nominated", "made",
                        "promoted", "introduced", "assigned", "replaced", "chose", "picked", "elevated"})
MAX_ROLE = 12
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december"})


# Organisations a person can head ("the Ministry for ...", "the Directorate of Prisons").
ORG_HEADS = frozenset({"ministry", "directorate", "department", "commission", "council", "court", "office", "agency",
                       "committee", "shura", "corps", "army", "police", "front", "network", "group", "movement",
                       "party", "administration", "authority", "bureau", "service", "brigade", "unit"})


class RoleRules(GroupRules):
    """Role phrases around a name (token offsets [start, end)); `_person_at` holds every named person's tokens."""

    _person_at: set[int]
    _own_group: str | None = None
    _role_span: tuple[int, int] = (0, 0)  # token span of the last phrase read
    _shared: bool = False  # the last phrase read was a plural post before a list of names

    def _role_phrase(self, start: int, end: int, group: str | None = None) -> str | None:
        """The role the text gives the person named at [start, end), or None; a leading mention of the
        person's own group is left to the group field ("Taliban governor" -> "governor")."""
        self._own_group = group
        self._shared = False
        end = self._after_parenthesis(end)
        for finder in (self._role_new_post, self._role_apposed_before, self._role_after, self._role_as,
                       self._role_list_head, self._role_predicate, self._role_led_by, self._role_adjacent_before):
            role = finder(start, end)
            if role:
                a, b = self._role_span
                one = self._singular(role, a, b) if finder in (self._role_apposed_before,
                                                               self._role_adjacent_before) else role
                self._shared = one != role
                return one
        return None

    def _after_parenthesis(self, end: int) -> int:
        """Skip a parenthesis right after the name: "X (TAi.144) serves as ...", "X (45), a commander"."""
        if self._lw(end) == "(":
            k = end + 1
            while k < self._n and k - end < 8 and self._tx[k] != ")":
                k += 1
            if k < self._n and self._tx[k] == ")":
                return k + 1
        return end

    def _role_new_post(self, start: int, end: int) -> str | None:
        """A post the sentence gives the person after an apposition that describes him: "X, until now governor of
        Y, was appointed deputy minister", "the outgoing governor, X, moves to Kabul as deputy minister" - the
        appointment is what the report is about, so it outranks the post the apposition names."""
        sent_end = self._sent(start).end
        k = end
        before = self._role_apposed_before(start, end)
        if self._lw(k) == "," and before:
            k += 1  # "the outgoing governor, X, moves to ..."
        elif self._lw(k) == ",":
            q = k + 1
            while q < sent_end and q - k <= 14 and self._tx[q] != "," and q not in self._person_at:
                q += 1
            if q >= sent_end or self._tx[q] != "," or q == k + 1:
                return None
            k = q + 1  # "X, until now governor of Y, was appointed ..."
        elif not before:
            return None  # no apposition: the ordinary finders read the predicate
        return self._appointed_as(k, sent_end) or self._verb_as(k, sent_end)

    def _appointed_as(self, k: int, sent_end: int) -> str | None:
        """"was appointed (as) deputy minister ...", "has been named governor of ..." from token k."""
        if self._lw(k) in ("was", "has", "had", "is", "have") and self._lw(k + 1) == "been":
            k += 1
        if self._lw(k) in ("was", "is", "been", "were") and self._lw(k + 1) in APPOINTING:
            k += 2 + (self._lw(k + 2) == "as")
            return self._clean(k, self._phrase_forward(k, sent_end))
        return None

    def _verb_as(self, k: int, sent_end: int) -> str | None:
        """A verb of taking a post with the person as its subject: "takes over as mayor", "moves to Herat as
        deputy governor", "will serve as acting minister", "returned as police chief" - the verb first,
        then at most a particle or a place, then "as" and the post."""
        if self._lw(k) in ("will", "would", "is", "was", "has", "had", "now", "also", "then", "later"):
            k += 1
        if k >= sent_end or not (self._alpha[k] and self._tx[k].islower()) or self._low[k] in PHRASE_STOP or \
                self._low[k] in ("and", "or", "of", "for", "in", "the", "a", "an"):
            return None
        q = k + 1
        while q < sent_end and q - k <= 4 and self._lw(q) != "as":
            if self._tx[q] in BOUNDARY or q in self._person_at or self._low[q] in PHRASE_STOP - {"to", "on", "from"}:
                return None
            q += 1
        if self._lw(q) != "as":
            return None
        return self._clean(q + 1, self._phrase_forward(q + 1, sent_end))

    def _appointment_open(self, start: int) -> bool:
        """Is the name an item of an appointment clause: a verb of appointing earlier in its sentence, and the
        name opening an item of it ("named X commander of ... and Y deputy commander of ...", "appointed X
        governor of A, Y deputy governor of B")?"""
        sent = self._sent(start)
        before = start - 1
        while before >= sent.start and (self._ti(before) or self._tx[before] == "."):
            before -= 1
        if before < sent.start or self._low[before] not in (",", "and", ";") and self._low[before] not in APPOINTING:
            return False
        return any(self._low[q] in APPOINTING for q in range(sent.start, before + 1))

    def _role_adjacent_before(self, start: int, end: int) -> str | None:
        """A post right before the name, with no comma between ("Taliban spokesman X")."""
        k = start - 1
        while k >= 0 and (self._ti(k) or self._tx[k] == "."):
            k -= 1
        return None if k < 0 or self._tx[k] == "," else self._role_before(start, end)

    def _role_list_head(self, start: int, end: int) -> str | None:
        """An item of a list the sentence opened with its post: "the following district governors were
        appointed: X for Spin Boldak, Y for Panjwayi" - each a district governor of his place."""
        sent = self._sent(start)
        colon = next((q for q in range(start - 1, sent.start - 1, -1) if self._tx[q] == ":"), None)
        if colon is None or self._lw(end) not in ("for", "of", "in"):
            return None
        head = next((q for q in range(colon - 1, max(sent.start, colon - 12) - 1, -1)
                     if self._low[q].endswith("s") and self._low[q][:-1] in ROLE_HEADS), None)
        place = self._place_at(end + 1)
        if head is None or place is None:
            return None
        mods = head
        while mods - 1 > sent.start and self._low[mods - 1] in ("district", "provincial", "deputy", "police",
                                                                "security", "intelligence", "new", "acting"):
            mods -= 1
        return f"{self._stext(mods, head)} {self._low[head][:-1]} of {place}".strip().replace("  ", " ")

    def _role_apposed_before(self, start: int, end: int) -> str | None:
        """"the acting mayor, Mawlawi X," - a role set off before the name by a comma."""
        k = start - 1
        while k >= 0 and (self._ti(k) or self._tx[k] == "."):
            k -= 1
        if k < 1 or self._tx[k] != ",":
            return None
        role = self._role_before(start, end)
        a = self._role_span[0] if role else -1
        sent_start = self._sent(start).start
        # an apposition opens after an article or a clause boundary; "... as governor of Logar, Y as ..." is
        # the previous item of a list
        opener = self._low[a] in ARTICLES or self._low[a - 1] in ARTICLES or self._tx[a - 1] in BOUNDARY or \
            self._lw(a + 1) in ("'s", "’s") or \
            self._low[a - 1] == "as" and a - 2 not in self._person_at  # "his successor as emir, X"; not "Y as ..., X"
        if role and a > sent_start and not opener:
            return None
        return role

    def _role_predicate(self, start: int, end: int) -> str | None:
        """"X serves as Minister of Interior", "X is Minister of ...", "X becomes governor of Takhar",
        "X heads the General Directorate of Intelligence"."""
        sent_end = self._sent(start).end
        k = end
        if self._lw(k) in ("will", "would", "now", "also", "currently", "still"):
            k += 1
        low = self._lw(k)
        if low in LEADING_VERBS or low == "head" and self._lw(k - 1) in ("will", "would"):
            b = self._phrase_forward(k + 1, sent_end)
            return f"{LEADING_VERBS.get(low, 'head of')} {self._stext(k + 1, b)}".strip() if b > k + 1 else None
        if low in ("had", "has", "have") and self._lw(k + 1) == "been":
            k += 1  # "X had been governor until 2006"
            low = "was"
        if low in ("serves", "served", "serving") and self._lw(k + 1) == "as":
            k += 2
        elif low in ("is", "was", "becomes", "became", "remains", "remained", "be"):
            k += 1
            if self._lw(k) == "now":
                k += 1
        else:
            return None
        return self._clean(k, self._phrase_forward(k, sent_end))

    def _role_led_by(self, start: int, end: int) -> str | None:
        """"The faction, led by X": the leader; "the Ministry for ..., headed by Sheikh X": head of
        the ministry named before."""
        k = start - 1
        while k >= 0 and (self._ti(k) or self._tx[k] == "."):
            k -= 1
        verb = self._lw(k - 1)
        if self._lw(k) != "by" or verb not in ("led", "headed", "commanded", "founded", "run"):
            return None
        noun = {"led": "leader", "headed": "head", "commanded": "commander", "founded": "founder",
                "run": "head"}[verb]
        q = k - 2
        if self._lw(q) in ("is", "was", "are", "were") and self._lw(q - 1) in ("which", "that"):
            q -= 2  # "the interior ministry, which is headed by X": the relative clause hangs on the ministry
        if self._lw(q) != ",":
            return noun
        b = q
        a = b
        sent_start = self._sent(start).start
        lower_org = self._low[b - 1] in ORG_HEADS  # "the virtue ministry, headed by X"
        while a - 1 >= sent_start and b - a < MAX_ROLE + 4 and (
                self._tx[a - 1][:1].isupper() or lower_org and self._alpha[a - 1] and self._low[a - 1] not in
                ARTICLES | PHRASE_STOP or self._low[a - 1] in ("of", "for", "and", "the", "on") and
                a - 2 >= sent_start and (self._tx[a - 2][:1].isupper() or self._low[a - 2] in ("and", "of", "for"))):
            a -= 1
        while a < b and self._low[a] in ("of", "for", "and", "the", "on"):
            a += 1
        if a < b and any(self._low[q2] in ORG_HEADS for q2 in range(a, b)):
            return f"{noun} of the {self._stext(a, b)}"  # "head of the Ministry for the Propagation of ..."
        return noun

    def _place_at(self, k: int, closing: bool = False) -> str | None:
        """The place named from token k, else None; with `closing`, only when it closes a list line
        ("..., Kunar;" / "..., Kunar.")."""
        for f in getattr(self, "_places_found", ()):
            if f.start == k and (not closing or f.end >= self._n or self._tx[f.end] in (";", ".", "•", ",", "|")):
                return self._stext(f.start, f.end)
        return None

    def _plural_head(self, k: int) -> bool:
        low = self._low[k]
        return low.endswith("s") and (low[:-1] in ROLE_HEADS or low.endswith("es") and low[:-2] in ROLE_HEADS)

    def _is_role_head(self, k: int) -> bool:
        return self._low[k] in ROLE_HEADS or self._low[k].rstrip("s") in ROLE_HEADS

    def _phrase_forward(self, a: int, limit: int) -> int:
        """End of a role phrase that starts at a: up to a boundary, a stop word or another person's name."""
        k = a
        while k < limit and k - a < MAX_ROLE:
            low = self._low[k]
            if self._tx[k] in BOUNDARY or low in PHRASE_STOP or k in self._person_at:
                break
            if low[:1].isdigit() and not (k + 1 < limit and self._tx[k + 1][:1].isupper() and self._alpha[k + 1]):
                break  # a date or a count ends it; a unit's number does not ("the 217 Omari Corps")
            if k > a and self._tx[k].islower() and low.endswith("ed") and not (k + 1 < limit and self._is_role_head(k + 1)):
                break  # a finite verb ends the phrase ("... strike killed a leader"); "newly appointed governor" not
            if low == "and" and k + 1 < limit and self._nt(k + 1) and not self._is_role_head(k + 1) and \
                    self._next_person(k + 1, limit):
                break  # "... and Z as police chief": the next person of a list
            k += 1
        while k > a and self._low[k - 1] in ("and", "of", "for", "in", "the", "a", "'s", "’s"):
            k -= 1
        return k

    def _next_person(self, k: int, limit: int) -> bool:
        """Does the capitalised run at k name the next person of a list rather than close a Title-Case post
        ("Minister of Ports and Harbours", "Hajj and Religious Affairs")?  A person's run is followed by
        "as" or a parenthesis, or is two name words or more followed by a comma or a lower-case word."""
        q = k
        while q < limit and self._nt(q):
            q += 1
        after = self._lw(q)
        if after in ("as", "(", "who", "was", "is", "will", "takes", "becomes", "moves", "heads"):
            return True
        return q - k >= 2 and (after == "," or (q < self._n and self._tx[q].islower() and self._alpha[q]))

    def _clean(self, a: int, b: int) -> str | None:
        while b > a and self._low[b - 1] in ("and", "or", "of", "for", "in", ","):
            b -= 1
        self._role_span = (a, b)
        while a < b and self._low[a] in ARTICLES:
            a += 1
        # the group is its own field: "Taliban governor" is a governor, "the Taliban's spokesman" a spokesman
        lead = [g for g in self._groups_between(a, a + 1) if g.end < b and g.name == self._own_group]
        if lead:
            a = lead[0].end + (self._lw(lead[0].end) in ("'s", "’s"))
        elif a + 2 < b and self._low[a] in ("group", "movement", "front", "network", "organisation", "organization",
                                            "cell", "faction", "militia", "party") and self._low[a + 1] in ("'s", "’s"):
            a += 2  # "the group's commander for Andarab": the group stands for the one named before
        if a >= b or not any(self._is_role_head(k) for k in range(a, b)):
            return None
        return self._stext(a, b).strip(" ,")

    def _role_after(self, start: int, end: int) -> str | None:
        """"X, the acting interior minister," / "X, 45, a deputy commander" / "X, who heads the commission"."""
        sent_end = self._sent(start).end
        k = end
        if self._lw(k) == "of":  # "General X of the Afghan National Army, made ...": the person's group, then
            group = next((g for g in self._groups_between(k + 1, k + 3)), None)
            if group is not None and self._lw(group.end) == ",":
                k = group.end
        if k + 2 < sent_end and self._tx[k] == "," and self._tx[k + 1].isdigit() and self._tx[k + 2] == ",":
            k += 2
        if k >= sent_end or self._tx[k] not in (",", "—", "–") and not (self._tx[k] == "-" and k + 1 < sent_end
                                                                           and self._tx[k + 1].islower()):
            return None  # an apposition after a comma, or a list line "X — governor, Laghman"
        k += 1
        if self._lw(k) in ("and", "or", "but", "nor"):
            return None  # "the emir, X, and ministers who...": the next item of a list
        if self._lw(k) == "who" and self._lw(k + 1) in LEADING_VERBS:
            b = self._phrase_forward(k + 2, sent_end)
            obj = self._stext(k + 2, b) if b > k + 2 else ""
            return f"{LEADING_VERBS[self._low[k + 1]]} {obj}".strip() if obj else None
        if self._lw(k) in APPOINTING and self._tx[k].islower() and self._lw(k - 1) == ",":
            a = k + 1 + (self._lw(k + 1) == "as") + (self._lw(k + 1) == "to")
            return self._clean(a, self._phrase_forward(a, sent_end))  # "X, made army chief of staff in June,"
        if self._lw(k) == "sent" and self._lw(k + 1) == "to" and self._lw(k + 2) in ("command", "lead", "head"):
            b = self._phrase_forward(k + 3, sent_end)
            noun = {"command": "commander of", "lead": "leader of", "head": "head of"}[self._low[k + 2]]
            return f"{noun} {self._stext(k + 3, b)}" if b > k + 3 else None  # "X, sent to command the 215th Corps"
        if self._lw(k) == "who" and (moved := self._verb_as(k + 1, sent_end)):
            return moved  # "X, who moves to Kabul as deputy minister"
        if self._lw(k) == "who" and self._lw(k + 1) in ("is", "was", "serves", "served", "became", "becomes"):
            k += 2 + (self._lw(k + 2) == "as")
        b = self._phrase_forward(k, sent_end)
        role = self._clean(k, b)
        if role and self._tx[k - 1] in ("—", "–", "-", ":") and self._lw(b) == "," and \
                (place := self._place_at(b + 1, closing=True)) is not None:
            return f"{role} of {place}"  # "X — governor, Kunar;": the post and its province
        return role

    def _role_as(self, start: int, end: int) -> str | None:
        """"named X as governor of Y", "... X as police chief of W", "X was appointed (as) minister of Z"."""
        sent = self._sent(start)
        k = end
        if self._lw(k) in ("was", "has", "had", "is") and self._lw(k + 1) == "been":
            k += 1
        if self._lw(k) in ("was", "is", "been") and self._lw(k + 1) in APPOINTING:
            k += 2
            if self._lw(k) != "as":
                return self._clean(k, self._phrase_forward(k, sent.end))
        if self._lw(k) != "as":
            if k == end and self._appointment_open(start):
                return self._clean(k, self._phrase_forward(k, sent.end))  # "made X governor of Ghor, Y ..."
            if k == end and (shared := self._shared_post(k, sent.end)):
                return shared
            return self._verb_as(k, sent.end) if k == end else None
        a = k + 1
        b = self._phrase_forward(a, sent.end)
        # without a verb of appointing earlier in the sentence, "X as ..." is a post only when the phrase opens
        # with one ("Y as deputy prime ministers"), not "X as well", "X as a boy"
        if k == end and not any(self._low[q] in APPOINTING for q in range(sent.start, start)) and \
                not any(self._is_role_head(q) for q in range(a, min(a + 4, b))):
            return None
        role = self._clean(a, b)
        before = start - 1
        while before >= sent.start and (self._ti(before) or self._tx[before] == "."):
            before -= 1
        if role and self._lw(before) == "and" and before - 1 in self._person_at:
            return self._singular(role, a, b)  # "X and Y as deputy prime ministers": each one of them
        return role

    def _singular(self, role: str, a: int, b: int) -> str | None:
        """A post shared by coordinated names, in the singular ("deputy prime ministers" -> "deputy prime
        minister"); None when its head is not a plural role noun."""
        heads = [h for h in range(a, b) if self._is_role_head(h)]
        if not heads or not self._plural_head(heads[-1]):
            return role
        word = self._tx[heads[-1]]
        return role.replace(word, word[:-1], 1) if role.count(word) == 1 else role

    def _shared_post(self, k: int, sent_end: int) -> str | None:
        """"with X and Y as deputy prime ministers": the first of coordinated names shares the plural post that
        follows the last, in the singular."""
        if self._lw(k) != "and":
            return None
        q = k + 1
        while q < sent_end and (self._ti(q) or self._tx[q] == "."):
            q += 1
        if q not in self._person_at:
            return None
        while q < sent_end and q in self._person_at:
            q += 1
        if self._lw(q) != "as":
            return None
        b = self._phrase_forward(q + 1, sent_end)
        role = self._clean(q + 1, b)
        heads = [h for h in range(q + 1, b) if self._is_role_head(h)]
        if not role or not heads or not self._plural_head(heads[-1]):
            return None  # a singular post after the last name is that one's own
        return self._singular(role, q + 1, b)

    def _role_before(self, start: int, end: int) -> str | None:
        """"Taliban spokesman X", "the province's police chief, Gen. X", "Minister of Defence, X"."""
        sent = self._sent(start)
        k = start - 1
        while k >= sent.start and (self._ti(k) or self._tx[k] == "."):
            k -= 1  # titles and their dots: "Brig. Gen."
        if k >= sent.start and self._tx[k] == ",":
            k -= 1
            q = k
            while q > sent.start and k - q < 3 and (self._low[q][:1].isdigit() or self._low[q] in MONTHS):
                q -= 1
            if q < k and self._low[q] in ("since", "from", "until", "till") and self._is_role_head(q - 1):
                k = q - 1  # "its leader since 2012, X": the time the post is held is no part of it
        if k >= sent.start and self._low[k] in ("and", "or", "&"):
            return None  # "..., Y and X": the name is an item of a list, not preceded by its post
        b = k + 1
        a = b
        while a - 1 >= sent.start and b - (a - 1) <= MAX_ROLE:
            low, tx = self._low[a - 1], self._tx[a - 1]
            if a - 1 in self._person_at:
                break  # another person's name: "X becomes governor of Takhar, Y takes ..."
            if a - 2 >= sent.start and self._nt(a - 1) and self._nt(a - 2) and not self._is_role_head(a - 1) and \
                    not self._is_role_head(a - 2) and not self._groups_between(a - 2, a) and \
                    self._lw(a - 3) not in ("of", "for", "and", "the", "'s", "’s") and self._tx[a][:1].islower():
                break  # two name words: someone else's name ("chief Roza Otunbayeva met ...")
            if low == "the" and self._lw(a - 2) in ("of", "for"):
                a -= 1  # "Head of the Office of Administrative Affairs", "spokesman for the district police"
                continue
            if low == "for" and self._is_role_head(a - 2):
                a -= 1
                continue
            if low == "and" and self._tx[a - 2][:1].isupper() and self._tx[a][:1].isupper():
                a -= 1  # "Minister of Ports and Harbours"
                continue
            if low == "and" and self._tx[a - 2][:1].isupper() and any(
                    self._low[q] in ("of", "for") and self._is_role_head(q - 1)
                    for q in range(max(sent.start + 1, a - 5), a - 1)):
                a -= 1  # "minister of mines and petroleum affairs": the complement of a post goes on
                continue
            if low in ("in", "at") and self._tx[a][:1].isupper() and a - 2 >= sent.start and \
                    self._alpha[a - 2] and self._low[a - 2] not in ARTICLES:
                a -= 1  # "head of the public health department in Zabul"
                continue
            if tx in BOUNDARY or low in PHRASE_STOP or low in ARTICLES or low in APPOINTING or \
                    low in ("and", "in", "at", "for", "with", "against", "into", "over") and not tx[:1].isupper():
                break
            if low == "of" and not (self._is_role_head(a - 2) or self._tx[a - 2][:1].isupper()):
                break  # "Governor of Kunar Province" goes on; "one of" does not
            if tx.islower() and (low.endswith("ed") and not self._is_role_head(a) or low.endswith("ing") and
                                 not any(self._is_role_head(q) for q in range(a, min(a + 3, b)))):
                break  # a verb: "gunmen killed police chief X" ("its founding emir", "the acting interior minister")
            a -= 1
        if a < b and not self._is_role_head(b - 1) and not any(self._tx[q][:1].isupper() for q in range(a, b)) and \
                not any(self._is_role_head(q) and self._lw(q + 1) in ("of", "for") for q in range(a, b)):
            return None  # a lower-case phrase ends in its head ("police chief X") or its complement ("chief of staff")
        return self._clean(a, b)
