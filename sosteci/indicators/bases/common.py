"""The machinery every base shares: the request, the cell keys, a base's description, and one GROUP BY per count.

A base is a set of rows with a place, its disaggregations and boolean flags. `count()` returns, for each measure
asked (a set of flags), how many rows holding those flags fall in each (unit, sex, age band, category) cell (or, for
the bases that count people or money, the sum of their figures in that cell): the computation adds these up, never a
row at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Sum

from sosteci.collect.models import Submission
from sosteci.indicators.definitions import Dimension
from sosteci.indicators.periods import Period
from sosteci.registry.models import REJECTED_REVIEW, Sex
from sosteci.territory.models import ANCESTOR_FIELDS, AdminUnit, Level

# Age at the visit, in the bands of the ILO statistical standards used by SOSTECI; the youngest band catches the
# early visits of children registered at 5 (the register follows 5-17), so that the bands add up to the total.
AGE_BANDS: tuple[str, ...] = ("0-4", "5-11", "12-14", "15-17")
SEXES: tuple[str, ...] = tuple(Sex.values)

# PostgreSQL, for the time of one computation: room for the sets of children (identified, served…) to be hashed
# once rather than looked up child by child, and no JIT compilation (it costs more than these queries take).
POSTGRESQL_SESSION = ("SET LOCAL work_mem = '256MB'", "SET LOCAL jit = off")


@contextmanager
def analytic_session() -> Iterator[None]:
    """A read transaction tuned for the aggregate queries (SET LOCAL ends with the transaction)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in POSTGRESQL_SESSION:
                    cursor.execute(statement)
        yield


@dataclass(frozen=True)
class CountRequest:
    """Count the rows of a base within `scope`, by unit at `level`, in `period`, split by `dimensions`."""

    scope: AdminUnit
    level: Level
    period: Period
    dimensions: frozenset[Dimension]
    measures: frozenset[frozenset[str]]  # the flag sets counted: each cell counts the rows holding all of a set
    as_of: datetime

    @property
    def flags(self) -> frozenset[str]:
        return frozenset().union(*self.measures)


# (unit id at the level, sex, age band, category, flag set of a measure) -> number of rows holding at least those
# flags; None where not split.
CellKey = tuple[int | None, str | None, str | None, str | None, frozenset[str]]


@dataclass(frozen=True)
class Base:
    name: str
    dimensions: frozenset[Dimension]
    categories: tuple[str, ...]
    flags: frozenset[str]
    count: Callable[[CountRequest], dict[CellKey, int]]
    # Counted ahead per sous-préfecture (storage.py): the bases that scan millions of rows. Alerts stay live.
    stored: bool = True
    age_bands: tuple[str, ...] = AGE_BANDS
    # Counted for the country only (action plans): its cells sit at the country, whatever the level asked.
    national: bool = False

    def options(self, dimension: Dimension) -> tuple[str, ...]:
        if dimension == Dimension.SEX:
            return SEXES
        if dimension == Dimension.AGE_BAND:
            return self.age_bands
        return self.categories


def place(prefix: str, denormalised: bool) -> Callable[[Level], str | None]:
    """The lookup from a row to its unit at a level: through a holder carrying copies of the ancestors (a child) or
    through its locality (an alert, a case), whose own ancestor columns are then used. None for the country."""

    def lookup(level: Level) -> str | None:
        if level == Level.PAYS:
            return None
        if level == Level.LOCALITE:
            return f"{prefix}locality"
        field = ANCESTOR_FIELDS[level]
        return f"{prefix}{field}" if denormalised else f"{prefix}locality__{field}"

    return lookup


def within(lookup: Callable[[Level], str | None], unit: AdminUnit) -> Q:
    column = lookup(unit.level_enum)
    return Q() if column is None else Q(**{column: unit.pk})


def grouped(
    queryset: QuerySet[Any],
    *,
    unit_column: str | Any | None,
    columns: Mapping[Dimension, Any],
    flags: Mapping[str, Any],
    request: CountRequest,
) -> dict[CellKey, int]:
    """One GROUP BY query (unit, the requested dimensions, the flags of the measures), then each group's count added
    to every measure whose flags it holds. `unit_column` is a lookup or an expression (None: the scope itself)."""
    wanted = {f"d_{d.value}": expr for d, expr in columns.items() if d in request.dimensions}
    flag_exprs = {f"f_{name}": flags[name] for name in sorted(request.flags)}
    unit = {} if unit_column is None else {"u": F(unit_column) if isinstance(unit_column, str) else unit_column}
    annotations: dict[str, Any] = {**unit, **wanted, **flag_exprs}
    if annotations:
        rows = list(queryset.annotate(**annotations).values(*annotations).annotate(n=Count("pk")).order_by())
    else:
        rows = [{"n": queryset.count()}]
    cells: dict[CellKey, int] = defaultdict(int)
    for row in rows:
        if not row["n"]:
            continue
        holding = frozenset(name for name in request.flags if row[f"f_{name}"])
        for measure in request.measures:
            if measure <= holding:
                where = (row.get("u", request.scope.pk), row.get("d_sex"), row.get("d_age_band"), row.get("d_category"))
                cells[(*where, measure)] += row["n"]
    return dict(cells)


def summed(
    queryset: QuerySet[Any],
    *,
    unit_column: str | Any | None,
    category: Any | None,
    parts: Mapping[str, tuple[str | None, str | None]],
    request: CountRequest,
) -> dict[CellKey, int]:
    """For the bases that count people or money held in columns: one GROUP BY query (unit, category) summing each
    column of `parts`, whose sum goes to the column's (sex, age band) cell. No flags: only the plain measure."""
    dims = request.dimensions
    unit = {} if unit_column is None else {"u": F(unit_column) if isinstance(unit_column, str) else unit_column}
    annotations: dict[str, Any] = {
        **unit,
        **({"c": category} if category is not None and Dimension.CATEGORY in dims else {}),
    }
    sums = {f"s_{name}": Sum(name) for name in parts}
    if annotations:
        rows = list(queryset.annotate(**annotations).values(*annotations).annotate(**sums).order_by())
    else:
        rows = [queryset.aggregate(**sums)]
    cells: dict[CellKey, int] = defaultdict(int)
    plain = frozenset[str]()
    if plain not in request.measures:
        return {}
    for row in rows:
        for name, (sex, band) in parts.items():
            value = row[f"s_{name}"] or 0
            if value:
                key: CellKey = (
                    row.get("u", request.scope.pk),
                    sex if Dimension.SEX in dims else None,
                    band if Dimension.AGE_BAND in dims else None,
                    row.get("c"),
                    plain,
                )
                cells[key] += int(value)
    return dict(cells)


def flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def rejected_submissions() -> QuerySet[Submission]:
    return Submission.objects.filter(review=REJECTED_REVIEW)
