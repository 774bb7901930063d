"""Keep the register's copies of the territory in step when the territory changes."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.dispatch import receiver

from sosteci.registry.models import ANCESTORS, Child
from sosteci.territory.models import AdminUnit
from sosteci.territory.signals import units_moved


@receiver(units_moved, dispatch_uid="registry_refresh_child_territory_copies")
def refresh_child_copies(sender: Any, units: list[AdminUnit], **kwargs: Any) -> None:
    """Children under a moved unit take their locality's new ancestors (same transaction as the move)."""
    locality = AdminUnit.objects.filter(pk=OuterRef("locality_id"))
    for unit in units:
        localities = AdminUnit.objects.within(unit).values("pk")
        Child.objects.filter(locality__in=localities).update(
            **{name: Subquery(locality.values(f"{name}_id")[:1]) for name in ANCESTORS}
        )
