"""The register API: the same jurisdiction limits and audit as the pages; an OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.access.models import AuditEvent
from tests.conftest import Team
from tests.registry.conftest import Register

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_anonymous_is_refused() -> None:
    assert APIClient().get("/api/v1/children/").status_code == 401


@pytest.mark.parametrize("role", ["admin", "operateur", "prestataire", "partenaire"])
def test_roles_without_access_to_children_are_refused(team: Team, register: Register, role: str) -> None:
    client = api(team.by_role()[role])
    assert client.get("/api/v1/children/").status_code == 403
    assert client.get(f"/api/v1/children/{register.aya.pk}/").status_code == 403


def test_an_agent_cannot_list_open_or_search_a_child_of_another_locality(team: Team, register: Register) -> None:
    client = api(team.agent)
    listed = {c["code"] for c in client.get("/api/v1/children/").json()["results"]}
    assert listed == {register.aya.code, register.yao.code}
    assert client.get(f"/api/v1/children/{register.moussa.pk}/").status_code == 404
    assert client.get("/api/v1/children/", {"q": "Coulibaly Moussa"}).json()["results"] == []
    assert client.get(f"/api/v1/households/{register.household_l3.pk}/").status_code == 404


def test_detail_has_visits_and_reasons_and_is_audited(team: Team, register: Register) -> None:
    AuditEvent.objects.all().delete()
    data = api(team.superviseur).get(f"/api/v1/children/{register.aya.pk}/").json()
    assert data["category"] == "hazardous_child_labour"
    assert data["visits"][0]["reasons"][0]["rule"] == "HZ_TASK"
    assert AuditEvent.objects.filter(
        kind="read", action="api.child.view", object_id=str(register.aya.pk), actor=team.superviseur
    ).exists()


def test_search_and_filters(team: Team, register: Register) -> None:
    client = api(team.analyste)
    results = client.get("/api/v1/children/", {"q": "kwasi aya"}).json()["results"]
    assert results[0]["given_names"] == "Aya"
    assert client.get("/api/v1/children/", {"unit": "NOPE"}).status_code == 400
    males = client.get("/api/v1/children/", {"sex": "M"}).json()
    assert {c["given_names"] for c in males["results"]} == {"Yao", "Moussa"}


def test_openapi_schema_is_valid(team: Team) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    client = api(team.analyste)
    assert client.get("/api/schema/").status_code == 200
    assert APIClient().get("/api/schema/").status_code == 401
