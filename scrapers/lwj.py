"""FDD's Long War Journal (www.longwarjournal.org), a WordPress site.

Discovery: the configured RSS feeds for recent articles; with `since`, the paginated tag listings
(`/tags/<slug>/page/N`) walked back until a whole page is older than `since`.
Parsing: the generic extractor with LWJ's selectors and text rules (metadata first, selectors
second, trafilatura last); dates without a zone are US Eastern.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from lxml import etree

from pipeline.errors import BlockedError, FetchError, PermanentFetchError
from pipeline.records import Article, ArticleRef, FetchedPage
from scrapers.base import Fetcher, SourceAdapter
from scrapers.extract import extract_article, parse_date
from scrapers.feed import parse_feed
from scrapers.listing import page_url
from scrapers.registry import register
from scrapers.tree import parse_html, text_of
from scrapers.urls import canonical_url

log = logging.getLogger(__name__)

TIMEZONE = "America/New_York"
SITE_NAMES = ("FDD's Long War Journal", "FDD’s Long War Journal", "Long War Journal")

#: Article permalinks: /archives/YYYY/MM/<slug>.php
ARTICLE_PATH = re.compile(r"/archives/(?P<year>\d{4})/(?P<month>\d{2})/[^/?#]+\.php$")

MAIN_SELECTORS = ("main", "#primary", ".site-main", "#content")
TITLE_SELECTORS = ("h1.entry-title", "article h1", "h1")
BODY_SELECTORS = (".entry-content", "article .post-entry")
AUTHOR_SELECTORS = (".entry-meta a[rel~=author]", ".byline a", "a[rel~=author]", ".entry-meta .author")
DATE_SELECTORS = ("time.published", "time.entry-date", ".entry-meta time", "time")
TAG_SELECTORS = ("a[rel~=tag]", ".tags-links a", ".post-tags a", ".entry-tags a")
DROP_SELECTORS = (
    ".author-bio", ".author-box", ".about-author", ".author-info", ".saboxplugin-wrap",
    ".donation", ".donation-appeal", ".donate", ".lwj-donate",
    ".post-tags", ".entry-tags", ".tags-links", ".tag-links",
    ".sharedaddy", ".share", ".share-buttons", ".social-share", ".addtoany_share_save_container",
    ".jp-relatedposts", ".related-posts", ".yarpp-related",
    "#comments", ".comments-area", "#respond", ".comment-respond", ".entry-footer", ".post-navigation",
)
#: Text rules for when the markup around the article is not what we expect: the donation appeal
#: and the "Tags:" line end the article; an author bio paragraph is dropped wherever it is.
CUT_AFTER = (
    re.compile(r"^\s*Are you a dedicated reader of FDD", re.IGNORECASE),
    re.compile(r"^\s*Tags:\s", re.IGNORECASE),
)
DROP_TEXT = (
    re.compile(
        r"^(?=.{0,500}$)[A-Z][\w.'’ -]{2,60} (?:is|was|serves as) (?:a|an|the) .{0,300}"
        r"(?:Foundation for Defense of Democracies|FDD|Long War Journal)",
        re.DOTALL,
    ),
)

_TAGS_LINE = re.compile(r"^\s*Tags:\s*")
_TAG_BLOCKS = frozenset({"p", "div", "span", "footer", "li"})
_STRINGS = etree.XPath(".//text()", smart_strings=True)
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, in any script
_MONTH_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
)


@dataclass
class _ListingEntry:
    url: str
    title: str | None
    published: datetime | None  # from the listing's date, UTC
    newest_possible: datetime  # latest moment the article can be from (for the `since` cut-off)


@register
class LongWarJournal(SourceAdapter):
    """FDD's Long War Journal: RSS feeds, tag listings for backfills, WordPress article pages."""

    name = "longwarjournal"

    # -- discovery ---------------------------------------------------------------------------------

    def discover(
        self, fetcher: Fetcher, *, since: datetime | None = None, limit: int | None = None
    ) -> Iterator[ArticleRef]:
        """Recent articles from the feeds; with `since` (UTC), the tag listings back to that date."""
        refs = self._from_feeds(fetcher) if since is None else self._from_listings(fetcher, since)
        seen: set[str] = set()
        for ref in refs:
            if limit is not None and len(seen) >= limit:
                return
            key = canonical_url(ref.url)
            if key in seen:
                continue
            seen.add(key)
            yield ref

    def _from_feeds(self, fetcher: Fetcher) -> Iterator[ArticleRef]:
        """All items of all configured feeds, newest first (feeds are small, so they are read whole)."""
        refs: list[ArticleRef] = []
        errors: list[FetchError] = []
        for feed_url in self.settings.feed_urls:
            try:
                page = fetcher.get(feed_url, conditional=True)
            except BlockedError:
                raise
            except FetchError as exc:
                log.info("%s: feed %s failed: %s", self.name, feed_url, exc)  # the run reports it
                errors.append(exc)
                continue
            if page.not_modified:
                log.info("%s: feed %s not modified", self.name, feed_url)
                continue
            refs.extend(self._feed_items(page))
        if errors and len(errors) == len(self.settings.feed_urls):
            raise errors[-1]
        newest_first = sorted(refs, key=lambda r: r.published or datetime.min.replace(tzinfo=UTC),
                              reverse=True)
        yield from newest_first

    def _feed_items(self, page: FetchedPage) -> list[ArticleRef]:
        """ArticleRefs from one RSS/Atom document, parsed leniently by the feed kind's parser."""
        feed = parse_feed(page.body, page.url, default_tz=TIMEZONE)
        if feed.problem and not feed.items:
            log.warning("%s: feed %s unreadable: %s", self.name, page.url, feed.problem)
        refs = [ArticleRef(url=item.url, source=self.name, published=item.published, title=item.title, via="feed")
                for item in feed.items if urlsplit(item.url).scheme in ("http", "https")]
        log.debug("%s: %d items in %s", self.name, len(refs), page.url)
        return refs

    def _from_listings(self, fetcher: Fetcher, since: datetime) -> Iterator[ArticleRef]:
        """Walk each listing page by page; stop at a page older than `since`, a 404, or a page with nothing new."""
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        seen: set[str] = set()
        for listing in self.settings.listing_urls:
            for number in range(1, self.settings.max_pages + 1):
                url = listing if number == 1 else self.listing_page_url(listing, number)
                try:
                    page = fetcher.get(url)
                except PermanentFetchError as exc:
                    if exc.reason not in ("not_found", "gone"):
                        log.warning("%s: listing page %s failed: %s", self.name, url, exc)
                    break  # past the last page
                except BlockedError:
                    raise
                except FetchError as exc:
                    log.warning("%s: listing page %s failed, backfill of %s stops here: %s",
                                self.name, url, listing, exc)
                    break
                entries = [e for e in listing_entries(page.text, page.url) if canonical_url(e.url) not in seen]
                if not entries:
                    log.info("%s: nothing new on %s, stopping", self.name, url)
                    break
                for entry in entries:
                    seen.add(canonical_url(entry.url))
                    if entry.newest_possible >= since:
                        yield ArticleRef(url=entry.url, source=self.name, published=entry.published,
                                         title=entry.title, via="listing")
                if all(e.newest_possible < since for e in entries):
                    log.info("%s: %s is older than %s, stopping", self.name, url, since.isoformat())
                    break

    def listing_page_url(self, listing: str, number: int) -> str:
        """The URL of page `number` of a listing, from the `pagination` setting."""
        return page_url(self.settings.pagination, listing, number)

    # -- parsing -------------------------------------------------------------------------------------

    def parse(self, page: FetchedPage) -> Article | None:
        """An LWJ article page to an `Article` (None when it is not one). Never raises."""
        configured = dict(self.settings.selectors)

        def with_configured(key: str, defaults: tuple[str, ...]) -> tuple[str, ...]:
            return (configured[key], *defaults) if configured.get(key) else defaults

        article = extract_article(
            page,
            self.name,
            body_selectors=with_configured("body", BODY_SELECTORS),
            drop_selectors=with_configured("drop", DROP_SELECTORS),
            title_selectors=with_configured("title", TITLE_SELECTORS),
            author_selectors=with_configured("author", AUTHOR_SELECTORS),
            date_selectors=with_configured("date", DATE_SELECTORS),
            tag_selectors=TAG_SELECTORS,
            drop_text=DROP_TEXT,
            cut_after=CUT_AFTER,
            default_tz=TIMEZONE,
            site_names=SITE_NAMES,
            language=self.settings.language or "en",
        )
        if article is not None and not _WORD.search(article.text):
            log.info("%s: %s has no words in its text; not an article", self.name, page.url)
            return None  # markup debris from a broken page (">>< <<>"), not prose
        if article is not None and not article.tags:
            tags = tags_from_text(page.text)
            if tags:
                article = dataclasses.replace(article, tags=tags)
        return article


def tags_from_text(html: str) -> tuple[str, ...]:
    """Tags from a plain-text "Tags: A, B, C" line, for pages whose tag links carry no usable markup."""
    try:
        for node in _STRINGS(parse_html(html)):
            if not _TAGS_LINE.match(node):
                continue
            parent = node.getparent().getparent() if node.is_tail else node.getparent()
            if parent is None:
                continue
            block = next((e for e in (parent, *parent.iterancestors()) if e.tag in _TAG_BLOCKS), parent)
            text = _TAGS_LINE.sub("", " ".join(text_of(block).split()), count=1)
            tags = tuple(dict.fromkeys(t.strip() for t in re.split(r"\s*[,;|]\s*", text) if t.strip()))
            if tags:
                return tags
    except Exception:
        log.exception("tags line could not be read")
    return ()


def listing_entries(html: str, page_url: str) -> list[_ListingEntry]:
    """The article links on a listing page, in page order, each with its title and date if shown.

    The date comes from the entry's `<time>` or a "Month D, YYYY" text; failing both, from the
    permalink's YYYY/MM (then only the end of that month is known, for the `since` cut-off).
    """
    soup = BeautifulSoup(html, "lxml")
    # The main column only, not the sidebar's "recent posts".
    main = next((m for m in map(soup.select_one, MAIN_SELECTORS) if m is not None), soup)
    entries: dict[str, _ListingEntry] = {}
    for anchor in main.find_all("a", href=True):
        url = urljoin(page_url, anchor["href"].strip()).split("#")[0]
        match = ARTICLE_PATH.search(urlsplit(url).path)
        if match is None:
            continue
        text = " ".join(anchor.get_text(" ").split()) or None
        if url in entries:
            if entries[url].title is None and text:
                entries[url].title = text
            continue
        container = _entry_container(anchor, url, page_url)
        published = _entry_date(container)
        month_end = _month_end(int(match["year"]), int(match["month"]))
        entries[url] = _ListingEntry(url=url, title=text, published=published,
                                     newest_possible=published or month_end)
    return list(entries.values())


def _entry_container(anchor: Tag, url: str, page_url: str) -> Tag:
    """The largest ancestor of `anchor` that holds links to this article only (its listing entry)."""
    node = anchor
    while isinstance(node.parent, Tag) and node.name not in ("article", "li"):
        parent = node.parent
        others = {
            urljoin(page_url, a["href"]).split("#")[0]
            for a in parent.find_all("a", href=True)
            if ARTICLE_PATH.search(urlsplit(urljoin(page_url, a["href"])).path)
        }
        if others - {url}:
            break
        node = parent
    return node


def _entry_date(container: Tag) -> datetime | None:
    for time_tag in container.find_all("time"):
        parsed = parse_date(time_tag.get("datetime") or time_tag.get_text(" "), TIMEZONE)
        if parsed is not None:
            return parsed
    match = _MONTH_DATE.search(container.get_text(" "))
    return parse_date(match.group(0), TIMEZONE) if match else None


def _month_end(year: int, month: int) -> datetime:
    """The last moment of a month, in UTC (generously: Eastern time is behind UTC)."""
    first_of_next = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    return first_of_next + timedelta(hours=5) - timedelta(microseconds=1)
