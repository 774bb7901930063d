"""The indicators API for each role: jurisdiction, suppression for those who may not read children's records,
parameters, and no personal data."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sosteci.indicators import selectors
from sosteci.indicators.definitions import INDICATORS
from tests.conftest import Team
from tests.indicators.conftest import ROLE_SCOPES, World

pytestmark = pytest.mark.django_db
URL = "/api/v1/indicators/"
EXPECTED = ROLE_SCOPES


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_anonymous_is_refused() -> None:
    assert APIClient().get(URL).status_code == 401


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_its_jurisdiction(world: World, team: Team, role: str) -> None:
    response = api(team.by_role()[role]).get(URL, {"period": "2026", "indicators": "CH_MONITORED"})
    assert response.status_code == 200, response.json()
    body = response.json()
    unit, suppressed = EXPECTED[role]
    assert (body["unit"], body["suppressed"], body["period"]) == (unit, suppressed, "2026")
    assert body["count"] == len(body["rows"]) >= 1
    assert {row["unit"] for row in body["rows"] if row["parent"] is None} == {unit}


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        ("superviseur", "CI"),
        ("pointfocal", "CI27"),
        ("partenaire", "CI27"),
        ("agent", "CI260401002"),
        ("admin_r1", "CI"),
    ],
)
def test_no_unit_outside_the_jurisdiction(world: World, team: Team, role: str, unit: str) -> None:
    assert api(team.by_role()[role]).get(URL, {"unit": unit, "period": "2026"}).status_code == 403


def test_the_analyst_sees_small_cells_the_partner_does_not(world: World, team: Team) -> None:
    query = {"unit": "CI26", "level": "localite", "period": "2026", "indicators": "CH_MONITORED,CH_LABOUR_PCT"}

    def rows(role: str) -> dict:
        body = api(team.by_role()[role]).get(URL, query).json()
        return {
            (r["indicator"], r["unit"]): (r["numerator"], r["denominator"], r["value"], r["suppressed"])
            for r in body["rows"]
        }

    # Nawa: Badayo 4 children (Bakary in labour: 1/4 = 25 %), Galéa 1 2 children (Gaston: 1/2 = 50 %); Nawa 6, 2/6.
    assert rows("analyste")[("CH_MONITORED", "CI260401001")] == (4, None, 4.0, False)
    assert rows("analyste")[("CH_LABOUR_PCT", "CI260401002")] == (1, 2, 50.0, False)
    partner = rows("partenaire")
    # Both localités are under 5 (and give each other away): hidden with their shares; Nawa's 6 stays, its 2 of
    # 6 in child labour is under 5 as a numerator: hidden.
    assert partner[("CH_MONITORED", "CI260401001")] == (None, None, None, True)
    assert partner[("CH_MONITORED", "CI260401002")] == (None, None, None, True)
    assert partner[("CH_MONITORED", "CI26")] == (6, None, 6.0, False)
    assert partner[("CH_LABOUR_PCT", "CI26")] == (None, None, None, True)
    # The focal point of Soubré reads its own département's localités unsuppressed.
    query["unit"] = "CI2604"
    assert rows("pointfocal")[("CH_MONITORED", "CI260401002")] == (2, None, 2.0, False)


def test_no_personal_data(world: World, team: Team) -> None:
    body = api(team.analyste).get(
        URL, {"period": "2026", "level": "localite", "disaggregation": "sex,age_band,category"}
    )
    text = body.content.decode()
    for child in world.children.values():
        assert child.given_names not in text and child.code not in text and child.family_name not in text
    assert set(body.json()["rows"][0]) == {
        "indicator", "unit", "unit_name", "level", "parent", "period", "sex", "age_band", "category",
        "numerator", "denominator", "value", "suppressed",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "2026-13"}, "Période illisible"),
        ({"indicators": "CH_NOPE"}, "Indicateur inconnu"),
        ({"disaggregation": "colour"}, "Ventilation inconnue"),
        ({"unit": "CI260401", "level": "region"}, "au-dessus"),
        ({"level": "canton"}, "level"),
    ],
)
def test_bad_requests(world: World, team: Team, query: dict, message: str) -> None:
    response = api(team.analyste).get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_unit(team: Team) -> None:
    assert api(team.analyste).get(URL, {"unit": "CI99"}).status_code == 404


def test_a_request_too_large_is_refused(world: World, team: Team, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "MAX_ROWS", 100)
    response = api(team.analyste).get(URL, {"period": "2026", "disaggregation": "sex,age_band,category"})
    assert response.status_code == 400 and "lignes" in response.json()["detail"]


def test_the_default_period_is_this_year(world: World, team: Team) -> None:
    body = api(team.superviseur).get(URL, {"indicators": "HH_MONITORED"}).json()
    assert len(body["period"]) == 4 and body["unit"] == "CI260401"


@pytest.mark.parametrize("role", list(EXPECTED))
def test_definitions(team: Team, role: str) -> None:
    body = api(team.by_role()[role]).get(URL + "definitions/").json()
    assert [d["code"] for d in body] == [i.code for i in INDICATORS]
    served = next(d for d in body if d["code"] == "CH_SERVED_PCT")
    assert served["unit"] == "percent" and served["disaggregations"] == ["sex", "age_band", "category"]
    assert served["name_fr"].startswith("Part des enfants identifiés") and served["name_en"].startswith("Share")
