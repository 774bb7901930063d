"""Helpers the coordination services share: the author's rights, model validation gathered by field, phones."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.registry.validators import normalise_phone
from sosteci.territory.models import AdminUnit

Errors = dict[str, list[str]]


def require(by: User | None, perm: Perm) -> None:
    """The author holds `perm` somewhere (by=None: the system, e.g. the demo or a migration)."""
    if by is not None and not may(by, perm):
        raise PermissionDenied(perm.value)


def outside(unit: AdminUnit) -> str:
    return _("« %(unit)s » est hors de votre ressort territorial.") % {"unit": unit.name}


def check_unit(errors: Errors, field: str, by: User | None, perm: Perm, unit: AdminUnit | None) -> None:
    if by is not None and unit is not None and not may(by, perm, unit):
        errors.setdefault(field, []).append(outside(unit))


def clean_model(errors: Errors, obj: models.Model, exclude: list[str] | None = None) -> None:
    """Run the model's validation and gather its messages into `errors`."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def phone(value: str) -> str:
    """The number in its +225 form; an invalid one is kept as typed for the field's validator to report."""
    value = (value or "").strip()
    try:
        return normalise_phone(value) if value else ""
    except ValidationError:
        return value


def text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def one_line(value: str) -> str:
    return " ".join((value or "").split())


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """Model instances as their ids and lists of instances as sorted ids, for the audit trail."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            result[key] = value.pk
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], models.Model):
            result[key] = sorted(v.pk for v in value)
        else:
            result[key] = value
    return result
