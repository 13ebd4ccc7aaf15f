"""Text normalisation before matching, with offsets that still point into the original text.

News text writes the same name many ways: "Musa Qal’ah" with a typographic apostrophe, "Panjwāʾī" with a macron
and a hamza letter, "Pul‑e‑Khumri" with non-breaking hyphens, "Nad\u00a0Ali" with a no-break space, "Kandahar"
with a zero-width space pasted in from a CMS. The tagger reads a normalised copy in which

- apostrophe-like letters and quotes (’ ‘ ʼ ʻ ʾ ʿ ` ´ ′) are "'";
- hyphen-like dashes (‐ ‑ ‒ − and an en dash between two letters) are "-";
- exotic spaces (no-break, thin, figure, ideographic) are " ";
- Latin letters with diacritics (ā é ī ō ū ş) are their base letter;
- invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) and combining marks are
  dropped.

Every replacement but the last keeps the length, so offsets are unchanged; when characters are dropped,
`Normalised.span()` maps offsets of the copy back to the original, so mentions quote the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _one_to_one() -> dict[int, str]:
    table: dict[int, str] = {}
    for ch in "\u2019\u2018\u201b\u02bc\u02bb\u02bd\u02be\u02bf\u0060\u00b4\u2032\uff07":
        table[ord(ch)] = "'"
    for ch in "\u2010\u2011\u2012\u2212\ufe63\uff0d":
        table[ord(ch)] = "-"
    for code in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[code] = " "
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            base = unicodedata.normalize("NFD", chr(code))[0]
            if base != chr(code) and base.isascii() and base.isalpha():
                table[code] = base
    table[0x00DF] = "s"  # ß: one letter for one (offsets stay put)
    table[0x0131] = "i"  # dotless i (Turkish spellings)
    table[0x0142] = "l"
    table[0x00F8], table[0x00D8] = "o", "O"
    return table


ONE_TO_ONE = _one_to_one()
_EN_DASH_IN_WORD = re.compile(r"(?<=[^\W\d_])\u2013(?=[^\W\d_])")
# invisible characters and the combining-mark blocks (Latin, Arabic-script harakat, extended, symbols, halves)
_DROP = re.compile("[\u200b-\u200d\u00ad\ufeff\u2060\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"
                   "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff"
                   "\u20d0-\u20ff\ufe20-\ufe2f]+")


@dataclass(frozen=True)
class Normalised:
    """The normalised copy of a text, and (only when characters were dropped) where each char came from."""

    text: str
    original: str
    source: tuple[int, ...] | None = None  # source[i]: offset in `original` of char i of `text` (+ the end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of `text[start:end]` in the original text."""
        if self.source is None:
            return start, end
        if end <= start:
            return self.source[start], self.source[start]
        return self.source[start], self.source[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The original text of the normalised span [start, end)."""
        a, b = self.span(start, end)
        return self.original[a:b]


def normalise(text: str) -> Normalised:
    """The normalised copy of `text` (the same object's text when nothing needs changing)."""
    if text.isascii():
        return Normalised(text, text)
    out = text.translate(ONE_TO_ONE)
    if "\u2013" in out:
        out = _EN_DASH_IN_WORD.sub("-", out)
    return dropping(out, text, _DROP)


def dropping(out: str, text: str, drop: re.Pattern[str]) -> Normalised:
    """`out` (a same-length copy of `text`) without the characters `drop` matches, with the offset map back."""
    if not drop.search(out):
        return Normalised(out, text)
    kept: list[str] = []
    source: list[int] = []
    at = 0
    for m in drop.finditer(out):
        kept.append(out[at:m.start()])
        source.extend(range(at, m.start()))
        at = m.end()
    kept.append(out[at:])
    source.extend(range(at, len(out)))
    source.append(len(text))
    return Normalised("".join(kept), text, tuple(source))
