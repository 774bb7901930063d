"""In a real browser: login → home → territory → users, on the real territory and demo data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def go(page: Any, *labels: str) -> None:
    """Click through the navigation bar: a drop-down group, then its entry (or a plain entry)."""
    for label in labels:
        page.click(f"nav >> text={label}")
    page.wait_for_load_state("networkidle")


def test_login_home_territory_users(demo_site: Any, page: Any, shot: Any) -> None:
    base = demo_site.url
    page.goto(f"{base}/")
    assert "/connexion/" in page.url
    shot(page, "01-login")

    sign_in(page, base, "admin")
    assert page.locator("h1").first.inner_text().startswith("Bonjour")
    assert page.locator("text=Votre ressort territorial").is_visible()
    # National staff see the nation's figures by région first (the 31 régions and the two autonomous districts).
    assert page.locator("#home-panel #sub-units tbody tr").count() == 33
    shot(page, "02-home-admin")

    go(page, "Références", "Territoire")
    page.wait_for_selector("#unit-map[data-features]", state="attached")
    assert page.locator("h1").first.inner_text().startswith("Côte d'Ivoire")
    shot(page, "03-territory-country")

    page.click("#subunits >> text=Bas-Sassandra")
    page.click("#subunits >> text=Nawa")
    page.click("#subunits >> text=Soubré")
    page.wait_for_selector("#unit-map[data-features]", state="attached")
    assert page.locator("#subunits tbody tr").count() == 5  # its five sous-préfectures
    shot(page, "04-territory-departement")

    go(page, "Administration", "Utilisateurs")
    assert page.locator("#users tbody tr").count() == 10  # the demo accounts (foundation.USERS)
    shot(page, "05-users")
    page.click("#users tr:has(td:text-is('agent')) a")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Profil, rôle et ressort").is_visible()
    assert page.locator("#id_jurisdiction").input_value() == "CI260401001"
    shot(page, "06-user-detail")

    go(page, "Administration", "Journal d'audit")
    assert page.locator("#audit tbody tr").count() > 5
    shot(page, "07-audit")


def test_agent_on_a_phone_sees_its_locality(demo_site: Any, browser: Any, shot: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    sign_in(page, demo_site.url, "agent")
    assert page.locator("text=Votre ressort territorial").is_visible()
    assert page.locator("text=Utilisateurs").count() == 0
    shot(page, "08-home-agent-phone")
    response = page.goto(f"{demo_site.url}/utilisateurs/")
    assert response is not None and response.status == 403
    shot(page, "09-refused-agent-phone")
    context.close()


def test_supervisor_finds_a_child_and_records_a_visit(demo_site: Any, page: Any, shot: Any) -> None:
    base = demo_site.url
    sign_in(page, base, "superviseur")
    go(page, "Registre", "Enfants")
    assert page.locator("#children tbody tr").count() == 25
    shot(page, "10-children-list")
    first = page.locator("#children tbody tr a").first
    family, given = first.inner_text().split(" ", 1)
    page.fill("#id_q", f"{given} {family[:-1]}".lower())  # order swapped, last letter dropped
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#children tbody tr").first.inner_text().startswith(f"{family} {given}")
    shot(page, "11-children-fuzzy-search")
    page.locator("#children tbody tr a").first.click()
    page.wait_for_load_state("networkidle")
    shot(page, "12-child-page")
    page.click("text=Nouvelle visite")
    page.fill("#id_visited_on", "2026-11-02")
    page.select_option("#id_attends_school", "yes")
    page.select_option("#id_act-0-code", "CACAO")
    page.fill("#id_act-0-hours", "12")
    page.check("input[name=hazardous_tasks][value=H_CHARGE]")
    shot(page, "13-visit-form")
    page.click("text=Enregistrer et classer")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").inner_text().startswith("Visite enregistrée : Travail dangereux")
    assert page.locator("text=Port de charges lourdes").first.is_visible()
    shot(page, "14-child-after-visit")


def test_supervisor_reviews_mobile_submissions(demo_site: Any, page: Any, shot: Any) -> None:
    base = demo_site.url
    sign_in(page, base, "superviseur")
    go(page, "Registre", "Soumissions")
    assert page.locator("#submissions tbody tr").count() == 12
    page.check("#f-flagged")
    page.click("form[method=get] button[type=submit]")
    page.wait_for_load_state("networkidle")
    flagged = page.locator("#submissions tbody tr").count()
    assert 0 < flagged < 12
    shot(page, "20-submissions-flagged")
    page.locator("#submissions tbody tr a").first.click()
    page.wait_for_load_state("networkidle")
    shot(page, "21-submission-detail")
    page.fill("#note", "Entretien trop court : ménage à revisiter.")
    page.click("button[value=reject]")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Rejetée").first.is_visible()
    shot(page, "22-submission-rejected")
