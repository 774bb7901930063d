"""The case pages as their users read them: labels instead of stored codes, Bootstrap forms, due dates, English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sosteci.cases import services
from sosteci.cases.forms import AssignForm, ReferralForm, TransitionForm
from sosteci.cases.models import Alert, Case, CaseEvent, Referral, ServiceDelivery
from sosteci.cases.templatetags.casework import EVENT_LABELS, event_label, follow_up_due, is_past
from sosteci.cases.workflow import TRANSITIONS
from sosteci.directory.models import Structure
from tests.conftest import Team

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    """Every visible form control of a page (input, select, textarea) with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        if tag in {"input", "select", "textarea"}:
            values = {k: v or "" for k, v in attrs}
            if values.get("type") not in {"hidden", "submit"}:
                self.controls.append({"tag": tag, **values})

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(html: str, form_id: str | None = None) -> Controls:
    if form_id is not None:
        start = html.index(f'id="{form_id}"')
        html = html[html.rindex("<form", 0, start) : html.index("</form>", start)]
    parser = Controls()
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(html).text))


def bootstrap_class(control: dict[str, str]) -> str:
    if control["tag"] == "select":
        return "form-select"
    if control.get("type") in {"checkbox", "radio"}:
        return "form-check-input"
    return "form-control"


def assert_bootstrap(html: str, form_id: str) -> None:
    controls = parse(html, form_id).controls
    assert controls, form_id
    for control in controls:
        assert bootstrap_class(control) in control.get("class", "").split(), (form_id, control)


def _to_plan(case: Case, team: Team) -> Case:
    case = services.case_transition(by=team.agent, case=case, name="assess", version=case.version, text="Machette.")
    return services.case_transition(by=team.agent, case=case, name="plan", version=case.version, text="Kit.")


def _referred(case: Case, team: Team, centre: Structure) -> Referral:
    case = _to_plan(case, team)
    return services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )


def _alert(team: Team, **changes: object) -> Alert:
    data = {
        "source": Alert.Source.GREEN_LINE,
        "situation": Alert.Situation.TRAFFICKING,
        "urgency": Alert.Urgency.HIGH,
        "locality": team.agent.jurisdiction,
        "description": "Trois garçons descendus d'un car avec un intermédiaire.",
        **changes,
    }
    return services.alert_create(by=team.operateur, data=services.AlertInput(**data))


# --- Labels instead of codes -----------------------------------------------------------------------------------------


def test_every_step_and_history_entry_has_a_label(aya_case: Case, team: Team, centre) -> None:
    assert set(TRANSITIONS) <= set(EVENT_LABELS)
    _referred(aya_case, team, centre)
    assert {e.action for e in CaseEvent.objects.filter(case=aya_case)} <= set(EVENT_LABELS)
    assert str(event_label("request_closure")) == "Clôture demandée"
    assert event_label("something_new") == "Something new"


def test_case_page_shows_labels_not_codes(aya_case: Case, team: Team, centre, login) -> None:
    _referred(aya_case, team, centre)
    html = login(team.agent).get(reverse("cases:case-detail", args=[aya_case.pk])).content.decode()
    text = visible_text(html)
    for label in (
        "Travail dangereux",  # the category at opening
        "Services en cours",  # the step
        "Évaluation enregistrée",  # history entries
        "Plan de prise en charge arrêté",
        "Orientation envoyée",
        "Kit scolaire",  # the referral's service and status
        "En attente de réponse",
        "Visite classée",  # the origin
    ):
        assert label in text, label
    for code in ("hazardous_child_labour", "opened", "assess", "referred", "school_kit", "pending", "services →"):
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), code
    assert 'id="case-status"' in html and "Travail dangereux" in html


def test_case_list_shows_step_and_category_labels(aya_case: Case, team: Team, login) -> None:
    text = visible_text(login(team.agent).get(reverse("cases:case-list")).content.decode())
    assert aya_case.code in text and "Ouvert" in text and "Travail dangereux" in text
    assert "hazardous_child_labour" not in text and " open " not in f" {text} "


def test_alert_pages_show_labels_and_dashes(team: Team, login) -> None:
    alert = _alert(team)
    client = login(team.superviseur)
    text = visible_text(client.get(reverse("cases:alert-detail", args=[alert.pk])).content.decode())
    for label in ("Ligne verte", "Haute", "Traite", "À trier", "Trier l'alerte"):
        assert label in text, label
    for code in ("green_line", "trafficking", "high", "new"):
        assert not re.search(rf"\b{code}\b", text), code
    # Empty values read "—", dates are formatted.
    assert "Lieu précis —" in text and timezone.localtime(alert.received_at).strftime("%d/%m/%Y %H:%M") in text
    listing = visible_text(client.get(reverse("cases:alert-list")).content.decode())
    assert "Ligne verte" in listing and "green_line" not in listing


def test_referral_list_shows_labels(aya_case: Case, team: Team, centre, login) -> None:
    _referred(aya_case, team, centre)
    for user in (team.agent, team.prestataire):
        text = visible_text(login(user).get(reverse("cases:referral-list")).content.decode())
        assert "Kit scolaire" in text and "En attente de réponse" in text
        assert "school_kit" not in text and "pending" not in text


# --- Forms -----------------------------------------------------------------------------------------------------------


def test_case_forms_have_bootstrap_classes(aya_case: Case, team: Team, centre, login) -> None:
    case = _to_plan(aya_case, team)
    html = login(team.superviseur).get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    for form_id in ("referral-form", "service-form", "assign-form", "step-request_closure"):
        assert_bootstrap(html, form_id)
    referral = parse(html, "referral-form").controls
    assert {c["name"] for c in referral} == {
        "service",
        "structure",
        "consent_child",
        "consent_guardian",
        "consent_note",
        "note",
    }
    # Each structure's option tells which services it offers (the page narrows the list to the chosen service).
    assert 'data-services="school_kit shelter psychosocial"' in html
    # The assignment lists the workers of the case's place, the agent among them.
    assert f'<option value="{team.agent.username}"' in html


def test_step_forms_ask_only_what_the_step_needs() -> None:
    assess = TransitionForm(transition=TRANSITIONS["assess"])
    assert list(assess.fields) == ["name", "version", "text"] and assess.fields["text"].required
    closure = TransitionForm(transition=TRANSITIONS["request_closure"])
    assert list(closure.fields) == ["name", "version", "reason", "note"]
    assert 'id="id_request_closure_reason"' in str(closure["reason"])
    assert list(TransitionForm(transition=TRANSITIONS["accept"]).fields) == ["name", "version"]
    # Without a transition (reading what a page sent) every field is there.
    assert {"text", "reason", "note"} <= set(TransitionForm().fields)


def test_triage_and_alert_forms_have_bootstrap_classes(team: Team, login) -> None:
    alert = _alert(team)
    client = login(team.superviseur)
    assert_bootstrap(client.get(reverse("cases:alert-detail", args=[alert.pk])).content.decode(), "triage")
    assert_bootstrap(client.get(reverse("cases:alert-create")).content.decode(), "alert-form")


def test_invalid_fields_are_marked(team: Team, login) -> None:
    html = login(team.operateur).post(reverse("cases:alert-create"), {"source": "green_line"}).content.decode()
    description = next(c for c in parse(html, "alert-form").controls if c["name"] == "description")
    assert "is-invalid" in description["class"].split() and description["aria-invalid"] == "true"


def test_referral_form_labels_structures_with_their_place(team: Team, centre) -> None:
    form = ReferralForm(structures=Structure.objects.filter(pk=centre.pk))
    assert "(2 place(s) libre(s))" in str(form["structure"])


def test_assign_form_lists_only_workers_of_the_place(aya_case: Case, team: Team) -> None:
    choices = dict(AssignForm(case=aya_case).fields["username"].choices)  # type: ignore[attr-defined]
    assert team.agent.username in choices and team.superviseur.username in choices
    assert team.agent_sp2.username not in choices and team.prestataire.username not in choices


# --- The case page's actions -----------------------------------------------------------------------------------------


def test_referral_form_shows_once_the_plan_is_made(aya_case: Case, team: Team, login) -> None:
    client = login(team.agent)
    html = client.get(reverse("cases:case-detail", args=[aya_case.pk])).content.decode()
    assert 'id="referral-form"' not in html and 'id="referral-hint"' in html
    _to_plan(aya_case, team)
    assert 'id="referral-form"' in client.get(reverse("cases:case-detail", args=[aya_case.pk])).content.decode()


def test_who_requested_a_closure_is_not_offered_its_approval(aya_case: Case, team: Team, login) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.CLOSING, closure_requested_by=team.superviseur)
    html = login(team.superviseur).get(reverse("cases:case-detail", args=[aya_case.pk])).content.decode()
    assert 'id="approve-by-other"' in html and 'value="approve_closure"' not in html
    assert 'value="refuse_closure"' in html


def test_provider_records_its_service_from_the_case_page(aya_case: Case, team: Team, centre, login) -> None:
    referral = _referred(aya_case, team, centre)
    services.referral_respond(by=team.prestataire, referral=referral, accept=True)
    client = login(team.prestataire)
    url = reverse("cases:case-detail", args=[aya_case.pk])
    html = client.get(url).content.decode()
    assert "provider-service-form" in html and 'id="referral-form"' not in html
    day = timezone.localdate().isoformat()
    client.post(
        reverse("cases:service-create", args=[aya_case.pk]),
        {"referral": referral.pk, "service": referral.service, "delivered_on": day, "cost": "15000"},
    )
    delivery = ServiceDelivery.objects.get(case=aya_case)
    assert (delivery.provider, delivery.service, delivery.cost) == (centre, "school_kit", 15000)
    text = visible_text(client.get(url).content.decode())
    assert "Service rendu" in text and "15 000" in text.replace("\xa0", " ").replace("\u202f", " ")


# --- Tasks -----------------------------------------------------------------------------------------------------------


def test_task_list_counts_and_marks_what_is_late(aya_case: Case, team: Team, login) -> None:
    late = _alert(team)
    Alert.objects.filter(pk=late.pk).update(triage_due_at=timezone.now() - timedelta(hours=2))
    _alert(team, situation=Alert.Situation.CHILD_LABOUR, urgency=Alert.Urgency.LOW)
    html = login(team.superviseur).get(reverse("cases:task-list")).content.decode()
    section = html[html.index('id="tasks-alerts"') : html.index("</section>", html.index('id="tasks-alerts"'))]
    assert re.search(r'<span class="badge text-bg-warning">2</span>', section)
    assert section.count("en retard") == 1 and section.count("text-danger fw-semibold") == 1
    # The case opened 60 days ago is late for its assessment: in red with its due date.
    due = (aya_case.opened_at + timedelta(days=7)).astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y")
    assessments = html[html.index('id="tasks-assessments"') :]
    assert aya_case.code in assessments and f"à évaluer avant le {due}" in assessments
    assert "text-danger fw-semibold" in assessments[: assessments.index("</section>")]


def test_follow_up_due_dates(aya_case: Case) -> None:
    assert follow_up_due(aya_case) == timezone.localdate(aya_case.opened_at) + timedelta(days=90)
    aya_case.last_follow_up = timezone.localdate() - timedelta(days=100)  # type: ignore[attr-defined]
    assert is_past(follow_up_due(aya_case)) and not is_past(None)


def test_a_provider_sees_only_its_referrals_section(aya_case: Case, team: Team, centre, login) -> None:
    _referred(aya_case, team, centre)
    html = login(team.prestataire).get(reverse("cases:task-list")).content.decode()
    assert 'id="tasks-referrals"' in html and aya_case.code in html
    assert 'id="tasks-alerts"' not in html and 'id="tasks-assessments"' not in html


# --- Query counts --------------------------------------------------------------------------------------------------


def test_list_pages_do_not_query_per_row(aya_case: Case, team: Team, centre, register, login) -> None:
    _referred(aya_case, team, centre)
    _alert(team)
    client = login(team.superviseur)
    pages = [
        reverse(name) for name in ("cases:task-list", "cases:case-list", "cases:alert-list", "cases:referral-list")
    ]

    def counts() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    other = services.case_open(by=team.agent, child=register.yao, origin=Case.Origin.MANUAL, assigned_to=team.agent)
    Case.objects.filter(pk=other.pk).update(opened_at=timezone.now() - timedelta(days=30))
    _referred(Case.objects.get(pk=other.pk), team, centre)
    _alert(team, situation=Alert.Situation.CHILD_LABOUR)
    assert counts() == before


# --- English ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def back_to_french() -> Iterator[None]:
    """A request in English leaves English active in this thread: the tests after this one expect French."""
    yield
    translation.activate("fr")


def test_case_pages_in_english(aya_case: Case, team: Team, centre, login, back_to_french: None) -> None:
    _referred(aya_case, team, centre)
    client = login(team.agent)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("cases:case-detail", args=[aya_case.pk])).content.decode()
    text = visible_text(html)
    assert 'lang="en"' in html
    for label in ("Referrals", "History", "Services in progress", "Hazardous child labour", "Referral sent"):
        assert label in text, label
    for french in ("Orientations", "Historique", "Services en cours", "Orientation envoyée"):
        assert french not in text, french
    tasks = visible_text(client.get(reverse("cases:task-list")).content.decode())
    assert "My tasks" in tasks and "Mes tâches" not in tasks
    alerts = visible_text(client.get(reverse("cases:alert-list")).content.decode())
    assert "Alerts" in alerts and "Alertes" not in alerts


def test_answered_from_the_case_page_the_provider_goes_back_to_it(aya_case: Case, team: Team, centre, login) -> None:
    referral = _referred(aya_case, team, centre)
    client = login(team.prestataire)
    url = reverse("cases:case-detail", args=[aya_case.pk])
    respond = reverse("cases:referral-respond", args=[referral.pk])
    assert 'name="next"' in client.get(url).content.decode()
    response = client.post(respond, {"decision": "accept", "note": "", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    # Another site is never a place to go back to: the provider lands on its referrals.
    other = _referred_again(aya_case, team, centre)
    response = client.post(
        reverse("cases:referral-respond", args=[other.pk]), {"decision": "accept", "next": "https://example.org/"}
    )
    assert response["Location"] == reverse("cases:referral-list")


def _referred_again(case: Case, team: Team, centre: Structure) -> Referral:
    case = Case.objects.get(pk=case.pk)
    return services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="shelter",
        consent_child=True,
        consent_guardian=True,
    )


def test_the_case_page_proposes_only_structures_serving_the_place(
    aya_case: Case, team: Team, centre, login, territory
) -> None:
    from tests.factories import StructureFactory

    far = StructureFactory(name="Centre de Korhogo", admin_unit=territory.dep2, services=["school_kit"])
    _to_plan(aya_case, team)
    html = login(team.agent).get(reverse("cases:case-detail", args=[aya_case.pk])).content.decode()
    assert centre.name in html and far.name not in html
