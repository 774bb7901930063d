"""The structure model: its code, its rules, and the questions a referral asks (offers, places, authorised, serves)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sosteci.directory.models import Structure, validate_services
from tests.conftest import MiniTerritory, Team
from tests.directory.conftest import Directory

pytestmark = pytest.mark.django_db


def test_each_structure_gets_a_short_human_code(team: Team, directory: Directory) -> None:
    codes = list(Structure.objects.values_list("code", flat=True))
    assert all(re.fullmatch(r"S-[2-9A-HJ-NP-Z]{8}", code) for code in codes)
    assert len(set(codes)) == len(codes) == 8  # the team's social centre too
    code = directory.shelter.code
    directory.shelter.save()
    assert directory.shelter.code == code


def test_offers_and_has_place(directory: Directory) -> None:
    assert directory.shelter.offers("shelter") and not directory.shelter.offers("medical")
    assert directory.shelter.has_place()
    assert not directory.full.has_place()
    assert directory.ngo.places_free is None and directory.ngo.has_place()  # not tracked: not refused


def test_is_authorised_on(directory: Directory) -> None:
    assert directory.expired.is_authorised_on(date(2020, 12, 31))
    assert not directory.expired.is_authorised_on(date(2021, 1, 1))
    assert not directory.expired.is_authorised_on(date(2014, 12, 31))
    assert directory.ngo.is_authorised_on(date(2021, 1, 1))  # no dates: not restricted


@pytest.mark.parametrize(
    ("structure", "unit", "expected"),
    [
        ("shelter", "l1", True),  # under its département
        ("shelter", "r1", True),  # its coverage holds the whole région
        ("shelter", "d1", False),  # above both
        ("shelter", "l3", False),  # another branch
        ("ngo", "l2", True),
        ("ngo", "dep1", False),  # a sous-préfecture does not serve its département
        ("national", "l3", True),  # the pays holds everything
        ("korhogo", "l1", False),
        ("korhogo", "l3", True),
    ],
)
def test_serves_and_serving_agree(
    directory: Directory, territory: MiniTerritory, structure: str, unit: str, expected: bool
) -> None:
    target = getattr(territory, unit)
    one = getattr(directory, structure)
    assert one.serves(target) is expected
    assert Structure.objects.serving(target).filter(pk=one.pk).exists() is expected


def test_serving_lists_each_structure_once(directory: Directory, territory: MiniTerritory) -> None:
    directory.ngo.coverage.set([territory.sp1, territory.l1])  # two zones that both hold l1
    served = list(Structure.objects.serving(territory.l1).values_list("name", flat=True))
    assert len(served) == len(set(served))
    assert set(served) == {
        "Centre de transit de Soubré",
        "Foyer Saint-Joseph",
        "ONG Lumière",
        "Brigade nationale des mineurs",
        "Refuge de la Nawa",
        "Ancien centre de Soubré",
        "Centre social de Soubré",
    }


def test_offering_matches_whole_codes_only(directory: Directory) -> None:
    offering = set(Structure.objects.offering("psychosocial").values_list("name", flat=True))
    assert offering == {"Centre de transit de Soubré", "ONG Lumière"}
    assert not Structure.objects.offering("school").exists()  # a prefix of "school_kit" is no service
    assert not Structure.objects.offering("SHELTER").exists()
    assert set(Structure.objects.offering("school_kit").values_list("name", flat=True)) == {"ONG Lumière"}


def test_authorised_on_and_with_places(directory: Directory) -> None:
    day = date(2024, 6, 1)
    authorised = set(Structure.objects.authorised_on(day).values_list("name", flat=True))
    assert "Refuge de la Nawa" not in authorised and "Centre de transit de Soubré" in authorised
    with_places = set(Structure.objects.with_places().values_list("name", flat=True))
    assert "Foyer Saint-Joseph" not in with_places
    assert {"ONG Lumière", "Centre d'accueil de Korhogo"} <= with_places


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"lat": Decimal("48.85"), "lon": Decimal("2.35")}, "lat", "hors de la Côte d'Ivoire"),
        ({"lat": Decimal("5.78"), "lon": None}, "lon", "latitude et la longitude"),
        ({"capacity": 5, "places_free": 6}, "places_free", "dépassent la capacité d'accueil"),
        (
            {"authorised_from": date(2024, 1, 1), "authorised_until": date(2023, 1, 1)},
            "authorised_until",
            "précède son début",
        ),
        ({"services": ["shelter", "cinema"]}, "services", "Service inconnu : cinema"),
        ({"phone": "12 34"}, "phone", "Numéro invalide"),
    ],
)
def test_model_rules_name_the_field(directory: Directory, changes: dict, field: str, message: str) -> None:
    structure = directory.ngo
    for name, value in changes.items():
        setattr(structure, name, value)
    with pytest.raises(ValidationError) as caught:
        structure.full_clean()
    assert message in " ".join(caught.value.message_dict[field])


def test_validate_services() -> None:
    validate_services(["shelter", "medical"])
    for bad in ("shelter", [1], ["shelter", "shelter"]):
        with pytest.raises(ValidationError):
            validate_services(bad)
