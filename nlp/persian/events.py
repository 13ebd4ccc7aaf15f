"""Events in Dari and Pashto text: the same `Event` records as the English coder (`nlp.events`), from a
Persian-script trigger lexicon (nlp/persian/data/event_lexicon.toml) and casualty figures written in Persian,
Arabic-Indic or ASCII digits or in words ("سه تن", "۱۲ سرباز", "بیست و پنج", Pashto "درې تنه").

Per sentence: the highest-ranked trigger whose condition holds is the event's sub-type (an attack is
"Attack", violence against civilians, only with a civilian target, else an armed clash); the group mentions
of the sentence are its actors (the first, or the one after "توسط"/"له خوا", acts); the most precise
non-dateline place of the sentence, else of the last event or sentence, is its place; figures are read
from each count to the casualty word that follows it (کشته، جان باختند، وژل = killed; زخمی، ټپي = injured).
A sentence without a trigger that gives figures adds them to the event before it. The record itself is built
by the English coder's `_finish` (actor defaults, ACLED figure reduction, coordinates, geo precision).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from nlp.events.actors import REPUBLIC_END
from nlp.events.casualties import Figure
from nlp.events.coder import EventCoder, _Draft
from nlp.events.dates import as_date
from nlp.gazetteer import load_gazetteer
from nlp.persian.gazetteer import PersianGazetteer
from nlp.persian.normalise import fold
from pipeline.records import Event, Mention

_UNITS = {"یک": 1, "یکی": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9,
          "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "شانزده": 16, "هفده": 17,
          "هجده": 18, "هژده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60,
          "هفتاد": 70, "هشتاد": 80, "نود": 90, "صد": 100, "یکصد": 100, "دهها": 10, "ده ها": 10, "یو": 1,
          "دوه": 2, "درې": 3, "دری": 3, "څلور": 4, "پنځه": 5, "شپږ": 6, "اووه": 7, "اته": 8, "نهه": 9, "لس": 10,
          "شل": 20, "دېرش": 30, "څلویښت": 40, "پنځوس": 50, "سل": 100, "لسګونه": 10, "دهها تن": 10}
_WORD = "|".join(sorted((re.escape(fold(w)) for w in _UNITS), key=len, reverse=True))
_COUNT = re.compile(rf"(?<!\S)(?P<n>\d+|(?:{_WORD})(?:\s+(?:و|او)\s+(?:{_WORD}))*)(?=\s)")
# a word count must be followed by a counted noun ("سه تن", "دو سرباز"): "نه" alone is "no", "ده" a village
_COUNTED = re.compile(fold(r"\s+(?:تن|تنه|نفر|کس|کسان|سرباز|سربازان|عضو|اعضای|جنگجو|جنگجوی|جنگجویان|طالب|پولیس|"
                           r"غیرنظامی|غیر نظامی|ملکی|کودک|زن|مرد|فرد|افراد|نیروی|نیروهای|عسکر|سرتیری|جنګیالی|"
                           r"جنګیالي|ماشوم|ماشومان|ښځې|وګړي|تنو|داعشی|مهاجم|شورشی|مسافر|کارمند|محافظ)"))
_KILLED = re.compile(fold(r"کشته|جان باخت|جان داد|جان دادند|به قتل|کشتار|هلاک|شهید|وژل|ووژل|مړه|مړ شو|"
                          r"به شهادت|از پا درآمد|جانبحق"))
_INJURED = re.compile(fold(r"زخمی|مجروح|ټپي|ټپیان|جراحت|آسیب دید"))
_CIVILIAN = re.compile(fold(r"غیرنظامی|غیر نظامی|ملکی|ملکي|مردم|باشندگان|کودکان|زنان|نمازگزاران|"
                            r"مسافران|دانش آموزان|دانشجویان|ماشومان|ښځې|وګړي|اوسیدونکي|خبرنگار|علما"))
_BY = re.compile(fold(r"(?:توسط|از سوی|له خوا|لخوا|له لوري)\s*$"))
_NOT_VIOLENT = re.compile(fold(r"جنگ(?:\s)?(?:سالار|افزار|جهانی|سرد)|عملیات (?:انتخاب|امداد|پاکسازی ماین)|"
                               r"پایان جنگ|پس از جنگ|دوران جنگ|سال های جنگ"))


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> tuple[tuple[str, int, re.Pattern[str], str | None], ...]:
    """(sub-type, rank, pattern, condition), highest rank first."""
    file = Path(path) if path else Path(__file__).resolve().parent / "data" / "event_lexicon.toml"
    raw = tomllib.loads(file.read_text(encoding="utf-8"))
    out = []
    for item in raw["subtype"]:
        alternatives = "|".join(f"(?:{fold(p)})" for p in item["patterns"])
        out.append((item["name"], int(item["rank"]), re.compile(rf"(?<!\w)(?:{alternatives})"), item.get("requires")))
    return tuple(sorted(out, key=lambda t: -t[1]))


def parse_count(text: str) -> int | None:
    """'۱۲' (already folded to 12), 'سه', 'بیست و پنج', 'درې' -> the number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"\s+(?:و|او)\s+", text):
        if part not in _UNITS:
            return None
        total += _UNITS[part]
    return total or None


def find_figures(sentence: str) -> list[Figure]:
    """Counts of killed and injured in a (folded) sentence, each read to the casualty word after it."""
    out: list[Figure] = []
    matches = list(_COUNT.finditer(sentence))
    for k, m in enumerate(matches):
        number = m.group("n")
        if not number.isdigit() and not _COUNTED.match(sentence, m.end()):
            continue
        if number.isdigit() and int(number) > 1000:
            continue  # a year or a sum, not a toll
        stop = matches[k + 1].start() if k + 1 < len(matches) else len(sentence)
        window = sentence[m.end():min(stop, m.end() + 70)]
        killed, injured = _KILLED.search(window), _INJURED.search(window)
        if not killed and not injured:
            continue
        kind = "killed" if killed and (not injured or killed.start() < injured.start()) else "injured"
        count = parse_count(number)
        if count:
            hit = killed if kind == "killed" else injured
            assert hit is not None
            out.append(Figure(kind, count, sentence[m.start():m.end() + hit.end()], m.start(), None,
                              window[:hit.start()].strip()))
    return out


class PersianEventCoder:
    """Codes events from a tagged Persian-script doc and its mentions."""

    def __init__(self, gazetteer: PersianGazetteer) -> None:
        self.gaz = gazetteer
        self.lexicon = load_lexicon()
        self.english = EventCoder(load_gazetteer())

    def events(self, doc: Doc, mentions: list[Mention], published: date | datetime | str | None,
               lang: str = "fa") -> list[Event]:
        """All events of one (folded) text, main event first."""
        text = doc.text
        if not text.strip() or not mentions:
            return []
        pub = as_date(published)
        post_2021 = pub is None or pub >= REPUBLIC_END
        drafts: list[_Draft] = []
        last_place: Mention | None = None
        for k, sent in enumerate(doc.sents):
            a = sent.start_char
            b = sent.end_char
            sentence = text[a:b]
            ments = [m for m in mentions if a <= m.start < b]
            places = [m for m in ments if m.kind in ("province", "district", "place") and m.role != "dateline"]
            figures = find_figures(sentence)
            trig = self._trigger(sentence, ments)
            if trig is None:
                if drafts and figures:
                    drafts[-1].figures.extend(figures)
                    drafts[-1].sentences.append((a, b))
                if places:
                    last_place = self.english._most_precise(places, None)
                continue
            sub, at = trig
            place = self.english._most_precise(places, a + at) if places else None
            prev = drafts[-1] if drafts else None
            if prev is not None and prev.subtype == sub and (place is None or prev.place is None
                                                             or place.name == prev.place.name):
                prev.figures.extend(figures)
                prev.sentences.append((a, b))
                prev.place = prev.place or place
                continue
            d = _Draft(sub, a, b, [(a, b)], sent_index=k)
            d.place = place or (prev.place if prev is not None else last_place)
            d.figures = figures
            self._actors(d, sentence, a, ments, post_2021)
            if sub in ("Appointment", "Dismissal"):
                person = next((m for m in ments if m.kind == "commander"), None)
                if person is None:
                    continue
                d.appointee = person.name
                d.post = person.role
            d.confidence = min(0.9, 0.45 + 0.1 * bool(figures) + 0.1 * bool(d.place))
            drafts.append(d)
            if places:
                last_place = self.english._most_precise(places, None)
        return [self.english._finish(d, text, pub, post_2021) for d in drafts]

    def _trigger(self, sentence: str, ments: list[Mention]) -> tuple[str, int] | None:
        if _NOT_VIOLENT.search(sentence) and not find_figures(sentence):
            return None
        for name, _rank, pattern, requires in self.lexicon:
            m = pattern.search(sentence)
            if m is None:
                continue
            if requires == "civilian_target" and not _CIVILIAN.search(sentence):
                continue
            if name in ("Armed clash", "Attack") and not any(x.kind == "group" for x in ments) and not \
                    find_figures(sentence):
                continue  # "جنگ" with no armed party and no toll is talk about war
            return name, m.start()
        return None

    def _actors(self, d: _Draft, sentence: str, a: int, ments: list[Mention], post_2021: bool) -> None:
        groups = [m for m in ments if m.kind == "group"]
        groups += [m for m in ments if m.kind == "commander" and m.group]
        groups.sort(key=lambda m: m.start)
        agent = next((g for g in groups if _BY.search(sentence[:g.start - a])), None)
        ordered = ([agent] if agent else []) + [g for g in groups if g is not agent]
        for i, g in enumerate(ordered):
            name = g.name if g.kind == "group" else g.group
            if name:
                d.add_actor(name, 1 if i == 0 else 2)
