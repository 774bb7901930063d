"""Small template helpers."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """{{ totals|get_item:"localite" }}"""
    if hasattr(mapping, "get"):
        return mapping.get(key)
    return None


@register.filter
def level_label(value: str) -> str:
    """ "sous_prefecture" -> "Sous-préfecture" (in the active language)."""
    from sosteci.territory.models import Level

    try:
        return str(Level(value).label)
    except ValueError:
        return value
