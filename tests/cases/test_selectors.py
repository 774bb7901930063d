"""The case list's filters and order, each list of the tasks page for the users it concerns, and the cases' copies
of the territory that these lists filter on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sosteci.cases import selectors, services
from sosteci.cases.models import Case, Referral
from sosteci.registry.inputs import VisitInput
from sosteci.registry.services import visit_record
from sosteci.territory.importing import build_plan, read_units
from sosteci.territory.services import territory_import_apply
from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db
S = Case.Status


def _set(case: Case, **changes: object) -> Case:
    Case.objects.filter(pk=case.pk).update(**changes)
    return Case.objects.get(pk=case.pk)


def _follow_up(team: Team, case: Case, days_ago: int) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    visit_record(by=team.agent, child=case.child, data=VisitInput(visited_on=day, kind="follow_up"))


def test_case_list_filters_and_order(aya_case: Case, team: Team, register) -> None:
    yao = services.case_open(by=team.superviseur, child=register.yao, origin=Case.Origin.MANUAL)
    moussa = services.case_open(by=None, child=register.moussa, origin=Case.Origin.MANUAL)
    yao = _set(yao, status=S.CLOSED, opened_at=timezone.now() - timedelta(days=5))

    def listed(user: object = team.superviseur, **filters: object) -> list[Case]:
        return list(selectors.case_list(user=user, **filters))

    assert listed(status="") == [yao, aya_case]  # newest first; Moussa is in another sous-préfecture
    assert listed(status="active") == [aya_case]
    assert listed(status=S.CLOSED) == [yao]
    assert listed(status="", mine=True) == [yao, aya_case]  # the supervisor of both
    assert listed(team.agent, status="", mine=True) == [aya_case]  # assigned to Aya's case only
    assert listed(status="", q="kouas") == [yao, aya_case]  # part of the family name, any case
    assert listed(status="", q="ya") == [yao, aya_case]  # part of a given name: Aya, Yao
    assert listed(status="", q="yao") == [yao]
    assert listed(status="", q=aya_case.code.lower()) == [aya_case]
    assert listed(status="", q=register.yao.code) == [yao]
    assert listed(team.analyste, status="") == [moussa, yao, aya_case]
    assert listed(team.superviseur_sp2, status="") == [moussa]


def test_tasks_assessments_referrals_and_closures(aya_case: Case, team: Team, centre) -> None:
    assert [c.pk for c in selectors.tasks_for(team.superviseur).assessments_due] == [aya_case.pk]
    assert [c.pk for c in selectors.tasks_for(team.agent).assessments_due] == [aya_case.pk]
    assert selectors.tasks_for(team.superviseur_sp2).assessments_due == []
    _set(aya_case, opened_at=timezone.now() - timedelta(days=2))
    assert selectors.tasks_for(team.superviseur).assessments_due == []  # not late yet

    case = _set(aya_case, status=S.PLAN)
    referral = services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )
    waiting = selectors.tasks_for(team.superviseur).referrals_waiting
    assert [r.pk for r in waiting] == [referral.pk] and waiting[0].status == Referral.Status.PENDING
    assert selectors.tasks_for(team.superviseur_sp2).referrals_waiting == []

    case = _set(aya_case, status=S.CLOSING, closure_requested_by=team.agent)
    assert [c.pk for c in selectors.tasks_for(team.superviseur).closures_to_approve] == [case.pk]
    assert selectors.tasks_for(team.agent).closures_to_approve == []  # agents do not approve
    _set(aya_case, closure_requested_by=team.superviseur)
    assert selectors.tasks_for(team.superviseur).closures_to_approve == []  # not the one who asked


def test_follow_ups_due_when_none_recent(aya_case: Case, team: Team) -> None:
    case = _set(aya_case, status=S.SERVICES)
    due = selectors.tasks_for(team.superviseur).follow_ups_due
    assert [(c.pk, c.last_follow_up) for c in due] == [(case.pk, None)]  # type: ignore[attr-defined]

    _follow_up(team, case, days_ago=120)  # long ago: still due, with its date
    due = selectors.tasks_for(team.superviseur).follow_ups_due
    assert [c.last_follow_up for c in due] == [timezone.localdate() - timedelta(days=120)]  # type: ignore[attr-defined]
    assert [c.pk for c in selectors.tasks_for(team.agent).follow_ups_due] == [case.pk]
    assert selectors.tasks_for(team.superviseur_sp2).follow_ups_due == []

    _follow_up(team, case, days_ago=10)  # recent: nothing due
    assert selectors.tasks_for(team.superviseur).follow_ups_due == []


def test_cases_copy_their_localitys_ancestors_and_follow_moves(
    aya_case: Case, team: Team, territory: MiniTerritory
) -> None:
    t = territory
    copies = ("district_id", "region_id", "departement_id", "sous_prefecture_id")
    assert tuple(getattr(aya_case, name) for name in copies) == (t.d1.pk, t.r1.pk, t.dep1.pk, t.sp1.pk)
    # Soubré's sous-préfecture moves to the département of Korhogo: its cases go with it, to that region's staff.
    plan = build_plan(read_units("f.csv", b"level,pcode,name,parent_pcode\nsous_prefecture,CI260401,Soubre,CI2701\n"))
    territory_import_apply(plan=plan, by=None, filename="f.csv", actor_label="test")
    case = Case.objects.get(pk=aya_case.pk)
    assert tuple(getattr(case, name) for name in copies) == (t.d2.pk, t.r2.pk, t.dep2.pk, t.sp1.pk)
    assert list(selectors.cases_for(team.superviseur)) == [case]  # still its sous-préfecture
    assert not selectors.cases_for(team.pointfocal).exists()  # no longer in Soubré's département


def test_list_and_task_pages_read_as_many_queries_for_more_cases(aya_case: Case, team: Team, register, login) -> None:
    """One more case in each task list, and in the list page, costs no query (no per-row reads)."""
    client = login(team.superviseur)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _set(aya_case, status=S.SERVICES)
    before = {url: queries(url) for url in (reverse("cases:task-list"), reverse("cases:case-list"))}
    yao = services.case_open(by=team.superviseur, child=register.yao, origin=Case.Origin.MANUAL, assigned_to=team.agent)
    _set(yao, opened_at=timezone.now() - timedelta(days=30))  # an assessment due, beside a follow-up due
    assert {url: queries(url) for url in before} == before
