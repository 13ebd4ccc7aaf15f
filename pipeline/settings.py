"""Typed, validated settings: defaults in code, `config.toml` overrides, environment overrides the file.

`load_settings(path)` is the only way in. Every table of the file maps onto a frozen dataclass; an
unknown key or a value of the wrong type raises `ConfigError` naming the dotted key and the file.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urljoin, urlsplit

from pipeline.errors import ConfigError

DATABASE_ENV = "FRONTWATCH_DATABASE_URL"
BROKER_ENV = "FRONTWATCH_BROKER_URL"
STATE_ENV = "FRONTWATCH_STATE_URL"
DEFAULT_CONFIG = "config.toml"


@dataclass(frozen=True)
class DatabaseSettings:
    """Where the store lives."""

    url: str = "sqlite:///frontwatch.db"
    # What a second run does while another holds the write lock: "wait" or "exit".
    on_locked: str = "exit"
    lock_timeout: float = 600.0


@dataclass(frozen=True)
class HttpSettings:
    """How the one shared HTTP client behaves."""

    user_agent: str = "frontwatch/0.1 (+https://github.com/frontwatch/frontwatch; research use)"
    contact: str = ""
    timeout: float = 20.0  # seconds, connect and read
    per_host_delay: float = 3.0  # minimum seconds between two requests to the same host
    max_retries: int = 3
    backoff: float = 2.0  # base of the capped exponential backoff, seconds
    max_backoff: float = 60.0
    respect_robots: bool = True
    max_bytes: int = 15_000_000  # responses larger than this (decompressed) are cut off and refused
    max_time: float = 120.0  # seconds one response may take in all (a server dripping bytes is cut off)
    max_host_failures: int = 5  # URLs failing in a row before a host is left alone for the run; 0: never
    max_requests_per_source: int = 2000
    max_attempts: int = 5  # a failing URL is given up after this many runs
    retry_backoff: float = 21600.0  # seconds before a failed URL is tried again; doubles per attempt


@dataclass(frozen=True)
class ScheduleSettings:
    """When the daily run fires."""

    time: str = "05:30"  # HH:MM, in `timezone`
    timezone: str = "UTC"
    misfire_grace: int = 3600  # seconds a late run may still start


@dataclass(frozen=True)
class NlpSettings:
    """How the tagger is built."""

    model: str = "en_core_web_sm"  # statistical spaCy model; "" for rules only
    batch_size: int = 32
    n_process: int = 1  # processes that tag: 1 this one; N >= 2 forked beside the writer; 0 one per core


@dataclass(frozen=True)
class QueueSettings:
    """Distributed runs (`frontwatch worker`, `run --distributed`): the broker, the shared state, the workers."""

    broker_url: str = "amqp://guest:guest@127.0.0.1:5672//"  # RabbitMQ; redis://127.0.0.1:6379/0 also works
    state_url: str = "redis://127.0.0.1:6379/0"  # Redis: per-host politeness schedule and job progress
    concurrency: int = 2  # task processes per worker (one tagger each)
    prefetch: int = 1  # messages a worker process reserves ahead (1: a slow task holds back nothing else)
    prefix: str = "frontwatch"  # queue names and state keys start with this (several teams on one broker)
    retag_chunk: int = 500  # articles per retag task
    pool_size: int = 2  # database connections per worker process
    job_timeout: float = 3600.0  # seconds without any finished task before a job's lock expires


@dataclass(frozen=True)
class SourceSettings:
    """One `[sources.<name>]` table. Relative URLs resolve against `base_url`."""

    name: str
    adapter: str = ""  # which adapter class runs it; defaults to the table name
    enabled: bool = True
    base_url: str = ""
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()  # listing paths walked for backfills (paginated)
    pagination: str = "{listing}/page/{page}"
    max_pages: int = 50
    link_selector: str = ""  # CSS selector of article links on a listing page
    article_pattern: str = ""  # regex an article URL must match
    api_url: str = ""  # WordPress REST root, e.g. /wp-json/
    sitemaps: tuple[str, ...] = ()
    selectors: Mapping[str, str] = field(default_factory=dict)  # title/body/author/date/drop
    allowed_hosts: tuple[str, ...] = ()  # other hosts redirects may go to
    language: str = ""
    max_requests: int = 0  # 0: use http.max_requests_per_source
    delay: float = 0.0  # 0: use http.per_host_delay
    # Source kinds (feed / wordpress / sitemap / listing adapters):
    api: bool = True  # wordpress: use the REST API (False: feeds and pages only)
    tags: tuple[str, ...] = ()  # wordpress: only posts with these tag slugs
    categories: tuple[str, ...] = ()  # wordpress: only posts in these category slugs
    feed_pagination: str = ""  # feed: e.g. "{feed}?paged={page}" (WordPress); "" = no feed paging
    first_page: int = 1  # number of the first listing page ("?page=0" on Drupal sites)
    timezone: str = ""  # IANA zone for dates written without one (e.g. "Asia/Kabul"); "" = UTC
    drop_authors: tuple[str, ...] = ()  # bylines that name the outlet, not a person
    exclude_pattern: str = ""  # regex: discovered URLs matching it are skipped (tag pages, videos)

    def url(self, path: str) -> str:
        """Resolve a configured path or URL against this source's base URL."""
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/")) if "://" not in path else path

    @property
    def feed_urls(self) -> tuple[str, ...]:
        return tuple(self.url(p) for p in self.feeds)

    @property
    def listing_urls(self) -> tuple[str, ...]:
        return tuple(self.url(p) for p in self.listings)

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts this source may be fetched from (its base URL's, feeds', and the allowed ones)."""
        urls = (self.base_url, *self.feed_urls, *self.listing_urls, *(self.url(p) for p in self.sitemaps),
                *((self.url(self.api_url),) if self.api_url else ()))
        found = {urlsplit(u).hostname for u in urls if u} | set(self.allowed_hosts)
        # www.example.org and example.org are the same site for redirects.
        both = {h.removeprefix("www.") for h in found if h} | {f"www.{h.removeprefix('www.')}" for h in found
                                                               if h and "." in h and not _is_ip(h)}
        return frozenset(h for h in found | both if h)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs, loaded once and passed in."""

    database: DatabaseSettings = DatabaseSettings()
    http: HttpSettings = HttpSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    nlp: NlpSettings = NlpSettings()
    queue: QueueSettings = QueueSettings()
    sources: Mapping[str, SourceSettings] = field(default_factory=dict)
    path: Path | None = None  # the file these came from

    def source(self, name: str) -> SourceSettings:
        """The settings of one source, or an error listing the known names."""
        from pipeline.errors import UnknownSourceError

        try:
            return self.sources[name]
        except KeyError:
            known = ", ".join(sorted(self.sources)) or "(none configured)"
            raise UnknownSourceError(f"unknown source {name!r}; known sources: {known}") from None

    @property
    def enabled_sources(self) -> list[SourceSettings]:
        return [s for s in self.sources.values() if s.enabled]

    @property
    def user_agent(self) -> str:
        """The user agent with the operator's contact address, as sent on every request."""
        if self.http.contact and self.http.contact not in self.http.user_agent:
            return f"{self.http.user_agent} contact: {self.http.contact}"
        return self.http.user_agent


def load_settings(
    path: str | os.PathLike[str] | None = None, *, env: Mapping[str, str] | None = None
) -> Settings:
    """Read and validate a config file (default `./config.toml` if present, else built-in defaults)."""
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    where = "built-in defaults"
    file_path: Path | None = None
    if path is not None or Path(DEFAULT_CONFIG).exists():
        file_path = Path(path if path is not None else DEFAULT_CONFIG)
        where = str(file_path)
        try:
            with open(file_path, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {file_path} (pass --config PATH)") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file_path}: not valid TOML: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{file_path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
        except IsADirectoryError:
            raise ConfigError(f"{file_path}: is a folder, not a config file") from None
        except OSError as exc:
            raise ConfigError(f"{file_path}: cannot read the config file: {exc.strerror or exc}") from None
    return settings_from_dict(data, where=where, env=env, path=file_path)


def settings_from_dict(
    data: Mapping[str, Any],
    *,
    where: str = "config",
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Settings:
    """Build `Settings` from an already-parsed TOML mapping (used by tests and `load_settings`)."""
    env = {} if env is None else env
    known = {"database", "http", "schedule", "nlp", "queue", "sources"}
    for key in data:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
    database = _build(DatabaseSettings, _table(data, "database", where), "database", where)
    if env.get(DATABASE_ENV):
        database = dataclasses.replace(database, url=env[DATABASE_ENV])
    if database.on_locked not in ("wait", "exit"):
        raise ConfigError(f"{where}: database.on_locked must be 'wait' or 'exit', not {database.on_locked!r}")
    _check_finite(database, "database", where)
    _check_positive(database, "database", where, ("lock_timeout",))
    http = _build(HttpSettings, _table(data, "http", where), "http", where)
    _check_finite(http, "http", where)
    _check_positive(http, "http", where, ("timeout", "max_bytes", "max_attempts", "max_time"))
    _check_not_negative(http, "http", where, ("per_host_delay", "max_retries", "backoff", "max_backoff",
                                               "max_host_failures", "max_requests_per_source", "retry_backoff"))
    schedule = _build(ScheduleSettings, _table(data, "schedule", where), "schedule", where)
    _check_schedule(schedule, where)
    nlp = _build(NlpSettings, _table(data, "nlp", where), "nlp", where)
    _check_positive(nlp, "nlp", where, ("batch_size",))
    _check_not_negative(nlp, "nlp", where, ("n_process",))
    _check_not_negative(schedule, "schedule", where, ("misfire_grace",))
    queue = _build(QueueSettings, _table(data, "queue", where), "queue", where)
    if env.get(BROKER_ENV):
        queue = dataclasses.replace(queue, broker_url=env[BROKER_ENV])
    if env.get(STATE_ENV):
        queue = dataclasses.replace(queue, state_url=env[STATE_ENV])
    _check_finite(queue, "queue", where)
    _check_positive(queue, "queue", where, ("concurrency", "prefetch", "retag_chunk", "pool_size", "job_timeout"))
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", queue.prefix):
        raise ConfigError(f"{where}: queue.prefix must be letters, digits, '.', '_' or '-', got {queue.prefix!r}")
    sources: dict[str, SourceSettings] = {}
    for name, table in _table(data, "sources", where).items():
        if not isinstance(table, Mapping):
            raise ConfigError(f"{where}: sources.{name} must be a table, got {type(table).__name__}")
        source = _build(SourceSettings, {"name": name, **table}, f"sources.{name}", where)
        if not source.adapter:
            source = dataclasses.replace(source, adapter=name)
        _check_finite(source, f"sources.{name}", where)
        _check_not_negative(source, f"sources.{name}", where, ("max_requests", "delay"))
        _check_urls(source, where)
        _check_source_kinds(source, where)
        sources[name] = source
    return Settings(database=database, http=http, schedule=schedule, nlp=nlp, queue=queue, sources=sources,
                    path=path)


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: {key} must be a table, got {type(value).__name__}")
    return value


def _build(cls: type, values: Mapping[str, Any], prefix: str, where: str) -> Any:
    """Instantiate a settings dataclass from a table, checking every key and type."""
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        dotted = f"{prefix}.{key}"
        if key not in fields or key == "path":
            raise ConfigError(
                f"{where}: unknown key {dotted!r} (known: {', '.join(sorted(fields - {'name', 'path'}))})"
            )
        kwargs[key] = _coerce(value, hints[key], dotted, where)
    return cls(**kwargs)


def _coerce(value: Any, hint: Any, dotted: str, where: str) -> Any:
    origin = typing.get_origin(hint)
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif hint is str:
        if isinstance(value, str):
            return value
    elif origin is tuple:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        return _type_error(value, "a list of strings", dotted, where)
    elif origin in (Mapping, dict, collections.abc.Mapping) or hint is Mapping:
        if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
            return dict(value)
        return _type_error(value, "a table of strings", dotted, where)
    elif origin in (typing.Union, types.UnionType):
        return value
    name = getattr(hint, "__name__", str(hint))
    return _type_error(value, {"str": "a string", "int": "an integer", "float": "a number",
                               "bool": "true or false"}.get(name, name), dotted, where)


def _type_error(value: Any, expected: str, dotted: str, where: str) -> Any:
    raise ConfigError(f"{where}: {dotted} must be {expected}, got {value!r} ({type(value).__name__})")


def _check_positive(obj: Any, prefix: str, where: str, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(obj, name) <= 0:
            raise ConfigError(f"{where}: {prefix}.{name} must be greater than 0, got {getattr(obj, name)!r}")


def _check_finite(obj: Any, prefix: str, where: str) -> None:
    """nan and inf are valid TOML floats but no valid number of seconds or bytes."""
    import math

    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{where}: {prefix}.{f.name} must be a finite number, got {value!r}")


def _check_not_negative(obj: Any, prefix: str, where: str, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(obj, name) < 0:
            raise ConfigError(f"{where}: {prefix}.{name} must be 0 or more, got {getattr(obj, name)!r}")


def _check_schedule(schedule: ScheduleSettings, where: str) -> None:
    hour, _, minute = schedule.time.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise ConfigError(f"{where}: schedule.time must be HH:MM (24-hour), got {schedule.time!r}")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(schedule.timezone)
    except Exception:
        raise ConfigError(
            f"{where}: schedule.timezone {schedule.timezone!r} is not an IANA time zone (e.g. 'Asia/Kabul')"
        ) from None


def _url_problem(url: str) -> str:
    """What is wrong with an absolute http(s) URL from the config ("" if nothing)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "has no host name"
    return ""


def _check_urls(source: SourceSettings, where: str) -> None:
    prefix = f"sources.{source.name}"
    if source.base_url:
        problem = _url_problem(source.base_url)
        if problem:
            raise ConfigError(f"{where}: {prefix}.base_url must be an http(s) URL with a host, got "
                              f"{source.base_url!r}: {problem}")
    for key in ("feeds", "listings", "sitemaps", "api_url"):
        values = getattr(source, key)
        for value in (values,) if isinstance(values, str) else values:
            if not value:
                continue
            if "://" in value:
                problem = _url_problem(value)
                if problem:
                    raise ConfigError(f"{where}: {prefix}.{key} must hold http(s) URLs or paths, got "
                                      f"{value!r}: {problem}")
            elif not source.base_url:
                raise ConfigError(f"{where}: {prefix}.{key} has a relative path {value!r} but no base_url")
            else:
                problem = _url_problem(source.url(value))
                if problem:
                    raise ConfigError(f"{where}: {prefix}.{key} entry {value!r} does not make a URL: {problem}")


def _check_source_kinds(source: SourceSettings, where: str) -> None:
    import re

    prefix = f"sources.{source.name}"
    for key in ("article_pattern", "exclude_pattern"):
        try:
            re.compile(getattr(source, key))
        except re.error as exc:
            raise ConfigError(f"{where}: {prefix}.{key} is not a valid regular expression: {exc}") from None
    if source.feed_pagination and "{page}" not in source.feed_pagination:
        raise ConfigError(f"{where}: {prefix}.feed_pagination must contain {{page}}, got {source.feed_pagination!r}")
    if source.pagination and "{page}" not in source.pagination:
        raise ConfigError(f"{where}: {prefix}.pagination must contain {{page}}, got {source.pagination!r}")
    if source.first_page < 0 or source.max_pages < 0:
        raise ConfigError(f"{where}: {prefix}.first_page and max_pages must be 0 or more")
    if source.timezone:
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(source.timezone)
        except Exception:
            raise ConfigError(f"{where}: {prefix}.timezone {source.timezone!r} is not an IANA time zone") from None


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


_USERINFO_PASSWORD = re.compile(r"(?P<user>(?:^|[/:@])[^/:@\s]*):(?P<password>[^@\s]*)@")


def redact_url(url: str) -> str:
    """A database, broker or Redis URL with its password masked, safe for logs and messages (also when malformed)."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        password = None
    if password is not None and parts.scheme:
        netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    # Not a URL urlsplit understands (a missing colon, a bad port...): mask whatever sits like
    # "user:password@" before a host.
    return _USERINFO_PASSWORD.sub(lambda m: f"{m.group('user')}:***@", url, count=1)
