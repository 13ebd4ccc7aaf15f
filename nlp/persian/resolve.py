"""Persian-script candidates -> `Mention`s: the context rules for Dari and Pashto text.

The same decisions as the English rules (`nlp.resolve`), read from Persian-script cues instead of capitals:

- places: a bare province name is the province, "شهر X" (city) too; "ولسوالی/ولسوالۍ X", Pashto "د X ولسوالۍ"
  and the names listed after "ولسوالی‌های" are districts; a district shared by two provinces takes the province the
  text names; a district name that is an ordinary word (`RISKY`) needs such a cue or its province right after it;
  a provincial capital named otherwise (لشکرگاه، جلال‌آباد) is the city (a place) unless a district cue precedes;
  "X (پژواک):" opening a line is a dateline;
- foreign look-alikes: "بدخشان کوهستانی", "سیستان و بلوچستان" and the like are blocked phrases; a look-alike name
  (Zabol/زابل, Badakhshan, the Pamir districts) is dropped in a sentence that names Iran or Tajikistan and nothing
  Afghan, and anywhere in a text that names them and nothing Afghan;
- groups: bare "طالبان" in a Pakistani sentence (وزیرستان، خیبرپختونخوا ...) is the TTP; bare "داعش" in an
  Afghan text is ISKP unless the sentence is about Syria or Iraq;
- commanders: gazetteer names (UN-list names that are only common given names need a title, a role or a group in
  their sentence); a short name ("مجاهد") only after the person's full name in the same text; titles before the
  name (ملا، مولوی صاحب، قاری ...) go to `title` in the English title vocabulary, the role phrase next to the name
  (", سخنگوی طالبان", "والی جدید ولایت هلمند", Pashto "د طالبانو ویاند") to `role` as written; a person outside
  the gazetteer is tagged only as title + name + role phrase in a sentence that names a group or an Afghan place;
  its name is transliterated to the usual English spelling (`nlp.persian.transliterate`) and linked to a known
  English entity when that spelling is one of its aliases or has the same name skeleton (the English resolver's
  transliteration-blind key), so one person is one entity across languages; the original-script name stays in
  the mention's `text`;
- roles: the role phrase in English (`nlp.persian.roles`: "والی ولایت کنر" -> "governor of Kunar"), as the
  English tagger writes roles; a phrase with no known role head stays as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from nlp.gazetteer import Entry, name_skeleton, name_variants, strip_title
from nlp.persian.gazetteer import LOOKALIKES, RISKY, TITLE_FORMS, TITLES, PersianGazetteer
from nlp.persian.normalise import fold
from nlp.persian.roles import english_role
from nlp.persian.transliterate import transliterate
from nlp.resolve.vocab import GENERIC_GIVEN, GOV_ROLE_WORDS, SECURITY_WORDS
from pipeline.records import Mention

SPANS_KEY = "frontwatch_fa"
BLOCK = "BLOCK"


def _folded(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


BLOCK_PHRASES = tuple(fold(p) for p in (
    "بدخشان کوهستانی", "بدخشان تاجیکستان", "کوهستان بدخشان", "ولایت خودمختار کوهستان بدخشان",
    "ولایت مختار کوهستان بدخشان", "بدخشان کوهی", "سیستان و بلوچستان", "سیستان بلوچستان", "استان سیستان",
    "دریای هلمند", "رود هلمند", "رودخانه هلمند", "دریای کابل", "رود کابل", "دریای کنر", "دریای پنجشیر",
    "دریای کندز", "دریای فراه", "دریای هریرود", "دانشگاه کابل", "پوهنتون کابل", "دانشگاه هرات",
    "پوهنتون هرات", "دانشگاه قندهار", "پوهنتون کندهار", "دانشگاه ننگرهار", "پوهنتون ننگرهار",
    "دانشگاه بلخ", "پوهنتون بلخ", "کابل بانک", "خیبر پختونخوا", "خیبرپختونخوا", "خیبر پښتونخوا",
    "شیر پنجشیر", "کابل نیوز", "زابل ایران", "شهرستان زابل", "شهر زابل ایران", "شهرستان هیرمند",
))

DISTRICT_BEFORE = _folded("ولسوالی", "ولسوالۍ", "ولسوالې", "ولسوالیو", "ولسوال", "ولسوالیها", "ولسوالیهای",
                          "ولسوالۍ کې")
PLURAL_TAIL = _folded("ها", "های", "هایی")
DISTRICT_AFTER = _folded("ولسوالۍ", "ولسوالی", "ولسوالې", "ولسوالیو", "ولسوالي")
PROVINCE_WORDS = _folded("ولایت", "ولایات", "ولایتهای", "ولایتونو", "ولایتونه", "ولایتو")
CITY_BEFORE = _folded("شهر", "ښار")
LIST_JOINERS = frozenset({"،", ",", "و", "او", "ولسوالی", "ولسوالۍ", "ولسوالیهای", "ها", "های"})
PUNCT = frozenset("،,.؛;:!؟?()[]«»\"'-–—/")

IRAN = _folded("ایران", "ایرانی", "استان", "سیستان", "زاهدان", "تهران", "مشهد", "شهرستان", "ایرانیان", "زهک")
TAJIK = _folded("تاجیکستان", "خاروغ", "دوشنبه تاجیکستان", "کولاب", "جمهوری تاجیکستان", "پامیر", "رشت")
AFGHAN = _folded("افغانستان", "افغان", "افغانی", "طالبان", "طالبانو", "ولسوالی", "ولسوالۍ", "امارت",
                 "کابل", "افغانها", "افغانان", "افغانستانی")
PAKISTAN = _folded("پاکستان", "پاکستانی", "وزیرستان", "پشاور", "باجوړ", "باجور", "کرم", "سوات", "چترال",
                   "اورکزی", "بنو", "خیبر", "پښتونخوا", "پختونخوا", "اسلام آباد", "بلوچستان", "لکی مروت")
# the Islamic Emirate's era: its name, its acting cabinet, appointments by the Taliban
EMIRATE_CUES = _folded("امارت", "امارت اسلامی", "اسلامی امارت", "حکومت طالبان", "مقامات طالبان", "اداره طالبان",
                       "حکومت سرپرست", "سرپرست", "د طالبانو حکومت", "طالبان مقرر", "مقرر کردند", "گماشتند",
                       "وګمارل", "وټاکل", "مقرر شد", "منصوب")
# the republic's: its security forces by name
REPUBLIC_CUES = _folded("اردوی ملی", "ارتش ملی", "پولیس ملی", "ملي اردو", "ملي پولیس", "نیروهای امنیتی افغان",
                        "جمهوریت", "حکومت افغانستان")
MIDEAST = _folded("سوریه", "عراق", "رقه", "موصل", "بغداد", "شام")

ROLE_HEADS = _folded(
    "والی", "سخنگوی", "سخنگو", "فرمانده", "فرماندهی", "قوماندان", "رئیس", "معاون", "وزیر", "سرپرست", "مسئول",
    "ولسوال", "رهبر", "عضو", "مشاور", "سفیر", "آمر", "مدیر", "قاضی", "ویاند", "مرستیال", "مشر", "والي",
    "بنیانگذار", "امیر", "نماینده", "سرپرستی", "معین", "لوی", "قومندان", "فرماندار", "شهردار", "ښاروال",
    "استخبارات", "رییس", "مسؤل",
)
ROLE_STOP = _folded(
    "گفت", "گفته", "گفتند", "افزود", "کرد", "کرده", "کردند", "است", "شد", "شده", "شدند", "می", "نوشت", "اعلام",
    "وویل", "ویلي", "ویلی", "کړ", "کړی", "کړې", "دی", "ده", "دي", "وه", "که", "را", "را", "تایید", "خبر", "داد",
    "گردید", "دیروز", "امروز", "روز", "شب", "گزارش", "نیز", "هم", "بود", "بودند", "وي", "شو", "شول", "ولیکل",
    "کړل", "وکړ", "کوي", "کند", "کنند", "رد", "تاکید", "ادعا", "عنوان", "از", "به", "توسط", "با", "چې", "چی",
    "سوی", "طرف", "وروسته", "پس", "مقرر", "منصوب", "تعیین", "معرفی", "گماشته", "برکنار", "وګمارل", "وټاکل",
    "ټاکل", "شوی", "شوي",
)
NAME_STOP = ROLE_HEADS | ROLE_STOP | PROVINCE_WORDS | DISTRICT_BEFORE | _folded(
    "در", "به", "از", "با", "و", "که", "این", "آن", "را", "برای", "تا", "جدید", "پیشین", "سابق", "د", "په", "له",
    "او", "کې", "نوی", "پخوانی", "پخواني", "یک", "یوه", "یو", "صاحب", "طالبان", "طالبانو", "ها", "های", "خود",
    "نیروهای", "گروه", "امنیه", "امنیې", "ملی", "ملي")


@dataclass
class _Found:
    kind: str
    name: str
    start: int  # token offsets
    end: int
    province: str | None = None
    pcode: str | None = None
    group: str | None = None
    role: str | None = None
    title: str | None = None
    method: str = "gazetteer"
    entry_id: str | None = None
    extra: dict = field(default_factory=dict)


class PersianResolver:
    """Stateless apart from the gazetteer; `mentions(doc)` is a pure function of the doc."""

    def __init__(self, gazetteer: PersianGazetteer) -> None:
        self.gaz = gazetteer
        self.entries = gazetteer.entries
        # the English names of known people, for linking a transliterated name: every alias with its usual
        # transliterations, and the transliteration-blind skeleton of every name of two words or more (the
        # English resolver's keys, nlp.resolve.resolver)
        self.english_names: dict[str, set[str]] = {}
        self.skeletons: dict[str, set[str]] = {}
        for e in gazetteer.entries.values():
            if e.kind != "commander":
                continue
            for form in (e.name, *e.aliases):
                several = len(strip_title(form).split()) > 1
                for v in name_variants(form) if several else {form}:
                    self.english_names.setdefault(_loose(v), set()).add(e.id)
                    self.english_names.setdefault(_loose(strip_title(v)), set()).add(e.id)
                if several and len(key := name_skeleton(form)) >= 5:
                    self.skeletons.setdefault(key, set()).add(e.id)

    def link(self, name: str) -> Entry | None:
        """The known person an English spelling names: an alias (any usual transliteration of it), else a unique
        name skeleton when the name has two words that are not generic ("Abdul Rahman" is too common)."""
        ids = self.english_names.get(_loose(name), set())
        if len(ids) == 1:
            return self.entries[next(iter(ids))]
        words = [w.lower() for w in name.replace("-", " ").split()]
        if not ids and sum(w not in GENERIC_GIVEN for w in words) > 1:
            ids = self.skeletons.get(name_skeleton(name), set())
            if len(ids) == 1:
                return self.entries[next(iter(ids))]
        return None

    def _place_of(self, form: str) -> tuple[str, str] | None:
        """The province (else the one district) a folded phrase names, for a role's "of X"."""
        es = [self.entries[i] for i in sorted(self.gaz.phrases.get(form, ())) if i in self.entries]
        provs = [e for e in es if e.kind == "province"]
        if provs:
            return "province", provs[0].name
        dists = [e for e in es if e.kind == "district"]
        return ("district", dists[0].name) if len(dists) == 1 and form not in RISKY else None

    def english_role(self, phrase: str | None) -> str | None:
        """A role phrase in English, or as written when it has no known role head."""
        if phrase is None:
            return None
        return english_role(phrase, self._place_of) or phrase

    # ------------------------------------------------------------------ entry point
    def mentions(self, doc: Doc) -> list[Mention]:
        """All mentions of a doc (offsets into the doc's text, the folded copy)."""
        # read as arrays: a Token object per token costs more than the rules
        text = doc.text
        rows = doc.to_array([IDX, LENGTH, SENT_START]).tolist() if len(doc) else []
        idx = [r[0] for r in rows]
        toks = [text[a:a + n] for a, n, _ in rows]
        sent_of = [0] * len(doc)
        bounds: list[tuple[int, int]] = []
        first = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][2] == 1:
                k = len(bounds)
                bounds.append((first, i))
                for j in range(first, i):
                    sent_of[j] = k
                first = i
        ctx = _Ctx(doc, toks, idx, sent_of, bounds, text)
        spans = self._spans(doc)
        places = self._places(ctx, spans)
        groups = self._groups(ctx, spans, places)
        commanders = self._commanders(ctx, spans, places, groups)
        found = sorted(places + groups + commanders, key=lambda f: (f.start, f.end))
        out = []
        for f in found:
            start = idx[f.start]
            end = idx[f.end - 1] + len(toks[f.end - 1])
            a, b = bounds[sent_of[f.start]]
            sentence = text[idx[a]:idx[b - 1] + len(toks[b - 1])]
            out.append(Mention(kind=f.kind, name=f.name, text=text[start:end], start=start, end=end,
                               sentence=sentence, method=f.method, province=f.province, group=f.group,
                               role=f.role, title=f.title, pcode=f.pcode))
        return out

    def _spans(self, doc: Doc) -> list[tuple[int, int, list[Entry] | None]]:
        by_pos: dict[tuple[int, int], set[str]] = {}
        for start, end, label in doc.user_data.get(SPANS_KEY, ()):
            by_pos.setdefault((start, end), set()).add(label)
        taken = [False] * (len(doc) + 1)
        out: list[tuple[int, int, list[Entry] | None]] = []
        for start, end in sorted(by_pos, key=lambda p: (-(p[1] - p[0]), p[0])):
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            labels = by_pos[(start, end)]
            out.append((start, end, None if BLOCK in labels else
                        [self.entries[x] for x in sorted(labels) if x in self.entries]))
        out.sort(key=lambda t: t[0])
        return out

    # ------------------------------------------------------------------ places
    def _places(self, ctx: _Ctx, spans) -> list[_Found]:
        cands = [(s, e, es) for s, e, es in spans if es and any(x.kind in ("province", "district", "place")
                                                                 for x in es)]
        named_provinces = {x.province for _, _, es in cands for x in es if x.kind == "province"}
        out: list[_Found] = []
        cued_until = -1  # a district cue's list runs on over "،" and "و"
        for s, e, es in cands:
            if any(x.kind in ("group", "commander") for x in es):
                continue
            prev = ctx.tok(s - 1)
            prev2 = ctx.tok(s - 2)
            nxt = ctx.tok(e)
            listed = cued_until == s
            district_cue = (prev in DISTRICT_BEFORE or prev in PLURAL_TAIL and prev2 in DISTRICT_BEFORE
                            or nxt in DISTRICT_AFTER or listed)
            cued_until = self._list_end(ctx, e) if (prev in DISTRICT_BEFORE or prev in PLURAL_TAIL and
                                                    prev2 in DISTRICT_BEFORE or listed) else -1
            province_cue = prev in PROVINCE_WORDS or nxt in PROVINCE_WORDS
            city_cue = prev in CITY_BEFORE
            surface = " ".join(ctx.toks[s:e])
            provs = [x for x in es if x.kind == "province"]
            dists = [x for x in es if x.kind == "district"]
            plcs = [x for x in es if x.kind == "place"]
            after = self._province_after(ctx, e)
            chosen: Entry | None = None
            if district_cue and dists:
                chosen = self._pick(dists, after, named_provinces, ctx, s)
            elif provs and (province_cue or not plcs or not city_cue and not plcs):
                chosen = provs[0]
            elif plcs:
                chosen = plcs[0]
            elif provs:
                chosen = provs[0]
            elif dists:
                risky = surface in RISKY or len(surface.replace(" ", "")) <= 3
                if surface == "دره" and after:
                    continue  # "درهٔ پنجشیر": the valley of a province, not Dara district
                close = self._province_after(ctx, e, strict=True)
                if risky and not (close and any(d.province == close for d in dists)):
                    continue
                chosen = self._pick(dists, after, named_provinces, ctx, s, need_context=len(dists) > 1)
            if chosen is None:
                continue
            if surface in LOOKALIKES and self._foreign(ctx, s):
                continue
            f = _Found(chosen.kind, chosen.name, s, e, province=chosen.province,
                       pcode=chosen.pcode if chosen.kind != "place" else None, entry_id=chosen.id)
            if ctx.line_start(s) and (nxt in ("(", "-", "–", ":", "،") or ctx.tok(e + 1) in ("(", ":")):
                f.role = "dateline"
            out.append(f)
        return out

    def _list_end(self, ctx: _Ctx, e: int) -> int:
        """Where the next name of a district list after a cue starts ("ناوه، نادعلی و گرمسیر"): after the joiners
        that follow this name; -1 when no joiner follows (the list ends here)."""
        j = e
        while j < len(ctx.toks) and ctx.toks[j] in LIST_JOINERS:
            j += 1
        return j if j > e else -1

    def _province_after(self, ctx: _Ctx, e: int, strict: bool = False) -> str | None:
        """"X ولایت Y", "X، Y", "X در ولایت Y": the province named right after a name (`strict`: only "X Y",
        "X، Y" and "X ولایت Y", what a name that is also an ordinary word needs)."""
        if strict:
            j = e + (1 if ctx.tok(e) in ("،", ",") or ctx.tok(e) in PROVINCE_WORDS else 0)
            hit = ctx.province_at.get(j)
            return hit[0][2] if hit else None
        for j in range(e, min(e + 4, len(ctx.toks))):
            for s2, e2, entry in ctx.province_at.get(j, ()):
                return entry
            if ctx.toks[j] in PUNCT - {"،", ","}:
                break
        return None

    def _pick(self, dists: list[Entry], after: str | None, named: set[str | None], ctx: _Ctx, s: int,
              need_context: bool = False) -> Entry | None:
        if len(dists) == 1 and not need_context:
            return dists[0]
        for d in dists:
            if d.province == after:
                return d
        inside = [d for d in dists if d.province in named]
        if len(inside) == 1:
            return inside[0]
        return None if need_context or len(dists) > 1 else dists[0]

    def _foreign(self, ctx: _Ctx, s: int) -> bool:
        words = ctx.sentence_words(s)
        foreign = bool(words & (IRAN | TAJIK))
        if foreign and not words & AFGHAN:
            return True
        return bool(ctx.all_words & (IRAN | TAJIK)) and not ctx.all_words & AFGHAN

    # ------------------------------------------------------------------ groups
    def _groups(self, ctx: _Ctx, spans, places: list[_Found]) -> list[_Found]:
        afghan_text = bool(places) or bool(ctx.all_words & AFGHAN)
        out: list[_Found] = []
        for s, e, es in spans:
            if not es:
                continue
            groups = [x for x in es if x.kind == "group"]
            if not groups:
                continue
            g = groups[0]
            surface = " ".join(ctx.toks[s:e])
            name = g.name
            generic = surface in self.gaz.generic.get(g.id, ())
            words = ctx.sentence_words(s)
            if generic and name == "Taliban" and words & PAKISTAN and not words & AFGHAN - _folded("طالبان", "طالبانو"):
                name = "Tehrik-i-Taliban Pakistan"
            elif generic and name == "Islamic State" and afghan_text and not words & MIDEAST:
                name = "Islamic State Khorasan Province"
            out.append(_Found("group", name, s, e, entry_id=g.id))
        return out

    # ------------------------------------------------------------------ commanders
    def _commanders(self, ctx: _Ctx, spans, places: list[_Found], groups: list[_Found]) -> list[_Found]:
        regional = bool(places or groups or ctx.all_words & (AFGHAN | PAKISTAN))
        taken = [False] * (len(ctx.toks) + 1)
        for f in places + groups:
            for i in range(f.start, f.end):
                taken[i] = True
        out: list[_Found] = []
        seen: set[str] = set()
        for s, e, es in spans:
            people = [x for x in (es or ()) if x.kind == "commander"]
            if not people:
                continue
            person = min(people, key=lambda x: x.id in self.gaz.strict)
            if not regional and person.id in self.gaz.strict:
                continue  # a common name from the UN list, in a text about no Afghan place or group
            title, a = self._title_before(ctx, s)
            inner_title, s2 = self._title_inside(ctx, s, e)
            title = inner_title or title
            role = self.english_role(self._role(ctx, a, e))
            if person.id in self.gaz.strict and not (title or role or self._group_near(ctx, s, groups)):
                continue
            out.append(_Found("commander", person.name, s2, e, group=person.group, role=role, title=title,
                              entry_id=person.id))
            seen.add(person.id)
            for i in range(s, e):
                taken[i] = True
        # short names after a full mention, and people outside the gazetteer with title + name + role
        for i, tok in enumerate(ctx.toks):
            if taken[i]:
                continue
            ids = self.gaz.short.get(tok, set()) & {f.entry_id for f in out if f.start < i}
            if len(ids) == 1:
                person = self.entries[next(iter(ids))]
                title, a = self._title_before(ctx, i)
                out.append(_Found("commander", person.name, i, i + 1, group=person.group, title=title,
                                  role=self.english_role(self._role(ctx, a, i + 1)), entry_id=person.id))
                taken[i] = True
                continue
            if regional and tok in TITLE_FORMS and not taken[i + 1 if i + 1 < len(taken) else i]:
                f = self._unknown(ctx, i, taken, places, groups)
                if f is not None:
                    out.append(f)
                    for k in range(f.start, f.end):
                        taken[k] = True
        return out

    def _title_before(self, ctx: _Ctx, s: int) -> tuple[str | None, int]:
        """The title(s) right before a name ("الحاج مولوی صاحب"): (the first in English, where the titles start)."""
        a = s
        title = None
        while a > 0 and (ctx.toks[a - 1] in TITLE_FORMS or ctx.toks[a - 1] == "صاحب" and a - 2 >= 0
                         and ctx.toks[a - 2] in TITLE_FORMS):
            if ctx.toks[a - 1] == "صاحب":
                a -= 1
                continue
            title = TITLES.get(ctx.toks[a - 1], ctx.toks[a - 1])
            a -= 1
        return title, a

    def _title_inside(self, ctx: _Ctx, s: int, e: int) -> tuple[str | None, int]:
        """A gazetteer form that opens with a title ("ملا برادر"): the title, and where the name starts."""
        if e - s >= 2 and ctx.toks[s] in TITLE_FORMS:
            return TITLES.get(ctx.toks[s], ctx.toks[s]), s
        return None, s

    def _group_near(self, ctx: _Ctx, s: int, groups: list[_Found]) -> bool:
        k = ctx.sent_of[s]
        return any(ctx.sent_of[g.start] == k for g in groups)

    def _role(self, ctx: _Ctx, a: int, e: int) -> str | None:
        """The role phrase written next to a name: after it (", سخنگوی طالبان،"), else right before it."""
        j = e + (1 if ctx.tok(e) in ("،", ",") else 0)
        for lead in (("را", "به", "حیث"), ("به", "حیث"), ("را", "به", "عنوان"), ("به", "عنوان"), ("را", "بحیث"),
                     ("بحیث",)):
            if tuple(ctx.toks[j:j + len(lead)]) == lead:
                j += len(lead)
                break
        if ctx.tok(j) in ROLE_HEADS or ctx.tok(j) == "د" and any(ctx.tok(j + k) in ROLE_HEADS for k in (1, 2, 3)):
            end = j
            while end < len(ctx.toks) and end - j < 7 and ctx.toks[end] not in PUNCT and (
                    ctx.toks[end] not in ROLE_STOP):
                end += 1
            if end > j:
                return ctx.text(j, end)
        for h in range(a - 1, max(-1, a - 7), -1):
            if ctx.toks[h] in PUNCT:
                break
            if ctx.toks[h] in ROLE_HEADS:
                begin = h
                for d in range(h - 1, max(-1, h - 4), -1):
                    if ctx.toks[d] in PUNCT:
                        break
                    if ctx.toks[d] == "د":
                        begin = d
                return ctx.text(begin, a)
        return None

    def _unknown(self, ctx: _Ctx, i: int, taken: list[bool], places, groups) -> _Found | None:
        """Title + one to three name words + a role phrase, in a sentence naming a group or an Afghan place."""
        title, _ = TITLES.get(ctx.toks[i], ctx.toks[i]), i
        j = i + 1
        if ctx.tok(j) == "صاحب":
            j += 1
        start = j
        while j < len(ctx.toks) and j - start < 3 and not taken[j] and ctx.toks[j] not in NAME_STOP and (
                ctx.toks[j] not in PUNCT and not ctx.toks[j].isdigit() and ctx.toks[j] not in TITLE_FORMS):
            j += 1
        if j == start:
            return None
        _, a = self._title_before(ctx, i + 1)
        role = self._role(ctx, a, j)
        if role is None:
            return None
        k = ctx.sent_of[i]
        group = next((g.name for g in groups if ctx.sent_of[g.start] == k), None)
        if group is None and not any(ctx.sent_of[p.start] == k for p in places):
            return None
        if group is None and ("طالبان" in role or "امارت" in role):
            group = "Taliban"
        name = transliterate(ctx.text(start, j))
        known = self.link(name)
        role = self.english_role(role)
        if known is not None:
            return _Found("commander", known.name, start, j, group=known.group or group, role=role, title=title,
                          method="rule", entry_id=known.id)
        return _Found("commander", name, start, j, group=group or self._gov_group(ctx, i, role), role=role,
                      title=title, method="rule")

    def _gov_group(self, ctx: _Ctx, i: int, role: str | None) -> str | None:
        """The group behind an Afghan government post (governor, police chief, minister ...) named with no group,
        by the era the text shows, as the English rules decide it (`nlp.resolve.context._gov_group`): the
        Taliban in a text of the Islamic Emirate, the ANDSF for a security post in a text of the republic."""
        words = set((role or "").lower().split())
        if not words & GOV_ROLE_WORDS or ctx.sentence_words(i) & (PAKISTAN | IRAN | TAJIK):
            return None
        if ctx.all_words & EMIRATE_CUES:
            return "Taliban"
        if ctx.all_words & REPUBLIC_CUES and words & SECURITY_WORDS:
            return "ANDSF"
        return None


def _loose(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())


class _Ctx:
    """Per-doc lookups the rules share."""

    def __init__(self, doc: Doc, toks: list[str], idx: list[int], sent_of: list[int],
                 bounds: list[tuple[int, int]], text: str) -> None:
        self.doc = doc
        self.string = text  # Doc.text rebuilds the string from the tokens on every call
        self.toks = toks
        self.idx = idx
        self.sent_of = sent_of
        self.bounds = bounds
        self.all_words = frozenset(toks) | frozenset(" ".join(p) for p in pairwise(toks))
        self._sent_words: dict[int, frozenset[str]] = {}
        self.province_at: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, label in doc.user_data.get(SPANS_KEY, ()):
            if label.startswith("province:"):
                self.province_at.setdefault(start, []).append((start, end, label.split(":", 1)[1]))

    def tok(self, i: int) -> str:
        return self.toks[i] if 0 <= i < len(self.toks) else ""

    def text(self, a: int, b: int) -> str:
        return self.string[self.idx[a]:self.idx[b - 1] + len(self.toks[b - 1])]

    def sentence_words(self, i: int) -> frozenset[str]:
        k = self.sent_of[i]
        if k not in self._sent_words:
            a, b = self.bounds[k]
            words = self.toks[a:b]
            self._sent_words[k] = frozenset(words) | frozenset(" ".join(p) for p in pairwise(words))
        return self._sent_words[k]

    def line_start(self, i: int) -> bool:
        if i == 0:
            return True
        before = self.string[:self.idx[i]]
        return before.rstrip(" \t").endswith("\n")
