"""Knowledge pages and API: every signed-in role reads, national staff edit; the file refused unless PDF, DOCX or
XLSX; each download audited; the series page labels its two sources; the read API with its filters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.access.models import AuditEvent
from sosteci.knowledge import services
from sosteci.knowledge.models import Document, ReferenceSeries
from tests.conftest import MiniTerritory, Team
from tests.indicators.conftest import World

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def series(territory: MiniTerritory, library: dict[str, Document]) -> ReferenceSeries:
    created = services.series_create(
        by=None,
        data=services.SeriesData(
            code="traite-cas",
            name="Cas de traite signalés",
            document=library["korhogo"],
            unit="number",
            indicator_code="CH_WORST",
        ),
    )
    services.value_set(
        by=None,
        series=created,
        data=services.ValueData(year=2026, admin_unit=territory.pays, value=Decimal("40"), source_location="ligne 620"),
    )
    return created


PAGES = [
    "search",
    "document-detail",
    "series-list",
    "series-detail",
    "document-create",
    "document-edit",
    "series-create",
    "series-edit",
]
MATRIX = {
    "admin": "22222222",
    "admin_r1": "22223333",
    "analyste": "22222222",
    "pointfocal": "22223333",
    "superviseur": "22223333",
    "agent": "22223333",
    "partenaire": "22223333",
    "prestataire": "22223333",
    "operateur": "22223333",
}


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_pages_by_role(role: str, team: Team, library: dict[str, Document], series: ReferenceSeries, login) -> None:
    client = login(team.by_role()[role])
    codes = ""
    for name in PAGES:
        args = [library["cocoa"].pk] if name.startswith("document-") and name != "document-create" else []
        args = [series.pk] if name in {"series-detail", "series-edit"} else args
        codes += {200: "2", 403: "3", 404: "4"}[client.get(reverse(f"knowledge:{name}", args=args)).status_code]
    assert codes == MATRIX[role]


def test_search_page_filters_and_lists(team: Team, library: dict[str, Document], login) -> None:
    response = login(team.agent).get(reverse("knowledge:search"), {"q": "cacaoculture", "theme": "cocoa"})
    body = response.content.decode()
    assert "Étude sur le travail des enfants dans la cacaoculture de la Nawa" in body
    assert "Korhogo" not in body
    bad = login(team.agent).get(reverse("knowledge:search"), {"year_from": "2020", "year_to": "2010"})
    assert "L&#x27;année de fin précède l&#x27;année de début." in bad.content.decode()


def test_a_document_with_its_file_is_created_and_downloaded_with_an_audit_row(team: Team, login) -> None:
    client = login(team.analyste)
    fields = {
        "title": "Étude CAP sur la traite",
        "kind": "study",
        "year": "2018",
        "language": "fr",
        "scope": "national",
    }
    refused = client.post(
        reverse("knowledge:document-create"), {**fields, "file": SimpleUploadedFile("etude.doc", b"\xd0\xcf")}
    )
    assert refused.status_code == 200
    assert "seuls les formats PDF, DOCX et XLSX" in refused.context["form"].errors["file"][0]
    assert not Document.objects.exists()
    created = client.post(
        reverse("knowledge:document-create"), {**fields, "file": SimpleUploadedFile("etude.pdf", PDF)}
    )
    document = Document.objects.get()
    assert created["Location"] == reverse("knowledge:document-detail", args=[document.pk])
    reader = login(team.partenaire)
    download = reader.get(reverse("knowledge:document-download", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF
    read = AuditEvent.objects.get(action="document.download")
    assert (read.kind, read.actor) == (AuditEvent.Kind.READ, team.partenaire)


def test_the_series_page_labels_its_two_sources(team: Team, world: World, series: ReferenceSeries, login) -> None:
    body = login(team.analyste).get(reverse("knowledge:series-detail", args=[series.pk])).content.decode()
    assert "Valeur publiée (source externe)" in body and "Valeur SOSTECI (registre)" in body
    assert "Deux sources différentes" in body
    cells = body.split('id="comparison"')[1]
    assert '<td class="text-end fw-semibold">40</td>' in cells
    # Gaston is the only child in the worst forms in 2026: the routine figure is 1, the gap -39.
    assert '<td class="text-end">1</td>' in cells
    assert '<td class="text-end small">-39</td>' in cells


def test_a_value_form_error_names_its_field(
    team: Team, series: ReferenceSeries, territory: MiniTerritory, login
) -> None:
    client = login(team.analyste)
    response = client.post(
        reverse("knowledge:value-add", args=[series.pk]),
        {"year": "2020", "admin_unit": territory.pays.pk, "value": "10", "ci_low": "20", "ci_high": "30"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["« Valeur » : La valeur est hors de son intervalle de confiance."]
    assert series.values.count() == 1


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_read_api(
    team: Team, world: World, library: dict[str, Document], series: ReferenceSeries, territory
) -> None:
    client = api(team.operateur)
    listed = client.get("/api/v1/knowledge-documents/", {"q": "ETUDE cacao", "unit": "CI260401"})
    assert [row["title"] for row in listed.json()["results"]] == [library["cocoa"].title]
    assert listed.json()["results"][0]["units"] == ["CI26"]
    assert client.get("/api/v1/knowledge-documents/", {"theme": "nope"}).status_code == 400
    assert client.get("/api/v1/knowledge-documents/", {"unit": "XX"}).status_code == 400
    assert client.post("/api/v1/knowledge-documents/", {"title": "x"}, format="json").status_code == 405
    assert client.get(f"/api/v1/knowledge-documents/{library['cocoa'].pk}/file/").status_code == 404
    detail = client.get(f"/api/v1/reference-series/{series.pk}/").json()
    assert detail["values"][0]["value"] == "40.00" and detail["values"][0]["admin_unit"] == "CI"
    # The hotline operator answers for the nation but may not read children: the 1 is suppressed.
    compared = client.get(f"/api/v1/reference-series/{series.pk}/comparison/").json()
    assert compared[0]["suppressed"] is True and compared[0]["routine"] is None
    analyst = api(team.analyste).get(f"/api/v1/reference-series/{series.pk}/comparison/").json()
    assert (analyst[0]["published"], analyst[0]["routine"]) == ("40.00", 1.0)
    assert APIClient().get("/api/v1/knowledge-documents/").status_code == 401
