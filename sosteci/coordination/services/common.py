"""Helpers the coordination services share: the author's rights, model validation gathered by field, phones."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.coordination.models import DECISION_MOVES, Decision
from sosteci.registry.validators import normalise_phone
from sosteci.territory.models import AdminUnit

Errors = dict[str, list[str]]
FOLLOW_UP_FIELDS = ("status", "follow_up_note", "done_on")


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


def allowed_moves(item: Any) -> list[str]:
    """The follow-up statuses a decision or a recommendation may move to from where it is (DECISION_MOVES)."""
    return [s for s in Decision.Status.values if s in DECISION_MOVES.get(item.status, frozenset())]


def follow_up_move(
    item: Any, *, status: str, note: str = "", done_on: date | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Move a decision or a recommendation along its follow-up (DECISION_MOVES), or only add a dated note while
    keeping its status; returns the changed fields (before, after), unsaved.

    Done: the day it was done (today by default, never in the future); any other status clears that day.
    """
    labels = dict(Decision.Status.choices)
    if status not in labels:
        raise ValidationError({"status": [_("Suivi inconnu : « %(value)s ».") % {"value": status}]})
    if status != item.status and status not in DECISION_MOVES.get(item.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    _("Passage impossible de « %(current)s » à « %(target)s ».")
                    % {"current": labels[item.status], "target": labels[status]}
                ]
            }
        )
    today = timezone.localdate()
    if status == Decision.Status.DONE:
        day = done_on or item.done_on or today
        if day > today:
            raise ValidationError({"done_on": [_("La date de réalisation ne peut pas être dans le futur.")]})
    else:
        day = None
    before = snapshot(item, FOLLOW_UP_FIELDS)
    item.status = status
    item.done_on = day
    if note.strip():
        line = f"{today:%d/%m/%Y} : {text(note)}"
        item.follow_up_note = f"{item.follow_up_note}\n{line}".strip()
    return diff(before, snapshot(item, FOLLOW_UP_FIELDS))
