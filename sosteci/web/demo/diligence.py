"""Demo due diligence: the demo cocoa exporter declares, through the real services, its sourcing of the last twelve
months (the home sous-préfecture's covered localités and the cooperative of the Nawa planters) and submits it, so
that its account reads suppressed aggregates at once. Written once: nothing happens when the exporter already has a
declaration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from sosteci.access.models import User
from sosteci.diligence.models import SourcingDeclaration
from sosteci.diligence.services import SourcingInput, declaration_create, declaration_submit
from sosteci.directory.models import Structure, StructureKind
from sosteci.territory.models import AdminUnit, Level


@dataclass
class DemoDiligenceResult:
    declarations: int = 0
    localities: int = 0
    cooperatives: int = 0


def _last_twelve_months(today: date) -> tuple[date, date]:
    """From the day after the same day a year ago to today (29 February falls back to the 28th)."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


def build(
    *, home_sp: str, username: str = "entreprise", cooperative: str = "CAPN", today: date | None = None
) -> DemoDiligenceResult:
    result = DemoDiligenceResult()
    user = User.objects.filter(username=username).select_related("structure").first()
    if user is None or user.structure_id is None:
        return result
    if SourcingDeclaration.objects.filter(structure_id=user.structure_id).exists():
        return result
    localities = list(
        AdminUnit.objects.covered()
        .filter(parent__pcode=home_sp, level=Level.LOCALITE)
        .order_by("pcode")
        .values_list("pcode", flat=True)
    )
    cooperatives = list(
        Structure.objects.filter(acronym=cooperative, kind=StructureKind.COOPERATIVE).values_list("pk", flat=True)
    )
    start, end = _last_twelve_months(today or timezone.localdate())
    declaration = declaration_create(
        by=user,
        data=SourcingInput(
            period_start=start,
            period_end=end,
            cooperatives=cooperatives,
            localities="\n".join(localities),
            note="Campagne de commercialisation : achats auprès de la coopérative et dans les villages de Soubré "
            "(démo).",
        ),
    )
    declaration_submit(by=user, declaration=declaration)
    return DemoDiligenceResult(declarations=1, localities=len(localities), cooperatives=len(cooperatives))
