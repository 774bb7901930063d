"""Reads of the repertoire: searching and filtering the list, and where to refer a child."""

from __future__ import annotations

from datetime import date

import pytest

from sosteci.access.models import User
from sosteci.directory.selectors import structure_list, structures_for_referral
from sosteci.directory.services import structure_places_update
from tests.conftest import MiniTerritory, Team
from tests.directory.conftest import Directory, data

pytestmark = pytest.mark.django_db


def names(user: User, **filters) -> set[str]:
    return set(structure_list(user=user, **filters).values_list("name", flat=True))


def test_every_role_reads_the_whole_repertoire(team: Team, directory: Directory) -> None:
    for user in team.by_role().values():
        assert len(names(user)) == 8  # the structure of the team and the seven of the directory
    inactive = User.objects.get(pk=team.agent.pk)
    inactive.is_active = False
    assert names(inactive) == set()


def test_search_by_name_acronym_code_or_contact(team: Team, directory: Directory) -> None:
    user = team.agent
    assert names(user, q="lumière") == {"ONG Lumière"}
    assert names(user, q="CTS") == {"Centre de transit de Soubré"}
    assert names(user, q=directory.korhogo.code.lower()) == {"Centre d'accueil de Korhogo"}
    assert names(user, q="Adjoua") == {"Centre de transit de Soubré"}
    assert names(user, q="S-") == set()  # a code is matched whole


def test_filters(team: Team, directory: Directory, territory: MiniTerritory) -> None:
    user = team.analyste
    assert names(user, kind="police") == {"Brigade nationale des mineurs"}
    assert names(user, service="school_kit") == {"ONG Lumière"}
    assert names(user, unit=territory.sp1) == {"ONG Lumière"}
    assert names(user, unit=territory.r2) == {"Centre d'accueil de Korhogo"}
    in_dep1 = names(user, unit=territory.dep1)
    assert "Brigade nationale des mineurs" not in in_dep1 and "ONG Lumière" in in_dep1
    shelters = names(user, service="shelter", unit=territory.dep1)
    assert shelters == {"Centre de transit de Soubré", "Foyer Saint-Joseph", "Ancien centre de Soubré"}
    # Able to take a child: not full, and still active.
    assert names(user, service="shelter", unit=territory.dep1, with_places=True) == {"Centre de transit de Soubré"}


def test_referral_choices_are_active_authorised_offering_and_serving(
    team: Team, directory: Directory, territory: MiniTerritory
) -> None:
    found = [s.name for s in structures_for_referral(service="shelter", unit=territory.l1, on=date(2026, 1, 1))]
    # Free places first, then full; never inactive, expired, or of another branch.
    assert found == ["Centre de transit de Soubré", "Foyer Saint-Joseph"]
    assert [s.name for s in structures_for_referral(service="shelter", unit=territory.l3)] == [
        "Centre d'accueil de Korhogo"
    ]
    assert [s.name for s in structures_for_referral(service="family_tracing", unit=territory.l3)] == [
        "Brigade nationale des mineurs"
    ]
    # The expired refuge was valid in 2019.
    in_2019 = [s.name for s in structures_for_referral(service="shelter", unit=territory.l1, on=date(2019, 6, 1))]
    assert "Refuge de la Nawa" in in_2019 and "Centre de transit de Soubré" not in in_2019  # not yet authorised


def test_referral_order_places_then_untracked_then_full_and_local_first(
    team: Team, directory: Directory, territory: MiniTerritory
) -> None:
    from sosteci.directory.services import structure_create

    structure_create(by=None, data=data("Abri du village", territory.l1, services=["shelter"]))  # places not tracked
    structure_create(by=None, data=data("Abri de la sous-préfecture", territory.sp1, services=["shelter"]))
    order = [s.name for s in structures_for_referral(service="shelter", unit=territory.l1)]
    assert order == [
        "Centre de transit de Soubré",
        "Abri du village",
        "Abri de la sous-préfecture",
        "Foyer Saint-Joseph",
    ]
    structure_places_update(by=team.pointfocal, structure=directory.shelter, places_free=0)
    assert [s.name for s in structures_for_referral(service="shelter", unit=territory.l1)][-2:] == [
        "Centre de transit de Soubré",
        "Foyer Saint-Joseph",
    ]
