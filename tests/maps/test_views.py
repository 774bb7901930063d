"""The map page and its GeoJSON endpoints: each role, its jurisdiction, errors in French naming the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["admin", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_the_map_of_its_jurisdiction(world, team, login, outlines, role) -> None:
    client = login(team.by_role()[role])
    page = client.get(reverse("maps:map"))
    assert page.status_code == 200
    assert b"vendor/leaflet/leaflet.js" in page.content
    assert b"https://" not in page.content.split(b"<main")[1]  # nothing fetched from elsewhere
    data = client.get(reverse("maps:indicator-data"), {"indicator": "CH_MONITORED", "period": "2026"})
    assert data.status_code == 200
    assert data["Content-Type"] == "application/json"
    assert data.json()["type"] == "FeatureCollection"


def test_indicator_endpoint_values(world, team, login, outlines) -> None:
    client = login(team.analyste)
    data = client.get(
        reverse("maps:indicator-data"), {"unit": "CI", "level": "region", "indicator": "CH_LABOUR", "period": "2026"}
    ).json()
    values = {f["properties"]["pcode"]: f["properties"]["value"] for f in data["features"]}
    assert values == {"CI26": 2.0, "CI27": 1.0}


def test_out_of_jurisdiction_is_forbidden(world, team, login, outlines) -> None:
    client = login(team.superviseur)
    for name in ("maps:indicator-data", "maps:case-data", "maps:structure-data", "maps:background-data"):
        response = client.get(reverse(name), {"unit": "CI27"})
        assert response.status_code == 403, name
        assert "ressort" in response.json()["errors"]["unit"][0]
    assert client.get(reverse("maps:map"), {"unit": "CI27"}).status_code == 403


def test_bad_input_is_a_clear_french_error(world, team, login, outlines) -> None:
    client = login(team.analyste)
    response = client.get(reverse("maps:indicator-data"), {"period": "l'an dernier"})
    assert response.status_code == 400
    assert "Période illisible" in response.json()["errors"]["period"][0]
    response = client.get(reverse("maps:indicator-data"), {"unit": "CI99"})
    assert response.status_code == 400
    assert "P-code inconnu" in response.json()["errors"]["unit"][0]
    page = client.get(reverse("maps:map"), {"unit": "CI99"})
    assert "P-code inconnu" in page.content.decode()


def test_partner_gets_suppressed_case_counts(world, team, login, outlines) -> None:
    client = login(team.partenaire)
    data = client.get(reverse("maps:case-data"), {"period": "2026"}).json()
    assert data["meta"]["suppressed"] is True
    for feature in data["features"]:
        cases = feature["properties"]["cases"]
        assert cases is None or cases == 0 or cases >= 5


def test_layers_requested_by_the_form_are_wired(world, team, login, outlines) -> None:
    client = login(team.analyste)
    page = client.get(reverse("maps:map"), {"structures": "on", "cases": "on", "period": "2026"}).content.decode()
    assert "data-structure-url=" in page and "data-case-url=" in page
    page = client.get(reverse("maps:map"), {"period": "2026"}).content.decode()
    assert "data-structure-url=" not in page and "data-case-url=" not in page


def test_anonymous_is_sent_to_login(client, world) -> None:
    response = client.get(reverse("maps:indicator-data"))
    assert response.status_code == 302
