"""Register pages: each role's access, jurisdiction limits, audited reads, desk entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.registry.models import Child, Household, Visit
from tests.conftest import MiniTerritory, Team
from tests.registry.conftest import Register

pytestmark = pytest.mark.django_db

READERS = {"analyste", "pointfocal", "superviseur", "agent"}


@pytest.mark.parametrize(
    "role",
    ["admin", "admin_r1", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"],
)
def test_who_may_see_children(team: Team, register: Register, login, role: str) -> None:
    client = login(team.by_role()[role])
    expected = 200 if role in READERS else 403
    assert client.get(reverse("registry:child-list")).status_code == expected
    assert client.get(reverse("registry:child-detail", args=[register.aya.pk])).status_code == (
        200 if role in READERS else 403
    )
    assert client.get(reverse("registry:household-list")).status_code == expected


def test_an_agent_sees_only_its_locality(team: Team, register: Register, login) -> None:
    client = login(team.agent)
    listed = {c.pk for c in client.get(reverse("registry:child-list")).context["children"]}
    assert listed == {register.aya.pk, register.yao.pk}
    assert client.get(reverse("registry:child-detail", args=[register.moussa.pk])).status_code == 404
    assert client.get(reverse("registry:household-detail", args=[register.household_l3.pk])).status_code == 404
    found = client.get(reverse("registry:child-list"), {"q": "coulibaly moussa"}).context["children"]
    assert found == []
    assert client.get(reverse("registry:visit-create", args=[register.moussa.pk])).status_code == 404


def test_every_personal_read_leaves_an_audit_row(team: Team, register: Register, login) -> None:
    client = login(team.superviseur)
    AuditEvent.objects.all().delete()
    client.get(reverse("registry:child-detail", args=[register.aya.pk]))
    row = AuditEvent.objects.get(kind=AuditEvent.Kind.READ)
    assert (row.actor, row.action, row.object_id) == (team.superviseur, "child.view", str(register.aya.pk))
    AuditEvent.objects.all().delete()
    client.get(reverse("registry:child-list"))
    seen = set(AuditEvent.objects.filter(action="child.list").values_list("object_id", flat=True))
    assert seen == {str(register.aya.pk), str(register.yao.pk)}


def test_fuzzy_search_ignores_accents_order_and_small_typos(team: Team, register: Register, login) -> None:
    client = login(team.analyste)
    for query in ("Aya Kouassi", "KOUASI aya", "kwasi aïa"):
        results = client.get(reverse("registry:child-list"), {"q": query}).context["results"]
        assert results and results[0][0].pk == register.aya.pk, query


def test_filters(team: Team, register: Register, territory: MiniTerritory, login) -> None:
    client = login(team.analyste)

    def names(**params) -> set[str]:
        return {c.given_names for c in client.get(reverse("registry:child-list"), params).context["children"]}

    assert names(category="hazardous_child_labour") == {"Aya"}
    assert names(sex="M") == {"Yao", "Moussa"}
    assert names(unit="CI27") == {"Moussa"}
    assert names(unit="CI260401001") == {"Aya", "Yao"}
    age_of_yao = register.yao.age
    band = "5-11" if age_of_yao <= 11 else "12-14"
    assert "Yao" in names(age_band=band)
    assert names(schooling="never") == set()


def test_child_list_query_count_is_bounded(
    team: Team, register: Register, login, django_assert_max_num_queries
) -> None:
    client = login(team.analyste)
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:child-list"))


def test_desk_entry_of_a_household_with_children(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.agent)
    response = client.post(
        reverse("registry:household-create"),
        {
            "locality": "CI260401001",
            "head_family_name": "Koné",
            "head_given_names": "Drissa",
            "head_sex": "M",
            "head_phone": "0505123456",
            "size": "5",
            "main_crops": ["cacao"],
            "child-TOTAL_FORMS": "2",
            "child-INITIAL_FORMS": "0",
            "child-MIN_NUM_FORMS": "0",
            "child-MAX_NUM_FORMS": "30",
            "child-0-family_name": "Koné",
            "child-0-given_names": "Awa",
            "child-0-sex": "F",
            "child-0-date_of_birth": "2014-02-03",
            "child-0-birth_certificate": "yes",
            "child-0-nationality": "ci",
            "child-0-lives_with_parents": "both",
            "child-0-relation_to_head": "child",
            "child-0-schooling": "enrolled",
        },
    )
    assert response.status_code == 302, (response.context["form"].errors, response.context["children"].errors)
    household = Household.objects.get(head_family_name="KONÉ")
    assert household.head_phone == "+2250505123456"
    assert [c.given_names for c in household.children.all()] == ["Awa"]


def test_desk_entry_refuses_a_future_birth_date_and_names_the_field(
    team: Team, territory: MiniTerritory, login
) -> None:
    client = login(team.agent)
    response = client.post(
        reverse("registry:household-create"),
        {
            "locality": "CI260401001",
            "head_family_name": "Koné",
            "head_sex": "M",
            "size": "5",
            "child-TOTAL_FORMS": "1",
            "child-INITIAL_FORMS": "0",
            "child-MIN_NUM_FORMS": "0",
            "child-MAX_NUM_FORMS": "30",
            "child-0-family_name": "Koné",
            "child-0-given_names": "Awa",
            "child-0-sex": "F",
            "child-0-date_of_birth": "2099-02-03",
            "child-0-birth_certificate": "yes",
            "child-0-nationality": "CI",
            "child-0-lives_with_parents": "both",
            "child-0-relation_to_head": "child",
            "child-0-schooling": "enrolled",
        },
    )
    assert response.status_code == 200
    errors = response.context["children"].forms[0].errors
    assert "date_of_birth" in errors
    assert not Household.objects.exists()


def test_desk_entry_outside_jurisdiction_is_refused(team: Team, territory: MiniTerritory, login) -> None:
    response = login(team.agent).post(
        reverse("registry:household-create"),
        {
            "locality": "CI270101001",
            "head_family_name": "Koné",
            "head_sex": "M",
            "size": "5",
            "child-TOTAL_FORMS": "0",
            "child-INITIAL_FORMS": "0",
            "child-MIN_NUM_FORMS": "0",
            "child-MAX_NUM_FORMS": "30",
        },
    )
    assert "hors de votre ressort" in str(response.context["form"].errors["locality"])
    assert not Household.objects.exists()


def test_record_a_visit_from_the_desk(team: Team, register: Register, login) -> None:
    client = login(team.superviseur)
    response = client.post(
        reverse("registry:visit-create", args=[register.yao.pk]),
        {
            "visited_on": "2026-04-02",
            "kind": "household",
            "attends_school": "yes",
            "hazardous_tasks": ["H_CHARGE"],
            "act-TOTAL_FORMS": "2",
            "act-INITIAL_FORMS": "0",
            "act-MIN_NUM_FORMS": "0",
            "act-MAX_NUM_FORMS": "12",
            "act-0-code": "CACAO",
            "act-0-hours": "9",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(child=register.yao)
    assert (visit.category, visit.visited_on, visit.recorded_by) == (
        "hazardous_child_labour",
        date(2026, 4, 2),
        team.superviseur,
    )
    page = client.get(reverse("registry:child-detail", args=[register.yao.pk])).content.decode()
    assert "Port de charges lourdes" in page


def test_visit_with_too_many_hours_names_the_field(team: Team, register: Register, login) -> None:
    client = login(team.superviseur)
    response = client.post(
        reverse("registry:visit-create", args=[register.yao.pk]),
        {
            "visited_on": "2026-04-02",
            "kind": "household",
            "act-TOTAL_FORMS": "2",
            "act-INITIAL_FORMS": "0",
            "act-MIN_NUM_FORMS": "0",
            "act-MAX_NUM_FORMS": "12",
            "act-0-code": "CACAO",
            "act-0-hours": "100",
            "act-1-code": "VIVRIER",
            "act-1-hours": "100",
        },
    )
    assert response.status_code == 200
    assert "168" in str(response.context["form"].non_field_errors())
    assert not Visit.objects.filter(child=register.yao).exists()


def test_merged_children_are_not_listed(team: Team, register: Register, login) -> None:
    Child.objects.filter(pk=register.yao.pk).update(merged_into=register.aya)
    listed = {c.pk for c in login(team.agent).get(reverse("registry:child-list")).context["children"]}
    assert listed == {register.aya.pk}
