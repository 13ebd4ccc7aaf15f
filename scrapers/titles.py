"""Site-name affixes on page titles, learned from the site's own titles rather than from a list of names.

Most sites put their name around every title ("Headline - Khaama Press (KP) | Afghan News Agency",
"Site | Headline"). When the page names the site (`og:site_name`, JSON-LD publisher) or the config does,
`scrapers.extract.clean_title` cuts that name. When nothing names it, the crawl still knows what the
site's titles share: `SiteTitles` remembers, per host, the home page's title (fetched during discovery)
and the titles of the pages parsed so far, and `SiteTitles.strip` cuts from a title the affix that

- starts (suffix) or ends (prefix) at a title separator (" | ", " - ", " – "...);
- is the home page's title or a run of its separator-delimited segments ("Kabul Morning" of "Home -
  Kabul Morning | Independent Afghan News"), or is carried by at least two other titles of the host and
  by at least half of those seen;
- is not part of the headline itself: an `<h1>` that carries the same words keeps them.

The first pages of a site whose home page was never fetched stay uncut until two have been seen.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterator
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

#: Separators between a headline and the site's name, as sites write them.
SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ", " / ")
#: A site-name affix is short; a longer segment is part of the headline.
MAX_AFFIX = 90
#: Titles remembered per host (the most recent ones).
KEEP = 64
#: Other titles that must share an affix (besides the home page's) before it is learned.
MIN_SHARED = 2


def _cuts(title: str) -> list[tuple[int, int]]:
    """(start, end) of every separator in `title`, left to right."""
    found = set()
    for sep in SEPARATORS:
        start = title.find(sep)
        while start >= 0:
            found.add((start, start + len(sep)))
            start = title.find(sep, start + 1)
    return sorted(found)


def segment_runs(title: str) -> Iterator[str]:
    """Every run of consecutive separator-delimited segments of a title, the whole title included.

    "Home - Kabul Morning | Independent Afghan News" gives the whole, "Home", "Kabul Morning",
    "Independent Afghan News", "Home - Kabul Morning" and "Kabul Morning | Independent Afghan News".
    """
    title = title.strip()
    cuts = _cuts(title)
    starts = [0, *(end for _start, end in cuts)]
    ends = [*(start for start, _end in cuts), len(title)]
    for i, begin in enumerate(starts):
        for finish in ends[i:]:
            if (run := title[begin:finish].strip()):
                yield run


_VARIANT = re.compile(r"^(?:www\d*|m|mobile|amp)\.(?=[^.]+\.[^.]+)")


def host_of(url: str) -> str:
    """The host a title belongs to, without `www.` or a mobile/AMP prefix (cheaper than a canonical URL)."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
    return _VARIANT.sub("", host)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def html_title(html: str | bytes) -> str | None:
    """The `<title>` of a page (a home page fetched during discovery), or None."""
    from scrapers.tree import parse_html, text_of

    found = next(parse_html(html).iter("title"), None)
    text = " ".join(text_of(found, "").split()) if found is not None else ""
    return text or None


class SiteTitles:
    """What a crawl has seen of each host's titles: its home page's, and those of the pages parsed so far."""

    def __init__(self, keep: int = KEEP) -> None:
        self._home: dict[str, set[str]] = {}
        self._seen: dict[str, deque[str]] = {}
        self._keep = keep

    def home(self, url: str, title: str | None) -> None:
        """Remember the title of a host's home page (or of a listing page: it carries the bare site name)."""
        if title and (host := host_of(url)):
            names = self._home.setdefault(host, set())
            names.update(_fold(run) for run in segment_runs(title) if run and len(run) <= MAX_AFFIX)

    def seen(self, url: str, title: str | None) -> None:
        """Remember the raw title of a page of the host (call after `strip`, so a page is not its own witness)."""
        if title and (host := host_of(url)):
            titles = self._seen.setdefault(host, deque(maxlen=self._keep))
            if title not in titles:
                titles.append(title)

    def known(self, url: str) -> bool:
        """Whether anything is known of the host's titles."""
        host = host_of(url)
        return bool(self._home.get(host) or self._seen.get(host))

    def strip(self, url: str, title: str, h1: str | None = None) -> str:
        """`title` without the affix the host's titles share (see the module docstring); unchanged if none."""
        host = host_of(url)
        homes = self._home.get(host, set())
        others = [t for t in self._seen.get(host, ()) if t != title]
        if not homes and len(others) < MIN_SHARED:
            return title
        h1_fold = _fold(h1 or "")
        need = max(MIN_SHARED, (len(others) + 1) // 2)

        def shared(bare: str, affix: str, suffix: bool) -> bool:
            """Whether the site shares `affix` (`bare` with its separator) around its titles."""
            fold = _fold(bare)
            if not fold or len(bare) > MAX_AFFIX or (h1_fold and f" {fold} " in f" {h1_fold} "):
                return False  # the headline itself carries these words
            if fold in homes:
                return True
            if suffix:
                count = sum(1 for other in others if other.endswith(affix) and len(other) > len(affix))
            else:
                count = sum(1 for other in others if other.startswith(affix) and len(other) > len(affix))
            return count >= need

        cuts = _cuts(title)
        for start, end in cuts:  # earliest separator first: the longest suffix
            headline = title[:start].strip()
            if headline and shared(title[end:], title[start:], suffix=True):
                return headline
        for start, end in reversed(cuts):  # latest separator first: the longest prefix
            headline = title[end:].strip()
            if headline and shared(title[:start], title[:end], suffix=False):
                return headline
        return title
