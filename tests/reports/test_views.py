"""Report pages: the form for each role, the preview, a file now for a small scope, a request for a large one."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sosteci.access.models import AuditEvent
from sosteci.reports.models import ReportRequest

ROLES = ["admin", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_the_report_form(world, team, login, role) -> None:
    response = login(team.by_role()[role]).get(reverse("reports:index"))
    assert response.status_code == 200
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert "annual" in kinds
    assert ("activities" in kinds) == (
        role in {"admin", "analyste", "pointfocal", "superviseur", "prestataire", "partenaire"}
    )
    assert ("plan" in kinds) == (role in {"admin", "analyste", "pointfocal", "superviseur", "partenaire"})


def test_preview_shows_the_report_of_a_small_scope(world, team, login) -> None:
    response = login(team.pointfocal).get(reverse("reports:preview"), {"kind": "annual", "period": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rapport annuel SOSTECI 2026" in page and "Soubré" in page
    assert "<svg" in page


def test_preview_of_a_large_scope_asks_for_the_file(world, team, login) -> None:
    response = login(team.analyste).get(reverse("reports:preview"), {"kind": "prevalence", "unit": "CI"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("reports:index"))


def test_small_scope_gives_the_file_at_once(world, team, login) -> None:
    client = login(team.pointfocal)
    response = client.post(reverse("reports:index"), {"kind": "prevalence", "period": "2026", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sosteci-prevalence')
    book = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [row for row in book["Localités"].iter_rows(values_only=True) if row and row[2]]
    assert rows[1][:4] == ("Soubre", "Badayo", "CI260401001", 4)
    pdf = client.post(reverse("reports:index"), {"kind": "annual", "period": "2026", "format": "pdf"})
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="report.export", actor=team.pointfocal).count() == 2
    assert not ReportRequest.objects.exists()


def test_large_scope_is_prepared_in_the_background(world, team, login) -> None:
    client = login(team.analyste)
    response = client.post(
        reverse("reports:index"), {"kind": "prevalence", "unit": "CI", "period": "2026", "format": "pdf"}
    )
    assert response.status_code == 302 and response.url == reverse("reports:request-list")
    request = ReportRequest.objects.get()
    assert (request.kind, request.format, request.params["unit"], request.requested_by) == (
        "prevalence",
        "pdf",
        "CI",
        team.analyste,
    )


def test_form_errors_name_the_field_in_french(world, team, login) -> None:
    client = login(team.analyste)
    response = client.post(reverse("reports:index"), {"kind": "annual", "unit": "CI99", "format": "pdf"})
    assert response.status_code == 400
    assert "P-code inconnu" in response.context["form"].errors["unit"][0]
    response = client.post(reverse("reports:index"), {"kind": "annual", "period": "2026Q2", "format": "pdf"})
    assert "une année" in response.context["form"].errors["period"][0]
    response = client.post(reverse("reports:index"), {"kind": "plan", "format": "pdf"})
    assert "plan d'action" in response.context["form"].errors["plan"][0]
    response = client.post(reverse("reports:index"), {"kind": "prevalence", "period": "hier", "format": "pdf"})
    assert "Période illisible" in response.context["form"].errors["period"][0]


def test_out_of_jurisdiction_unit_is_refused(world, team, login) -> None:
    response = login(team.superviseur).post(
        reverse("reports:index"), {"kind": "annual", "unit": "CI270101", "period": "2026", "format": "xlsx"}
    )
    assert response.status_code == 400
    assert "ressort" in response.context["form"].errors["unit"][0]


def test_a_kind_the_role_may_not_read_is_not_offered(world, team, login) -> None:
    response = login(team.agent).post(reverse("reports:index"), {"kind": "activities", "format": "xlsx"})
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
