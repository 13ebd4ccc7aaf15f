"""Counts as news writes them: digits, words, vague quantities and bounds, normalised to a lower bound.

"eleven" -> 11, "at least seven" -> 7, "more than a dozen" -> 12, "dozens" -> 24, "two dozen" -> 24,
"several" -> 3, "1,200" -> 1200, "twenty-three" -> 23, "a" / "an" / "one" -> 1.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
# Vague quantities, read as the smallest count the word can mean (ACLED codes the lower bound).
VAGUE = {"a dozen": 12, "dozen": 12, "dozens": 24, "dozens of": 24, "scores": 40, "scores of": 40,
         "several": 3, "a few": 2, "few": 2, "a couple of": 2, "couple": 2, "a number of": 2, "many": 3,
         "numerous": 3, "hundreds": 200, "hundreds of": 200, "a handful of": 2, "tens of": 20,
         "a hundred": 100, "hundred": 100, "a score of": 20}
QUALIFIER = (r"(?:at least|at a minimum|a minimum of|not less than|no fewer than|more than|over|upwards of|"
             r"nearly|almost|about|around|some|up to|as many as|roughly|approximately|an estimated|"
             r"a total of|a further|another|close to|in excess of|only|just)")
_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
#: One count phrase (its group "num"), as a regex fragment to build larger patterns with.
NUMBER = (rf"(?P<num>(?:{QUALIFIER}\s+)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:x(?=\s))?|"
          rf"(?:{_WORD})(?:[- ](?:{_WORD}))?(?:\s+dozen)?(?:\s+hundred)?|{_VAGUE}))")
NUMBER_RE = re.compile(rf"\b{NUMBER}\b", re.IGNORECASE)


def parse_count(phrase: str) -> int | None:
    """The lower-bound count a phrase states, or None when it states none."""
    s = phrase.lower().strip()
    s = re.sub(rf"^{QUALIFIER}\s+", "", s)
    if s in VAGUE:
        return VAGUE[s]
    digits = s.replace(",", "").removesuffix("x")  # sitreps write "2x KIA"
    if digits.isdigit():
        return int(digits)
    words = re.split(r"[\s-]+", s)
    total = 0
    current = 0
    seen = False
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "and":
            continue
        else:
            return None
        seen = True
    total += current
    return total if seen else None
