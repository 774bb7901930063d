"""Health check, login wall, home page, navigation by role, language switch."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_login_page_is_public_and_french(client) -> None:
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


def test_home_shows_the_jurisdiction_and_its_sub_units(team: Team, territory: MiniTerritory, login) -> None:
    response = login(team.pointfocal).get(reverse("home"))
    body = response.content.decode()
    assert response.context["unit"] == territory.dep1
    assert "Votre ressort territorial" in body
    assert [c.unit.name for c in response.context["children"]] == ["Soubre"]


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("admin", ["Utilisateurs", "Journal d&#x27;audit", "Imports du territoire"], []),
        ("pointfocal", ["Utilisateurs"], ["Journal d&#x27;audit", "Imports du territoire"]),
        ("agent", ["Territoire"], ["Utilisateurs", "Journal d&#x27;audit"]),
    ],
)
def test_navigation_follows_the_role(team: Team, login, role: str, visible: list[str], hidden: list[str]) -> None:
    nav = login(team.by_role()[role]).get(reverse("home")).context["nav_items"]
    labels = [str(item["label"]).replace("'", "&#x27;") for item in nav]
    for label in visible:
        assert label in labels
    for label in hidden:
        assert label not in labels


def test_case_management_is_one_drop_down_and_groups_of_one_are_links(team: Team, login) -> None:
    client = login(team.superviseur)
    response = client.get(reverse("cases:case-list"))
    menu = {str(entry["label"]): entry for entry in response.context["nav_menu"]}
    follow = menu["Suivi"]
    assert [str(c["label"]) for c in follow["children"]] == [
        "Mes tâches",
        "Alertes",
        "Dossiers",
        "Orientations",
        "Structures",
    ]
    assert follow["active"] and [str(c["label"]) for c in follow["children"] if c["active"]] == ["Dossiers"]
    assert {"Enfants", "Soumissions"} <= {str(c["label"]) for c in menu["Registre"]["children"]}
    assert not menu["Registre"]["active"]
    # Few enough entries to fit on one line at 1280 px; the flat list still has every page the user may open.
    assert len(menu) <= 7
    flat = [str(item["label"]) for item in response.context["nav_items"]]
    assert {"Mes tâches", "Dossiers", "Enfants", "Territoire"} <= set(flat)
    body = response.content.decode()
    assert 'class="nav-link dropdown-toggle active"' in body
    assert f'class="dropdown-item active" href="{reverse("cases:case-list")}"' in body
    assert 'class="navbar-toggler"' in body and 'class="collapse navbar-collapse" id="mainnav"' in body
    # A focal point may open only the users' page of the administration: a plain link, no drop-down of one.
    focal = {str(e["label"]): e for e in login(team.pointfocal).get(reverse("home")).context["nav_menu"]}
    assert "Administration" not in focal and "children" not in focal["Utilisateurs"]
    admin = {str(e["label"]): e for e in login(team.admin).get(reverse("home")).context["nav_menu"]}
    assert [str(c["label"]) for c in admin["Administration"]["children"]][:2] == ["Utilisateurs", "Journal d'audit"]


def test_english_switch(team: Team, login) -> None:
    client = login(team.agent)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body
    assert "Your jurisdiction" in body
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Votre ressort territorial" in client.get(reverse("home")).content.decode()


def test_capped_paginator_counts_at_most_its_cap(team: Team) -> None:
    from sosteci.access.models import User
    from sosteci.web.pagination import CappedPaginator

    class Small(CappedPaginator):
        cap = 5

    paginator = Small(User.objects.order_by("pk"), 2)
    assert User.objects.count() > 5
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    assert not CappedPaginator(User.objects.order_by("pk"), 2).capped


# --- Home page by role: each role sees first the figures and the work it needs ------------------------------------


@pytest.fixture
def register(team: Team, territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch):
    """The hand-built register of the indicators' tests (8 children monitored in 2026, alerts, referrals)."""
    from django.utils import timezone

    from tests.indicators.conftest import AS_OF, build_world

    with monkeypatch.context() as patched:
        patched.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF.date())
        world = build_world(team, territory)
    # The home page shows this year's figures: the register's year.
    monkeypatch.setattr("sosteci.web.home.timezone.localdate", lambda *args, **kwargs: AS_OF.date())
    return world


def _panel(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    panel = response.context["panel"]
    return panel, {f.indicator.code: f.text for f in panel.key_figures}, response.content.decode()


def test_home_agent_sees_its_locality_children_and_follow_ups(register, team: Team, login) -> None:
    panel, cards, body = _panel(login(team.agent))
    # Badayo: Awa, Bakary, Chantal, Djeneba = 4 monitored; Bakary in child labour at his latest visit.
    assert panel.unit.pcode == "CI260401001" and cards["CH_MONITORED"] == "4" and cards["CH_LABOUR"] == "1"
    assert panel.lines == [] and 'data-task="follow-ups"' in body


def test_home_supervisor_sees_its_sous_prefecture_and_its_tasks(register, team: Team, login) -> None:
    panel, cards, body = _panel(login(team.superviseur))
    # Soubre: 6 children, Bakary and Gaston in labour = 33.3 %; served: Awa of Awa, Bakary, Fatou, Gaston = 25 %.
    assert panel.unit.pcode == "CI260401"
    assert cards["CH_MONITORED"] == "6" and cards["CH_LABOUR_PCT"] == "33,3 %" and cards["CH_SERVED_PCT"] == "25,0 %"
    # Alerts of Soubre not yet triaged: C, D, E (2025) and F (its submission was rejected, the alert remains).
    assert sorted(a.description for a in panel.tasks.alerts_to_triage) == [f"Alerte {x}" for x in "CDEF"]
    assert 'data-task="alerts">4<' in body and 'data-task="follow-ups">' in body


def test_home_focal_point_sees_its_departement_by_sous_prefecture(register, team: Team, login) -> None:
    panel, cards, body = _panel(login(team.pointfocal))
    assert panel.unit.pcode == "CI2604" and cards["CH_MONITORED"] == "6"
    assert [(line.name, line.figures[0].text) for line in panel.lines] == [("Soubre", "6")]
    assert 'id="sub-units"' in body


@pytest.mark.parametrize("role", ["analyste", "admin"])
def test_home_national_roles_see_the_regions(register, team: Team, login, role: str) -> None:
    panel, cards, body = _panel(login(team.by_role()[role]))
    assert panel.unit.pcode == "CI" and cards["CH_MONITORED"] == "8"
    lines = {line.name: line for line in panel.lines}
    assert list(lines) == ["Nawa", "Poro"]
    assert lines["Nawa"].href.startswith(reverse("indicators:dashboard", args=["CI26"]))
    assert reverse("indicators:dashboard", args=["CI"]) in body
    # An administrator does not read children's records: Poro's 2 children are « < 5 ».
    assert lines["Poro"].figures[0].text == ("< 5" if role == "admin" else "2")
    assert ("suppression-note" in body) is (role == "admin")


def test_home_provider_sees_the_referrals_waiting_for_its_structure(register, team: Team, login) -> None:
    panel, _cards, body = _panel(login(team.prestataire))
    # Bakary's shelter referral is still pending at the team's centre.
    assert [r.service for r in panel.tasks.referrals_waiting] == ["shelter"]
    assert 'data-task="referrals">1<' in body and "Orientations en attente de votre réponse" in body


def test_home_partner_sees_its_reports_and_suppressed_figures(register, team: Team, territory, login) -> None:
    from tests.indicators.coordination_world import build_coordination

    build_coordination(team, territory)
    panel, cards, body = _panel(login(team.partenaire))
    # Its structure's two outil 4 reports (the rejected one included: it is still its own report), newest first.
    assert [r.period_start.month for r in panel.reports] == [7, 1]
    assert 'id="home-reports"' in body
    # Nawa: 6 children monitored, 2 in child labour (« < 5 »); actions E1 and E3 = 2 (« < 5 »), 32 beneficiaries.
    assert cards["CH_MONITORED"] == "6" and cards["CH_LABOUR"] == "< 5"
    assert cards["EF_BENEFICIARIES"] == "32" and cards["EF_ACTIVITIES"] == "< 5"
    assert panel.suppressed and "suppression-note" in body


def test_home_operator_sees_the_alerts_to_triage(register, team: Team, login) -> None:
    panel, cards, body = _panel(login(team.operateur))
    # Alerts received in 2026: A, B, C, D = 4 (« < 5 » for the hotline); to triage: C, D, E and F (A, B triaged).
    assert cards["AL_RECEIVED"] == "< 5"
    assert sorted(a.description for a in panel.tasks.alerts_to_triage) == [f"Alerte {x}" for x in "CDEF"]
    assert 'data-task="alerts">4<' in body and 'data-task="follow-ups"' not in body


def test_home_needs_few_queries_whatever_the_role(register, team: Team, login, django_assert_max_num_queries) -> None:
    client = login(team.analyste)
    with django_assert_max_num_queries(40):
        client.get(reverse("home"))


def test_the_most_specific_entry_is_the_active_one(team: Team, login) -> None:
    """The refresh page (indicators:refresh) lights its own entry under Administration, not the dashboards'
    (whose section, "indicators:", it also starts with); a dashboard lights the dashboards' entry."""
    client = login(team.admin)

    def lit(url: str) -> list[str]:
        return [str(item["label"]) for item in client.get(url).context["nav_items"] if item["active"]]

    assert lit(reverse("indicators:refresh")) == ["Actualisation des chiffres"]
    assert lit(reverse("indicators:dashboard", args=[team.admin.jurisdiction.pcode])) == ["Tableaux de bord"]
