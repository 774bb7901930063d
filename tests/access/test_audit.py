"""Audit rows are written with the change, in the same transaction, and vanish with a rollback."""

from __future__ import annotations

import pytest
from django.db import transaction

from sosteci.access import services
from sosteci.access.audit import audit_read
from sosteci.access.context import request_context
from sosteci.access.models import AuditEvent, User
from sosteci.access.roles import Role
from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db


def test_service_writes_its_audit_row_with_the_client_address(team: Team, territory: MiniTerritory) -> None:
    with request_context("10.20.30.40"):
        user = services.user_create(
            by=team.admin,
            username="koffi",
            role=Role.AGENT,
            jurisdiction=territory.l2,
            password="une-phrase-secrete-2026",
            first_name="Koffi",
        )
    event = AuditEvent.objects.get(action="user.create")
    assert (event.actor, event.object_type, event.object_id) == (team.admin, "access.user", str(user.pk))
    assert event.after["username"] == "koffi"
    assert event.ip == "10.20.30.40"


def test_a_rolled_back_change_leaves_no_audit_row(team: Team, territory: MiniTerritory) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        services.user_create(
            by=team.admin,
            username="fantome",
            role=Role.AGENT,
            jurisdiction=territory.l2,
            password="une-phrase-secrete-2026",
        )
        assert AuditEvent.objects.filter(action="user.create").exists()
        raise RuntimeError("échec après l'écriture")
    assert not User.objects.filter(username="fantome").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_failing_service_writes_no_audit_row(team: Team, territory: MiniTerritory) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.user_create(
            by=team.admin, username="court", role=Role.AGENT, jurisdiction=territory.l2, password="123"
        )  # refused by the password validators
    assert not AuditEvent.objects.exists()


def test_reads_of_personal_records_are_logged(team: Team) -> None:
    logged = audit_read(actor=team.superviseur, objects=[team.agent, team.superviseur], purpose="user.view")
    assert logged == 2
    rows = AuditEvent.objects.filter(kind=AuditEvent.Kind.READ)
    assert {r.object_id for r in rows} == {str(team.agent.pk), str(team.superviseur.pk)}
    assert all(r.actor == team.superviseur for r in rows)


def test_unchanged_update_writes_nothing(team: Team) -> None:
    services.user_update(by=team.admin, user=team.agent, first_name=team.agent.first_name)
    assert not AuditEvent.objects.exists()
