"""The researcher-facing code lives in `pipeline/research/`; the import paths README.md and docs/ show keep working."""

import importlib

from pipeline import research
from pipeline.research import api, events, export, plot, serve


def test_the_documented_paths_are_the_package_modules():
    assert research.counts is api.counts and research.Filters is api.Filters and research.PLACE_KINDS
    from pipeline.research import commanders, counts, mentions, top  # README.md, docs/research.md

    assert (commanders, counts, mentions, top) == (api.commanders, api.counts, api.mentions, api.top)
    # docs/research.md's old name for the events API is the same module, not a copy.
    assert importlib.import_module("pipeline.research_events") is events
    from pipeline.research_events import EventFilters, appointments, event_counts  # noqa: F401

    assert event_counts is events.event_counts
    for name in research.__all__:
        assert getattr(research, name) is getattr(api, name), name


def test_exports_plots_and_the_datasette_app_sit_in_the_package():
    assert export.write_frame and plot and serve.CANNED_QUERIES
    assert (serve.PLUGINS / "frontwatch_display.py").is_file()
    assert serve.PLUGINS.parent.name == "research"
