"""Outil 4 consolidated: partners' efforts summed per admin unit, type of action and reporting period.

A report counts in a consolidation when its whole period lies between the chosen start and end. Actions are
summed where they happened (their locality); a report's trafficking indicators, which are not split by locality,
are summed at the report's zone (the smallest unit holding all its actions), so a report spanning two
départements counts in their région, not in either of them. Only what the user may see is summed: a partner's
own structure, or the user's jurisdiction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from sosteci.access.models import User
from sosteci.access.scoping import jurisdiction_of, restrict_to_jurisdiction
from sosteci.coordination import policy, selectors
from sosteci.coordination.models import BENEFICIARY_FIELDS, BOYS, GIRLS, TRAFFICKING_FIELDS, EffortType
from sosteci.territory.models import AdminUnit, Level

EFFORT_SUMS = (*BENEFICIARY_FIELDS, "amount_spent")


def _sums() -> dict[str, Any]:
    return {name: Coalesce(Sum(name), 0) for name in EFFORT_SUMS} | {"efforts": Count("pk")}


@dataclass
class Row:
    """One line of a consolidation: its label and the sums of its actions."""

    key: Any
    label: str
    values: dict[str, int]

    @property
    def boys(self) -> int:
        return sum(self.values.get(n, 0) for n in BOYS)

    @property
    def girls(self) -> int:
        return sum(self.values.get(n, 0) for n in GIRLS)

    @property
    def children(self) -> int:
        return self.boys + self.girls

    @property
    def adults(self) -> int:
        return self.values.get("adult_men", 0) + self.values.get("adult_women", 0)

    @property
    def beneficiaries(self) -> int:
        return self.children + self.adults

    @property
    def amount(self) -> int:
        return self.values.get("amount_spent", 0)

    @property
    def efforts(self) -> int:
        return self.values.get("efforts", 0)


@dataclass
class Consolidation:
    unit: AdminUnit
    start: date | None
    end: date | None
    total: Row
    by_unit: list[Row] = field(default_factory=list)
    by_type: list[Row] = field(default_factory=list)
    by_period: list[Row] = field(default_factory=list)
    trafficking: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    structures: int = 0

    @property
    def victims_identified(self) -> int:
        return sum(
            self.trafficking.get(n, 0)
            for n in ("victims_identified_boys", "victims_identified_girls", "victims_identified_adults")
        )


def _row(key: Any, label: str, values: Mapping[str, Any]) -> Row:
    return Row(key, label, {name: int(values.get(name) or 0) for name in (*EFFORT_SUMS, "efforts")})


def _group_key(unit: AdminUnit) -> str | None:
    """The lookup, from an action, of the unit one level below `unit` (None at a localité: nothing below)."""
    child = unit.level_enum.child
    if child is None:
        return None
    field_name = child.ancestor_field
    return f"locality__{field_name}" if field_name else "locality"


def consolidate(
    *,
    user: User,
    unit: AdminUnit,
    start: date | None = None,
    end: date | None = None,
    structure_id: int | None = None,
    activity_types: Iterable[str] = (),
) -> Consolidation:
    """Sums of the actions the user may see within `unit`, of reports whose period lies in [start, end]."""
    efforts = selectors.efforts_for(user).filter(unit.subtree_q("locality__"))
    reports = selectors.reports_for(user).filter(unit.subtree_q("zone__"))
    if not policy.acts_for_structure(user):
        # A report reaching beyond the user's jurisdiction has its figures counted above it: not the user's to sum.
        reports = restrict_to_jurisdiction(reports, user, "zone")
    if start is not None:
        efforts = efforts.filter(report__period_start__gte=start)
        reports = reports.filter(period_start__gte=start)
    if end is not None:
        efforts = efforts.filter(report__period_end__lte=end)
        reports = reports.filter(period_end__lte=end)
    if structure_id is not None:
        efforts = efforts.filter(report__structure_id=structure_id)
        reports = reports.filter(structure_id=structure_id)
    types = list(activity_types)
    if types:
        efforts = efforts.filter(activity_type__in=types)
    efforts = efforts.order_by()

    total = _row("total", str(unit.name), efforts.aggregate(**_sums()))
    result = Consolidation(unit=unit, start=start, end=end, total=total)

    key = _group_key(unit)
    if key is not None:
        grouped = {r[key]: r for r in efforts.values(key).annotate(**_sums())}
        names = {u.pk: u for u in AdminUnit.objects.filter(pk__in=[k for k in grouped if k is not None])}
        result.by_unit = sorted(
            (_row(names[k], names[k].name, v) for k, v in grouped.items() if k in names), key=lambda r: r.label
        )

    labels = dict(EffortType.choices)
    by_type = {r["activity_type"]: r for r in efforts.values("activity_type").annotate(**_sums())}
    result.by_type = [_row(code, str(labels[code]), by_type[code]) for code in EffortType.values if code in by_type]

    periods = efforts.values("report__period_start", "report__period_end").annotate(**_sums())
    result.by_period = [
        _row(
            (r["report__period_start"], r["report__period_end"]),
            f"{r['report__period_start']:%d/%m/%Y} → {r['report__period_end']:%d/%m/%Y}",
            r,
        )
        for r in sorted(periods, key=lambda r: (r["report__period_start"], r["report__period_end"]))
    ]

    counted = reports.order_by().aggregate(
        **{name: Coalesce(Sum(name), 0) for name in TRAFFICKING_FIELDS}, reports=Count("pk")
    )
    result.trafficking = {name: int(counted[name]) for name in TRAFFICKING_FIELDS}
    result.reports = int(counted["reports"])
    result.structures = efforts.values("report__structure_id").distinct().count()
    return result


def default_unit(user: User) -> AdminUnit | None:
    """Where a consolidation starts: the user's jurisdiction (a partner's too: only its own actions are summed)."""
    unit = jurisdiction_of(user)
    if unit is None:
        return AdminUnit.objects.filter(level=Level.PAYS).first()
    return unit
