"""Template context shared by every page: the navigation the user's role allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sosteci.access.permissions import Perm, may


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    icon: str
    section: str
    # The entry shows when the user holds this permission (or any one of a tuple of them); None: everyone.
    perm: Perm | tuple[Perm, ...] | None = None

    def allowed(self, user: Any) -> bool:
        if self.perm is None:
            return True
        perms = self.perm if isinstance(self.perm, tuple) else (self.perm,)
        return any(may(user, p) for p in perms)


@dataclass(frozen=True)
class NavGroup:
    """A drop-down menu of the bar; shown as a plain link when the user may open only one of its entries."""

    label: Any
    icon: str
    items: tuple[NavItem, ...]


CASE_READERS = (Perm.CASE_VIEW, Perm.REFERRAL_RESPOND)

NAVIGATION: list[NavItem | NavGroup] = [
    NavItem(_("Accueil"), "home", "house", "home"),
    NavGroup(
        pgettext_lazy("navigation", "Suivi"),
        "clipboard2-pulse",
        (
            NavItem(_("Mes tâches"), "cases:task-list", "check2-square", "cases:task"),
            NavItem(
                _("Alertes"),
                "cases:alert-list",
                "bell",
                "cases:alert",
                (Perm.ALERT_CREATE, Perm.ALERT_TRIAGE, Perm.CASE_VIEW),
            ),
            NavItem(_("Dossiers"), "cases:case-list", "folder2-open", "cases:case", CASE_READERS),
            NavItem(_("Orientations"), "cases:referral-list", "signpost-split", "cases:referral", CASE_READERS),
            NavItem(_("Structures"), "directory:structure-list", "building", "directory:", Perm.DIRECTORY_VIEW),
        ),
    ),
    NavGroup(
        _("Registre"),
        "person-lines-fill",
        (
            NavItem(_("Enfants"), "registry:child-list", "person-lines-fill", "registry:child", Perm.CHILD_VIEW),
            NavItem(_("Ménages"), "registry:household-list", "house-door", "registry:household", Perm.CHILD_VIEW),
            NavItem(_("Soumissions"), "collect:submission-list", "cloud-arrow-up", "collect:", Perm.SUBMISSION_REVIEW),
            NavItem(
                _("Doublons"), "registry:duplicate-list", "people-fill", "registry:duplicate", Perm.DUPLICATE_REVIEW
            ),
            NavItem(
                _("Import Excel"),
                "registry:import-list",
                "file-earmark-arrow-up",
                "registry:import",
                Perm.CHILD_IMPORT,
            ),
        ),
    ),
    NavItem(
        _("Coordination"),
        "coordination:index",
        "diagram-3",
        "coordination:",
        (Perm.COORDINATION_VIEW, Perm.PROGRAMME_VIEW, Perm.EFFORT_VIEW, Perm.AWARENESS_RECORD),
    ),
    NavItem(_("Plans d'action"), "plans:plan-list", "clipboard-data", "plans:", Perm.PLAN_VIEW),
    NavGroup(
        _("Indicateurs"),
        "bar-chart-line",
        (
            NavItem(_("Tableaux de bord"), "indicators:home", "bar-chart-line", "indicators:", Perm.INDICATOR_VIEW),
            NavItem(_("Cartes"), "maps:map", "geo-alt", "maps:", Perm.INDICATOR_VIEW),
            NavItem(_("Rapports"), "reports:index", "file-earmark-bar-graph", "reports:", Perm.INDICATOR_VIEW),
            NavItem(
                _("Diligence raisonnable"),
                "diligence:declaration-list",
                "box-seam",
                "diligence:",
                Perm.DILIGENCE_DECLARE,
            ),
        ),
    ),
    NavGroup(
        _("Références"),
        "book",
        (
            NavItem(_("Territoire"), "territory:unit-root", "map", "territory:unit", Perm.TERRITORY_VIEW),
            NavItem(_("Connaissances"), "knowledge:search", "journal-text", "knowledge:", Perm.KNOWLEDGE_VIEW),
        ),
    ),
    NavGroup(
        _("Administration"),
        "gear",
        (
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
            NavItem(
                _("Actualisation des chiffres"),
                "indicators:refresh",
                "arrow-repeat",
                "indicators:refresh",
                Perm.INDICATOR_REFRESH,
            ),
        ),
    ),
]


ALL_ITEMS: tuple[NavItem, ...] = tuple(
    item for node in NAVIGATION for item in (node.items if isinstance(node, NavGroup) else (node,))
)


def _section(current: str) -> str | None:
    """The section of the current page: the longest one its view name starts with ("indicators:refresh" is the
    refresh entry's, not the dashboards' "indicators:")."""
    found = [item.section for item in ALL_ITEMS if current and current.startswith(item.section)]
    return max(found, key=len, default=None)


def _entry(item: NavItem, section: str | None) -> dict[str, Any]:
    active = item.section == section
    return {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "active": active}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`nav_menu`: the bar (links and drop-down groups); `nav_items`: every entry the user may open, in order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menu": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    section = _section(current)
    menu: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for node in NAVIGATION:
        if isinstance(node, NavItem):
            if node.allowed(user):
                entry = _entry(node, section)
                menu.append(entry)
                items.append(entry)
            continue
        children = [_entry(item, section) for item in node.items if item.allowed(user)]
        items.extend(children)
        if len(children) == 1:
            menu.append(children[0])
        elif children:
            menu.append(
                {
                    "label": node.label,
                    "icon": node.icon,
                    "active": any(c["active"] for c in children),
                    "children": children,
                }
            )
    return {"nav_items": items, "nav_menu": menu}
