"""The demo's coordination content: built through the services once, with every state the pages show."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sosteci.access.models import AuditEvent, User
from sosteci.coordination import policy, selectors
from sosteci.coordination.models import (
    AwarenessSession,
    Committee,
    CommitteeMember,
    Decision,
    Evaluation,
    Meeting,
    PartnerReport,
    Programme,
    Recommendation,
    Training,
)
from sosteci.web.demo import coordination as demo
from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db


def test_the_demo_builds_committees_programmes_and_reports_once(team: Team, territory: MiniTerritory) -> None:
    result = demo.build(seed=2026, home_sp="CI260401")
    # CIM, CNS, CNLTP, Nawa, Soubré and its Task Force, the sous-préfecture, its two villages.
    assert result.committees == Committee.objects.count() == 9
    assert set(Committee.objects.values_list("level", flat=True)) == {
        "national",
        "region",
        "departement",
        "task_force",
        "sous_prefecture",
        "village",
    }
    cnltp = User.objects.get(username="cnltp")
    assert policy.validating_bodies(team.analyste) == ["cim"] and policy.validating_bodies(cnltp) == ["cnltp"]
    statuses = sorted(Programme.objects.values_list("status", flat=True))
    assert statuses == ["draft", "refused", "submitted", "validated", "validated", "validated"]
    assert result.programmes == 6
    joint = [m for m in Meeting.objects.prefetch_related("committees") if m.committees.count() > 1]
    assert len(joint) == 3  # two of the CIM and CNLTP secretariats, one departmental with the Task Force
    assert {d.status for d in Decision.objects.all()} == {"todo", "in_progress", "done", "abandoned"}
    assert any(d.is_overdue for d in Decision.objects.all())
    assert Training.objects.count() == result.trainings == 3
    assert AwarenessSession.objects.count() == result.sessions == 6
    assert PartnerReport.objects.filter(structure=team.structure).count() == result.reports == 3
    in_force = selectors.repertoire(user=team.pointfocal, departement=territory.dep1, on=timezone.localdate())
    assert in_force.count() == 3
    assert AuditEvent.objects.filter(action="programme.decide").count() == 8
    assert result.members == CommitteeMember.objects.count() >= 9 * 5
    assert CommitteeMember.objects.filter(user__isnull=False).count() == 2

    again = demo.build(seed=2026, home_sp="CI260401")
    assert again == demo.DemoCoordinationResult()
    assert Committee.objects.count() == 9 and Programme.objects.count() == 6


def test_the_demo_waits_for_its_users(territory: MiniTerritory) -> None:
    assert demo.build(seed=1, home_sp="CI260401") == demo.DemoCoordinationResult()
    assert not Committee.objects.exists()


def test_the_demo_adds_evaluations_with_overdue_recommendations_once(team: Team, territory: MiniTerritory) -> None:
    demo.build(seed=2026, home_sp="CI260401")
    assert demo.build_evaluations() == 2
    assert demo.build_evaluations() == 0
    mid_term, review = Evaluation.objects.order_by("evaluated_on")
    assert mid_term.programme is not None and review.programme is None
    assert mid_term.report.open("rb").read(5) == b"%PDF-"
    overdue = selectors.recommendation_list(user=team.pointfocal, overdue=True)
    assert {r.text for r in overdue} == {
        "Doter les comités villageois de moyens de déplacement",
        "Répondre aux orientations sous quinze jours",
    }
    assert {r.status for r in Recommendation.objects.all()} == {"todo", "in_progress", "done"}
