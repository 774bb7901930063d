"""Reads of the repertoire of structures: open to every signed-in role (no personal data of children here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.directory.models import Structure, StructureQuerySet
from sosteci.territory import geo
from sosteci.territory.models import AdminBoundary, AdminUnit, Level


@dataclass(frozen=True)
class StructureFilters:
    q: str = ""
    kind: str = ""
    service: str = ""
    unit: AdminUnit | None = None
    with_places: bool = False


def structures_for(user: User) -> StructureQuerySet:
    """Every structure the user may read: all of them, for any role holding DIRECTORY_VIEW."""
    if not may(user, Perm.DIRECTORY_VIEW):
        return Structure.objects.none()
    return Structure.objects.all()


def structure_list(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    service: str = "",
    unit: AdminUnit | None = None,
    with_places: bool = False,
) -> StructureQuerySet:
    """Structures by name, acronym, code or contact; of a type, offering a service, located within a unit
    (its subtree), able to take a child (active, with free places or places not tracked); in name order."""
    qs = structures_for(user).select_related("admin_unit")
    text = q.strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(acronym__icontains=text)
            | Q(code__iexact=text)
            | Q(contact_name__icontains=text)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if service:
        qs = qs.offering(service)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("admin_unit__"))
    if with_places:
        qs = qs.active().with_places()
    return qs.order_by("name", "pk")


def structure_filtered(*, user: User, filters: StructureFilters) -> StructureQuerySet:
    return structure_list(user=user, **vars(filters))


def structure_get(*, user: User, pk: int) -> Structure | None:
    return structures_for(user).select_related("admin_unit").prefetch_related("coverage").filter(pk=pk).first()


# Deeper units first: a structure of the sous-préfecture before the national service.
_LOCAL_FIRST = Case(
    *(When(admin_unit__level=level, then=Value(-level.depth)) for level in Level),
    default=Value(0),
    output_field=IntegerField(),
)
_PLACES_FIRST = Case(
    When(places_free__gt=0, then=Value(0)),
    When(places_free__isnull=True, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def structures_for_referral(*, service: str, unit: AdminUnit, on: date | None = None) -> QuerySet[Structure]:
    """Where a child of `unit` may be referred for `service`: active structures, authorised on the day (or
    without authorisation dates), offering the service and serving the unit; those with free places first,
    then those not tracking places, then full ones; the most local first; then by name."""
    day = on or timezone.localdate()
    return (
        Structure.objects.active()
        .authorised_on(day)
        .offering(service)
        .serving(unit)
        .select_related("admin_unit")
        .annotate(places_rank=_PLACES_FIRST, local_rank=_LOCAL_FIRST)
        .order_by("places_rank", "local_rank", "name", "pk")
    )


def structure_map_layer(structures: QuerySet[Structure]) -> dict[str, Any]:
    """GeoJSON points of the structures that have coordinates, with what a popup shows."""
    features = []
    rows = structures.filter(lat__isnull=False, lon__isnull=False).select_related("admin_unit")
    for s in rows:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(s.lon or 0), float(s.lat or 0)]},
                "properties": {
                    "id": s.pk,
                    "code": s.code,
                    "name": s.name,
                    "acronym": s.acronym,
                    "kind": s.kind,
                    "kind_label": str(s.get_kind_display()),
                    "unit": s.admin_unit.name,
                    "services": s.service_labels,
                    "capacity": s.capacity,
                    "places_free": s.places_free,
                    "active": s.is_active,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


_OUTLINES: dict[str, dict[str, Any]] = {}  # digest of the boundary -> simplified outline, per process


def country_outline() -> dict[str, Any] | None:
    """The outline of the country, simplified for a map background (a few kilobytes); None when not loaded."""
    row = AdminBoundary.objects.filter(unit__level=Level.PAYS).values_list("pk", "digest").first()
    if row is None:
        return None
    pk, digest = row
    if digest not in _OUTLINES:
        geometry = AdminBoundary.objects.values_list("geometry", flat=True).get(pk=pk)
        shape = geo.to_shape(geometry).simplify(0.01, preserve_topology=True)
        _OUTLINES.clear()
        _OUTLINES[digest] = geo.from_shape(shape, decimals=4)
    return _OUTLINES[digest]
