"""Plan pages: each role's access, the tree with budgets by year, the framework, the reconciliation, the menu."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sosteci.plans.models import Plan
from tests.conftest import Team

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
READERS = {"admin", "admin_r1", "analyste", "pointfocal", "superviseur", "partenaire"}
NBSP = "\u202f"


def urls(plan: Plan) -> list[str]:
    return [
        reverse("plans:plan-list"),
        reverse("plans:plan-detail", args=[plan.code]),
        reverse("plans:plan-indicators", args=[plan.code]),
        reverse("plans:plan-reconcile", args=[plan.code]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_readers_see_the_plan_pages_others_are_refused(team: Team, plan: Plan, login, role: str) -> None:
    client = login(team.by_role()[role])
    expected = 200 if role in READERS else 403
    for url in urls(plan):
        assert client.get(url).status_code == expected, url
    nav = [str(item["label"]) for item in client.get(reverse("home")).context["nav_items"]]
    assert ("Plans d'action" in nav) is (role in READERS)


def test_anonymous_users_go_to_the_login_page(client, plan: Plan) -> None:
    for url in urls(plan):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_unknown_plan_is_not_found(team: Team, plan: Plan, login) -> None:
    client = login(team.analyste)
    assert client.get(reverse("plans:plan-detail", args=["PNLT-1999"])).status_code == 404
    assert client.get(reverse("plans:plan-reconcile", args=["PNLT-1999"])).status_code == 404


def test_list_shows_stated_and_computed_totals(team: Team, plan: Plan, login) -> None:
    response = login(team.partenaire).get(reverse("plans:plan-list"))
    body = response.content.decode()
    assert "Plan d&#x27;action national de lutte contre la traite des personnes 2016-2020" in body
    assert f"8{NBSP}802{NBSP}000{NBSP}000" in body
    assert f"8{NBSP}692{NBSP}000{NBSP}000" in body
    assert "46 écarts" in body
    assert "dont 5 PM" in body


def test_the_tree_shows_budgets_by_year_pm_and_flags(
    team: Team, plan: Plan, login, django_assert_max_num_queries
) -> None:
    client = login(team.superviseur)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("plans:plan-detail", args=[plan.code]))
    body = response.content.decode()
    tables = response.context["tables"]
    assert [t.code for t in tables] == ["I", "II", "III", "IV", "V"]
    assert sum(1 for t in tables for row in t.rows if row.kind == "activity") == 94
    assert [t.code for t in tables if t.mismatch] == ["II", "IV"]
    row = next(r for t in tables for r in t.rows if r.code == "III-1.1.5")
    assert [str(c) for c in row.years] == ["", f"40{NBSP}000{NBSP}000", "", "", ""]
    flagged = next(r for t in tables for r in t.rows if r.kind == "objective" and r.code == "II.2")
    assert (flagged.mismatch, flagged.computed_total) == (True, 2_426_000_000)
    for text in (
        "Elaborer un code d&#x27;éthique",
        "Conseil National de Veille Stratégique",
        f"somme des activités : 2{NBSP}426{NBSP}000{NBSP}000",
        ">PM</span>",
        '<th class="text-end">2020</th>',
        f"1{NBSP}936{NBSP}440{NBSP}000",
    ):
        assert text in body, text


def test_the_framework_page_lists_baselines_and_targets(team: Team, plan: Plan, login) -> None:
    response = login(team.pointfocal).get(reverse("plans:plan-indicators", args=[plan.code]))
    body = response.content.decode()
    assert len(response.context["indicators"]) == 40
    for text in ("Base 2016", "Cible 2020", "Non Connu", "75 %", "Rapport d&#x27;étude", "Produit I.1.1"):
        assert text in body, text


def test_the_reconciliation_page_lists_stated_against_computed(team: Team, plan: Plan, login) -> None:
    response = login(team.analyste).get(reverse("plans:plan-reconcile", args=[plan.code]))
    body = response.content.decode()
    assert len(response.context["rows"]) == 46
    assert response.context["agreements"] == 413
    assert "459 montants déclarés contrôlés" in body
    for text in (
        "Sous Total OS II.2:",
        f"2{NBSP}636{NBSP}000{NBSP}000",
        f"2{NBSP}426{NBSP}000{NBSP}000",
        f"+210{NBSP}000{NBSP}000",
        f"−100{NBSP}000{NBSP}000",
        "+ 5 PM",
        "Notes de lecture du document",
        "Ligne 473 : le sous-total",
    ):
        assert text in body, text
