"""Reading amounts in francs CFA and head counts as typed, refused with a French message naming the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SPACES = re.compile(r"[\s\u00a0\u202f]+")  # spaces, no-break spaces, narrow no-break spaces (French thousands)
_CURRENCY = re.compile(r"(f\s*cfa|fcfa|xof|francs?\s*cfa)$", re.IGNORECASE)
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.500.000
_ZERO_CENTS = re.compile(r"^(\d+)[.,]0+$")  # 150000,00


def _unreadable(value: Any, label: str) -> str:
    return _(
        "« %(field)s » : montant illisible « %(value)s ». Saisissez un nombre entier de francs CFA, par exemple 150000."
    ) % {"field": label, "value": value}


def amount_from_text(value: Any, label: str) -> int:
    """A whole amount in FCFA from what was typed: "150000", "150 000", "1.500.000", "150 000 FCFA", 150000.

    Raises ValidationError (a plain message naming the field by `label`) for anything else, and for a negative
    amount or one with centimes (the franc CFA has none).
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(_unreadable(value, label), code="amount")
    if isinstance(value, int):
        number = value
    elif isinstance(value, (float, Decimal)):
        if value != int(value):
            raise ValidationError(_unreadable(value, label), code="amount")
        number = int(value)
    else:
        text = _SPACES.sub("", str(value).strip())
        text = _CURRENCY.sub("", text)
        if _DOTTED_THOUSANDS.match(text):
            text = text.replace(".", "")
        zero_cents = _ZERO_CENTS.match(text)
        if zero_cents:
            text = zero_cents.group(1)
        if not re.fullmatch(r"-?\d+", text):
            raise ValidationError(_unreadable(value, label), code="amount")
        try:
            number = int(Decimal(text))
        except InvalidOperation as exc:  # pragma: no cover - the pattern above only lets digits through
            raise ValidationError(_unreadable(value, label), code="amount") from exc
    if number < 0:
        raise ValidationError(
            _("« %(field)s » : le montant ne peut pas être négatif (%(value)s).") % {"field": label, "value": value},
            code="amount",
        )
    return number


def count_from_text(value: Any, label: str) -> int:
    """A head count (0 or more) from what was typed; an empty answer counts 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    text = _SPACES.sub("", str(value))
    if isinstance(value, bool) or not re.fullmatch(r"\d+", text):
        raise ValidationError(
            _("« %(field)s » : nombre illisible « %(value)s ». Saisissez un nombre entier, 0 ou plus.")
            % {"field": label, "value": value},
            code="count",
        )
    return int(text)
