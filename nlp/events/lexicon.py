"""The trigger lexicon (nlp/data/event_lexicon.toml) compiled once: sub-type -> patterns, rank, type."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: ACLED's types and sub-types (frontwatch adds Appointment and Dismissal), spelled as ACLED spells them.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Arrests", "Agreement", "Disrupted weapons use", "Looting/property destruction",
                               "Non-violent transfer of territory", "Headquarters or base established",
                               "Change to group/activity", "Other", "Appointment", "Dismissal"),
}
TYPE_OF: dict[str, str] = {sub: t for t, subs in EVENT_TYPES.items() for sub in subs}


@dataclass(frozen=True)
class Subtype:
    """One sub-event type's triggers."""

    name: str
    type: str
    rank: int
    pattern: re.Pattern[str]
    requires: str | None = None  # a condition the coder checks: protest | state_actor1 | civilian_target


@dataclass(frozen=True)
class Trigger:
    """A trigger found in a sentence (character offsets into the sentence)."""

    subtype: Subtype
    start: int
    end: int
    text: str


def _data_file() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "event_lexicon.toml"


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> tuple[Subtype, ...]:
    """The compiled lexicon, highest rank first; raises ValueError naming a bad entry."""
    raw = tomllib.loads(Path(path or _data_file()).read_text(encoding="utf-8"))
    out: list[Subtype] = []
    for item in raw.get("subtype", []):
        name = item["name"]
        if TYPE_OF.get(name) != item["type"]:
            raise ValueError(f"event lexicon: {name!r} is not a sub-type of {item['type']!r}")
        # matched on the lower-cased sentence without IGNORECASE: about twice as fast
        alternatives = "|".join(f"(?:{p})" for p in item["patterns"]).replace("(?-i:[A-Z])", "(?=[a-z])")
        out.append(Subtype(name, item["type"], int(item["rank"]), re.compile(rf"\b(?:{alternatives})"),
                           item.get("requires")))
    return tuple(sorted(out, key=lambda s: -s.rank))


def find_triggers(sentence: str, lexicon: tuple[Subtype, ...]) -> list[Trigger]:
    """Every trigger of every sub-type in a sentence, in rank order, then text order."""
    found: list[Trigger] = []
    low = sentence.lower()  # str.lower keeps offsets for the scripts news is written in
    if len(low) != len(sentence):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
    for sub in lexicon:
        for m in sub.pattern.finditer(low):
            found.append(Trigger(sub, m.start(), m.end(), sentence[m.start():m.end()]))
    return found
