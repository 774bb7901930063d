"""Collection pages: collect password, submissions list by jurisdiction, review, re-processing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.collect.models import CollectCredential, Submission
from sosteci.collect.services import submission_review
from sosteci.registry.models import Child, Household, Visit
from tests.collect.conftest import household_xml
from tests.collect.openrosa_client import CollectClient
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def test_a_user_sets_its_collect_password_and_collect_accepts_it(team: Team, xforms, login) -> None:
    client = login(team.agent)
    page = client.get(reverse("collect-settings"))
    assert "/openrosa" in page.content.decode()
    client.post(reverse("collect-settings"), {"password": "phrase-de-collecte-26", "confirm": "phrase-de-collecte-26"})
    assert CollectCredential.objects.filter(user=team.agent).exists()
    assert CollectClient("agent", "phrase-de-collecte-26").get("/openrosa/formList").status_code == 200
    assert AuditEvent.objects.filter(action="collect.password_set", actor=team.agent).exists()


@pytest.fixture
def submitted(collect, django_capture_on_commit_callbacks) -> Submission:
    with django_capture_on_commit_callbacks(execute=True):
        collect("agent").submit(household_xml(instance="uuid:page", gps=""))
    return Submission.objects.get()


def test_lists_follow_the_jurisdiction(team: Team, submitted: Submission, login) -> None:
    def listed(user) -> list[int]:
        return [s.pk for s in login(user).get(reverse("collect:submission-list")).context["page"]]

    assert listed(team.superviseur) == [submitted.pk]
    assert listed(team.pointfocal) == [submitted.pk]
    assert listed(team.agent) == [submitted.pk]  # its own
    assert listed(team.superviseur_sp2) == []
    assert listed(team.admin) == [submitted.pk]
    assert login(team.superviseur_sp2).get(reverse("collect:submission-detail", args=[submitted.pk])).status_code == 404


def test_review_approve_and_reject(team: Team, submitted: Submission, login) -> None:
    client = login(team.superviseur)
    page = client.get(reverse("collect:submission-detail", args=[submitted.pk])).content.decode()
    assert "Position GPS manquante." in page
    client.post(reverse("collect:submission-decide", args=[submitted.pk]), {"decision": "reject", "note": ""})
    submitted.refresh_from_db()
    assert submitted.review == Submission.Review.PENDING
    client.post(
        reverse("collect:submission-decide", args=[submitted.pk]), {"decision": "reject", "note": "Ménage déjà visité"}
    )
    submitted.refresh_from_db()
    assert (submitted.review, submitted.reviewed_by) == (Submission.Review.REJECTED, team.superviseur)
    assert AuditEvent.objects.filter(action="submission.review", actor=team.superviseur).exists()


def test_rejected_data_counts_in_no_indicator(
    team: Team, submitted: Submission, collect, register, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        collect("agent").submit(household_xml(instance="uuid:kept", head="Yao"))
    kept = Submission.objects.get(instance_id="uuid:kept")
    before = (Household.objects.counted().count(), Child.objects.counted().count(), Visit.objects.counted().count())
    mine = (
        Household.objects.filter(submission=submitted).count(),
        Child.objects.filter(household__submission=submitted).count(),
        Visit.objects.filter(submission=submitted).count(),
    )
    assert min(mine) >= 1
    submission_review(by=team.superviseur, submission=submitted, approve=False, note="Ménage fictif")
    after = (Household.objects.counted().count(), Child.objects.counted().count(), Visit.objects.counted().count())
    assert after == tuple(b - m for b, m in zip(before, mine, strict=True))
    # Records of approved, pending or desk/import origin still count; the rejected ones stay stored.
    assert Household.objects.counted().filter(submission=kept).exists()
    assert Household.objects.counted().filter(pk=register.household_l1.pk).exists()
    assert Household.objects.filter(submission=submitted).exists()


def test_agents_cannot_review(team: Team, submitted: Submission, login) -> None:
    response = login(team.agent).post(
        reverse("collect:submission-decide", args=[submitted.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.review == Submission.Review.PENDING


def test_reprocess_a_held_submission(team: Team, collect, login, django_capture_on_commit_callbacks) -> None:
    xml = (
        '<data id="sosteci_fiche_localite" version="2026112301"><locality>CI260401001</locality>'
        "<meta><instanceID>uuid:held</instanceID></meta></data>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        collect("agent").submit(xml)
    held = Submission.objects.get()
    response = login(team.admin).post(reverse("collect:submission-reprocess", args=[held.pk]), follow=True)
    assert "En attente" in str(next(iter(response.context["messages"])))
