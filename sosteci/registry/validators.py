"""Validation and normalisation of register fields (phone numbers, names)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Côte d'Ivoire's 10-digit plan (since 31 January 2021): 01 Moov, 05 MTN, 07 Orange, 21/25/27 fixed lines.
PHONE_PREFIXES = ("01", "05", "07", "21", "25", "27")
_DIGITS = re.compile(r"\d+")


def normalise_phone(value: str) -> str:
    """ "07 07 12 34 56", "+225 0707123456" or "002250707123456" -> "+2250707123456"; raises ValidationError."""
    digits = "".join(_DIGITS.findall(value or ""))
    if digits.startswith("00225"):
        digits = digits[5:]
    elif digits.startswith("225") and len(digits) == 13:
        digits = digits[3:]
    if len(digits) != 10 or not digits.startswith(PHONE_PREFIXES):
        raise ValidationError(
            _("Numéro invalide « %(value)s » : 10 chiffres commençant par 01, 05, 07, 21, 25 ou 27 (+225)."),
            code="phone",
            params={"value": value},
        )
    return f"+225{digits}"


def validate_phone(value: str) -> None:
    if value:
        normalise_phone(value)
