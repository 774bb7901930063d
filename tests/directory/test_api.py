"""The structures API: read by every role, written by editors at their units through the services."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.access.models import AuditEvent
from sosteci.directory.models import Structure
from tests.conftest import Team
from tests.directory.conftest import Directory

pytestmark = pytest.mark.django_db
URL = "/api/v1/structures/"


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_anonymous_is_refused() -> None:
    assert APIClient().get(URL).status_code == 401


@pytest.mark.parametrize("role", ["agent", "partenaire", "operateur", "prestataire"])
def test_every_role_lists_and_retrieves(team: Team, directory: Directory, role: str) -> None:
    client = api(team.by_role()[role])
    listed = client.get(URL).json()
    assert listed["count"] == 8
    one = client.get(f"{URL}{directory.shelter.pk}/").json()
    assert one["code"] == directory.shelter.code
    assert (one["admin_unit"], one["coverage"], one["services"]) == ("CI2604", ["CI26"], ["psychosocial", "shelter"])
    assert (one["places_free"], one["has_place"], one["lat"]) == (4, True, "5.783800")


def test_list_filters(team: Team, directory: Directory) -> None:
    client = api(team.agent)
    names = {s["name"] for s in client.get(URL, {"service": "shelter", "unit": "CI27"}).json()["results"]}
    assert names == {"Centre d'accueil de Korhogo"}
    assert client.get(URL, {"unit": "NOPE"}).status_code == 400
    assert client.get(URL, {"kind": "nothing"}).status_code == 400


def test_an_agent_may_not_create_nor_update(team: Team, directory: Directory) -> None:
    client = api(team.agent)
    assert client.post(URL, {"name": "X", "kind": "ngo", "admin_unit": "CI2604"}, format="json").status_code == 403
    assert client.patch(f"{URL}{directory.shelter.pk}/", {"places_free": 1}, format="json").status_code == 403
    assert not Structure.objects.filter(name="X").exists()


def test_a_focal_point_creates_and_updates_in_its_jurisdiction(team: Team, directory: Directory) -> None:
    client = api(team.pointfocal)
    created = client.post(
        URL,
        {
            "name": "Centre d'écoute",
            "kind": "ngo",
            "admin_unit": "CI260401",
            "services": ["psychosocial"],
            "coverage": ["CI2604"],
            "phone": "0707070707",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["code"].startswith("S-") and body["phone"] == "+2250707070707"
    assert AuditEvent.objects.filter(action="structure.create", actor=team.pointfocal).count() == 1

    patched = client.patch(f"{URL}{directory.shelter.pk}/", {"places_free": 2}, format="json")
    assert patched.status_code == 200
    assert patched.json()["places_free"] == 2
    assert Structure.objects.get(pk=directory.shelter.pk).coverage.count() == 1  # untouched by a partial update

    assert client.patch(f"{URL}{directory.korhogo.pk}/", {"places_free": 1}, format="json").status_code == 403
    refused = client.post(URL, {"name": "Y", "kind": "ngo", "admin_unit": "CI2701"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["admin_unit"] == ["« Korhogo » est hors de votre ressort territorial."]
    too_many = client.patch(f"{URL}{directory.shelter.pk}/", {"places_free": 50}, format="json")
    assert too_many.json()["places_free"] == ["Les places libres (50) dépassent la capacité d'accueil (20)."]
    assert client.delete(f"{URL}{directory.shelter.pk}/").status_code == 405


def test_openapi_schema_still_generates(team: Team) -> None:
    response = api(team.analyste).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/structures/{id}/" in response.content
