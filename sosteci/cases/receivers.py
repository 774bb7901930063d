"""Case management listens to the register (a classified visit opens, proposes or follows a case) and to the
territory (cases keep copies of their locality's ancestors)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.dispatch import receiver

from sosteci.cases.models import Case
from sosteci.registry.events import visit_recorded
from sosteci.registry.models import ANCESTORS, Visit
from sosteci.territory.models import AdminUnit
from sosteci.territory.signals import units_moved


@receiver(visit_recorded, dispatch_uid="cases_from_visit")
def open_or_follow(sender: Any, visit: Visit, **kwargs: Any) -> None:
    from sosteci.cases.services import visit_recorded as handle

    handle(visit)


@receiver(units_moved, dispatch_uid="cases_refresh_case_territory_copies")
def refresh_case_copies(sender: Any, units: list[AdminUnit], **kwargs: Any) -> None:
    """Cases under a moved unit take their locality's new ancestors (same transaction as the move)."""
    locality = AdminUnit.objects.filter(pk=OuterRef("locality_id"))
    for unit in units:
        localities = AdminUnit.objects.within(unit).values("pk")
        Case.objects.filter(locality__in=localities).update(
            **{name: Subquery(locality.values(f"{name}_id")[:1]) for name in ANCESTORS}
        )
