"""A company's or cooperative's declared sourcing for a period: the cooperatives it buys from, the localités."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel


class SourcingDeclaration(TimeStampedModel):
    """What one structure declares it sourced from over a period. A draft may change; once submitted it is fixed, and
    only then are aggregates shown over it (so that no two versions of a sourcing can be compared for the same
    period, which would give a small locality's figures by difference)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déclarée")

    structure = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        related_name="sourcing_declarations",
        verbose_name=_("entreprise ou coopérative"),
    )
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("observations"), blank=True)
    created_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )
    submitted_at = models.DateTimeField(_("déclarée le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("déclarée par")
    )

    class Meta:
        verbose_name = _("déclaration d'approvisionnement")
        verbose_name_plural = _("déclarations d'approvisionnement")
        ordering = ["-period_end", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="diligence_declaration_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.structure} {self.period_start:%d/%m/%Y} → {self.period_end:%d/%m/%Y}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class SourcingLine(models.Model):
    """One source of a declaration: a cooperative of the directory, or a localité."""

    declaration = models.ForeignKey(SourcingDeclaration, on_delete=models.CASCADE, related_name="lines")
    cooperative = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coopérative"),
    )
    locality = models.ForeignKey(
        "territory.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("localité"),
    )

    class Meta:
        verbose_name = _("source déclarée")
        verbose_name_plural = _("sources déclarées")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(cooperative__isnull=True, locality__isnull=False)
                | Q(cooperative__isnull=False, locality__isnull=True),
                name="diligence_line_one_source",
            ),
            models.UniqueConstraint(fields=["declaration", "cooperative"], name="diligence_line_unique_cooperative"),
            models.UniqueConstraint(fields=["declaration", "locality"], name="diligence_line_unique_locality"),
        ]

    def __str__(self) -> str:
        return str(self.cooperative or self.locality)
