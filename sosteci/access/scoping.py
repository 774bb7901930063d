"""Restrict any queryset to the part of the territory a user answers for."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from sosteci.territory.models import AdminUnit, Level

M = TypeVar("M", bound=Model)


def jurisdiction_of(user: Any) -> AdminUnit | None:
    """The user's jurisdiction; a superuser without one answers for the whole country."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.jurisdiction_id:
        return user.jurisdiction
    if user.is_superuser:
        return AdminUnit.objects.filter(level=Level.PAYS).first()
    return None


def restrict_to_jurisdiction(queryset: QuerySet[M], user: Any, via: str) -> QuerySet[M]:
    """Rows of `queryset` whose admin unit (reached through the lookup `via`) lies in the user's jurisdiction.

    `via` is the path from the model to an AdminUnit, e.g. "jurisdiction" for users or
    "household__locality" for children; "" when the model is AdminUnit itself.
    """
    unit = jurisdiction_of(user)
    if unit is None:
        return queryset.none()
    prefix = f"{via}__" if via else ""
    return queryset.filter(unit.subtree_q(prefix))
