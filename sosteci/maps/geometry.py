"""Outlines of the units at a level within a scope, simplified together on the server and cached.

The boundaries held (the 510 sous-préfectures of COD-AB 2018 and the départements, régions and districts dissolved
from them) weigh megabytes; a map needs kilobytes. The outlines of a level are simplified as one coverage
(`shapely.coverage_simplify`), so neighbours keep a shared edge with neither gap nor overlap, and rounded to 4
decimals (about 10 m). The result is cached under the digests of the boundaries it was made from: a new import of
the territory changes them, and with them the key.
"""

from __future__ import annotations

import hashlib
from typing import Any

import shapely
from django.core.cache import cache

from sosteci.territory import geo
from sosteci.territory.models import AdminBoundary, AdminUnit, Level

# Degrees (1° ≈ 111 km): coarse for a country-wide map of régions, finer for smaller units.
TOLERANCE: dict[Level, float] = {
    Level.PAYS: 0.02,
    Level.DISTRICT: 0.015,
    Level.REGION: 0.01,
    Level.DEPARTEMENT: 0.006,
    Level.SOUS_PREFECTURE: 0.003,
}
DECIMALS = 4
CACHE_SECONDS = 24 * 3600


def simplified_outlines(unit: AdminUnit, level: Level) -> dict[str, dict[str, Any]]:
    """{P-code: GeoJSON geometry} of the units at `level` within `unit` (the unit itself at its own level) that have
    an outline; units without one are simply absent."""
    units = AdminUnit.objects.within(unit).filter(level=level)
    rows = list(
        AdminBoundary.objects.filter(unit__in=units.values("pk"))
        .order_by("unit__pcode")
        .values_list("unit__pcode", "digest")
    )
    if not rows:
        return {}
    tolerance = TOLERANCE.get(level, 0.002)
    version = hashlib.sha256("|".join(f"{p}:{d}" for p, d in rows).encode()).hexdigest()[:24]
    key = f"maps:outlines:{level.value}:{unit.pk}:{tolerance}:{version}"
    found: dict[str, dict[str, Any]] | None = cache.get(key)
    if found is None:
        found = _simplify(units, tolerance)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _simplify(units: Any, tolerance: float) -> dict[str, dict[str, Any]]:
    rows = list(
        AdminBoundary.objects.filter(unit__in=units.values("pk"))
        .order_by("unit__pcode")
        .values_list("unit__pcode", "geometry")
    )
    pcodes = [pcode for pcode, _geometry in rows]
    shapes = [shapely.make_valid(geo.to_shape(geometry)) for _pcode, geometry in rows]
    try:
        simplified = shapely.coverage_simplify(shapes, tolerance)
    except shapely.errors.GEOSException:  # not a clean coverage: simplify each outline on its own
        simplified = [shape.simplify(tolerance, preserve_topology=True) for shape in shapes]
    result = {}
    for pcode, original, shape in zip(pcodes, shapes, simplified, strict=True):
        if shape is None or shape.is_empty:
            shape = original
        result[pcode] = geo.from_shape(shape, decimals=DECIMALS)
    return result
