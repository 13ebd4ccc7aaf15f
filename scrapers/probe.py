"""Library behind `frontwatch sources add|test` and `frontwatch extract`: probe a site, write its config
table, try a source without storing anything, and extract one saved page.

    probe_site(fetcher, url)                    -> Probe        which kind fits a site, and why
    add_source(config_path, name, table)                        writes [sources.NAME], keeping comments
    try_source(settings, source, fetcher, limit) -> Iterator[Trial]   what a run would store
    extract_document(body, url, source=None)    -> dict         the `frontwatch extract` JSON record
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.errors import ConfigError, FetchError
from pipeline.records import Article, FetchedPage
from pipeline.settings import Settings, SourceSettings, load_settings, settings_from_dict
from scrapers.base import Fetcher, SourceAdapter
from scrapers.feed import WORDPRESS_FEED_PAGES, feed_links, looks_like_feed, parse_feed
from scrapers.sitemap import find_sitemaps
from scrapers.wordpress import api_root_from, rest_url

log = logging.getLogger(__name__)

#: Feed paths tried when a site advertises none.
USUAL_FEEDS = ("/feed/", "/rss.xml", "/rss", "/feed.xml", "/atom.xml", "/index.xml")
_WORDPRESS_MARKS = re.compile(rb"wp-content/|wp-includes/|<meta[^>]+generator[^>]+WordPress", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass
class Probe:
    """What probing a site found and the source table it suggests."""

    url: str
    kind: str = "listing"
    table: dict[str, Any] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    api_root: str | None = None
    feeds: dict[str, int] = field(default_factory=dict)  # feed URL -> items
    sitemaps: list[str] = field(default_factory=list)
    wordpress: bool = False


def _site_root(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def probe_site(fetcher: Fetcher, url: str) -> Probe:
    """Look at a site the way the adapters would and choose the best source kind for it.

    Preference: the WordPress REST API (content without page fetches), then feeds that have items,
    then sitemaps, then the page itself as a listing (links found generically).
    """
    url = url if "://" in url else f"https://{url}"
    probe = Probe(url=url)
    try:
        home = fetcher.get(url)
    except FetchError as exc:
        raise ConfigError(f"cannot probe {url}: {exc}") from None
    base = _site_root(home.url)
    path = urlsplit(home.url).path.rstrip("/")
    probe.wordpress = bool(_WORDPRESS_MARKS.search(home.body[:500_000]))

    # 1. WordPress REST API, announced or at the conventional path on a site that looks like WordPress.
    announced = api_root_from(home.body, home.headers, home.url)
    if announced:
        probe.wordpress = True
    candidates = [announced] if announced else ([urljoin(base, "/wp-json/")] if probe.wordpress else [])
    api_refusal = None
    for root in candidates:
        try:
            answer = fetcher.get(rest_url(root, "wp/v2/posts", {"per_page": 1, "_fields": "id,link"}))
            if isinstance(json.loads(answer.body or b"null"), list):
                probe.api_root = root
        except FetchError as exc:
            api_refusal = f"{exc.reason}{f' {exc.status}' if exc.status else ''}"
        except ValueError:
            api_refusal = "not JSON"

    # 2. Feeds: advertised ones, else the usual paths; only those with items count.
    advertised = feed_links(home.body, home.url)
    for feed_url in advertised or [urljoin(base, p) for p in USUAL_FEEDS]:
        try:
            page = fetcher.get(feed_url)
        except FetchError:
            continue
        if not looks_like_feed(page.body):
            continue
        items = len(parse_feed(page.body, page.url).items)
        probe.feeds[feed_url] = items
        if not advertised and items:
            break

    # 3. Sitemaps from robots.txt or the usual paths.
    probe.sitemaps, sitemaps_how = find_sitemaps(fetcher, base)

    table: dict[str, Any] = {"adapter": "", "enabled": True, "base_url": base}
    working_feeds = [u for u, n in probe.feeds.items() if n]
    relative = [_relative(u, base) for u in working_feeds]
    if probe.api_root:
        probe.kind = "wordpress"
        probe.reasons.append(f"WordPress REST API answers at {probe.api_root}"
                             f" ({'announced by the site' if announced else 'conventional path'}): "
                             "discovery and content without fetching each page")
        if relative:
            table["feeds"] = relative
            probe.reasons.append(f"feeds kept as the fallback: {', '.join(working_feeds)}")
        if announced and announced.rstrip("/") != urljoin(base, "/wp-json").rstrip("/"):
            table["api_url"] = _relative(announced, base)
    elif working_feeds:
        probe.kind = "feed"
        table["feeds"] = relative
        probe.reasons.append(f"feeds with items: {', '.join(f'{u} ({probe.feeds[u]})' for u in working_feeds)}")
        if probe.wordpress:
            table["feed_pagination"] = WORDPRESS_FEED_PAGES
            why = f"refused ({api_refusal})" if api_refusal else "not found"
            probe.reasons.append(f"WordPress site but its REST API is {why}: feeds paged with ?paged=N")
    elif probe.sitemaps:
        probe.kind = "sitemap"
        table["sitemaps"] = [_relative(u, base) for u in probe.sitemaps]
        probe.reasons.append(f"no working feed; sitemaps from {sitemaps_how}: {', '.join(probe.sitemaps)}")
    else:
        probe.kind = "listing"
        table["listings"] = [path or "/"]
        probe.reasons.append("no REST API, feed or sitemap found: the page itself is read as a listing; "
                             "set link_selector and pagination by hand")
    if probe.kind != "sitemap" and probe.sitemaps:
        probe.reasons.append(f"sitemaps ({sitemaps_how}) are used as a fallback: {', '.join(probe.sitemaps)}")
    empty = [u for u, n in probe.feeds.items() if not n]
    if empty:
        probe.reasons.append(f"feeds without items ignored: {', '.join(empty)}")
    if path and probe.kind != "listing":
        probe.reasons.append(f"the site section {path} is not a filter: set article_pattern to keep only it")
    table["adapter"] = probe.kind
    probe.table = table
    return probe


def _relative(url: str, base: str) -> str:
    return url[len(base):] or "/" if url.startswith(base) else url


def source_name_for(url: str) -> str:
    """A config-table name from a site's host ("www.khaama.com" -> "khaama")."""
    host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "site").removeprefix("www.")
    labels = host.split(".")
    name = labels[-2] if len(labels) >= 2 else labels[0]
    name = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    return name if _NAME.match(name) else f"site_{name}"


def add_source(config_path: Path, name: str, table: dict[str, Any], *, replace: bool = False) -> None:
    """Write `[sources.NAME]` into a config file, keeping its comments and layout; validated before saving."""
    import tomlkit

    if not _NAME.match(name):
        raise ConfigError(f"source name {name!r} must start with a letter and hold only letters, digits, _ and -")
    original = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    try:
        doc = tomlkit.parse(original)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ConfigError(f"{config_path}: not valid TOML: {exc}") from None
    sources = doc.get("sources")
    if sources is None:
        sources = tomlkit.table(is_super_table=True)
        doc["sources"] = sources
    if name in sources and not replace:
        raise ConfigError(f"{config_path}: sources.{name} already exists (choose another name or --replace)")
    new = tomlkit.table()
    for key, value in table.items():
        new[key] = value
    if name in sources:
        sources[name] = new
    else:
        sources.append(name, new)
    text = tomlkit.dumps(doc)
    import tomllib

    try:
        settings_from_dict(tomllib.loads(text), where=str(config_path))
    except (ValueError, TypeError) as exc:  # tomllib's decode error is a ValueError
        raise ConfigError(f"{config_path}: the new table would not load: {exc}") from None
    config_path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Trial:
    """What `sources test` found for one discovered article (nothing is stored)."""

    url: str
    via: str
    article: Article | None
    entities: tuple[str, ...] = ()
    error: str | None = None


def source_for(settings: Settings, name_or_url: str, fetcher: Fetcher) -> tuple[SourceSettings, Probe | None]:
    """A configured source by name, or a temporary one probed from a URL."""
    if name_or_url in settings.sources:
        return settings.sources[name_or_url], None
    if "://" not in name_or_url and "." not in name_or_url:
        settings.source(name_or_url)  # raises UnknownSourceError listing the known names
    probe = probe_site(fetcher, name_or_url)
    name = source_name_for(name_or_url)
    built = settings_from_dict({"sources": {name: probe.table}}, where=f"probe of {name_or_url}")
    return built.sources[name], probe


def build_tagger_or_none(settings: Settings) -> Any:
    """The NLP tagger when the NLP package and its data load; None (no entities) otherwise."""
    try:
        from nlp.tagger import build_tagger

        return build_tagger(settings.nlp)
    except Exception as exc:  # noqa: BLE001 - optional stage: `sources test` still shows the articles
        log.warning("entity tagging unavailable: %s", exc)
        return None


def try_source(settings: Settings, source: SourceSettings, fetcher: Fetcher, *, limit: int = 3,
               tagger: Any = None, adapter: SourceAdapter | None = None) -> Iterator[Trial]:
    """Discover a few articles and extract (and tag) them as a run would, without storing anything.

    Pass `adapter` to read its `describe()` afterwards: what discovery actually used.
    """
    from scrapers.registry import adapter_for
    from scrapers.urls import canonical_url

    adapter = adapter or adapter_for(source)
    for ref in adapter.discover(fetcher, limit=limit):
        article, error = ref.article, None
        if article is None:
            try:
                article = adapter.parse(fetcher.get(ref.url))
                error = None if article is not None else "no article text could be extracted"
            except FetchError as exc:
                error = str(exc)
        entities: tuple[str, ...] = ()
        if article is not None:
            article = dataclasses.replace(article, url=canonical_url(article.url or ref.url),
                                          published=article.published or ref.published)
            english = (article.language or "en").lower().startswith("en")
            if tagger is not None and english:
                try:
                    mentions = tagger.tag(article.text)
                    entities = tuple(dict.fromkeys(f"{m.kind}:{m.name}" for m in mentions))
                except Exception as exc:  # noqa: BLE001 - a tagger bug must not hide the article
                    log.warning("tagging %s failed: %s", ref.url, exc)
        yield Trial(ref.url, ref.via, article, entities, error)


def article_record(article: Article | None) -> dict[str, Any]:
    """The `frontwatch extract` JSON fields for an article (nulls when there is none)."""
    if article is None:
        return {"title": None, "authors": [], "published": None, "language": None, "text": None, "method": None}
    return {
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "method": article.method,
    }


def explain(article: Article | None) -> dict[str, Any]:
    """Which source each field came from, every date the page offered, and the quality gate's verdict."""
    if article is None:
        return {"sources": {}, "date_candidates": [], "rejected": None}
    from scrapers.cleaning import text_problem

    return {"sources": dict(article.provenance),
            "date_candidates": [c.as_dict() for c in article.date_candidates if hasattr(c, "as_dict")],
            "rejected": text_problem(article.text, article.language)}


def extract_document(body: bytes, url: str, source: SourceSettings | None = None, *,
                     with_explanation: bool = False) -> dict[str, Any]:
    """Extract one saved page: with a configured source's selectors when given, else generically."""
    page = FetchedPage(url=url, requested_url=url, status=200, body=body)
    if source is not None:
        from scrapers.registry import adapter_for

        article = adapter_for(source).parse(page)
    else:
        from scrapers.extract import extract_article

        article = extract_article(page, "extract")
    record = article_record(article)
    return {**record, "explain": explain(article)} if with_explanation else record


def load_config_for_edit(path: Path | None) -> Path:
    """The config file `sources add` writes to (the --config one, else ./config.toml)."""
    target = path or Path("config.toml")
    if target.exists():
        load_settings(target)  # refuse to edit a file that does not load now
    return target
