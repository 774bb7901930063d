"""The case list as XLSX: for those allowed to export personal data, within their jurisdiction, masked like the
pages, audited."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.cases import services
from sosteci.cases.models import Case
from tests.conftest import Team

pytestmark = pytest.mark.django_db
URL = reverse("cases:case-export")


def _sheet(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def test_the_supervisor_exports_the_cases_of_its_jurisdiction(aya_case: Case, team: Team, centre, login) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.PLAN)
    case = Case.objects.get(pk=aya_case.pk)
    services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )
    response = login(team.superviseur).get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sosteci-dossiers-')
    header, *rows = _sheet(response)
    assert header[:6] == (
        "Dossier",
        "Étape",
        "Catégorie à l'ouverture",
        "Traite ou pire forme",
        "Code de l'enfant",
        "Enfant",
    )
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Dossier"], row["Étape"], row["Enfant"], row["Orientations"], row["Services rendus"]) == (
        case.code,
        "Services en cours",
        "KOUASSI Aya",
        1,
        0,
    )
    assert row["Catégorie à l'ouverture"] == "Travail dangereux"
    event = AuditEvent.objects.get(action="case.export")
    assert (event.actor, event.after["count"]) == (team.superviseur, 1)


def test_sensitive_names_are_initials_outside_the_team(aya_case: Case, team: Team, login) -> None:
    Case.objects.filter(pk=aya_case.pk).update(is_sensitive=True)
    header, *rows = _sheet(login(team.pointfocal).get(URL))
    assert dict(zip(header, rows[0], strict=True))["Enfant"] == "A. K."


def test_another_jurisdiction_exports_nothing_of_it(aya_case: Case, team: Team, login) -> None:
    _header, *rows = _sheet(login(team.superviseur_sp2).get(URL))
    assert rows == []


@pytest.mark.parametrize("who", ["agent", "analyste", "prestataire", "partenaire", "operateur", "admin"])
def test_roles_without_the_export_are_refused(aya_case: Case, team: Team, login, who: str) -> None:
    assert login(team.by_role()[who]).get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="case.export").exists()
