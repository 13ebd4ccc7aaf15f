"""The compiled context rules (`nlp.native`, `frontwatch build-native`): the same output as the Python ones, loaded
only for the sources they were built from, and a digest that covers what they were compiled against."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import native

GOLD = Path(__file__).resolve().parent.parent / "gold"

# Tags every English text of the gold sets in both modes and prints one line per text: what the test compares.
_TAG_ALL = """
import dataclasses, json, sys
from nlp import native
from nlp.tagger import build_tagger
from pipeline.settings import NlpSettings
texts = json.loads(sys.stdin.read())
print(json.dumps({"compiled": native.is_compiled()}))
for model in ("", "en_core_web_sm"):
    tagger = build_tagger(NlpSettings(model=model))
    for a in tagger.analyse_many((t, None, "en") for t in texts):
        print(repr(([dataclasses.astuple(m) for m in a.mentions], [repr(e) for e in a.events])))
"""


def _english_gold_texts() -> list[str]:
    texts = []
    for path in sorted(GOLD.glob("*.jsonl")):
        if path.name.startswith(("fa_", "ps_")):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and isinstance(text := json.loads(line).get("text"), str):
                texts.append(text)
    return texts


def _env(**extra: str) -> dict[str, str]:
    """This environment without the switch (a suite run with FRONTWATCH_NATIVE=0 still tests the build), plus `extra`."""
    return {**{k: v for k, v in os.environ.items() if k != native.DISABLE_ENV}, **extra}


def _tag_in_subprocess(texts: list[str], **env: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-P", "-c", _TAG_ALL], input=json.dumps(texts), capture_output=True,
                          text=True, env=_env(**env), check=True, timeout=600)
    return proc.stdout.splitlines()


def test_digest_covers_every_project_module_the_compiled_ones_import():
    # a compiled module reads the classes it imports with the types it was compiled against: a project module
    # it imports must be part of the digest, or an edit there would leave a stale build loaded
    compiled = {f"{native.PACKAGE}.{m}" for m in native.MODULES}
    imported = set()
    for path in native.compiled_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            imported.update(n for n in names if n.split(".")[0] in ("nlp", "pipeline", "scrapers", "models"))
    assert imported - compiled - set(native.DEPENDS) == set()
    assert set(native.DEPENDS) <= imported, "a module in DEPENDS that nothing compiled imports"


def test_a_build_for_other_sources_is_never_loaded(tmp_path):
    # a build directory named for another digest (sources since edited): its modules must not be imported
    stale = native.builds_dir() / "0stale0build0000000"
    stale.mkdir(parents=True)
    try:
        (stale / "manifest.json").write_text(json.dumps({"files": {
            f"{native.PACKAGE}.{m}": f"missing_{m}.so" for m in native.MODULES}}))
        probe = ("import nlp.resolve, nlp.native as n, sys; "
                 "print(n.active(), sys.modules['nlp.resolve.resolver'].__file__)")
        out = subprocess.run([sys.executable, "-P", "-c", probe], capture_output=True, text=True, check=True,
                             env=_env()).stdout
        assert "0stale0build" not in out
        current = native.current_build()
        assert (str(current) in out) if current is not None else out.startswith("None") and ".py" in out
    finally:
        import shutil

        shutil.rmtree(stale)


def test_a_damaged_build_falls_back_to_the_python_rules(tmp_path):
    # a copy of the packages with a "build" for exactly its sources whose files are no shared libraries: importing
    # the rules warns and runs the Python modules instead of failing the tagger
    native.copy_sources(tmp_path)
    probe = """
import json, logging, sys
from nlp import native
assert native.__file__.startswith(sys.argv[1]), native.__file__  # the copy, never the real build
logging.basicConfig()
build = native.builds_dir() / native.digest()
(build / "nlp" / "resolve").mkdir(parents=True)
files = {f"nlp.resolve.{m}": f"nlp/resolve/{m}.so" for m in native.MODULES}
for f in files.values():
    (build / f).write_bytes(b"not a shared library")
(build / "manifest.json").write_text(json.dumps({"files": files}))
from nlp.resolve import Resolver
print(native.active(), native.is_compiled(), Resolver.__module__)
"""
    proc = subprocess.run([sys.executable, "-P", "-c", probe, str(tmp_path)], capture_output=True, text=True,
                          check=True, env=_env(PYTHONPATH=str(tmp_path)), cwd=tmp_path)
    assert proc.stdout.split() == ["None", "False", "nlp.resolve.resolver"]
    assert "the compiled tagger rules do not load" in proc.stderr


def test_native_switch_off_runs_python_modules():
    probe = "import nlp.resolve, nlp.native as n; print(n.active(), n.is_compiled())"
    out = subprocess.run([sys.executable, "-P", "-c", probe], capture_output=True, text=True, check=True,
                         env=_env(**{native.DISABLE_ENV: "0"})).stdout.split()
    assert out == ["None", "False"]


def test_compiled_rules_give_the_python_rules_output():
    if native.current_build() is None:
        pytest.skip("no compiled rules for these sources (`frontwatch build-native` builds them; .ci/run does)")
    texts = _english_gold_texts()
    compiled = _tag_in_subprocess(texts)
    python = _tag_in_subprocess(texts, **{native.DISABLE_ENV: "0"})
    assert json.loads(compiled[0]) == {"compiled": True} and json.loads(python[0]) == {"compiled": False}
    assert len(compiled) == len(python) == 1 + 2 * len(texts)
    differ = [texts[i % len(texts)][:80] for i, (a, b) in enumerate(zip(compiled[1:], python[1:])) if a != b]
    assert not differ, f"{len(differ)} texts tagged differently by the compiled rules, first: {differ[:3]}"
    assert sum(line != "([], [])" for line in compiled[1:]) > len(texts)  # the texts were really tagged


def test_mentions_are_plain_records_either_way(rules_tagger):
    # whichever rules run, what leaves the tagger is the project's own dataclass, not a compiled type
    (mention, *_), = rules_tagger.tag_many(["Taliban fighters entered Kunduz."])
    assert dataclasses.is_dataclass(mention) and type(mention).__module__ == "pipeline.records"


def test_build_native_check_says_whether_a_build_matches():
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["build-native", "--check"])
    if native.current_build() is None:
        assert result.exit_code == 1 and "run `frontwatch build-native`" in result.output
    else:
        assert result.exit_code == 0 and str(native.current_build()) in result.output
