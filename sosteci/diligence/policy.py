"""Who declares a sourcing: a partner account of a company or a cooperative of the directory, for that structure."""

from __future__ import annotations

from typing import Any

from sosteci.access.permissions import Perm, may
from sosteci.directory.models import StructureKind

VALUE_CHAIN_KINDS = frozenset({StructureKind.COMPANY, StructureKind.COOPERATIVE})


def declaring_structure_id(user: Any) -> int | None:
    """The structure the user declares for, or None when it may not declare."""
    if not may(user, Perm.DILIGENCE_DECLARE) or user.structure_id is None:
        return None
    return user.structure_id if user.structure.kind in VALUE_CHAIN_KINDS else None


def may_declare(user: Any) -> bool:
    return declaring_structure_id(user) is not None
