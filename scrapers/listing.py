"""The `listing` source kind: HTML listing pages, a link selector and a pagination pattern.

`pagination` is a pattern with `{listing}` (the listing URL) and `{page}`: `"{listing}/page/{page}"`
(WordPress), `"{listing}?page={page}"` (Drupal, 0-based: set `first_page = 0`). The first page is the
listing URL itself. Without `since` only the first page is read; with it, pages are walked back until a
page's dated links are all older than `since`, a page brings nothing new, or `max_pages` is reached.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from pipeline.errors import FetchError
from pipeline.records import ArticleRef
from scrapers.base import Fetcher
from scrapers.extract import parse_date
from scrapers.feed import ConfiguredAdapter, Strategy, split_selectors
from scrapers.registry import register
from scrapers.urls import canonical_url, host_of

log = logging.getLogger(__name__)

#: Where article links usually sit when no link selector is configured.
_CONTENT_AREAS = ("main", "#main", "#content", ".content", "#primary", "article", "body")


@dataclass(frozen=True)
class ListedLink:
    """One article link on a listing page."""

    url: str
    title: str | None
    published: datetime | None


def listing_links(html: str | bytes, url: str, link_selector: str = "", *, date_selector: str = "",
                  default_tz: str | None = None) -> list[ListedLink]:
    """Article links of a listing page, in page order, each with its date when the item shows one."""
    soup = BeautifulSoup(html, "lxml")
    anchors: list[Tag] = []
    if link_selector:
        for selector in split_selectors(link_selector):
            for node in soup.select(selector):
                anchor = node if node.name == "a" else node.find("a", href=True)
                if anchor is not None and anchor.get("href"):
                    anchors.append(anchor)
    else:
        area = next((found for sel in _CONTENT_AREAS if (found := soup.select_one(sel)) is not None), soup)
        site = host_of(url)
        anchors = [a for a in area.find_all("a", href=True) if host_of(urljoin(url, a["href"])) == site]
    links: dict[str, ListedLink] = {}
    for anchor in anchors:
        href = urljoin(url, anchor["href"].strip())
        if urlsplit(href).scheme not in ("http", "https"):
            continue
        key = canonical_url(href)
        if key in links:
            continue
        title = " ".join(anchor.get_text(" ").split()) or anchor.get("title") or None
        links[key] = ListedLink(href, title, _item_date(anchor, date_selector, default_tz))
    return list(links.values())


def _item_date(anchor: Tag, date_selector: str, default_tz: str | None) -> datetime | None:
    """The date shown in the smallest enclosing item that holds exactly one link target."""
    node: Tag | None = anchor
    for _ in range(5):
        node = node.parent if node is not None else None
        if node is None or node.name in ("body", "html"):
            return None
        targets = {a["href"] for a in node.find_all("a", href=True)}
        if len(targets) > 2:
            return None
        for selector in (*split_selectors(date_selector), "time[datetime]", ".post-date", ".date", ".publish-date"):
            found = node.select_one(selector)
            if found is not None:
                for value in (found.get("datetime"), found.get("content"), found.get_text(" ")):
                    parsed = parse_date(value, default_tz) if isinstance(value, str) else None
                    if parsed is not None:
                        return parsed
    return None


def page_url(pattern: str, listing: str, number: int, first_page: int = 1) -> str:
    """The URL of listing page `number` (the listing itself for the first page)."""
    if number == first_page:
        return listing
    base = listing.rstrip("/") if "{listing}/" in pattern else listing
    url = pattern.replace("{listing}", base).replace("{page}", str(number))
    if "{listing}" not in pattern:
        url = urljoin(listing, url)
    head, mark, tail = url.partition("?")
    return head + mark + tail.replace("?", "&")


def listing_strategy(adapter: ConfiguredAdapter, fetcher: Fetcher, since: datetime | None, *,
                     fallback: bool = False) -> Strategy:
    """Walk the configured listing pages (see the module docstring)."""
    settings = adapter.settings

    def run() -> Iterator[ArticleRef]:
        for listing in settings.listing_urls:
            seen: set[str] = set()
            last = settings.first_page + (max(settings.max_pages, 1) if since is not None else 1)
            for number in range(settings.first_page, last):
                url = page_url(settings.pagination, listing, number, settings.first_page)
                try:
                    # The first page is fetched conditionally on daily runs: an unchanged listing costs a 304.
                    page = fetcher.get(url, conditional=number == settings.first_page and since is None)
                except FetchError as exc:
                    if number == settings.first_page:
                        raise
                    log.info("%s: listing page %s: %s (end of listing)", settings.name, url, exc)
                    break
                if page.not_modified:
                    adapter.unchanged = True
                    break
                if urlsplit(page.url).path in ("", "/"):  # the home page as a listing: it names the site
                    adapter.saw_home(page)
                links = [link for link in listing_links(
                    page.body, page.url, settings.link_selector,
                    date_selector=settings.selectors.get("listing_date", ""),
                    default_tz=settings.timezone or None) if adapter.wanted(link.url)]
                fresh = [link for link in links if canonical_url(link.url) not in seen]
                if not fresh:
                    break
                seen.update(canonical_url(link.url) for link in fresh)
                for link in fresh:
                    yield ArticleRef(url=link.url, source=settings.name, published=link.published,
                                     title=link.title, via="listing")
                dated = [link.published for link in fresh if link.published is not None]
                if since is not None and dated and max(dated) < since:
                    break

    return Strategy(f"listings {', '.join(settings.listing_urls)}", run, fallback)


@register
class ListingAdapter(ConfiguredAdapter):
    """Listing pages (with feeds, when configured, for the newest articles and their dates)."""

    name = "listing"

    def strategies(self, fetcher: Fetcher, since: datetime | None) -> list[Strategy]:
        found = []
        if self.settings.feeds:
            found.append(self.feed_strategy(fetcher, self.settings.feed_urls, since))
        found.append(listing_strategy(self, fetcher, since))
        found.append(self.autodiscovery_strategy(fetcher, since))
        if self.settings.sitemaps:
            from scrapers.sitemap import sitemap_strategy

            found.append(sitemap_strategy(self, fetcher, since, fallback=True))
        return found
