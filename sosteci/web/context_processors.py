"""Template context shared by every page: the navigation the user's role allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sosteci.access.permissions import Perm, may


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    icon: str
    section: str
    # Shown when the user holds this permission (or any one of a tuple of them); None: everyone.
    perm: Perm | tuple[Perm, ...] | None = None


NAVIGATION = [
    NavItem(_("Accueil"), "home", "house", "home"),
    NavItem(_("Mes tâches"), "cases:task-list", "check2-square", "cases:task"),
    NavItem(_("Alertes"), "cases:alert-list", "bell", "cases:alert", Perm.ALERT_CREATE),
    NavItem(_("Dossiers"), "cases:case-list", "folder2-open", "cases:case", Perm.CASE_VIEW),
    NavItem(_("Orientations"), "cases:referral-list", "signpost-split", "cases:referral", Perm.REFERRAL_RESPOND),
    NavItem(_("Enfants"), "registry:child-list", "person-lines-fill", "registry:child", Perm.CHILD_VIEW),
    NavItem(_("Ménages"), "registry:household-list", "house-door", "registry:household", Perm.CHILD_VIEW),
    NavItem(_("Soumissions"), "collect:submission-list", "cloud-arrow-up", "collect:", Perm.SUBMISSION_REVIEW),
    NavItem(_("Doublons"), "registry:duplicate-list", "people-fill", "registry:duplicate", Perm.DUPLICATE_REVIEW),
    NavItem(_("Structures"), "directory:structure-list", "building", "directory:", Perm.DIRECTORY_VIEW),
    NavItem(_("Plans d'action"), "plans:plan-list", "clipboard-data", "plans:", Perm.PLAN_VIEW),
    NavItem(
        _("Coordination"),
        "coordination:index",
        "diagram-3",
        "coordination:",
        (Perm.COORDINATION_VIEW, Perm.PROGRAMME_VIEW, Perm.EFFORT_VIEW, Perm.AWARENESS_RECORD),
    ),
    NavItem(_("Import Excel"), "registry:import-list", "file-earmark-arrow-up", "registry:import", Perm.CHILD_IMPORT),
    NavItem(_("Territoire"), "territory:unit-root", "map", "territory:unit", Perm.TERRITORY_VIEW),
    NavItem(_("Utilisateurs"), "access:user-list", "people", "access:user", Perm.USER_MANAGE),
    NavItem(_("Journal d'audit"), "access:audit-list", "journal-text", "access:audit", Perm.AUDIT_VIEW),
    NavItem(
        _("Imports du territoire"),
        "territory:import-list",
        "upload",
        "territory:import",
        Perm.TERRITORY_IMPORT,
    ),
    NavItem(_("Règles"), "registry:ruleset-list", "journal-bookmark", "registry:ruleset", Perm.RULESET_MANAGE),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in NAVIGATION:
        if item.perm is not None:
            perms = item.perm if isinstance(item.perm, tuple) else (item.perm,)
            if not any(may(user, p) for p in perms):
                continue
        active = current.startswith(item.section)
        items.append({"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "active": active})
    return {"nav_items": items}
