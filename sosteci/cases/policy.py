"""Who may see a case's identity and act on it: the jurisdiction rule, narrowed for trafficking and worst forms.

A sensitive case (trafficking, worst forms) shows the child's identity, and may be acted on, only by its assigned
case worker, its supervisor and national staff; other users of the jurisdiction see it with initials only.
Providers see the cases referred to their structure (initials only when sensitive).
"""

from __future__ import annotations

from typing import Any

from sosteci.access.permissions import Perm, is_national, may
from sosteci.access.roles import Role
from sosteci.cases.models import Case


def _national(user: Any) -> bool:
    return bool(user.jurisdiction_id) and bool(is_national(user))


def is_case_team(user: Any, case: Case) -> bool:
    return user.pk in {case.assigned_to_id, case.supervisor_id} or (
        _national(user) and user.role in {Role.ADMIN, Role.POINT_FOCAL, Role.ANALYSTE, Role.SUPERVISEUR}
    )


def referred_to_structure(user: Any, case: Case) -> bool:
    return (
        user.role == Role.PRESTATAIRE
        and user.structure_id is not None
        and case.referrals.filter(structure_id=user.structure_id).exists()
    )


def may_view(user: Any, case: Case) -> bool:
    return may(user, Perm.CASE_VIEW, case.locality) or referred_to_structure(user, case)


def sees_identity(user: Any, case: Case, *, scoped: bool = False) -> bool:
    """`scoped`: the case comes from selectors.cases_for(user), so visibility is already known (no query)."""
    if not scoped and not may_view(user, case):
        return False
    if case.is_sensitive:
        return is_case_team(user, case)
    return True


def may_act(user: Any, case: Case, perm: Perm) -> bool:
    """`perm` at the case's place, and for a sensitive case only within its team."""
    if not may(user, perm, case.locality):
        return False
    return not case.is_sensitive or is_case_team(user, case)


def initials(family_name: str, given_names: str) -> str:
    parts = [*given_names.split(), *family_name.split()]
    return " ".join(f"{p[0].upper()}." for p in parts if p) or "—"


def display_name(user: Any, case: Case, *, scoped: bool = False) -> str:
    child = case.child
    if sees_identity(user, case, scoped=scoped):
        return f"{child.family_name} {child.given_names}".strip()
    return initials(child.family_name, child.given_names)
