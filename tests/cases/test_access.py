"""Who sees and does what: jurisdictions, providers who see only what was referred to them, masked identities of
trafficking and worst-forms cases, audited reads; alerts and their triage limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.cases import policy, selectors, services
from sosteci.cases.models import Alert, Case
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def sensitive(aya_case: Case) -> Case:
    Case.objects.filter(pk=aya_case.pk).update(is_sensitive=True)
    return Case.objects.get(pk=aya_case.pk)


def test_cases_follow_the_jurisdiction(aya_case: Case, team: Team) -> None:
    assert aya_case in selectors.cases_for(team.superviseur)
    assert aya_case in selectors.cases_for(team.analyste)
    assert aya_case not in selectors.cases_for(team.superviseur_sp2)
    assert not selectors.cases_for(team.partenaire).exists()
    assert not selectors.cases_for(team.operateur).exists()


def test_providers_see_only_what_was_referred_to_them(aya_case: Case, team: Team, centre) -> None:
    assert not selectors.cases_for(team.prestataire).exists()
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.PLAN)
    case = Case.objects.get(pk=aya_case.pk)
    services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )
    assert list(selectors.cases_for(team.prestataire)) == [case]
    assert policy.display_name(team.prestataire, case) == "KOUASSI Aya"


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("agent", "KOUASSI Aya"),  # assigned case worker
        ("superviseur", "KOUASSI Aya"),  # its supervisor
        ("analyste", "KOUASSI Aya"),  # national staff
        ("pointfocal", "A. K."),  # same jurisdiction, not in the team
    ],
)
def test_sensitive_cases_are_masked_outside_their_team(sensitive: Case, team: Team, who: str, shown: str) -> None:
    user = getattr(team, who)
    assert policy.display_name(user, sensitive) == shown
    assert policy.may_act(user, sensitive, policy.Perm.CASE_EDIT) is (who in {"agent", "superviseur"})


def test_sensitive_names_do_not_leak_through_search(sensitive: Case, team: Team) -> None:
    assert list(selectors.case_list(user=team.superviseur, q="Aya")) == [sensitive]
    assert list(selectors.case_list(user=team.pointfocal, q="Aya")) == []
    assert list(selectors.case_list(user=team.pointfocal, q=sensitive.code)) == [sensitive]


def test_pages_mask_and_audit(sensitive: Case, team: Team, login) -> None:
    page = login(team.pointfocal).get(reverse("cases:case-detail", args=[sensitive.pk])).content.decode()
    assert "A. K." in page and "Aya" not in page
    assert AuditEvent.objects.filter(actor=team.pointfocal, action="case.view", object_id=str(sensitive.pk)).exists()
    assert not AuditEvent.objects.filter(actor=team.pointfocal, object_type="registry.child").exists()
    listing = login(team.pointfocal).get(reverse("cases:case-list")).content.decode()
    assert sensitive.code in listing and "Aya" not in listing
    assert login(team.superviseur_sp2).get(reverse("cases:case-detail", args=[sensitive.pk])).status_code == 404
    page = login(team.superviseur).get(reverse("cases:case-detail", args=[sensitive.pk])).content.decode()
    assert "KOUASSI Aya" in page


def test_steps_through_the_pages(aya_case: Case, team: Team, login) -> None:
    client = login(team.agent)
    url = reverse("cases:case-step", args=[aya_case.pk])
    client.post(url, {"name": "assess", "version": aya_case.version, "text": "Travaille à la machette."})
    assert Case.objects.get(pk=aya_case.pk).status == Case.Status.ASSESSED
    # The same form sent again (an old version): refused with a message, nothing changed.
    response = client.post(url, {"name": "plan", "version": aya_case.version, "text": "Plan"}, follow=True)
    assert "modifié par quelqu" in response.content.decode()
    assert Case.objects.get(pk=aya_case.pk).status == Case.Status.ASSESSED
    assert client.get(reverse("cases:task-list")).status_code == 200


def test_provider_answers_a_referral_from_its_page(aya_case: Case, team: Team, centre, login) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.PLAN)
    case = Case.objects.get(pk=aya_case.pk)
    referral = services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="shelter",
        consent_child=True,
        consent_guardian=True,
    )
    client = login(team.prestataire)
    assert case.code in client.get(reverse("cases:referral-list")).content.decode()
    assert [r.pk for r in selectors.tasks_for(team.prestataire).referrals_waiting] == [referral.pk]
    client.post(reverse("cases:referral-respond", args=[referral.pk]), {"decision": "decline", "note": ""})
    referral.refresh_from_db()
    assert referral.status == "pending"
    client.post(reverse("cases:referral-respond", args=[referral.pk]), {"decision": "decline", "note": "Complet"})
    referral.refresh_from_db()
    assert referral.status == "declined"


def _alert(team: Team, situation: str) -> Alert:
    return services.alert_create(
        by=team.operateur,
        data=services.AlertInput(
            source="green_line", situation=situation, locality=team.agent.jurisdiction, description="Appel au 116."
        ),
    )


def test_alert_triage_limits_and_overdue(team: Team) -> None:
    trafficking, labour = _alert(team, "trafficking"), _alert(team, "child_labour")
    assert trafficking.triage_due_at - trafficking.received_at == timedelta(hours=24)
    assert labour.triage_due_at - labour.received_at == timedelta(hours=72)
    later = timezone.now() + timedelta(hours=30)
    assert list(services.alerts_overdue(Alert.objects.all(), now=later)) == [trafficking]
    assert [a.pk for a in selectors.tasks_for(team.superviseur).alerts_to_triage] == [trafficking.pk, labour.pk]


def test_alert_triage_decisions(team: Team, register) -> None:
    alert = _alert(team, "trafficking")
    with pytest.raises(ValidationError, match="classée sans suite"):
        services.alert_triage(by=team.superviseur, alert=alert, decision="dismiss")
    with pytest.raises(PermissionDenied):
        services.alert_triage(by=team.superviseur_sp2, alert=alert, decision="open_case", child=register.yao)
    alert = services.alert_triage(by=team.superviseur, alert=alert, decision="open_case", child=register.yao)
    assert alert.status == Alert.Status.CASE_OPENED and alert.in_time
    assert alert.case.is_sensitive and alert.case.origin == "alert"
    with pytest.raises(ValidationError, match="déjà été triée"):
        services.alert_triage(by=team.superviseur, alert=alert, decision="dismiss", note="x")


def test_anonymous_alerts_name_nobody(team: Team) -> None:
    with pytest.raises(ValidationError, match="anonyme"):
        services.alert_create(
            by=team.operateur,
            data=services.AlertInput(
                source="anonymous",
                situation="child_labour",
                locality=team.agent.jurisdiction,
                description="x",
                reporter_name="Koné",
            ),
        )


def test_notifications_leave_by_the_task_queue_without_names(
    aya_case: Case, team: Team, centre, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.PLAN)
    case = Case.objects.get(pk=aya_case.pk)
    team.prestataire.email = "centre@example.ci"
    team.prestataire.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_create(
            by=team.agent,
            case=case,
            version=case.version,
            structure=centre,
            service="shelter",
            consent_child=True,
            consent_guardian=True,
        )
    sent = [m for m in mailoutbox if "centre@example.ci" in m.to]
    assert len(sent) == 1 and case.code in sent[0].subject
    assert "Aya" not in sent[0].body and "KOUASSI" not in sent[0].body
