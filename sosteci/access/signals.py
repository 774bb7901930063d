"""Sign-ins, sign-outs and failed sign-ins go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sosteci.access.audit import audit_record
from sosteci.access.models import AuditEvent


@receiver(user_logged_in, dispatch_uid="sosteci_audit_login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", obj=user, kind=AuditEvent.Kind.AUTH)


@receiver(user_logged_out, dispatch_uid="sosteci_audit_logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, kind=AuditEvent.Kind.AUTH)


@receiver(user_login_failed, dispatch_uid="sosteci_audit_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        actor_label=username or "?",
        action="auth.login_failed",
        object_type="access.user",
        object_repr=username,
        kind=AuditEvent.Kind.AUTH,
    )
