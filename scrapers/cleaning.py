"""Generic clean-up of extracted article text, and the quality gate a body must pass to be stored.

`clean_body` cuts the lines every layout leaves around a story, whatever the site: the byline
("By Khaama Press – Sat Apr 23 2016", "Written by ..."), a line that is only a date (the dateline
widget), share and follow calls ("Follow Khaama Press on Twitter", "Share on Facebook") and media
player chrome ("No media source currently available", "128 kbps | MP3"). Only short lines are
considered, so a sentence of the story that happens to start with "By" stays.

`text_problem` says why a body must not be stored (mostly replacement or control characters, no
words, mojibake, a script that does not fit the declared language), or None when it is fine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from scrapers.dates import DATE_IN_TEXT

_SHORT = 160
_YEAR = re.compile(r"\d{4}")
_BYLINE_LINE = re.compile(r"^\s*(?:(?:written|posted|reported|story|words|compiled)\s+)?by\s*[:\s]\s*(?P<rest>.+)$",
                          re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[^\W\d_a-zA-Z][\w'’.-]*|&|and|,|;|\||–|—|-|/|\(|\)|[A-Z]+)$")
_SOCIAL = r"(?:twitter|facebook|telegram|instagram|youtube|whatsapp|linkedin|tiktok|x\.com|\bon x\b|newsletter|rss|google news|mastodon|threads)"
_CALL = re.compile(
    rf"^\s*(?:follow|like|share|subscribe|join|connect with|find)\b.{{0,120}}{_SOCIAL}"
    rf"|^\s*(?:share|share this|share on|share via|tweet|email|print|click to (?:share|print|email))\b.{{0,40}}$"
    rf"|^\s*(?:{_SOCIAL}\s*[|,/•·]?\s*){{2,}}$",
    re.IGNORECASE,
)
_PLAYER = re.compile(
    r"no media source currently available|^\s*\d+\s*kbps\b|\|\s*(?:mp3|mp4|m4a|ogg)\b|^\s*(?:mp3|mp4)\s*$|"
    r"the code has been copied to your clipboard|^\s*(?:embed|share|direct link|download|pop-?out player|"
    r"listen|play|pause|mute|unmute|full ?screen|audio|video|image|subtitles|the url has been copied)\s*$|"
    r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:/\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$|^\s*(?:\d+p|hd|sd)\s*\|",
    re.IGNORECASE,
)


def _is_byline(line: str, authors: Iterable[str]) -> bool:
    match = _BYLINE_LINE.match(line)
    if not match or len(line) > _SHORT:
        return False
    rest = DATE_IN_TEXT.sub(" ", match.group("rest"))
    rest = re.split(r"\s[|–—•-]\s|\s[|–—•]|[|–—•]\s", rest)[0].strip(" ,.:-–—")
    if not rest:
        return True
    if any(a and a.casefold() in rest.casefold() for a in authors):
        return True
    words = rest.split()
    return 0 < len(words) <= 8 and all(_NAME_WORD.match(w) for w in words)


def _is_date_only(line: str) -> bool:
    stripped = line.strip(" |–—-•·,.")
    if not _YEAR.search(stripped):  # every date DATE_IN_TEXT reads has a year: skip the costly search
        return False
    match = DATE_IN_TEXT.search(stripped)
    if not match:
        return False
    rest = (stripped[: match.start()] + stripped[match.end():]).strip(" |–—-•·,.:")
    return not rest or bool(re.fullmatch(r"(?:updated|published|posted|last updated)[: ]*", rest, re.IGNORECASE))


def junk_line(line: str, authors: Iterable[str] = ()) -> str | None:
    """Why a line of body text is page furniture ("byline", "date", "share", "player"), or None."""
    if len(line) > _SHORT:
        return None
    if _is_byline(line, authors):
        return "byline"
    if _is_date_only(line):
        return "date"
    if _CALL.search(line):
        return "share"
    if _PLAYER.search(line):
        return "player"
    return None


def clean_body(text: str, authors: Iterable[str] = ()) -> str:
    """The text without byline, dateline-widget, share/follow and player-chrome lines (see the docstring)."""
    authors = tuple(authors)
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines = [line for line in paragraph.split("\n") if junk_line(line, authors) is None]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------------------------------
# Quality gate

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")
_WORDS = re.compile(r"[^\W\d_]{2,}")
#: The script each language is written in, for the script check.
SCRIPT_OF = {"fa": _ARABIC_SCRIPT, "ps": _ARABIC_SCRIPT, "ar": _ARABIC_SCRIPT, "ur": _ARABIC_SCRIPT,
             "prs": _ARABIC_SCRIPT, "ru": _CYRILLIC, "uk": _CYRILLIC}
MIN_WORDS = 20


def text_problem(text: str | None, language: str | None = None) -> str | None:
    """Why `text` must not be stored as an article body, or None when it passes the gate."""
    if not text or not text.strip():
        return "empty body"
    sample = text[:20000]
    visible = [ch for ch in sample if not ch.isspace()]
    if not visible:
        return "empty body"
    bad = sum(1 for ch in visible if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"))
    if bad > 0.05 * len(visible):
        return f"body is {bad * 100 // len(visible)}% replacement or control characters (wrong charset or not text)"
    words = _WORDS.findall(sample)
    letters = sum(len(w) for w in words)
    if len(words) < MIN_WORDS or letters < 0.5 * len(visible):
        return f"body has no words ({len(words)} words, {letters * 100 // len(visible)}% letters)"
    all_letters = sum(1 for ch in visible if ch.isalpha())
    latin1 = len(_LATIN1_LETTERS.findall(sample))
    if latin1 > 0.25 * all_letters:
        return f"body looks like mojibake ({latin1 * 100 // all_letters}% of letters are Latin-1 accented)"
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    script = SCRIPT_OF.get(primary)
    if script is not None and len(script.findall(sample)) < 0.3 * all_letters:
        return f"body script does not match its declared language {primary!r}"
    return None
