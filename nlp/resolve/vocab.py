"""Word lists and regexes shared by several concerns (the per-doc context, places, groups, commanders).

Lists that only one concern reads live in that concern's module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PLACE_KINDS = ("province", "district", "place")
FOREIGN_COUNTRIES = frozenset({"tajikistan", "iran", "pakistan", "uzbekistan", "turkmenistan", "china",
                               "india", "tajik", "iranian", "pakistani", "uzbek", "turkmen", "chinese",
                               "indian", "gorno"})
# Places and institutions of Pakistan's north-west: "Taliban" fighting there are the TTP. Matched as
# whole words ("swat" is not "swathe", "fata" is not "fatal").
PAKISTAN_AREAS = ("khyber pakhtunkhwa", "waziristan", "bajaur", "kurram", "orakzai", "mohmand agency", "mohmand district", "swat",
                  "dera ismail khan", "bannu", "lakki marwat", "peshawar", "tank district", "tribal district",
                  "tribal districts", "tribal areas", "tribal belt", "fata", "balochistan", "quetta", "khyber district",
                  "chitral", "dir district", "upper dir", "lower dir", "kohat", "tirah", "malakand", "buner",
                  "shangla", "hangu", "charsadda", "mardan", "datta khel", "mir ali", "miranshah", "miran shah",
                  "wana", "zhob", "chaman", "pishin", "dera ghazi khan", "north-west pakistan", "northwest pakistan",
                  "pakistani security forces", "pakistani army", "pakistan army", "pakistani military",
                  "pakistani soldiers", "pakistani troops", "pakistani police", "frontier corps", "ctd",
                  "counter-terrorism department")
PAKISTAN_MARKERS = PAKISTAN_AREAS + ("islamabad", "ispr", "pakistan's", "punjab")


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, factored as a trie ("kurram|kohat" -> "k(?:urram|ohat)"): the
    engine tries each first letter once per position instead of every phrase, which made a flat alternation
    of fifty names cost more per text than some whole rules. Matches exactly the same strings."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # a phrase ends here; longer ones go on

    return "(?:" + build(trie) + ")"


_PAK_AREA_RE = re.compile(r"\b" + word_alternation(m for m in PAKISTAN_AREAS
                                                if not m.startswith(("pakistan", "frontier", "ctd", "counter"))) + r"\b")
_PAK_RE = re.compile(r"\b" + word_alternation(PAKISTAN_MARKERS) + r"(?![\w-])")
AFGHAN_WORDS = ("afghanistan", "afghan", "kabul")
# Words that tie a sentence to the Afghan state (token level: "afghan" in "Afghan-born" does not).
AFGHAN_ANCHOR_WORDS = frozenset({"afghanistan", "afghanistan's", "afghan", "afghans", "kabul", "kabul's", "emirate",
                                 "emirate's", "taliban", "taliban's"})
# Groups that form or formed the Afghan government: a government post in a sentence naming them is theirs.
AFGHAN_GOVERNING = frozenset({"Taliban", "ANDSF"})
# Groups whose figures appear in news about any region: naming one of them does not make a text Afghan.
GLOBAL_GROUPS = frozenset({"al-Qaeda", "Islamic State"})
CAPITALS = frozenset({"islamabad", "tehran", "moscow", "washington", "beijing", "delhi", "dushanbe",
                      "tashkent", "ashgabat", "doha", "ankara", "riyadh", "london", "brussels", "kabul"})
ROLE_NOUNS = frozenset({"commander", "commanders", "leader", "chief", "spokesman", "spokesperson",
                        "governor", "deputy", "minister", "emir", "amir", "head", "official", "member",
                        "founder", "co-founder", "mayor", "director", "judge",
                        "lieutenant", "operative", "militant", "fighter", "negotiator", "envoy",
                        "representative", "ideologue", "financier", "cleric", "strongman", "warlord",
                        "chairman", "secretary", "adviser", "advisor", "coordinator", "officer",
                        "brother", "son", "successor", "figure", "loyalist", "supporter"})
STRONG_ROLE_NOUNS = ROLE_NOUNS - {"member", "militant", "fighter", "brother", "son", "figure", "loyalist",
                                  "supporter", "representative", "officer", "adviser", "advisor", "secretary",
                                  "official", "envoy", "negotiator"}
FOREIGN_MILITARY = frozenset({"u.s.", "us", "american", "nato", "british", "pakistani", "pakistan", "iranian",
                              "russian", "uzbek", "tajik", "chinese", "indian", "coalition", "isaf", "marine",
                              "centcom", "resolute", "u.s", "uk", "french", "german", "pentagon", "ispr",
                              "australian", "canadian", "command", "america", "britain", "iran", "china",
                              "russia", "india", "tajikistan", "uzbekistan", "turkish", "turkey", "israeli"})
NAME_STOP = frozenset({"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "said", "says",
                       "told", "was", "is", "has", "had", "who", "which", "that", "with", "from", "by",
                       "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december", "taliban", "afghanistan",
                       "afghan", "pakistan", "province", "district", "city", "he", "she", "it", "they",
                       "his", "her", "their", "this", "these", "those", "but", "also", "after", "before",
                       "when", "while", "as", "sahib", "saheb", "secretary", "assembly", "staff", "council",
                       "mr", "mr.", "ministry", "forces", "army", "police", "islamic", "emirate", "state"})
NAME_PARTICLES = frozenset({"al", "ul", "ur", "ud", "ud-", "bin", "din", "e", "i", "el", "ibn"})
NAME_FOLLOWERS = frozenset({"Khan", "Gul", "Jan", "Shah", "Mohammad", "Muhammad", "Ahmad", "Ullah", "Zai",
                            "Agha", "Baba"})
GIVEN_NAME_PLACES = frozenset({"farah", "ghazni", "parwan", "zabul", "khost"})
FOREIGN_MARKS = frozenset({"tajikistan", "tajikistan's", "iran", "iran's", "iranian", "sistan", "baluchestan",
                           "pakistan", "pakistan's", "pakistani", "uzbekistan", "uzbekistan's", "turkmenistan",
                           "turkmenistan's", "turkmen", "dushanbe", "tehran", "islamabad", "tashkent", "ashgabat",
                           "khorog", "gorno-badakhshan", "balochistan", "baluchistan", "tajikistan-afghanistan"})
FOREIGN_PEOPLE = frozenset({"tajik", "uzbek", "turkmen", "iranian", "pakistani"})
FOREIGN_PLACE_NAMES = frozenset({"north waziristan", "south waziristan", "miran shah", "mir ali", "dera ismail khan",
                                 "dera ghazi khan", "lakki marwat", "tank", "wana", "dir", "lower dir", "upper dir",
                                 "khyber", "islamabad", "tehran", "dushanbe", "tashkent", "ashgabat", "kabul",
                                 "new delhi", "delhi", "moscow", "beijing", "doha", "washington", "ankara", "riyadh",
                                 "gorno-badakhshan", "central asia", "middle east", "south asia"})
GIVEN_BEFORE_PLACE = frozenset({"mohammad", "muhammad", "mohammed", "ahmad", "ahmed", "abdul", "sultan",
                                "mahmud", "mahmood", "haji", "gul", "noor", "nur", "sayed", "syed", "mir",
                                "mullah", "qari", "mawlawi", "khan", "jan", "shah", "wali", "agha"})
GENERIC_GIVEN = frozenset({"abdul", "mohammad", "muhammad", "mohammed", "ahmad", "ahmed", "khan", "haji",
                           "mullah", "gul", "shah", "jan", "agha", "ali", "noor", "nur", "abdullah", "akhund",
                           "haqqani", "sayed", "syed", "mir", "din", "ullah", "rahman", "al", "zia"})
GOV_ROLE_WORDS = frozenset({"ministry", "ministry's", "minister", "ministers", "governor", "governor's", "police",
                            "intelligence", "interior", "defence", "defense", "provincial", "government",
                            "government's", "emirate", "emirate's", "corps", "army", "directorate", "province's",
                            "district", "mayor", "municipality", "border", "security"})
SECURITY_WORDS = frozenset({"police", "intelligence", "interior", "defence", "defense", "army", "corps", "border",
                            "directorate", "commander", "chief"})
_EMIRATE_RE = re.compile(r"islamic emirate|taliban[- ](?:government|appointed|run|administration|authorities|led|"
                         r"regime|takeover|rule|interior|defence|defense)|taliban's (?:government|interior|defence|"
                         r"defense|ministry|intelligence|police|provincial|deputy|governor|administration)|"
                         r"de facto|since the taliban|after the taliban|\b20(?:2[2-9])\b|\bformer (?:afghan |republic|"
                         r"government|security|soldiers|army|police)|fall of the republic|collapse of the republic")
# "(?<!former )": "former Afghan forces" are spoken of after 2021
_REPUBLIC_RE = re.compile(r"\b(?:19[89]\d|20[01]\d|2020)\b|(?<!former )afghan national (?:army|police)|"
                          r"(?<!former )president (?:ashraf ghani|hamid karzai|ghani|karzai)\b|"
                          r"(?<!former )(?:wolesi|meshrano) jirga|"  # the republic's parliament (2005-2021)
                          r"(?<!former )afghan local police|national directorate of security|"
                          r"(?<!former )afghan government forces|\bghani government|"
                          r"taliban\b[^.]{0,80}\bclaimed responsibility|(?<!former )afghan (?:security forces|forces|"
                          r"army|police|commandos|special forces|air force)")
_EMIRATE_ACR_RE = re.compile(r"\bIEA\b")  # the Islamic Emirate of Afghanistan, as news blogs abbreviate it
_REPUBLIC_ACR_RE = re.compile(r"\b(?:ANA|ANP|ALP|NDS|ANDSF|ANSF|ANCOP)\b")
