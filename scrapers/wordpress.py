"""The `wordpress` source kind: the REST API for discovery and content, feeds and pages when it is refused.

The API root comes from the config (`api_url`), else from the site's own announcement (the `Link:
<...>; rel="https://api.w.org/"` header or `<link rel="https://api.w.org/">` on the home page), else the
conventional `/wp-json/`. Posts are read newest first, 100 a page, with `after=` for backfills and tag /
category ids resolved from the configured slugs; `X-WP-TotalPages` (or the HTTP 400 past the end) stops
paging. Each post becomes a ready `Article` (method "api") on `ArticleRef.article`, so the pipeline does
not fetch the page again.

When the API is absent, disabled (`api = false`), refuses (401/403/404) or answers with something that is
not a list of posts (a security plugin's HTML page), discovery falls back to the feeds (`/feed/` unless
configured, paged with `?paged=N`), then to feed autodiscovery and sitemaps; those refs carry no article
and their pages are parsed by the generic extractor.
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from pipeline.errors import FetchError, PermanentFetchError
from pipeline.records import Article, ArticleRef
from pipeline.settings import SourceSettings
from scrapers.base import Fetcher
from scrapers.extract import parse_date, select_text, split_authors
from scrapers.feed import WORDPRESS_FEED_PAGES, ConfiguredAdapter, Strategy, split_selectors
from scrapers.language import reconcile_language
from scrapers.registry import register
from scrapers.urls import canonical_url

log = logging.getLogger(__name__)

API_REL = "https://api.w.org/"
PER_PAGE = 100
_LINK_HEADER = re.compile(r'<([^>]+)>\s*;\s*rel="?([^";]+)"?', re.IGNORECASE)
# Posts shorter than this are teasers or embeds: the page is fetched instead.
MIN_API_TEXT = 200


class ApiUnavailable(PermanentFetchError):
    """The REST API answered, but not with WordPress posts (an HTML page, a login wall, bad JSON)."""

    reason = "not_api"


def api_root_from(body: bytes | str, headers: Mapping[str, str], url: str) -> str | None:
    """The REST API root a WordPress page announces (Link header first, then the `<link>` tag)."""
    for name, value in headers.items():
        if name.lower() == "link":
            for target, rel in _LINK_HEADER.findall(value):
                if rel.strip() == API_REL:
                    return urljoin(url, target.strip())
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    for tag in re.findall(r"<link\b[^>]*>", text[:200_000], re.IGNORECASE):
        if re.search(r"""rel\s*=\s*["']?https://api\.w\.org/["'\s>]""", tag, re.IGNORECASE):
            href = re.search(r"""href\s*=\s*["']([^"']+)["']""", tag, re.IGNORECASE)
            if href:
                return urljoin(url, html_lib.unescape(href.group(1).strip()))
    return None


def rest_url(root: str, route: str, params: Mapping[str, Any] | None = None) -> str:
    """The URL of a REST route under an API root (`/wp-json/` or the `?rest_route=/` form)."""
    parts = urlsplit(root)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    extra = {k: str(v) for k, v in (params or {}).items() if v not in (None, "")}
    if "rest_route" in query:
        query["rest_route"] = "/" + route.strip("/")
        return urlunsplit(parts._replace(query=urlencode({**query, **extra}, safe="/,:")))
    path = parts.path.rstrip("/") + "/" + route.strip("/")
    return urlunsplit(parts._replace(path=path, query=urlencode({**query, **extra}, safe="/,:")))


def _json(page_body: bytes, url: str) -> Any:
    try:
        return json.loads(page_body.decode("utf-8-sig", "replace"))
    except ValueError:
        raise ApiUnavailable(url, "the REST API did not answer with JSON") from None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    name = name.lower()
    return next((v for k, v in headers.items() if k.lower() == name), None)


def _plain(fragment: str | None) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).split())


def _rendered(post: Mapping[str, Any], key: str) -> str:
    value = post.get(key)
    if isinstance(value, Mapping):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def post_to_article(post: Mapping[str, Any], settings: SourceSettings) -> Article | None:
    """A REST API post as an `Article` (method "api"), or None when it lacks a link, title or real text."""
    link = post.get("link")
    title = _plain(_rendered(post, "title"))
    if not isinstance(link, str) or not link or not title:
        return None
    content = _rendered(post, "content")
    if (post.get("content") or {}).get("protected"):
        return None
    drops = split_selectors(settings.selectors.get("drop"))
    text = select_text(f"<div id='wp-api-content'>{content}</div>", "#wp-api-content", drops) or ""
    if len(text) < MIN_API_TEXT:
        return None
    published = parse_date(post.get("date_gmt"), "UTC") if post.get("date_gmt") else None
    if published is None:
        published = parse_date(post.get("date"), settings.timezone or None)
    embedded = post.get("_embedded") or {}
    authors: list[str] = []
    for author in embedded.get("author") or ():
        if isinstance(author, Mapping) and isinstance(author.get("name"), str):
            authors.extend(split_authors(html_lib.unescape(author["name"]), settings.drop_authors))
    terms = [term.get("name") for group in embedded.get("wp:term") or () if isinstance(group, list)
             for term in group if isinstance(term, Mapping)]
    tags = tuple(dict.fromkeys(_plain(t) for t in terms if isinstance(t, str) and t.strip()))
    language = post.get("lang") if isinstance(post.get("lang"), str) else None
    declared = language or settings.language or None
    language = reconcile_language(declared, text)
    url = canonical_url(link)
    summary = _plain(_rendered(post, "excerpt")) or None
    return Article(
        source=settings.name,
        url=url,
        title=title,
        text=text,
        published=published,
        authors=tuple(dict.fromkeys(authors)),
        tags=tags,
        language=language,
        method="api",
        fetched_url=link if link != url else None,
        raw_html=_as_html(link, title, content, published, authors, language),
        summary=summary,
    )


def _as_html(link: str, title: str, content: str, published: datetime | None, authors: list[str],
             language: str | None) -> bytes:
    """A self-describing HTML page for the raw store, so re-extraction works without the API."""
    esc = html_lib.escape
    head = [f'<meta charset="utf-8"><title>{esc(title)}</title>', f'<link rel="canonical" href="{esc(link)}">',
            f'<meta property="og:title" content="{esc(title)}">']
    if published is not None:
        head.append(f'<meta property="article:published_time" content="{published.isoformat()}">')
    head += [f'<meta name="author" content="{esc(a)}">' for a in authors]
    lang = f' lang="{esc(language)}"' if language else ""
    return (f"<!DOCTYPE html><html{lang}><head>{''.join(head)}</head><body><article><h1>{esc(title)}</h1>"
            f'<div class="entry-content">{content}</div></article></body></html>').encode()


@register
class WordPressAdapter(ConfiguredAdapter):
    """WordPress: the REST API (discovery and content), falling back to feeds and article pages."""

    name = "wordpress"

    def __init__(self, settings: SourceSettings):
        super().__init__(settings)
        self.api_root: str | None = None
        self.api_found_by: str = ""

    def plan(self) -> str:
        if not self.settings.api:
            api = "REST API disabled"
        elif self.settings.api_url:
            api = f"REST API {self.settings.url(self.settings.api_url)}"
        else:
            api = "REST API (discovered)"
        filters = [f"tags {','.join(self.settings.tags)}"] if self.settings.tags else []
        filters += [f"categories {','.join(self.settings.categories)}"] if self.settings.categories else []
        feeds = ", ".join(self.settings.feed_urls) or self.settings.url("/feed/")
        return (f"{api}{' (' + '; '.join(filters) + ')' if filters else ''}, else feeds {feeds}"
                f", else sitemaps ({', '.join(self.settings.sitemaps) or 'robots.txt'})")

    def strategies(self, fetcher: Fetcher, since: datetime | None) -> list[Strategy]:
        found = []
        if self.settings.api:
            found.append(Strategy("REST API", lambda: self._from_api(fetcher, since)))
        else:
            self.note("REST API disabled in config")
        feeds = self.settings.feed_urls or ((self.settings.url("/feed/"),) if self.settings.base_url else ())
        pages = self.settings.feed_pagination or WORDPRESS_FEED_PAGES
        found.append(self.feed_strategy(fetcher, feeds, since, fallback=True, pages=pages))
        found.append(self.autodiscovery_strategy(fetcher, since))
        from scrapers.sitemap import sitemap_strategy

        found.append(sitemap_strategy(self, fetcher, since, fallback=True))
        if self.settings.listings and since is not None:
            from scrapers.listing import listing_strategy

            found.append(listing_strategy(self, fetcher, since, fallback=True))
        return found

    # ---- the REST API -------------------------------------------------------------------------------

    def find_api_root(self, fetcher: Fetcher) -> str:
        """The API root: configured, announced by the home page, or the conventional `/wp-json/`."""
        if self.api_root is not None:
            return self.api_root
        if self.settings.api_url:
            self.api_root, self.api_found_by = self.settings.url(self.settings.api_url), "config"
            return self.api_root
        try:
            home = fetcher.get(self.settings.base_url)
            self.saw_home(home)
            announced = api_root_from(home.body, home.headers, home.url)
        except FetchError as exc:
            log.info("%s: home page for API discovery: %s", self.settings.name, exc)
            announced = None
        if announced:
            self.api_root, self.api_found_by = announced, "announced by the site"
        else:
            self.api_root, self.api_found_by = self.settings.url("/wp-json/"), "conventional path"
        return self.api_root

    def _term_ids(self, fetcher: Fetcher, root: str, taxonomy: str, slugs: tuple[str, ...]) -> str:
        if not slugs:
            return ""
        url = rest_url(root, f"wp/v2/{taxonomy}", {"slug": ",".join(slugs), "per_page": PER_PAGE,
                                                  "_fields": "id,slug"})
        terms = _json(fetcher.get(url).body, url)
        ids = [str(t["id"]) for t in terms if isinstance(t, Mapping) and "id" in t] if isinstance(terms, list) else []
        missing = set(slugs) - {t.get("slug") for t in terms if isinstance(t, Mapping)} if isinstance(terms, list) else set(slugs)
        if missing:
            self.note(f"unknown {taxonomy} {', '.join(sorted(missing))}")
        if not ids:
            # Filtering by nothing would mean every post; a wrong slug must not widen the source.
            raise ApiUnavailable(url, f"none of the {taxonomy} {', '.join(slugs)} exist")
        return ",".join(ids)

    def _from_api(self, fetcher: Fetcher, since: datetime | None) -> Iterator[ArticleRef]:
        root = self.find_api_root(fetcher)
        self.note(f"REST API {root} ({self.api_found_by})")
        params: dict[str, Any] = {
            "per_page": PER_PAGE,
            "orderby": "date",
            "order": "desc",
            "_embed": "author,wp:term",
            "tags": self._term_ids(fetcher, root, "tags", self.settings.tags),
            "categories": self._term_ids(fetcher, root, "categories", self.settings.categories),
        }
        if since is not None:
            params["after"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        last_page = max(self.settings.max_pages, 1) if since is not None else 1
        page_no = 1
        seen: set[object] = set()
        while page_no <= last_page:
            url = rest_url(root, "wp/v2/posts", {**params, "page": page_no})
            try:
                # The newest page is fetched conditionally on daily runs: nothing new costs a 304.
                page = fetcher.get(url, conditional=page_no == 1 and since is None)
            except PermanentFetchError as exc:
                if page_no > 1 and exc.status == 400:  # past the last page
                    return
                raise
            if page.not_modified:
                self.unchanged = True
                self.note("REST API unchanged since the last run (304)")
                return
            posts = _json(page.body, url)
            if not isinstance(posts, list) or any(not isinstance(p, Mapping) for p in posts):
                raise ApiUnavailable(url, "the REST API did not answer with a list of posts")
            links = {p.get("link") for p in posts}
            if links <= seen:  # a cache or proxy ignoring `page=` repeats itself: stop, don't loop
                return
            seen |= links
            for post in posts:
                ref = self._ref(post)
                if ref is not None:
                    yield ref
            total_pages = _header(page.headers, "x-wp-totalpages")
            if not posts or (total_pages and total_pages.isdigit() and page_no >= int(total_pages)):
                return
            page_no += 1

    def _ref(self, post: Mapping[str, Any]) -> ArticleRef | None:
        link = post.get("link")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            return None
        article = post_to_article(post, self.settings)
        published = article.published if article else parse_date(post.get("date_gmt"), "UTC")
        title = article.title if article else _plain(_rendered(post, "title")) or None
        return ArticleRef(url=link, source=self.settings.name, published=published, title=title, via="api",
                          article=article)
