"""The demo's plans: both documents imported, execution, financing, actuals and joint links written once."""

from __future__ import annotations

import pytest

from sosteci.plans.models import ActivityExecution, Financing, IndicatorActual, JointLink, Plan
from sosteci.plans.selectors.execution import execution_summary
from sosteci.web.demo import plans as demo_plans
from tests.conftest import MiniTerritory

pytestmark = pytest.mark.django_db


def test_demo_plans_are_built_once(territory: MiniTerritory) -> None:
    first = demo_plans.build(seed=7)
    assert set(Plan.objects.values_list("code", flat=True)) == {"PANLTdP-2016-2020", "FDR-TF87-2021-2025"}
    assert first.executions == ActivityExecution.objects.count() > 20
    assert first.financings == Financing.objects.count() == 3  # the State each year; no demo funder here
    # Ten entered, and II.1.1 computed from the alerts for each of the plan's five years.
    assert first.actuals == IndicatorActual.objects.count() == 10 + 5
    assert first.joint_links == JointLink.objects.count() == 4
    summary = execution_summary(plan=Plan.objects.get(code="PANLTdP-2016-2020"))
    assert 0 < summary.total.spent <= summary.total.committed
    again = demo_plans.build(seed=7)
    assert (again.plans, again.executions, again.financings, again.joint_links) == (2, 0, 0, 0)
    assert ActivityExecution.objects.count() == first.executions
