"""Writes of the joint matrix: linking two activities of different plans (and unlinking them), audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.plans.models import Activity, JointLink


def _plan_code(activity: Activity) -> str:
    return str(activity.action.objective.axis.plan.code)


@transaction.atomic
def joint_link_create(
    *, by: User | None, activity: Activity, other: Activity, note: str = "", actor_label: str = ""
) -> JointLink:
    """Link two activities of different plans; linking the same pair again updates its note."""
    if by is not None and not may(by, Perm.PLAN_EDIT):
        raise PermissionDenied(Perm.PLAN_EDIT.value)
    if activity.action.objective.axis.plan_id == other.action.objective.axis.plan_id:
        raise ValidationError(
            {
                "activity_b": [
                    _(
                        "« activité conjointe » : %(a)s et %(b)s sont du même plan (%(plan)s) ; une activité conjointe "
                        "est d'un autre plan."
                    )
                    % {"a": activity.code, "b": other.code, "plan": _plan_code(activity)}
                ]
            }
        )
    first, second = sorted((activity, other), key=lambda a: a.pk)
    link = JointLink.objects.filter(first=first, second=second).first()
    created = link is None
    if link is None:
        link = JointLink(first=first, second=second, created_by=by)
    elif link.note == note.strip():
        return link
    before = {} if created else {"note": link.note}
    link.note = note.strip()
    link.full_clean()
    link.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="plans.joint.link",
        obj=link,
        before=before,
        after={
            "note": link.note,
            "created": created,
            "first": f"{_plan_code(first)}/{first.code}",
            "second": f"{_plan_code(second)}/{second.code}",
        },
    )
    return link


@transaction.atomic
def joint_link_delete(*, by: User | None, link: JointLink) -> None:
    if by is not None and not may(by, Perm.PLAN_EDIT):
        raise PermissionDenied(Perm.PLAN_EDIT.value)
    audit_record(
        actor=by,
        action="plans.joint.unlink",
        obj=link,
        before={"first": link.first_id, "second": link.second_id, "note": link.note},
    )
    link.delete()
