"""The base of the action plans' budget execution: the planned budget of the activities, and the amounts committed
and spent recorded in their execution, for the whole years of the period within each plan's years.

Plans are national: the base is counted for the country only (a single cell at the country; nothing for any other
unit) and live, the plan tables being small (a hundred activities, five years). Its measures are sums of money:
the plain measure sums the planned budget (ActivityYear.amount; a PM or blank cell counts 0), the flag `committed`
the amounts committed and the flag `spent` the amounts spent (ActivityExecution), as the plan's execution page adds
them up year by year (plans.selectors.execution_summary).
"""

from __future__ import annotations

from django.db.models import F, Min, Q, Sum

from sosteci.indicators.bases.common import Base, CellKey, CountRequest
from sosteci.indicators.periods import Period
from sosteci.plans.models import ActivityExecution, ActivityYear, Plan
from sosteci.territory.models import Level

PLAN = "activity__action__objective__axis__plan__"


def whole_years(period: Period) -> tuple[int, int] | None:
    """The first and last years lying wholly in the period; None when it holds no whole year (a quarter, a month)."""
    first = period.start.year if (period.start.month, period.start.day) == (1, 1) else period.start.year + 1
    last = period.end.year if (period.end.month, period.end.day) == (12, 31) else period.end.year - 1
    return (first, last) if first <= last else None


def count_plan_amounts(request: CountRequest) -> dict[CellKey, int]:
    """The sums asked, in one cell at the country: one query for the planned budget, one for the execution."""
    years = whole_years(request.period)
    if request.scope.level_enum != Level.PAYS or years is None:
        return {}
    first, last = years
    within = Q(year__gte=first, year__lte=last) & Q(year__gte=F(f"{PLAN}start_year"), year__lte=F(f"{PLAN}end_year"))
    wanted = set(request.measures)
    sums: dict[frozenset[str], int] = {}
    if frozenset() in wanted:
        planned = ActivityYear.objects.filter(within).aggregate(total=Sum("amount"))["total"]
        sums[frozenset()] = int(planned or 0)
    if wanted - {frozenset()}:
        executed = ActivityExecution.objects.filter(within).aggregate(committed=Sum("committed"), spent=Sum("spent"))
        for name in ("committed", "spent"):
            sums[frozenset({name})] = int(executed[name] or 0)
    return {
        (request.scope.pk, None, None, None, measure): total
        for measure, total in sums.items()
        if measure in wanted and total
    }


def first_plan_year() -> int | None:
    """The first year of the oldest plan (the periods worth offering for the plans' indicators)."""
    found: int | None = Plan.objects.aggregate(first=Min("start_year"))["first"]
    return found


PLAN_BASES: tuple[Base, ...] = (
    Base(
        "plan_amounts",
        frozenset(),
        (),
        frozenset({"committed", "spent"}),
        count_plan_amounts,
        stored=False,
        national=True,
    ),
)
