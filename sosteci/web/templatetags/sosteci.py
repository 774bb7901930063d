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


CATEGORY_STYLES = {
    "not_working": "text-bg-light border",
    "permitted_work": "text-bg-info",
    "at_risk": "text-bg-warning",
    "child_labour": "cat-child-labour",
    "hazardous_child_labour": "text-bg-danger",
    "worst_forms": "cat-worst-forms",
}


@register.inclusion_tag("web/_category_badge.html")
def category_badge(category: str) -> dict[str, Any]:
    """A coloured badge for a classification category (the label in the active language)."""
    from sosteci.registry.models import CategoryChoices

    labels = dict(CategoryChoices.choices)
    return {
        "label": labels.get(category, "—") if category else "—",
        "css": CATEGORY_STYLES.get(category, "text-bg-light"),
    }


@register.filter
def reason_text(reason: dict[str, str]) -> str:
    """The sentence of a classification reason in the active language."""
    from django.utils.translation import get_language

    return reason.get("text_en" if (get_language() or "fr").startswith("en") else "text_fr", "")


@register.filter
def add_pair(first: Any, second: Any) -> list[Any]:
    """{% for x in a|add_pair:b %}: iterate over two objects."""
    return [first, second]
