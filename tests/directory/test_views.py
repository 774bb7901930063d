"""Pages of the repertoire: each role's access, filters, the forms, free places, the map and its data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sosteci.access.models import AuditEvent
from sosteci.directory.models import Structure
from tests.conftest import MiniTerritory, Team
from tests.directory.conftest import Directory

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
EDITORS = {"admin", "admin_r1", "pointfocal"}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_repertoire_editors_alone_change_it(
    team: Team, directory: Directory, login, role: str
) -> None:
    client = login(team.by_role()[role])
    listed = client.get(reverse("directory:structure-list"))
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 8
    assert client.get(reverse("directory:structure-detail", args=[directory.korhogo.pk])).status_code == 200
    assert client.get(reverse("directory:structure-map")).status_code == 200
    expected = 200 if role in EDITORS else 403
    assert client.get(reverse("directory:structure-create")).status_code == expected
    assert client.get(reverse("directory:import-list")).status_code == expected
    body = listed.content.decode()
    assert (reverse("directory:structure-create") in body) is (role in EDITORS)
    nav = [str(item["label"]) for item in listed.context["nav_items"]]
    assert "Structures" in nav


def test_list_filters_and_pagination_keep_the_query(team: Team, directory: Directory, login) -> None:
    client = login(team.agent)

    def names(**params) -> set[str]:
        return {s.name for s in client.get(reverse("directory:structure-list"), params).context["page"]}

    assert names(service="shelter", unit="CI2604", with_places="on") == {"Centre de transit de Soubré"}
    assert names(kind="ngo") == {"ONG Lumière", "Centre social de Soubré"}
    assert names(q="Korhogo") == {"Centre d'accueil de Korhogo"}
    bad = client.get(reverse("directory:structure-list"), {"unit": "XX99"})
    assert "P-code inconnu : « XX99 »." in bad.content.decode()
    assert bad.context["page"].paginator.count == 8  # an invalid filter filters nothing
    page = client.get(reverse("directory:structure-list"), {"kind": "shelter"})
    assert page.context["query"] == "kind=shelter"
    assert "?kind=shelter" in page.content.decode()  # export and map links keep the filters


def test_list_query_count_does_not_grow_with_structures(
    team: Team, directory: Directory, territory: MiniTerritory, login, django_assert_max_num_queries
) -> None:
    client = login(team.analyste)
    for i in range(30):
        Structure.objects.create(name=f"École {i}", kind="school", admin_unit=territory.l1, services=["school_kit"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("directory:structure-list"))
    assert len(response.context["page"].object_list) == 25


def test_detail_shows_the_record(team: Team, directory: Directory, login) -> None:
    body = login(team.agent).get(reverse("directory:structure-detail", args=[directory.shelter.pk])).content.decode()
    for text in ("Centre de transit de Soubré", directory.shelter.code, "Hébergement", "Nawa", "+2250707123456"):
        assert text in body
    assert reverse("directory:structure-edit", args=[directory.shelter.pk]) not in body
    assert 'id="places-form"' not in body
    expired = login(team.agent).get(reverse("directory:structure-detail", args=[directory.expired.pk]))
    assert "Agrément non valable aujourd'hui" in expired.content.decode()


def test_create_from_the_form(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.pointfocal)
    response = client.post(
        reverse("directory:structure-create"),
        {
            "name": "Centre d'écoute de Galéa",
            "kind": "ngo",
            "admin_unit": "CI260401002",
            "services": ["psychosocial", "legal_aid"],
            "coverage": "CI260401; ci260401001",
            "capacity": "",
            "phone": "07 08 09 10 11",
            "lat": "5.80",
            "lon": "-6.60",
            "is_active": "on",
        },
    )
    structure = Structure.objects.get(name="Centre d'écoute de Galéa")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:structure-detail", args=[structure.pk])
    assert structure.admin_unit == territory.l2
    assert structure.services == ["psychosocial", "legal_aid"]
    assert set(structure.coverage.values_list("pcode", flat=True)) == {"CI260401", "CI260401001"}
    assert AuditEvent.objects.filter(action="structure.create", actor=team.pointfocal).count() == 1


def test_form_errors_are_shown_in_french(team: Team, login) -> None:
    client = login(team.pointfocal)
    response = client.post(
        reverse("directory:structure-create"),
        {"name": "Centre", "kind": "ngo", "admin_unit": "CI2701", "coverage": "CI26 NOPE", "phone": "123"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "« Korhogo » est hors de votre ressort territorial." in body
    assert "P-codes inconnus : NOPE." in body
    response = client.post(
        reverse("directory:structure-create"),
        {"name": "Centre", "kind": "ngo", "admin_unit": "CI2604", "phone": "123", "capacity": "2", "places_free": "5"},
    )
    body = response.content.decode()
    assert "Numéro invalide" in body
    assert "Les places libres (5) dépassent la capacité d&#x27;accueil (2)." in body
    assert not Structure.objects.filter(name="Centre").exists()


def test_edit_within_the_jurisdiction_only(team: Team, directory: Directory, login) -> None:
    client = login(team.pointfocal)
    url = reverse("directory:structure-edit", args=[directory.shelter.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["admin_unit"] == directory.shelter.admin_unit
    assert 'value="CI2604"' in form.content.decode()
    post = {
        "name": "Centre de transit de Soubré",
        "acronym": "CTS",
        "kind": "shelter",
        "admin_unit": "CI2604",
        "services": ["shelter"],
        "coverage": "CI26",
        "capacity": "25",
        "places_free": "4",
    }
    assert client.post(url, post).status_code == 302
    shelter = Structure.objects.get(pk=directory.shelter.pk)
    assert (shelter.capacity, shelter.services, shelter.is_active) == (25, ["shelter"], False)
    assert client.get(reverse("directory:structure-edit", args=[directory.korhogo.pk])).status_code == 403
    assert login(team.agent).get(url).status_code == 403
    assert login(team.admin).get(reverse("directory:structure-edit", args=[999999])).status_code == 404


def test_a_provider_updates_its_places_from_the_detail_page(team: Team, directory: Directory, login) -> None:
    client = login(team.prestataire)
    own = reverse("directory:structure-detail", args=[team.structure.pk])
    assert 'id="places-form"' in client.get(own).content.decode()
    url = reverse("directory:structure-places", args=[team.structure.pk])
    response = client.post(url, {"places_free": "7", "contact_name": "Kouamé Yao", "phone": "0101010101"})
    assert response.status_code == 302
    team.structure.refresh_from_db()
    assert (team.structure.places_free, team.structure.contact_name) == (7, "Kouamé Yao")
    bad = client.post(url, {"places_free": "7", "phone": "99"})
    assert "Numéro invalide" in bad.content.decode()
    other = reverse("directory:structure-places", args=[directory.shelter.pk])
    assert client.post(other, {"places_free": "1"}).status_code == 403
    assert login(team.partenaire).post(url, {"places_free": "1"}).status_code == 403
    assert Structure.objects.get(pk=team.structure.pk).places_free == 7


def test_map_page_loads_leaflet_offline(team: Team, directory: Directory, login) -> None:
    body = login(team.agent).get(reverse("directory:structure-map"), {"kind": "shelter"}).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in body
    assert "/static/directory/structure_map.js" in body
    assert f'data-geojson="{reverse("directory:structure-map-data")}?kind=shelter"' in body
    assert "http://" not in body.split("<body", 1)[1].replace("http://www.w3.org", "")  # no CDN, no tiles


def test_map_data_has_the_filtered_structures_with_coordinates(team: Team, directory: Directory, login) -> None:
    client = login(team.agent)
    data = client.get(reverse("directory:structure-map-data"), {"service": "shelter"}).json()
    points = {f["properties"]["name"]: f for f in data["features"] if f["properties"].get("role") != "outline"}
    assert set(points) == {"Centre de transit de Soubré", "Centre d'accueil de Korhogo"}  # others lack coordinates
    shelter = points["Centre de transit de Soubré"]
    assert shelter["geometry"]["coordinates"] == [-6.5939, 5.7838]
    assert shelter["properties"]["places_free"] == 4
    assert shelter["properties"]["kind_label"] == "Centre d'accueil / de transit"
    assert shelter["properties"]["services"] == ["Soutien psychosocial", "Hébergement (centre d'accueil ou de transit)"]
    everything = client.get(reverse("directory:structure-map-data")).json()
    assert len(everything["features"]) == 3  # the NGO of the sous-préfecture too


def test_pages_in_english(team: Team, directory: Directory, login) -> None:
    client = login(team.pointfocal)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    try:
        body = client.get(reverse("directory:structure-list")).content.decode()
        for text in ("Organisation directory", "With free places", "New organisation", "not tracked", "full"):
            assert text in body, text
        detail = client.get(reverse("directory:structure-detail", args=[directory.shelter.pk])).content.decode()
        assert "Update free places and contacts" in detail
        assert "Psychosocial support" in detail
    finally:  # the language a request activates stays active in this thread: give the next tests French back
        client.post(reverse("set_language"), {"language": "fr", "next": "/"})
        translation.activate("fr")
