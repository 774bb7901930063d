"""Writes to the repertoire: who may write where, what is refused (in French) and the audit rows left."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sosteci.access.models import AuditEvent
from sosteci.directory.models import Structure
from sosteci.directory.services import (
    structure_check,
    structure_create,
    structure_data_from,
    structure_places_update,
    structure_update,
)
from tests.conftest import MiniTerritory, Team
from tests.directory.conftest import Directory, data

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "admin_r1",
    "analyste",
    "operateur",
    "pointfocal",
    "superviseur",
    "agent",
    "prestataire",
    "partenaire",
]
EDITORS = {"admin", "admin_r1", "pointfocal"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_a_structure_in_soubre(team: Team, territory: MiniTerritory, role: str) -> None:
    user = team.by_role()[role]
    new = data("Centre d'écoute de Soubré", territory.dep1, kind="ngo", services=["psychosocial"])
    if role not in EDITORS:
        with pytest.raises(PermissionDenied):
            structure_create(by=user, data=new)
        assert not Structure.objects.filter(name=new.name).exists()
        return
    structure = structure_create(by=user, data=new)
    event = AuditEvent.objects.get(action="structure.create", object_id=str(structure.pk))
    assert event.actor == user
    assert event.after["name"] == "Centre d'écoute de Soubré"
    assert event.after["services"] == ["psychosocial"]


@pytest.mark.parametrize("role", ["pointfocal", "admin_r1"])
def test_an_editor_cannot_create_outside_its_jurisdiction(team: Team, territory: MiniTerritory, role: str) -> None:
    with pytest.raises(ValidationError) as caught:
        structure_create(by=team.by_role()[role], data=data("Centre de Korhogo", territory.dep2))
    assert caught.value.message_dict["admin_unit"] == ["« Korhogo » est hors de votre ressort territorial."]
    assert not AuditEvent.objects.filter(action="structure.create").exists()


def test_zones_outside_the_jurisdiction_unless_they_hold_the_structure(team: Team, territory: MiniTerritory) -> None:
    # A focal point of the département may say its shelter serves the whole région (it holds the shelter)…
    regional = structure_create(
        by=team.pointfocal, data=data("Centre régional", territory.dep1, coverage=[territory.r1, territory.sp1])
    )
    assert set(regional.coverage.values_list("pcode", flat=True)) == {"CI26", "CI260401"}
    # …but not that it serves Korhogo.
    with pytest.raises(ValidationError) as caught:
        structure_create(by=team.pointfocal, data=data("Centre national", territory.dep1, coverage=[territory.dep2]))
    assert "Korhogo (CI2701)" in caught.value.message_dict["coverage"][0]


def test_zones_set_by_a_national_editor_do_not_block_a_local_one(
    team: Team, directory: Directory, territory: MiniTerritory
) -> None:
    shelter = directory.shelter
    wide = structure_data_from(shelter)
    wide.coverage = [territory.r1, territory.dep2]
    structure_update(by=team.admin, structure=shelter, data=wide)
    change = structure_data_from(shelter)
    change.places_free = 2
    structure_update(by=team.pointfocal, structure=shelter, data=change)  # Korhogo stays served
    assert Structure.objects.get(pk=shelter.pk).places_free == 2
    change.coverage = [territory.r1, territory.dep2, territory.r2]
    with pytest.raises(ValidationError) as caught:
        structure_update(by=team.pointfocal, structure=shelter, data=change)
    assert "Poro (CI27)" in caught.value.message_dict["coverage"][0]
    assert "Korhogo" not in caught.value.message_dict["coverage"][0]


def test_input_is_normalised_and_checked(team: Team, territory: MiniTerritory) -> None:
    structure = structure_create(
        by=team.pointfocal,
        data=data(
            "  Centre   d'accueil  ",
            territory.dep1,
            services=["medical", "shelter", "medical"],
            phone="0707123456",
            lat=Decimal("5.7838"),
            lon=Decimal("-6.5939"),
        ),
    )
    structure.refresh_from_db()
    assert structure.name == "Centre d'accueil"
    assert structure.services == ["medical", "shelter"]  # in the order of ServiceType, once each
    assert structure.phone == "+2250707123456"
    assert structure.lat == Decimal("5.783800")


def test_a_name_is_used_once_per_unit(team: Team, territory: MiniTerritory, directory: Directory) -> None:
    with pytest.raises(ValidationError) as caught:
        structure_create(by=team.pointfocal, data=data("centre de transit de soubré", territory.dep1))
    message = caught.value.message_dict["name"][0]
    assert message.startswith("La structure « centre de transit de soubré » existe déjà à Soubré (code S-")
    structure_create(by=team.admin, data=data("Centre de transit de Soubré", territory.dep2))  # another unit


def test_several_errors_are_reported_together(team: Team, territory: MiniTerritory) -> None:
    with pytest.raises(ValidationError) as caught:
        structure_create(
            by=team.pointfocal,
            data=data("Centre", territory.dep1, capacity=3, places_free=9, lat=Decimal("48.8"), lon=Decimal("2.3")),
        )
    assert set(caught.value.message_dict) == {"places_free", "lat"}


def test_update_is_audited_with_before_and_after(team: Team, directory: Directory, territory: MiniTerritory) -> None:
    shelter = directory.shelter
    change = structure_data_from(shelter)
    change.capacity, change.coverage = 30, [territory.r1, territory.sp1]
    structure_update(by=team.pointfocal, structure=shelter, data=change)
    event = AuditEvent.objects.get(action="structure.update")
    assert event.before == {"capacity": 20, "coverage": ["CI26"]}
    assert event.after == {"capacity": 30, "coverage": ["CI26", "CI260401"]}
    assert set(Structure.objects.get(pk=shelter.pk).coverage.values_list("pcode", flat=True)) == {"CI26", "CI260401"}


def test_an_unchanged_update_writes_nothing(team: Team, directory: Directory) -> None:
    shelter = Structure.objects.get(pk=directory.shelter.pk)
    stamp = shelter.updated_at
    structure_update(by=team.pointfocal, structure=shelter, data=structure_data_from(shelter))
    assert not AuditEvent.objects.filter(action="structure.update").exists()
    assert Structure.objects.get(pk=shelter.pk).updated_at == stamp
    assert structure_check(by=team.pointfocal, data=structure_data_from(shelter), structure=shelter) == {}


def test_update_refused_outside_the_jurisdiction(team: Team, directory: Directory, territory: MiniTerritory) -> None:
    with pytest.raises(PermissionDenied):
        structure_update(by=team.pointfocal, structure=directory.korhogo, data=structure_data_from(directory.korhogo))
    moved = structure_data_from(directory.shelter)
    moved.admin_unit = territory.dep2
    with pytest.raises(ValidationError) as caught:
        structure_update(by=team.pointfocal, structure=directory.shelter, data=moved)
    assert "admin_unit" in caught.value.message_dict
    assert Structure.objects.get(pk=directory.shelter.pk).admin_unit == territory.dep1


def test_a_provider_updates_the_places_and_contacts_of_its_own_structure(team: Team) -> None:
    own = team.structure
    structure_places_update(by=team.prestataire, structure=own, places_free=3, phone="05 01 02 03 04")
    own.refresh_from_db()
    assert (own.places_free, own.phone) == (3, "+2250501020304")
    event = AuditEvent.objects.get(action="structure.places")
    assert (event.actor, event.after) == (team.prestataire, {"places_free": 3, "phone": "+2250501020304"})


@pytest.mark.parametrize("role", ["partenaire", "agent", "superviseur", "analyste", "operateur"])
def test_others_may_not_update_places(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        structure_places_update(by=team.by_role()[role], structure=team.structure, places_free=3)
    assert not AuditEvent.objects.filter(action="structure.places").exists()


def test_a_provider_may_not_update_another_structure(team: Team, directory: Directory) -> None:
    with pytest.raises(PermissionDenied):
        structure_places_update(by=team.prestataire, structure=directory.shelter, places_free=1)
    structure_places_update(by=team.pointfocal, structure=directory.shelter, places_free=1)  # an editor may
    assert Structure.objects.get(pk=directory.shelter.pk).places_free == 1


def test_places_above_capacity_are_refused(team: Team, directory: Directory) -> None:
    with pytest.raises(ValidationError) as caught:
        structure_places_update(by=team.pointfocal, structure=directory.shelter, places_free=21)
    assert caught.value.message_dict["places_free"] == ["Les places libres (21) dépassent la capacité d'accueil (20)."]
    assert Structure.objects.get(pk=directory.shelter.pk).places_free == 4
