"""Territory pages for each role: browse, map, coverage and imports (administrators only)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.territory.models import AdminUnit, TerritoryImport
from tests.conftest import MiniTerritory, Team
from tests.territory.test_importing import GOOD_CODAB

pytestmark = pytest.mark.django_db
ROLES = [
    "admin",
    "admin_r1",
    "analyste",
    "operateur",
    "pointfocal",
    "superviseur",
    "agent",
    "prestataire",
    "partenaire",
]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_browses_the_territory_but_only_a_national_admin_imports(
    team: Team, territory: MiniTerritory, login, role: str
) -> None:
    client = login(team.by_role()[role])
    root = client.get(reverse("territory:unit-root"))
    assert root.status_code == 302
    page = client.get(reverse("territory:unit-detail", args=[territory.r1.pk]))
    assert page.status_code == 200
    assert "Soubré" in page.content.decode()
    layer = client.get(reverse("territory:unit-map", args=[territory.r1.pk])).json()
    assert {f["properties"]["pcode"] for f in layer["features"]} == {"CI26"}  # no outline held for the child
    assert client.get(reverse("territory:import-list")).status_code == (200 if role == "admin" else 403)


def test_unit_page_shows_ancestors_children_and_totals(
    team: Team,
    territory: MiniTerritory,
    login,
    django_assert_max_num_queries,
) -> None:
    client = login(team.superviseur)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("territory:unit-detail", args=[territory.dep1.pk]))
    assert [a.name for a in response.context["ancestors"]] == ["Côte d'Ivoire", "Bas-Sassandra", "Nawa"]
    [child] = response.context["children"]
    assert (child.unit.name, child.localites, child.population) == ("Soubre", 2, 2000)
    assert response.context["totals"]["localite"] == 2
    assert response.context["in_my_jurisdiction"] is False
    assert not response.context["can_edit_coverage"]


def test_localite_points_appear_on_the_map(team: Team, territory: MiniTerritory, login) -> None:
    AdminUnit.objects.filter(pk=territory.l1.pk).update(lat="5.79", lon="-6.61")
    layer = login(team.agent).get(reverse("territory:unit-map", args=[territory.sp1.pk])).json()
    points = [f for f in layer["features"] if f["geometry"]["type"] == "Point"]
    assert {f["properties"]["name"] for f in points} == {"Soubre", "Badayo"}


def test_search_by_name_without_accents_or_by_pcode(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.agent)
    found = client.get(reverse("territory:unit-search"), {"q": "galea", "format": "json"}).json()["results"]
    assert [r["pcode"] for r in found] == ["CI260401002"]
    found = client.get(reverse("territory:unit-search"), {"q": "CI2701", "format": "json"}).json()["results"]
    assert [r["name"] for r in found] == ["Korhogo"]


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("admin", "l3", 302),
        ("admin_r1", "l1", 302),
        ("admin_r1", "l3", 403),
        ("admin_r1", "d1", 403),
        ("pointfocal", "l1", 403),
        ("agent", "l1", 403),
    ],
)
def test_coverage_is_set_by_administrators_within_their_jurisdiction(
    team: Team, territory: MiniTerritory, login, role: str, target: str, status: int
) -> None:
    unit = getattr(territory, target)
    response = login(team.by_role()[role]).post(
        reverse("territory:unit-coverage", args=[unit.pk]), {"covered_since": "2024-03-01"}
    )
    assert response.status_code == status
    unit.refresh_from_db()
    if status == 302:
        assert unit.covered_since == datetime.date(2024, 3, 1)
        event = AuditEvent.objects.get(action="territory.unit.coverage")
        assert (event.before, event.after) == ({"covered_since": None}, {"covered_since": "2024-03-01"})
    else:
        assert unit.covered_since is None
        assert not AuditEvent.objects.filter(action="territory.unit.coverage").exists()


def test_upload_dry_run_then_confirm(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.admin)
    upload = SimpleUploadedFile("nawa.csv", GOOD_CODAB.encode(), content_type="text/csv")
    response = client.post(reverse("territory:import-list"), {"file": upload})
    record = TerritoryImport.objects.get()
    assert response.status_code == 302
    assert record.status == TerritoryImport.Status.CHECKED
    assert record.report["rows"] == {"create": 3, "update": 0, "unchanged": 0, "reject": 0}
    assert not AdminUnit.objects.filter(pcode="CI2603").exists()
    detail = client.get(reverse("territory:import-detail", args=[record.pk]), {"show": "create"})
    assert "Gnititoigui" in detail.content.decode()
    client.post(reverse("territory:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == TerritoryImport.Status.APPLIED
    assert AdminUnit.objects.filter(pcode="CI2603").exists()
    # Confirming twice does nothing more.
    client.post(reverse("territory:import-confirm", args=[record.pk]))
    assert AuditEvent.objects.filter(action="territory.import").count() == 1


def test_upload_of_a_bad_file_is_kept_with_its_reason(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.admin)
    upload = SimpleUploadedFile("latin1.csv", "ADM1_FR,ADM1_PCODE\nBéré,CI09\n".encode("latin-1"))
    client.post(reverse("territory:import-list"), {"file": upload})
    record = TerritoryImport.objects.get()
    assert record.status == TerritoryImport.Status.FAILED
    assert "UTF-8" in record.report["error"]
    page = client.get(reverse("territory:import-detail", args=[record.pk])).content.decode()
    assert "encodé en UTF-8" in page


def test_a_regional_admin_cannot_upload(team: Team, login) -> None:
    upload = SimpleUploadedFile("nawa.csv", GOOD_CODAB.encode())
    response = login(team.admin_r1).post(reverse("territory:import-list"), {"file": upload})
    assert response.status_code == 403
    assert not TerritoryImport.objects.exists()
