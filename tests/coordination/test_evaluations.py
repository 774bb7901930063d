"""Evaluations of programmes and of SOSTECI: who sees and records them, the report file (type and size refused,
served only to readers, each download audited), recommendations and their overdue follow-up, pages and API."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.access.models import AuditEvent
from sosteci.coordination import selectors
from sosteci.coordination.models import Decision, Evaluation, EvaluationKind, EvaluationStage, Recommendation
from sosteci.coordination.services import evaluations
from sosteci.core import documents
from tests.conftest import MiniTerritory, Team
from tests.coordination.conftest import Coordination
from tests.coordination.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "rapport.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office(name: str, part: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def data(**changes: object) -> evaluations.EvaluationData:
    values: dict[str, object] = {
        "title": "Évaluation à mi-parcours",
        "evaluated_on": TODAY - timedelta(days=30),
        "kind": EvaluationKind.EXTERNAL,
        "stage": EvaluationStage.MID_TERM,
        "evaluator": "Cabinet Ivoire Conseil",
        "findings": "Les comités villageois se réunissent peu.",
    }
    values.update(changes)
    return evaluations.EvaluationData(**values)


@pytest.fixture
def world(team: Team, coord: Coordination, territory: MiniTerritory) -> dict[str, Evaluation]:
    """An evaluation of the partner's programme, of another NGO's programme, of SOSTECI in the Nawa (r1),
    of SOSTECI in Korhogo (dep2) and of SOSTECI nationwide."""
    own = ProgrammeFactory.create(structure=team.structure, zones=[territory.dep1])
    other = ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.dep2])
    return {
        "own": evaluations.evaluation_create(by=None, data=data(title="Programme du centre", programme=own)),
        "other": evaluations.evaluation_create(by=None, data=data(title="Programme du Poro", programme=other)),
        "nawa": evaluations.evaluation_create(by=None, data=data(title="SOSTECI Nawa", units=[territory.r1])),
        "korhogo": evaluations.evaluation_create(by=None, data=data(title="SOSTECI Korhogo", units=[territory.dep2])),
        "national": evaluations.evaluation_create(by=None, data=data(title="SOSTECI national")),
    }


def titles(user) -> set[str]:
    return set(selectors.evaluations_for(user).values_list("title", flat=True))


def test_each_role_sees_the_evaluations_of_its_programmes_and_of_sosteci_in_its_jurisdiction(
    team: Team, coord: Coordination, world: dict[str, Evaluation]
) -> None:
    everything = {e.title for e in world.values()}
    assert titles(team.analyste) == everything
    assert titles(team.admin) == everything
    # The Soubré focal point: its département's programme, SOSTECI over its région and nationwide; not Korhogo.
    assert titles(team.pointfocal) == {"Programme du centre", "SOSTECI Nawa", "SOSTECI national"}
    assert titles(team.superviseur) == {"Programme du centre", "SOSTECI Nawa", "SOSTECI national"}
    assert titles(team.superviseur_sp2) == {"Programme du Poro", "SOSTECI Korhogo", "SOSTECI national"}
    # Partners and providers: only their own structure's programmes, never SOSTECI's own evaluations.
    assert titles(team.partenaire) == {"Programme du centre"}
    assert titles(team.prestataire) == {"Programme du centre"}
    assert titles(team.operateur) == set()


def test_the_focal_point_records_in_its_jurisdiction_only(team: Team, territory: MiniTerritory) -> None:
    saved = evaluations.evaluation_create(by=team.pointfocal, data=data(units=[territory.sp1]))
    assert list(saved.units.all()) == [territory.sp1]
    assert AuditEvent.objects.filter(action="evaluation.create", object_id=str(saved.pk)).exists()
    with pytest.raises(ValidationError) as outside:
        evaluations.evaluation_create(by=team.pointfocal, data=data(units=[territory.sp2]))
    assert "Korhogo (CI270101)" in outside.value.message_dict["units"][0]
    with pytest.raises(ValidationError) as nationwide:
        evaluations.evaluation_create(by=team.pointfocal, data=data(units=[]))
    assert "tout le pays" in nationwide.value.message_dict["units"][0]
    with pytest.raises(PermissionDenied):
        evaluations.evaluation_create(by=team.superviseur, data=data(units=[territory.sp1]))
    with pytest.raises(PermissionDenied):
        evaluations.evaluation_create(by=team.partenaire, data=data(units=[territory.sp1]))
    assert Evaluation.objects.count() == 1


def test_a_programme_out_of_sight_and_a_future_date_are_refused_with_the_field(
    team: Team, coord: Coordination, territory: MiniTerritory
) -> None:
    other = ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.dep2])
    with pytest.raises(ValidationError) as refused:
        evaluations.evaluation_create(
            by=team.pointfocal,
            data=data(programme=other, units=[territory.dep1], evaluated_on=TODAY + timedelta(days=3)),
        )
    errors = refused.value.message_dict
    assert errors["programme"] == ["Programme inconnu ou hors de votre ressort."]
    assert errors["evaluated_on"] == ["La date du rapport ne peut pas être dans le futur."]
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("rapport.exe", b"MZ\x90\x00"), "seuls les formats PDF, DOCX et XLSX"),
        (SimpleUploadedFile("rapport.pdf", b"<html>pas un pdf</html>"), "n'est pas un fichier PDF valide"),
        (office("rapport.docx", "xl/workbook.xml"), "n'est pas un fichier Word (DOCX) valide"),
        (SimpleUploadedFile("rapport.txt", b"texte"), "n'est pas accepté"),
        (SimpleUploadedFile("vide.pdf", b""), "le fichier est vide"),
    ],
)
def test_report_files_other_than_pdf_docx_xlsx_are_refused_and_nothing_is_saved(
    team: Team, upload: SimpleUploadedFile, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        evaluations.evaluation_create(by=team.analyste, data=data(), report=upload)
    assert message in refused.value.message_dict["report"][0]
    assert refused.value.message_dict["report"][0].startswith("« Rapport » :")
    assert not Evaluation.objects.exists()


def test_a_report_over_the_limit_is_refused(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError) as refused:
        evaluations.evaluation_create(by=team.analyste, data=data(), report=pdf())
    assert "la limite est de" in refused.value.message_dict["report"][0]


def test_pdf_docx_and_xlsx_reports_are_kept_under_a_random_name(team: Team) -> None:
    for upload in (pdf(), office("note.docx", "word/document.xml"), office("tableau.xlsx", "xl/workbook.xml")):
        saved = evaluations.evaluation_create(by=team.analyste, data=data(), report=upload)
        assert saved.report_name == upload.name
        assert saved.report.name.startswith(f"evaluations/{timezone.now():%Y}/")
        assert upload.name not in (saved.report.name or "")


def test_the_report_is_served_to_readers_only_and_each_download_is_audited(
    team: Team, coord: Coordination, territory: MiniTerritory, login
) -> None:
    own = ProgrammeFactory.create(structure=team.structure, zones=[territory.dep1])
    other = ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.dep2])
    mine = evaluations.evaluation_create(by=None, data=data(programme=own), report=pdf("Rapport final.pdf"))
    theirs = evaluations.evaluation_create(by=None, data=data(programme=other), report=pdf())
    client = login(team.partenaire)
    response = client.get(reverse("coordination:evaluation-report", args=[mine.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Rapport final.pdf"' in response["Content-Disposition"]
    read = AuditEvent.objects.get(action="evaluation.report_download")
    assert (read.kind, read.actor, read.object_id) == (AuditEvent.Kind.READ, team.partenaire, str(mine.pk))
    assert client.get(reverse("coordination:evaluation-report", args=[theirs.pk])).status_code == 404
    assert login(team.operateur).get(reverse("coordination:evaluation-report", args=[mine.pk])).status_code == 403
    assert AuditEvent.objects.filter(action="evaluation.report_download").count() == 1


def recommendation(evaluation: Evaluation, due_on: date, **changes: object) -> Recommendation:
    return evaluations.recommendation_add(
        by=None,
        evaluation=evaluation,
        data=evaluations.RecommendationData(
            text=str(changes.get("text", "Former les comités")), owner="DLTE", due_on=due_on
        ),
    )


def test_overdue_recommendations_are_the_open_ones_past_their_due_date(
    team: Team, world: dict[str, Evaluation]
) -> None:
    national = world["national"]
    late = recommendation(national, TODAY - timedelta(days=1), text="En retard")
    in_progress_late = recommendation(national, TODAY - timedelta(days=5), text="En cours mais en retard")
    evaluations.recommendation_follow_up(by=None, recommendation=in_progress_late, status=Decision.Status.IN_PROGRESS)
    done_late = recommendation(national, TODAY - timedelta(days=2), text="Réalisée")
    evaluations.recommendation_follow_up(by=None, recommendation=done_late, status=Decision.Status.DONE)
    recommendation(national, TODAY, text="Échéance aujourd'hui")
    recommendation(world["korhogo"], TODAY - timedelta(days=3), text="Korhogo en retard")
    overdue = selectors.recommendation_list(user=team.analyste, overdue=True)
    assert [r.text for r in overdue] == ["En cours mais en retard", "Korhogo en retard", "En retard"]
    assert late.is_overdue and not done_late.is_overdue
    # The Soubré focal point does not see Korhogo's.
    assert [r.text for r in selectors.recommendation_list(user=team.pointfocal, overdue=True)] == [
        "En cours mais en retard",
        "En retard",
    ]


def test_a_recommendation_due_before_its_report_is_refused(world: dict[str, Evaluation]) -> None:
    with pytest.raises(ValidationError) as refused:
        recommendation(world["national"], TODAY - timedelta(days=60))
    assert "précède le rapport" in refused.value.message_dict["due_on"][0]
    assert not Recommendation.objects.exists()


def test_follow_up_moves_as_declared_and_notes_are_dated(team: Team, territory: MiniTerritory) -> None:
    soubre = evaluations.evaluation_create(by=None, data=data(units=[territory.dep1]))
    item = recommendation(soubre, TODAY + timedelta(days=10))
    with pytest.raises(PermissionDenied):  # a régional evaluation is beyond a départemental focal point
        nawa = evaluations.evaluation_create(by=None, data=data(units=[territory.r1]))
        evaluations.recommendation_follow_up(
            by=team.pointfocal, recommendation=recommendation(nawa, TODAY), status="in_progress"
        )
    evaluations.recommendation_follow_up(by=team.pointfocal, recommendation=item, status="done", note="Fait")
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", TODAY)
    assert item.follow_up_note == f"{TODAY:%d/%m/%Y} : Fait"
    with pytest.raises(ValidationError) as refused:
        evaluations.recommendation_follow_up(by=team.pointfocal, recommendation=item, status="todo")
    assert refused.value.message_dict["status"] == ["Passage impossible de « Réalisée » à « À faire »."]
    with pytest.raises(PermissionDenied):
        evaluations.recommendation_follow_up(by=team.superviseur_sp2, recommendation=item, status="in_progress")
    assert AuditEvent.objects.filter(action="recommendation.follow_up").count() == 1


PAGES = ["evaluation-list", "recommendation-list", "evaluation-detail", "evaluation-create", "evaluation-edit"]
# One digit per page above: 2 = 200, 3 = 403, 4 = 404 (the national evaluation, nationwide: national staff edit it).
MATRIX = {
    "admin": "22222",
    "analyste": "22222",
    "pointfocal": "22223",
    "superviseur": "22233",
    "agent": "22233",
    "partenaire": "22433",
    "prestataire": "22433",
    "operateur": "33333",
}


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_pages_by_role(role: str, team: Team, world: dict[str, Evaluation], login) -> None:
    client = login(team.by_role()[role])
    codes = ""
    for name in PAGES:
        args = [world["national"].pk] if name in {"evaluation-detail", "evaluation-edit"} else []
        codes += {200: "2", 403: "3", 404: "4"}[client.get(reverse(f"coordination:{name}", args=args)).status_code]
    assert codes == MATRIX[role]


def test_create_page_with_a_file_and_the_overdue_list(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.pointfocal)
    response = client.post(
        reverse("coordination:evaluation-create"),
        {
            "title": "Revue annuelle du SOSTECI à Soubré",
            "kind": "internal",
            "stage": "annual",
            "evaluated_on": (TODAY - timedelta(days=40)).isoformat(),
            "evaluator": "Direction départementale",
            "units": "CI2604",
            "findings": "Bonne tenue des registres.",
            "report": office("revue.xlsx", "xl/workbook.xml"),
        },
    )
    saved = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "coordination:evaluation-detail", args=[saved.pk]
    )
    assert saved.report_name == "revue.xlsx" and list(saved.units.all()) == [territory.dep1]
    client.post(
        reverse("coordination:recommendation-add", args=[saved.pk]),
        {"text": "Former les nouveaux agents", "owner": "DDE", "due_on": (TODAY - timedelta(days=1)).isoformat()},
    )
    page = client.get(reverse("coordination:recommendation-list") + "?overdue=on")
    assert "Former les nouveaux agents" in page.content.decode()
    assert "en retard" in page.content.decode()
    index = client.get(reverse("coordination:index")).content.decode()
    assert "Former les nouveaux agents" in index


def test_create_page_refuses_a_wrong_file_on_its_field(team: Team, login) -> None:
    client = login(team.analyste)
    response = client.post(
        reverse("coordination:evaluation-create"),
        {
            "title": "Évaluation",
            "kind": "external",
            "stage": "final",
            "evaluated_on": TODAY.isoformat(),
            "evaluator": "Cabinet",
            "findings": "Constats",
            "report": SimpleUploadedFile("rapport.zip", b"PK\x03\x04"),
        },
    )
    assert response.status_code == 200
    assert "seuls les formats PDF, DOCX et XLSX" in response.context["form"].errors["report"][0]
    assert not Evaluation.objects.exists()


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_api_lists_what_each_role_sees_and_refuses_the_hotline(team: Team, world: dict[str, Evaluation]) -> None:
    listed = api(team.partenaire).get("/api/v1/evaluations/")
    assert listed.status_code == 200
    assert [row["title"] for row in listed.json()["results"]] == ["Programme du centre"]
    assert api(team.operateur).get("/api/v1/evaluations/").status_code == 403
    national = api(team.analyste).get("/api/v1/evaluations/?subject=system").json()
    assert {row["title"] for row in national["results"]} == {"SOSTECI Nawa", "SOSTECI Korhogo", "SOSTECI national"}
    assert api(team.analyste).get("/api/v1/evaluations/?kind=bad").status_code == 400


def test_api_creates_with_a_report_downloads_it_and_follows_up(team: Team, territory: MiniTerritory) -> None:
    client = api(team.pointfocal)
    created = client.post(
        "/api/v1/evaluations/",
        {
            "title": "Évaluation finale",
            "kind": "external",
            "stage": "final",
            "evaluated_on": (TODAY - timedelta(days=10)).isoformat(),
            "evaluator": "Cabinet",
            "findings": "Résultats atteints.",
            "units": ["CI260401"],
            "report_file": pdf(),
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["units"] == ["CI260401"] and body["has_report"] and body["report_name"] == "rapport.pdf"
    download = client.get(f"/api/v1/evaluations/{body['id']}/report/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="evaluation.report_download", actor=team.pointfocal).count() == 1
    refused = client.post(
        "/api/v1/evaluations/",
        {
            "title": "X",
            "kind": "external",
            "stage": "final",
            "evaluated_on": TODAY.isoformat(),
            "evaluator": "Cabinet",
            "findings": "Y",
            "units": ["CI270101"],
        },
        format="json",
    )
    assert refused.status_code == 400 and "Korhogo (CI270101)" in refused.json()["units"][0]
    rec = client.post(
        "/api/v1/recommendations/",
        {"evaluation": body["id"], "text": "Étendre", "owner": "DDE", "due_on": TODAY.isoformat()},
        format="json",
    )
    assert rec.status_code == 201
    moved = client.post(
        f"/api/v1/recommendations/{rec.json()['id']}/follow-up/", {"status": "in_progress"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    assert api(team.partenaire).get(f"/api/v1/recommendations/{rec.json()['id']}/").status_code == 404
