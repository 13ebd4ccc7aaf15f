"""Turn a tagged `Doc` into plain `Mention` records: the context rules live here.

Order of work: places first (they give the province context districts and groups need), then
groups (they give commanders their group), then commanders (gazetteer names, titles, appositions
and roles, then short names resolved to a full name seen earlier in the same text).

Rules in brief:
- a bare province name is a province, and so is "X city" when X is a province; "X district" is the district;
  a facility named after its province ("Kabul airport") names the province too;
- risky single-word districts ("Dara", "Khas", "Chak") need a cue: "district", "valley" or their province nearby;
- a place name inside another name (Helmand River, Kabul Bank, Gorno-Badakhshan, Sher-e-Panjshir),
  after a title (a person called Ghazni), after a foreign possessive (Iran's Zabol), in a road name
  (Kabul-Kandahar highway) or used for the government ("Islamabad urged Kabul") is not a place;
- a line-initial place in capitals ("KABUL (Pajhwok):") is a dateline, role="dateline";
- bare "Taliban" in a Pakistani tribal-area passage, or next to a Pakistani area ("Taliban militants in the Swat
  valley"), is the TTP; bare "Islamic State" in an Afghan passage is ISKP;
- groups implied by context: "militants loyal to/led by <leader>" is the leader's group; "resistance forces" in a
  Panjshir/Andarab passage about the Taliban (not the Soviet war) are the NRF; "police" in a republic-era Afghan
  passage are the ANDSF (after Aug 2021 they are the Taliban's);
- a person is a commander only with a gazetteer hit, or a title/role plus a link to a group or to an Afghan
  government function ("interior ministry spokesman X" is Taliban in an Islamic Emirate passage, "the province's
  police chief, Gen. X" is ANDSF in a republic-era one: `_era`); a hard title (General, Commander) with only a
  group somewhere in the sentence is not enough when the sentence names foreign forces or the name shares no word
  with known Afghan/Pakistani names ("Gen. Kenneth McKenzie"); civilians (elder, shopkeeper, doctor...) and
  foreign officials are never commanders;
- appositions work both ways: "Taliban spokesman X", "said X, an NRF commander in the area", "X, who commands NRF
  fighters", "X, spokesman for the ministry of interior", "the militant group X led".
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from nlp.components import BLOCK, SPANS_KEY
from nlp.gazetteer import NOT_PLACE_AFTER, TITLES, Entry, Gazetteer
from pipeline.records import Mention

PLACE_KINDS = ("province", "district", "place")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE_TAIL = re.compile(
    r"(?P<place2>,?\s*[A-Z][A-Za-z-]+(?:\s+[Pp]rovince)?(?=\s*[,(]))?"
    r"(?P<country>\s*,\s*Afghanistan)?"
    r"(?P<date>\s*,?\s*" + _MONTH + r"\s+\d{1,2}(?:\s*,\s*\d{4})?)?"
    r"\s*(?P<agency>\([^)\n]{1,40}\))?"
    r"\s*(?::|—|–|--|-\s)")

FOREIGN_COUNTRIES = frozenset({"tajikistan", "iran", "pakistan", "uzbekistan", "turkmenistan", "china",
                               "india", "tajik", "iranian", "pakistani", "uzbek", "turkmen", "chinese",
                               "indian", "gorno"})
# Places and institutions of Pakistan's north-west: "Taliban" fighting there are the TTP. Matched as
# whole words ("swat" is not "swathe", "fata" is not "fatal").
PAKISTAN_AREAS = ("khyber pakhtunkhwa", "waziristan", "bajaur", "kurram", "orakzai", "mohmand agency", "mohmand district", "swat",
                  "dera ismail khan", "bannu", "lakki marwat", "peshawar", "tank district", "tribal district",
                  "tribal districts", "tribal areas", "tribal belt", "fata", "balochistan", "quetta", "khyber district",
                  "chitral", "dir district", "upper dir", "lower dir", "kohat", "tirah", "malakand", "buner",
                  "shangla", "hangu", "charsadda", "mardan", "datta khel", "mir ali", "miranshah", "miran shah",
                  "wana", "zhob", "chaman", "pishin", "dera ghazi khan", "north-west pakistan", "northwest pakistan",
                  "pakistani security forces", "pakistani army", "pakistan army", "pakistani military",
                  "pakistani soldiers", "pakistani troops", "pakistani police", "frontier corps", "ctd",
                  "counter-terrorism department")
PAKISTAN_MARKERS = PAKISTAN_AREAS + ("islamabad", "ispr", "pakistan's", "punjab")
_PAK_AREA_RE = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in PAKISTAN_AREAS
                                                if not m.startswith(("pakistan", "frontier", "ctd", "counter"))) + r")\b")
_PAK_RE = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in PAKISTAN_MARKERS) + r")(?![\w-])")
AFGHAN_WORDS = ("afghanistan", "afghan", "kabul")
CORE_IS_CUES = ("allegiance to", "pledged loyalty to", "pledge to the islamic state", "caliphate", "caliph",
                "baghdadi", "central islamic state", "islamic state's core", "core islamic state", "is core")
CORE_IS_MARKERS = ("iraq", "syria", "raqqa", "mosul", "baghdad", "levant", "iraqi", "syrian")
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
CAPITALS = frozenset({"islamabad", "tehran", "moscow", "washington", "beijing", "delhi", "dushanbe",
                      "tashkent", "ashgabat", "doha", "ankara", "riyadh", "london", "brussels", "kabul"})
GOV_NOUNS = frozenset({"rulers", "regime", "government", "administration", "authorities", "leadership",
                       "officials", "foreign", "relations", "ties", "envoy", "policy", "policies", "position",
                       "stance", "decision", "response", "refusal", "failure", "demands", "demand", "ambassador",
                       "embassy", "diplomats", "delegation", "negotiators", "ministry", "ministries", "cabinet",
                       "commitments", "commitment", "obligations", "claims", "rejection", "approach"})
ROLE_NOUNS = frozenset({"commander", "commanders", "leader", "chief", "spokesman", "spokesperson",
                        "governor", "deputy", "minister", "emir", "amir", "head", "official", "member",
                        "founder", "co-founder", "mayor", "director", "judge",
                        "lieutenant", "operative", "militant", "fighter", "negotiator", "envoy",
                        "representative", "ideologue", "financier", "cleric", "strongman", "warlord",
                        "chairman", "secretary", "adviser", "advisor", "coordinator", "officer",
                        "brother", "son", "successor", "figure", "loyalist", "supporter"})
STRONG_ROLE_NOUNS = ROLE_NOUNS - {"member", "militant", "fighter", "brother", "son", "figure", "loyalist",
                                  "supporter", "representative", "officer", "adviser", "advisor", "secretary",
                                  "official", "envoy", "negotiator"}
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
FOREIGN_MILITARY = frozenset({"u.s.", "us", "american", "nato", "british", "pakistani", "pakistan", "iranian",
                              "russian", "uzbek", "tajik", "chinese", "indian", "coalition", "isaf", "marine",
                              "centcom", "resolute", "u.s", "uk", "french", "german", "pentagon", "ispr",
                              "australian", "canadian", "command", "america", "britain", "iran", "china",
                              "russia", "india", "tajikistan", "uzbekistan", "turkish", "turkey", "israeli"})
# Words that mark foreign forces anywhere in a sentence (countries as places, "fled to Iran", do not).
FOREIGN_FORCES = frozenset({"u.s.", "us", "u.s", "american", "americans", "nato", "british", "coalition", "isaf",
                            "marine", "marines", "centcom", "pentagon", "resolute", "ispr", "soviet", "russian"})
CUE_TITLES = frozenset({"Haji", "Sheikh", "Commander", "General", "Marshal", "Amir", "Dr.", "Hafiz", "Sardar",
                        "Ustad", "Colonel"})
NAME_STOP = frozenset({"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "said", "says",
                       "told", "was", "is", "has", "had", "who", "which", "that", "with", "from", "by",
                       "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december", "taliban", "afghanistan",
                       "afghan", "pakistan", "province", "district", "city", "he", "she", "it", "they",
                       "his", "her", "their", "this", "these", "those", "but", "also", "after", "before",
                       "when", "while", "as", "sahib", "saheb", "secretary", "assembly", "staff", "council",
                       "mr", "mr.", "ministry", "forces", "army", "police", "islamic", "emirate", "state"})
NAME_PARTICLES = frozenset({"al", "ul", "ur", "ud", "ud-", "bin", "din", "e", "i", "el", "ibn"})
NAME_FOLLOWERS = frozenset({"Khan", "Gul", "Jan", "Shah", "Mohammad", "Muhammad", "Ahmad", "Ullah", "Zai",
                            "Agha", "Baba"})
SPEECH = frozenset({"said", "told", "according", "spoke", "wrote"})
SOFT_TITLES = frozenset({"Haji", "Sheikh", "Hafiz", "Sardar", "Ustad", "Dr.", "Amir"})
NAMED_AFTER = frozenset({"school", "mosque", "madrasa", "madrassa", "seminary", "hospital", "university",
                         "street", "road", "square", "stadium", "institute", "academy", "center", "centre",
                         "mausoleum", "shrine", "bridge", "airport", "hall", "camp", "high", "base", "prize",
                         "award", "foundation", "township", "town", "park", "dam"})
APPOS_VERBS = frozenset({"heads", "leads", "commands", "runs", "oversees", "headed", "led", "commanded", "ran",
                         "oversaw", "directs", "directed"})
NAME_SUFFIXES = frozenset({"Akhund", "Akhunzada", "Sahib", "Saheb", "Sahab", "Agha", "Jan", "Baba", "Haqqani",
                           "Mujahid", "Omari", "Noorzai", "Achakzai", "Barakzai", "Popalzai", "Alizai"})
PERSON_PREV = frozenset({"mr", "mr.", "named", "called", "son", "daughter", "mrs", "ms", "miss"})
ORG_HEADS = frozenset({"center", "centre", "university", "institute", "academy", "school", "hospital",
                       "bank", "company", "airlines", "times", "radio", "tv", "agency", "foundation",
                       "polytechnic", "club", "stadium", "hotel", "council", "chamber", "bazaar", "studio"})
LOCAL_ENDINGS = ("ullah", "ulla", "uddin", "udin", "zai", "khel", "zada", "zadah", "yar", "wal", "mal")
GIVEN_NAME_PLACES = frozenset({"farah", "ghazni", "parwan", "zabul", "khost"})
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
FOREIGN_MARKS = frozenset({"tajikistan", "tajikistan's", "iran", "iran's", "iranian", "sistan", "baluchestan",
                           "pakistan", "pakistan's", "pakistani", "uzbekistan", "uzbekistan's", "turkmenistan",
                           "turkmenistan's", "turkmen", "dushanbe", "tehran", "islamabad", "tashkent", "ashgabat",
                           "khorog", "gorno-badakhshan", "balochistan", "baluchistan", "tajikistan-afghanistan"})
FOREIGN_PEOPLE = frozenset({"tajik", "uzbek", "turkmen", "iranian", "pakistani"})
FOREIGN_SIDE_NOUNS = frozenset({"side", "border", "town", "city", "district", "village", "authorities", "officials",
                                "guards", "territory", "bank", "soil", "province", "region", "forces", "troops"})


def _twin_key(surface: str) -> str | None:
    key = re.sub(r"\s+(district|town|city|crossing|port|border crossing|bridge|valley|agency)$", "", surface)
    return key if key in BORDER_TWINS or key in FOREIGN_TWINS else None


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
FOREIGN_PLACE_NAMES = frozenset({"north waziristan", "south waziristan", "miran shah", "mir ali", "dera ismail khan",
                                 "dera ghazi khan", "lakki marwat", "tank", "wana", "dir", "lower dir", "upper dir",
                                 "khyber", "islamabad", "tehran", "dushanbe", "tashkent", "ashgabat", "kabul",
                                 "new delhi", "delhi", "moscow", "beijing", "doha", "washington", "ankara", "riyadh",
                                 "gorno-badakhshan", "central asia", "middle east", "south asia"})
MAX_NAME_WORDS = 5


GIVEN_BEFORE_PLACE = frozenset({"mohammad", "muhammad", "mohammed", "ahmad", "ahmed", "abdul", "sultan",
                                "mahmud", "mahmood", "haji", "gul", "noor", "nur", "sayed", "syed", "mir",
                                "mullah", "qari", "mawlawi", "khan", "jan", "shah", "wali", "agha"})
GENERIC_GIVEN = frozenset({"abdul", "mohammad", "muhammad", "mohammed", "ahmad", "ahmed", "khan", "haji",
                           "mullah", "gul", "shah", "jan", "agha", "ali", "noor", "nur", "abdullah", "akhund",
                           "haqqani", "sayed", "syed", "mir", "din", "ullah", "rahman", "al", "zia"})


@dataclass
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


class Resolver:
    """Stateless apart from the gazetteer; `mentions(doc)` is a pure function of the doc."""

    def __init__(self, gazetteer: Gazetteer, use_model_ents: bool) -> None:
        self.gaz = gazetteer
        self.use_model_ents = use_model_ents
        extra = {"khost": ["district:AF0913"]}  # Khost wa Fereng (Baghlan) is often just "Khost district"
        self.extra_candidates = extra
        self.short_index: dict[str, list[Entry]] = {}
        # words of known commanders' names: a "General X" whose name shares none is likely foreign
        self.local_words: set[str] = set()
        for e in gazetteer.entries.values():
            if e.kind == "commander":
                for a in (e.name, *e.aliases):
                    self.local_words.update(w.lower() for w in a.split() if len(w) > 2)
        self.place_names: set[str] = set(FOREIGN_PLACE_NAMES)
        for e in gazetteer.entries.values():
            if e.kind in PLACE_KINDS:
                self.place_names.update(a.lower() for a in (e.name, *e.aliases))
        for e in gazetteer.entries.values():
            if e.kind == "commander":
                for s in e.short:
                    self.short_index.setdefault(s.lower(), []).append(e)

    # ------------------------------------------------------------------ entry point
    def mentions(self, doc: Doc) -> list[Mention]:
        """All mentions in a doc; per-doc caches live on a shallow copy, so one resolver serves many threads."""
        return copy.copy(self)._mentions(doc)

    def _mentions(self, doc: Doc) -> list[Mention]:
        self._prepare(doc)
        spans = self._candidate_spans(doc)
        covered = [False] * (len(doc) + 1)
        places = self._places(doc, spans)
        for f in places:
            for i in range(f.start, f.end):
                covered[i] = True
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

    def _prepare(self, doc: Doc) -> None:
        """Per-doc caches: the text (Doc.text rebuilds it on every access) and sentence bounds per token."""
        self._doc = doc
        self._text = doc.text
        self._person_index: dict[int, list[Span]] | None = None
        self._era_cache: str | None = None
        # plain lists: creating spaCy Token objects over and over is most of the cost
        self._tx = [t.text for t in doc]
        self._low = [t.lower() for t in self._tx]
        self._alpha = [t.is_alpha for t in doc]
        self._n = len(self._tx)
        n = len(doc)
        starts = doc.to_array(SENT_START).tolist() if n else []
        bounds: list[int] = [i for i in range(n) if i == 0 or starts[i] == 1] + [n]
        self._sent_of = [0] * n
        self._sents: list[_Sent] = []
        for k in range(len(bounds) - 1):
            a, b = bounds[k], bounds[k + 1]
            self._sents.append(_Sent(self, a, b))
            for i in range(a, b):
                self._sent_of[i] = k

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

    def _groups_between(self, lo: int, hi: int) -> list[Found]:
        """Groups starting in [lo, hi) (the list is sorted by start)."""
        a = bisect_left(self._group_starts, lo)
        b = bisect_left(self._group_starts, hi)
        return self._groups_sorted[a:b]

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
        return self._sents[self._sent_of[min(max(i, 0), len(self._sent_of) - 1)]]

    # ------------------------------------------------------------------ candidates
    def _candidate_spans(self, doc: Doc) -> list[tuple[int, int, list[Entry] | None]]:
        by_pos: dict[tuple[int, int], set[str]] = {}
        for span in doc.spans.get(SPANS_KEY, ()):
            by_pos.setdefault((span.start, span.end), set()).add(span.label_)
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
            low = doc[start:end].text.lower()
            for extra_id in self.extra_candidates.get(low, ()):
                entries.append(self.gaz.entries[extra_id])
            out.append((start, end, entries))
        out.sort(key=lambda t: t[0])
        return out

    # ------------------------------------------------------------------ places
    def _places(self, doc: Doc, spans) -> list[Found]:
        text_lower = self._text.lower()
        pak_doc = len(_PAK_RE.findall(text_lower))
        results: list[Found] = []
        pending: list[tuple[int, int, list[Entry]]] = []
        for start, end, entries in spans:
            if not entries:
                continue
            places = [e for e in entries if e.kind in PLACE_KINDS]
            if not places:
                continue
            span = doc[start:end]
            if not span.text[:1].isupper():
                continue
            if self._not_a_place(doc, span, places):
                continue
            pending.append((start, end, places))
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
            if doc[start].idx < dateline_end:
                f.role = "dateline"  # "LASHKAR GAH, Helmand (Pajhwok):" - the province is part of it
            elif (stop := self._is_dateline(doc, start, end)):
                f.role = "dateline"
                dateline_end = stop
            elif f.kind == "province" and f.name == "Kabul" and self._kabul_is_government(doc, start, end):
                continue
            results.append(f)
        results = [f for f in results if not self._foreign_context(doc, f)]
        # "the Kabul airport bombing", "Kandahar Airfield": a facility named after its province names the province
        for f in list(results):
            if f.kind != "place" or f.role == "dateline" or f.entry is None or f.province is None or \
                    f.entry.place_type in ("city", "town"):
                continue
            for n in (2, 1):
                if f.end - f.start > n and self.gaz.province_alias.get(doc[f.start:f.start + n].text.lower()) == \
                        f.province and not any(r.kind == "province" and r.name == f.province for r in results):
                    e = self.gaz.provinces[f.province]
                    results.append(Found("province", e, e.name, f.start, f.start + n, province=e.name, pcode=e.pcode))
                    break
        if pak_doc:
            results = [f for f in results if not self._foreign_lookalike(doc, f)]
        return results

    def _not_a_place(self, doc: Doc, span: Span, places: list[Entry]) -> bool:
        start, end = span.start, span.end
        prev, prev2 = self._lw(start - 1), self._lw(start - 2)
        nxt = self._lw(end)
        if prev in PERSON_PREV or (prev.rstrip(".") in TITLES and self._tx[start - 1][:1].isupper()):
            return True
        if end < len(doc) and self._tx[end] in NAME_FOLLOWERS and not span.text.isupper():
            return True
        if start > 0 and self._tx[start - 1][:1].isupper() and prev in GIVEN_BEFORE_PLACE and not span.text.isupper():
            return True  # "Mohammad Herat", "Sultan Mahmud Ghazni"
        # "General Abdul Wahab Wardak": a title, then names, then the place as a surname
        k = start - 1
        while k >= 0 and start - k <= 3 and self._nt(k) and not self._ti(k):
            k -= 1
        if k < start - 1 and k >= 0 and self._ti(k) and not span.text.isupper():
            return True
        if nxt in NOT_PLACE_AFTER:
            return True
        # "Kabul Education Center", "Herat Regional Hospital": the place names an organisation
        k = end
        while k < min(end + 3, len(doc)) and self._tx[k][:1].isupper() and self._alpha[k]:
            if self._tx[k].lower() in ORG_HEADS:
                return True
            k += 1
        # "Farah Nazari": a province that is also a given name, followed by a surname
        if span.text.lower() in GIVEN_NAME_PLACES and end < len(doc) and self._nt(end) and \
                self._tx[end].lower() not in PLACE_FOLLOWERS:
            return True
        if prev in FOREIGN_COUNTRIES or (prev == "'s" and prev2 in FOREIGN_COUNTRIES):
            return True
        # "the Badakhshan region of Tajikistan"
        after = [self._lw(i) for i in range(end, min(end + 4, len(doc)))]
        if len(after) >= 2 and after[0] in ("region", "province", "city", "autonomous"):
            for a in after[1:]:
                if a in FOREIGN_COUNTRIES:
                    return True
                if a not in ("of", "in", ",", "region", "oblast", "autonomous"):
                    break
        # Kabul-Kandahar highway, Kabul-Jalalabad road
        for i in range(end, min(end + 5, len(doc))):
            if self._lw(i) in ("highway", "road", "motorway", "railway", "expressway"):
                between = doc[start:i].text
                if "-" in between or "–" in between or self._lw(start - 1) in ("-", "–"):
                    return True
                break
            if doc[i].is_punct and self._tx[i] not in ("-", "–"):
                break
        if self._lw(start - 1) in ("-", "–") and start >= 2:
            for i in range(end, min(end + 3, len(doc))):
                if self._lw(i) in ("highway", "road", "motorway", "railway", "expressway"):
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
        nxt, prev, prev2 = self._lw(end), self._lw(start - 1), self._lw(start - 2)
        provs = [e for e in places if e.kind == "province"]
        others = [e for e in places if e.kind != "province"]
        districts = [e for e in others if e.kind == "district"]
        surface = doc[start:end].text
        low = surface.lower()
        # "X district" is the admin district; "X city", or a bare capital's name, is the city (a place);
        # a city named like its province ("Kandahar city") is the province
        district_cue = nxt in ("district", "districts", "valley") or _plural_district_after(doc, end) or \
            self._district_list_before(start)
        city_cue = nxt in ("city", "town") or (prev == "of" and prev2 in ("city", "town"))
        if provs and (not others or not district_cue or nxt in ("province", "provinces")):
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
        if chosen is None:
            explicit = self._explicit_province_after(doc, end)
            if explicit and not any(e.province == explicit for e in places) and \
                    (len(others) > 1 or low in self.gaz.risky):
                return None  # "Kohistan district of Kapisa" with no Kohistan in Kapisa: not a guess
            # (a single known name is kept: "Ghormach (Faryab)" - the district moved from Badghis)
            chosen = pool[0]
        # risky names need a cue: "district"/"valley" next to them or their province close by
        if low in self.gaz.risky and not district_cue:
            near = [p for pos, p in self._prov_by_sent.get(self._sent_of[start], ()) if abs(pos - start) <= 25]
            if chosen.province not in near:
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
            prov = self.gaz.province_alias.get(doc[k:k + n].text.lower()) if k + n <= len(doc) else None
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
        char = doc[start].idx
        line_start = self._text.rfind("\n", 0, char) + 1
        if self._text[line_start:char].strip():
            return 0
        surface = doc[start:end].text
        after = doc[end - 1].idx + len(self._tx[end - 1])
        m = DATELINE_TAIL.match(self._text, after)
        if not m:
            return 0
        cued = surface.isupper() and len(surface) > 2 or bool(m.group("agency") or m.group("country")
                                                                or m.group("date"))
        return m.end() if cued else 0

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
            if nxt in GOV_VERBS:
                return True
            if nxt in GOV_AUX:
                k = end + 1
                while self._lw(k) in ("not", "also", "repeatedly", "so", "far", "yet", "already", "long", "n't", "to"):
                    k += 1
                if self._lw(k) in GOV_VERBS or self._lw(k) == "been" and self._lw(k + 1) in (
                        "accused", "urged", "asked", "pressed", "warned", "told"):
                    return True
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
        surface = doc[f.start:f.end].text.lower()
        key = surface if surface in FOREIGN_TWINS or surface in BORDER_TWINS else _twin_key(surface)
        if key is None:
            return False
        sent = self._sent(f.start)
        markers = FOREIGN_TWINS.get(key, ())
        if markers and any(m in sent.text.lower() for m in markers) and "afghan" not in sent.text.lower():
            return True
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

    def _period_compound(self, start: int, end: int) -> bool:
        """'post-Taliban', 'pre-Taliban', 'Taliban-era': the group's name used as a period."""
        before = self._lw(start - 2) in ("post", "pre") and self._lw(start - 1) == "-"
        after = self._lw(end) == "-" and self._lw(end + 1) in ("era", "period", "rule")
        return before or after or self._lw(start - 1) in ("post-", "pre-")

    def _foreign_lookalike(self, doc: Doc, f: Found) -> bool:
        """In a passage about Pakistan, a single bare ambiguous name in a sentence without Afghan words is foreign."""
        sent = self._sent(f.start).text.lower()
        if any(w in sent for w in AFGHAN_WORDS) or self._prov_by_sent.get(self._sent_of[f.start]):
            return False
        if f.kind == "province" or self._lw(f.end) in ("district", "districts", "valley"):
            return False
        return f.name.lower() in self.gaz.risky or doc[f.start:f.end].text.lower() in self.gaz.risky

    # ------------------------------------------------------------------ groups
    def _groups(self, doc: Doc, spans, places: list[Found]) -> list[Found]:
        text_lower = self._text.lower()
        afghan_doc = bool(places) or any(w in text_lower for w in AFGHAN_WORDS)
        afghan_places = [f for f in places if f.role != "dateline"]
        afghan_sents = {self._sent_of[f.start] for f in afghan_places}
        pak_doc = len(_PAK_RE.findall(text_lower))
        out: list[Found] = []
        ttp_starts = [start for start, end, entries in spans if entries and
                      any(e.id == "group:Tehrik-i-Taliban Pakistan" for e in entries)]
        ttp_sents = {self._sent_of[start] for start in ttp_starts}
        for start, end, entries in spans:
            if not entries:
                continue
            if self._period_compound(start, end):
                continue  # "post-Taliban Afghanistan", "the Taliban-era ban": a time, not the actor
            groups = [e for e in entries if e.kind == "group"]
            if not groups:
                continue
            e = groups[0]
            span = doc[start:end]
            surface = span.text
            if surface in ("IS",) and _mostly_upper(doc[self._sent(start).start:self._sent(start).end]):
                continue
            name = e.name
            if surface.lower() in {g.lower() for g in e.generic}:
                sent = self._sent(start)
                sent_low = sent.text.lower()
                if name == "Taliban":
                    prev = self._lw(start - 1)
                    pak_sent = bool(_PAK_RE.search(sent_low))
                    # a Pakistani area next to this "Taliban" ("Taliban militants in the Swat valley"), not
                    # one tied to a TTP named beside it ("denied sheltering TTP fighters who attack Khyber")
                    hi = min([end + 6, sent.end] + [p for p in ttp_starts if p > start])
                    lo = max(sent.start, start - 6)
                    pak_area = bool(_PAK_AREA_RE.search(self._text[doc[lo].idx:doc[hi - 1].idx + len(doc[hi - 1])].lower()))
                    # "Afghan", "Kabul", an Afghan place, or the TTP named beside it: the Afghan Taliban
                    afg_sent = self._sent_of[start] in afghan_sents or "afghan" in sent_low or \
                        "kabul" in sent_low or "emirate" in sent_low or \
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
            out.append(Found("group", self.gaz.entries.get(f"group:{name}", e), name, start, end))
        out.extend(self._implied_groups(doc, spans, out, afghan_doc and not pak_doc))
        out.sort(key=lambda f: f.start)
        return out

    def _implied_groups(self, doc: Doc, spans, groups: list[Found], afghan_only: bool) -> list[Found]:
        """Groups named by context rather than by name: "militants loyal to <leader>" is the leader's group;
        "resistance forces" in Panjshir/Andarab after 2021 are the NRF; republic-era "police" are the ANDSF."""
        out: list[Found] = []
        by_end = {g.end: g for g in groups}
        if "soviet" in self._text.lower():
            spans = ()  # the groups of today did not exist in the Soviet war ("fighters led by Massoud")
        # "local Taliban loyal to Hafiz Gul Bahadur", "fighters led by Ahmad Massoud"
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
                    doc[prior.start:prior.end].text.lower() in generic:
                prior.name, prior.entry = target, self.gaz.entries[f"group:{target}"]
            elif not any(g.name == target for g in groups):
                out.append(Found("group", self.gaz.entries[f"group:{target}"], target, start, end,
                                 method="rule", extra={"implied": True}))
        low = self._text.lower()
        covered = {i for g in groups for i in range(g.start, g.end)}
        if "taliban" in low and _NRF_AREA_RE.search(low) and not _OLD_WAR_RE.search(low):
            for m in _RESISTANCE_RE.finditer(self._text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and not covered.intersection(range(span.start, span.end)):
                    out.append(Found("group", self.gaz.entries.get("group:National Resistance Front"),
                                     "National Resistance Front", span.start, span.end, method="rule"))
        if afghan_only and self._era() == "republic" and "group:ANDSF" in self.gaz.entries:
            for i in range(self._n):
                if self._low[i] in POLICE_WORDS and i not in covered and not self._foreign_sentence(i) and \
                        self._lw(i - 1) not in ("taliban", "pakistani", "iranian", "emirate") and \
                        not (self._lw(i - 1) == "border" and (self._lw(i - 2) in FOREIGN_PEOPLE or
                                                              self._lw(i - 2) in ("taliban", "emirate"))) and \
                        not (self._lw(i - 1) in ("'s", "’s") and self._lw(i - 2) in ("taliban", "emirate")) and \
                        not any(g.start <= i - 1 < g.end for g in groups):
                    out.append(Found("group", self.gaz.entries["group:ANDSF"], "ANDSF", i, i + 1, method="rule"))
        return out

    # ------------------------------------------------------------------ commanders
    def _commanders(self, doc: Doc, spans, places, groups, covered) -> list[Found]:
        found: list[Found] = []
        taken = list(covered)
        self._short_map: dict[str, Entry] = {}
        self._short_seen = 0

        person_tok = [False] * (len(doc) + 1)

        def take(f: Found) -> None:
            found.append(f)
            for i in range(f.start, f.end):
                taken[i] = True
                person_tok[i] = True

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
            if end < len(doc) and self._nt(end) and self._tx[end] not in NAME_SUFFIXES:
                continue  # "Noor Ahmad Islamjar" is not the listed "Noor Ahmad"
            if any(self._alpha[k] and not self._tx[k][:1].isupper() and self._low[k] not in NAME_PARTICLES
                   for k in range(start, end)):
                continue  # "Hafeez said" is not a spelling of Hafiz Saeed: every word of a name is capitalised
            title = self._title_before(doc, start) or self._ti(start)
            weak = e.source == "un1988"
            if weak and end - start < 3 and (not title or title in SOFT_TITLES) and \
                    not self._group_in_sentence(doc, start, groups):
                continue
            if weak and self._civilian_after(end):
                continue  # "Haji Gul Mohammad, a resident of Lashkar Gah": a namesake of a listed name
            role = self._role_for(doc, start, end, groups)
            take(Found("commander", e, e.name, start, end, group=e.group, title=title,
                       role=role[0] if role else None))

        # 2. titles: "Mullah X", "Mawlawi X Y", "General X"
        for i in range(self._n):
            if taken[i]:
                continue
            title = self._ti(i)
            if not title:
                continue
            j = i + 1
            if j < len(doc) and self._tx[j] == ".":
                j += 1
            name_end = self._name_run(j, taken)
            if name_end <= j or self._lw(name_end) in NAMED_AFTER:
                continue  # "the Mawlawi Abdul Rahim Shahid school" names a building
            if self._not_a_person(j, name_end) or name_end < self._n and self._nt(name_end) and name_end - j >= 4:
                continue  # "General Directorate of Intelligence"; a run of several names is a list
            if title in CUE_TITLES or title in ("General",):
                if title in ("General", "Marshal", "Commander", "Colonel") and \
                        any(self._lw(k) in FOREIGN_MILITARY for k in range(max(self._sent(i).start, i - 8), i)):
                    continue
                if any(self._lw(k) in NON_COMBATANT - SPEECH for k in range(max(self._sent(i).start, i - 2), i)):
                    continue  # "shopkeeper Haji Gul Ahmad"
                if title in SOFT_TITLES:
                    if not self._role_for(doc, j, name_end, groups):
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
            name = _clean_name(doc[j:name_end].text)
            entry = self._resolve_short(name, found)
            group = entry.group if entry else self._nearest_group(doc, i, groups)
            role = self._role_for(doc, j, name_end, groups)
            take(Found("commander", entry, entry.name if entry else name, j, name_end, method="rule",
                       group=(role[1] if role and role[1] else group), title=title,
                       role=role[0] if role else None))

        # 3. people with a group + role cue ("Taliban spokesman X", "X, an NRF commander")
        by_end = {f.end: f for f in found}
        for start, end in self._person_candidates(doc, taken):
            cue = self._role_for(doc, start, end, groups, person_tok)
            if not cue and self._lw(start - 1) in ("and", ",") and start >= 2 and start - 1 in by_end:
                prior = by_end[start - 1]  # "Taliban commanders Qari Wakil and Abdul Basir"
                cue = (prior.role, prior.group) if prior.method != "gazetteer" else None
            if not cue or self._civilian_after(end) or self._not_a_person(start, end):
                continue
            cue_role, cue_group = cue
            name = _clean_name(doc[start:end].text)
            entry = self._resolve_short(name, found)
            take(Found("commander", entry, entry.name if entry else name, start, end,
                       method="model" if self.use_model_ents else "rule",
                       group=(entry.group if entry else cue_group), role=cue_role))
            by_end[end] = found[-1]

        # 4. later short mentions of someone already named ("Zakir" -> Abdul Qayyum Zakir)
        if found:
            first_pos: dict[str, int] = {}
            keys: dict[str, set[str]] = {}
            by_name: dict[str, Found] = {}
            for f in sorted(found, key=lambda f: f.start):
                first_pos.setdefault(f.name, f.start)
                by_name.setdefault(f.name, f)
                words = f.name.split()
                cand = set(f.entry.short) if f.entry else set()
                if len(words) > 1 and len(words[-1]) >= 4 and words[-1].lower() not in GENERIC_GIVEN:
                    cand.add(words[-1])
                for k in cand:
                    keys.setdefault(k.lower(), set()).add(f.name)
            for i in range(self._n):
                if taken[i] or not self._tx[i][:1].isupper():
                    continue
                names = keys.get(self._low[i])
                if not names or len(names) != 1:
                    continue
                name = next(iter(names))
                if first_pos[name] > i:
                    continue
                if i + 1 < len(doc) and self._tx[i + 1][:1].isupper() and self._alpha[i + 1]:
                    continue  # part of some other full name
                src = by_name[name]
                take(Found("commander", src.entry, name, i, i + 1, method="rule", group=src.group))
        return found

    def _looks_local(self, a: int, b: int) -> bool:
        """Does a name look Afghan/Pakistani (a word of a known commander's name, or a usual ending)?"""
        return any(self._low[k] in self.local_words or self._low[k].endswith(LOCAL_ENDINGS) for k in range(a, b))

    def _title_before(self, doc: Doc, start: int) -> str | None:
        i = start - 1
        if i >= 0 and self._tx[i] == ".":
            i -= 1
        return self._ti(i) if i >= 0 else None

    def _group_in_sentence(self, doc: Doc, i: int, groups: list[Found]) -> bool:
        sent = self._sent(i)
        return bool(self._groups_by_sent.get(self._sent_of[sent.start]))

    def _nearest_group(self, doc: Doc, i: int, groups: list[Found]) -> str | None:
        sent = self._sent(i)
        same = self._groups_by_sent.get(self._sent_of[sent.start], [])
        if same:
            return min(same, key=lambda g: abs(g.start - i)).name
        before = self._groups_between(0, i)
        return before[-1].name if before else None

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
        cands = self.short_index.get(low, [])
        if len(cands) == 1 and len(words) == 1:
            return cands[0]
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
                    if sum(self._alpha[k] for k in range(s, e)) > MAX_NAME_WORDS:
                        continue  # "Mohammed Qasim Mir Wali Khudai Rahim": several people run together
                    if s < e and not any(taken[s:e]):
                        out.append((s, e))
                        for k in range(s, e):
                            seen[k] = True
        i = 0
        while i < len(doc):
            if taken[i] or seen[i] or not self._nt(i):
                i += 1
                continue
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
            inside = [g for g in self._groups_between(lo, hi) if g.end <= hi]
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
                     "controls", "heads", "who", "which", "that", "while", "when") or (people and people[j]):
                break
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
        # E: "Lashkar-e-Islam, the militant group Mangal Bagh led": a group noun, the name, a verb of leading
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
        return doc[a:b].text.strip(" ,") if a < b else ""

    def _not_a_person(self, a: int, b: int) -> bool:
        """A place (Afghan or foreign) or an organisation cannot be a commander: 'North Waziristan',
        'General Directorate', 'Afghan National Army'."""
        words = [self._low[k] for k in range(a, b) if self._alpha[k] or "-" in self._tx[k]]
        if not words:
            return True
        if any(w in ORG_WORDS or w in FOREIGN_PLACE_WORDS or w in FOREIGN_MARKS for w in words):
            return True
        name = " ".join(words)
        if name in FOREIGN_PLACE_NAMES:
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

    def _foreign_sentence(self, i: int) -> bool:
        """Does the sentence of token i name a foreign country or capital ("police in Tehran")?"""
        sent = self._sent(i)
        return any(self._low[k] in FOREIGN_COUNTRIES or (self._low[k] in CAPITALS and self._low[k] != "kabul")
                   for k in range(sent.start, sent.end))

    def _era(self) -> str | None:
        """'emirate' (Taliban government, after Aug 2021), 'republic' (before) or None, from cues in the text."""
        if self._era_cache is None:
            low = self._text.lower()
            if _EMIRATE_RE.search(low):
                self._era_cache = "emirate"
            elif _REPUBLIC_RE.search(low) or _REPUBLIC_ACR_RE.search(self._text):
                self._era_cache = "republic"
            else:
                self._era_cache = ""
        return self._era_cache or None

    def _gov_group(self, lo: int, hi: int) -> str | None:
        """The group behind an Afghan government role ("interior ministry spokesman", "police chief") by era."""
        words = [self._low[k] for k in range(max(lo, 0), min(hi, self._n))]
        if not any(w in GOV_ROLE_WORDS for w in words) or any(w in FOREIGN_MILITARY or w in FOREIGN_COUNTRIES or
                                                            w in ("un", "unama", "foreign") for w in words):
            return None
        era = self._era()
        if era == "emirate":
            return "Taliban"
        if era == "republic" and any(w in SECURITY_WORDS for w in words):
            return "ANDSF"
        return None

    # ------------------------------------------------------------------ output
    def _to_mention(self, doc: Doc, f: Found) -> Mention:
        span = doc[f.start:f.end]
        sent = self._sent(span.start)
        return Mention(kind=f.kind, name=f.name, text=span.text, start=span.start_char, end=span.end_char,
                       sentence=sent.text, method=f.method, province=f.province, group=f.group,
                       role=f.role, title=f.title, pcode=f.pcode)


class _Sent:
    """A sentence as token bounds; its text is cut from the cached doc text only when asked for."""

    __slots__ = ("_text", "end", "resolver", "start")

    def __init__(self, resolver: Resolver, start: int, end: int) -> None:
        self.resolver, self.start, self.end = resolver, start, end
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            doc = self.resolver._doc
            last = doc[self.end - 1]
            text = self.resolver._text[doc[self.start].idx:last.idx + len(last.text)]
            self._text = text
            return text
        return self._text






GOV_ROLE_WORDS = frozenset({"ministry", "ministry's", "minister", "ministers", "governor", "governor's", "police",
                            "intelligence", "interior", "defence", "defense", "provincial", "government",
                            "government's", "emirate", "emirate's", "corps", "army", "directorate", "province's",
                            "district", "mayor", "municipality", "border"})
SECURITY_WORDS = frozenset({"police", "intelligence", "interior", "defence", "defense", "army", "corps", "border",
                            "directorate", "commander", "chief"})
_EMIRATE_RE = re.compile(r"islamic emirate|taliban[- ](?:government|appointed|run|administration|authorities|led|"
                         r"regime|takeover|rule|interior|defence|defense)|taliban's (?:government|interior|defence|"
                         r"defense|ministry|intelligence|police|provincial|deputy|governor|administration)|"
                         r"de facto|since the taliban|after the taliban|\b20(?:2[2-9])\b|\bformer (?:afghan |republic|"
                         r"government|security|soldiers|army|police)|fall of the republic|collapse of the republic")
# "(?<!former )": "former Afghan forces" are spoken of after 2021
_REPUBLIC_RE = re.compile(r"\b(?:19[89]\d|20[01]\d|2020)\b|(?<!former )afghan national (?:army|police)|"
                          r"(?<!former )afghan local police|national directorate of security|"
                          r"(?<!former )afghan government forces|\bghani government|"
                          r"taliban\b[^.]{0,80}\bclaimed responsibility|(?<!former )afghan (?:security forces|forces|"
                          r"army|police|commandos|special forces|air force)")
_REPUBLIC_ACR_RE = re.compile(r"\b(?:ANA|ANP|ALP|NDS|ANDSF|ANSF|ANCOP)\b")


LOYAL_CUES = frozenset({("loyal", "to"), ("led", "by"), ("followers", "of"), ("commanded", "by"), ("headed", "by"),
                        ("faction", "of"), ("fighters", "of"), ("men", "of")})
POLICE_WORDS = frozenset({"police", "policemen", "policeman", "policewomen"})
_RESISTANCE_RE = re.compile(r"\b[Rr]esistance (?:forces|fighters|movement)\b")
_NRF_AREA_RE = re.compile(r"panjshir|panjsher|andarab|khost[- ](?:wa|o)[- ]fereng|dara-e-hazara|salang")
_OLD_WAR_RE = re.compile(r"soviet|\b19[89]\d|1980s|1990s|mujahideen|mujahedin|northern alliance|\b200[01]\b")


def _name_token(tok) -> bool:
    t = tok.text
    return t[:1].isupper() and tok.is_alpha and t.lower() not in NAME_STOP and not t.isupper() or \
        (t[:1].isupper() and "-" in t and t.replace("-", "").isalpha())




def _clean_name(text: str) -> str:
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip(" ,.'’")


def _mostly_upper(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha]
    return bool(words) and sum(t.text.isupper() for t in words) > len(words) / 2


def _plural_district_after(doc: Doc, end: int) -> bool:
    """'Andar and Deh Yak districts': a plural 'districts' closing a short list of capitalised names."""
    for k in range(end, min(end + 6, len(doc))):
        low = doc[k].text.lower()
        if low == "districts":
            return True
        if not (doc[k].text[:1].isupper() or low in ("and", ",", "-", "e", "i")):
            return False
    return False
