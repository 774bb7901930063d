"""The one place that answers "may this user do this, here?"."""

from __future__ import annotations

import pytest

from sosteci.access.permissions import Perm, assignable_roles, may, may_manage_user
from sosteci.access.roles import Role
from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db

ALL = ["admin", "admin_r1", "analyste", "operateur", "pointfocal", "superviseur", "agent", "prestataire", "partenaire"]


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        (Perm.TERRITORY_VIEW, set(ALL)),
        (Perm.TERRITORY_EDIT, {"admin", "admin_r1"}),
        (Perm.TERRITORY_IMPORT, {"admin"}),
        (Perm.USER_MANAGE, {"admin", "admin_r1", "pointfocal"}),
        (Perm.AUDIT_VIEW, {"admin", "admin_r1"}),
    ],
)
def test_roles_hold_permissions_somewhere_in_their_jurisdiction(team: Team, perm: Perm, allowed: set[str]) -> None:
    holders = {name for name, user in team.by_role().items() if may(user, perm)}
    assert holders == allowed


@pytest.mark.parametrize(
    ("who", "where", "expected"),
    [
        ("admin", "l3", True),
        ("admin_r1", "l1", True),
        ("admin_r1", "r1", True),
        ("admin_r1", "d1", False),  # above its jurisdiction
        ("admin_r1", "pays", False),
        ("admin_r1", "l3", False),  # another branch
        ("pointfocal", "sp1", True),
        ("pointfocal", "r1", False),
    ],
)
def test_here_is_checked_against_the_jurisdiction(
    team: Team, territory: MiniTerritory, who: str, where: str, expected: bool
) -> None:
    user = team.by_role()[who]
    perm = Perm.USER_MANAGE if who == "pointfocal" else Perm.TERRITORY_EDIT
    assert may(user, perm, getattr(territory, where)) is expected


def test_inactive_users_and_users_without_jurisdiction_may_nothing(team: Team) -> None:
    team.admin.is_active = False
    assert not may(team.admin, Perm.TERRITORY_VIEW)
    team.analyste.jurisdiction = None
    assert not may(team.analyste, Perm.TERRITORY_VIEW)


def test_managers_assign_only_their_roles_and_never_act_on_themselves(team: Team) -> None:
    assert set(assignable_roles(team.admin)) == set(Role)
    assert set(assignable_roles(team.pointfocal)) == {Role.AGENT, Role.SUPERVISEUR, Role.PRESTATAIRE, Role.PARTENAIRE}
    assert assignable_roles(team.superviseur) == []
    assert may_manage_user(team.pointfocal, team.agent)
    assert not may_manage_user(team.pointfocal, team.agent_sp2)  # outside its département
    assert not may_manage_user(team.pointfocal, team.partenaire)  # partenaire's jurisdiction is the région
    assert not may_manage_user(team.admin_r1, team.admin)  # above
    assert may_manage_user(team.admin_r1, team.pointfocal)
    assert not may_manage_user(team.admin, team.admin)  # itself
