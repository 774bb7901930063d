"""The cases, referrals and alerts API: the whole journey, refusals with their messages, and each role × endpoint ×
jurisdiction (the providers see only what was referred to them; trafficking cases are masked outside their team)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.access.models import AuditEvent
from sosteci.cases import services
from sosteci.cases.models import Alert, Case, Referral
from sosteci.registry.inputs import VisitInput
from sosteci.registry.services import visit_record
from tests.conftest import Team

pytestmark = pytest.mark.django_db
ALL = ["admin", "admin_r1", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"]


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def users(team: Team) -> dict:
    return {**team.by_role(), "agent_sp2": team.agent_sp2, "superviseur_sp2": team.superviseur_sp2}


def _follow_up(team: Team, child, days_ago: int) -> None:
    data = VisitInput(visited_on=timezone.localdate() - timedelta(days=days_ago), kind="follow_up", attends_school=True)
    visit_record(by=team.agent, child=child, data=data)


@pytest.fixture
def referred(aya_case: Case, team: Team, centre) -> Referral:
    """Aya's case at the services step, referred to the provider's structure (pending)."""
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.PLAN)
    case = Case.objects.get(pk=aya_case.pk)
    return services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )


def test_anonymous_is_refused() -> None:
    for url in ("/api/v1/cases/", "/api/v1/referrals/", "/api/v1/alerts/"):
        assert APIClient().get(url).status_code == 401


def test_the_whole_journey_through_the_api(aya_case: Case, team: Team, centre, register) -> None:
    agent, provider, supervisor = api(team.agent), api(team.prestataire), api(team.superviseur)
    url = f"/api/v1/cases/{aya_case.pk}/"
    case = agent.get(url).json()
    assert (case["status"], case["child"]["name"], case["category"]) == (
        "open",
        "KOUASSI Aya",
        "hazardous_child_labour",
    )
    assert [s["name"] for s in case["next_steps"]] == ["assess", "request_closure"]

    def step(client: APIClient, name: str, **extra) -> dict:
        version = Case.objects.get(pk=aya_case.pk).version
        response = client.post(f"{url}transition/", {"name": name, "version": version, **extra}, format="json")
        assert response.status_code == 200, response.json()
        return response.json()

    assert step(agent, "assess", text="Machette, 12 h par semaine.")["status"] == "assessed"
    assert step(agent, "plan", text="Kit scolaire, retour à l'école.")["status"] == "plan"

    version = Case.objects.get(pk=aya_case.pk).version
    body = {"version": version, "structure": centre.code, "service": "school_kit", "consent_guardian": True}
    refused = agent.post(f"{url}referrals/", {**body, "consent_child": False}, format="json")
    assert refused.status_code == 400
    assert "accord de l'enfant" in str(refused.json())
    refused = agent.post(f"{url}referrals/", {**body, "consent_child": True, "service": "repatriation"}, format="json")
    assert refused.status_code == 400 and "n'offre pas ce service" in str(refused.json())
    made = agent.post(f"{url}referrals/", {**body, "consent_child": True}, format="json")
    assert made.status_code == 201
    referral = made.json()
    assert (referral["status"], referral["structure"], referral["child"]) == ("pending", centre.code, "KOUASSI Aya")

    # The provider sees it, answers it and records the service; the case worker cannot answer for it.
    assert agent.post(f"/api/v1/referrals/{referral['id']}/respond/", {"accept": True}).status_code == 403
    assert [r["id"] for r in provider.get("/api/v1/referrals/?status=pending").json()["results"]] == [referral["id"]]
    answered = provider.post(f"/api/v1/referrals/{referral['id']}/respond/", {"accept": True}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    delivered = provider.post(
        f"{url}services/",
        {"referral": referral["id"], "delivered_on": timezone.localdate().isoformat(), "cost": "15000"},
        format="json",
    )
    assert delivered.status_code == 201, delivered.json()
    assert (delivered.json()["service"], delivered.json()["provider"]) == ("school_kit", centre.code)

    closing = {"name": "request_closure", "reason": "out_of_labour"}
    version = Case.objects.get(pk=aya_case.pk).version
    early = agent.post(f"{url}transition/", {**closing, "version": version}, format="json")
    assert early.status_code == 400 and "visite de suivi" in str(early.json())
    _follow_up(team, register.aya, days_ago=20)
    _follow_up(team, register.aya, days_ago=2)
    detail = agent.get(url).json()
    assert detail["status"] == "follow_up"
    assert [f["works"] for f in detail["follow_ups"]] == [False, False]
    assert step(agent, "request_closure", reason="out_of_labour")["status"] == "closing"

    version = Case.objects.get(pk=aya_case.pk).version
    assert agent.post(f"{url}transition/", {"name": "approve_closure", "version": version}).status_code == 403
    closed = step(supervisor, "approve_closure")
    assert (closed["status"], closed["closure_reason"]) == ("closed", "out_of_labour")
    reopened = step(supervisor, "reopen", note="Revu au champ")
    assert (reopened["status"], reopened["reopened"]) == ("open", 1)
    actions = [e["action"] for e in reopened["events"]]
    assert actions[-3:] == ["request_closure", "approve_closure", "reopen"]
    assert "referral_accepted" in actions and "service" in actions


def test_a_stale_version_is_a_conflict(aya_case: Case, team: Team) -> None:
    url = f"/api/v1/cases/{aya_case.pk}/transition/"
    first = api(team.agent).post(url, {"name": "assess", "version": aya_case.version, "text": "Vu."}, format="json")
    assert first.status_code == 200
    second = api(team.superviseur).post(
        url, {"name": "assess", "version": aya_case.version, "text": "Autre."}, format="json"
    )
    assert second.status_code == 409
    assert Case.objects.get(pk=aya_case.pk).assessment == "Vu."


def test_unknown_filters_and_bad_bodies_are_named(aya_case: Case, team: Team) -> None:
    client = api(team.agent)
    bad = client.get("/api/v1/cases/?status=finished")
    assert bad.status_code == 400 and "finished" in str(bad.json()["status"])
    bad = client.post(f"/api/v1/cases/{aya_case.pk}/transition/", {"name": "fly", "version": 1}, format="json")
    assert bad.status_code == 400 and "name" in bad.json()
    assert client.get("/api/v1/cases/abc/").status_code == 404


def test_sensitive_cases_are_masked_outside_their_team(aya_case: Case, team: Team) -> None:
    Case.objects.filter(pk=aya_case.pk).update(is_sensitive=True)
    url = f"/api/v1/cases/{aya_case.pk}/"
    outsider = api(team.pointfocal).get(url).json()
    assert outsider["child"] == {
        "code": aya_case.child.code,
        "name": "A. K.",
        "identity_visible": False,
        "sex": "F",
    }
    listed = api(team.pointfocal).get("/api/v1/cases/").json()["results"]
    assert [c["child"]["name"] for c in listed] == ["A. K."]
    # A name search must not find the case for someone outside the team.
    assert api(team.pointfocal).get("/api/v1/cases/?q=Kouassi").json()["count"] == 0
    assert api(team.agent).get("/api/v1/cases/?q=Kouassi").json()["count"] == 1
    inside = api(team.agent).get(url).json()["child"]
    assert inside["name"] == "KOUASSI Aya" and inside["identity_visible"] and "date_of_birth" in inside
    # An outsider of the team may not act on it either.
    step = {"name": "assess", "version": aya_case.version, "text": "Vu."}
    assert api(team.pointfocal).post(f"{url}transition/", step, format="json").status_code == 403


def test_reads_are_audited(aya_case: Case, team: Team) -> None:
    api(team.superviseur).get(f"/api/v1/cases/{aya_case.pk}/")
    api(team.superviseur).get("/api/v1/cases/")
    reads = AuditEvent.objects.filter(actor=team.superviseur, kind=AuditEvent.Kind.READ)
    assert {(e.action, e.object_type) for e in reads} >= {
        ("api.case.view", "cases.case"),
        ("api.case.view", "registry.child"),
        ("api.case.list", "registry.child"),
    }


# --- Role × endpoint × jurisdiction ----------------------------------------------------------------------------------

# What each user gets for Aya's case (locality L1, sous-préfecture 1), referred to the provider's structure.
# A number is the count listed; 403: the role may not use the endpoint; 404: the object is outside its reach.
CASE_MATRIX = {
    #                list  detail assign referrals respond
    "admin": (403, 403, 403, 403, 403),
    "admin_r1": (403, 403, 403, 403, 403),
    "analyste": (1, 200, 403, 1, 403),
    "operateur": (403, 403, 403, 403, 403),
    "pointfocal": (1, 200, 200, 1, 403),
    "superviseur": (1, 200, 200, 1, 403),
    "agent": (1, 200, 403, 1, 403),
    "prestataire": (1, 200, 403, 1, 200),
    "partenaire": (403, 403, 403, 403, 403),
    "agent_sp2": (0, 404, 403, 0, 403),
    "superviseur_sp2": (0, 404, 404, 0, 403),
}


def _count_or_status(response) -> int:
    return response.json()["count"] if response.status_code == 200 else response.status_code


@pytest.mark.parametrize("who", list(CASE_MATRIX))
def test_case_and_referral_matrix(referred: Referral, team: Team, who: str) -> None:
    user = users(team)[who]
    client = api(user)
    case = Case.objects.get(pk=referred.case_id)
    got = (
        _count_or_status(client.get("/api/v1/cases/")),
        client.get(f"/api/v1/cases/{case.pk}/").status_code,
        client.post(
            f"/api/v1/cases/{case.pk}/assign/", {"version": case.version, "username": "agent"}, format="json"
        ).status_code,
        _count_or_status(client.get("/api/v1/referrals/")),
        client.post(f"/api/v1/referrals/{referred.pk}/respond/", {"accept": True}, format="json").status_code,
    )
    assert got == CASE_MATRIX[who]


ALERT_MATRIX = {
    #                list  detail create(L1) create(L3) triage
    "admin": (403, 403, 403, 403, 403),
    "admin_r1": (403, 403, 403, 403, 403),
    "analyste": (1, 200, 403, 403, 403),
    "operateur": (1, 200, 201, 201, 200),
    "pointfocal": (1, 200, 201, 403, 200),
    "superviseur": (1, 200, 201, 403, 200),
    "agent": (1, 200, 201, 403, 403),
    "prestataire": (403, 403, 403, 403, 403),
    "partenaire": (403, 403, 403, 403, 403),
    "agent_sp2": (0, 404, 403, 201, 403),
    "superviseur_sp2": (0, 404, 403, 201, 404),
}


@pytest.mark.parametrize("who", list(ALERT_MATRIX))
def test_alert_matrix(team: Team, territory, who: str) -> None:
    alert = services.alert_create(
        by=team.operateur,
        data=services.AlertInput(
            source=Alert.Source.GREEN_LINE,
            situation=Alert.Situation.CHILD_LABOUR,
            locality=territory.l1,
            description="x",
        ),
    )
    client = api(users(team)[who])

    def create(pcode: str) -> int:
        body = {"source": "green_line", "situation": "child_labour", "locality": pcode, "description": "Vu au champ."}
        return client.post("/api/v1/alerts/", body, format="json").status_code

    got = (
        _count_or_status(client.get("/api/v1/alerts/?status=new")),
        client.get(f"/api/v1/alerts/{alert.pk}/").status_code,
        create(territory.l1.pcode),
        create(territory.l3.pcode),
        client.post(
            f"/api/v1/alerts/{alert.pk}/triage/", {"decision": "dismiss", "note": "Doublon."}, format="json"
        ).status_code,
    )
    assert got == ALERT_MATRIX[who]


def test_triage_needs_a_reason_and_is_done_once(team: Team, territory) -> None:
    alert = services.alert_create(
        by=team.operateur,
        data=services.AlertInput(
            source=Alert.Source.ANONYMOUS, situation=Alert.Situation.TRAFFICKING, locality=territory.l1, description="x"
        ),
    )
    client = api(team.superviseur)
    url = f"/api/v1/alerts/{alert.pk}/triage/"
    missing = client.post(url, {"decision": "dismiss"}, format="json")
    assert missing.status_code == 400 and "sans suite" in str(missing.json())
    assert client.post(url, {"decision": "dismiss", "note": "Faux appel."}, format="json").json()["status"] == (
        "dismissed"
    )
    again = client.post(url, {"decision": "dismiss", "note": "Encore."}, format="json")
    assert again.status_code == 400 and "déjà été triée" in str(again.json())
    assert client.get("/api/v1/alerts/?status=overdue").json()["count"] == 0


def test_the_schema_describes_the_endpoints(team: Team) -> None:
    schema = api(team.analyste).get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{id}/transition/",
        "/api/v1/cases/{id}/referrals/",
        "/api/v1/referrals/{id}/respond/",
        "/api/v1/alerts/{id}/triage/",
    ):
        assert path in schema["paths"], path
