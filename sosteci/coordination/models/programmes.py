"""Programmes and projects against child labour and trafficking, and their joint validation by the CIM and CNLTP."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sosteci.coordination.models.committees import VALIDATING_BODIES, NationalBody
from sosteci.core.models import TimeStampedModel
from sosteci.registry.models import new_code

CODE_PREFIX = "PRG"


class TargetGroup(models.TextChoices):
    CHILDREN_IN_LABOUR = "children_in_labour", _("Enfants astreints au travail")
    CHILDREN_AT_RISK = "children_at_risk", _("Enfants à risque")
    TRAFFICKING_VICTIMS = "trafficking_victims", _("Victimes de traite")
    HOUSEHOLDS = "households", _("Ménages vulnérables")
    COMMUNITIES = "communities", _("Communautés")
    COMMITTEES = "committees", _("Comités de protection de l'enfance")
    SCHOOLS = "schools", _("Écoles et enseignants")
    AUTHORITIES = "authorities", _("Forces de l'ordre, justice et administration")
    PRODUCERS = "producers", _("Producteurs et coopératives")


def validate_target_groups(value: Any) -> None:
    """A list of TargetGroup codes, each once."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Les groupes cibles doivent être une liste de codes."), code="target_groups")
    unknown = [code for code in value if code not in TargetGroup.values]
    if unknown:
        raise ValidationError(
            _("Groupe cible inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}, code="target_groups"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Un groupe cible est cité deux fois."), code="target_groups")


class Programme(TimeStampedModel):
    """A programme or project: who implements and funds it, where, when, for how much, and its validation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis à la validation")
        VALIDATED = "validated", _("Validé")
        REFUSED = "refused", _("Refusé")

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    structure = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("structure de mise en œuvre"),
    )
    funders = models.ManyToManyField(
        "directory.Structure", blank=True, related_name="funded_programmes", verbose_name=_("bailleurs")
    )
    zones = models.ManyToManyField(
        "territory.AdminUnit", related_name="programmes", verbose_name=_("zones d'intervention")
    )
    period_start = models.DateField(_("début"))
    period_end = models.DateField(_("fin"))
    budget = models.BigIntegerField(_("budget (FCFA)"), validators=[MinValueValidator(0)])
    target_groups = models.JSONField(_("groupes cibles"), default=list, blank=True, validators=[validate_target_groups])
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Each submission opens a round; the CIM and the CNLTP each decide once per round.
    round = models.PositiveSmallIntegerField(_("tour de validation"), default=0)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("créé par")
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code(CODE_PREFIX)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {
                    "period_end": [
                        _("La fin de la période (%(end)s) précède son début (%(start)s).")
                        % {"end": f"{self.period_end:%d/%m/%Y}", "start": f"{self.period_start:%d/%m/%Y}"}
                    ]
                }
            )

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_groups]

    @property
    def is_editable(self) -> bool:
        """Its content may change while a draft, or once refused (to be submitted again)."""
        return self.status in {self.Status.DRAFT, self.Status.REFUSED}


class ProgrammeDecision(models.Model):
    """The decision of the CIM or of the CNLTP on a programme, in one round of validation."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("Avis favorable")
        REFUSED = "refused", _("Avis défavorable")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("programme")
    )
    body = models.CharField(
        _("organe"), max_length=8, choices=[(b.value, b.label) for b in VALIDATING_BODIES], db_index=True
    )
    round = models.PositiveSmallIntegerField(_("tour de validation"))
    verdict = models.CharField(_("avis"), max_length=10, choices=Verdict.choices)
    reason = models.TextField(_("motif"), blank=True)
    decided_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, related_name="programme_decisions", verbose_name=_("décidé par")
    )
    decided_at = models.DateTimeField(_("décidé le"))

    class Meta:
        verbose_name = _("décision de validation")
        verbose_name_plural = _("décisions de validation")
        ordering = ["round", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "body", "round"], name="coordination_decision_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} : {self.get_verdict_display()}"

    @property
    def body_short(self) -> str:
        return "CIM" if self.body == NationalBody.CIM else "CNLTP"
