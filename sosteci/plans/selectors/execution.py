"""Reads of a plan's execution and financing: planned against committed and spent, by year and axis; mobilised
against planned; the financing split the plan states against the one mobilised."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from sosteci.directory.models import Structure
from sosteci.plans.models import (
    FUNDER_KINDS,
    Activity,
    ActivityExecution,
    ActivityYear,
    Axis,
    ExecutionStatus,
    Financing,
    FinancingSource,
    Plan,
    StatedTotal,
)


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


@dataclass
class Line:
    """One row of the dashboard: a year, an axis or the total."""

    key: str
    label: str
    planned: int = 0
    committed: int = 0
    spent: int = 0
    mobilised: int = 0

    @property
    def executed_pct(self) -> float | None:
        """Spent against planned."""
        return percent(self.spent, self.planned)

    @property
    def committed_pct(self) -> float | None:
        return percent(self.committed, self.planned)

    @property
    def mobilised_pct(self) -> float | None:
        return percent(self.mobilised, self.planned)


@dataclass
class Share:
    label: str
    stated: int | None
    stated_pct: float | None
    mobilised: int
    mobilised_pct: float | None


@dataclass
class ExecutionSummary:
    plan: Plan
    years: list[Line]
    axes: list[Line]
    total: Line
    statuses: list[tuple[str, str, int]]  # (code, label, activity-years)
    recorded: int  # activity-years with an execution record
    activity_years: int  # activities × years of the plan
    split: list[Share]
    funders: list[tuple[str, int]]  # partner name, amount mobilised
    unassigned: int  # mobilised for the plan as a whole (no activity, hence no axis)
    warnings: list[str] = field(default_factory=list)


def executions_for(plan: Plan) -> QuerySet[ActivityExecution]:
    return ActivityExecution.objects.filter(activity__action__objective__axis__plan=plan)


def financings_for(plan: Plan) -> QuerySet[Financing]:
    return Financing.objects.filter(plan=plan)


def funder_list() -> QuerySet[Structure]:
    """The structures of the directory that may be recorded as a plan's financial partner (active ones)."""
    return Structure.objects.filter(kind__in=FUNDER_KINDS, is_active=True).order_by("name")


def execution_summary(*, plan: Plan) -> ExecutionSummary:
    """Every figure of the execution dashboard, in a fixed number of queries."""
    years = {y: Line(str(y), str(y)) for y in plan.years}
    axes = {
        a.pk: Line(a.code, a.title) for a in Axis.objects.filter(plan=plan).order_by("position").only("code", "title")
    }
    total = Line("total", "Total")
    activity_axis = dict(
        Activity.objects.filter(action__objective__axis__plan=plan).values_list("pk", "action__objective__axis")
    )
    for activity_id, cost in Activity.objects.filter(action__objective__axis__plan=plan).values_list(
        "pk", "total_cost"
    ):
        axes[activity_axis[activity_id]].planned += cost or 0
    for year, amount in ActivityYear.objects.filter(activity__action__objective__axis__plan=plan).values_list(
        "year", "amount"
    ):
        if year in years:
            years[year].planned += amount or 0
    total.planned = sum(line.planned for line in axes.values())
    statuses: Counter[str] = Counter()
    planned_cells = {
        (cell.activity_id, cell.year): cell.amount
        for cell in ActivityYear.objects.filter(activity__action__objective__axis__plan=plan, amount__isnull=False)
    }
    warnings = []
    for row in executions_for(plan).select_related("activity").order_by("activity__line", "year"):
        statuses[row.status] += 1
        for line in (years.get(row.year), axes[activity_axis[row.activity_id]], total):
            if line is not None:
                line.committed += row.committed
                line.spent += row.spent
        budget = planned_cells.get((row.activity_id, row.year))
        if budget is not None and row.committed > budget:
            warnings.append(f"{row.activity.code} {row.year}")
    by_source: Counter[str] = Counter()
    funders: Counter[str] = Counter()
    unassigned = 0
    for financing in financings_for(plan).select_related("funder"):
        by_source[financing.source] += financing.amount
        if financing.funder is not None:
            funders[financing.funder.name] += financing.amount
        if financing.year in years:
            years[financing.year].mobilised += financing.amount
        if financing.activity_id is None:
            unassigned += financing.amount
        else:
            axes[activity_axis[financing.activity_id]].mobilised += financing.amount
        total.mobilised += financing.amount
    return ExecutionSummary(
        plan=plan,
        years=list(years.values()),
        axes=list(axes.values()),
        total=total,
        statuses=[(code, str(label), statuses[code]) for code, label in ExecutionStatus.choices],
        recorded=sum(statuses.values()),
        activity_years=len(activity_axis) * len(years),
        split=_split(plan, by_source),
        funders=funders.most_common(),
        unassigned=unassigned,
        warnings=warnings,
    )


def _split(plan: Plan, mobilised: Counter[str]) -> list[Share]:
    """The State's and the partners' shares as the plan states them (its summary table), and as mobilised."""
    stated: dict[str, int | None] = dict(
        StatedTotal.objects.filter(
            plan=plan, scope__in=[StatedTotal.Scope.STATE_SHARE, StatedTotal.Scope.PARTNER_SHARE]
        ).values_list("scope", "total_amount")
    )
    state, partners = stated.get(StatedTotal.Scope.STATE_SHARE), stated.get(StatedTotal.Scope.PARTNER_SHARE)
    stated_whole = (state or 0) + (partners or 0)
    whole = sum(mobilised.values())
    return [
        Share(
            label=str(FinancingSource.STATE.label),
            stated=state,
            stated_pct=percent(state, stated_whole) if state is not None else None,
            mobilised=mobilised[FinancingSource.STATE],
            mobilised_pct=percent(mobilised[FinancingSource.STATE], whole),
        ),
        Share(
            label=str(FinancingSource.PARTNER.label),
            stated=partners,
            stated_pct=percent(partners, stated_whole) if partners is not None else None,
            mobilised=mobilised[FinancingSource.PARTNER],
            mobilised_pct=percent(mobilised[FinancingSource.PARTNER], whole),
        ),
    ]


def execution_grid(*, plan: Plan) -> list[dict[str, object]]:
    """Every activity-year of the plan with its planned budget and its execution if recorded (the spreadsheet's
    rows and the entry page's table), in the document's order."""
    records = {(e.activity_id, e.year): e for e in executions_for(plan)}
    cells = {
        (c.activity_id, c.year): c.as_amount
        for c in ActivityYear.objects.filter(activity__action__objective__axis__plan=plan)
    }
    rows: list[dict[str, object]] = []
    activities = Activity.objects.filter(action__objective__axis__plan=plan).order_by(
        "action__objective__axis__position", "action__objective__position", "action__position", "position"
    )
    for activity in activities:
        for year in plan.years:
            rows.append(
                {
                    "activity": activity,
                    "year": year,
                    "planned": cells.get((activity.pk, year)),
                    "execution": records.get((activity.pk, year)),
                }
            )
    return rows


def financing_grid(*, plan: Plan) -> list[dict[str, object]]:
    """The rows of the financing workbook: first what was mobilised for the plan as a whole, then every activity-year
    of the plan in the document's order with its planned budget and each financing recorded for it (one empty row
    when there is none)."""
    recorded: dict[tuple[int | None, int], list[Financing]] = {}
    for financing in financings_for(plan).select_related("funder", "activity").order_by("year", "source", "pk"):
        recorded.setdefault((financing.activity_id, financing.year), []).append(financing)
    cells = {
        (c.activity_id, c.year): c.as_amount
        for c in ActivityYear.objects.filter(activity__action__objective__axis__plan=plan)
    }
    rows: list[dict[str, object]] = []
    for year in plan.years:
        for financing in recorded.get((None, year), []):
            rows.append({"activity": None, "year": year, "planned": None, "financing": financing})
    activities = Activity.objects.filter(action__objective__axis__plan=plan).order_by(
        "action__objective__axis__position", "action__objective__position", "action__position", "position"
    )
    for activity in activities:
        for year in plan.years:
            found: list[Financing | None] = [*recorded.get((activity.pk, year), [])] or [None]
            for entry in found:
                rows.append(
                    {"activity": activity, "year": year, "planned": cells.get((activity.pk, year)), "financing": entry}
                )
    return rows
