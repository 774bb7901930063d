"""Writing the audit trail: services call these inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from sosteci.access.context import client_ip
from sosteci.access.models import AuditEvent, User


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` of `obj` (foreign keys as ids)."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(obj, attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the fields whose value changed."""
    keys = [k for k in after if _plain(before.get(k)) != _plain(after.get(k))]
    return {k: _plain(before.get(k)) for k in keys}, {k: _plain(after.get(k)) for k in keys}


def _actor_label(actor: User | None, label: str) -> str:
    if label:
        return label
    if actor is None:
        return "système"
    return actor.username


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    kind: str = AuditEvent.Kind.CHANGE,
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_actor_label(actor, actor_label)[:200],
        kind=kind,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        before=_plain(dict(before or {})),
        after=_plain(dict(after or {})),
        ip=client_ip(),
    )


def audit_read(*, actor: User, objects: Iterable[models.Model], purpose: str) -> int:
    """Log that `actor` read these personal records (one row per record); returns how many were logged."""
    ip = client_ip()
    rows = [
        AuditEvent(
            actor=actor,
            actor_label=actor.username,
            kind=AuditEvent.Kind.READ,
            action=purpose,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            ip=ip,
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(rows)
    return len(rows)
