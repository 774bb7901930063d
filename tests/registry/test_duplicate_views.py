"""The duplicates review page: who may decide, and a decision from the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sosteci.registry.models import Child, DuplicateCandidate, Visit
from sosteci.registry.services import child_register, duplicates_for_child
from tests.conftest import Team
from tests.registry.conftest import Register, child_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(team: Team, register: Register) -> DuplicateCandidate:
    twin = child_register(
        by=team.agent,
        household=register.household_l1,
        data=child_input("KOUASI", "Aya", date_of_birth=date(2012, 5, 1)),
    )
    assert duplicates_for_child(child=twin) == 1
    return DuplicateCandidate.objects.get()


@pytest.mark.parametrize("role", ["admin", "analyste", "agent", "partenaire"])
def test_only_supervisors_and_focal_points_review(team: Team, pair: DuplicateCandidate, login, role: str) -> None:
    client = login(team.by_role()[role])
    assert client.get(reverse("registry:duplicate-list")).status_code == 403


def test_the_supervisor_sees_and_merges(team: Team, register: Register, pair: DuplicateCandidate, login) -> None:
    client = login(team.superviseur)
    page = client.get(reverse("registry:duplicate-list"))
    assert [p.pk for p in page.context["page"]] == [pair.pk]
    keep = "keep_a" if pair.child_a_id == register.aya.pk else "keep_b"
    client.post(reverse("registry:duplicate-decide", args=[pair.pk]), {"decision": keep})
    pair.refresh_from_db()
    assert pair.status == DuplicateCandidate.Status.MERGED
    twin = Child.objects.get(family_name="KOUASI")
    assert twin.merged_into_id == register.aya.pk
    assert Visit.objects.filter(child=register.aya).count() == 1


def test_a_supervisor_elsewhere_cannot_decide(team: Team, pair: DuplicateCandidate, login) -> None:
    client = login(team.superviseur_sp2)
    assert list(client.get(reverse("registry:duplicate-list")).context["page"]) == []
    response = client.post(reverse("registry:duplicate-decide", args=[pair.pk]), {"decision": "dismiss"})
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.status == DuplicateCandidate.Status.OPEN


def test_search_button_scans_the_jurisdiction(team: Team, register: Register, login) -> None:
    child_register(
        by=team.agent,
        household=register.household_l1,
        data=child_input("KOUASSI", "Aya", date_of_birth=date(2012, 3, 1)),
    )
    response = login(team.pointfocal).post(reverse("registry:duplicate-search"), follow=True)
    assert DuplicateCandidate.objects.count() == 1
    assert "1 nouveau(x) doublon(s)" in str(next(iter(response.context["messages"])))
