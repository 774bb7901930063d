"""Geometry helpers over GeoJSON with shapely: country check, centroids, dissolving, digests."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from shapely import geometry as sgeom
from shapely import union_all
from shapely.prepared import prep

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRY_FILE = DATA_DIR / "civ_adm0_country_cod-ab_2018.geojson"
# Points a little outside the official outline (coastal villages, rounding) are still accepted.
COUNTRY_TOLERANCE_DEG = 0.05
COORD_DECIMALS = 6


def round_coords(geometry: dict[str, Any], decimals: int = COORD_DECIMALS) -> dict[str, Any]:
    """A copy of a GeoJSON geometry with coordinates rounded (stable digests, smaller storage)."""

    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(c), decimals) for c in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def geometry_digest(geometry: dict[str, Any]) -> str:
    canonical = json.dumps(geometry, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def to_shape(geometry: dict[str, Any]) -> Any:
    return sgeom.shape(geometry)


def from_shape(shape: Any, decimals: int = COORD_DECIMALS) -> dict[str, Any]:
    return round_coords(sgeom.mapping(shape), decimals)


def dissolve(geometries: list[dict[str, Any]], simplify_tolerance: float = 0.0005) -> dict[str, Any]:
    """Union of polygons (e.g. the sous-préfectures of a département), lightly simplified."""
    shapes = [to_shape(g).buffer(0) for g in geometries]
    merged = union_all(shapes)
    if simplify_tolerance:
        merged = merged.simplify(simplify_tolerance, preserve_topology=True)
    return from_shape(merged)


def inner_point(geometry: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(lat, lon) of the centroid, or of a point surely inside when the centroid falls outside."""
    shape = to_shape(geometry)
    point = shape.centroid
    if not shape.contains(point):
        point = shape.representative_point()
    return Decimal(f"{point.y:.6f}"), Decimal(f"{point.x:.6f}")


@cache
def _country_shape() -> Any:
    data = json.loads(COUNTRY_FILE.read_text(encoding="utf-8"))
    features = data.get("features") or [data]
    shapes = [to_shape(f["geometry"]) for f in features]
    return prep(union_all(shapes).buffer(COUNTRY_TOLERANCE_DEG))


def in_country(lat: Decimal | float, lon: Decimal | float) -> bool:
    """True when the point lies in Côte d'Ivoire (bounding box first, then the official outline)."""
    min_lon, min_lat, max_lon, max_lat = settings.SOSTECI_COUNTRY_BBOX
    if not (min_lat <= float(lat) <= max_lat and min_lon <= float(lon) <= max_lon):
        return False
    return bool(_country_shape().contains(sgeom.Point(float(lon), float(lat))))


def distance_km_outside(geometry: dict[str, Any], lat: Decimal | float, lon: Decimal | float) -> float:
    """Approximate distance (km) from a point to a polygon; 0 when inside."""
    shape = to_shape(geometry)
    point = sgeom.Point(float(lon), float(lat))
    if shape.contains(point):
        return 0.0
    return float(shape.distance(point)) * 111.0
