"""Reads of action plans (no personal data): for roles holding PLAN_VIEW, with the tree loaded in a few queries.

The execution dashboard is in selectors/execution.py, the performance framework in selectors/performance.py, the
joint matrix in selectors/joint.py.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.plans.document import (
    ActionDoc,
    ActivityDoc,
    AxisDoc,
    Budget,
    IndicatorDoc,
    IndicatorValue,
    ObjectiveDoc,
    PlanDoc,
    StatedRow,
)
from sosteci.plans.models import (
    Action,
    Activity,
    ActivityYear,
    Axis,
    Indicator,
    Plan,
    StatedTotal,
    StrategicObjective,
)
from sosteci.plans.reconcile import Reconciliation, reconcile


def plans_for(user: User) -> QuerySet[Plan]:
    if not may(user, Perm.PLAN_VIEW):
        return Plan.objects.none()
    return Plan.objects.all()


def plan_list(*, user: User) -> list[PlanDoc]:
    """Every plan the user may read, each as a document (stated totals, counts), newest period first."""
    return [plan_document(plan=plan) for plan in plans_for(user)]


def plan_get(*, user: User, code: str) -> Plan | None:
    return plans_for(user).filter(code=code).first()


def _stated_rows(plan: Plan) -> dict[tuple[str, str, str], StatedRow]:
    rows: dict[tuple[str, str, str], StatedRow] = {}
    for total in StatedTotal.objects.filter(plan=plan).prefetch_related("years"):
        budget = Budget(total=total.total, years={y.year: y.as_amount for y in total.years.all()})
        rows[total.scope, total.source, total.subject] = StatedRow(label=total.label, line=total.line, budget=budget)
    return rows


def plan_document(*, plan: Plan) -> PlanDoc:
    """The plan as plain data, rebuilt from the database (what reconciliation and the pages read)."""
    activities = Activity.objects.prefetch_related(Prefetch("years", queryset=ActivityYear.objects.order_by("year")))
    tree = (
        Axis.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=StrategicObjective.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "actions",
                        queryset=Action.objects.order_by("position").prefetch_related(
                            Prefetch("activities", queryset=activities.order_by("position"))
                        ),
                    )
                ),
            )
        )
    )
    stated = _stated_rows(plan)
    scope, source = StatedTotal.Scope, StatedTotal.Source
    doc = PlanDoc(
        code=plan.code,
        title=plan.title,
        start_year=plan.start_year,
        end_year=plan.end_year,
        kind=plan.kind,
        currency=plan.currency,
        source_name=plan.source_name,
        source_sha256=plan.source_sha256,
        stated=stated.get((scope.PLAN, source.MATRIX, "")),
        recap=stated.get((scope.PLAN, source.RECAP, "")),
        state_share=stated.get((scope.STATE_SHARE, source.RECAP, "")),
        partner_share=stated.get((scope.PARTNER_SHARE, source.RECAP, "")),
        notes=list(plan.notes),
    )
    for axis in tree:
        axis_doc = AxisDoc(
            code=axis.code,
            title=axis.title,
            line=axis.line,
            stated=stated.get((scope.AXIS, source.MATRIX, axis.code)),
            recap=stated.get((scope.AXIS, source.RECAP, axis.code)),
        )
        doc.axes.append(axis_doc)
        for objective in axis.objectives.all():
            objective_doc = ObjectiveDoc(
                code=objective.code,
                title=objective.title,
                line=objective.line,
                effect=objective.effect,
                indicator=objective.indicator,
                stated=stated.get((scope.OBJECTIVE, source.MATRIX, objective.code)),
            )
            axis_doc.objectives.append(objective_doc)
            for action in objective.actions.all():
                action_doc = ActionDoc(
                    code=action.code,
                    title=action.title,
                    line=action.line,
                    product=action.product,
                    indicator=action.indicator,
                    stated=stated.get((scope.ACTION, source.MATRIX, action.code)),
                )
                objective_doc.actions.append(action_doc)
                for activity in action.activities.all():
                    action_doc.activities.append(
                        ActivityDoc(
                            code=activity.code,
                            title=activity.title,
                            responsible=activity.responsible,
                            partners=activity.partners,
                            budget=Budget(
                                total=activity.total, years={y.year: y.as_amount for y in activity.years.all()}
                            ),
                            line=activity.line,
                            duration=activity.duration,
                        )
                    )
    for indicator in Indicator.objects.filter(plan=plan).order_by("position").prefetch_related("values"):
        doc.indicators.append(
            IndicatorDoc(
                level=indicator.level,
                code=indicator.code,
                code_as_written=indicator.code_as_written,
                result=indicator.result,
                name=indicator.name,
                kind=indicator.kind,
                values={v.year: IndicatorValue(text=v.text, number=_plain(v.number)) for v in indicator.values.all()},
                baseline_year=indicator.baseline_year,
                responsible=indicator.responsible,
                source=indicator.source,
                line=indicator.line,
            )
        )
    return doc


def _plain(number: Decimal | None) -> Decimal | None:
    """A stored number without its trailing zeros: 20.0000 → 20, 2.5000 → 2.5 (never 2E+1)."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def plan_reconciliation(*, plan: Plan) -> Reconciliation:
    return reconcile(plan_document(plan=plan))
