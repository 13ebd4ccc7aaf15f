"""frontwatch's exceptions. Only the CLI turns them into messages and exit codes.

    FrontwatchError
    ├── ConfigError            bad config file, unknown key, wrong type (names the key and file)
    ├── UnknownSourceError     a source name not in the config/registry (lists the known ones)
    ├── UnknownNameError       a group or province in a query filter that no entity has (lists the known ones)
    ├── DatabaseError          database unreachable, unwritable, or locked by another run
    ├── FetchError             a URL could not be fetched (carries url and a short reason class)
    │   ├── PermanentFetchError   404/410, refused scheme, robots.txt disallow: don't retry
    │   ├── TemporaryFetchError   timeouts, resets, 5xx, 429: retry later with backoff
    │   │   └── DeadlineExceeded   the whole request took longer than http.max_time: next run only
    │   └── BlockedError          401/403: a source-health problem, never worked around
    └── ExtractionError        a page could not be turned into an article
"""

from __future__ import annotations


class FrontwatchError(Exception):
    """Base class for every error frontwatch raises on purpose."""


class ConfigError(FrontwatchError):
    """The configuration is malformed; the message names the key and the file."""


class UnknownSourceError(FrontwatchError):
    """A source name that the configuration does not define."""


class UnknownNameError(FrontwatchError):
    """A name in a research filter (group, province) that no stored entity has, by name or alias."""


class DatabaseError(FrontwatchError):
    """The database cannot be opened, written or locked."""


class FetchError(FrontwatchError):
    """A URL could not be fetched."""

    reason = "error"

    #: False when the URL was never sent to the server (its host paused, down or without robots.txt):
    #: such a failure costs the URL none of its attempts.
    requested = True

    def __init__(self, url: str, message: str, *, reason: str | None = None, status: int | None = None,
                 requested: bool = True):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.status = status
        self.requested = requested
        if reason is not None:
            self.reason = reason


class PermanentFetchError(FetchError):
    """Retrying will not help (404, 410, robots.txt disallow, refused scheme)."""

    reason = "permanent"


class TemporaryFetchError(FetchError):
    """May succeed later (timeouts, connection errors, 5xx, 429)."""

    reason = "temporary"


class DeadlineExceeded(TemporaryFetchError):
    """The request (connect, headers and body together) ran past `http.max_time`: not retried in this run."""

    reason = "timeout"


class BlockedError(FetchError):
    """The site refuses us (401/403): recorded as a source-health problem."""

    reason = "blocked"


class ExtractionError(FrontwatchError):
    """A fetched page could not be turned into an article."""
