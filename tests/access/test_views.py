"""User management and audit pages, for each role: allowed, refused, and never above one's jurisdiction."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sosteci.access.models import AuditEvent, User
from sosteci.access.roles import Role
from tests.conftest import MiniTerritory, Team
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

MANAGERS = {"admin", "admin_r1", "pointfocal"}
AUDITORS = {"admin", "admin_r1"}


@pytest.mark.parametrize(
    "role",
    ["admin", "admin_r1", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"],
)
def test_each_role_on_the_user_and_audit_pages(team: Team, login, role: str) -> None:
    client = login(team.by_role()[role])
    expected_users = 200 if role in MANAGERS else 403
    assert client.get(reverse("access:user-list")).status_code == expected_users
    assert client.get(reverse("access:user-create")).status_code == expected_users
    assert client.get(reverse("access:user-detail", args=[team.agent.pk])).status_code == expected_users
    assert client.get(reverse("access:audit-list")).status_code == (200 if role in AUDITORS else 403)


def test_pages_need_a_login(client, team: Team) -> None:
    for url in (reverse("access:user-list"), reverse("access:audit-list"), reverse("home")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_user_list_shows_only_the_jurisdiction(team: Team, login) -> None:
    response = login(team.admin_r1).get(reverse("access:user-list"))
    listed = {u.username for u in response.context["page"]}
    assert listed == {"admin_nawa", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"}
    response = login(team.admin).get(reverse("access:user-list"), {"role": "agent"})
    assert {u.username for u in response.context["page"]} == {"agent", "agent_korhogo"}


def test_user_list_query_count_does_not_grow_with_users(team: Team, login, django_assert_max_num_queries) -> None:
    client = login(team.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("access:user-list")).status_code == 200


def test_an_administrator_cannot_open_a_user_above_its_jurisdiction(team: Team, login) -> None:
    client = login(team.admin_r1)
    assert client.get(reverse("access:user-detail", args=[team.admin.pk])).status_code == 404
    assert client.get(reverse("access:user-detail", args=[team.agent_sp2.pk])).status_code == 404
    response = client.post(reverse("access:user-status", args=[team.admin.pk]), {})
    assert response.status_code == 404
    assert User.objects.get(pk=team.admin.pk).is_active


def test_create_a_user_within_the_jurisdiction(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.pointfocal)
    response = client.post(
        reverse("access:user-create"),
        {
            "username": "agent2",
            "first_name": "Adjoua",
            "last_name": "Kouassi",
            "email": "",
            "phone": "",
            "role": Role.AGENT,
            "jurisdiction": "CI260401002",
            "password": "une-phrase-secrete-2026",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="agent2")
    assert (user.role, user.jurisdiction_id) == (Role.AGENT, territory.l2.pk)
    assert user.check_password("une-phrase-secrete-2026")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == team.pointfocal
    assert event.after["jurisdiction"] == territory.l2.pk
    assert "password" not in event.after


@pytest.mark.parametrize(
    ("manager", "role", "pcode", "field", "message"),
    [
        ("admin_r1", Role.ANALYSTE, "CI", "jurisdiction", "hors de votre ressort"),
        ("admin_r1", Role.AGENT, "CI270101001", "jurisdiction", "hors de votre ressort"),
        ("pointfocal", Role.AGENT, "CI26", "jurisdiction", "hors de votre ressort"),
        ("pointfocal", Role.ADMIN, "CI260401", "role", "Sélectionnez un choix valide"),
        ("admin", Role.AGENT, "CI260401", "jurisdiction", "s'exerce sur : localité"),
        ("admin", Role.PRESTATAIRE, "CI2604", "structure", "exige une structure"),
        ("admin", Role.AGENT, "CI000000", "jurisdiction", "P-code inconnu"),
    ],
)
def test_create_is_refused_above_the_jurisdiction_or_with_a_wrong_role(
    team: Team, login, manager: str, role: Role, pcode: str, field: str, message: str
) -> None:
    client = login(team.by_role()[manager])
    response = client.post(
        reverse("access:user-create"),
        {
            "username": "nouveau",
            "role": role,
            "jurisdiction": pcode,
            "password": "une-phrase-secrete-2026",
        },
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors
    assert not User.objects.filter(username="nouveau").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_edit_role_and_jurisdiction_is_audited_with_before_and_after(
    team: Team, territory: MiniTerritory, login
) -> None:
    client = login(team.admin_r1)
    response = client.post(
        reverse("access:user-detail", args=[team.agent.pk]),
        {
            "first_name": "Awa",
            "last_name": "Koné",
            "email": "",
            "phone": "",
            "role": Role.SUPERVISEUR,
            "jurisdiction": "CI260401",
            "structure": "",
        },
    )
    assert response.status_code == 302
    agent = User.objects.get(pk=team.agent.pk)
    assert (agent.role, agent.jurisdiction_id) == (Role.SUPERVISEUR, territory.sp1.pk)
    event = AuditEvent.objects.get(action="user.update")
    assert event.before == {"role": "agent", "jurisdiction": territory.l1.pk}
    assert event.after == {"role": "superviseur", "jurisdiction": territory.sp1.pk}


def test_a_focal_point_cannot_promote_to_administrator(team: Team, login) -> None:
    client = login(team.pointfocal)
    client.post(
        reverse("access:user-detail", args=[team.agent.pk]),
        {
            "first_name": "Awa",
            "last_name": "Koné",
            "role": Role.ADMIN,
            "jurisdiction": "CI260401001",
        },
    )
    assert User.objects.get(pk=team.agent.pk).role == Role.AGENT


def test_deactivate_and_set_password(team: Team, login) -> None:
    client = login(team.admin)
    client.post(reverse("access:user-status", args=[team.agent.pk]), {})
    assert not User.objects.get(pk=team.agent.pk).is_active
    client.post(
        reverse("access:user-set-password", args=[team.agent.pk]),
        {"password": "nouvelle-phrase-2026", "confirm": "nouvelle-phrase-2026"},
    )
    assert User.objects.get(pk=team.agent.pk).check_password("nouvelle-phrase-2026")
    actions = list(AuditEvent.objects.filter(object_id=str(team.agent.pk)).values_list("action", flat=True))
    assert set(actions) == {"user.update", "user.set_password"}


def test_own_password_change(team: Team, login) -> None:
    client = login(team.agent)
    response = client.post(
        reverse("password-change"),
        {
            "current": PASSWORD,
            "password": "ma-nouvelle-phrase-26",
            "confirm": "ma-nouvelle-phrase-26",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=team.agent.pk).check_password("ma-nouvelle-phrase-26")
    response = client.post(reverse("password-change"), {"current": "faux", "password": "x", "confirm": "x"})
    assert "Mot de passe actuel incorrect." in str(response.context["form"].errors)


def test_audit_trail_is_filtered_and_scoped(team: Team, login) -> None:
    from sosteci.access.audit import audit_record

    audit_record(actor=team.agent, action="test.nawa", object_type="test.thing", object_id="1")
    audit_record(actor=team.agent_sp2, action="test.korhogo", object_type="test.thing", object_id="2")
    audit_record(actor=None, actor_label="manage.py x", action="test.system")
    national = login(team.admin).get(reverse("access:audit-list"), {"action": "test."})
    assert {e.action for e in national.context["page"]} == {"test.nawa", "test.korhogo", "test.system"}
    regional = login(team.admin_r1).get(reverse("access:audit-list"), {"action": "test."})
    assert {e.action for e in regional.context["page"]} == {"test.nawa"}
    by_actor = login(team.admin).get(reverse("access:audit-list"), {"actor": "agent_korhogo"})
    assert {e.action for e in by_actor.context["page"]} == {"test.korhogo"}
    by_object = login(team.admin).get(reverse("access:audit-list"), {"object_type": "test.thing", "object_id": "1"})
    assert {e.action for e in by_object.context["page"]} == {"test.nawa"}
    bad_date = login(team.admin).get(reverse("access:audit-list"), {"since": "31/02/2026"})
    assert bad_date.status_code == 200
    assert "since" in bad_date.context["form"].errors
