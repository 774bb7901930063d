"""Repeated failed sign-ins lock the account; an administrator can lift the lock."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from sosteci.access.models import AuditEvent
from tests.conftest import Team
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_works_and_is_audited(client, team: Team) -> None:
    response = sign_in(client, "agent", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=team.agent).exists()


def test_lockout_after_repeated_failures(client, team: Team, login) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "agent", "mauvais")
        assert response.status_code == 200
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    locked = sign_in(client, "agent", "mauvais")
    assert locked.status_code == 429
    assert "Compte temporairement bloqué" in locked.content.decode()
    # Even the right password is refused while locked.
    assert sign_in(client, "agent", PASSWORD).status_code == 429
    assert (
        AuditEvent.objects.filter(action="auth.login_failed", actor_label="agent").count()
        >= settings.AXES_FAILURE_LIMIT
    )

    admin_client = login(team.admin)
    admin_client.post(reverse("access:user-unlock", args=[team.agent.pk]))
    admin_client.logout()
    assert sign_in(client, "agent", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="user.unlock", actor=team.admin).exists()
