"""The `sitemap` source kind: sitemap indexes, plain and news sitemaps, filtered by `lastmod` for backfills.

Sitemaps come from the config, else from robots.txt `Sitemap:` lines, else from the usual paths
(`/wp-sitemap.xml`, `/sitemap_index.xml`, `/sitemap.xml`, `/news-sitemap.xml`). An index is walked newest
child first; children whose `lastmod` is older than `since` are skipped, and without `since` only the newest
child is read, and only its `RECENT_ENTRIES` newest entries (a sitemap can list every article a site published).
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import etree

from pipeline.errors import FetchError
from pipeline.records import ArticleRef
from scrapers.base import Fetcher
from scrapers.extract import parse_date
from scrapers.feed import ConfiguredAdapter, Strategy
from scrapers.registry import register

log = logging.getLogger(__name__)

#: Without `since`, only this many newest entries of a sitemap are recent enough for a daily run.
RECENT_ENTRIES = 100
USUAL_PATHS = ("/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml", "/news-sitemap.xml", "/sitemap-news.xml")
# Child sitemaps of taxonomies, authors and static pages hold no articles.
_NOT_ARTICLES = re.compile(
    r"(?:taxonom|users?|authors?|categor|tags?|pages?|attachment|video|image)s?[-_]?sitemap"
    r"|sitemap[-_](?:taxonom|users?|authors?|categor|tags?|pages?)|wp-sitemap-(?:taxonomies|users)",
    re.IGNORECASE,
)
_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SitemapEntry:
    """A `<url>` of a urlset, or a `<sitemap>` of an index."""

    url: str
    lastmod: datetime | None = None
    published: datetime | None = None  # news:publication_date
    title: str | None = None  # news:title
    language: str | None = None  # news:language


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap document: an index of child sitemaps or a set of page URLs."""

    url: str
    is_index: bool
    entries: tuple[SitemapEntry, ...]


def parse_sitemap(body: bytes, url: str, *, default_tz: str | None = None) -> Sitemap:
    """Parse a (possibly gzipped, possibly broken) sitemap; never raises."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except OSError:
            return Sitemap(url, False, ())
    try:
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        root = etree.fromstring(body.lstrip(), parser)
    except (etree.LxmlError, ValueError) as exc:
        log.info("sitemap %s unreadable: %s", url, exc)
        return Sitemap(url, False, ())
    if root is None:
        return Sitemap(url, False, ())
    is_index = etree.QName(root).localname == "sitemapindex"
    wanted = "sitemap" if is_index else "url"
    entries = []
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != wanted:
            continue
        fields: dict[str, str] = {}
        for child in node.iter():
            if isinstance(child.tag, str) and child.text and child.text.strip():
                fields.setdefault(etree.QName(child).localname, child.text.strip())
        loc = fields.get("loc")
        if not loc:
            continue
        entries.append(SitemapEntry(
            url=urljoin(url, loc),
            lastmod=parse_date(fields.get("lastmod"), default_tz),
            published=parse_date(fields.get("publication_date"), default_tz),
            title=fields.get("title"),
            language=fields.get("language"),
        ))
    return Sitemap(url, is_index, tuple(entries))


def sitemaps_from_robots(text: str, url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt, resolved against its URL."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            absolute = urljoin(url, value.strip())
            if absolute not in found:
                found.append(absolute)
    return found


def find_sitemaps(fetcher: Fetcher, base_url: str) -> tuple[list[str], str]:
    """Sitemap URLs of a site and how they were found ("robots.txt" or "usual path")."""
    try:
        robots = fetcher.get(urljoin(base_url, "/robots.txt"))
        found = sitemaps_from_robots(robots.text, robots.url)
        if found:
            return found, "robots.txt"
    except FetchError as exc:
        log.info("robots.txt of %s: %s", base_url, exc)
    for path in USUAL_PATHS:
        url = urljoin(base_url, path)
        try:
            page = fetcher.get(url)
        except FetchError:
            continue
        if parse_sitemap(page.body, page.url).entries:
            return [page.url], "usual path"
    return [], "none found"


def walk_sitemaps(fetcher: Fetcher, roots: list[str], since: datetime | None, *, max_sitemaps: int = 50,
                  default_tz: str | None = None) -> Iterator[SitemapEntry]:
    """Article entries of the sitemaps (newest first within each), descending into indexes."""
    queue = list(roots)
    visited: set[str] = set()
    while queue and len(visited) < max_sitemaps:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        try:
            page = fetcher.get(url)
        except FetchError as exc:
            log.info("sitemap %s: %s", url, exc)
            continue
        sitemap = parse_sitemap(page.body, page.url, default_tz=default_tz)
        if sitemap.is_index:
            children = [e for e in sitemap.entries if not _NOT_ARTICLES.search(e.url)]
            # Undated children: numbered oldest first by WordPress and most plugins, so read them backwards.
            # (The reversal matters: the sort is stable, so undated children keep the reversed order.)
            children = sorted(children[::-1], key=lambda e: e.lastmod or _EPOCH, reverse=True)  # noqa: C415
            if since is not None:
                children = [e for e in children if e.lastmod is None or e.lastmod >= since]
            else:
                children = children[:1]
            queue[0:0] = [e.url for e in children]
            continue
        entries = sorted(sitemap.entries, key=lambda e: e.published or e.lastmod or _EPOCH, reverse=True)
        if since is None:
            entries = entries[:RECENT_ENTRIES]
        for entry in entries:
            if since is not None and entry.lastmod is not None and entry.lastmod < since:
                continue  # last modified before `since`: published before it too
            yield entry


def sitemap_strategy(adapter: ConfiguredAdapter, fetcher: Fetcher, since: datetime | None, *,
                     fallback: bool = False) -> Strategy:
    """Articles from the configured sitemaps, or from the ones robots.txt / the usual paths give."""
    settings = adapter.settings

    def run() -> Iterator[ArticleRef]:
        roots = [settings.url(s) for s in settings.sitemaps]
        if not roots and settings.base_url:
            roots, how = find_sitemaps(fetcher, settings.base_url)
            adapter.note(f"sitemaps from {how}: {', '.join(roots) or '-'}")
        for entry in walk_sitemaps(fetcher, roots, since, max_sitemaps=max(settings.max_pages, 1),
                                   default_tz=settings.timezone or None):
            yield ArticleRef(url=entry.url, source=settings.name, published=entry.published,
                             title=entry.title, via="sitemap")

    return Strategy("sitemaps", run, fallback)


@register
class SitemapAdapter(ConfiguredAdapter):
    """Sitemaps (configured, from robots.txt or the usual paths), then feeds when sitemaps give nothing."""

    name = "sitemap"

    def strategies(self, fetcher: Fetcher, since: datetime | None) -> list[Strategy]:
        found = [sitemap_strategy(self, fetcher, since)]
        if self.settings.feeds:
            found.append(self.feed_strategy(fetcher, self.settings.feed_urls, since, fallback=True))
        found.append(self.autodiscovery_strategy(fetcher, since))
        return found
