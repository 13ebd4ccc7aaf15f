"""Who was appointed to (or removed from) which post: the parse of appointment and dismissal sentences.

Shapes read: "<appointer> appointed/named X as <post>[, Y as <post>...]", "X was appointed (as) <post>",
"X has been named the new <post>", "X, the new <post>,", "X took over as <post>", "removed X from his post
as <post>", "X was dismissed as <post>". The appointee is the tagger's commander mention in the segment
when there is one, else the run of capitalised name words next to the post; titles are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_WORDS = frozenset(
    "mullah mullahs mawlawi mawlavi maulvi mawlana maulana molvi moulvi qari haji hajji sheikh shaikh mufti hafiz "
    "engineer eng dr doctor general gen commander cmdr qazi qadi sayed syed sayyed amir emir ustad ustaz akhund "
    "akhundzada sahib mr mrs ms lt col colonel brigadier maj major capt captain justice judge alhaj al-haj "
    "mohtaram janab".split())
NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")
_POST_END = re.compile(
    r"(?:,|;|\.(?:\s|$)|\s+(?:and|while|whereas|replacing|after|succeeding|in place of|who|which|following|"
    r"on|according|the (?:ministry|office|spokesman)|said|says|by the|with immediate effect|effective)\b)", re.IGNORECASE)
_AS = re.compile(r"\b(?:as|to the post of|to the position of|to the role of|to head|to lead|the new|as the new|"
                 r"as acting|to)\s+", re.IGNORECASE)
POST_HEAD = re.compile(
    r"\b(?:governor|deputy|minister|commander|chief|head|director|spokes(?:man|person|woman)|mayor|ambassador|envoy|"
    r"emir|amir|leader|judge|officer|secretary|chairman|president|adviser|advisor|representative|consul|"
    r"attorney|prosecutor|inspector|commissioner|coordinator|manager|rector|chancellor|general|official)s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Appointment:
    """One appointee and post found in a sentence (offsets into the sentence)."""

    appointee: str
    post: str
    start: int
    end: int
    post_start: int
    post_end: int


def strip_titles(name: str) -> str:
    """'Mawlawi Abdul Rahman' -> 'Abdul Rahman' (titles and honorifics at either end)."""
    words = name.replace("’", "'").split()
    while words and words[0].lower().rstrip(".") in TITLE_WORDS:
        words.pop(0)
    while words and words[-1].lower().rstrip(".") in TITLE_WORDS:
        words.pop()
    return " ".join(words).strip(" ,.'")


def _post_at(sentence: str, start: int) -> tuple[str, int, int] | None:
    """The post phrase that starts at `start` (after "as"), up to the next clause boundary."""
    rest = sentence[start:]
    m = _POST_END.search(rest)
    end = start + (m.start() if m else len(rest))
    post = sentence[start:end].strip()
    # "governor of Baghlan province" / "the police chief of Kunduz" / "acting minister of refugees"
    post = re.sub(r"^(?:the|a|an|its|their|his|her)\s+(?:new\s+)?", "", post, flags=re.IGNORECASE)
    post = re.sub(r"^new\s+", "", post, flags=re.IGNORECASE)
    if not post or not POST_HEAD.search(post) or len(post.split()) > 12:
        return None
    return post, start, end


def _name_before(sentence: str, end: int, people: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    """The person named just before `end` (a commander mention, or capitalised name words)."""
    for name, a, b in reversed(people):
        if b <= end and end - b <= 25:
            return name, a, b
    words = list(re.finditer(r"[\w'’.-]+", sentence[:end]))
    run: list[re.Match[str]] = []
    for w in reversed(words):
        if NAME_WORD.match(w.group(0)) and not POST_HEAD.fullmatch(w.group(0)):
            run.insert(0, w)
            continue
        break
    while run and run[0].group(0).lower().rstrip(".") in TITLE_WORDS | {"the", "and"}:
        run.pop(0)
    if not run:
        return None
    name = strip_titles(" ".join(w.group(0) for w in run))
    if not name or len(name.split()) > 5:
        return None
    return name, run[0].start(), run[-1].end()


def _name_after(sentence: str, start: int, people: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    for name, a, b in people:
        if a >= start and a - start <= 25:
            return name, a, b
    m = re.match(r"\s*(?:(?:the|former|deputy|acting)\s+)?((?:[A-Z][\w'’.-]*\s*){1,6})", sentence[start:])
    if not m:
        return None
    raw = m.group(1).strip()
    name = strip_titles(raw)
    if not name or POST_HEAD.search(name.split()[0]):
        return None
    a = start + m.start(1)
    return name, a, a + len(raw)


def find_appointments(sentence: str, trigger_start: int, trigger_end: int,
                      people: list[tuple[str, int, int]]) -> list[Appointment]:
    """Every (appointee, post) pair the sentence gives around one appointment/dismissal trigger."""
    out: list[Appointment] = []
    if sentence[trigger_start:trigger_end].lower().startswith("new"):
        return _new_post(sentence, trigger_start, trigger_end, people)
    after = sentence[trigger_end:]
    before = sentence[:trigger_start]
    passive = re.search(r"\b(?:was|were|has been|have been|had been|is|been|being)\s+(?:\w+ly\s+)?$", before)
    if passive or re.search(r"\b(?:took|takes|take) over\s*$", sentence[:trigger_end]):
        who = _name_before(sentence, passive.start() if passive else trigger_start, people)
        m = _AS.match(after.lstrip()) if after.strip() else None
        offset = trigger_end + (len(after) - len(after.lstrip()))
        post = _post_at(sentence, offset + m.end()) if m else _post_at(sentence, offset)
        if who and post:
            out.append(Appointment(who[0], post[0], who[1], post[2], post[1], post[2]))
        return out
    # active: "<appointer> appointed X as P, Y as Q and Z as R"
    pos = trigger_end
    while pos < len(sentence):
        who = _name_after(sentence, pos, people)
        if who is None:
            break
        m = _AS.match(sentence, who[2]) or re.match(r"\s*,\s*(?:the\s+)?(?:new\s+)?", sentence[who[2]:]) and None
        if m is None:
            m2 = re.match(r"\s+as\s+|\s*,\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?", sentence[who[2]:])
            if m2 is None:
                break
            post = _post_at(sentence, who[2] + m2.end())
        else:
            post = _post_at(sentence, m.end())
        if post is None:
            break
        out.append(Appointment(who[0], post[0], who[1], post[2], post[1], post[2]))
        nxt = re.match(r"\s*(?:,|;)?\s*(?:and\s+|while\s+|as well as\s+)?", sentence[post[2]:])
        pos = post[2] + (nxt.end() if nxt else 0)
        if pos >= len(sentence) or not sentence[pos:pos + 1].strip():
            break
    if not out:
        # "X, the new governor of Y," / "the new governor of Y, X,"
        who = _name_before(sentence, trigger_start, people)
        post = _post_at(sentence, trigger_end) if re.match(r"\s*(?:as\s+)?", after) else None
        if who and post:
            out.append(Appointment(who[0], post[0], who[1], post[2], post[1], post[2]))
    return out


def _new_post(sentence: str, trigger_start: int, trigger_end: int,
              people: list[tuple[str, int, int]]) -> list[Appointment]:
    """"X, the new governor of Y," or "the new governor of Y, X," (an appositive appointment)."""
    head = re.match(r"new\s+", sentence[trigger_start:], re.IGNORECASE)
    post = _post_at(sentence, trigger_start + (head.end() if head else 0))
    if post is None:
        return []
    who = _name_before(sentence, max(0, re.search(r"[\s,]*(?:(?:is|was|as|the|its)\s+)*$",
                                                  sentence[:trigger_start]).start()), people)
    if who is None:
        tail = re.match(r"\s*,\s*", sentence[post[2]:])
        who = _name_after(sentence, post[2] + tail.end(), people) if tail else None
    if who is None:
        return []
    return [Appointment(who[0], post[0], min(who[1], post[1]), max(who[2], post[2]), post[1], post[2])]
