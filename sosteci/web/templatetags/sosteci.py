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
