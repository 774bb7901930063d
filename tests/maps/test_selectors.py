"""Map layers: GeoJSON shape, the figures of the indicators, suppression, the jurisdiction, structures and cases."""

from __future__ import annotations

from collections import Counter
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied

from sosteci.cases.models import Case
from sosteci.directory.models import Structure, StructureKind
from sosteci.indicators.computing import compute
from sosteci.indicators.periods import year
from sosteci.maps import selectors
from sosteci.maps.geometry import simplified_outlines
from sosteci.territory.models import AdminBoundary, Level
from tests.factories import StructureFactory

Y2026 = year(2026)


def _by_pcode(layer: dict) -> dict[str, dict]:
    return {f["properties"]["pcode"]: f for f in layer["features"]}


def _assert_feature_collection(layer: dict) -> None:
    assert layer["type"] == "FeatureCollection"
    for feature in layer["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon", "Point"}
        assert isinstance(feature["geometry"]["coordinates"], list)


def test_choropleth_by_region_carries_the_computed_figures(world, team, territory, outlines) -> None:
    layer = selectors.indicator_layer(
        user=team.analyste, unit=None, level=Level.REGION, indicator="ch_labour_pct", period=Y2026
    )
    _assert_feature_collection(layer)
    features = _by_pcode(layer)
    assert set(features) == {"CI26", "CI27"}
    assert all(f["geometry"]["type"] == "Polygon" for f in features.values())
    nawa, poro = features["CI26"]["properties"], features["CI27"]["properties"]
    # Nawa: Bakary (hazardous) and Gaston (worst forms) of six children monitored; Poro: Lassina of two.
    assert (nawa["numerator"], nawa["denominator"], nawa["value"]) == (2, 6, 33.3)
    assert (poro["numerator"], poro["denominator"], poro["value"]) == (1, 2, 50.0)
    rows = compute(unit=territory.pays, level=Level.REGION, period=Y2026, indicators=["CH_LABOUR_PCT"])
    expected = {r.unit: r.value for r in rows}
    assert nawa["value"] == expected["CI26"] and poro["value"] == expected["CI27"]
    meta = layer["meta"]
    assert meta["mode"] == "areas" and meta["percent"] is True and meta["suppressed"] is False
    assert meta["total"]["value"] == expected["CI"] == 37.5
    assert meta["breaks"] == [33.3, 50.0]


def test_outlines_are_simplified_and_cached(world, team, territory, outlines, django_assert_max_num_queries) -> None:
    first = simplified_outlines(territory.pays, Level.REGION)
    original = AdminBoundary.objects.get(unit=territory.r1).geometry
    assert len(first["CI26"]["coordinates"][0]) < len(original["coordinates"][0])
    assert len(first["CI26"]["coordinates"][0]) == 5  # a square needs its four corners, closed
    with django_assert_max_num_queries(1):  # the digests only; the geometries come from the cache
        again = simplified_outlines(territory.pays, Level.REGION)
    assert again == first


def test_a_new_outline_changes_the_cached_layer(world, team, territory, outlines) -> None:
    before = simplified_outlines(territory.pays, Level.REGION)
    from tests.maps.conftest import square

    moved = square(-7.5, 5.0, 1.0)
    AdminBoundary.objects.filter(unit=territory.r1).update(geometry=moved, digest="changed")
    after = simplified_outlines(territory.pays, Level.REGION)
    assert after["CI26"] != before["CI26"]
    assert after["CI26"]["coordinates"][0][0][0] == -7.5


def test_bubbles_on_localities_for_a_supervisor(world, team, territory, outlines) -> None:
    layer = selectors.indicator_layer(
        user=team.superviseur, unit=None, level=None, indicator="CH_MONITORED", period=Y2026
    )
    _assert_feature_collection(layer)
    assert layer["meta"]["mode"] == "bubbles" and layer["meta"]["level"] == "localite"
    features = _by_pcode(layer)
    # Badayo: Awa, Bakary, Chantal, Djeneba; Galéa 1: Fatou, Gaston (Rose's household was rejected).
    assert {p: f["properties"]["value"] for p, f in features.items()} == {"CI260401001": 4.0, "CI260401002": 2.0}
    assert features["CI260401001"]["geometry"] == {"type": "Point", "coordinates": [-6.6, 5.8]}
    assert layer["meta"]["total"]["value"] == 6.0


def test_units_without_position_are_counted_not_drawn(world, team, territory, outlines) -> None:
    territory.l2.__class__.objects.filter(pk=territory.l2.pk).update(location_note="Position douteuse")
    layer = selectors.indicator_layer(
        user=team.superviseur, unit=None, level=None, indicator="CH_MONITORED", period=Y2026
    )
    assert set(_by_pcode(layer)) == {"CI260401001"}
    assert layer["meta"]["unplaced"] == 1


def test_partner_sees_small_cells_suppressed(world, team, territory, outlines) -> None:
    # The partner's jurisdiction is Nawa: two children in child labour there, under 5.
    layer = selectors.indicator_layer(
        user=team.partenaire, unit=None, level=Level.DEPARTEMENT, indicator="CH_LABOUR_PCT", period=Y2026
    )
    soubre = _by_pcode(layer)["CI2604"]["properties"]
    assert soubre["suppressed"] is True
    assert soubre["value"] is None and soubre["numerator"] is None and soubre["denominator"] is None
    assert layer["meta"]["total"]["value"] is None and layer["meta"]["suppressed"] is True
    monitored = selectors.indicator_layer(
        user=team.partenaire, unit=None, level=Level.DEPARTEMENT, indicator="CH_MONITORED", period=Y2026
    )
    assert _by_pcode(monitored)["CI2604"]["properties"]["value"] == 6.0  # six children: shown


def test_no_small_region_can_be_recomputed_from_the_national_total(world, team, territory, outlines) -> None:
    layer = selectors.indicator_layer(
        user=team.admin, unit=None, level=Level.REGION, indicator="CH_MONITORED", period=Y2026
    )
    features = _by_pcode(layer)
    # Poro has 2 children: hidden; Nawa (6) is hidden with it, or Poro = 8 - 6.
    assert features["CI27"]["properties"]["suppressed"] is True
    assert features["CI26"]["properties"]["suppressed"] is True
    assert layer["meta"]["total"]["value"] == 8.0
    shown = [f["properties"]["value"] for f in layer["features"] if f["properties"]["value"] is not None]
    assert all(value == 0 or value >= 5 for value in shown)
    assert layer["meta"]["breaks"] == []


def test_jurisdiction_is_enforced(world, team, territory, outlines) -> None:
    with pytest.raises(PermissionDenied):
        selectors.indicator_layer(
            user=team.superviseur, unit=territory.pays, level=Level.REGION, indicator="CH_MONITORED", period=Y2026
        )
    with pytest.raises(PermissionDenied):
        selectors.case_density_layer(user=team.pointfocal, unit=territory.r2, period=Y2026)
    with pytest.raises(PermissionDenied):
        selectors.structure_layer(user=team.agent_sp2, unit=territory.sp1)


def test_level_above_the_unit_and_unknown_indicator_are_refused(world, team, territory) -> None:
    with pytest.raises(selectors.MapRequestError, match="au-dessus"):
        selectors.indicator_layer(
            user=team.pointfocal, unit=None, level=Level.REGION, indicator="CH_MONITORED", period=Y2026
        )
    with pytest.raises(selectors.MapRequestError, match="Indicateur inconnu"):
        selectors.indicator_layer(user=team.analyste, unit=None, level=None, indicator="NOPE", period=Y2026)


def _cases_2026_by_sous_prefecture() -> Counter:
    counted: Counter[int] = Counter()
    for case in Case.objects.select_related("locality", "child__household__submission"):
        submission = case.child.household.submission
        if case.opened_at.year == 2026 and (submission is None or submission.review != "rejected"):
            counted[case.locality.sous_prefecture_id or 0] += 1
    return counted


def test_case_density_per_sous_prefecture(world, team, territory, outlines) -> None:
    expected = _cases_2026_by_sous_prefecture()
    assert expected[territory.sp1.pk] >= 1 and expected[territory.sp2.pk] >= 1
    layer = selectors.case_density_layer(user=team.analyste, unit=None, period=Y2026)
    _assert_feature_collection(layer)
    features = _by_pcode(layer)
    assert set(features) == {"CI260401", "CI270101"}
    soubre = features["CI260401"]["properties"]
    assert soubre["cases"] == expected[territory.sp1.pk]
    assert soubre["population"] == 2000  # Badayo 1,200 + Galéa 1 800
    assert soubre["rate"] == round(10_000 * soubre["cases"] / 2000, 2)
    assert features["CI270101"]["properties"]["cases"] == expected[territory.sp2.pk]
    assert layer["meta"]["total"] == sum(expected.values())
    assert layer["meta"]["suppressed"] is False
    # No case is listed: counts only.
    assert set(soubre) == {"id", "pcode", "name", "level", "cases", "population", "rate", "suppressed"}


def test_case_density_is_suppressed_for_administrators(world, team, territory, outlines) -> None:
    expected = _cases_2026_by_sous_prefecture()
    # Five cases opened in Soubre in 2026, one in Korhogo (Lassina's).
    assert (expected[territory.sp1.pk], expected[territory.sp2.pk]) == (5, 1)
    layer = selectors.case_density_layer(user=team.admin, unit=None, period=Y2026)
    features = _by_pcode(layer)
    # Korhogo's single case is hidden, and Soubre's five with it, or Korhogo = 6 - 5.
    assert features["CI270101"]["properties"]["suppressed"] and features["CI260401"]["properties"]["suppressed"]
    assert layer["meta"]["total"] == 6
    for feature in layer["features"]:
        props = feature["properties"]
        count = expected[props["id"]]
        if 0 < count < 5:
            assert props["suppressed"] and props["cases"] is None and props["rate"] is None
    hidden = [f for f in layer["features"] if f["properties"]["suppressed"]]
    total = sum(expected.values())
    if layer["meta"]["total"] is not None:
        assert len(hidden) != 1  # a single hidden sous-préfecture would be the total minus the others
    else:
        assert 0 < total < 5


def test_case_density_within_a_sous_prefecture_is_by_locality(world, team, territory, outlines) -> None:
    layer = selectors.case_density_layer(user=team.superviseur, unit=None, period=Y2026)
    assert layer["meta"]["level"] == "localite"
    assert set(_by_pcode(layer)) == {"CI260401001", "CI260401002"}


def test_structures_within_the_unit_with_their_kind(world, team, territory) -> None:
    Structure.objects.filter(pk=team.structure.pk).update(lat="5.78", lon="-6.61")
    coop = cast(
        Structure,
        StructureFactory(name="Coopérative de Soubré", kind=StructureKind.COOPERATIVE, admin_unit=territory.sp1),
    )
    Structure.objects.filter(pk=coop.pk).update(lat="5.79", lon="-6.62")
    StructureFactory(name="Sans position", admin_unit=territory.l1)
    far = cast(Structure, StructureFactory(name="Korhogo ONG", admin_unit=territory.sp2))
    Structure.objects.filter(pk=far.pk).update(lat="9.45", lon="-5.6")
    layer = selectors.structure_layer(user=team.pointfocal, unit=None)
    _assert_feature_collection(layer)
    names = {f["properties"]["name"]: f["properties"] for f in layer["features"]}
    assert set(names) == {"Centre social de Soubré", "Coopérative de Soubré"}
    assert names["Coopérative de Soubré"]["kind"] == "cooperative"
    assert names["Coopérative de Soubré"]["group"] == "value_chain"
    assert layer["meta"]["without_coordinates"] == 1
    only = selectors.structure_layer(user=team.pointfocal, unit=None, kinds=["cooperative"])
    assert [f["properties"]["name"] for f in only["features"]] == ["Coopérative de Soubré"]
    with pytest.raises(selectors.MapRequestError):
        selectors.structure_layer(user=team.pointfocal, unit=None, kinds=["castle"])


def test_background_holds_the_scope_and_its_sub_units(world, team, territory, outlines) -> None:
    layer = selectors.background_layer(user=team.analyste, unit=territory.r1)
    roles = {f["properties"]["pcode"]: f["properties"]["role"] for f in layer["features"]}
    assert roles == {"CI2604": "sub", "CI26": "scope"}


@pytest.mark.parametrize(
    ("values", "breaks"),
    [
        ([], []),
        ([5.0], [5.0]),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], [2.0, 4.0, 6.0, 8.0, 10.0]),
        ([3.0, 3.0, 3.0, 9.0], [3.0, 9.0]),
        ([0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 304.0], [0.0, 1.0, 2.0, 4.0, 304.0]),  # zero apart
        ([0.0, 0.0], [0.0]),
    ],
)
def test_class_breaks(values, breaks) -> None:
    assert selectors.class_breaks(values) == breaks
