"""The action plans' budget execution as indicators: planned, committed and spent amounts of the whole years of the
period, all plans together, for the country only; equal to the plan's execution page; on the national dashboard's
catalogue and indicator page, never below the country nor on a map; sent to DHIS2 for the country."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sosteci.indicators import dhis2
from sosteci.indicators.bases import BASES
from sosteci.indicators.bases.plans import whole_years
from sosteci.indicators.computing import Row, compute
from sosteci.indicators.definitions import INDICATORS, PLAN_INDICATORS
from sosteci.indicators.periods import parse_period
from sosteci.maps.forms import MapForm
from sosteci.plans.models import Activity, Plan
from sosteci.plans.selectors.execution import execution_summary
from sosteci.plans.services import plan_import
from sosteci.plans.services.execution import execution_record
from sosteci.territory.models import Level
from tests.conftest import MiniTerritory, Team
from tests.plans.conftest import small_document

pytestmark = pytest.mark.django_db
CODES = [i.code for i in PLAN_INDICATORS]


def record(plan: str, code: str, year: int, committed: int, spent: int) -> None:
    activity = Activity.objects.get(code=code, action__objective__axis__plan__code=plan)
    execution_record(by=None, activity=activity, year=year, status="under_way", committed=committed, spent=spent)


@pytest.fixture
def plans(territory: MiniTerritory) -> tuple[Plan, Plan]:
    """Two hand-built plans (tests.plans.conftest.small_document): A over 2020-2022 budgets I-1.1.1 100 in 2020 and
    200 in 2021, I-1.1.2 PM, II-1.1.1 300 in 2022; B, the same over 2021-2023 (100 in 2021, 200 in 2022, 300 in
    2023). Planned in 2021: 200 (A) + 100 (B) = 300."""
    first = plan_import(document=small_document("PA", 2020, 2022), by=None, actor_label="tests").plan
    second = plan_import(document=small_document("PB", 2021, 2023), by=None, actor_label="tests").plan
    record("PA", "I-1.1.1", 2020, committed=100, spent=90)  # another year: not in 2021
    record("PA", "I-1.1.1", 2021, committed=150, spent=50)
    record("PA", "II-1.1.1", 2021, committed=20, spent=10)  # no budget that year: still committed and spent
    record("PB", "I-1.1.1", 2021, committed=40, spent=30)
    return first, second


def country(rows: list[Row]) -> dict[str, tuple[int | None, int | None, float | None]]:
    return {r.indicator: (r.numerator, r.denominator, r.value) for r in rows if r.unit == "CI"}


def test_the_figures_of_a_year_worked_out_by_hand(territory: MiniTerritory, plans: tuple[Plan, Plan]) -> None:
    rows = compute(unit=territory.pays, period=parse_period("2021"), indicators=CODES)
    # 2021: planned 200 + 100 = 300; committed 150 + 20 + 40 = 210 (70 %); spent 50 + 10 + 30 = 90 (30 %).
    assert country(rows) == {
        "PLAN_BUDGET": (300, None, 300.0),
        "PLAN_COMMITTED": (210, None, 210.0),
        "PLAN_SPENT": (90, None, 90.0),
        "PLAN_COMMITTED_PCT": (210, 300, 70.0),
        "PLAN_SPENT_PCT": (90, 300, 30.0),
    }


def test_one_plan_alone_equals_its_execution_page(territory: MiniTerritory, plans: tuple[Plan, Plan]) -> None:
    first, _second = plans
    line = next(y for y in execution_summary(plan=first).years if y.key == "2020")
    rows = compute(unit=territory.pays, period=parse_period("2020"), indicators=CODES)
    figures = country(rows)
    # 2020 has plan A only: planned 100, committed 100, spent 90 = 90 %.
    assert figures["PLAN_SPENT_PCT"] == (line.spent, line.planned, line.executed_pct) == (90, 100, 90.0)
    assert figures["PLAN_COMMITTED_PCT"] == (line.committed, line.planned, line.committed_pct) == (100, 100, 100.0)


def test_a_range_adds_up_its_whole_years_and_a_quarter_holds_none(
    territory: MiniTerritory, plans: tuple[Plan, Plan]
) -> None:
    # 2020-2022: planned 100 + 300 + (300 + 200) = 900; spent 90 + 90 = 180 = 20 %.
    rows = compute(unit=territory.pays, period=parse_period("2020-01-01..2022-12-31"), indicators=["PLAN_SPENT_PCT"])
    assert country(rows)["PLAN_SPENT_PCT"] == (180, 900, 20.0)
    # From mid-2020: 2020 is not whole, so 2021 and 2022 only: planned 800, spent 90.
    rows = compute(unit=territory.pays, period=parse_period("2020-07-01..2022-12-31"), indicators=["PLAN_SPENT_PCT"])
    assert country(rows)["PLAN_SPENT_PCT"] == (90, 800, 11.2)
    rows = compute(unit=territory.pays, period=parse_period("2021Q1"), indicators=["PLAN_SPENT_PCT", "PLAN_BUDGET"])
    assert country(rows) == {"PLAN_SPENT_PCT": (0, 0, None), "PLAN_BUDGET": (0, None, 0.0)}
    assert whole_years(parse_period("2021Q4")) is None


def test_only_the_country_has_rows(territory: MiniTerritory, plans: tuple[Plan, Plan]) -> None:
    rows = compute(unit=territory.pays, level=Level.REGION, period=parse_period("2021"))
    plan_rows = [r for r in rows if r.indicator in CODES]
    assert {(r.indicator, r.unit, r.parent) for r in plan_rows} == {(code, "CI", None) for code in CODES}
    # The other indicators still have their régions.
    assert {r.unit for r in rows if r.indicator == "CH_MONITORED"} == {"CI", "CI26", "CI27"}
    assert compute(unit=territory.r1, period=parse_period("2021"), indicators=CODES) == []
    # DHIS2 receives the régions for the others, the country for the plans.
    values = dhis2.data_values(rows)
    assert {v["orgUnit"] for v in values if v["dataElement"] in CODES} == {"CI"}
    assert {v["orgUnit"] for v in values if v["dataElement"] == "CH_MONITORED"} == {"CI26", "CI27"}
    assert next(v["value"] for v in values if v["dataElement"] == "PLAN_SPENT") == "90"


def test_every_plan_indicator_counts_over_a_national_base() -> None:
    for indicator in INDICATORS:
        national = any(BASES[base].national for base in indicator.bases)
        assert indicator.national_only is national, indicator.code
    assert {i.code for i in INDICATORS if i.national_only} == set(CODES)


def test_the_national_dashboard_lists_them_and_their_page_shows_the_figure(
    team: Team, login, plans: tuple[Plan, Plan]
) -> None:
    client = login(team.analyste)
    page = client.get(reverse("indicators:dashboard", args=["CI"]) + "?periode=2021").content.decode()
    catalogue = page.split('id="catalogue"')[1]
    assert reverse("indicators:indicator", args=["CI", "PLAN_SPENT_PCT"]) in catalogue
    detail = client.get(reverse("indicators:indicator", args=["CI", "PLAN_SPENT_PCT"]) + "?periode=2021")
    assert detail.status_code == 200
    assert [(name, cells) for name, cells in detail.context["lines"]] == [("Côte d'Ivoire", ["30,0 %", "90", "300"])]
    # The selector offers every year back to the oldest plan's first (2020), not only the last five.
    years = [code for code, _label in detail.context["period_choices"][0][1]]
    assert years[-1] == "2020" and "2021" in years
    csv = client.get(reverse("indicators:indicator-csv", args=["CI", "PLAN_BUDGET"]) + "?periode=2021")
    assert csv.status_code == 200 and ",300," in csv.content.decode()
    # Below the country: not listed, and no page.
    regional = client.get(reverse("indicators:dashboard", args=["CI26"]) + "?periode=2021").content.decode()
    assert "PLAN_SPENT_PCT" not in regional
    assert client.get(reverse("indicators:indicator", args=["CI26", "PLAN_SPENT_PCT"])).status_code == 404
    # Never offered on a map.
    offered = {code for code, _label in MapForm().fields["indicator"].choices}  # type: ignore[attr-defined]
    assert "CH_LABOUR_PCT" in offered and not offered & set(CODES)
