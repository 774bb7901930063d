"""Reads of indicators for a user: within its jurisdiction, suppressed for those who may not read children's records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from math import prod

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import CHILD_READERS, Perm, may
from sosteci.access.roles import Role
from sosteci.access.scoping import jurisdiction_of
from sosteci.indicators.bases import BASES
from sosteci.indicators.computing import (
    IndicatorRequestError,
    Row,
    compute_table,
    effective_dimensions,
    resolve_dimensions,
    resolve_indicators,
)
from sosteci.indicators.periods import Period, PeriodKind, month, quarter, year
from sosteci.indicators.suppression import suppress
from sosteci.territory.models import AdminUnit, Level

# Above this many rows a request is refused: ask for fewer indicators, a higher level or fewer disaggregations.
MAX_ROWS = 100_000


@dataclass(frozen=True)
class IndicatorTable:
    unit: AdminUnit
    level: Level
    period: Period
    rows: list[Row]
    suppressed: bool
    as_of: datetime  # when the figures were counted (stored counts: their last refresh)


def sees_small_cells(user: User) -> bool:
    """Those who may read the children's records of their jurisdiction see every figure; partners, companies,
    providers, the hotline and administrators see cells under 5 suppressed."""
    return Role(user.role) in CHILD_READERS


def expected_rows(*, unit: AdminUnit, level: Level, indicators: Iterable[str] | None, dimensions: Iterable[str]) -> int:
    """How many rows a request gives, without computing it (one count of the sub-units)."""
    dims = resolve_dimensions(dimensions)
    units = 1 if level == unit.level_enum else 1 + AdminUnit.objects.within(unit).filter(level=level).count()
    total = 0
    for indicator in resolve_indicators(indicators):
        base = BASES[indicator.numerator.base]
        total += prod(len(base.options(d)) + 1 for d in effective_dimensions(indicator, dims))
    return total * units


def indicator_table(
    *,
    user: User,
    period: Period,
    unit: AdminUnit | None = None,
    level: Level | None = None,
    indicators: Iterable[str] | None = None,
    dimensions: Iterable[str] = (),
    as_of: datetime | None = None,
) -> IndicatorTable:
    """The indicators of `unit` (the user's jurisdiction by default) and its sub-units at `level`, for `user`."""
    scope = unit or jurisdiction_of(user)
    if scope is None or not may(user, Perm.INDICATOR_VIEW, scope):
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    level = level or scope.level_enum.child or scope.level_enum
    codes = list(indicators) if indicators else None
    dims = list(dimensions)
    count = expected_rows(unit=scope, level=level, indicators=codes, dimensions=dims)
    if count > MAX_ROWS:
        raise IndicatorRequestError(
            _(
                "La demande donnerait %(count)s lignes (au plus %(max)s) : choisissez moins d'indicateurs, un niveau "
                "plus élevé ou moins de ventilations."
            )
            % {"count": count, "max": MAX_ROWS}
        )
    result = compute_table(unit=scope, level=level, period=period, indicators=codes, dimensions=dims, as_of=as_of)
    hide = not sees_small_cells(user)
    return IndicatorTable(
        unit=scope,
        level=level,
        period=period,
        rows=suppress(result.rows) if hide else result.rows,
        suppressed=hide,
        as_of=result.as_of,
    )


# --- Dashboards ------------------------------------------------------------------------------------------------------

# The figures of a dashboard: key figures and the sub-units' table; their breakdowns; their trend.
KEY_INDICATORS: tuple[str, ...] = (
    "CH_MONITORED",
    "CH_LABOUR",
    "CH_LABOUR_PCT",
    "CH_SERVED_PCT",
    "CH_OUT_OF_LABOUR_PCT",
    "AL_RECEIVED",
    "RF_MADE",
    "COM_ACTIVE_PCT",
    "AW_REACHED",
    "EF_BENEFICIARIES",
)
BREAKDOWN_INDICATORS: tuple[str, ...] = ("CH_MONITORED", "AL_RECEIVED", "AW_REACHED", "EF_BENEFICIARIES")
TREND_INDICATORS: tuple[str, ...] = ("CH_MONITORED", "CH_LABOUR")
TREND_LENGTH = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 8, PeriodKind.YEAR: 5}


def trend_periods(kind: PeriodKind, end: date) -> list[Period]:
    """The last periods of a kind, the one holding `end` last, in time order."""
    count = TREND_LENGTH[kind]
    if kind == PeriodKind.YEAR:
        return [year(end.year - k) for k in reversed(range(count))]
    if kind == PeriodKind.QUARTER:
        index = end.year * 4 + (end.month - 1) // 3
        return [quarter(i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1)]
    index = end.year * 12 + end.month - 1
    return [month(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def dashboard_level(unit: AdminUnit) -> Level:
    """The sub-units a dashboard shows: the régions of the nation (districts are skipped), otherwise the next level
    down; a localité shows itself."""
    if unit.level_enum == Level.PAYS:
        return Level.REGION
    return unit.level_enum.child or unit.level_enum


@dataclass(frozen=True)
class DashboardRows:
    unit: AdminUnit
    level: Level
    period: Period
    trend: list[Period]
    sub_units: list[tuple[str, str]]  # (P-code, name), in P-code order
    rows: list[Row]
    suppressed: bool
    as_of: datetime


def dashboard_rows(
    *,
    unit: AdminUnit,
    period: Period,
    trend: Sequence[Period],
    suppressed: bool,
    level: Level | None = None,
    key: Sequence[str] = KEY_INDICATORS,
    breakdown: Sequence[str] = BREAKDOWN_INDICATORS,
    trend_indicators: Sequence[str] = TREND_INDICATORS,
) -> DashboardRows:
    """Every figure of a dashboard, suppressed together when asked (a figure shown in two places is hidden in both,
    and the relations between the parts protect one another)."""
    level = level or dashboard_level(unit)
    table = compute_table(unit=unit, level=level, period=period, indicators=key)
    rows = list(table.rows)
    if breakdown:
        rows += compute_table(
            unit=unit,
            level=unit.level_enum,
            period=period,
            indicators=breakdown,
            dimensions=["sex", "age_band", "category"],
        ).rows
    for moment in trend:
        rows += compute_table(unit=unit, level=unit.level_enum, period=moment, indicators=trend_indicators).rows
    sub_units = list(dict.fromkeys((r.unit, r.unit_name) for r in table.rows if r.parent is not None))
    return DashboardRows(
        unit=unit,
        level=level,
        period=period,
        trend=list(trend),
        sub_units=sub_units,
        rows=suppress(rows) if suppressed else rows,
        suppressed=suppressed,
        as_of=table.as_of,
    )


def dashboard_for(*, user: User, unit: AdminUnit, period: Period, trend: Sequence[Period]) -> DashboardRows:
    """A unit's dashboard for a user: within its jurisdiction, suppressed unless it may read children's records."""
    if not may(user, Perm.INDICATOR_VIEW, unit):
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    return dashboard_rows(unit=unit, period=period, trend=trend, suppressed=not sees_small_cells(user))


def unit_for(*, user: User, pcode: str) -> AdminUnit | None:
    """A unit the user may see the indicators of (None when unknown; PermissionDenied when out of its reach)."""
    unit = AdminUnit.objects.filter(pcode=pcode).first()
    if unit is None:
        return None
    if not may(user, Perm.INDICATOR_VIEW, unit):
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    return unit


# --- Public statistics ------------------------------------------------------------------------------------------------

# Published to everyone, without login: aggregates of children and of the actions, never of committees (a committee
# seated at the nation belongs to no région, so the nation would not be the sum of its régions).
PUBLIC_INDICATORS: tuple[str, ...] = (
    "CH_MONITORED",
    "CH_LABOUR",
    "CH_LABOUR_PCT",
    "CH_IN_SCHOOL_PCT",
    "AW_SESSIONS",
    "AW_REACHED",
    "EF_ACTIVITIES",
    "EF_BENEFICIARIES",
)
PUBLIC_BREAKDOWN: tuple[str, ...] = ("CH_MONITORED", "CH_LABOUR", "AW_REACHED")
PUBLIC_YEARS = 5


def public_rows(*, unit: AdminUnit, period: Period) -> DashboardRows:
    """The public statistics of the nation (with its régions) or of a région: always suppressed, by year only (a
    year is not split into published months that would give one another away)."""
    if unit.level_enum not in {Level.PAYS, Level.REGION} or period.kind != PeriodKind.YEAR:
        raise IndicatorRequestError(_("Les statistiques publiques portent sur le pays ou une région, par année."))
    return dashboard_rows(
        unit=unit,
        period=period,
        trend=trend_periods(PeriodKind.YEAR, period.end),
        suppressed=True,
        level=Level.REGION,  # the nation with its régions; a région alone
        key=PUBLIC_INDICATORS,
        breakdown=PUBLIC_BREAKDOWN,
        trend_indicators=("CH_MONITORED", "CH_LABOUR"),
    )


def home_rows(*, user: User, unit: AdminUnit, period: Period, codes: Sequence[str], by_sub_unit: bool) -> DashboardRows:
    """The figures a home page opens with: the unit's, and its sub-units' when asked (the régions of the nation),
    suppressed unless the user may read children's records; stored counts for large scopes, no trend."""
    if not may(user, Perm.INDICATOR_VIEW, unit):
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    return dashboard_rows(
        unit=unit,
        period=period,
        trend=(),
        suppressed=not sees_small_cells(user),
        level=None if by_sub_unit else unit.level_enum,
        key=codes,
        breakdown=(),
    )
