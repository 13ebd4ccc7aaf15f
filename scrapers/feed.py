"""The `feed` source kind (RSS/Atom), and the base every config-only source kind builds on.

`ConfiguredAdapter` is what `feed`, `wordpress`, `sitemap` and `listing` share: discovery is a chain of
strategies (configured feeds, feed autodiscovery, sitemaps, listing pages...), each tried in turn, and
`parse` is the generic extractor driven by the `[sources.*]` selectors. What a run actually used is
remembered and reported by `describe()`, so a wrong guess in the config shows up in `frontwatch sources`.

Feeds are parsed leniently: feedparser first, and when it finds nothing in a broken document, lxml's
recovering parser repairs the XML and feedparser tries again.
"""

from __future__ import annotations

import dataclasses
import functools
import html as html_lib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

from pipeline.errors import FetchError
from pipeline.records import Article, ArticleRef, FetchedPage
from pipeline.settings import SourceSettings
from scrapers.base import Fetcher, SourceAdapter
from scrapers.extract import extract_article, parse_date
from scrapers.registry import register
from scrapers.titles import SiteTitles, html_title
from scrapers.urls import canonical_url, host_of

log = logging.getLogger(__name__)

#: Paths that are never articles on a news site (archives, feeds, media, accounts).
NON_ARTICLE = re.compile(
    r"/(?:tag|tags|category|categories|author|authors|page|feed|search|wp-json|wp-admin|wp-login\.php|"
    r"wp-content|login|register|account|subscribe|about|contact|privacy|terms|advertise)(?:/|$)"
    r"|\.(?:jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|css|js|xml)$",
    re.IGNORECASE,
)
#: The usual WordPress feed pagination.
WORDPRESS_FEED_PAGES = "{feed}?paged={page}"
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml",
               "text/xml", "application/xml")


@dataclass(frozen=True)
class FeedItem:
    """One feed entry, converted from feedparser's untyped dict at the boundary."""

    url: str
    title: str | None = None
    published: datetime | None = None  # UTC
    summary: str | None = None
    content: str | None = None  # full HTML content (content:encoded) when the feed carries it
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its items, language, and why it was malformed (if it was)."""

    url: str
    title: str | None
    language: str | None
    items: tuple[FeedItem, ...]
    problem: str | None = None  # feedparser's bozo message for a malformed document


def parse_feed(body: bytes | str, url: str, *, default_tz: str | None = None) -> Feed:
    """Parse an RSS/Atom document leniently; never raises (an unreadable feed has no items)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    try:
        parsed = feedparser.parse(data, response_headers={"content-location": url})
    except Exception as exc:  # noqa: BLE001 - feedparser is robust, but a crash must not stop a run
        log.warning("feed %s could not be parsed: %s", url, exc)
        return Feed(url, None, None, (), problem=str(exc))
    problem = str(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not parsed.entries and data.strip():
        repaired = _repair_xml(data)
        if repaired is not None:
            again = feedparser.parse(repaired, response_headers={"content-location": url})
            if again.entries:
                parsed = again
    items = []
    for entry in parsed.entries:
        item = _item(entry, url, default_tz)
        if item is not None:
            items.append(item)
    if problem:
        log.info("feed %s is malformed (%s); %d items recovered", url, problem, len(items))
    info = parsed.get("feed", {})
    language = info.get("language") or None
    return Feed(url, _text(info.get("title")), language, tuple(items), problem=problem)


def _repair_xml(data: bytes) -> bytes | None:
    try:
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data.lstrip(), parser)
    except (etree.LxmlError, ValueError):
        return None
    return etree.tostring(root, encoding="utf-8") if root is not None else None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", value))).strip()
    return text or None


def _item(entry: dict, feed_url: str, default_tz: str | None) -> FeedItem | None:
    # Feeds run through FeedBurner and similar proxies keep the article's own address aside.
    link = entry.get("feedburner_origlink") or entry.get("link") or ""
    if not link:
        link = next((l.get("href", "") for l in entry.get("links", ()) if l.get("rel") == "alternate"), "")
    if not link and str(entry.get("id", "")).startswith("http"):
        link = entry["id"]
    if not link:
        return None
    published = None
    for key in ("published", "updated", "created"):
        published = parse_date(entry.get(key), default_tz)
        if published is not None:
            break
    content = None
    for block in entry.get("content", ()) or ():
        if block.get("value"):
            content = block["value"]
            break
    authors = [a.get("name", "") for a in entry.get("authors", ()) or () if isinstance(a, dict)]
    if not any(authors) and entry.get("author"):
        authors = [entry["author"]]
    tags = [t.get("term", "") for t in entry.get("tags", ()) or () if isinstance(t, dict)]
    return FeedItem(
        url=urljoin(feed_url, link.strip()),
        title=_text(entry.get("title")),
        published=published,
        summary=_text(entry.get("summary")),
        content=content,
        authors=tuple(a.strip() for a in authors if a and a.strip()),
        tags=tuple(t.strip() for t in tags if t and t.strip()),
    )


def feed_links(html: str | bytes, url: str) -> list[str]:
    """The site feeds a page advertises with `<link rel="alternate" type="application/rss+xml">` (in order).

    Comment feeds (`/comments/feed`, a "Comments Feed" title) and a post's own feed (`<page>/feed`,
    which WordPress uses for that post's comments) are not the site's news: they are left out.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    page_path = urlsplit(url).path.rstrip("/")
    found: list[str] = []
    for link in soup.find_all("link", href=True):
        rel = [r.lower() for r in (link.get("rel") or [])]
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in _FEED_TYPES:
            continue
        absolute = urljoin(url, link["href"].strip())
        path = urlsplit(absolute).path.rstrip("/")
        title = (link.get("title") or "").casefold()
        if "comment" in absolute.casefold() or "comment" in title:
            continue
        if page_path and path.startswith(page_path + "/") and re.search(r"/(?:feed|rss|atom)(?:/\w+)?$", path) \
                and not re.search(r"/(?:category|tag|tags|topics?|section|author)/", page_path):
            continue  # the feed of the post itself
        if absolute not in found:
            found.append(absolute)
    return found


def looks_like_feed(body: bytes) -> bool:
    """Whether a response body is an RSS/Atom/RDF document (not an HTML error page)."""
    head = body[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or (
        head.startswith(b"<?xml") and b"<html" not in head
    )


@dataclass
class Strategy:
    """One way of discovering articles: a label, a generator, and whether it is only a fallback."""

    label: str
    run: Callable[[], Iterator[ArticleRef]]
    fallback: bool = False  # run only when every earlier strategy found nothing


class ConfiguredAdapter(SourceAdapter):
    """Base of the config-only kinds: a chain of discovery strategies plus the generic page parser."""

    name: ClassVar[str] = ""

    def __init__(self, settings: SourceSettings):
        super().__init__(settings)
        self._pattern = re.compile(settings.article_pattern) if settings.article_pattern else None
        self._exclude = re.compile(settings.exclude_pattern) if settings.exclude_pattern else None
        self.used: list[str] = []  # what the last discovery actually used, for describe()
        self.unchanged = False  # a feed answered 304 Not Modified in the last discovery
        self._hosts: frozenset[str] | None = None
        #: The titles this crawl has seen of the site, to cut its name from titles that do not declare it.
        self.titles = SiteTitles()

    # ---- discovery ----------------------------------------------------------------------------------

    def strategies(self, fetcher: Fetcher, since: datetime | None) -> list[Strategy]:
        """The discovery strategies, in the order they are tried."""
        raise NotImplementedError

    def discover(
        self, fetcher: Fetcher, *, since: datetime | None = None, limit: int | None = None
    ) -> Iterator[ArticleRef]:
        """Run the strategies in turn, yielding each article once (by canonical URL), newest first."""
        self.used = []
        self.unchanged = False
        seen: set[str] = set()
        count = 0
        for strategy in self.strategies(fetcher, since):
            if strategy.fallback and (count or self.unchanged):
                continue  # an unchanged feed is not a failed one: no fallback needed
            produced = 0
            try:
                for ref in strategy.run():
                    if not self.wanted(ref.url, hint_only=ref.via == "feed"):
                        continue
                    if since is not None and ref.published is not None and ref.published < since:
                        continue
                    key = canonical_url(ref.url)
                    if key in seen:
                        continue
                    seen.add(key)
                    produced += 1
                    count += 1
                    yield ref
                    if limit is not None and count >= limit:
                        break
            except FetchError as exc:
                # Not a warning by itself: the next strategy may well work (describe() keeps the record).
                log.info("%s: %s failed: %s", self.settings.name, strategy.label, exc)
                self.note(f"{strategy.label} failed ({exc.reason}{f' {exc.status}' if exc.status else ''})")
            else:
                self.note(f"{strategy.label}: {produced} articles")
            if limit is not None and count >= limit:
                return

    @property
    def last_discovery(self) -> tuple[str, ...]:
        """What the last `discover` used, tried and skipped, in order (for storing with a run's report)."""
        return tuple(self.used)

    def note(self, what: str) -> None:
        """Remember what discovery used or why a strategy was skipped (shown by `describe()`)."""
        if what not in self.used:
            self.used.append(what)

    def wanted(self, url: str, *, hint_only: bool = False) -> bool:
        """Whether a discovered URL is an article of this source (pattern, exclusions, host).

        `article_pattern` is a hint: with `hint_only` (a feed item, which the site itself calls an
        article) a URL outside it is still taken, and its page decides (`parse`).
        """
        if not url.startswith(("http://", "https://")):
            return False
        if self._exclude is not None and self._exclude.search(url):
            return False
        if self._pattern is not None and (self._pattern.search(url) or not hint_only):
            return bool(self._pattern.search(url))
        path = urlsplit(url).path
        return path not in ("", "/") and not NON_ARTICLE.search(path)

    def describe(self) -> str:
        """The configured discovery plan, then what the last run actually used."""
        plan = self.plan()
        if self.used:
            return f"{self.name}: {plan}; last discovery: {'; '.join(self.used)}"
        return f"{self.name}: {plan}"

    def plan(self) -> str:
        """What the config asks for, in one phrase."""
        parts = []
        if self.settings.feeds:
            parts.append(f"feeds {', '.join(self.settings.feed_urls)}")
        if self.settings.listings:
            parts.append(f"listings {', '.join(self.settings.listing_urls)}")
        if self.settings.sitemaps:
            parts.append(f"sitemaps {', '.join(self.settings.url(s) for s in self.settings.sitemaps)}")
        return ", ".join(parts) or f"autodiscovery from {self.settings.base_url or '(no base_url)'}"

    # ---- shared strategies --------------------------------------------------------------------------

    def feed_strategy(self, fetcher: Fetcher, urls: Sequence[str], since: datetime | None, *,
                      label: str = "feeds", fallback: bool = False, pages: str | None = None) -> Strategy:
        """Read the given feeds; with `since` and a pagination pattern, page back until older items."""
        pattern = self.settings.feed_pagination if pages is None else pages

        def run() -> Iterator[ArticleRef]:
            for feed_url in urls:
                yield from self._read_feed(fetcher, feed_url, since, pattern)

        return Strategy(f"{label} {', '.join(urls)}" if urls else label, run, fallback)

    def _read_feed(self, fetcher: Fetcher, feed_url: str, since: datetime | None,
                   pattern: str) -> Iterator[ArticleRef]:
        last_page = self.settings.max_pages if (since is not None and pattern) else 1
        previous: set[str] = set()
        for number in range(1, max(last_page, 1) + 1):
            url = feed_url if number == 1 else _paged(pattern, feed_url, number)
            try:
                # The newest page is fetched conditionally on daily runs: an unchanged feed costs a 304.
                page = fetcher.get(url, conditional=number == 1 and since is None)
            except FetchError as exc:
                if number == 1:
                    self.note(f"feed {feed_url} failed ({exc.reason}{f' {exc.status}' if exc.status else ''})")
                    log.info("%s: feed %s: %s", self.settings.name, feed_url, exc)  # the run reports it
                return  # a page past the end is an error on WordPress (404)
            if page.not_modified:
                self.note(f"feed {feed_url} not modified")
                self.unchanged = True
                return
            feed = parse_feed(page.body, page.url, default_tz=self.settings.timezone or None)
            if not feed.items:
                if number == 1:
                    self.note(f"feed {feed_url} has no items")
                    log.warning("%s: feed %s returned no items", self.settings.name, feed_url)
                return
            urls = {item.url for item in feed.items}
            if urls <= previous:  # a site that ignores ?paged= returns page 1 again
                return
            previous |= urls
            for item in feed.items:
                yield self.ref_from_item(item)
            dated = [item.published for item in feed.items if item.published is not None]
            if since is None or not dated or min(dated) < since:
                return

    def ref_from_item(self, item: FeedItem) -> ArticleRef:
        """An ArticleRef for a feed item (subclasses may attach a ready Article)."""
        return ArticleRef(url=item.url, source=self.settings.name, published=item.published,
                          title=item.title, via="feed")

    def autodiscovered_feeds(self, fetcher: Fetcher) -> list[str]:
        """Feeds the home page advertises (`<link rel="alternate">`), else the WordPress default `/feed/`."""
        if not self.settings.base_url:
            return []
        try:
            home = fetcher.get(self.settings.base_url)
        except FetchError as exc:
            log.info("%s: home page for feed autodiscovery: %s", self.settings.name, exc)
            return []
        self.saw_home(home)
        return feed_links(home.body, home.url)

    def saw_home(self, page: FetchedPage) -> None:
        """Remember the home page's title: what the site calls itself around its article titles."""
        if page.body and not page.not_modified:
            self.titles.home(page.url, html_title(page.body))

    def autodiscovery_strategy(self, fetcher: Fetcher, since: datetime | None) -> Strategy:
        """Feeds found on the home page, tried only when the configured ones gave nothing."""

        def run() -> Iterator[ArticleRef]:
            found = [u for u in self.autodiscovered_feeds(fetcher) if u not in self.settings.feed_urls]
            if found:
                self.note(f"autodiscovered feeds {', '.join(found)}")
            for feed_url in found:
                yield from self._read_feed(fetcher, feed_url, since, self.settings.feed_pagination)

        return Strategy("feed autodiscovery", run, fallback=True)

    # ---- parsing ------------------------------------------------------------------------------------

    def parse(self, page: FetchedPage) -> Article | None:
        """Extract an article with the source's selectors, else metadata plus generic extraction."""
        selectors = self.settings.selectors
        article = extract_article(
            page,
            self.settings.name,
            body_selectors=split_selectors(selectors.get("body")),
            drop_selectors=split_selectors(selectors.get("drop")),
            title_selectors=split_selectors(selectors.get("title")),
            author_selectors=split_selectors(selectors.get("author")),
            date_selectors=split_selectors(selectors.get("date")),
            tag_selectors=split_selectors(selectors.get("tags")),
            cut_after=split_selectors(selectors.get("cut_after"), sep="\n"),
            drop_text=split_selectors(selectors.get("drop_text"), sep="\n"),
            default_tz=self.settings.timezone or None,
            drop_authors=self.settings.drop_authors,
            site_names=split_selectors(selectors.get("site_name")),
            language=self.settings.language or None,
            site_titles=self.titles,
        )
        if article is None:
            return None
        if self._pattern is not None and not self._pattern.search(page.url) and article.provenance.get("kind") == "listing":
            log.info("%s: %s is outside article_pattern and calls itself a listing: not an article",
                     self.settings.name, page.url)
            return None
        return self.finish(article, page)

    def finish(self, article: Article, page: FetchedPage) -> Article:
        """Canonicalise the URL (keeping the page's own when its canonical link points off-site)."""
        url = article.url
        if urlsplit(url).hostname and not self._own_host(url):
            url = page.url
        key = canonical_url(url, keep_scheme=True)  # the page's own scheme: an http-only mirror stays http
        return dataclasses.replace(article, url=key, fetched_url=page.url if page.url != key else None)

    def _own_host(self, url: str) -> bool:
        if self._hosts is None:
            self._hosts = frozenset(host_of(f"https://{h}/") for h in self.settings.hosts)
        return not self._hosts or host_of(url) in self._hosts


@functools.lru_cache(maxsize=1024)  # a source's settings are split again for every page it parses
def split_selectors(value: str | None, sep: str = ",") -> tuple[str, ...]:
    """A selectors entry may hold several alternatives ("h1.title, h1"): tried in order."""
    if not value:
        return ()
    if sep == ",":
        # Split on commas outside brackets and quotes: "a[href*='x,y'], b" is two selectors, not three.
        parts, current, depth, quote = [], [], 0, ""
        for char in value:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char in "[(":
                depth += 1
            elif char in "])":
                depth -= 1
            elif char == "," and depth <= 0:
                parts.append("".join(current))
                current = []
                continue
            current.append(char)
        parts.append("".join(current))
        return tuple(p.strip() for p in parts if p.strip())
    return tuple(p.strip() for p in value.split(sep) if p.strip())


def _paged(pattern: str, feed_url: str, number: int) -> str:
    if "{feed}" in pattern:
        url = pattern.replace("{feed}", feed_url).replace("{page}", str(number))
        head, mark, tail = url.partition("?")
    return head + mark + tail.replace("?", "&")
    return urljoin(feed_url, pattern.replace("{page}", str(number)))


def newest_first(refs: Iterable[ArticleRef]) -> list[ArticleRef]:
    """Refs sorted newest first (undated ones last, in their original order)."""
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(refs, key=lambda r: r.published or epoch, reverse=True)


@register
class FeedAdapter(ConfiguredAdapter):
    """RSS/Atom feeds (paged back with `feed_pagination` for backfills), then feeds the site advertises."""

    name = "feed"

    def plan(self) -> str:
        parts = [f"feeds {', '.join(self.settings.feed_urls)}"] if self.settings.feeds else []
        if self.settings.feeds and self.settings.feed_pagination:
            parts[0] += f" (paged {self.settings.feed_pagination})"
        if self.settings.base_url:
            parts.append(f"feeds advertised by {self.settings.base_url}")
            parts.append("sitemaps (" + (", ".join(self.settings.sitemaps) or "robots.txt") + ")")
        if self.settings.listings:
            parts.append(f"listings {', '.join(self.settings.listing_urls)} for backfills")
        return ", else ".join(parts) or "no discovery URLs configured"

    def strategies(self, fetcher: Fetcher, since: datetime | None) -> list[Strategy]:
        found = [self.feed_strategy(fetcher, self.settings.feed_urls, since)] if self.settings.feeds else []
        found.append(self.autodiscovery_strategy(fetcher, since))
        if self.settings.sitemaps or self.settings.base_url:
            from scrapers.sitemap import sitemap_strategy

            found.append(sitemap_strategy(self, fetcher, since, fallback=True))
        if self.settings.listings and since is not None:
            from scrapers.listing import listing_strategy

            found.append(listing_strategy(self, fetcher, since))
        return found
