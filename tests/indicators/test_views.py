"""The dashboards and indicator pages for each role: jurisdiction (no way above one's unit), drill-down, figures in
the SVG charts and their tables, suppression for those who may not read children's records, CSV download."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import MiniTerritory, Team
from tests.indicators.conftest import ROLE_SCOPES, World
from tests.indicators.coordination_world import build_coordination

pytestmark = pytest.mark.django_db
Q = "?periode=2026"
# role -> (where /indicateurs/ lands: its jurisdiction, figures under 5 suppressed)
LANDING = ROLE_SCOPES


def dashboard(pcode: str) -> str:
    return reverse("indicators:dashboard", args=[pcode]) + Q


@pytest.mark.parametrize("role", sorted(LANDING))
def test_each_role_lands_on_its_jurisdiction(world: World, team: Team, login, role: str) -> None:
    pcode, suppressed = LANDING[role]
    client = login(team.by_role()[role])
    response = client.get(reverse("indicators:home") + Q)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:dashboard", args=[pcode]) + Q
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["data"].suppressed is suppressed
    assert ("suppression-note" in page.content.decode()) is (suppressed and page.context["board"].suppressed)


@pytest.mark.parametrize(
    ("role", "above", "beside", "below"),
    [
        ("superviseur", "CI2604", "CI270101", "CI260401001"),
        ("agent", "CI260401", "CI260401002", None),
        ("pointfocal", "CI26", "CI2701", "CI260401"),
        ("partenaire", "CI", "CI27", "CI2604"),
    ],
)
def test_no_one_goes_above_or_beside_its_unit(
    world: World, team: Team, login, role: str, above: str, beside: str, below: str | None
) -> None:
    client = login(team.by_role()[role])
    assert client.get(dashboard(above)).status_code == 403
    assert client.get(dashboard(beside)).status_code == 403
    assert client.get(reverse("indicators:indicator", args=[above, "CH_MONITORED"]) + Q).status_code == 403
    assert client.get(reverse("indicators:indicator-csv", args=[beside, "CH_MONITORED"]) + Q).status_code == 403
    if below:
        assert client.get(dashboard(below)).status_code == 200
    assert client.get(dashboard("NOPE")).status_code == 404


def test_the_supervisor_breadcrumb_does_not_link_above(world: World, team: Team, login) -> None:
    page = login(team.superviseur).get(dashboard("CI260401"))
    assert [href for _name, href in page.context["breadcrumb"]] == [None, None, None, None]
    analyst = login(team.analyste).get(dashboard("CI260401"))
    assert all(href for _name, href in analyst.context["breadcrumb"])


def test_the_national_dashboard_for_an_analyst(world: World, team: Team, login) -> None:
    page = login(team.analyste).get(dashboard("CI"))
    body = page.content.decode()
    cards = {f.indicator.code: f.text for f in page.context["board"].key_figures}
    # As worked out in test_computing: 8 children monitored in 2026, 3 in child labour (37.5 %), 2 of 5 served.
    assert cards["CH_MONITORED"] == "8" and cards["CH_LABOUR"] == "3"
    assert cards["CH_LABOUR_PCT"] == "37,5 %" and cards["CH_SERVED_PCT"] == "40,0 %"
    assert cards["AL_RECEIVED"] == "4" and cards["RF_MADE"] == "3"
    # The régions (districts skipped), each a link down to its dashboard; Nawa: 6 children, 2 in child labour.
    lines = {line.name: line for line in page.context["board"].lines}
    assert list(lines) == ["Nawa", "Poro"]
    nawa = reverse("indicators:dashboard", args=["CI26"])
    assert lines["Nawa"].href.startswith(nawa)
    assert [f.text for f in lines["Nawa"].figures[:3]] == ["6", "2", "33,3 %"]
    # The chart by sub-unit is an SVG with its title, its links and its figures (2 in labour, 4 others in Nawa).
    chart = page.context["board"].sub_unit_chart
    assert chart.svg.startswith("<svg") and "<title" in chart.svg
    assert f'href="{nawa}?periode=2026&amp;tendance=mois"' in chart.svg
    assert ">2<" in chart.svg and ">4<" in chart.svg and ">Nawa<" in chart.svg
    assert chart.rows == [["Nawa", "2", "4"], ["Poro", "1", "1"]]
    assert body.count("<svg") == 2 + len(page.context["board"].charts)
    assert "suppression-note" not in body


def test_breakdowns_and_trend(world: World, team: Team, login) -> None:
    page = login(team.pointfocal).get(dashboard("CI2604") + "&tendance=trimestre")
    charts = {c.title: c for c in page.context["board"].charts}
    # Soubré: Awa, Bakary, Chantal, Djeneba, Fatou, Gaston = 6; girls 4 (Awa 10, Chantal 16, Djeneba 9, Fatou 14),
    # boys 2 (Bakary 13, Gaston 10).
    by_age = charts["Enfants suivis par sexe et tranche d'âge"]
    assert by_age.columns == ["", "Féminin", "Masculin"]
    assert by_age.rows == [
        ["0-4 ans", "0", "0"],
        ["5-11 ans", "2", "1"],
        ["12-14 ans", "1", "1"],
        ["15-17 ans", "1", "0"],
    ]
    # Latest categories: not working Awa, Fatou; permitted Chantal; at risk Djeneba; hazardous Bakary; worst Gaston.
    assert charts["Enfants suivis par catégorie"].rows == [
        ["Ne travaille pas", "2"],
        ["Travail autorisé", "1"],
        ["À risque", "1"],
        ["Travail des enfants", "0"],
        ["Travail dangereux", "1"],
        ["Pires formes (traite, travail forcé)", "1"],
    ]
    trend = page.context["board"].trend
    # The last 8 quarters up to 2026 Q4: Q1 2026 has Awa, Bakary, Djeneba, Fatou = 4 children monitored.
    assert [row[0] for row in trend.rows][-4:] == ["T1 2026", "T2 2026", "T3 2026", "T4 2026"]
    assert trend.rows[-4][1] == "4"
    assert "<polyline" in trend.svg and "T1 2026" in trend.svg


def test_a_partner_sees_small_cells_suppressed(world: World, team: Team, login) -> None:
    page = login(team.partenaire).get(dashboard("CI26"))
    body = page.content.decode()
    cards = {f.indicator.code: f for f in page.context["board"].key_figures}
    # Nawa: 6 children monitored (published), 2 in child labour (under 5: « < 5 »).
    assert cards["CH_MONITORED"].text == "6"
    assert cards["CH_LABOUR"].text == "< 5" and cards["CH_LABOUR"].row.numerator is None
    assert "&lt; 5" in body and "suppression-note" in body
    # No figure from 1 to 4 anywhere in what the page was given.
    for row in page.context["data"].rows:
        assert row.suppressed or not (0 < (row.numerator or 0) < 5 or 0 < (row.denominator or 0) < 5)


def test_the_indicator_page_and_its_csv(world: World, team: Team, login) -> None:
    client = login(team.analyste)
    url = reverse("indicators:indicator", args=["CI", "CH_LABOUR_PCT"])
    page = client.get(url + Q + "&ventilation=sex")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Enfants suivis dont la dernière visite de la période est classée" in body  # the definition
    assert "NORC 2018/19" in body  # the source
    assert page.context["header"] == ["Valeur", "Numérateur", "Dénominateur", "Féminin", "Masculin"]
    lines = dict(page.context["lines"])
    # The country 3/8; girls: none of 5 in labour; boys: Bakary, Gaston, Lassina of 3 = 100 %.
    assert lines["Côte d'Ivoire"] == ["37,5 %", "3", "8", "0,0 %", "100,0 %"]
    assert lines["Poro"] == ["50,0 %", "1", "2", "0,0 %", "100,0 %"]
    assert "33,3 %" in page.context["chart"].svg and "50,0 %" in page.context["chart"].svg
    download = client.get(reverse("indicators:indicator-csv", args=["CI", "CH_LABOUR_PCT"]) + Q + "&ventilation=sex")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    country = next(r for r in rows if r["unit"] == "CI" and r["sex"] == "")
    assert (country["numerator"], country["denominator"], country["value"]) == ("3", "8", "37.5")
    assert {r["sex"] for r in rows} == {"", "F", "M"}
    assert client.get(reverse("indicators:indicator", args=["CI", "NOPE"]) + Q).status_code == 404


def test_an_unreadable_period_says_why_and_shows_the_year(world: World, team: Team, login) -> None:
    page = login(team.analyste).get(reverse("indicators:dashboard", args=["CI"]) + "?periode=2026-13")
    assert page.status_code == 200
    assert "Période illisible" in page.content.decode()


def test_coordination_figures_on_the_dashboard(team: Team, territory: MiniTerritory, login) -> None:
    build_coordination(team, territory)
    page = login(team.analyste).get(dashboard("CI"))
    cards = {f.indicator.code: f for f in page.context["board"].key_figures}
    assert cards["COM_ACTIVE_PCT"].text == "62,5 %" and cards["COM_ACTIVE_PCT"].detail == "5 / 8"
    assert cards["AW_REACHED"].text == "76" and cards["EF_BENEFICIARIES"].text == "80"
    charts = {c.title: c for c in page.context["board"].charts}
    reached = charts["Personnes sensibilisées par sexe et âge"]
    assert reached.rows == [["0-17 ans", "15", "9"], ["18+ ans", "37", "15"]]
    types = dict(charts["Bénéficiaires des actions des partenaires par type d'action"].rows)
    assert types["Kits scolaires"] == "22" and types["Sensibilisation"] == "48"
    amount = login(team.analyste).get(reverse("indicators:indicator", args=["CI", "EF_AMOUNT"]) + Q)
    assert dict(amount.context["lines"])["Côte d'Ivoire"] == ["2\xa0050\xa0000 FCFA"]


def test_anonymous_users_go_to_the_login_page(client, territory: MiniTerritory) -> None:
    for url in (
        reverse("indicators:home"),
        dashboard("CI"),
        reverse("indicators:indicator", args=["CI", "CH_MONITORED"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "connexion" in response["Location"]
