"""What the figures draw, read back from the matplotlib objects and the HTML: sparse series as points and
gaps, identical series both visible, every counted province labelled, and colour classes named once each."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from pipeline.research import plot as plots

pytest.importorskip("matplotlib")


def _counts(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["month", "group", "mentions"]).assign(articles=lambda f: f["mentions"])


def test_sparse_series_are_points_and_gaps_not_zero_ramps():
    counts = _counts([("2025-01", "NRF", 2), ("2025-06", "NRF", 3), ("2025-03", "Taliban", 1)])
    table = plots.timeline_table(counts, "group")
    assert list(table.index) == plots.all_months("2025-01", "2025-06")
    assert table["NRF"].tolist()[0] == 2 and math.isnan(table["NRF"].tolist()[1])
    fig = plots.timeline_figure(counts, "group")
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    for line in lines:
        ys = list(line.get_ydata())
        assert 0 not in ys  # nothing drawn at zero where nothing was counted
        assert line.get_marker() not in (None, "None", "", " ")  # a lone month is still a visible point
    nrf = next(line for line in lines if line.get_label().startswith("NRF"))
    assert [y for y in nrf.get_ydata() if not math.isnan(y)] == [2, 3]


def test_identical_series_stay_visible():
    same = [("2025-01", 1), ("2025-02", 2), ("2025-03", 1)]
    counts = _counts([(m, g, n) for g in ("NRF", "Taliban", "ISKP") for m, n in same])
    lines = plots.timeline_figure(counts, "group").axes[0].get_lines()
    assert len(lines) == 3
    # Same values: told apart by marker, size and dashes, hollow so the smaller ones show inside the larger.
    assert len({line.get_marker() for line in lines}) == 3
    assert len({line.get_markersize() for line in lines}) == 3
    assert len({line.get_linestyle() for line in lines}) == 3
    assert all(line.get_markerfacecolor() == "none" for line in lines)
    assert sorted(line.get_label() for line in lines) == ["ISKP (4)", "NRF (4)", "Taliban (4)"]


def test_class_labels_never_repeat_a_bound():
    for top in range(1, 60):
        bounds = plots._classes([float(top)])
        labels = plots.class_labels(bounds)
        assert len(labels) == len(bounds)
        for label in labels:
            low, _, high = label.partition("\u2013")
            assert not high or int(low) < int(high), (top, labels)
        # Every count from 1 to the top falls in exactly one class.
        covered = []
        for label in labels:
            low, _, high = label.partition("\u2013")
            covered += range(int(low), int(high or low) + 1)
        assert covered == list(range(1, top + 1))
    assert plots.class_labels(plots._classes([10.0]))[:3] == ["1\u20132", "3", "4"]


def _totals() -> dict[str, dict[str, int]]:
    # Ten provinces with counts, two of them tied at 3 (Kandahar, Kunduz) below the eight largest.
    values = {
        "Panjshir": 10, "Baghlan": 9, "Kabul": 8, "Nangarhar": 7, "Helmand": 6, "Takhar": 5, "Badakhshan": 4,
        "Balkh": 4, "Kandahar": 3, "Kunduz": 3,
    }  # fmt: skip
    return {name: {"mentions": n, "articles": 1} for name, n in values.items()}


def test_png_map_labels_every_counted_province_and_names_its_classes():
    fig = plots.choropleth_figure(_totals())
    ax = fig.axes[0]
    labels = sorted(t.get_text().split("\n")[0] for t in ax.texts)
    assert labels == sorted(_totals())  # Kunduz 3 labelled as Kandahar 3 is; none of the 24 zeros
    assert len(fig.axes) == 1  # a legend of classes, not a colour bar with ambiguous ticks
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["none", *plots.class_labels(plots._classes([10.0]))]
    assert not any(re.fullmatch(r"(\d+)\u2013\1", label) for label in legend)


def test_html_map_legend_has_no_degenerate_ranges(tmp_path):
    out = plots.choropleth(_totals(), tmp_path / "map.html")
    page = out.read_text(encoding="utf-8")
    legend = re.findall(r"<li><span[^>]*></span>([^<]+)</li>", page)
    assert legend == ["none", *plots.class_labels(plots._classes([10.0]))]
    assert not re.search(r"(\d+)(&ndash;|\u2013)\1\b", page)
    assert 'data-province="Kunduz" data-pcode="AF19" data-value="3"' in page
