"""Map layers for a user as GeoJSON: an indicator by area or by bubble, the structures, the density of cases.

Every layer is an aggregate within a unit of the user's jurisdiction (PermissionDenied otherwise). Indicator figures
come from `indicators.selectors.indicator_table`, so they are the dashboards' figures, suppressed the same way for
the roles that do not see small cells; cases per sous-préfecture are suppressed with `cells.hide_small`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.cases.models import Case
from sosteci.directory.models import StructureKind
from sosteci.directory.selectors import structures_for
from sosteci.indicators.bases.register import counted_cases
from sosteci.indicators.computing import IndicatorRequestError, Row
from sosteci.indicators.definitions import BY_CODE, Unit
from sosteci.indicators.periods import Period
from sosteci.indicators.selectors import indicator_table, sees_small_cells
from sosteci.maps.cells import hide_small
from sosteci.maps.geometry import simplified_outlines
from sosteci.territory.models import AdminUnit, Level

# Levels drawn as areas (outlines held) and as bubbles on centroids.
AREA_LEVELS = (Level.DISTRICT, Level.REGION, Level.DEPARTEMENT)
BUBBLE_LEVELS = (Level.SOUS_PREFECTURE, Level.LOCALITE)
CLASSES = 5
# Groups of structure kinds, for the markers' colours and the legend.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "state": (StructureKind.MINISTRY_SERVICE, StructureKind.POLICE, StructureKind.JUSTICE),
    "care": (
        StructureKind.SOCIAL_CENTRE,
        StructureKind.SHELTER,
        StructureKind.GBV_PLATFORM,
        StructureKind.HEALTH_CENTRE,
    ),
    "education": (StructureKind.SCHOOL, StructureKind.VOCATIONAL_CENTRE),
    "civil": (StructureKind.NGO, StructureKind.DONOR, StructureKind.INTERNATIONAL),
    "value_chain": (StructureKind.COMPANY, StructureKind.COOPERATIVE),
}
GROUP_OF_KIND = {kind: group for group, kinds in KIND_GROUPS.items() for kind in kinds}


class MapRequestError(ValueError):
    """A layer that cannot be drawn (level above the unit, unknown indicator…); the message says why."""


def map_scope(user: User, unit: AdminUnit | None) -> AdminUnit:
    """The unit a map shows: the one asked (within the user's jurisdiction) or the jurisdiction itself."""
    scope = unit or jurisdiction_of(user)
    if scope is None or not may(user, Perm.INDICATOR_VIEW, scope):
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    return scope


def default_level(unit: AdminUnit) -> Level:
    """Régions for the country, départements for a district or a région, sous-préfectures for a département,
    localités below."""
    if unit.level_enum == Level.PAYS:
        return Level.REGION
    if unit.level_enum in (Level.DISTRICT, Level.REGION):
        return Level.DEPARTEMENT
    if unit.level_enum == Level.DEPARTEMENT:
        return Level.SOUS_PREFECTURE
    return Level.LOCALITE


def levels_below(unit: AdminUnit) -> list[Level]:
    """The levels a map of `unit` may be drawn at (areas, then bubbles)."""
    return [level for level in (*AREA_LEVELS, *BUBBLE_LEVELS) if level.depth > unit.level_enum.depth] or [
        Level.LOCALITE
    ]


def class_breaks(values: Iterable[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of the classes of a map's legend, increasing and distinct; the last is the maximum. Zero, when
    present, is a class of its own (most units have no child in a category); the positive values are split into
    classes holding about as many units each (quantiles). Empty when there is no value."""
    ordered = sorted(values)
    if not ordered:
        return []
    positive = [v for v in ordered if v > 0]
    breaks: list[float] = [0.0] if len(positive) < len(ordered) else []
    wanted = classes - len(breaks)
    for k in range(1, wanted + 1):
        if not positive:
            break
        bound = positive[min(len(positive) - 1, max(0, round(k * len(positive) / wanted) - 1))]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def _properties(row: Row | None, place: dict[str, Any]) -> dict[str, Any]:
    return {
        **place,
        "value": None if row is None else row.value,
        "numerator": None if row is None else row.numerator,
        "denominator": None if row is None else row.denominator,
        "suppressed": bool(row is not None and row.suppressed),
    }


def _point(lat: Any, lon: Any) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]}


@dataclass(frozen=True)
class Place:
    pk: int
    pcode: str
    name: str
    level: str
    lat: Any
    lon: Any
    placed: bool  # a trusted position (no reservation noted on it)


def _places(unit: AdminUnit, level: Level) -> list[Place]:
    units = [unit] if unit.level_enum == level else AdminUnit.objects.within(unit).filter(level=level)
    if isinstance(units, list):
        rows = [(u.pk, u.pcode, u.name, u.level, u.lat, u.lon, u.location_note) for u in units]
    else:
        rows = list(units.order_by("pcode").values_list("pk", "pcode", "name", "level", "lat", "lon", "location_note"))
    return [
        Place(pk, pcode, name, lvl, lat, lon, lat is not None and lon is not None and not note)
        for pk, pcode, name, lvl, lat, lon, note in rows
    ]


def indicator_layer(*, user: User, unit: AdminUnit | None, level: Level | None, indicator: str, period: Period) -> dict:
    """An indicator of the sub-units of `unit` at `level`: areas (outlines) down to the département, bubbles on
    centroids at the sous-préfecture and the localité. A sub-unit without an outline is drawn as a bubble."""
    scope = map_scope(user, unit)
    level = level or default_level(scope)
    if level.depth < scope.level_enum.depth:
        raise MapRequestError(
            _("Le niveau « %(level)s » est au-dessus de « %(unit)s ».") % {"level": level.label, "unit": scope.name}
        )
    definition = BY_CODE.get(indicator.strip().upper())
    if definition is None:
        raise MapRequestError(_("Indicateur inconnu : %(codes)s.") % {"codes": indicator})
    try:
        table = indicator_table(user=user, unit=scope, level=level, period=period, indicators=[definition.code])
    except IndicatorRequestError as exc:
        raise MapRequestError(str(exc)) from exc
    totals = {r.unit: r for r in table.rows if r.sex is None and r.age_band is None and r.category is None}
    mode = "areas" if level in AREA_LEVELS else "bubbles"
    outlines = simplified_outlines(scope, level) if mode == "areas" else {}
    features: list[dict[str, Any]] = []
    unplaced = 0
    for place in _places(scope, level):
        props = _properties(
            totals.get(place.pcode), {"pcode": place.pcode, "name": place.name, "level": place.level, "id": place.pk}
        )
        if place.pcode in outlines:
            features.append({"type": "Feature", "geometry": outlines[place.pcode], "properties": props})
        elif place.placed:
            features.append({"type": "Feature", "geometry": _point(place.lat, place.lon), "properties": props})
        else:
            unplaced += 1
    values = [f["properties"]["value"] for f in features if f["properties"]["value"] is not None]
    top = totals.get(scope.pcode)
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {
            "layer": "indicator",
            "mode": mode,
            "indicator": definition.code,
            "indicator_name": definition.name,
            "unit_kind": definition.unit.value,
            "percent": definition.unit == Unit.PERCENT,
            "scope": {"pcode": scope.pcode, "name": scope.name, "level": scope.level},
            "level": level.value,
            "period": period.code,
            "total": _properties(top, {"pcode": scope.pcode, "name": scope.name}),
            "breaks": class_breaks(values),
            "max": max(values) if values else None,
            "suppressed": table.suppressed,
            "unplaced": unplaced,
            "as_of": table.as_of.isoformat(),
        },
    }


def background_layer(*, user: User, unit: AdminUnit | None) -> dict:
    """The outline of the unit and those of its sub-units one level down (what we hold), for the map's background."""
    scope = map_scope(user, unit)
    features = []
    child = scope.level_enum.child
    if child is not None and child != Level.LOCALITE:
        for pcode, geometry in simplified_outlines(scope, child).items():
            features.append({"type": "Feature", "geometry": geometry, "properties": {"pcode": pcode, "role": "sub"}})
    own = simplified_outlines(scope, scope.level_enum) if scope.level_enum != Level.LOCALITE else {}
    if scope.pcode in own:
        features.append(
            {"type": "Feature", "geometry": own[scope.pcode], "properties": {"pcode": scope.pcode, "role": "scope"}}
        )
    elif scope.lat is not None and scope.lon is not None:
        features.append(
            {
                "type": "Feature",
                "geometry": _point(scope.lat, scope.lon),
                "properties": {"pcode": scope.pcode, "role": "scope"},
            }
        )
    return {"type": "FeatureCollection", "features": features, "meta": {"layer": "background", "scope": scope.pcode}}


def structure_layer(*, user: User, unit: AdminUnit | None, kinds: Sequence[str] = ()) -> dict:
    """The structures of the directory located within the unit that have coordinates, with their kind."""
    scope = map_scope(user, unit)
    if not may(user, Perm.DIRECTORY_VIEW):
        raise PermissionDenied(_("Vous n'avez pas accès au répertoire des structures."))
    unknown = [k for k in kinds if k not in StructureKind.values]
    if unknown:
        raise MapRequestError(_("Type de structure inconnu : %(kinds)s.") % {"kinds": ", ".join(unknown)})
    structures = structures_for(user).active().filter(scope.subtree_q("admin_unit__"))
    if kinds:
        structures = structures.filter(kind__in=list(kinds))
    labels = dict(StructureKind.choices)
    features = []
    missing = 0
    for s in structures.select_related("admin_unit").order_by("name"):
        if s.lat is None or s.lon is None:
            missing += 1
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": _point(s.lat, s.lon),
                "properties": {
                    "id": s.pk,
                    "code": s.code,
                    "name": s.name,
                    "acronym": s.acronym,
                    "kind": s.kind,
                    "kind_label": str(labels.get(s.kind, s.kind)),
                    "group": GROUP_OF_KIND.get(s.kind, "civil"),
                    "unit": s.admin_unit.name,
                    "services": s.service_labels,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {"layer": "structures", "scope": scope.pcode, "without_coordinates": missing},
    }


def case_density_layer(*, user: User, unit: AdminUnit | None, period: Period) -> dict:
    """Cases opened in the period (cases that count) per sous-préfecture of the unit (per localité within a
    sous-préfecture), on centroids, with the rate per 10,000 inhabitants (2014 census). Counts only: no case.
    For roles that do not see small cells, counts under 5 are hidden with a complementary one."""
    scope = map_scope(user, unit)
    level = Level.SOUS_PREFECTURE if scope.level_enum.depth < Level.SOUS_PREFECTURE.depth else Level.LOCALITE
    column = "sous_prefecture" if level == Level.SOUS_PREFECTURE else "locality"
    first, after = period.moments()
    cases = Case.objects.filter(counted_cases(), scope.located_q(), opened_at__gte=first, opened_at__lt=after)
    counts = dict(cases.order_by().values(column).annotate(n=Count("pk")).values_list(column, "n"))
    total = sum(counts.values())
    places = _places(scope, level)
    population = _population(scope, level)
    by_pk = {p.pk: counts.get(p.pk, 0) for p in places}
    unlocated = total - sum(by_pk.values())  # cases of a locality not placed at this level (should be none)
    parts: dict[Any, int] = dict(by_pk)
    if unlocated:
        parts["?"] = unlocated
    hidden = hide_small(total, parts) if not sees_small_cells(user) else None
    features: list[dict[str, Any]] = []
    unplaced = 0
    for place in places:
        count: int | None = by_pk[place.pk]
        suppressed = hidden is not None and place.pk in hidden.parts
        if suppressed:
            count = None
        people = population.get(place.pk) or 0
        rate = None if count is None or not people else round(10_000 * count / people, 2)
        props = {
            "id": place.pk,
            "pcode": place.pcode,
            "name": place.name,
            "level": place.level,
            "cases": count,
            "population": people or None,
            "rate": rate,
            "suppressed": suppressed,
        }
        if place.placed:
            features.append({"type": "Feature", "geometry": _point(place.lat, place.lon), "properties": props})
        else:
            unplaced += 1
    shown_total = None if hidden is not None and hidden.total else total
    counted = [f["properties"]["cases"] for f in features if f["properties"]["cases"] is not None]
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {
            "layer": "cases",
            "scope": {"pcode": scope.pcode, "name": scope.name, "level": scope.level},
            "level": level.value,
            "period": period.code,
            "total": shown_total,
            "max": max(counted) if counted else None,
            "suppressed": hidden is not None,
            "unplaced": unplaced,
        },
    }


def _population(scope: AdminUnit, level: Level) -> dict[int, int]:
    localities = AdminUnit.objects.within(scope).filter(level=Level.LOCALITE)
    if level == Level.LOCALITE:
        return {pk: n or 0 for pk, n in localities.values_list("pk", "population")}
    rows = localities.order_by().values("sous_prefecture").annotate(n=Sum("population"))
    return {row["sous_prefecture"]: row["n"] or 0 for row in rows if row["sous_prefecture"] is not None}
