"""The execution dashboard's charts: the figures of a hand-built plan written in the SVG and in its tables, FCFA
with narrow no-break spaces, the stated split against the mobilised one, no empty chart."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sosteci.directory.models import StructureKind
from sosteci.plans.charts import execution_charts
from sosteci.plans.document import TBD, Budget
from sosteci.plans.models import Activity, Plan
from sosteci.plans.selectors.execution import execution_summary
from sosteci.plans.services import plan_import
from sosteci.plans.services.execution import execution_record, financing_record
from tests.conftest import Team
from tests.factories import StructureFactory
from tests.plans.conftest import small_document

pytestmark = pytest.mark.django_db
NBSP = "\u202f"


def act(code: str) -> Activity:
    return Activity.objects.select_related("action__objective__axis__plan").get(
        code=code, action__objective__axis__plan__code="PT-2020-2022"
    )


@pytest.fixture
def recorded(small_plan: Plan, territory) -> Plan:
    """2020: 100 planned, 100 committed, 90 spent; 2021: 200 planned, 150 000 committed, 50 spent; 2022: 300
    planned. Mobilised: the State 60 in 2020, a donor 240 in 2021 (20 % / 80 % against the stated 25 % / 75 %)."""
    execution_record(by=None, activity=act("I-1.1.1"), year=2020, status="done", committed=100, spent=90)
    execution_record(by=None, activity=act("I-1.1.1"), year=2021, status="under_way", committed="150 000", spent=50)
    donor = StructureFactory(kind=StructureKind.DONOR, admin_unit=territory.pays, name="Fonds <Test>")
    financing_record(by=None, plan=small_plan, year=2020, source="state", amount=60, activity=act("I-1.1.1"))
    financing_record(by=None, plan=small_plan, year=2021, source="partner", amount=240, funder=donor)
    return small_plan


def texts(svg: str) -> list[str]:
    """The figures written at the end of the bars, in drawing order."""
    return re.findall(r'class="chart-value">([^<]*)</text>', svg)


def test_each_chart_writes_the_plans_figures(recorded: Plan) -> None:
    by_year, by_axis, financing, split = execution_charts(execution_summary(plan=recorded))

    assert by_year.title == "Prévu, engagé et dépensé par année (F CFA)"
    assert by_year.columns == ["", "Prévu (F CFA)", "Engagé (F CFA)", "Dépensé (F CFA)"]
    assert by_year.rows == [
        ["2020", "100", "100", "90"],
        ["2021", "200", f"150{NBSP}000", "50"],
        ["2022", "300", "0", "0"],
    ]
    svg = str(by_year.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert texts(svg) == ["100", "100", "90", "200", f"150{NBSP}000", "50", "300", "0", "0"]
    assert ">Prévu<" in svg and ">Engagé<" in svg and ">Dépensé<" in svg  # the legend

    assert by_axis.rows == [
        ["I — Prévention", "300", f"150{NBSP}100", "140"],
        ["II — Protection", "300", "0", "0"],
    ]
    assert ">I — Prévention<" in str(by_axis.svg)

    assert financing.rows == [
        ["2020", "100", "60"],
        ["2021", "200", "240"],
        ["2022", "300", "0"],
        ["Total", "600", "300"],
    ]
    assert texts(str(financing.svg))[-2:] == ["600", "300"]

    assert split.columns == ["", "État de Côte d'Ivoire", "Partenaires"]
    assert split.rows == [["Prévu par le plan", "25,0 %", "75,0 %"], ["Mobilisé", "20,0 %", "80,0 %"]]
    assert "25,0 % / 75,0 %" in str(split.svg) and "20,0 % / 80,0 %" in str(split.svg)


def test_bars_are_drawn_to_scale(recorded: Plan) -> None:
    by_year = execution_charts(execution_summary(plan=recorded))[0]
    widths = [float(w) for w in re.findall(r'<rect x="215" y="[^"]*" width="([^"]*)"', str(by_year.svg))]
    planned_2020, committed_2021, planned_2022 = widths[0], widths[4], widths[6]
    assert committed_2021 == max(widths) > 0  # the largest figure spans the chart
    assert planned_2022 == pytest.approx(3 * planned_2020, abs=0.2)


def test_a_plan_without_costs_or_records_has_no_chart(db: None) -> None:
    document = small_document(code="PT-VIDE")
    for activity in document.activities():
        activity.budget = Budget(total=TBD)
    document.state_share = None
    document.partner_share = None
    plan = plan_import(document=document, by=None).plan
    assert execution_charts(execution_summary(plan=plan)) == []


def test_the_dashboard_shows_the_charts_and_their_tables(recorded: Plan, team: Team, login) -> None:
    response = login(team.partenaire).get(reverse("plans:execution", args=[recorded.code]))
    assert response.status_code == 200
    page = response.content.decode()
    charts = page[page.index('id="execution-charts"') :]
    assert charts.count("<svg") == 4
    assert f">150{NBSP}000</text>" in charts
    assert "Répartition État / partenaires : prévue et mobilisée (%)" in charts
    assert "<caption" in charts and "Voir les chiffres" in charts  # every chart's figures as a table
