"""A commander's Persian or Pashto role phrase in English, as the English tagger writes roles (issue 15).

"والی جدید ولایت کنر" is stored as "governor of Kunar", "سخنگوی طالبان" as "Taliban spokesman", "معین وزارت
داخله" as "deputy interior minister" and Pashto "د کونړ د امنیې قوماندان" as "police chief of Kunar", so one query
over roles finds both languages. The phrase is read as a bag of known pieces, in either word order (Dari puts the
complement after the head, Pashto's "د X" before it):

- a role head (`HEADS`: والی governor, فرمانده امنیه police chief, رئیس استخبارات intelligence chief, سخنگو
  spokesman, وزیر minister, معین deputy minister, ولسوال district governor, رئیس head ...), the longest first;
- a ministry (`MINISTRIES`: داخله interior, دفاع defence, خارجه / بهرنیو چارو foreign ...);
- modifiers: سرپرست acting, پیشین / سابق former ("جدید" new is dropped);
- the group (طالبان, امارت اسلامی -> "Taliban") and the place, a province or district of the gazetteer
  ("of Kunar").

A phrase with no known head gives None: the caller keeps the phrase as written.
"""

from __future__ import annotations

from collections.abc import Callable

from nlp.persian.normalise import fold


def _table(rows: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(fold(k).split()): v for k, v in rows.items()}


HEADS = _table({
    "معاون والی": "deputy governor", "معاون ولایت": "deputy governor", "د والي مرستیال": "deputy governor",
    "فرمانده امنیه": "police chief", "قوماندان امنیه": "police chief", "فرمانده پولیس": "police chief",
    "قوماندان پولیس": "police chief", "امنیه قوماندان": "police chief", "امنیې قوماندان": "police chief",
    "امنیې قومندان": "police chief", "امنیه قومندان": "police chief", "قومندان امنیه": "police chief",
    "فرماندهی امنیه": "police chief", "پولیسو قوماندان": "police chief", "پولیس قوماندان": "police chief",
    "رئیس استخبارات": "intelligence chief", "رییس استخبارات": "intelligence chief",
    "استخباراتو رئیس": "intelligence chief", "استخباراتو رییس": "intelligence chief",
    "مسئول استخبارات": "intelligence chief", "رئیس امنیت ملی": "intelligence chief",
    "معاون سخنگوی": "deputy spokesman", "معاون سخنگو": "deputy spokesman", "مرستیال ویاند": "deputy spokesman",
    "سخنگوی": "spokesman", "سخنگو": "spokesman", "ویاند": "spokesman", "ویانده": "spokeswoman",
    "رئیس الوزرا": "prime minister", "رئیس الوزرای": "prime minister", "رییس الوزرا": "prime minister",
    "رییس الوزرای": "prime minister", "رئیسالوزرا": "prime minister", "لومړی وزیر": "prime minister",
    "معاون وزارت": "deputy minister", "معاون وزیر": "deputy minister", "معین": "deputy minister",
    "مرستیال وزیر": "deputy minister", "وزیر": "minister", "وزير": "minister",
    "ولسوال": "district governor", "والی": "governor", "والي": "governor", "فرماندار": "governor",
    "رئیس": "head", "رییس": "head", "آمر": "head", "مدیر": "director", "فرمانده": "commander",
    "فرماندهی": "commander", "قوماندان": "commander", "قومندان": "commander", "رهبر": "leader", "مشر": "leader",
    "مشاور": "adviser", "سلاکار": "adviser", "سفیر": "ambassador", "سفير": "ambassador", "شهردار": "mayor",
    "ښاروال": "mayor", "قاضی": "judge", "عضو": "member", "غړی": "member", "امیر": "emir",
    "نماینده": "representative", "استازی": "representative", "مسئول": "official", "مسؤل": "official",
    "بنیانگذار": "founder", "معاون": "deputy", "مرستیال": "deputy",
})
MINISTRIES = _table({
    "داخله": "interior", "امور داخله": "interior", "کورنیو چارو": "interior", "دفاع": "defence",
    "دفاع ملی": "defence", "ملي دفاع": "defence", "دفاع ملي": "defence", "خارجه": "foreign",
    "امور خارجه": "foreign", "بهرنیو چارو": "foreign", "معارف": "education", "پوهنې": "education",
    "پوهنی": "education", "مالیه": "finance", "مالیې": "finance", "صحت عامه": "public health",
    "عامې روغتیا": "public health", "عامه روغتیا": "public health", "عدلیه": "justice", "عدلیې": "justice",
    "تحصیلات عالی": "higher education", "لوړو زده کړو": "higher education",
    "اطلاعات و فرهنگ": "information and culture", "اطلاعاتو او فرهنګ": "information and culture",
    "امر بالمعروف": "vice and virtue", "امر بالمعروف و نهی عن المنکر": "vice and virtue",
    "مهاجرین": "refugees", "مهاجرین و عودت کنندگان": "refugees", "زراعت": "agriculture",
    "زراعت و مالداری": "agriculture", "معادن و پترولیم": "mines and petroleum", "معادن": "mines",
    "اقتصاد": "economy", "حج و اوقاف": "hajj and religious affairs", "فواید عامه": "public works",
    "صنعت و تجارت": "commerce and industry", "تجارت": "commerce", "انرژی و آب": "energy and water",
    "مخابرات": "communications", "سرحدات و قبایل": "borders and tribal affairs",
    "کار و امور اجتماعی": "labour and social affairs", "ترانسپورت": "transport",
    "احیا و انکشاف دهات": "rural development", "شهرسازی": "urban development",
})
MODIFIERS = _table({"سرپرست": "acting", "سرپرستی": "acting", "پیشین": "former",
                    "سابق": "former", "پخوانی": "former", "پخواني": "former", "اسبق": "former"})
AFFAIRS = _table({"اقتصادی": "economic", "سیاسی": "political", "اداری": "administrative", "اقتصادي": "economic",
                  "سیاسي": "political", "اداري": "administrative"})
GROUP_WORDS = frozenset(fold(w) for w in ("طالبان", "طالبانو", "امارت", "امارت اسلامی", "اسلامی امارت"))

# a folded phrase -> (kind, canonical name) of the province or district it names, or None
PlaceLookup = Callable[[str], "tuple[str, str] | None"]


def _match(tokens: list[str], i: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
    for n in (5, 4, 3, 2, 1):
        key = tuple(tokens[i:i + n])
        if len(key) == n and key in table:
            return n, table[key]
    return None


def english_role(phrase: str, place: PlaceLookup | None = None) -> str | None:
    """The English role of a (folded) Persian/Pashto role phrase; `place` names the province or district a
    phrase of one or two words is ("کنر" -> ("province", "Kunar")). None when no role head is known."""
    tokens = [t for t in fold(phrase).split() if t not in ("،", ",")]
    head = ministry = affairs = None
    mods: list[str] = []
    group = False
    where: tuple[str, str] | None = None
    i = 0
    while i < len(tokens):
        for table, slot in ((MODIFIERS, "mod"), (HEADS, "head"), (MINISTRIES, "ministry"), (AFFAIRS, "affairs")):
            hit = _match(tokens, i, table)
            if hit is None:
                continue
            n, value = hit
            if slot == "mod" and value not in mods:
                mods.append(value)
            elif slot == "head":
                # "معاون ... رئیس الوزرا": the deputy of the head that follows
                if head == "deputy" and value == "prime minister":
                    value = "deputy prime minister"
                if head is None or head == "deputy" or value == "deputy prime minister":
                    head = value
            elif slot == "ministry" and ministry is None:
                ministry = value
            elif slot == "affairs" and affairs is None:
                affairs = value
            i += n
            break
        else:
            tok = tokens[i]
            if tok in GROUP_WORDS:
                group = True
            elif place is not None and where is None:
                for n in (2, 1):
                    found = place(" ".join(tokens[i:i + n])) if i + n <= len(tokens) else None
                    if found:
                        where = found
                        i += n - 1
                        break
            i += 1
    if head is None and "acting" in mods and ministry:
        head = "minister"  # "سرپرست وزارت دفاع": the acting head of a ministry
    if head is None:
        return None
    if head in ("minister", "deputy minister") and ministry:
        role = f"{ministry} minister" if head == "minister" else f"deputy {ministry} minister"
    elif ministry and head not in ("governor", "district governor", "police chief"):
        role = f"{ministry} ministry {head}"
    elif head == "deputy prime minister" and affairs:
        role = f"deputy prime minister for {affairs} affairs"
    else:
        role = head
    if group:
        role = "Taliban " + role
    if where and head in ("governor", "deputy governor", "district governor", "police chief",
                          "intelligence chief", "commander", "head", "mayor", "director", "judge"):
        kind, name = where
        if kind == "province" or head == "district governor" or kind == "district":
            role += f" of {name}"
    return " ".join(mods + [role])
