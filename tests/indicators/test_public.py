"""Public statistics: reachable without login, national and regional only, by year, always suppressed (no figure
from 1 to 4, none computable by difference), cached; and the property on crafted tables combined as the page does."""

from __future__ import annotations

from collections import defaultdict
from itertools import product

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sosteci.indicators import selectors
from sosteci.indicators.bases import BASES
from sosteci.indicators.computing import IndicatorRequestError, Place, Row, build_rows
from sosteci.indicators.definitions import BY_CODE, DIMENSIONS, Dimension
from sosteci.indicators.periods import parse_period
from sosteci.indicators.suppression import suppress
from sosteci.indicators.views import public_rows_cached
from tests.conftest import MiniTerritory
from tests.indicators.conftest import World
from tests.indicators.coordination_world import build_coordination


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


Key = tuple[str, str, str, str | None, str | None, str | None]


def key(row: Row) -> Key:
    return (row.indicator, row.period, row.unit, row.sex, row.age_band, row.category)


def relations(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Each published total with its parts, worked out from the table's shape: a total over a disaggregation and its
    options (from the base's options), a unit and its sub-units."""
    index = {key(r): r for r in rows}
    found = []
    for r in rows:
        base = BASES[BY_CODE[r.indicator].numerator.base]
        for d in DIMENSIONS:
            if getattr(r, d.value) is not None:
                continue
            parts = []
            for option in base.options(d):
                coords = {e.value: (option if e == d else getattr(r, e.value)) for e in DIMENSIONS}
                parts.append(
                    index.get((r.indicator, r.period, r.unit, coords["sex"], coords["age_band"], coords["category"]))
                )
            if parts and all(p is not None for p in parts):
                found.append((r, [p for p in parts if p is not None]))
    by_parent: dict[Key, list[Row]] = defaultdict(list)
    for r in rows:
        if r.parent:
            by_parent[(r.indicator, r.period, r.parent, r.sex, r.age_band, r.category)].append(r)
    found += [(index[k], parts) for k, parts in by_parent.items() if k in index]
    return found


def assert_protected(rows: list[Row]) -> None:
    for row in rows:
        if not row.suppressed:
            assert not 0 < (row.numerator or 0) < 5, row
            assert row.denominator is None or not 0 < row.denominator < 5, row
    for total, parts in relations(rows):
        hidden = sum(p.suppressed for p in parts)
        if not total.suppressed:
            assert hidden != 1, (total, parts)  # the total minus the published parts would give the hidden one
        else:
            assert hidden >= 1, (total, parts)  # the published parts would add up to the hidden total


@pytest.mark.django_db
def test_the_page_is_public_and_suppressed(world: World, team, territory: MiniTerritory, client) -> None:
    build_coordination(team, territory)
    response = client.get(reverse("public-statistics") + "?annee=2026")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Statistiques publiques" in body and "suppression-note" in body
    data = response.context["data"]
    assert data.suppressed and data.unit.pcode == "CI"
    # The nation and its régions only; no child's name anywhere.
    assert {r.unit for r in data.rows} == {"CI", "CI26", "CI27"}
    assert "Awa" not in body and "KONE" not in body
    cards = {f.indicator.code: f.text for f in response.context["board"].key_figures}
    # 8 children monitored (published), 3 in child labour (under 5), 76 people reached.
    assert cards["CH_MONITORED"] == "8" and cards["CH_LABOUR"] == "< 5" and cards["AW_REACHED"] == "76"
    assert_protected(data.rows)
    # The SVG charts show the published figures and « < 5 » for hidden ones: Nawa 6 children, 2 in child labour.
    chart = response.context["board"].sub_unit_chart
    assert chart.rows[0] == ["Nawa", "< 5", "—"] and ">Nawa<" in chart.svg and "&lt; 5" in chart.svg


@pytest.mark.django_db
def test_a_region_alone_and_the_years_offered(world: World, territory: MiniTerritory, client) -> None:
    response = client.get(reverse("public-statistics") + "?annee=2026&region=CI26")
    data = response.context["data"]
    assert data.unit.pcode == "CI26" and {r.unit for r in data.rows} == {"CI26"}
    assert response.context["board"].lines == []
    assert_protected(data.rows)
    # A département, a year too old or a month fall back to the nation and this year.
    fallback = client.get(reverse("public-statistics") + "?annee=1990&region=CI2604")
    assert fallback.context["data"].unit.pcode == "CI" and fallback.context["period"].kind == "year"
    with pytest.raises(IndicatorRequestError):
        selectors.public_rows(unit=territory.dep1, period=parse_period("2026"))
    with pytest.raises(IndicatorRequestError):
        selectors.public_rows(unit=territory.pays, period=parse_period("202603"))


@pytest.mark.django_db
def test_the_figures_are_cached(world: World, territory: MiniTerritory, django_assert_num_queries) -> None:
    first = public_rows_cached(territory.pays, parse_period("2026"))
    with django_assert_num_queries(0):
        again = public_rows_cached(territory.pays, parse_period("2026"))
    assert again.rows == first.rows


# --- The page's combination of tables on crafted counts ---------------------------------------------------------------

TOP = Place(1, "CI", "Côte d'Ivoire", "pays")
CATEGORIES = ("not_working", "permitted_work", "at_risk", "child_labour", "hazardous_child_labour", "worst_forms")
small_or_large = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def public_tables(draw: st.DrawFn) -> list[Row]:
    """What the public page publishes for the children base: the key figures of the nation and its régions, the
    nation split by sex, age band and category, and the years of the trend."""
    units = draw(st.integers(1, 3))
    places = [Place(i + 2, f"R{i + 2}", f"Région {i + 2}", "region") for i in range(units)]
    rows: list[Row] = []
    for period in ("2025", "2026"):
        cells: dict[tuple, int] = defaultdict(int)
        totals: dict[tuple, int] = defaultdict(int)
        for unit, sex, age, category, school in product(
            range(2, units + 2),
            ("F", "M"),
            ("5-11", "15-17"),
            draw(st.sampled_from([CATEGORIES[:4], CATEGORIES])),
            (False, True),
        ):
            n = draw(small_or_large)
            for measure in (frozenset(), frozenset({"in_school"})) if school else (frozenset(),):
                cells[(unit, None, None, category, measure)] += n
                totals[(TOP.pk, sex, age, category, measure)] += n
        key_rows = build_rows(
            indicators=[BY_CODE[c] for c in ("CH_MONITORED", "CH_LABOUR", "CH_LABOUR_PCT", "CH_IN_SCHOOL_PCT")],
            top=TOP,
            places=places,
            period=period,
            dimensions=[],
            cells={"children": cells},
        )
        rows += key_rows
        if period == "2026":
            rows += build_rows(
                indicators=[BY_CODE["CH_MONITORED"], BY_CODE["CH_LABOUR"]],
                top=TOP,
                places=[TOP],
                period=period,
                dimensions=[Dimension.SEX, Dimension.AGE_BAND, Dimension.CATEGORY],
                cells={"children": totals},
            )
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(public_tables())
def test_no_small_cell_reachable_in_what_the_page_publishes(rows: list[Row]) -> None:
    assert_protected(suppress(rows))
