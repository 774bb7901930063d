"""In a real browser, one child's whole care through the pages: a visit classifies the child in hazardous work and
opens a case → assessment → plan → referral with consents → the provider accepts and records the service → two
follow-up visits out of work → closure requested by the agent, approved by the supervisor → reopened."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sosteci.access.models import User
from sosteci.cases.models import Case, Referral
from sosteci.registry.models import Child
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _visit(page: Any, base: str, child: Child, days_ago: int, *, working: bool) -> None:
    page.goto(f"{base}/registre/enfants/{child.pk}/visite/")
    page.fill("#id_visited_on", _day(days_ago))
    page.select_option("#id_kind", "household" if working else "follow_up")
    page.select_option("#id_attends_school", "no" if working else "yes")
    if working:
        page.select_option("#id_act-0-code", "CACAO")
        page.fill("#id_act-0-hours", "12")
        page.check("input[name=hazardous_tasks][value=H_MACHETTE]")
    page.locator("main button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert f"/registre/enfants/{child.pk}/" in page.url, page.url


def _step(page: Any, name: str, **fields: str) -> None:
    """Open the step's folded form when it has one, fill it, confirm."""
    toggle = page.locator(f"[data-bs-target='#step-{name}']")
    if toggle.count():
        toggle.click()
    form = page.locator(f"#step-{name}")
    form.wait_for(state="visible")
    for field, value in fields.items():
        target = form.locator(f"[name={field}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def _status(page: Any) -> str:
    return str(page.locator("#case-status").inner_text().strip())


def test_a_child_from_identification_to_closure_and_reopening(demo_site: Any, page: Any, shot: Any) -> None:
    base = demo_site.url
    agent = User.objects.get(username="agent")
    child = (
        Child.objects.filter(locality=agent.jurisdiction, category="not_working", cases__isnull=True)
        .order_by("code")
        .first()
    )
    assert child is not None

    # The agent records a visit typed from paper: machete and 12 h at the cocoa farm → a case opens.
    sign_in(page, base, "agent")
    _visit(page, base, child, days_ago=40, working=True)
    case = Case.objects.get(child=child)
    assert (case.status, case.assigned_to) == ("open", agent)
    page.goto(f"{base}/suivi/dossiers/{case.pk}/")
    assert _status(page) == "Ouvert"
    assert "Travail dangereux" in page.locator("#case-header").inner_text()
    shot(page, "30-case-opened")

    _step(page, "assess", text="Manie la machette au champ du père, 12 h par semaine ; ne va plus à l'école.")
    assert _status(page) == "Évalué"
    _step(page, "plan", text="Kit scolaire et retour à l'école ; sensibilisation du père.")
    assert _status(page) == "Plan de prise en charge"

    # Referral: refused without the guardian's consent, sent with both.
    form = page.locator("#referral-form")
    form.locator("[name=service]").select_option("school_kit")
    social_centre = form.locator("[name=structure] option", has_text="Centre social de Soubré").first
    form.locator("[name=structure]").select_option(social_centre.get_attribute("value"))
    form.locator("[name=consent_child]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "accord de l'enfant et celui de son parent" in page.locator("main").inner_text()
    form = page.locator("#referral-form")
    form.locator("[name=service]").select_option("school_kit")
    form.locator("[name=structure]").select_option(social_centre.get_attribute("value"))
    form.locator("[name=consent_child]").check()
    form.locator("[name=consent_guardian]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert _status(page) == "Services en cours"
    assert "En attente de réponse" in page.locator("#referrals").inner_text()
    shot(page, "31-case-referred")

    # The provider sees it among its referrals, accepts it and records the school kit.
    sign_in(page, base, "prestataire")
    page.goto(f"{base}/suivi/orientations/")
    assert case.code in page.locator("main").inner_text()
    referral = Referral.objects.get(case=case)
    page.locator(f"form[action='/suivi/orientations/{referral.pk}/repondre/'] button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/suivi/dossiers/{case.pk}/")
    provided = page.locator(".provider-service-form").first
    provided.locator("[name=delivered_on]").fill(_day(25))
    provided.locator("[name=cost]").fill("15000")
    provided.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Kit scolaire" in page.locator("#services").inner_text()
    shot(page, "32-case-service-by-provider")

    # Two follow-up visits: at school, not working.
    sign_in(page, base, "agent")
    _visit(page, base, child, days_ago=20, working=False)
    _visit(page, base, child, days_ago=5, working=False)
    page.goto(f"{base}/suivi/dossiers/{case.pk}/")
    assert _status(page) == "Suivi"
    assert page.locator("#follow-ups li").count() == 2
    _step(page, "request_closure", reason="out_of_labour", note="Deux suivis à l'école, plus de travail au champ.")
    assert _status(page) == "Clôture demandée"
    assert page.locator("#step-approve_closure").count() == 0  # the agent cannot approve

    sign_in(page, base, "superviseur")
    page.goto(f"{base}/suivi/taches/")
    assert case.code in page.locator("main").inner_text()
    page.goto(f"{base}/suivi/dossiers/{case.pk}/")
    _step(page, "approve_closure")
    assert _status(page) == "Clos"
    shot(page, "33-case-closed")
    _step(page, "reopen", note="Revu au champ par le relais.")
    assert _status(page) == "Ouvert"
    history = page.locator("#history").inner_text()
    for label in ("Clôture approuvée", "Dossier rouvert"):
        assert label in history, history
    shot(page, "34-case-reopened")
    case.refresh_from_db()
    assert (case.status, case.reopened, case.closure_approved_by) == ("open", 1, None)
