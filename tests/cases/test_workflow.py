"""The case workflow: every allowed and forbidden move, the guards, the full journey, concurrent edits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.cases import services
from sosteci.cases.models import Case, CaseEvent, Referral, ServiceDelivery
from sosteci.cases.workflow import TRANSITIONS, allowed_pairs
from sosteci.registry.inputs import VisitInput
from sosteci.registry.services import visit_record
from tests.conftest import Team

pytestmark = pytest.mark.django_db
S = Case.Status


def _follow_up(team: Team, child, days_ago: int, working: bool = False):
    data = VisitInput(visited_on=timezone.localdate() - timedelta(days=days_ago), kind="follow_up", attends_school=True)
    if working:
        data.activities, data.hazardous_tasks = [{"code": "CACAO", "hours": 10}], ["H_MACHETTE"]
    return visit_record(by=team.agent, child=child, data=data)


def test_a_hazardous_visit_opens_a_case_assigned_to_the_agent(aya_case: Case, team: Team, register) -> None:
    assert (aya_case.status, aya_case.origin, aya_case.category) == (S.OPEN, "visit", "hazardous_child_labour")
    assert (aya_case.assigned_to, aya_case.supervisor) == (team.agent, team.superviseur)
    assert not aya_case.is_sensitive
    # Yao was never observed working: no case. Another visit of Aya does not open a second case.
    assert not Case.objects.filter(child=register.yao).exists()
    visit_record(by=team.agent, child=register.aya, data=VisitInput(visited_on=date(2026, 4, 1), activities=[]))
    assert Case.objects.filter(child=register.aya).count() == 1


def test_at_risk_is_proposed_and_worst_forms_are_sensitive(team: Team, register) -> None:
    visit_record(
        by=team.agent,
        child=register.yao,
        data=VisitInput(
            visited_on=date(2026, 5, 1), indicators=["T_DEPLACE_TIERS"], activities=[{"code": "CACAO", "hours": 30}]
        ),
    )
    case = Case.objects.get(child=register.yao)
    assert case.category == "worst_forms" and case.is_sensitive and case.status == S.OPEN


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("name", [n for n in TRANSITIONS if n not in {"start_services", "follow_up"}])
def test_every_move_from_every_step(aya_case: Case, team: Team, status: str, name: str) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=status, closure_requested_by=team.agent)
    case = Case.objects.get(pk=aya_case.pk)
    transition = TRANSITIONS[name]
    kwargs = {"note": "Motif", "text": "Texte", "reason": "transferred"}
    if status in transition.sources:
        moved = services.case_transition(by=team.superviseur, case=case, name=name, version=case.version, **kwargs)
        assert moved.status == transition.target
        assert CaseEvent.objects.filter(case=case, action=name, from_status=status).exists()
        assert AuditEvent.objects.filter(action=f"case.{name}").exists()
    else:
        with pytest.raises(ValidationError) as info:
            services.case_transition(by=team.superviseur, case=case, name=name, version=case.version, **kwargs)
        assert info.value.code == "illegal_transition"
        assert Case.objects.get(pk=case.pk).status == status


def test_the_declared_moves() -> None:
    assert (S.CLOSED, S.OPEN) in allowed_pairs()
    assert (S.OPEN, S.CLOSED) not in allowed_pairs()
    assert all(target != S.CLOSED or source == S.CLOSING for source, target in allowed_pairs())


def test_full_journey(aya_case: Case, team: Team, centre, register) -> None:
    case, agent, provider, supervisor = aya_case, team.agent, team.prestataire, team.superviseur
    case = services.case_transition(by=agent, case=case, name="assess", version=case.version, text="Machette, 12 h.")
    case = services.case_transition(
        by=agent, case=case, name="plan", version=case.version, text="Kit, retour à l'école."
    )

    with pytest.raises(ValidationError, match="accord de l'enfant"):
        services.referral_create(
            by=agent,
            case=case,
            version=case.version,
            structure=centre,
            service="school_kit",
            consent_child=True,
            consent_guardian=False,
        )
    with pytest.raises(ValidationError, match="n'offre pas ce service"):
        services.referral_create(
            by=agent,
            case=case,
            version=case.version,
            structure=centre,
            service="repatriation",
            consent_child=True,
            consent_guardian=True,
        )
    referral = services.referral_create(
        by=agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )
    case.refresh_from_db()
    assert case.status == S.SERVICES

    with pytest.raises(PermissionDenied):
        services.referral_respond(by=agent, referral=referral, accept=True)
    services.referral_respond(by=provider, referral=referral, accept=True)
    centre.refresh_from_db()
    assert centre.places_free == 1
    referral.refresh_from_db()
    delivery = services.service_record(
        by=provider, case=case, service="school_kit", delivered_on=timezone.localdate(), cost=15000, referral=referral
    )
    assert (delivery.provider, Referral.objects.get(pk=referral.pk).status) == (centre, Referral.Status.COMPLETED)

    case.refresh_from_db()
    with pytest.raises(ValidationError, match="au moins une visite de suivi"):
        services.case_transition(
            by=agent, case=case, name="request_closure", version=case.version, reason="out_of_labour"
        )

    _follow_up(team, register.aya, days_ago=20)
    case.refresh_from_db()
    assert case.status == S.FOLLOW_UP
    with pytest.raises(ValidationError, match="deux visites de suivi"):
        services.case_transition(
            by=agent, case=case, name="request_closure", version=case.version, reason="out_of_labour"
        )
    _follow_up(team, register.aya, days_ago=2)
    case.refresh_from_db()
    case = services.case_transition(
        by=agent, case=case, name="request_closure", version=case.version, reason="out_of_labour"
    )
    assert case.status == S.CLOSING
    with pytest.raises(PermissionDenied):
        services.case_transition(by=agent, case=case, name="approve_closure", version=case.version)
    case = services.case_transition(by=supervisor, case=case, name="approve_closure", version=case.version)
    assert case.status == S.CLOSED and case.closed_at is not None and case.closure_approved_by == supervisor

    with pytest.raises(ValidationError):
        services.case_transition(by=supervisor, case=case, name="reopen", version=case.version)
    case = services.case_transition(
        by=supervisor, case=case, name="reopen", version=case.version, note="Retour au champ"
    )
    assert (case.status, case.reopened, case.closure_reason) == (S.OPEN, 1, "")
    assert ServiceDelivery.objects.filter(case=case).count() == 1


def test_a_follow_up_back_at_work_blocks_the_out_of_labour_closure(aya_case: Case, team: Team, register) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=S.SERVICES)
    _follow_up(team, register.aya, days_ago=30)
    _follow_up(team, register.aya, days_ago=3, working=True)
    case = Case.objects.get(pk=aya_case.pk)
    assert case.status == S.FOLLOW_UP
    with pytest.raises(ValidationError, match="deux visites de suivi"):
        services.case_transition(
            by=team.agent, case=case, name="request_closure", version=case.version, reason="out_of_labour"
        )


def test_follow_ups_count_from_the_identifying_visit_even_when_entered_later(team: Team, register) -> None:
    """Paper forms typed weeks later: the case opens today, its follow-ups since the visit's day count."""
    moussa = register.moussa
    data = VisitInput(visited_on=timezone.localdate() - timedelta(days=50), hazardous_tasks=["H_MACHETTE"])
    data.activities = [{"code": "CACAO", "hours": 10}]
    visit_record(by=team.agent_sp2, child=moussa, data=data)
    case = Case.objects.get(child=moussa)
    assert timezone.localdate(case.opened_at) == timezone.localdate()
    Case.objects.filter(pk=case.pk).update(status=S.SERVICES)
    for days_ago in (40, 10):
        follow = VisitInput(
            visited_on=timezone.localdate() - timedelta(days=days_ago), kind="follow_up", attends_school=True
        )
        visit_record(by=team.agent_sp2, child=moussa, data=follow)
    assert [v.visited_on for v in services.follow_ups(case)] == [
        timezone.localdate() - timedelta(days=40),
        timezone.localdate() - timedelta(days=10),
    ]
    case = Case.objects.get(pk=case.pk)
    case = services.case_transition(
        by=team.agent_sp2, case=case, name="request_closure", version=case.version, reason="out_of_labour"
    )
    assert case.status == S.CLOSING


def test_a_referral_to_a_full_structure_is_refused(aya_case: Case, team: Team, centre) -> None:
    Case.objects.filter(pk=aya_case.pk).update(status=S.PLAN)
    centre.places_free = 0
    centre.save()
    case = Case.objects.get(pk=aya_case.pk)
    with pytest.raises(ValidationError, match="plus de place"):
        services.referral_create(
            by=team.agent,
            case=case,
            version=case.version,
            structure=centre,
            service="shelter",
            consent_child=True,
            consent_guardian=True,
        )


def test_two_supervisors_at_once_the_second_is_told(aya_case: Case, team: Team) -> None:
    first = Case.objects.get(pk=aya_case.pk)
    second = Case.objects.get(pk=aya_case.pk)
    services.case_transition(by=team.superviseur, case=first, name="assess", version=first.version, text="Vu.")
    with pytest.raises(services.ConcurrentChange, match="modifié par quelqu'un d'autre"):
        services.case_transition(
            by=team.pointfocal, case=second, name="assess", version=second.version, text="Vu aussi."
        )
    assert Case.objects.get(pk=aya_case.pk).assessment == "Vu."


def test_acting_outside_the_jurisdiction_is_refused(aya_case: Case, team: Team) -> None:
    with pytest.raises(PermissionDenied):
        services.case_transition(
            by=team.superviseur_sp2, case=aya_case, name="assess", version=aya_case.version, text="x"
        )


def test_a_referral_to_a_structure_not_serving_the_place_is_refused(
    aya_case: Case, team: Team, centre, territory
) -> None:
    """The centre is in the child's département; moved to another one (with no coverage of the child's place), it
    no longer serves the child, and the referral names the place."""
    Case.objects.filter(pk=aya_case.pk).update(status=S.PLAN)
    centre.admin_unit = territory.dep2
    centre.save()
    centre.coverage.clear()
    case = Case.objects.get(pk=aya_case.pk)
    with pytest.raises(ValidationError, match="n'intervient pas") as raised:
        services.referral_create(
            by=team.agent,
            case=case,
            version=case.version,
            structure=centre,
            service="shelter",
            consent_child=True,
            consent_guardian=True,
        )
    assert case.locality.name in str(raised.value)
    assert not Referral.objects.filter(case=case).exists()
