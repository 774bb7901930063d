"""Coordination pages: each role × page × jurisdiction, and the forms (committee, decisions, programme validation,
outil 4 entry with its actions, consolidation, the prefect's repertoire as XLSX)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sosteci.access.models import AuditEvent
from sosteci.coordination.models import (
    Committee,
    Decision,
    PartnerEffort,
    PartnerReport,
    Programme,
    ProgrammeDecision,
)
from sosteci.coordination.services import programmes
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
TODAY = timezone.localdate()


@pytest.fixture
def objects(team: Team, coord: Coordination, territory: MiniTerritory) -> dict[str, int]:
    meeting = MeetingFactory.create(committees=[coord.village], held_on=TODAY - timedelta(days=2))
    DecisionFactory.create(meeting=meeting)
    programme = ProgrammeFactory.create(structure=team.structure, zones=[territory.dep1])
    report = ReportFactory.create(structure=team.structure, zone=territory.l1)
    EffortFactory.create(report=report, locality=territory.l1)
    return {"committee": coord.village.pk, "meeting": meeting.pk, "programme": programme.pk, "report": report.pk}


PAGES = [
    ("coordination:index", None),
    ("coordination:committee-list", None),
    ("coordination:committee-detail", "committee"),
    ("coordination:committee-create", None),
    ("coordination:committee-edit", "committee"),
    ("coordination:meeting-calendar", None),
    ("coordination:meeting-detail", "meeting"),
    ("coordination:meeting-create", None),
    ("coordination:decision-list", None),
    ("coordination:training-list", None),
    ("coordination:session-list", None),
    ("coordination:session-create", None),
    ("coordination:programme-list", None),
    ("coordination:programme-detail", "programme"),
    ("coordination:programme-create", None),
    ("coordination:programme-edit", "programme"),
    ("coordination:repertoire", None),
    ("coordination:report-list", None),
    ("coordination:report-detail", "report"),
    ("coordination:report-create", None),
    ("coordination:report-edit", "report"),
    ("coordination:consolidation", None),
]
# One digit per page above: 2 = 200, 3 = 403, 4 = 404.
MATRIX = {
    "admin": "2222222222222222222222",
    "admin_r1": "2222222222222222222222",
    "analyste": "2222222222222222222222",
    "operateur": "3333333333333333333333",
    "pointfocal": "2222222222222222222222",
    "superviseur": "2222222222222233222332",
    "agent": "2223322322222233233333",
    "prestataire": "2333333333332222222222",
    "partenaire": "2333333333222222222222",
    "agent_sp2": "2243324322222433233333",
    "superviseur_sp2": "2242424222222433224332",
}
CODES = {"2": 200, "3": 403, "4": 404}


@pytest.mark.parametrize("who", list(MATRIX))
def test_each_role_on_each_page(objects: dict[str, int], team: Team, login, who: str) -> None:
    user = {**team.by_role(), "agent_sp2": team.agent_sp2, "superviseur_sp2": team.superviseur_sp2}[who]
    client = login(user)
    got = ""
    for name, key in PAGES:
        url = reverse(name, args=[objects[key]]) if key else reverse(name)
        code = client.get(url).status_code
        got += {200: "2", 403: "3", 404: "4"}.get(code, "?")
    assert got == MATRIX[who], "\n".join(
        f"{name}: {CODES.get(a)} expected, got {CODES.get(b)}"
        for (name, _k), a, b in zip(PAGES, MATRIX[who], got, strict=True)
        if a != b
    )


def test_the_navigation_has_one_coordination_entry(objects, team: Team, login) -> None:
    link = f'href="{reverse("coordination:index")}"'
    for user, shown in ((team.partenaire, True), (team.agent, True), (team.prestataire, True), (team.operateur, False)):
        body = login(user).get(reverse("home")).content.decode()
        assert (link in body) is shown, user


def test_partner_tabs_show_only_its_sections(objects, team: Team, login) -> None:
    body = login(team.partenaire).get(reverse("coordination:index")).content.decode()
    assert reverse("coordination:programme-list") in body and reverse("coordination:report-list") in body
    assert reverse("coordination:committee-list") not in body


def test_a_focal_point_creates_a_task_force_from_the_page(team: Team, territory, login) -> None:
    client = login(team.pointfocal)
    response = client.post(
        reverse("coordination:committee-create"),
        {
            "name": "Task Force 8.7 de Soubré",
            "level": "task_force",
            "admin_unit": "CI2604",
            "act_number": "Arrêté préfectoral n° 27",
            "act_date": "2022-03-02",
            "is_active": "on",
        },
    )
    committee = Committee.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "coordination:committee-detail", args=[committee.pk]
    )
    bad = client.post(
        reverse("coordination:committee-create"), {"name": "X", "level": "village", "admin_unit": "CI2604"}
    )
    assert bad.status_code == 200
    assert "admin_unit" in bad.context["form"].errors


def test_decision_follow_up_from_the_meeting_page(objects, team: Team, login) -> None:
    decision = Decision.objects.get()
    client = login(team.superviseur)
    response = client.post(
        reverse("coordination:decision-follow-up", args=[decision.pk]), {"status": "in_progress", "note": "Relancé"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "in_progress" and "Relancé" in decision.follow_up_note
    refused = client.post(
        reverse("coordination:decision-follow-up", args=[decision.pk]), {"status": "todo"}, follow=True
    )
    assert "Passage impossible de « En cours » à « À faire »." in refused.content.decode()
    assert (
        login(team.agent)
        .post(reverse("coordination:decision-follow-up", args=[decision.pk]), {"status": "done"})
        .status_code
        == 403
    )
    # From the follow-up list, back to the list; never to another site.
    client = login(team.superviseur)
    listed = reverse("coordination:decision-list") + "?overdue=on"
    back = client.post(
        reverse("coordination:decision-follow-up", args=[decision.pk]), {"status": "done", "next": listed}
    )
    assert back["Location"] == listed
    away = client.post(
        reverse("coordination:decision-follow-up", args=[decision.pk]),
        {"status": "in_progress", "next": "https://ailleurs.example/"},
    )
    assert away["Location"] == reverse("coordination:meeting-detail", args=[decision.meeting_id])
    decision.refresh_from_db()
    assert decision.status == "in_progress"


def test_the_calendar_page_marks_joint_meetings(coord: Coordination, team: Team, login) -> None:
    MeetingFactory.create(title="Conjointe", held_on=date(2026, 5, 12), committees=[coord.cim, coord.cnltp])
    response = login(team.analyste).get(reverse("coordination:meeting-calendar"), {"mois": "2026-05"})
    assert [m.title for m in response.context["meetings"]] == ["Conjointe"]
    assert "conjointe" in response.content.decode()
    assert (
        login(team.pointfocal).get(reverse("coordination:meeting-calendar"), {"mois": "2026-05"}).context["meetings"]
        == []
    )


def test_programme_validation_from_the_page(team: Team, coord: Coordination, territory, login) -> None:
    programme = programmes.programme_create(
        by=team.partenaire,
        data=programmes.ProgrammeData(
            title="Écoles",
            structure=team.structure,
            period_start=date(2026, 1, 1),
            period_end=date(2027, 1, 1),
            budget=1,
            zones=[territory.dep1],
        ),
    )
    partner = login(team.partenaire)
    assert partner.post(reverse("coordination:programme-submit", args=[programme.pk])).status_code == 302
    # An analyst who is no member of either committee is told why, naming the field.
    outsider = login(coord.outsider)
    refused = outsider.post(
        reverse("coordination:programme-decide", args=[programme.pk]),
        {"body": "cim", "verdict": "approved"},
        follow=True,
    )
    assert "« Organe » : seuls les membres du CIM ou du CNLTP valident les programmes" in refused.content.decode()
    detail = login(coord.cim_staff).get(reverse("coordination:programme-detail", args=[programme.pk]))
    assert detail.context["decision_form"] is not None
    login(coord.cim_staff).post(
        reverse("coordination:programme-decide", args=[programme.pk]), {"body": "cim", "verdict": "approved"}
    )
    login(coord.cnltp_staff).post(
        reverse("coordination:programme-decide", args=[programme.pk]), {"body": "cnltp", "verdict": "approved"}
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.VALIDATED
    assert ProgrammeDecision.objects.count() == 2
    assert (
        login(team.pointfocal)
        .post(reverse("coordination:programme-decide", args=[programme.pk]), {"body": "cim", "verdict": "approved"})
        .status_code
        == 403
    )


def test_the_repertoire_page_and_its_export(team: Team, coord: Coordination, territory, login) -> None:
    ProgrammeFactory.create(title="En vigueur", structure=team.structure, zones=[territory.r1], status="validated")
    ProgrammeFactory.create(title="Brouillon", structure=team.structure, zones=[territory.dep1])
    client = login(team.pointfocal)
    query = {"departement": territory.dep1.pk, "on": "2026-06-01"}
    page = client.get(reverse("coordination:repertoire"), query)
    assert [p.title for p in page.context["rows"]] == ["En vigueur"]
    export = client.get(reverse("coordination:repertoire-export"), query)
    assert export.status_code == 200 and export["Content-Disposition"].endswith('-CI2604-2026-06-01.xlsx"')
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet["B5"].value == "En vigueur" and sheet["B6"].value is None
    assert AuditEvent.objects.filter(action="programme.repertoire_export", actor=team.pointfocal).exists()
    # A département outside the focal point's jurisdiction cannot be chosen.
    outside = client.get(reverse("coordination:repertoire"), {"departement": territory.dep2.pk})
    assert outside.context["rows"] is None and "departement" in outside.context["form"].errors


def _report_post(structure: int, **changes: str) -> dict[str, str]:
    post = {
        "structure": str(structure),
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "notes": "",
        "victims_identified_boys": "1",
        "victims_identified_girls": "0",
        "victims_identified_adults": "0",
        "victims_assisted": "1",
        "victims_referred": "0",
        "victims_repatriated": "0",
        "prosecutions_reported": "0",
        "efforts-TOTAL_FORMS": "2",
        "efforts-INITIAL_FORMS": "0",
        "efforts-MIN_NUM_FORMS": "0",
        "efforts-MAX_NUM_FORMS": "1000",
    }
    counts = ("boys_5_11", "boys_12_14", "boys_15_17", "girls_5_11", "girls_12_14", "girls_15_17")
    for index in (0, 1):
        for name in (*counts, "adult_men", "adult_women"):
            post[f"efforts-{index}-{name}"] = "0"
        post[f"efforts-{index}-locality"] = ""
        post[f"efforts-{index}-activity_type"] = ""
        post[f"efforts-{index}-amount_spent"] = ""
    post.update(
        {
            "efforts-0-locality": "CI260401001",
            "efforts-0-activity_type": "school_kits",
            "efforts-0-boys_5_11": "4",
            "efforts-0-amount_spent": "150 000",
        }
    )
    post.update(changes)
    return post


def test_a_partner_enters_its_report_with_actions(team: Team, login) -> None:
    client = login(team.partenaire)
    response = client.post(reverse("coordination:report-create"), _report_post(team.structure.pk))
    report = PartnerReport.objects.get()
    assert response.status_code == 302, response.context and response.context["form"].errors
    effort = report.efforts.get()
    assert (effort.amount_spent, effort.boys_5_11, report.victims_assisted) == (150_000, 4, 1)


def test_bad_input_on_the_report_page_names_the_field_and_saves_nothing(team: Team, login) -> None:
    client = login(team.partenaire)
    response = client.post(
        reverse("coordination:report-create"), _report_post(team.structure.pk, **{"efforts-0-amount_spent": "15O 000"})
    )
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors["amount_spent"]
    assert errors == [
        "« Montant dépensé (FCFA) » : montant illisible « 15O 000 ». Saisissez un nombre entier de francs CFA, "
        "par exemple 150000."
    ]
    response = client.post(
        reverse("coordination:report-create"), _report_post(team.structure.pk, period_end="2025-12-01")
    )
    assert response.context["form"].errors["period_end"] == [
        "La fin de la période (01/12/2025) précède son début (01/01/2026)."
    ]
    response = client.post(
        reverse("coordination:report-create"), _report_post(team.structure.pk, **{"efforts-0-locality": "CI270101001"})
    )
    assert "hors de votre ressort" in str(response.context["formset"].forms[0].errors["locality"])
    assert not PartnerReport.objects.exists() and not PartnerEffort.objects.exists()


def test_the_consolidation_page(objects, team: Team, territory, login) -> None:
    response = login(team.pointfocal).get(reverse("coordination:consolidation"), {"unit": "CI260401"})
    result = response.context["result"]
    assert (result.total.efforts, result.total.amount) == (1, 10_000)
    outside = login(team.pointfocal).get(reverse("coordination:consolidation"), {"unit": "CI2701"})
    assert outside.context["result"] is None and "unit" in outside.context["form"].errors
    default = login(team.partenaire).get(reverse("coordination:consolidation"))
    assert default.context["result"].total.amount == 10_000


LISTS = [
    "coordination:committee-list",
    "coordination:meeting-calendar",
    "coordination:decision-list",
    "coordination:training-list",
    "coordination:session-list",
    "coordination:programme-list",
    "coordination:report-list",
]


def test_list_pages_cost_the_same_with_more_rows(team: Team, coord: Coordination, territory, login) -> None:
    """A page of 2 rows and a page of 8 rows cost the same number of queries (no query per row)."""

    def rows(count: int) -> None:
        for _n in range(count):
            meeting = MeetingFactory.create(committees=[coord.village, coord.sous_prefecture])
            DecisionFactory.create(meeting=meeting)
            TrainingFactory.create(committee=coord.village)
            SessionFactory.create(locality=territory.l1, committee=coord.village, structure=team.structure)
            ProgrammeFactory.create(structure=team.structure, zones=[territory.dep1], funders=[coord.donor])
            report = ReportFactory.create(
                structure=team.structure, zone=territory.l1, period_start=date(2020, 1, 1) + timedelta(days=_n + count)
            )
            EffortFactory.create(report=report, locality=territory.l1)

    client = login(team.pointfocal)

    def costs() -> list[int]:
        found = []
        for name in LISTS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name)).status_code == 200
            found.append(len(captured))
        return found

    rows(2)
    few = costs()
    rows(6)
    assert costs() == few
