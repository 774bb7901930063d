"""Writes of the performance framework: actual values entered per year, links to indicators SOSTECI computes, and
the refresh that fills linked indicators with their national yearly values (sosteci.indicators.computing)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.indicators.computing import compute
from sosteci.indicators.definitions import BY_CODE, Unit
from sosteci.indicators.periods import year as year_period
from sosteci.plans.models import Indicator, IndicatorActual, Plan
from sosteci.plans.performance import NUMBER, PERCENTAGE, ValueKindError, read_value
from sosteci.plans.services.execution import parse_year
from sosteci.territory.models import AdminUnit, Level

# Which kinds of the framework a computed indicator may fill, by its unit.
UNIT_KINDS = {Unit.NUMBER: NUMBER, Unit.PERCENT: PERCENTAGE}


def _require_edit(by: User | None) -> None:
    if by is not None and not may(by, Perm.PLAN_EDIT):
        raise PermissionDenied(Perm.PLAN_EDIT.value)


def indicator_label(indicator: Indicator) -> str:
    level = _("Effet") if indicator.level == Indicator.Level.EFFECT else _("Produit")
    return f"{level} {indicator.code}"


@transaction.atomic
def indicator_actual_record(
    *, by: User | None, indicator: Indicator, year: Any, value: Any, actor_label: str = ""
) -> IndicatorActual:
    """Enter the value an indicator reached in a year; a value of the wrong kind is refused naming the indicator
    and the year. An indicator filled by SOSTECI takes no entered value."""
    _require_edit(by)
    plan = indicator.plan
    try:
        year_value = parse_year(year, plan)
    except ValidationError as exc:
        raise ValidationError({"year": exc.messages}) from exc
    if indicator.computed_code:
        raise ValidationError(
            {
                "value": [
                    _("%(indicator)s : ses valeurs sont calculées par SOSTECI (%(code)s) ; détachez-le pour saisir.")
                    % {"indicator": indicator_label(indicator), "code": indicator.computed_code}
                ]
            }
        )
    try:
        read = read_value(indicator.kind, value)
    except ValueKindError as exc:
        raise ValidationError(
            {
                "value": [
                    _("%(indicator)s, %(year)s : %(problem)s.")
                    % {"indicator": indicator_label(indicator), "year": year_value, "problem": exc.message}
                ]
            }
        ) from exc
    return _store(
        indicator,
        year_value,
        {"text": read.text, "number": read.number, "rank": read.rank, "origin": IndicatorActual.Origin.ENTERED},
        by=by,
        actor_label=actor_label,
    )


def _store(
    indicator: Indicator, year: int, values: dict[str, Any], *, by: User | None, actor_label: str, audit: bool = True
) -> IndicatorActual:
    row = IndicatorActual.objects.filter(indicator=indicator, year=year).first()
    before = {} if row is None else {k: getattr(row, k) for k in values}
    if row is None:
        row = IndicatorActual(indicator=indicator, year=year)
    changed = {k: v for k, v in values.items() if before.get(k) != v or not before}
    if not changed and before:
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.recorded_by = by
    row.full_clean()
    row.save()
    if audit:
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="plans.indicator.actual",
            obj=row,
            before={k: before[k] for k in changed if k in before},
            after={**changed, "indicator": indicator_label(indicator), "year": year},
        )
    return row


@transaction.atomic
def indicator_link(*, by: User | None, indicator: Indicator, code: str, actor_label: str = "") -> Indicator:
    """Tie the indicator to one SOSTECI computes (its unit must fit the indicator's kind), or untie it (code "");
    untying removes the computed values."""
    _require_edit(by)
    code = code.strip()
    if code:
        definition = BY_CODE.get(code)
        if definition is None:
            raise ValidationError({"code": [_("Indicateur calculé inconnu : « %(code)s ».") % {"code": code}]})
        expected = UNIT_KINDS[definition.unit]
        if indicator.kind != expected:
            raise ValidationError(
                {
                    "code": [
                        _("%(indicator)s est de nature « %(kind)s » ; %(code)s donne un(e) « %(unit)s ».")
                        % {
                            "indicator": indicator_label(indicator),
                            "kind": indicator.get_kind_display(),
                            "code": code,
                            "unit": Indicator.Kind(expected).label,
                        }
                    ]
                }
            )
    if indicator.computed_code == code:
        return indicator
    before = indicator.computed_code
    indicator.computed_code = code
    indicator.save(update_fields=["computed_code"])
    removed = 0
    if not code:
        removed, _kinds = IndicatorActual.objects.filter(
            indicator=indicator, origin=IndicatorActual.Origin.COMPUTED
        ).delete()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="plans.indicator.link",
        obj=indicator,
        before={"computed_code": before},
        after={"computed_code": code, "computed_values_removed": removed},
    )
    return indicator


@dataclass
class RefreshResult:
    indicators: int = 0
    written: int = 0
    unchanged: int = 0
    skipped: int = 0  # years with no figure (a percentage over nobody)


def _value(kind: str, numerator: int | None, value: float | None) -> tuple[str, Decimal] | None:
    if kind == NUMBER and numerator is not None:
        return str(numerator), Decimal(numerator)
    if kind == PERCENTAGE and value is not None:
        number = Decimal(str(value))
        read = read_value(PERCENTAGE, number)
        return read.text, number
    return None


@transaction.atomic
def plan_indicators_refresh(
    *, plans: Iterable[Plan] | None = None, as_of: datetime | None = None, actor_label: str = ""
) -> RefreshResult:
    """Fill every linked indicator with the national value SOSTECI computes for each year of its plan up to the
    current one (a year not over yet is counted so far)."""
    result = RefreshResult()
    country = AdminUnit.objects.filter(level=Level.PAYS).first()
    linked = Indicator.objects.exclude(computed_code="").select_related("plan")
    if plans is not None:
        linked = linked.filter(plan__in=list(plans))
    indicators = list(linked)
    if country is None or not indicators:
        return result
    now = as_of or timezone.now()
    years = sorted({y for i in indicators for y in i.plan.years if y <= now.year})
    codes = sorted({i.computed_code for i in indicators})
    result.indicators = len(indicators)
    for year in years:
        rows = compute(unit=country, period=year_period(year), level=Level.PAYS, indicators=codes, as_of=now)
        totals = {
            r.indicator: r
            for r in rows
            if r.unit == country.pcode and r.sex is None and r.age_band is None and r.category is None
        }
        for indicator in indicators:
            if year not in indicator.plan.years:
                continue
            row = totals.get(indicator.computed_code)
            found = _value(indicator.kind, row.numerator, row.value) if row is not None else None
            if found is None or row is None:
                result.skipped += 1
                continue
            text, number = found
            values = {
                "text": text,
                "number": number,
                "rank": None,
                "origin": IndicatorActual.Origin.COMPUTED,
                "numerator": row.numerator,
                "denominator": row.denominator,
            }
            current = IndicatorActual.objects.filter(indicator=indicator, year=year).first()
            if current is not None and all(getattr(current, k) == v for k, v in values.items()):
                result.unchanged += 1
                continue
            _store(indicator, year, values, by=None, actor_label=actor_label, audit=False)
            result.written += 1
    if result.written:
        audit_record(
            actor=None,
            actor_label=actor_label or "plan_indicators_refresh",
            action="plans.indicators.refresh",
            object_type="plans.indicator",
            after={"indicators": result.indicators, "written": result.written, "as_of": now},
        )
    return result
