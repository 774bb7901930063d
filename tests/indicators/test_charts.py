"""The SVG charts: an accessible name, every label and figure written in the picture and in the table, escaped
labels, links on bars, grey hidden stacks, gaps in lines where a value is unknown."""

from __future__ import annotations

import re

from sosteci.indicators.charts import (
    Bar,
    Series,
    Stack,
    bar_chart,
    grouped_bar_chart,
    line_chart,
    stacked_bar_chart,
)


def test_a_bar_chart_names_itself_and_shows_each_figure() -> None:
    chart = bar_chart(
        "Enfants suivis par région",
        [Bar("Nawa", 6.0, "6", "/indicateurs/CI26/"), Bar("Poro <b>", None, "< 5")],
        value_label="Enfants suivis",
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and ">Enfants suivis par région</title>" in svg and "aria-labelledby" in svg
    assert ">Nawa<" in svg and ">6<" in svg and 'href="/indicateurs/CI26/"' in svg
    # A label is escaped, a hidden figure is written « < 5 » with no bar length.
    assert "Poro &lt;b&gt;" in svg and "<b>" not in svg and "&lt; 5" in svg
    assert chart.columns == ["", "Enfants suivis"] and chart.rows == [["Nawa", "6"], ["Poro <b>", "< 5"]]
    assert svg.count('width="0.0"') == 1  # the hidden bar


def test_bars_are_proportional() -> None:
    svg = str(bar_chart("t", [Bar("a", 10.0, "10"), Bar("b", 5.0, "5")]).svg)
    widths = [float(w) for w in re.findall(r'<rect x="215" y="[^"]*" width="([^"]*)"', svg)]
    assert len(widths) == 2 and widths[0] == 2 * widths[1] > 0


def test_a_stacked_chart_has_a_legend_and_greys_an_incomplete_stack() -> None:
    chart = stacked_bar_chart(
        "Par sexe",
        ["Féminin", "Masculin"],
        [Stack("5-11 ans", [30.0, 20.0], ["30", "20"]), Stack("12-14 ans", [None, 12.0], ["< 5", "—"])],
    )
    svg = str(chart.svg)
    assert ">Féminin<" in svg and ">Masculin<" in svg and "30 / 20" in svg and "&lt; 5 / —" in svg
    assert "#adb5bd" in svg  # the stack with a hidden part is grey
    assert chart.rows == [["5-11 ans", "30", "20"], ["12-14 ans", "< 5", "—"]]


def test_a_line_chart_breaks_where_a_value_is_unknown() -> None:
    chart = line_chart(
        "Évolution", ["2024", "2025", "2026"], [Series("Enfants suivis", [10.0, None, 30.0], ["10", "< 5", "30"])]
    )
    svg = str(chart.svg)
    assert ">2024<" in svg and ">10<" in svg and ">30<" in svg
    assert "<polyline" not in svg  # two single points, no segment drawn across the gap
    assert svg.count("<circle") == 2
    assert chart.rows == [["2024", "10"], ["2025", "< 5"], ["2026", "30"]]
    joined = str(line_chart("t", ["a", "b"], [Series("s", [1.0, 2.0], ["1", "2"])]).svg)
    assert joined.count("<polyline") == 1


def test_a_grouped_chart_puts_one_bar_per_series_side_by_side() -> None:
    chart = grouped_bar_chart(
        "Prévu et dépensé",
        ["Prévu", "Dépensé"],
        [Stack("2020", [300.0, 150.0], ["300", "150"]), Stack("2021 <x>", [100.0, None], ["100", "—"])],
        columns=["Prévu (F CFA)", "Dépensé (F CFA)"],
    )
    svg = str(chart.svg)
    assert ">Prévu<" in svg and ">Dépensé<" in svg and "2021 &lt;x&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect x="215" y="[^"]*" width="([^"]*)"', svg)]
    assert widths[0] == 2 * widths[1] == 3 * widths[2] and widths[3] == 0.0
    assert re.findall(r'class="chart-value">([^<]*)<', svg) == ["300", "150", "100", "—"]
    assert chart.columns == ["", "Prévu (F CFA)", "Dépensé (F CFA)"]
    assert chart.rows == [["2020", "300", "150"], ["2021 <x>", "100", "—"]]
