"""Reads of indicators for a user: within its jurisdiction, suppressed for those who may not read children's records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
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
from sosteci.indicators.periods import Period
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
