"""Reads for access: users a manager may see, and the audit trail, always scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sosteci.access.models import AuditEvent, User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of, restrict_to_jurisdiction


@dataclass(frozen=True)
class UserFilters:
    q: str = ""
    role: str = ""
    active: bool | None = None
    unit_id: int | None = None


def user_list(*, user: User, filters: UserFilters | None = None) -> QuerySet[User]:
    """Users whose jurisdiction lies within the reader's (empty for those who may not manage users)."""
    if not may(user, Perm.USER_MANAGE):
        return User.objects.none()
    qs = restrict_to_jurisdiction(User.objects.all(), user, "jurisdiction").select_related("jurisdiction", "structure")
    f = filters or UserFilters()
    if f.q:
        qs = qs.filter(
            Q(username__icontains=f.q)
            | Q(first_name__icontains=f.q)
            | Q(last_name__icontains=f.q)
            | Q(email__icontains=f.q)
        )
    if f.role:
        qs = qs.filter(role=f.role)
    if f.active is not None:
        qs = qs.filter(is_active=f.active)
    if f.unit_id:
        from sosteci.territory.models import AdminUnit

        unit = AdminUnit.objects.filter(pk=f.unit_id).first()
        if unit is not None:
            qs = qs.filter(unit.subtree_q("jurisdiction__"))
    return qs.order_by("last_name", "first_name", "username")


def user_get(*, user: User, pk: int) -> User | None:
    return user_list(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(*, user: User, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """The audit trail for an administrator: everything for a national one, otherwise the events made
    by users of its jurisdiction."""
    if not may(user, Perm.AUDIT_VIEW):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.select_related("actor")
    unit = jurisdiction_of(user)
    if unit is None:
        return AuditEvent.objects.none()
    if unit.parent_id is not None:
        qs = qs.filter(unit.subtree_q("actor__jurisdiction__"))
    f = filters or AuditFilters()
    if f.actor:
        qs = qs.filter(Q(actor__username__iexact=f.actor) | Q(actor_label__iexact=f.actor))
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.since:
        qs = qs.filter(at__gte=_day_start(f.since))
    if f.until:
        qs = qs.filter(at__lt=_day_start(f.until) + timedelta(days=1))
    return qs.order_by("-at", "-id")


def audit_choices(*, user: User) -> dict[str, Any]:
    """Distinct actions and object types, to fill the audit filters."""
    qs = audit_event_list(user=user)
    return {
        "actions": sorted(set(qs.values_list("action", flat=True).distinct()[:500])),
        "object_types": sorted(set(qs.values_list("object_type", flat=True).distinct()[:200])),
    }
