"""Map fixtures: the indicators' small register (tests/indicators/conftest.py) and outlines for its units."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from sosteci.territory.geo import geometry_digest
from sosteci.territory.models import AdminBoundary, AdminUnit
from tests.conftest import MiniTerritory
from tests.indicators.conftest import AS_OF, World, world


def square(west: float, south: float, size: float, steps: int = 1) -> dict:
    """A closed square ring as a GeoJSON Polygon (with `steps` points per side, for simplification to remove)."""
    ring = []
    for i in range(steps):
        ring.append([west + size * i / steps, south])
    for i in range(steps):
        ring.append([west + size, south + size * i / steps])
    for i in range(steps):
        ring.append([west + size - size * i / steps, south + size])
    for i in range(steps):
        ring.append([west, south + size - size * i / steps])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def outline(unit: AdminUnit, geometry: dict) -> AdminBoundary:
    return AdminBoundary.objects.create(unit=unit, geometry=geometry, digest=geometry_digest(geometry))


@pytest.fixture
def outlines(territory: MiniTerritory) -> dict[str, AdminBoundary]:
    """Nawa (R1) and Poro (R2) side by side, with their départements; Badayo and Galéa placed in Soubré."""
    t = territory
    cache.clear()
    AdminUnit.objects.filter(pk=t.l1.pk).update(lat="5.80", lon="-6.60")
    AdminUnit.objects.filter(pk=t.l2.pk).update(lat="5.85", lon="-6.55")
    AdminUnit.objects.filter(pk=t.sp2.pk).update(lat="9.45", lon="-5.60")
    return {
        "r1": outline(t.r1, square(-7.0, 5.0, 1.0, steps=40)),
        "r2": outline(t.r2, square(-6.0, 9.0, 1.0, steps=40)),
        "dep1": outline(t.dep1, square(-7.0, 5.0, 1.0)),
        "dep2": outline(t.dep2, square(-6.0, 9.0, 1.0)),
        "pays": outline(t.pays, square(-8.0, 4.0, 6.0)),
    }


__all__ = ["AS_OF", "World", "outlines", "world"]
