"""Who may change a structure: editors of the repertoire at its place, and its own providers for their places."""

from __future__ import annotations

from typing import Any

from sosteci.access.permissions import Perm, may
from sosteci.access.roles import Role
from sosteci.directory.models import Structure


def may_edit(user: Any, structure: Structure) -> bool:
    """Administrators and focal points whose jurisdiction holds the structure's unit."""
    return may(user, Perm.DIRECTORY_EDIT, structure.admin_unit)


def is_own_provider(user: Any, structure: Structure) -> bool:
    """A provider (prestataire) account of this very structure."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.PRESTATAIRE
        and user.structure_id == structure.pk
    )


def may_update_places(user: Any, structure: Structure) -> bool:
    """Free places and contacts: the editors, and the structure's own providers."""
    return may_edit(user, structure) or is_own_provider(user, structure)
