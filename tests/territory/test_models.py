"""The tree: ancestors by level, the subtree query, containment."""

from __future__ import annotations

import pytest

from sosteci.territory.models import AdminUnit, Level
from tests.conftest import MiniTerritory

pytestmark = pytest.mark.django_db


def pcodes(qs) -> set[str]:
    return set(qs.values_list("pcode", flat=True))


def test_each_unit_holds_its_ancestors_and_itself_at_its_level(territory: MiniTerritory) -> None:
    l1 = AdminUnit.objects.get(pk=territory.l1.pk)
    assert (l1.district_id, l1.region_id, l1.departement_id, l1.sous_prefecture_id) == (
        territory.d1.pk,
        territory.r1.pk,
        territory.dep1.pk,
        territory.sp1.pk,
    )
    dep1 = AdminUnit.objects.get(pk=territory.dep1.pk)
    assert dep1.departement_id == dep1.pk
    assert dep1.sous_prefecture_id is None


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        (
            "pays",
            {
                "CI",
                "CI-BS",
                "CI26",
                "CI2604",
                "CI260401",
                "CI260401001",
                "CI260401002",
                "CI-SV",
                "CI27",
                "CI2701",
                "CI270101",
                "CI270101001",
            },
        ),
        ("d1", {"CI-BS", "CI26", "CI2604", "CI260401", "CI260401001", "CI260401002"}),
        ("r2", {"CI27", "CI2701", "CI270101", "CI270101001"}),
        ("dep1", {"CI2604", "CI260401", "CI260401001", "CI260401002"}),
        ("sp1", {"CI260401", "CI260401001", "CI260401002"}),
        ("l2", {"CI260401002"}),
    ],
)
def test_within_returns_the_unit_and_everything_under_it(
    territory: MiniTerritory, attr: str, expected: set[str]
) -> None:
    unit = getattr(territory, attr)
    assert pcodes(AdminUnit.objects.within(unit)) == expected


def test_everything_under_a_region_is_one_query(territory: MiniTerritory, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        names = list(AdminUnit.objects.within(territory.r1).filter(level=Level.LOCALITE).values_list("name", flat=True))
    assert sorted(names) == ["Badayo", "Galéa 1"]


def test_subtree_filter_reaches_units_from_another_model(territory: MiniTerritory, team) -> None:
    from sosteci.access.models import User

    under_dep1 = User.objects.filter(territory.dep1.subtree_q("jurisdiction__"))
    assert {u.username for u in under_dep1} == {"pointfocal", "superviseur", "agent", "prestataire"}


def test_contains_without_query(territory: MiniTerritory, django_assert_num_queries) -> None:
    t = territory
    with django_assert_num_queries(0):
        assert t.pays.contains(t.l3)
        assert t.r1.contains(t.l1)
        assert t.r1.contains(t.r1)
        assert not t.r1.contains(t.l3)
        assert not t.sp1.contains(t.dep1)
        assert t.l1.contains(t.l1)
        assert not t.l1.contains(t.l2)


def test_levels_know_their_order() -> None:
    assert Level.REGION.parent == Level.DISTRICT
    assert Level.REGION.child == Level.DEPARTEMENT
    assert Level.PAYS.parent is None
    assert Level.LOCALITE.child is None
    assert [lvl.depth for lvl in Level] == [0, 1, 2, 3, 4, 5]


def test_name_key_ignores_accents_case_and_punctuation(territory: MiniTerritory) -> None:
    assert AdminUnit.objects.get(pcode="CI260401002").name_key == "GALEA1"
