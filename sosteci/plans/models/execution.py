"""What is done with a plan: execution per activity and year, and the financing mobilised (State, partners)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.directory.models import Structure, StructureKind
from sosteci.plans.models.tree import Activity, Plan


class ExecutionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Non démarrée")
    UNDER_WAY = "under_way", _("En cours")
    DONE = "done", _("Réalisée")
    ABANDONED = "abandoned", _("Abandonnée")


class ActivityExecution(TimeStampedModel):
    """Where an activity stands in one year of its plan: status, progress, amounts committed and spent (F CFA)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="executions", verbose_name=_("activité")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    status = models.CharField(
        _("état"), max_length=12, choices=ExecutionStatus.choices, default=ExecutionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    committed = models.BigIntegerField(_("montant engagé (F CFA)"), default=0)
    spent = models.BigIntegerField(_("montant dépensé (F CFA)"), default=0)
    note = models.TextField(_("observation"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("exécution annuelle d'activité")
        verbose_name_plural = _("exécutions annuelles d'activité")
        ordering = ("activity", "year")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("activity", "year"), name="plans_execution_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="plans_execution_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(spent__gte=0), name="plans_execution_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(spent__lte=models.F("committed")), name="plans_execution_spent_within_committed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.code} {self.year} : {self.get_status_display()}"


class FinancingSource(models.TextChoices):
    STATE = "state", _("État de Côte d'Ivoire")
    PARTNER = "partner", _("Partenaires")


# Who may be recorded as a partner funding a plan: technical and financial partners, international organisations,
# and the private sector and NGOs that put their own money in.
FUNDER_KINDS = frozenset({StructureKind.DONOR, StructureKind.INTERNATIONAL, StructureKind.COMPANY, StructureKind.NGO})


class Financing(TimeStampedModel):
    """An amount mobilised for a plan in one year, by the State or a partner; for an activity (hence an axis) or
    for the plan as a whole (activity left blank)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="financings", verbose_name=_("plan"))
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="financings",
        verbose_name=_("activité"),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    source = models.CharField(_("source"), max_length=8, choices=FinancingSource.choices)
    funder = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_financings",
        verbose_name=_("partenaire financier"),
    )
    amount = models.BigIntegerField(_("montant mobilisé (F CFA)"))
    note = models.CharField(_("observation"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("financement mobilisé")
        verbose_name_plural = _("financements mobilisés")
        ordering = ("plan", "year", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="plans_financing_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(source="state", funder__isnull=True) | Q(source="partner", funder__isnull=False),
                name="plans_financing_funder_matches_source",
            ),
        ]

    def __str__(self) -> str:
        who = self.funder.name if self.funder_id and self.funder else self.get_source_display()
        return f"{self.plan.code} {self.year} : {who} {self.amount}"
