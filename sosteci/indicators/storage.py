"""Reading stored counts: the heavy bases counted ahead per sous-préfecture for a standard period
(services.counts_refresh; kept current sous-préfecture by sous-préfecture by following.py), added up by the ancestor
column of the wanted level, so that national and regional figures cost a few thousand stored cells instead of a
scan of millions of visits.

The refresh runs the very queries of the live computation (bases.py) at the sous-préfecture level for every measure of
the catalogue, so stored and live figures are the same as at the refresh; a unit's figure is the sum of its
sous-préfectures' either way, because every base counts rows that belong to one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db.models import Q, Sum

from sosteci.indicators.bases import BASES, CellKey, CountRequest
from sosteci.indicators.definitions import INDICATORS, Dimension
from sosteci.indicators.models import StoredCount, StoredPeriod
from sosteci.indicators.periods import Period
from sosteci.territory.models import ANCESTOR_FIELDS, Level

GRAIN = Level.SOUS_PREFECTURE
STORED_BASES: tuple[str, ...] = tuple(name for name, base in BASES.items() if base.stored)


def _column(level: Level) -> str | None:
    """From a stored count to its unit at `level` (None for the country)."""
    if level == Level.PAYS:
        return None
    if level == GRAIN:
        return "unit"
    return f"unit__{ANCESTOR_FIELDS[level]}"


def catalogue_measures(base: str) -> frozenset[frozenset[str]]:
    """The flag sets the indicators count over a base (what a refresh stores)."""
    return frozenset(
        m.flags for i in INDICATORS for m in (i.numerator, i.denominator) if m is not None and m.base == base
    )


def flags_text(flags: frozenset[str]) -> str:
    return ",".join(sorted(flags))


def flag_set(text: str) -> frozenset[str]:
    """A measure's flags as stored (the reverse of `flags_text`)."""
    return frozenset(text.split(",")) if text else frozenset()


def stored_as_of(needs: Mapping[str, Iterable[frozenset[str]]], period: Period) -> datetime | None:
    """Up to when the stored rows of these bases are current, for the oldest of them: its full count, or the
    follower's last complete pass (every change marked before it counted again: following.py), whichever is later.
    None unless every base is stored with every measure needed (an indicator added since the last refresh is
    counted live until the next one)."""
    found = {row.base: row for row in StoredPeriod.objects.filter(base__in=list(needs), period=period.code)}
    if not needs or set(found) != set(needs):
        return None
    for name, measures in needs.items():
        if not {flags_text(m) for m in measures} <= set(found[name].measures):
            return None
    return min(max(row.computed_at, row.current_at or row.computed_at) for row in found.values())


def stored_cells(name: str, request: CountRequest) -> dict[CellKey, int]:
    """The stored cells of a base within the request's scope, added up by unit at its level (one query)."""
    if request.level.depth > GRAIN.depth or request.scope.level_enum.depth > GRAIN.depth:
        raise ValueError("stored counts stop at the sous-préfecture")
    scope_column = _column(request.scope.level_enum)
    column = _column(request.level)
    dims = [d.value for d in (Dimension.SEX, Dimension.AGE_BAND, Dimension.CATEGORY) if d in request.dimensions]
    columns = [*([column] if column else []), *dims, "flags"]
    query = (
        StoredCount.objects.filter(
            base=name, period=request.period.code, flags__in=[flags_text(m) for m in request.measures]
        )
        .filter(Q(**{scope_column: request.scope.pk}) if scope_column else Q())
        .values(*columns)
        .annotate(n=Sum("count"))
        .values_list(*columns, "n")
        .order_by()
    )
    flag_sets = {flags_text(m): m for m in request.measures}
    cells: dict[CellKey, int] = defaultdict(int)
    for values in query:
        found: dict[str, Any] = dict(zip(columns, values[:-1], strict=True))
        key: CellKey = (
            found[column] if column else request.scope.pk,
            found.get("sex") or None,
            found.get("age_band") or None,
            found.get("category") or None,
            flag_sets[found["flags"]],
        )
        cells[key] += values[-1]
    return dict(cells)
