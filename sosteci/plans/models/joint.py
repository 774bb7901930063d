"""Joint activities: an activity of one plan carried out together with an activity of another plan."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.plans.models.tree import Activity


class JointLink(TimeStampedModel):
    """Two activities of different plans, planned and budgeted jointly (the CIM/CNLTP joint matrix).

    A pair is stored once, the activity with the smaller id first, so that A–B and B–A are the same link."""

    first = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("activité"))
    second = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("activité conjointe")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lien d'activités conjointes")
        verbose_name_plural = _("liens d'activités conjointes")
        ordering = ("pk",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("first", "second"), name="plans_jointlink_unique"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="plans_jointlink_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ↔ {self.second_id}"
