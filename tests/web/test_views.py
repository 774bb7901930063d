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
