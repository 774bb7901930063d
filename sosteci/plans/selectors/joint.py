"""Reads of the joint matrix: linked activities side by side with their budgets by year, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sosteci.plans.document import Amount
from sosteci.plans.models import Activity, ActivityYear, JointLink, Plan


@dataclass
class Side:
    plan: str
    activity: Activity
    total: Amount
    years: dict[int, Amount]


@dataclass
class JointRow:
    link: JointLink
    sides: tuple[Side, Side]


@dataclass
class PlanTotal:
    """A plan's activities in the matrix, each counted once however many links it has."""

    plan: str
    activities: int = 0
    total: int = 0
    pm: int = 0
    tbd: int = 0
    years: dict[int, int] = field(default_factory=dict)


@dataclass
class JointMatrix:
    years: list[int]
    rows: list[JointRow]
    totals: list[PlanTotal]
    grand_total: int
    grand_years: dict[int, int]


def _side(activity: Activity) -> Side:
    return Side(
        plan=activity.action.objective.axis.plan.code,
        activity=activity,
        total=activity.total,
        years={cell.year: cell.as_amount for cell in activity.years.all()},
    )


def joint_matrix(*, plan: Plan | None = None) -> JointMatrix:
    """Every joint link (or those touching `plan`): the activity of `plan` on the left when given, else the one
    whose plan code comes first."""
    activities = Activity.objects.select_related("action__objective__axis__plan").prefetch_related(
        Prefetch("years", queryset=ActivityYear.objects.order_by("year"))
    )
    links = JointLink.objects.prefetch_related(
        Prefetch("first", queryset=activities), Prefetch("second", queryset=activities)
    ).order_by("pk")
    if plan is not None:
        links = links.filter(first__action__objective__axis__plan=plan) | links.filter(
            second__action__objective__axis__plan=plan
        )
    rows = []
    for link in links:
        first, second = _side(link.first), _side(link.second)
        if (plan is not None and second.plan == plan.code) or (plan is None and second.plan < first.plan):
            first, second = second, first
        rows.append(JointRow(link=link, sides=(first, second)))
    rows.sort(key=lambda r: (r.sides[0].plan, r.sides[0].activity.line, r.sides[1].plan, r.sides[1].activity.line))
    years = sorted({y for row in rows for side in row.sides for y in side.activity.action.objective.axis.plan.years})
    totals: dict[str, PlanTotal] = {}
    counted: set[int] = set()
    for row in rows:
        for side in row.sides:
            if side.activity.pk in counted:
                continue
            counted.add(side.activity.pk)
            total = totals.setdefault(side.plan, PlanTotal(plan=side.plan))
            total.activities += 1
            total.total += side.total.figure
            total.pm += side.total.pm
            total.tbd += side.total.tbd
            for year, cell in side.years.items():
                total.years[year] = total.years.get(year, 0) + cell.figure
    ordered = sorted(totals.values(), key=lambda t: t.plan)
    return JointMatrix(
        years=years,
        rows=rows,
        totals=ordered,
        grand_total=sum(t.total for t in ordered),
        grand_years={y: sum(t.years.get(y, 0) for t in ordered) for y in years},
    )
