"""Plans API: each role against each endpoint; the tree filtered, activities with years and execution, indicators
with values and status, reconciliation; writes through the services with their French errors."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sosteci.plans.models import Activity, ActivityExecution, Indicator, Plan
from tests.conftest import Team

pytestmark = pytest.mark.django_db
READERS = {"admin", "admin_r1", "analyste", "pointfocal", "superviseur", "partenaire"}
WRITERS = {"admin", "analyste"}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def reads(plan: Plan) -> list[str]:
    activity = Activity.objects.filter(action__objective__axis__plan=plan).first()
    indicator = Indicator.objects.filter(plan=plan).first()
    assert activity is not None and indicator is not None
    return [
        "/api/v1/plans/",
        f"/api/v1/plans/{plan.code}/",
        f"/api/v1/plans/{plan.code}/tree/",
        f"/api/v1/plans/{plan.code}/reconciliation/",
        f"/api/v1/plan-activities/?plan={plan.code}",
        f"/api/v1/plan-activities/{activity.pk}/",
        f"/api/v1/plan-indicators/?plan={plan.code}",
        f"/api/v1/plan-indicators/{indicator.pk}/",
    ]


@pytest.mark.parametrize(
    "role",
    ["admin", "admin_r1", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"],
)
def test_each_role_against_each_endpoint(small_plan: Plan, team: Team, role: str) -> None:
    client = client_for(team.by_role()[role])
    for url in reads(small_plan):
        assert client.get(url).status_code == (200 if role in READERS else 403), url
    activity = Activity.objects.get(code="I-1.1.1")
    indicator = Indicator.objects.get(plan=small_plan, code="I.1")
    written = client.post(
        f"/api/v1/plan-activities/{activity.pk}/execution/", {"year": 2021, "status": "under_way", "committed": "50"}
    )
    assert written.status_code == (200 if role in WRITERS else 403)
    actual = client.post(f"/api/v1/plan-indicators/{indicator.pk}/actual/", {"year": 2021, "value": "Bon"})
    assert actual.status_code == (200 if role in WRITERS else 403)


def test_anonymous_callers_are_refused(small_plan: Plan) -> None:
    assert APIClient().get("/api/v1/plans/").status_code in {401, 403}


def test_tree_activities_and_indicators(small_plan: Plan, team: Team) -> None:
    client = client_for(team.partenaire)
    tree = client.get(f"/api/v1/plans/{small_plan.code}/tree/", {"responsable": "ministere"}).json()
    assert [
        a["code"] for ax in tree["axes"] for o in ax["objectives"] for ac in o["actions"] for a in ac["activities"]
    ] == [
        "I-1.1.2",
        "II-1.1.1",
    ]
    assert tree["axes"][0]["objectives"][0]["actions"][0]["activities"][0]["budget"]["total"] == "PM"
    ActivityExecution.objects.create(
        activity=Activity.objects.get(code="I-1.1.1"), year=2020, status="done", progress=100, committed=100, spent=90
    )
    rows = client.get("/api/v1/plan-activities/", {"plan": small_plan.code, "partenaire": "onudc"}).json()
    rows = rows.get("results", rows)
    assert [r["code"] for r in rows] == ["I-1.1.1"]
    assert rows[0]["years"] == [{"year": 2020, "amount": 100, "pm": False}, {"year": 2021, "amount": 200, "pm": False}]
    assert rows[0]["budget_status"] == "amount"
    assert rows[0]["executions"][0]["spent"] == 90
    indicators = client.get("/api/v1/plan-indicators/", {"plan": small_plan.code}).json()
    indicators = indicators.get("results", indicators)
    scale = next(i for i in indicators if i["code"] == "I.1")
    assert [t["text"] for t in scale["targets"]] == ["Faible", "Moyen", "Bon"]
    assert [s["status"] for s in scale["status"]] == ["no_data", "no_data"]
    reconciliation = client.get(f"/api/v1/plans/{small_plan.code}/reconciliation/").json()
    assert reconciliation["plan"] == small_plan.code


def test_writes_return_the_services_french_errors(small_plan: Plan, team: Team) -> None:
    client = client_for(team.analyste)
    activity = Activity.objects.get(code="I-1.1.1")
    refused = client.post(
        f"/api/v1/plan-activities/{activity.pk}/execution/",
        {"year": 2021, "status": "under_way", "committed": "10", "spent": "20"},
    )
    assert refused.status_code == 400
    assert refused.json()["spent"] == ["« montant dépensé » : 20 F CFA dépasse le montant engagé (10 F CFA)."]
    warned = client.post(
        f"/api/v1/plan-activities/{activity.pk}/execution/", {"year": 2021, "status": "under_way", "committed": "1 000"}
    )
    assert warned.status_code == 200
    assert warned.json()["warnings"][0].startswith("Activité I-1.1.1, 2021 : l'engagement")
    indicator = Indicator.objects.get(plan=small_plan, code="II.1.1")
    wrong = client.post(f"/api/v1/plan-indicators/{indicator.pk}/actual/", {"year": 2022, "value": "Bon"})
    assert wrong.status_code == 400
    assert wrong.json()["value"] == ["Produit II.1.1, 2022 : « Bon » n'est pas un pourcentage de 0 à 100."]
    ok = client.post(f"/api/v1/plan-indicators/{indicator.pk}/actual/", {"year": 2022, "value": "60 %"})
    assert ok.json()["status"][-1] == {
        "year": 2022,
        "target": "70%",
        "actual": "60 %",
        "status": "reached",
        "suppressed": False,
    }
