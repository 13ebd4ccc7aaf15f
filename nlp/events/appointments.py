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
    ["mullah", "mullahs", "mawlawi", "mawlavi", "maulvi", "mawlana", "maulana", "molvi", "moulvi", "qari", "haji", "hajji", "sheikh", "shaikh", "mufti", "hafiz", "engineer", "eng", "dr", "doctor", "general", "gen", "commander", "cmdr", "qazi", "qadi", "sayed", "syed", "sayyed", "amir", "emir", "ustad", "ustaz", "sahib", "mr", "mrs", "ms", "lt", "col", "colonel", "brigadier", "maj", "major", "capt", "captain", "justice", "judge", "alhaj", "al-haj", "mohtaram", "janab"])
_TITLES_TAIL = r"(?:(?:" + "|".join(sorted(TITLE_WORDS, key=len, reverse=True)) + r")\.?\s+){0,2}$"
AUXILIARIES = frozenset({"was", "were", "has", "have", "had", "is", "are", "been", "being", "be"})
NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")
_POST_END = re.compile(
    r"(?:,|;|\.(?:\s|$)|\s+(?:and|while|whereas|replacing|after|succeeding|in place of|who|which|following|"
    r"on|according|the (?:ministry|office|spokesman)|said|says|by the|with|effective|last|this|"
    r"earlier|yesterday|today|in (?:19|20)\d\d|in (?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)|during|since|at a|at the|for the first|in a|in an|in the presence|amid|over|for "
    r"(?:his|her|alleged)|by (?!the (?:people|province))\w+)\b)", re.IGNORECASE)
_AS = re.compile(r"\b(?:as|to the post of|to the position of|to the role of|to head|to lead|the new|as the new|"
                 r"as acting|to)\s+", re.IGNORECASE)
POST_HEAD = re.compile(
    r"\b(?:governor|deputy|minister|commander|chief|head|director|spokes(?:man|person|woman)|mayor|ambassador|envoy|"
    r"emir|amir|leader|judge|officer|secretary|chairman|president|adviser|advisor|representative|consul|"
    r"attorney|prosecutor|inspector|commissioner|coordinator|manager|rector|chancellor|general|official|command|"
    r"corps|directorate|department|commission|division|brigade)s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Appointment:
    """One appointee and post found in a sentence (offsets into the sentence)."""

    appointee: str
    post: str
    start: int
    end: int
    post_start: int
    post_end: int
    dismissal: bool = False  # the predecessor an appointment replaces ("..., replacing X")


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
    post = re.sub(r"\s+province$", "", post, flags=re.IGNORECASE)
    if not post or not POST_HEAD.search(post) or len(post.split()) > 12:
        return None
    return post, start, end


def _person(sentence: str, name: str, a: int, b: int) -> tuple[str, int, int]:
    """A commander mention's canonical name when the text's words agree with it, else the words as written.

    The mention is first extended over capitalised name words right after it ("Abdul Baqi| Haqqani").
    """
    more = re.match(r"(?:\s+(?!As\b|And\b|The\b)[A-Z][\w'’-]*)+", sentence[b:])
    if more and not POST_HEAD.search(more.group(0)):
        b += more.end()
    written = strip_titles(sentence[a:b])
    w = {x.lower() for x in written.split()}
    c = {x.lower() for x in name.split()}
    return (name if w <= c or len(w & c) >= 2 and not c < w else written), a, b


def _name_before(sentence: str, end: int, people: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    """The person named just before `end` (a commander mention, or capitalised name words)."""
    for name, a, b in reversed(people):
        if b <= end and end - b <= 25:
            return _person(sentence, name, a, b)
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
            return _person(sentence, name, a, b)
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
    """Every (appointee, post) pair the sentence gives around one appointment/dismissal trigger, plus the
    predecessor an appointment replaces ("X was named governor of Y, replacing Z": Z's dismissal)."""
    passive_swap = re.match(r"(?:(?:(?:has|have|had)\s+been|was|were|is)\s+)?replaced\s+as\s+", sentence[trigger_start:])
    if passive_swap:
        old = _name_before(sentence, trigger_start, people)
        start = trigger_start + passive_swap.end()
        post = _post_at(sentence, start)
        by = re.match(r"\s*,?\s*by\s+", sentence[post[2]:]) if post else None
        new = _name_after(sentence, post[2] + by.end(), people) if post and by else None
        if old and post:
            out = [Appointment(old[0], post[0], old[1], post[2], post[1], post[2], dismissal=True)]
            if new:
                out.append(Appointment(new[0], post[0], new[1], new[2], post[1], post[2]))
            return out
    swap = re.match(r"replac\w*\s+", sentence[trigger_start:])
    if swap:
        old = _name_after(sentence, trigger_start + swap.end(), people)
        m = re.match(r"\s+as\s+", sentence[old[2]:]) if old else None
        post = _post_at(sentence, old[2] + m.end()) if old and m else None
        w = re.match(r"\s*with\s+", sentence[post[2]:]) if post else None
        new = _name_after(sentence, post[2] + w.end(), people) if post and w else None
        if old and post and new:
            return [Appointment(old[0], post[0], old[1], post[2], post[1], post[2], dismissal=True),
                    Appointment(new[0], post[0], new[1], new[2], post[1], post[2])]
    found = _find(sentence, trigger_start, trigger_end, people)
    out = list(found)
    for ap in found:
        m = re.match(r"\s*,?\s*(?:who\s+)?(?:replacing|replaces|replaced|succeeding|succeeds|in place of|taking over from)\s+",
                     sentence[ap.post_end:])
        if m:
            who = _name_after(sentence, ap.post_end + m.end(), people)
            if who:
                out.append(Appointment(who[0], ap.post, who[1], who[2], ap.post_start, ap.post_end, dismissal=True))
    return out


def _find(sentence: str, trigger_start: int, trigger_end: int,
          people: list[tuple[str, int, int]]) -> list[Appointment]:
    out: list[Appointment] = []
    if re.match(r"(?:new|incoming|newly installed)\b", sentence[trigger_start:trigger_end], re.IGNORECASE):
        return _new_post(sentence, trigger_start, trigger_end, people)
    # patterns such as "named X as" span the appointee, and "was named" its auxiliary: read from the verb
    aux_passive = False
    for w in re.finditer(r"[\w-]+", sentence[trigger_start:trigger_end]):
        if w.group(0).lower() in AUXILIARIES:
            aux_passive = True
            continue
        if not re.match(r"(?:took|takes|take|sworn|given|entrusted|elevated)\b", w.group(0), re.IGNORECASE):
            trigger_end = trigger_start + w.end()
        break
    after = sentence[trigger_end:]
    before = sentence[:trigger_start]
    passive = re.search(r"\b(?:was|were|has been|have been|had been|is|been|being)\s+(?:\w+ly\s+)?$", before)
    if aux_passive and not passive:
        passive = re.search(r"\b(?:was|were|has|have|had|is|been|being)\b", sentence[trigger_start:])
        if passive:
            passive = re.search(r"$", sentence[:trigger_start])
    if passive or re.search(r"\b(?:took|takes|take) over\s*$", sentence[:trigger_end]):
        who = _name_before(sentence, passive.start() if passive else trigger_start, people)
        duty = re.match(r"\s*(?:of|from)\s+(?:(?:his|her|their)\s+)?(?:post|posts|duties|duty|position|role|job|command)"
                        r"(?:\s+(?:as|of))?", after)
        if duty:  # "was relieved of his duties as governor of X", "removed from his post as ..."
            trigger_end += duty.end()
            after = sentence[trigger_end:]
        m = _AS.match(after.lstrip()) if after.strip() else None
        offset = trigger_end + (len(after) - len(after.lstrip()))
        post = _post_at(sentence, offset + m.end()) if m else _post_at(sentence, offset)
        if who and post is None:
            # "The head of customs at Torkham, X, was removed from his post"
            before_name = re.search(r"(?:^|[.;:—–]\s+|\bthat\s+)(?:the\s+)?([^,;:—–]{3,90}),\s*" + _TITLES_TAIL,
                                    sentence[:who[1]], re.IGNORECASE)
            if before_name and POST_HEAD.search(before_name.group(1)):
                post = (re.sub(r"^(?:the|a|an)\s+", "", before_name.group(1).strip(), flags=re.IGNORECASE),
                        before_name.start(1), before_name.end(1))
        if who and post:
            out.append(Appointment(who[0], post[0], who[1], post[2], post[1], post[2]))
        return out
    # active, post first: "sacked the police chief of Kunduz, Mawlawi Jalil,"
    lead = re.match(r"\s+(?=(?:the|its|their|[A-Z][\w-]+'s)\s)", after)
    if lead:
        post = _post_at(sentence, trigger_end + lead.end())
        comma = re.match(r"\s*,\s*", sentence[post[2]:]) if post else None
        who = _name_after(sentence, post[2] + comma.end(), people) if post and comma else None
        if post and who:
            return [Appointment(who[0], post[0], post[1], who[2], post[1], post[2])]
    # "X had been removed as P and appointed Q": the appointee is the previous clause's
    if re.search(r"\band\s+$", sentence[:trigger_start]):
        bare = re.match(r"\s+(?:as\s+)?", after)
        post = _post_at(sentence, trigger_end + bare.end()) if bare else None
        if post and not _name_after(sentence, trigger_end, people):
            return [Appointment("", post[0], trigger_start, post[2], post[1], post[2])]
    # active: "<appointer> appointed X as P, Y as Q and Z as R"
    pos = trigger_end
    while pos < len(sentence):
        who = _name_after(sentence, pos, people)
        if who is None:
            break
        aside = re.match(r"\s*,\s*(?:a|an|the|who|whose|previously|formerly)\b[^,]{0,80},\s*(?=as\b)", sentence[who[2]:])
        if aside:
            who = (who[0], who[1], who[2] + aside.end() - 1)
        m = _AS.match(sentence, who[2]) or re.match(r"\s*,\s*(?:the\s+)?(?:new\s+)?", sentence[who[2]:]) and None
        if m is None:
            m2 = re.match(r"\s+as\s+|\s+(?:of|from)\s+(?:(?:his|her|their)\s+(?:post|duties|position|role)s?\s+(?:as|of)\s+)?"
                          r"|\s*,\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?", sentence[who[2]:])
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
    head = re.match(r"(?:new|incoming|newly installed)\s+", sentence[trigger_start:], re.IGNORECASE)
    post = _post_at(sentence, trigger_start + (head.end() if head else 0))
    if post is None:
        return []
    lead = re.search(r"[\s,]*(?:(?:is|was|as|the|its)\s+)*$", sentence[:trigger_start])
    who = _name_before(sentence, lead.start() if lead else trigger_start, people)
    if who is None:
        tail = re.match(r"\s*,\s*", sentence[post[2]:])
        who = _name_after(sentence, post[2] + tail.end(), people) if tail else None
    if who is None:
        return []
    return [Appointment(who[0], post[0], min(who[1], post[1]), max(who[2], post[2]), post[1], post[2])]
