"""The transliterator measured on held-out aligned pairs: `python -m nlp.persian.evaluate_names /path/to/shared/data`.

Every `every`-th person of the UN 1988 list (original-script and English names side by side) is held out; the
lexicon of name parts is learned from the other UN names and the project's Persian names of English entities
(without the held-out people), and each held-out name is transliterated and compared with its English name:

- exact: the same letters (case, spaces and hyphens aside);
- alias-aware: the same key under `nlp.evaluate.AliasIndex`, the comparison the gold scorer makes for commanders
  (the gazetteer's alias families, then the transliteration-blind `nlp.gazetteer.name_skeleton`).

Both are given for the UN list's full names (with the father's name) and for the gazetteer's own cut of them
(`data/commanders_un1988.csv`, where it has one).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nlp.persian.build_data import DATA, project_name_pairs, un_name_pairs
from nlp.persian.transliterate import Transliterator, learn_parts


@dataclass
class HoldoutScore:
    """Counts of one held-out comparison."""

    total: int = 0
    exact: int = 0
    alias: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, label: str) -> str:
        """A one-line summary."""
        n = self.total or 1
        return (f"{label}: {self.total} names, exact {self.exact / n:.3f} ({self.exact}), alias-aware "
                f"{self.alias / n:.3f} ({self.alias})")


def _loose(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def holdout(shared: Path, every: int = 5, offset: int = -1) -> dict[str, HoldoutScore]:
    """Exact and alias-aware match rates on every `every`-th UN person (the last of each `every`, or the
    `offset`-th), the lexicon learned without them."""
    from nlp.evaluate import AliasIndex

    pairs = un_name_pairs(shared / "gazetteer")
    held = {ref for k, (ref, _, _) in enumerate(pairs) if k % every == offset % every}
    cut: dict[str, tuple[str, str]] = {}
    with open(DATA / "commanders_un1988.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cut[row["un_ref"]] = (row["name_fa"], row["name"])
    skip = frozenset(cut[r][1] for r in held if r in cut) | frozenset(en for r, _, en in pairs if r in held)
    train = [(fa, en, 1) for ref, fa, en in pairs if ref not in held]
    train += [(fa, en, 2) for fa, en in project_name_pairs(skip)]
    translit = Transliterator.from_counts(learn_parts(train))
    index = AliasIndex()
    scores = {"full": HoldoutScore(), "cut": HoldoutScore()}
    for ref, fa, en in pairs:
        if ref not in held:
            continue
        tests = [("full", fa, en)]
        if cut.get(ref, ("", ""))[0]:
            tests.append(("cut", *cut[ref]))
        for label, persian, english in tests:
            got = translit(persian)
            s = scores[label]
            s.total += 1
            s.exact += _loose(got) == _loose(english)
            same = index.key("commander", got) == index.key("commander", english)
            s.alias += same
            if not same or _loose(got) != _loose(english):
                s.misses.append(f"{ref} {persian} -> {got} (want {english})")
    return scores


def main(argv: list[str]) -> int:
    """Print the held-out figures (and the misses with -v)."""
    shared = Path(next((a for a in argv if not a.startswith("-")), "../shared/data"))
    scores = holdout(shared)
    for label, s in scores.items():
        sys.stdout.write(s.line(label) + "\n")
        if "-v" in argv:
            sys.stdout.writelines(f"  {m}\n" for m in s.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
