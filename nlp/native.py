"""The context rules (`nlp.resolve`) compiled to C with mypyc: the same source, rules-only tagging about 1.4x faster.

`frontwatch build-native` compiles the modules of `nlp.resolve` into `nlp/resolve/_native/<digest>/`, where the
digest covers their source, every project module they import (a changed class they read would leave the compiled
code's assumptions behind) and the Python ABI. At import, `nlp.resolve` calls `activate()`:
a build whose digest matches the sources as they are now is loaded in place of the pure-Python modules; any
other build is ignored, so an edited rule is never shadowed by a stale binary. Nothing changes in the output:
the compiled modules are the pure-Python ones (a test compares the two on a corpus). Without a build, or with
`FRONTWATCH_NATIVE=0` in the environment, the pure-Python modules run.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from pipeline.errors import FrontwatchError

PACKAGE = "nlp.resolve"
#: The compiled modules of `nlp.resolve` (its `__init__`, which activates them, stays Python).
MODULES = ("vocab", "context", "places", "groups", "roles", "commanders", "resolver")
#: Project modules the compiled ones import: part of the digest (tests/nlp/test_native.py checks the list).
DEPENDS = ("nlp.components", "nlp.gazetteer", "nlp.world", "pipeline.records")
PROJECT_PACKAGES = ("nlp", "pipeline", "scrapers", "models")
GROUP = "frontwatch_resolve"  # mypyc's shared library: `<GROUP>__mypyc`
DISABLE_ENV = "FRONTWATCH_NATIVE"


class NativeBuildError(FrontwatchError):
    """mypyc or the C compiler could not build the compiled rules."""


def _root() -> Path:
    """The directory holding the `nlp` and `pipeline` packages (the checkout, or site-packages)."""
    return Path(__file__).resolve().parent.parent


def _source(module: str) -> Path:
    return _root().joinpath(*module.split(".")).with_suffix(".py")


def compiled_sources() -> list[Path]:
    return [_source(f"{PACKAGE}.{m}") for m in MODULES]


def _mypyc_version() -> str:
    try:
        from importlib.metadata import version

        return version("mypy")
    except Exception:  # noqa: BLE001 - not installed: no build can exist for it either
        return "none"


@functools.cache
def digest() -> str:
    """What a build is valid for: the sources, their project imports and the Python ABI (the build carries its own
    runtime: mypy need not stay installed). Read once per process: the sources it imported."""
    h = hashlib.sha256()
    for path in [*compiled_sources(), *(_source(m) for m in DEPENDS)]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(str(sysconfig.get_config_var("SOABI")).encode())
    return h.hexdigest()[:20]


def builds_dir() -> Path:
    return _root().joinpath(*PACKAGE.split("."), "_native")


def current_build() -> Path | None:
    """The build for the sources as they are now, if there is one."""
    path = builds_dir() / digest()
    return path if (path / "manifest.json").is_file() else None


class _Finder(importlib.abc.MetaPathFinder):
    """Serves the compiled modules of one build (and its shared library) ahead of the pure-Python files."""

    def __init__(self, build: Path, modules: dict[str, str]) -> None:
        self.build = build
        self.modules = modules  # module name -> file name inside the build

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        name = self.modules.get(fullname)
        if name is None:
            return None
        return importlib.util.spec_from_file_location(fullname, self.build / name)


def activate() -> bool:
    """Load the compiled rules if a build matches the sources (and `FRONTWATCH_NATIVE` is not 0); True if so.
    Called by `nlp.resolve` before it imports its modules; calling it again changes nothing."""
    if active() is not None:
        return True
    if os.environ.get(DISABLE_ENV, "").strip().lower() in ("0", "no", "false", "off"):
        return False
    if any(f"{PACKAGE}.{m}" in sys.modules for m in MODULES):
        return False  # already imported as Python: mixing the two is not possible
    try:
        build = current_build()
        if build is None:
            return False
        manifest = json.loads((build / "manifest.json").read_text())
        modules = {name: file for name, file in manifest["files"].items() if (build / file).is_file()}
        if len(modules) != len(manifest["files"]):
            return False
    except (OSError, ValueError, KeyError):
        return False  # an unreadable build is no build: the Python modules run
    sys.meta_path.insert(0, _Finder(build, modules))
    return True


def deactivate() -> None:
    """Drop the build from this process (before anything has used it): the Python modules are imported next."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _Finder)]
    for name in [n for n in sys.modules if n.startswith((f"{PACKAGE}.", f"{GROUP}__"))]:
        del sys.modules[name]


def active() -> Path | None:
    """The build whose modules this process loads, or None (pure Python)."""
    return next((f.build for f in sys.meta_path if isinstance(f, _Finder)), None)


def only_stale_builds() -> bool:
    """Are there builds, none of them for the sources as they are now (built before an upgrade or an edit)?"""
    try:
        return current_build() is None and any(builds_dir().iterdir())
    except OSError:
        return False


def is_compiled() -> bool:
    """Are the rules this process runs compiled (not only activated, but imported from the build)?"""
    module = sys.modules.get(f"{PACKAGE}.resolver")
    return module is not None and not str(getattr(module, "__file__", "")).endswith(".py")


_BUILD_SCRIPT = """
import json, sys
from setuptools import Distribution
from mypyc.build import mypycify
args = json.loads(sys.argv[1])
sys.path.insert(0, args["root"])
ext = mypycify(["--follow-imports=silent", *args["sources"]], opt_level="3", group_name=args["group"])
dist = Distribution({"name": "frontwatch-native", "ext_modules": ext})
dist.script_name = "build"
cmd = dist.get_command_obj("build_ext")
cmd.build_lib, cmd.build_temp = args["out"], args["temp"]
dist.run_command("build_ext")
"""


def build(echo: Callable[[str], None] = lambda _line: None) -> Path:
    """Compile the rules for the sources as they are now (a minute or two); the build's directory. Builds for
    earlier sources are removed. Raises `NativeBuildError` naming what is missing or what failed."""
    if _mypyc_version() == "none":
        raise NativeBuildError("mypyc is not installed: `pip install 'frontwatch[native]'` (it comes with mypy)")
    if shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]) is None:
        raise NativeBuildError("no C compiler found (install gcc, or your platform's build tools)")
    target = builds_dir() / digest()
    try:
        builds_dir().mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=builds_dir())  # noqa: SIM115 - only to learn it is writable
        probe.close()
    except OSError as exc:
        raise NativeBuildError(f"cannot write the compiled rules to {builds_dir()} ({exc.strerror or exc}): "
                               "build as the user who installed frontwatch, or in a virtualenv") from None
    with tempfile.TemporaryDirectory(prefix="frontwatch-native-") as tmp:
        out = Path(tmp) / "lib"
        # mypy reads a copy of the project's packages: installed, they sit in site-packages, which mypy refuses
        # as a source root (its modules would shadow the standard library's stubs)
        src = Path(tmp) / "src"
        copy_sources(src)
        args = {"root": str(src), "sources": [str(src / p.relative_to(_root())) for p in compiled_sources()],
                "group": GROUP, "out": str(out), "temp": str(Path(tmp) / "temp")}
        echo(f"compiling {len(MODULES)} modules of {PACKAGE} with mypyc {_mypyc_version()} ...")
        proc = subprocess.run([sys.executable, "-c", _BUILD_SCRIPT, json.dumps(args)], cwd=tmp,
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
            errors = [ln for ln in lines if ": error:" in ln or ln.startswith("error:")] or lines[-1:]
            raise NativeBuildError(f"mypyc could not build {PACKAGE}: {'; '.join(errors[:3]) or 'no output'}")
        files = _built_files(out)
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(out, partial)
        (partial / "manifest.json").write_text(json.dumps(
            {"digest": target.name, "mypyc": _mypyc_version(), "python": sys.version.split()[0], "files": files},
            indent=1) + "\n")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    for old in builds_dir().iterdir():
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


def copy_sources(dest: Path) -> None:
    """The Python files of the project's packages, copied under `dest` in their layout."""
    for package in PROJECT_PACKAGES:
        for path in _root().joinpath(package).rglob("*.py"):
            copy = dest / path.relative_to(_root())
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)


def _built_files(out: Path) -> dict[str, str]:
    """Module name -> file (relative to the build) of each extension mypyc wrote."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    files: dict[str, str] = {}
    for path in out.rglob("*"):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is None:
            continue
        rel = path.relative_to(out)
        files[".".join((*rel.parent.parts, path.name[:-len(suffix)]))] = rel.as_posix()
    missing = [m for m in MODULES if f"{PACKAGE}.{m}" not in files]
    if missing:
        raise NativeBuildError(f"mypyc built no module for {', '.join(missing)} (found: {', '.join(files) or 'none'})")
    return files


def remove() -> int:
    """Delete every build (the pure-Python modules run from the next start); how many there were."""
    if not builds_dir().is_dir():
        return 0
    n = sum(1 for _ in builds_dir().iterdir())
    shutil.rmtree(builds_dir())
    return n
