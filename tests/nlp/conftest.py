"""Fixtures for the NLP tests: one rules-only tagger and, when installed, one model tagger per session."""

from __future__ import annotations

import os

import pytest

from nlp.tagger import _load_model, build_tagger
from pipeline.settings import NlpSettings


@pytest.fixture(scope="session")
def rules_tagger():
    return build_tagger(NlpSettings(model=""))


@pytest.fixture(scope="session")
def model_tagger():
    nlp, _ = _load_model("en_core_web_sm")
    if nlp is None:
        if os.environ.get("CI"):
            # CI installs the model: one that fails to load is a failure, not a reason to skip.
            pytest.fail("CI is set but the statistical spaCy model en_core_web_sm did not load")
        pytest.skip("statistical spaCy model not installed")
    return build_tagger(NlpSettings(model="en_core_web_sm"))

