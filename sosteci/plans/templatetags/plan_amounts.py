"""Template filters for amounts in F CFA: thin-space thousands, "PM" kept as PM, blank as a dash."""

from __future__ import annotations

from typing import Any

from django import template

from sosteci.plans.document import Amount

register = template.Library()


@register.filter
def fcfa(value: Any) -> str:
    """An Amount or an int as "1 007 500 000"; PM as "PM"; blank or None as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Amount):
        return str(value) or "—"
    return str(Amount(int(value)))


@register.filter
def signed_fcfa(value: int) -> str:
    """A difference with its sign: "+210 000 000", "−100 000 000"."""
    text = str(Amount(abs(int(value))))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")
