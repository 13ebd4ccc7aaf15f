"""Turn a tagged `Doc` into plain `Mention` records: the context rules live here.

Order of work: places first (they give the province context districts and groups need), then
groups (they give commanders their group), then commanders (gazetteer names, titles, appositions
and roles, then short names resolved to a full name seen earlier in the same text).

Where each concern lives:
- `resolver.py`: `Resolver` - gazetteer candidate spans, the order of work above, `Mention` output;
  it ends the chain of rule classes below, each adding its rules to the one before (DocContext <- PlaceRules <-
  GroupRules <- RoleRules <- CommanderRules <- Resolver: one line of inheritance, which mypyc compiles);
- `context.py`: `DocContext`, the per-doc caches every rule reads (tokens, sentences, name-token tests,
  the era of the text, the group index) and `Found`, a mention under construction;
- `vocab.py`: word lists and regexes shared by several concerns (foreign and Pakistani markers, era
  regexes, name stop words, role nouns); a list only one concern reads lives in that concern's module;
- `places.py`: `PlaceRules`;
- `groups.py`: `GroupRules`;
- `commanders.py`: `CommanderRules`;
- `roles.py`: `RoleRules`, a commander's post read from the phrase attached to the name.
`nlp.native` compiles these modules (all but this one) with mypyc and loads the build that matches the sources.
Before any of it, `nlp.normalise` folds typographic spellings (apostrophes, dashes, diacritics, invisible
characters) with an offset map back to the original text; `nlp.world` names the world's countries and regions
(never people).

Mechanisms added in round 4 (issue 10), each with tests on fresh sentences:
- Afghan context: commanders only in texts about the region's conflicts; a government post is the Taliban's or the
  republic's only with an Afghan place, word or the governing group in its sentence; a text's only place name
  must not be a person's name, part of a longer name or in another country's sentence;
- one person, one entity: short names link only to a compatible full name earlier in the text (never across
  another name; a famous surname after a namesake is the namesake); transliteration-blind name skeletons link
  spelling variants; a relative named by given name takes the family's surname;
- honorifics by position (titles in a row, a trailing Sahib, a given name that looks like a title, a courtesy title
  inside a list of commanders);
- groups: family names as modifiers, aliases other countries share, short acronyms need the region, the Afghan
  state's forces by era, forces described rather than named;
- places: misspellings before their cue by edit distance, districts shared by two provinces by context, Kabul as
  the subject of a diplomacy verb, lists before a head noun.

Rules in brief, by module.

`places.py`:
- a bare province name is a province, and so is "X city" when X is a province; "X district" is the district;
  a facility named after its province ("Kabul airport") names the province too;
- risky single-word districts ("Dara", "Khas", "Chak") need a cue: "district", "valley" or their province nearby;
- a place name inside another name (Helmand River, Kabul Bank, Gorno-Badakhshan, Sher-e-Panjshir),
  after a title (a person called Ghazni), after a foreign possessive (Iran's Zabol), in a road name
  (Kabul-Kandahar highway) or used for the government ("Islamabad urged Kabul") is not a place;
- a line-initial place in capitals ("KABUL (Pajhwok):") is a dateline, role="dateline".

`groups.py`:
- bare "Taliban" in a Pakistani tribal-area passage, or next to a Pakistani area ("Taliban militants in the Swat
  valley"), is the TTP; bare "Islamic State" in an Afghan passage is ISKP;
- groups implied by context: "militants loyal to/led by <leader>" is the leader's group; "resistance forces" in a
  Panjshir/Andarab passage about the Taliban (not the Soviet war) are the NRF; "police" in a republic-era Afghan
  passage are the ANDSF (after Aug 2021 they are the Taliban's).

`commanders.py` (the era comes from `context.py`):
- a person is a commander only with a gazetteer hit, or a title/role plus a link to a group or to an Afghan
  government function ("interior ministry spokesman X" is Taliban in an Islamic Emirate passage, "the province's
  police chief, Gen. X" is ANDSF in a republic-era one: `_era`); a hard title (General, Commander) with only a
  group somewhere in the sentence is not enough when the sentence names foreign forces or the name shares no word
  with known Afghan/Pakistani names ("Gen. Kenneth McKenzie"); civilians (elder, shopkeeper, doctor...) and
  foreign officials are never commanders;
- appositions work both ways: "Taliban spokesman X", "said X, an NRF commander in the area", "X, who commands NRF
  fighters", "X, spokesman for the ministry of interior", "the militant group X led".
"""

from __future__ import annotations

import importlib
import logging

from nlp import native

if native.activate():  # the modules below compiled with mypyc, when `frontwatch build-native` has built them
    try:
        importlib.import_module("nlp.resolve.resolver")
    except ImportError as exc:  # a damaged build: the Python rules, which give the same output
        logging.getLogger(__name__).warning("the compiled tagger rules do not load (%s): the Python rules run; "
                                            "`frontwatch build-native --remove`, then build them again", exc)
        native.deactivate()
from nlp.resolve.resolver import Resolver

__all__ = ["Resolver"]
