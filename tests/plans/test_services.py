"""Importing a plan: exact storage, idempotence, updates in place, all or nothing, audit, permission."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied

from sosteci.access.models import AuditEvent
from sosteci.plans.document import PM, Amount, PlanDoc
from sosteci.plans.models import (
    Activity,
    ActivityYear,
    Axis,
    Indicator,
    IndicatorValue,
    Plan,
    StatedTotal,
    StrategicObjective,
)
from sosteci.plans.selectors import plan_document
from sosteci.plans.services import plan_import
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def ids(model) -> set[int]:
    return set(model.objects.values_list("pk", flat=True))


def test_import_stores_the_document_exactly(plan: Plan, document: PlanDoc) -> None:
    assert plan.code == "PANLTdP-2016-2020"
    assert (Axis.objects.count(), StrategicObjective.objects.count(), Activity.objects.count()) == (5, 16, 94)
    assert ActivityYear.objects.count() == 94 * 5
    # Stated rows: 24 actions, 16 objectives, 5 axes in the matrix and in the summary table, the plan twice, 2 shares.
    assert StatedTotal.objects.count() == 24 + 16 + 10 + 2 + 2
    assert (Indicator.objects.count(), IndicatorValue.objects.count()) == (40, 200)
    # Read back, the plan is the document: every amount, PM, blank, title, note and indicator value.
    assert plan_document(plan=plan).to_json() == document.to_json()


def test_pm_is_stored_as_pm_not_zero(plan: Plan) -> None:
    pm = Activity.objects.get(code="III-2.1.3")
    assert (pm.total_cost, pm.total_cost_pm, pm.total) == (None, True, PM)
    assert set(pm.years.values_list("amount", "is_pm")) == {(None, False)}
    assert Activity.objects.filter(total_cost_pm=True).count() == 5
    assert not Activity.objects.filter(total_cost=0).exists()
    nil = StatedTotal.objects.get(scope="action", subject="V.4.1").years.get(year=2020)
    assert (nil.amount, nil.is_pm, nil.as_amount) == (0, False, Amount(0))


def test_a_second_import_of_the_same_document_changes_nothing(plan: Plan, document: PlanDoc) -> None:
    before = {model: ids(model) for model in (Axis, Activity, ActivityYear, StatedTotal, Indicator, IndicatorValue)}
    audits = AuditEvent.objects.count()
    imported_at = plan.imported_at
    result = plan_import(document=copy.deepcopy(document), by=None)
    assert not result.changed
    assert result.counts["activities"].as_dict() == {
        "created": 0,
        "updated": 0,
        "unchanged": 94,
        "deleted": 0,
        "changed": [],
    }
    assert Plan.objects.count() == 1
    assert {model: ids(model) for model in before} == before
    assert AuditEvent.objects.count() == audits
    plan.refresh_from_db()
    assert plan.imported_at == imported_at


def test_the_first_import_is_audited(plan: Plan) -> None:
    event = AuditEvent.objects.get(action="plans.import")
    assert (event.object_id, event.actor_label) == (str(plan.pk), "tests")
    assert event.after["created"] is True
    assert event.after["rows"]["activities"]["created"] == 94
    assert event.after["source_sha256"] == plan.source_sha256


def test_an_amended_document_updates_in_place(plan: Plan, document: PlanDoc) -> None:
    action = next(a for a in document.actions() if a.code == "IV.2.1")
    colloquium = action.activities.pop(6)  # IV-2.1.7, the 100 000 000 missing from the stated figures
    assert colloquium.code == "IV-2.1.7"
    first = action.activities[0]
    first.budget.years[2018] = Amount(25_000_000)
    first.budget.total = Amount(55_000_000)
    kept = Activity.objects.get(code="IV-2.1.1").pk
    result = plan_import(document=document, by=None, actor_label="tests")
    assert result.changed
    counts = result.counts
    # IV-2.1.8 moves up one place: its position changes too.
    assert (counts["activities"].updated, counts["activities"].deleted, counts["activities"].created) == (2, 1, 0)
    assert counts["activity_years"].updated == 1
    assert not Activity.objects.filter(code="IV-2.1.7").exists()
    amended = Activity.objects.get(code="IV-2.1.1")
    assert (amended.pk, amended.total_cost) == (kept, 55_000_000)
    assert amended.years.get(year=2018).amount == 25_000_000
    event = AuditEvent.objects.filter(action="plans.import").latest("pk")
    assert event.after["rows"]["activities"]["changed"] == ["~IV.2.1/IV-2.1.1", "~IV.2.1/IV-2.1.8", "-IV.2.1/IV-2.1.7"]
    assert event.after["rows"]["activity_years"]["changed"] == ["~IV-2.1.1/2018"]
    assert event.after["created"] is False


def test_all_or_nothing(db: None, document: PlanDoc) -> None:
    steps: list[str] = []

    def cut_after_the_activities(step: str) -> None:
        steps.append(step)
        if step == "activités":
            raise RuntimeError("coupure")

    with pytest.raises(RuntimeError, match="coupure"):
        plan_import(document=document, by=None, progress=cut_after_the_activities)
    assert steps == ["axes", "objectifs", "actions", "activités"]
    assert not Plan.objects.exists()
    assert not Activity.objects.exists()
    assert not AuditEvent.objects.filter(action="plans.import").exists()


def test_import_writes_level_by_level(db: None, document: PlanDoc, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(35):
        plan_import(document=document, by=None)
    with django_assert_max_num_queries(15):
        assert not plan_import(document=document, by=None).changed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("analyste", True), ("admin", True), ("admin_r1", False), ("pointfocal", False), ("partenaire", False)],
)
def test_only_national_analysts_and_administrators_import(
    team: Team, document: PlanDoc, who: str, allowed: bool
) -> None:
    user = team.by_role()[who]
    if not allowed:
        with pytest.raises(PermissionDenied):
            plan_import(document=document, by=user)
        assert not Plan.objects.exists()
        return
    plan_import(document=document, by=user)
    assert AuditEvent.objects.get(action="plans.import").actor == user
