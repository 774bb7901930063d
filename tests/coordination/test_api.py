"""The coordination API: each role against each endpoint, jurisdiction and partner isolation, writes through the
services with French errors naming the field (nothing partial), the joint validation, the repertoire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.access.models import AuditEvent
from sosteci.coordination.models import Committee, Decision, PartnerEffort, PartnerReport, Programme
from tests.conftest import MiniTerritory, Team
from tests.coordination.conftest import Coordination
from tests.coordination.factories import (
    DecisionFactory,
    EffortFactory,
    MeetingFactory,
    ProgrammeFactory,
    ReportFactory,
    SessionFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/"
TODAY = timezone.localdate()


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def records(team: Team, coord: Coordination, territory: MiniTerritory) -> dict[str, object]:
    meeting = MeetingFactory.create(committees=[coord.village], held_on=TODAY - timedelta(days=1))
    own_report = ReportFactory.create(structure=team.structure, zone=territory.l1)
    EffortFactory.create(report=own_report, locality=territory.l1, amount_spent=70_000)
    other_report = ReportFactory.create(structure=coord.other_ngo, zone=territory.l3)
    EffortFactory.create(report=other_report, locality=territory.l3, amount_spent=30_000)
    return {
        "meeting": meeting,
        "decision": DecisionFactory.create(meeting=meeting),
        "training": TrainingFactory.create(committee=coord.village),
        "session": SessionFactory.create(locality=territory.l1, committee=coord.village),
        "own_programme": ProgrammeFactory.create(structure=team.structure, zones=[territory.dep1]),
        "other_programme": ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.dep2]),
        "own_report": own_report,
        "other_report": other_report,
    }


ENDPOINTS = [
    "committees/",
    "committee-members/",
    "meetings/",
    "decisions/",
    "trainings/",
    "awareness-sessions/",
    "programmes/",
    "partner-reports/",
    "partner-reports/consolidation/",
]
MATRIX = {
    "admin": "222222222",
    "admin_r1": "222222222",
    "analyste": "222222222",
    "operateur": "333333333",
    "pointfocal": "222222222",
    "superviseur": "222222222",
    "agent": "222222233",
    "prestataire": "333333222",
    "partenaire": "333332222",
    "agent_sp2": "222222233",
    "superviseur_sp2": "222222222",
}


def _user(team: Team, who: str):
    return {**team.by_role(), "agent_sp2": team.agent_sp2, "superviseur_sp2": team.superviseur_sp2}[who]


@pytest.mark.parametrize("who", list(MATRIX))
def test_each_role_on_each_endpoint(records, team: Team, who: str) -> None:
    client = api(_user(team, who))
    got = "".join({200: "2", 403: "3", 404: "4"}.get(client.get(API + path).status_code, "?") for path in ENDPOINTS)
    assert got == MATRIX[who]


def test_anonymous_callers_are_refused() -> None:
    for path in ENDPOINTS:
        assert APIClient().get(API + path).status_code == 401


# Who sees how many: committees, meetings, sessions, programmes, reports.
COUNTS = {
    "analyste": (8, 1, 1, 2, 2),
    "pointfocal": (4, 1, 1, 1, 1),
    "superviseur": (2, 1, 1, 1, 1),
    "agent": (1, 1, 1, 1, None),
    "superviseur_sp2": (0, 0, 0, 1, 1),
    "partenaire": (None, None, 0, 1, 1),
    "prestataire": (None, None, None, 1, 1),
}


@pytest.mark.parametrize("who", list(COUNTS))
def test_lists_follow_the_jurisdiction_and_the_structure(records, team: Team, who: str) -> None:
    client = api(_user(team, who))
    for path, expected in zip(
        ["committees/", "meetings/", "awareness-sessions/", "programmes/", "partner-reports/"], COUNTS[who], strict=True
    ):
        response = client.get(API + path)
        if expected is None:
            assert response.status_code == 403, path
        else:
            assert response.json()["count"] == expected, path


def test_partners_do_not_reach_other_structures_records(records, team: Team) -> None:
    client = api(team.partenaire)
    other = records["other_report"]
    assert client.get(f"{API}partner-reports/{other.pk}/").status_code == 404
    assert client.patch(f"{API}partner-reports/{other.pk}/", {"notes": "x"}, format="json").status_code == 404
    assert client.get(f"{API}programmes/{records['other_programme'].pk}/").status_code == 404
    own = client.get(f"{API}partner-reports/{records['own_report'].pk}/").json()
    assert own["efforts"][0]["amount_spent"] == 70_000
    consolidated = client.get(API + "partner-reports/consolidation/", {"unit": "CI"}).json()
    assert consolidated["total"]["amount"] == 70_000


# --- Committees, meetings, decisions ---------------------------------------------------------------------------------


def test_committees_written_through_the_services(team: Team, coord: Coordination) -> None:
    payload = {"name": "Comité villageois de Galéa", "level": "village", "admin_unit": "CI260401002"}
    assert api(team.agent).post(API + "committees/", payload, format="json").status_code == 403
    created = api(team.superviseur).post(API + "committees/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert AuditEvent.objects.filter(action="committee.create", actor=team.superviseur).count() == 1
    twice = api(team.superviseur).post(API + "committees/", payload, format="json")
    assert twice.status_code == 400 and "admin_unit" in twice.json()
    outside = api(team.superviseur).post(API + "committees/", {**payload, "admin_unit": "CI270101001"}, format="json")
    assert outside.json() == {"admin_unit": ["« Natiokobadara » est hors de votre ressort territorial."]}
    member = api(team.superviseur).post(
        API + "committee-members/",
        {"committee": created.json()["id"], "full_name": "Aya", "sex": "F", "role": "president", "phone": "0707123456"},
        format="json",
    )
    assert member.status_code == 201 and member.json()["phone"] == "+2250707123456"
    hidden = api(team.superviseur).post(
        API + "committee-members/",
        {"committee": coord.korhogo.pk, "full_name": "B", "sex": "M", "role": "member"},
        format="json",
    )
    assert hidden.status_code == 400 and "committee" in hidden.json()


def test_the_calendar_and_joint_meetings(records, team: Team, coord: Coordination) -> None:
    joint = api(team.analyste).post(
        API + "meetings/",
        {"committees": [coord.cim.pk, coord.cnltp.pk], "title": "Conjointe", "held_on": "2026-05-12"},
        format="json",
    )
    assert joint.status_code == 201 and joint.json()["is_joint"] is True
    may = api(team.analyste).get(API + "meetings/", {"month": "2026-05"}).json()
    assert [m["title"] for m in may["results"]] == ["Conjointe"]
    assert api(team.analyste).get(API + "meetings/", {"month": "mai"}).status_code == 400
    refused = api(team.pointfocal).post(
        API + "meetings/", {"committees": [coord.cim.pk], "title": "X", "held_on": "2026-05-12"}, format="json"
    )
    assert refused.status_code == 400 and "committees" in refused.json()


def test_decisions_and_their_follow_up(records, team: Team) -> None:
    decision: Decision = records["decision"]
    client = api(team.superviseur)
    moved = client.post(f"{API}decisions/{decision.pk}/follow-up/", {"status": "done", "note": "Fait"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "done" and moved.json()["done_on"] == str(TODAY)
    back = client.post(f"{API}decisions/{decision.pk}/follow-up/", {"status": "todo"}, format="json")
    assert back.status_code == 400
    assert back.json() == {"status": ["Passage impossible de « Réalisée » à « À faire »."]}
    assert (
        api(team.agent).post(f"{API}decisions/{decision.pk}/follow-up/", {"status": "in_progress"}).status_code == 403
    )
    created = client.post(
        API + "decisions/",
        {"meeting": records["meeting"].pk, "text": "Former", "owner": "SP", "due_on": str(TODAY + timedelta(days=9))},
        format="json",
    )
    assert created.status_code == 201 and created.json()["status"] == "todo"
    overdue = client.get(API + "decisions/", {"overdue": "true"}).json()
    assert overdue["count"] == 0


# --- Programmes and their validation ---------------------------------------------------------------------------------


def test_programme_flow_with_the_joint_validation(team: Team, coord: Coordination) -> None:
    partner = api(team.partenaire)
    payload = {
        "title": "Écoles",
        "structure": team.structure.pk,
        "zones": ["CI2604"],
        "funders": [coord.donor.pk],
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "budget": "250 000 000",
        "target_groups": ["households"],
    }
    bad_budget = partner.post(API + "programmes/", {**payload, "budget": "deux cents"}, format="json")
    assert bad_budget.status_code == 400
    assert bad_budget.json()["budget"][0].startswith("« Budget (FCFA) » : montant illisible « deux cents »")
    bad_period = partner.post(API + "programmes/", {**payload, "period_end": "2025-01-01"}, format="json")
    assert bad_period.json() == {"period_end": ["La fin de la période (01/01/2025) précède son début (01/01/2026)."]}
    assert not Programme.objects.exists()
    created = partner.post(API + "programmes/", payload, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["budget"] == 250_000_000 and created.json()["status"] == "draft"
    assert partner.post(f"{API}programmes/{pk}/submit/").json()["status"] == "submitted"

    outsider = api(coord.outsider).post(f"{API}programmes/{pk}/decide/", {"verdict": "approved"}, format="json")
    assert outsider.status_code == 400 and list(outsider.json()) == ["body"]
    assert "seuls les membres du CIM ou du CNLTP" in outsider.json()["body"][0]
    assert api(team.pointfocal).post(f"{API}programmes/{pk}/decide/", {"verdict": "approved"}).status_code == 403
    no_reason = api(coord.cim_staff).post(f"{API}programmes/{pk}/decide/", {"verdict": "refused"}, format="json")
    assert no_reason.json() == {"reason": ["« Motif » : un avis défavorable doit être motivé."]}
    half = api(coord.cim_staff).post(f"{API}programmes/{pk}/decide/", {"verdict": "approved"}, format="json")
    assert half.json()["status"] == "submitted"
    done = api(coord.cnltp_staff).post(f"{API}programmes/{pk}/decide/", {"verdict": "approved"}, format="json")
    assert done.json()["status"] == "validated"
    assert [(d["body"], d["verdict"]) for d in done.json()["decisions"]] == [("cim", "approved"), ("cnltp", "approved")]
    frozen = partner.patch(f"{API}programmes/{pk}/", {"budget": 1}, format="json")
    assert frozen.status_code == 400

    repertoire = api(team.pointfocal).get(
        API + "programmes/repertoire/", {"departement": "CI2604", "date": "2026-06-01"}
    )
    assert [p["title"] for p in repertoire.json()] == ["Écoles"]
    assert api(team.pointfocal).get(API + "programmes/repertoire/", {"departement": "CI2701"}).status_code == 400
    assert (
        api(team.pointfocal).get(API + "programmes/repertoire/", {"departement": "CI2604", "date": "hier"}).status_code
        == 400
    )


# --- Outil 4 -------------------------------------------------------------------------------------------------------


def _report(structure: int, **changes) -> dict[str, object]:
    payload: dict[str, object] = {
        "structure": structure,
        "period_start": "2026-04-01",
        "period_end": "2026-06-30",
        "victims_identified_boys": 1,
        "victims_assisted": 1,
        "efforts": [
            {"locality": "CI260401001", "activity_type": "school_kits", "boys_5_11": 5, "amount_spent": "150 000"},
            {"locality": "CI260401002", "activity_type": "awareness", "adult_women": 12, "amount_spent": 20000},
        ],
    }
    payload.update(changes)
    return payload


def test_a_partner_posts_a_report_whole(team: Team) -> None:
    client = api(team.partenaire)
    created = client.post(API + "partner-reports/", _report(team.structure.pk), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["zone"], body["source"]) == ("CI260401", "api")
    assert [e["amount_spent"] for e in body["efforts"]] == [150_000, 20_000]
    summed = client.get(API + "partner-reports/consolidation/", {"unit": "CI260401"}).json()
    total = summed["total"]
    assert (total["amount"], total["efforts"], total["boys"], total["adults"]) == (170_000, 2, 5, 12)
    assert summed["trafficking"]["victims_identified_boys"] == 1 and summed["reports"] == 1
    assert [(r["key"], r["amount"]) for r in summed["by_unit"]] == [("CI260401001", 150_000), ("CI260401002", 20_000)]


def test_bad_reports_answer_400_naming_the_field_and_store_nothing(team: Team, coord: Coordination) -> None:
    client = api(team.partenaire)
    bad_amount = _report(team.structure.pk)
    bad_amount["efforts"] = [{"locality": "CI260401001", "activity_type": "school_kits", "amount_spent": "12 5OO"}]
    response = client.post(API + "partner-reports/", bad_amount, format="json")
    assert response.status_code == 400
    assert response.json()["efforts"]["0"]["amount_spent"][0].startswith(
        "« Montant dépensé (FCFA) » : montant illisible « 12 5OO »"
    )
    response = client.post(API + "partner-reports/", _report(team.structure.pk, period_end="2026-03-01"), format="json")
    assert response.json() == {"period_end": ["La fin de la période (01/03/2026) précède son début (01/04/2026)."]}
    response = client.post(API + "partner-reports/", _report(coord.other_ngo.pk), format="json")
    assert response.status_code == 400 and "structure" in response.json()
    outside = _report(team.structure.pk)
    outside["efforts"] = [{"locality": "CI270101001", "activity_type": "school_kits", "amount_spent": 1}]
    response = client.post(API + "partner-reports/", outside, format="json")
    assert response.json() == {
        "efforts": ["Action 1, « localité » : « Natiokobadara » est hors de votre ressort territorial."]
    }
    assert not PartnerReport.objects.exists() and not PartnerEffort.objects.exists()
    assert api(team.agent).post(API + "partner-reports/", _report(team.structure.pk), format="json").status_code == 403


def test_consolidation_parameters_are_checked(records, team: Team) -> None:
    client = api(team.pointfocal)
    assert client.get(API + "partner-reports/consolidation/", {"unit": "CI2701"}).status_code == 400
    assert client.get(API + "partner-reports/consolidation/", {"start": "2026-13-01"}).status_code == 400
    assert client.get(API + "partner-reports/consolidation/", {"start": "2026-06-01", "end": "2026-01-01"}).json() == {
        "end": ["La fin de la période (01/01/2026) précède son début (01/06/2026)."]
    }
    assert client.get(API + "partner-reports/consolidation/", {"activity_type": "magic"}).status_code == 400
    ok = client.get(API + "partner-reports/consolidation/", {"activity_type": "school_kits"}).json()
    assert ok["total"]["amount"] == 70_000 and ok["unit"] == "CI2604"


def test_awareness_sessions_through_the_api(team: Team, coord: Coordination) -> None:
    payload = {
        "locality": "CI260401002",
        "held_on": str(TODAY),
        "theme": "birth_registration",
        "facilitator": "Awa",
        "women": 14,
    }
    created = api(team.partenaire).post(API + "awareness-sessions/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["structure"] == team.structure.pk
    empty = api(team.agent).post(
        API + "awareness-sessions/", {**payload, "locality": "CI260401001", "women": 0}, format="json"
    )
    assert empty.status_code == 400 and empty.json() == {"girls": ["Indiquez au moins un participant."]}
    assert Committee.objects.count() == 8
