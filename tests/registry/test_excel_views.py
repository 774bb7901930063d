"""Excel pages: template download, upload checked then applied, exports scoped and audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sosteci.access.models import AuditEvent
from sosteci.registry.models import Child, Household, RegisterImport
from tests.conftest import Team
from tests.registry.conftest import Register

pytestmark = pytest.mark.django_db

HEADER = (
    "menage_ref,localite_pcode,chef_nom,chef_prenoms,chef_sexe,taille_menage,enfant_nom,enfant_prenoms,"
    "sexe,date_naissance,scolarisation,visite_date,activites,taches_dangereuses\n"
)
GOOD = HEADER + (
    "M1,CI260401002,Koné,Drissa,M,6,Koné,Awa,F,03/02/2013,scolarise,02/03/2026,CACAO:10,H_CHARGE\n"
    "M1,CI260401002,,,,,Koné,Bakary,M,05/06/2016,scolarise,,,\n"
    "M2,CI260401002,Yao,Konan,M,4,Yao,Ahou,F,01/01/2030,scolarise,,,\n"
)


@pytest.mark.parametrize(
    ("role", "status"), [("superviseur", 200), ("pointfocal", 200), ("agent", 403), ("analyste", 403), ("admin", 403)]
)
def test_who_may_import(team: Team, login, role: str, status: int) -> None:
    client = login(team.by_role()[role])
    assert client.get(reverse("registry:import-list")).status_code == status
    response = client.get(reverse("registry:import-template"))
    assert response.status_code == status
    if status == 200:
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        assert {"Notice", "Enfants", "Listes"} <= set(workbook.sheetnames)


def test_upload_check_then_apply(team: Team, login) -> None:
    client = login(team.superviseur)
    upload = SimpleUploadedFile("menages.csv", GOOD.encode())
    response = client.post(reverse("registry:import-list"), {"file": upload})
    record = RegisterImport.objects.get()
    assert response.status_code == 302
    assert record.report["households"] == {"total": 2, "valid": 1, "rejected": 1}
    assert not Household.objects.exists()
    page = client.get(reverse("registry:import-detail", args=[record.pk])).content.decode()
    assert "date_naissance" in page
    client.post(reverse("registry:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == RegisterImport.Status.APPLIED
    awa = Child.objects.get(given_names="Awa")
    assert awa.category == "hazardous_child_labour"
    assert Child.objects.count() == 2
    assert AuditEvent.objects.filter(action="register.import").count() == 1


def test_other_users_do_not_see_my_imports(team: Team, login) -> None:
    login(team.superviseur).post(reverse("registry:import-list"), {"file": SimpleUploadedFile("m.csv", GOOD.encode())})
    record = RegisterImport.objects.get()
    assert login(team.pointfocal).get(reverse("registry:import-detail", args=[record.pk])).status_code == 404


def test_csv_export_is_scoped_and_audited(team: Team, register: Register, login) -> None:
    response = login(team.superviseur).get(reverse("registry:child-export"), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    codes = {r[0] for r in rows[1:]}
    assert codes == {register.aya.code, register.yao.code}
    event = AuditEvent.objects.get(action="child.export")
    assert (event.actor, event.kind, event.after["count"]) == (team.superviseur, "read", 2)


def test_xlsx_export_with_filters(team: Team, register: Register, login) -> None:
    response = login(team.analyste).get(reverse("registry:child-export"), {"category": "hazardous_child_labour"})
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][0] == register.aya.code


@pytest.mark.parametrize("role", ["agent", "admin", "partenaire"])
def test_export_refused(team: Team, register: Register, login, role: str) -> None:
    assert login(team.by_role()[role]).get(reverse("registry:child-export")).status_code == 403
