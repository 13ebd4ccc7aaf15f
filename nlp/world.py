"""Names of the world's countries and first-level subdivisions (from pycountry's ISO 3166 data), Afghanistan's own
excepted: a capitalised run such as "New Zealand" or "New South Wales" is a place, never a person's name."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def world_place_names() -> frozenset[str]:
    """Lower-case country and subdivision names ("new zealand", "south korea", "punjab"), without Afghanistan's."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value)
                names.add(value.split(",")[0])  # "Korea, Republic of" -> "Korea"
    names.update({"South Korea", "North Korea", "Russia", "Iran", "Syria", "Vietnam", "Laos", "Bolivia",
                  "Venezuela", "Tanzania", "Moldova", "Britain", "Great Britain", "England", "Scotland"})
    for sub in pycountry.subdivisions:
        if sub.country_code == "AF":
            continue
        value = re.sub(r"\s*[\[(].*$", "", sub.name).strip()
        if value:
            names.add(value)
    return frozenset(n.lower() for n in names if len(n) > 3)
