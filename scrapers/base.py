"""The source-adapter interface every scraper implements.

An adapter finds article links (`discover`) and turns a fetched page into an `Article` (`parse`).
It never opens a connection or a database session itself: the pipeline hands it a fetcher.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import ClassVar, Iterator, Protocol

from pipeline.records import Article, ArticleRef, FetchedPage
from pipeline.settings import SourceSettings


class Fetcher(Protocol):
    """What an adapter may ask of the pipeline's HTTP client."""

    def get(self, url: str, *, conditional: bool = False) -> FetchedPage:
        """Fetch one URL politely; raise `pipeline.errors.FetchError` on failure."""
        ...


class SourceAdapter(ABC):
    """A news source: discovery of article links plus a pure page parser."""

    #: Registry key, used as `adapter = "<name>"` in a `[sources.*]` table.
    name: ClassVar[str] = ""

    def __init__(self, settings: SourceSettings):
        self.settings = settings

    @abstractmethod
    def discover(
        self, fetcher: Fetcher, *, since: datetime | None = None, limit: int | None = None
    ) -> Iterator[ArticleRef]:
        """Yield references to articles, newest first where the source allows.

        Without `since`: the recent articles (feeds). With `since` (UTC): walk listings/archives
        back until articles are older than `since`.
        """

    @abstractmethod
    def parse(self, page: FetchedPage) -> Article | None:
        """Turn a fetched article page into an `Article`, or `None` if it is not one. Never raises."""

    def describe(self) -> str:
        """One line on what this adapter uses (feeds, API, listings), for `frontwatch sources`."""
        parts = []
        if self.settings.feeds:
            parts.append(f"feeds: {', '.join(self.settings.feed_urls)}")
        if self.settings.listings:
            parts.append(f"listings: {', '.join(self.settings.listing_urls)}")
        return "; ".join(parts) or "no discovery URLs configured"
