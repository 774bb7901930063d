"""Reads of the performance framework: per indicator its baseline, and per year its target, actual value and
whether the target is reached. Computed values are counts of children and alerts: those who may not read
children's records see them with small cells suppressed (sosteci.indicators.suppression)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sosteci.access.models import User
from sosteci.indicators.computing import Row
from sosteci.indicators.definitions import BY_CODE
from sosteci.indicators.selectors import sees_small_cells
from sosteci.indicators.suppression import suppress
from sosteci.plans.models import Indicator, IndicatorActual, IndicatorValue, Plan
from sosteci.plans.performance import NO_DATA, Value, decreasing, status, target_value


@dataclass
class YearCell:
    year: int
    target: str = ""
    actual: str = ""
    status: str = NO_DATA
    origin: str = ""
    suppressed: bool = False


@dataclass
class IndicatorRow:
    indicator: Indicator
    baseline_year: int
    baseline: str
    lower_is_better: bool
    computed_name: str = ""
    years: list[YearCell] = field(default_factory=list)

    @property
    def level(self) -> str:
        return str(self.indicator.level)

    @property
    def code(self) -> str:
        return str(self.indicator.code)


def _hidden(actual: IndicatorActual, country: str) -> bool:
    """Would this computed national figure be suppressed for partners (a count from 1 to 4)?"""
    row = Row(
        indicator=actual.indicator.computed_code,
        unit=country,
        unit_name=country,
        level="pays",
        parent=None,
        period=str(actual.year),
        sex=None,
        age_band=None,
        category=None,
        numerator=actual.numerator,
        denominator=actual.denominator,
        value=float(actual.number) if actual.number is not None else None,
    )
    return suppress([row])[0].suppressed


def framework(*, plan: Plan, user: User, indicators: list[Indicator] | None = None) -> list[IndicatorRow]:
    """Every indicator of the plan (or those given) with its target years (those after the baseline's)."""
    hide = not sees_small_cells(user)
    queryset = (
        Indicator.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year")),
            Prefetch("actuals", queryset=IndicatorActual.objects.order_by("year")),
        )
    )
    if indicators is not None:
        queryset = queryset.filter(pk__in=[i.pk for i in indicators])
    rows = []
    for indicator in queryset:
        values = {v.year: v for v in indicator.values.all()}
        actuals = {a.year: a for a in indicator.actuals.all()}
        baseline_cell = values.get(indicator.baseline_year)
        baseline = target_value(indicator.kind, baseline_cell.text, baseline_cell.number) if baseline_cell else None
        targets = {
            y: target_value(indicator.kind, v.text, v.number) for y, v in values.items() if y != indicator.baseline_year
        }
        lower = decreasing(baseline, [targets[y] for y in sorted(targets)])
        definition = BY_CODE.get(indicator.computed_code)
        row = IndicatorRow(
            indicator=indicator,
            baseline_year=indicator.baseline_year,
            baseline=baseline_cell.text if baseline_cell else "",
            lower_is_better=lower,
            computed_name=definition.name if definition else "",
        )
        for year in plan.years:
            if year == indicator.baseline_year:
                continue
            cell = YearCell(year=year, target=values[year].text if year in values else "")
            actual = actuals.get(year)
            if actual is not None:
                cell.origin = actual.origin
                if hide and actual.origin == IndicatorActual.Origin.COMPUTED and _hidden(actual, "CI"):
                    cell.suppressed = True
                else:
                    cell.actual = actual.text
                    read = Value(text=actual.text, number=actual.number, rank=actual.rank)
                    cell.status = status(read, targets.get(year), lower_is_better=lower)
            row.years.append(cell)
        rows.append(row)
    return rows
