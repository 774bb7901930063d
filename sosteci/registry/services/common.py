"""Helpers shared by the register services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.territory.models import AdminUnit, Level


def check_locality(*, by: User | None, locality: AdminUnit, perm: Perm = Perm.CHILD_EDIT) -> None:
    """The unit is a localité within the actor's jurisdiction (None: a system import, still a localité)."""
    if locality.level != Level.LOCALITE:
        raise ValidationError({"locality": _("« %(unit)s » n'est pas une localité.") % {"unit": locality.name}})
    if by is None:
        return
    if not may(by, perm):
        raise PermissionDenied
    if not may(by, perm, locality):
        raise ValidationError(
            {"locality": _("La localité « %(unit)s » est hors de votre ressort territorial.") % {"unit": locality.name}}
        )


def model_errors(exc: ValidationError) -> dict[str, Any]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
