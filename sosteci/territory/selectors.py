"""Reads of the territory: a unit with its ancestors, its sub-units with figures, search, map layers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from sosteci.core.text import name_key
from sosteci.territory.models import LEVEL_PLURALS, AdminBoundary, AdminUnit, Level


def root_unit() -> AdminUnit | None:
    return AdminUnit.objects.filter(level=Level.PAYS).first()


def unit_get(*, pk: int) -> AdminUnit | None:
    return AdminUnit.objects.select_related("parent").filter(pk=pk).first()


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """From the pays down to the unit's parent, in one query."""
    ids = unit.ancestor_ids()
    found = {u.pk: u for u in AdminUnit.objects.filter(Q(pk__in=ids) | Q(level=Level.PAYS))}
    root = [u for u in found.values() if u.level == Level.PAYS and u.pk != unit.pk]
    return root + [found[i] for i in ids if i in found]


@dataclass
class SubUnitStats:
    unit: AdminUnit
    localites: int
    covered_localites: int
    population: int
    sub_units: int


def unit_children_stats(unit: AdminUnit, on: date | None = None) -> list[SubUnitStats]:
    """Each direct sub-unit with its number of localités, covered localités and population (two queries)."""
    day = on or timezone.localdate()
    children = list(unit.children.order_by("name"))
    if not children:
        return []
    child_level = Level(children[0].level)
    covered = Q(covered_since__isnull=False, covered_since__lte=day)
    if child_level == Level.LOCALITE:
        return [
            SubUnitStats(c, 1, int(c.covered_since is not None and c.covered_since <= day), c.population or 0, 0)
            for c in children
        ]
    field = child_level.ancestor_field
    assert field is not None
    rows = (
        AdminUnit.objects.filter(unit.subtree_q(), level=Level.LOCALITE)
        .values(field)
        .annotate(n=Count("id"), covered=Count("id", filter=covered), population=Sum("population"))
    )
    by_child = {r[field]: r for r in rows}
    sub_counts = dict(
        AdminUnit.objects.filter(parent__in=children)
        .values("parent")
        .annotate(n=Count("id"))
        .values_list("parent", "n")
    )
    return [
        SubUnitStats(
            unit=c,
            localites=by_child.get(c.pk, {}).get("n", 0),
            covered_localites=by_child.get(c.pk, {}).get("covered", 0),
            population=by_child.get(c.pk, {}).get("population") or 0,
            sub_units=sub_counts.get(c.pk, 0),
        )
        for c in children
    ]


def unit_totals(unit: AdminUnit, on: date | None = None) -> dict[str, int]:
    """Counts per level under the unit, covered units and population, in one query."""
    day = on or timezone.localdate()
    rows = (
        AdminUnit.objects.filter(unit.subtree_q())
        .values("level")
        .annotate(
            n=Count("id"),
            covered=Count("id", filter=Q(covered_since__isnull=False, covered_since__lte=day)),
            population=Sum("population", filter=Q(level=Level.LOCALITE)),
        )
    )
    totals: dict[str, int] = {"population": 0}
    for row in rows:
        totals[row["level"]] = row["n"]
        totals[f"covered_{row['level']}"] = row["covered"]
        totals["population"] += row["population"] or 0
    return totals


def level_counts(unit: AdminUnit, totals: dict[str, int]) -> list[dict[str, Any]]:
    """Counts of the levels below the unit, labelled in the plural, for display."""
    return [
        {"label": LEVEL_PLURALS[level], "value": totals.get(level.value, 0)}
        for level in Level
        if level.depth > unit.depth
    ]


def unit_search(*, q: str, within: AdminUnit | None = None, limit: int = 50) -> QuerySet[AdminUnit]:
    """Units whose name (accents and case ignored) or P-code matches."""
    key = name_key(q)
    qs = AdminUnit.objects.select_related("parent")
    if within is not None:
        qs = qs.filter(within.subtree_q())
    if not key:
        return qs.none()
    qs = qs.filter(Q(name_key__contains=key) | Q(pcode__iexact=q.strip()) | Q(external_code__iexact=q.strip()))
    return qs.order_by("level", "name")[:limit]


def unit_map_layer(unit: AdminUnit) -> dict[str, Any]:
    """GeoJSON for a map of the unit: its outline, its sub-units' outlines (or points), each with the share
    of its localités covered by SOSTECI. Points whose position is doubtful are left out."""
    stats = {s.unit.pk: s for s in unit_children_stats(unit)}
    children = [s.unit for s in stats.values()]
    ids = [unit.pk, *stats]
    outlines = dict(AdminBoundary.objects.filter(unit_id__in=ids).values_list("unit_id", "geometry"))
    features: list[dict[str, Any]] = []
    for item in [unit, *children]:
        stat = stats.get(item.pk)
        share = (stat.covered_localites / stat.localites) if stat and stat.localites else 0.0
        props = {
            "id": item.pk,
            "name": item.name,
            "pcode": item.pcode,
            "level": item.level,
            "role": "self" if item.pk == unit.pk else "child",
            "covered": item.is_covered or share > 0,
            "share": round(share, 3),
            "localites": stat.localites if stat else None,
            "covered_localites": stat.covered_localites if stat else None,
        }
        if item.pk in outlines:
            features.append({"type": "Feature", "geometry": outlines[item.pk], "properties": props})
        elif item.lat is not None and item.lon is not None and not item.location_note:
            point = {"type": "Point", "coordinates": [float(item.lon), float(item.lat)]}
            features.append({"type": "Feature", "geometry": point, "properties": props})
    return {"type": "FeatureCollection", "features": features}
