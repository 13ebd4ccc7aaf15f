"""Dates as Dari, Persian and Pashto pages write them, converted to aware UTC datetimes.

Afghan and Iranian outlets date their stories in the Solar Hijri calendar, in Persian or Arabic-Indic
digits, and in several spellings:

    ۱۴۰۳/۰۲/۲۵ ۱۴:۳۰            numeric, year first (also 25/02/1403, with "-" or "." between)
    پنجشنبه ۲۵ ثور ۱۴۰۳          Afghan (Dari) month names: حمل ثور جوزا ... حوت
    ۲۵ اردیبهشت ۱۴۰۳            Iranian month names: فروردین اردیبهشت ... اسفند
    د ۱۴۰۳ کال د غويي ۲۵مه       Pashto month names: وری غویی غبرگولی ... کب, year first
    ۱۴ مه ۲۰۲۴ / ۱۴ مۍ ۲۰۲۴       Gregorian dates in Persian digits with Persian or Pashto month names

`find_dates(text, tz)` finds them in running text; `parse_persian_date(value, tz)` reads one value. A year
from 1300 to 1439 is Solar Hijri (1300 SH is 1921, 1440 SH is 2061); a year from 1900 to 2100 is Gregorian;
anything else (lunar Hijri years such as ۱۴۴۶ ق) is not read. The calendar arithmetic is jdatetime's.

Dates written without a time zone are in `default_tz`, else Afghanistan's (Asia/Kabul, UTC+4:30): the
outlets this reads are Afghan. A date without a time is midnight there, as English dates are.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

import jdatetime

log = logging.getLogger(__name__)

#: The zone of dates written without one, when the source gives none.
AFGHAN_TZ = "Asia/Kabul"
#: Years read as Solar Hijri (1921-2061); 1440 and later are lunar Hijri years in today's news.
SOLAR_YEARS = range(1300, 1440)

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
#: Letter forms folded before month names are matched (Arabic yeh and kaf, Pashto yehs and gaf, heh forms),
#: and marks dropped (zero-width non-joiner, tatweel, harakat). One character for one, so offsets hold.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ك": "ک", "ګ": "گ", "ۀ": "ه", "ة": "ه",
                       "ە": "ه", "أ": "ا", "إ": "ا", "\u200c": " ", "\u200d": " ", "ـ": " "})
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")

_SOLAR = {
    # Afghan (Dari) names
    "حمل": 1, "ثور": 2, "جوزا": 3, "جوزاء": 3, "سرطان": 4, "اسد": 5, "سنبله": 6, "میزان": 7, "عقرب": 8,
    "قوس": 9, "جدی": 10, "دلو": 11, "حوت": 12,
    # Iranian names
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6, "مهر": 7,
    "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
    # Pashto names (folded: ګ -> گ, ې/ۍ/ي -> ی)
    "وری": 1, "غویی": 2, "غوایی": 2, "غبرگولی": 3, "چنگاښ": 4, "زمری": 5, "وږی": 6, "تله": 7, "لړم": 8,
    "لیندی": 9, "مرغومی": 10, "سلواغه": 11, "کب": 12,
}
_GREGORIAN = {
    "ژانویه": 1, "جنوری": 1, "جنوري": 1, "فوریه": 2, "فبروری": 2, "مارس": 3, "مارچ": 3,
    "آوریل": 4, "اپریل": 4, "مه": 5, "می": 5, "مئی": 5, "ژوئن": 6, "جون": 6, "ژوئیه": 7, "جولای": 7,
    "اوت": 8, "آگوست": 8, "اگست": 8, "سپتامبر": 9, "سپتمبر": 9, "اکتبر": 10, "اکتوبر": 10, "نوامبر": 11,
    "نومبر": 11, "دسامبر": 12, "دسمبر": 12,
}


def _alternatives(names: dict[str, int]) -> str:
    folded = {_fold(n) for n in names}
    return "|".join(sorted(map(re.escape, folded), key=len, reverse=True))


def _fold(text: str) -> str:
    return _HARAKAT.sub(" ", text.translate(_DIGITS).translate(_FOLD))


_MONTHS = {_fold(k): v for k, v in (_SOLAR | _GREGORIAN).items()}
_SOLAR_NAMES = frozenset(_fold(n) for n in _SOLAR)
_GREGORIAN_NAMES = frozenset(_fold(n) for n in _GREGORIAN)
_MONTH = rf"(?P<month>{_alternatives(_SOLAR | _GREGORIAN)})"
# No letter may touch a month name or a number: "مهر" is not read inside "مهربان", nor 2 in "12".
_L, _R = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:\s?(?:ام|مه|م))?"
_YEARNUM = r"(?P<year>1[3-4]\d\d|19\d\d|20\d\d)"
_TIME = (r"(?:\s*[,،\-–|/]?\s*(?:ساعت\s*)?(?P<hour>[0-2]?\d)\s*:\s*(?P<minute>[0-5]\d)(?:\s*:\s*(?P<second>[0-5]\d))?"
         r"(?:\s*(?P<half>ق\s?\.?\s?ظ|ب\s?\.?\s?ظ|قبل از ظهر|بعد از ظهر|صبح|عصر|شب|غرمه|ماسپښین|ماښام))?)?")
_PATTERNS = (
    # 25 Sawr 1403, 25th of Ordibehesht 1403 (with "ماه"/"سال" between), 14 May 2024
    re.compile(rf"(?<!\d){_DAYNUM}\s*(?:د\s+)?{_L}{_MONTH}{_R}\s*(?:ماه\s*|میاشتی\s*)?[,،]?\s*(?:سال\s*|کال\s*)?"
               rf"{_YEARNUM}(?!\d){_TIME}"),
    # Pashto, year first: د ۱۴۰۳ کال د ثور ۲۵مه
    re.compile(rf"(?<!\d){_YEARNUM}\s*(?:کال|سال)?\s*[,،]?\s*(?:د\s+)?{_L}{_MONTH}{_R}\s*(?:د\s+)?"
               rf"(?P<day>[0-3]?\d)(?!\d)(?:\s?(?:ام|مه|م))?{_TIME}"),
    # 1403/02/25, 1403-2-25, 2024.05.14
    re.compile(rf"(?<![\d/.\-]){_YEARNUM}\s?(?P<sep>[/\-.])\s?(?P<month>[01]?\d)\s?(?P=sep)\s?(?P<day>[0-3]?\d)"
               rf"(?![\d/.\-]\d){_TIME}"),
    # 25/02/1403
    re.compile(rf"(?<![\d/.\-])(?P<day>[0-3]?\d)\s?(?P<sep>[/\-.])\s?(?P<month>[01]?\d)\s?(?P=sep)\s?{_YEARNUM}"
               rf"(?![\d/.\-]\d){_TIME}"),
)
_NON_ASCII_DIGIT = re.compile("[۰-۹٠-٩]")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LUNAR = re.compile(r"^\s*(?:ه\s?\.?\s?ق|ق\b|قمری|هجری قمری)")
_PM = ("ب", "بعد", "عصر", "شب", "ماسپښین", "ماښام")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: where it was written, and its value (aware, UTC)."""

    start: int
    end: int
    value: datetime
    calendar: str  # "solar-hijri" | "gregorian"


def ascii_digits(text: str) -> str:
    """The text with Persian and Arabic-Indic digits written as ASCII digits (one for one)."""
    return text.translate(_DIGITS)


def may_hold_persian_date(text: str) -> bool:
    """Whether a text may hold a date this module reads (Persian script or digits): a cheap pre-check."""
    return bool(_NON_ASCII_DIGIT.search(text) or _ARABIC_LETTER.search(text))


def _zone(tz: tzinfo | str | None) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz or AFGHAN_TZ)
    except (KeyError, ValueError):
        log.warning("unknown time zone %r, assuming %s", tz, AFGHAN_TZ)
        return ZoneInfo(AFGHAN_TZ)


def to_gregorian(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
                 tz: tzinfo | str | None = None) -> datetime | None:
    """A Solar Hijri date and local time -> an aware UTC datetime; None when no such day exists."""
    try:
        local = jdatetime.datetime(year, month, day, hour, minute, second).togregorian()
    except ValueError:
        return None
    return local.replace(tzinfo=_zone(tz)).astimezone(UTC)


def _value(match: re.Match[str], text: str, tz: tzinfo | str | None) -> FoundDate | None:
    fields = match.groupdict()
    month_text = fields["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
    year, day = int(fields["year"]), int(fields["day"])
    if month is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    hour, minute, second = (int(fields[k] or 0) for k in ("hour", "minute", "second"))
    if fields["half"] and fields["half"].replace(" ", "").startswith(_PM) and hour < 12:
        hour += 12
    if hour > 23:
        hour = minute = second = 0
    solar = year in SOLAR_YEARS
    if solar and not month_text.isdigit() and month_text not in _SOLAR_NAMES:
        return None  # a Gregorian month name with a Solar Hijri year: not a date
    if not solar and not month_text.isdigit() and month_text not in _GREGORIAN_NAMES:
        return None  # "25 Sawr 2024": a Solar Hijri month with a Gregorian year
    if not solar and not 1900 <= year <= 2100:
        return None
    if _LUNAR.match(text[match.end():match.end() + 12]):
        return None  # a lunar Hijri date (ه.ق): another calendar
    if solar:
        value = to_gregorian(year, month, day, hour, minute, second, tz)
    else:
        try:
            value = datetime(year, month, day, hour, minute, second, tzinfo=_zone(tz)).astimezone(UTC)
        except ValueError:
            value = None
    if value is None:
        return None
    return FoundDate(match.start(), match.end(), value, "solar-hijri" if solar else "gregorian")


def find_dates(text: str, default_tz: tzinfo | str | None = None, *, ascii_gregorian: bool = False
               ) -> list[FoundDate]:
    """Solar Hijri dates, and Gregorian ones in Persian digits or month names, in order of appearance.

    Gregorian dates written wholly in ASCII ("2024-05-14") are left to the English reader unless
    `ascii_gregorian` is set.
    """
    if not text:
        return []
    folded = _fold(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            date = _value(match, folded, default_tz)
            if date is None:
                continue
            original = text[date.start:date.end]
            if (date.calendar == "gregorian" and not ascii_gregorian and match.group("month").isdigit()
                    and not _NON_ASCII_DIGIT.search(original)):
                continue
            found.append(date)
            taken.append((date.start, date.end))
    found.sort(key=lambda d: d.start)
    return found


def parse_persian_date(value: str, default_tz: tzinfo | str | None = None) -> datetime | None:
    """The first date in a value such as "۱۴۰۳/۰۲/۲۵ ۱۴:۳۰" or "۲۵ ثور ۱۴۰۳" (aware, UTC), or None."""
    dates = find_dates(value, default_tz, ascii_gregorian=True)
    return dates[0].value if dates else None


def persian_date_spans(text: str) -> list[tuple[int, int]]:
    """Where `find_dates` finds dates in a text (start, end), for cutting them out of bylines."""
    if not text or not may_hold_persian_date(text):
        return []
    return [(d.start, d.end) for d in find_dates(text, ascii_gregorian=True)]
