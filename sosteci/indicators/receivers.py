"""Marks for the changes no service makes: rows deleted (from the shell or a data repair; the services delete none)
and localités moved to another sous-préfecture by a territory import. The services mark their own writes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from sosteci.cases.models import Case, Referral, ServiceDelivery
from sosteci.indicators.marking import counts_changed, everything_changed
from sosteci.registry.models import Child, Visit
from sosteci.territory.models import AdminUnit, Level
from sosteci.territory.signals import units_moved


@receiver(pre_delete, sender=Visit, dispatch_uid="indicators_visit_deleted")
def visit_deleted(sender: Any, instance: Visit, **kwargs: Any) -> None:
    unit = Child.objects.filter(pk=instance.child_id).values_list("sous_prefecture_id", flat=True).first()
    counts_changed([(unit, instance.visited_on)])


@receiver(pre_delete, sender=Referral, dispatch_uid="indicators_referral_deleted")
def referral_deleted(sender: Any, instance: Referral, **kwargs: Any) -> None:
    unit = Case.objects.filter(pk=instance.case_id).values_list("locality__sous_prefecture", flat=True).first()
    counts_changed([(unit, instance.referred_at)])


@receiver(pre_delete, sender=ServiceDelivery, dispatch_uid="indicators_service_deleted")
def service_deleted(sender: Any, instance: ServiceDelivery, **kwargs: Any) -> None:
    unit = Case.objects.filter(pk=instance.case_id).values_list("child__sous_prefecture", flat=True).first()
    counts_changed([(unit, instance.delivered_on)])


@receiver(units_moved, dispatch_uid="indicators_units_moved")
def localities_moved(sender: Any, units: list[AdminUnit], **kwargs: Any) -> None:
    """Children and cases of a moved localité now belong to another sous-préfecture (whose former one the signal
    does not tell): every stored count is counted again. A sous-préfecture or a larger unit moved keeps its own
    children, and the stored counts add up through the units' current ancestors: nothing to count again."""
    if any(unit.level == Level.LOCALITE for unit in units):
        everything_changed()
