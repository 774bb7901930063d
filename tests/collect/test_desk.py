"""Desk entry goes through the same pipeline: a processed desk submission, nothing stored when refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sosteci.collect.models import Submission
from sosteci.registry.models import Household, Visit
from tests.conftest import Team
from tests.registry.conftest import Register

pytestmark = pytest.mark.django_db

HOUSEHOLD = {
    "locality": "CI260401001",
    "head_family_name": "Koné",
    "head_given_names": "Drissa",
    "head_sex": "M",
    "head_phone": "0505123456",
    "size": "5",
    "main_crops": ["cacao"],
    "child-TOTAL_FORMS": "1",
    "child-INITIAL_FORMS": "0",
    "child-MIN_NUM_FORMS": "0",
    "child-MAX_NUM_FORMS": "30",
    "child-0-family_name": "Koné",
    "child-0-given_names": "Awa",
    "child-0-sex": "F",
    "child-0-date_of_birth": "2014-02-03",
    "child-0-birth_certificate": "yes",
    "child-0-nationality": "CI",
    "child-0-lives_with_parents": "both",
    "child-0-relation_to_head": "child",
    "child-0-schooling": "enrolled",
}


def test_desk_household_is_a_processed_desk_submission(team: Team, territory, login) -> None:
    response = login(team.agent).post(reverse("registry:household-create"), HOUSEHOLD)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.source, submission.status, submission.form_id) == ("desk", "processed", "sosteci_visite_menage")
    household = Household.objects.get()
    assert household.submission == submission
    assert not Visit.objects.exists()  # registered without an observation
    assert submission.flags == []


def test_refused_desk_entry_stores_nothing(team: Team, territory, login) -> None:
    login(team.agent).post(reverse("registry:household-create"), {**HOUSEHOLD, "child-0-date_of_birth": "2099-01-01"})
    assert not Submission.objects.exists()
    assert not Household.objects.exists()


def test_desk_visit_is_a_processed_desk_submission(team: Team, register: Register, login) -> None:
    login(team.superviseur).post(
        reverse("registry:visit-create", args=[register.yao.pk]),
        {
            "visited_on": "2026-04-02",
            "kind": "school",
            "attends_school": "yes",
            "act-TOTAL_FORMS": "1",
            "act-INITIAL_FORMS": "0",
            "act-MIN_NUM_FORMS": "0",
            "act-MAX_NUM_FORMS": "12",
        },
    )
    visit = Visit.objects.get(child=register.yao)
    assert (visit.kind, visit.source) == ("school", "desk")
    assert visit.submission.source == "desk"
