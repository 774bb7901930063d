"""The coordination area's tabs: only the sections the signed-in user may open, the current one marked."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sosteci.access.permissions import Perm, may

register = template.Library()

# label, URL name, icon, the view names it covers (prefixes), the permissions of which one opens it
TABS: list[tuple[Any, str, str, tuple[str, ...], tuple[Perm, ...]]] = [
    (_("Vue d'ensemble"), "coordination:index", "speedometer2", ("coordination:index",), ()),
    (
        _("Comités"),
        "coordination:committee-list",
        "people",
        ("coordination:committee", "coordination:member"),
        (Perm.COORDINATION_VIEW,),
    ),
    (_("Réunions"), "coordination:meeting-calendar", "calendar3", ("coordination:meeting",), (Perm.COORDINATION_VIEW,)),
    (_("Décisions"), "coordination:decision-list", "list-check", ("coordination:decision",), (Perm.COORDINATION_VIEW,)),
    (
        _("Formations"),
        "coordination:training-list",
        "mortarboard",
        ("coordination:training",),
        (Perm.COORDINATION_VIEW,),
    ),
    (
        _("Sensibilisation"),
        "coordination:session-list",
        "megaphone",
        ("coordination:session",),
        (Perm.COORDINATION_VIEW, Perm.AWARENESS_RECORD),
    ),
    (_("Programmes"), "coordination:programme-list", "briefcase", ("coordination:programme",), (Perm.PROGRAMME_VIEW,)),
    (
        _("Répertoire du préfet"),
        "coordination:repertoire",
        "journal-check",
        ("coordination:repertoire",),
        (Perm.PROGRAMME_VIEW,),
    ),
    (_("Outil 4"), "coordination:report-list", "clipboard-data", ("coordination:report",), (Perm.EFFORT_VIEW,)),
    (
        _("Consolidation"),
        "coordination:consolidation",
        "bar-chart",
        ("coordination:consolidation",),
        (Perm.EFFORT_VIEW,),
    ),
    (
        _("Évaluations"),
        "coordination:evaluation-list",
        "clipboard-check",
        ("coordination:evaluation", "coordination:recommendation"),
        (Perm.PROGRAMME_VIEW, Perm.COORDINATION_VIEW),
    ),
]


@register.inclusion_tag("coordination/_tabs.html", takes_context=True)
def coordination_tabs(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    current = request.resolver_match.view_name if request is not None and request.resolver_match else ""
    tabs = []
    for label, url_name, icon, sections, perms in TABS:
        if perms and not any(may(user, p) for p in perms):
            continue
        active = any(current.startswith(s) for s in sections)
        tabs.append({"label": label, "url": reverse(url_name), "icon": icon, "active": active})
    return {"tabs": tabs}
