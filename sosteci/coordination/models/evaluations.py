"""Internal and external evaluations of programmes and of SOSTECI itself, their recommendations and follow-up."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.coordination.models.committees import FollowedUp
from sosteci.core.documents import stored_name
from sosteci.core.models import TimeStampedModel


class EvaluationKind(models.TextChoices):
    INTERNAL = "internal", _("Évaluation interne")
    EXTERNAL = "external", _("Évaluation externe")


class EvaluationStage(models.TextChoices):
    BASELINE = "baseline", _("Situation de référence")
    MID_TERM = "mid_term", _("À mi-parcours")
    FINAL = "final", _("Finale")
    EX_POST = "ex_post", _("Ex post (d'impact)")
    ANNUAL = "annual", _("Revue annuelle")
    THEMATIC = "thematic", _("Thématique")


def evaluation_report_path(instance: Any, filename: str) -> str:
    return stored_name("evaluations", filename)


class Evaluation(TimeStampedModel):
    """An evaluation of one programme, or of SOSTECI as a whole (no programme), over some admin units
    (none: the whole country), with its findings and its report file (served only through a checked view)."""

    title = models.CharField(_("intitulé"), max_length=300)
    evaluated_on = models.DateField(_("date du rapport"), db_index=True)
    kind = models.CharField(_("type"), max_length=10, choices=EvaluationKind.choices)
    stage = models.CharField(_("moment"), max_length=10, choices=EvaluationStage.choices)
    evaluator = models.CharField(_("évaluateur"), max_length=300)
    programme = models.ForeignKey(
        "coordination.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("programme évalué"),
        help_text=_("Vide : évaluation du SOSTECI lui-même."),
    )
    units = models.ManyToManyField(
        "territory.AdminUnit", blank=True, related_name="evaluations", verbose_name=_("zones évaluées")
    )
    summary = models.TextField(_("résumé"), blank=True)
    findings = models.TextField(_("constats"))
    report = models.FileField(_("rapport"), upload_to=evaluation_report_path, max_length=300, blank=True)
    report_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    report_size = models.PositiveIntegerField(_("taille du fichier (octets)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saisie par")
    )

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["-evaluated_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.evaluated_on and self.evaluated_on > timezone.localdate():
            raise ValidationError({"evaluated_on": [_("La date du rapport ne peut pas être dans le futur.")]})

    @property
    def subject(self) -> str:
        return str(self.programme) if self.programme_id else str(_("SOSTECI (le système lui-même)"))


class Recommendation(FollowedUp):
    """A recommendation of an evaluation: who acts on it, by when, and its follow-up (the same steps as a
    meeting's decisions: DECISION_MOVES)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("évaluation")
    )
    text = models.TextField(_("recommandation"))

    class Meta(FollowedUp.Meta):
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
