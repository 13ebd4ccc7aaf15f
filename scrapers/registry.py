"""Source adapters are found by name here; built-ins register the same way plugins do."""

from __future__ import annotations

from typing import Callable, TypeVar

from pipeline.errors import ConfigError
from pipeline.settings import SourceSettings
from scrapers.base import SourceAdapter

_ADAPTERS: dict[str, type[SourceAdapter]] = {}

A = TypeVar("A", bound=type[SourceAdapter])


def register(cls: A) -> A:
    """Class decorator: make an adapter available under its `name`."""
    if not cls.name:
        raise ValueError(f"{cls.__qualname__} has no name")
    _ADAPTERS[cls.name] = cls
    return cls


def known_adapters() -> list[str]:
    """Names of all registered adapters."""
    _load_builtins()
    return sorted(_ADAPTERS)


def adapter_for(settings: SourceSettings) -> SourceAdapter:
    """Instantiate the adapter a `[sources.*]` table asks for."""
    _load_builtins()
    try:
        cls = _ADAPTERS[settings.adapter]
    except KeyError:
        raise ConfigError(
            f"sources.{settings.name}.adapter: unknown adapter {settings.adapter!r}; "
            f"known adapters: {', '.join(sorted(_ADAPTERS))}"
        ) from None
    return cls(settings)


def _load_builtins() -> None:
    # Importing the modules runs their @register decorators; done lazily so nothing heavy runs at import.
    import scrapers.feed  # noqa: F401
    import scrapers.listing  # noqa: F401
    import scrapers.lwj  # noqa: F401
    import scrapers.sitemap  # noqa: F401
    import scrapers.wordpress  # noqa: F401


Factory = Callable[[SourceSettings], SourceAdapter]
