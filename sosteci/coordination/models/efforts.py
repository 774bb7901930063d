"""Outil 4: what each partner did in a period, action by action and locality by locality, with what it cost.

A report covers one structure and one period; its actions (efforts) each happen in one locality, with the
beneficiaries counted by sex and age band and the amount spent. The trafficking indicators the Alliance 8.7
roadmap asks for are counted for the report as a whole (as the collection form asks them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel
from sosteci.territory.models import Level


class EffortType(models.TextChoices):
    """The types of action of the collection form `sosteci_rapport_partenaire` (same codes)."""

    AWARENESS = "awareness", _("Sensibilisation")
    SCHOOL_KITS = "school_kits", _("Kits scolaires")
    BIRTH_CERTIFICATES = "birth_certificates", _("Actes de naissance")
    INCOME_GENERATING = "income_generating", _("Activités génératrices de revenus")
    INFRASTRUCTURE = "infrastructure", _("Infrastructures (écoles, centres, forages)")
    TRAINING = "training", _("Formation")
    VICTIM_ASSISTANCE = "victim_assistance", _("Assistance aux victimes")
    OTHER = "other", _("Autre")


# Beneficiaries of an action by sex and age band, with their French labels (the form's questions).
BENEFICIARY_FIELDS: dict[str, Any] = {
    "boys_5_11": _("Garçons de 5 à 11 ans"),
    "boys_12_14": _("Garçons de 12 à 14 ans"),
    "boys_15_17": _("Garçons de 15 à 17 ans"),
    "girls_5_11": _("Filles de 5 à 11 ans"),
    "girls_12_14": _("Filles de 12 à 14 ans"),
    "girls_15_17": _("Filles de 15 à 17 ans"),
    "adult_men": _("Hommes adultes"),
    "adult_women": _("Femmes adultes"),
}
BOYS = ("boys_5_11", "boys_12_14", "boys_15_17")
GIRLS = ("girls_5_11", "girls_12_14", "girls_15_17")
# The trafficking indicators of a report (roadmap: "intégrer des indicateurs relatifs à la traite dans l'outil 4").
TRAFFICKING_FIELDS: dict[str, Any] = {
    "victims_identified_boys": _("Victimes présumées identifiées : garçons"),
    "victims_identified_girls": _("Victimes présumées identifiées : filles"),
    "victims_identified_adults": _("Victimes présumées identifiées : adultes"),
    "victims_assisted": _("Victimes assistées"),
    "victims_referred": _("Victimes orientées vers un service"),
    "victims_repatriated": _("Victimes rapatriées"),
    "prosecutions_reported": _("Poursuites judiciaires signalées"),
}


def _count(name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(BENEFICIARY_FIELDS.get(name) or TRAFFICKING_FIELDS[name], default=0)


class PartnerReport(TimeStampedModel):
    """One structure's report of its efforts over one period (outil 4)."""

    class Source(models.TextChoices):
        WEB = "web", _("Saisie web")
        MOBILE = "mobile", _("Formulaire mobile")
        API = "api", _("API")

    structure = models.ForeignKey(
        "directory.Structure", on_delete=models.PROTECT, related_name="partner_reports", verbose_name=_("structure")
    )
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    # The smallest admin unit holding every locality of the report (the structure's own unit when it has none):
    # the report's trafficking indicators are counted there.
    zone = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("zone couverte")
    )
    programme = models.ForeignKey(
        "coordination.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("programme"),
    )
    victims_identified_boys = _count("victims_identified_boys")
    victims_identified_girls = _count("victims_identified_girls")
    victims_identified_adults = _count("victims_identified_adults")
    victims_assisted = _count("victims_assisted")
    victims_referred = _count("victims_referred")
    victims_repatriated = _count("victims_repatriated")
    prosecutions_reported = _count("prosecutions_reported")
    notes = models.TextField(_("observations"), blank=True)
    source = models.CharField(_("origine"), max_length=8, choices=Source.choices, default=Source.WEB)
    recorded_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saisi par")
    )
    submission = models.ForeignKey(
        "collect.Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rapport d'activités partenaire (outil 4)")
        verbose_name_plural = _("rapports d'activités partenaires (outil 4)")
        ordering = ["-period_end", "structure__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "period_start", "period_end"], name="coordination_report_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.structure} {self.period_start:%d/%m/%Y} → {self.period_end:%d/%m/%Y}"

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = [
                _("La fin de la période (%(end)s) précède son début (%(start)s).")
                % {"end": f"{self.period_end:%d/%m/%Y}", "start": f"{self.period_start:%d/%m/%Y}"}
            ]
        if self.period_start and self.period_start > timezone.localdate():
            errors["period_start"] = [_("Le début de la période ne peut pas être dans le futur.")]
        if errors:
            raise ValidationError(errors)

    @property
    def victims_identified(self) -> int:
        return self.victims_identified_boys + self.victims_identified_girls + self.victims_identified_adults


class PartnerEffort(models.Model):
    """One action of a report: its type, its locality, its beneficiaries and the amount spent (FCFA)."""

    report = models.ForeignKey(
        PartnerReport, on_delete=models.CASCADE, related_name="efforts", verbose_name=_("rapport")
    )
    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, related_name="partner_efforts", verbose_name=_("localité")
    )
    activity_type = models.CharField(_("type d'action"), max_length=20, choices=EffortType.choices)
    activity_type_other = models.CharField(_("autre type"), max_length=200, blank=True)
    boys_5_11 = _count("boys_5_11")
    boys_12_14 = _count("boys_12_14")
    boys_15_17 = _count("boys_15_17")
    girls_5_11 = _count("girls_5_11")
    girls_12_14 = _count("girls_12_14")
    girls_15_17 = _count("girls_15_17")
    adult_men = _count("adult_men")
    adult_women = _count("adult_women")
    amount_spent = models.BigIntegerField(_("montant dépensé (FCFA)"), default=0, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("action (outil 4)")
        verbose_name_plural = _("actions (outil 4)")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.get_activity_type_display()} — {self.locality}"

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.locality_id is not None and self.locality.level != Level.LOCALITE:
            errors["locality"] = [_("Choisissez une localité (village ou quartier).")]
        if self.activity_type == EffortType.OTHER and not self.activity_type_other.strip():
            errors["activity_type_other"] = [_("Précisez le type d'action.")]
        if errors:
            raise ValidationError(errors)

    @property
    def boys(self) -> int:
        return sum(getattr(self, name) for name in BOYS)

    @property
    def girls(self) -> int:
        return sum(getattr(self, name) for name in GIRLS)

    @property
    def children(self) -> int:
        return self.boys + self.girls

    @property
    def adults(self) -> int:
        return self.adult_men + self.adult_women

    @property
    def type_label(self) -> str:
        if self.activity_type == EffortType.OTHER and self.activity_type_other:
            return self.activity_type_other
        return str(self.get_activity_type_display())
