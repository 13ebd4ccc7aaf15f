"""`word_alternation` (a trie-shaped regex of literal phrases) matches what the flat alternation matched."""

from __future__ import annotations

import random
import re

from nlp.resolve.vocab import PAKISTAN_MARKERS, word_alternation


def _flat(words) -> re.Pattern[str]:  # type: ignore[no-untyped-def]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


def test_the_trie_matches_the_same_phrases_at_the_same_places() -> None:
    words = ("dir", "dir district", "upper dir", "kurram", "kohat", "k-2 camp", "pakistan's", "tank")
    trie = re.compile(r"\b" + word_alternation(words) + r"(?![\w-])")
    pieces = [*words, "district", "the", "s", "-", "'s", "kurrams", "dirt", "ko", "pakistan"]
    rng = random.Random(3)
    flat = _flat(words)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(("", " ", "-", ", ")) for _ in range(rng.randint(1, 5)))
        a, b = flat.search(text), trie.search(text)
        assert (a and a.start()) == (b and b.start()), text


def test_every_phrase_matches_whole_and_no_prefix_of_one_does() -> None:
    trie = re.compile(word_alternation(PAKISTAN_MARKERS) + "$")
    for word in PAKISTAN_MARKERS:
        assert trie.match(word), word
        assert not trie.match(word[:-1]) or word[:-1] in PAKISTAN_MARKERS, word


def test_the_pattern_factors_shared_prefixes() -> None:
    assert word_alternation(["kurram", "kohat"]) == "(?:k(?:ohat|urram))"
    assert word_alternation(["dir", "dir district"]) == r"(?:dir(?:\ district)?)"
