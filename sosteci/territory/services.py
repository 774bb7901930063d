"""Writes to the territory: applying an import plan in one transaction, setting SOSTECI coverage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.core.text import name_key
from sosteci.territory import geo
from sosteci.territory.importing.plan import ImportPlan
from sosteci.territory.importing.readers import UnitRow
from sosteci.territory.models import (
    ANCESTOR_FIELDS,
    LEVEL_ORDER,
    AdminBoundary,
    AdminUnit,
    Level,
    TerritoryImport,
)
from sosteci.territory.signals import units_moved

ANCESTOR_COLUMNS = [f"{f}_id" for f in ANCESTOR_FIELDS.values()]


@dataclass
class ApplyResult:
    created: int
    updated: int
    moved: int
    boundaries: int


def _ancestry(unit: dict[str, Any]) -> dict[str, int | None]:
    """Ancestor columns a child of `unit` inherits: the unit's own (which include the unit itself)."""
    return {column: unit[column] for column in ANCESTOR_COLUMNS}


def _unit_index() -> dict[str, dict[str, Any]]:
    return {u["pcode"]: u for u in AdminUnit.objects.values("id", "pcode", "level", *ANCESTOR_COLUMNS)}


def _new_unit(row: UnitRow, parent: dict[str, Any] | None) -> AdminUnit:
    fields = {k: v for k, v in row.fields.items() if k in {f.name for f in AdminUnit._meta.fields}}
    unit = AdminUnit(
        pcode=row.pcode,
        name=row.name,
        name_key=name_key(row.name),
        level=row.level.value,
        parent_id=parent["id"] if parent else None,
        lat=row.lat,
        lon=row.lon,
        population=row.population,
        **fields,
    )
    if parent:
        for column, value in _ancestry(parent).items():
            setattr(unit, column, value)
    return unit


def _create_units(plan: ImportPlan, index: dict[str, dict[str, Any]]) -> int:
    created = 0
    for level in LEVEL_ORDER:
        rows = [r for r in plan.creates.values() if r.level == level]
        if not rows:
            continue
        objects = [_new_unit(r, index.get(r.parent_pcode) if r.parent_pcode else None) for r in rows]
        AdminUnit.objects.bulk_create(objects, batch_size=500)
        field = level.ancestor_field
        if field:
            # A unit is its own ancestor at its level: "everything under X" then includes X.
            AdminUnit.objects.filter(level=level, **{f"{field}__isnull": True}).update(**{field: F("id")})
        for unit in AdminUnit.objects.filter(pcode__in=[r.pcode for r in rows]).values(
            "id", "pcode", "level", *ANCESTOR_COLUMNS
        ):
            index[unit["pcode"]] = unit
        created += len(objects)
    return created


def _move_units(plan: ImportPlan, index: dict[str, dict[str, Any]], by: User | None, label: str) -> int:
    moved: list[AdminUnit] = []
    for pcode, parent_pcode in sorted(plan.moves.items(), key=lambda item: Level(index[item[0]]["level"]).depth):
        unit = AdminUnit.objects.get(pcode=pcode)
        old_parent = unit.parent.pcode if unit.parent else None
        parent = index[parent_pcode]
        inherited = _ancestry(parent)
        # Columns of the levels above the unit change, for the unit and its whole subtree.
        above = {
            f"{field}_id": inherited[f"{field}_id"]
            for level, field in ANCESTOR_FIELDS.items()
            if level.depth < unit.depth
        }
        AdminUnit.objects.filter(unit.subtree_q()).update(**above)
        AdminUnit.objects.filter(pk=unit.pk).update(parent_id=parent["id"])
        index.update(_unit_index())
        moved.append(unit)
        audit_record(
            actor=by,
            actor_label=label,
            action="territory.unit.move",
            obj=unit,
            before={"parent": old_parent},
            after={"parent": parent_pcode},
        )
    if moved:
        units_moved.send(sender=AdminUnit, units=[AdminUnit.objects.get(pk=u.pk) for u in moved])
    return len(plan.moves)


def _update_units(plan: ImportPlan, by: User | None, label: str) -> int:
    units = AdminUnit.objects.in_bulk(list(plan.updates), field_name="pcode")
    changed = []
    for pcode, values in plan.updates.items():
        unit = units[pcode]
        before = {k: getattr(unit, k) for k in values}
        for key, value in values.items():
            setattr(unit, key, value)
        changed.append(unit)
        audit_record(actor=by, actor_label=label, action="territory.unit.update", obj=unit, before=before, after=values)
    fields = sorted({k for values in plan.updates.values() for k in values})
    if changed:
        AdminUnit.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=500)
    return len(changed)


def _write_boundaries(plan: ImportPlan, source: str) -> int:
    if not plan.geometries:
        return 0
    ids = dict(AdminUnit.objects.filter(pcode__in=list(plan.geometries)).values_list("pcode", "id"))
    existing = {b.unit_id: b for b in AdminBoundary.objects.filter(unit_id__in=ids.values())}
    to_create, to_update = [], []
    for pcode, geometry in plan.geometries.items():
        unit_id = ids[pcode]
        digest = geo.geometry_digest(geometry)
        boundary = existing.get(unit_id)
        if boundary is None:
            to_create.append(AdminBoundary(unit_id=unit_id, geometry=geometry, digest=digest, source=source))
        else:
            boundary.geometry, boundary.digest, boundary.source = geometry, digest, source
            to_update.append(boundary)
    AdminBoundary.objects.bulk_create(to_create, batch_size=100)
    AdminBoundary.objects.bulk_update(to_update, ["geometry", "digest", "source"], batch_size=100)
    return len(to_create) + len(to_update)


@transaction.atomic
def territory_import_apply(
    *, plan: ImportPlan, by: User | None, filename: str, boundary_source: str = "", actor_label: str = ""
) -> ApplyResult:
    """Apply the accepted rows of a plan, all or nothing; rejected rows stay in the report only.

    Rows were validated by the planner, so units are written in bulk without a per-row full_clean().
    """
    if by is not None and not may(by, Perm.TERRITORY_IMPORT):
        raise PermissionDenied
    index = _unit_index()
    created = _create_units(plan, index)
    updated = _update_units(plan, by, actor_label)
    moved = _move_units(plan, index, by, actor_label)
    boundaries = _write_boundaries(plan, boundary_source or filename)
    result = ApplyResult(created=created, updated=updated, moved=moved, boundaries=boundaries)
    if created or updated or moved or boundaries:
        created_by_level: dict[str, int] = {}
        for row in plan.creates.values():
            created_by_level[row.level.value] = created_by_level.get(row.level.value, 0) + 1
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="territory.import",
            object_type="territory.territoryimport",
            object_repr=filename,
            after={
                "created": created_by_level,
                "updated": updated,
                "moved": moved,
                "boundaries": boundaries,
                "rejected_rows": len(plan.rejected()),
                "created_pcodes_sample": list(plan.creates)[:100],
            },
        )
    return result


def territory_import_check(*, by: User, filename: str, content: bytes) -> TerritoryImport:
    """Store an uploaded file and its dry-run report (nothing in the territory changes)."""
    from sosteci.territory.importing import ImportFileError, build_plan, read_units

    if not may(by, Perm.TERRITORY_IMPORT):
        raise PermissionDenied
    record = TerritoryImport(
        filename=filename[:255], content=content, sha256=hashlib.sha256(content).hexdigest(), uploaded_by=by
    )
    try:
        plan = build_plan(read_units(filename, content))
    except ImportFileError as exc:
        record.status = TerritoryImport.Status.FAILED
        record.report = {"error": str(exc)}
    else:
        record.report = plan.as_report()
    record.save()
    return record


@transaction.atomic
def territory_import_confirm(*, by: User, record: TerritoryImport) -> ApplyResult:
    """Apply a checked upload: the plan is rebuilt against the territory as it is now."""
    from sosteci.territory.importing import build_plan, read_units

    if not may(by, Perm.TERRITORY_IMPORT):
        raise PermissionDenied
    locked = TerritoryImport.objects.select_for_update().get(pk=record.pk)
    if locked.status != TerritoryImport.Status.CHECKED:
        raise ValueError("This import is not waiting for confirmation.")
    plan = build_plan(read_units(locked.filename, bytes(locked.content)))
    result = territory_import_apply(plan=plan, by=by, filename=locked.filename)
    locked.status = TerritoryImport.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.report = {**plan.as_report(), "applied": result.__dict__}
    locked.save(update_fields=["status", "applied_at", "report", "updated_at"])
    return result


@transaction.atomic
def unit_set_coverage(*, by: User, unit: AdminUnit, covered_since: date | None) -> AdminUnit:
    """Mark a unit as covered by SOSTECI from a date (None: not covered)."""
    if not may(by, Perm.TERRITORY_EDIT, unit):
        raise PermissionDenied
    before = {"covered_since": unit.covered_since}
    unit.covered_since = covered_since
    unit.full_clean()
    unit.save(update_fields=["covered_since", "updated_at"])
    audit_record(
        actor=by,
        action="territory.unit.coverage",
        obj=unit,
        before=before,
        after={"covered_since": covered_since},
    )
    return unit
