"""Forms for evaluations: list filters, the evaluation with its report file, recommendations and their filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sosteci.access.models import User
from sosteci.coordination import selectors
from sosteci.coordination.forms.committees import UnitFilterField
from sosteci.coordination.forms.fields import DATE, limit, unit_input
from sosteci.coordination.models import Decision, EvaluationKind, EvaluationStage, Programme
from sosteci.coordination.services.evaluations import EvaluationData, RecommendationData
from sosteci.core.documents import MAX_DOCUMENT_BYTES
from sosteci.directory.forms import CoverageField

SUBJECTS = [("", _("Tous")), ("system", _("Le SOSTECI lui-même")), ("programme", _("Un programme"))]


class EvaluationFilterForm(forms.Form):
    q = forms.CharField(label=_("Intitulé, évaluateur ou constat"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous")), *EvaluationKind.choices])
    stage = forms.ChoiceField(label=_("Moment"), required=False, choices=[("", _("Tous")), *EvaluationStage.choices])
    subject = forms.ChoiceField(label=_("Objet"), required=False, choices=SUBJECTS)
    unit = UnitFilterField(label=_("Zone (P-code)"))
    year_from = forms.IntegerField(label=_("De l'année"), required=False, min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("À l'année"), required=False, min_value=1990, max_value=2100)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class EvaluationForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=300)
    programme = forms.ModelChoiceField(
        label=_("Programme évalué"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Aucun : évaluation du SOSTECI lui-même"),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=EvaluationKind.choices)
    stage = forms.ChoiceField(label=_("Moment"), choices=EvaluationStage.choices)
    evaluated_on = forms.DateField(label=_("Date du rapport"), widget=DATE)
    evaluator = forms.CharField(
        label=_("Évaluateur"), max_length=300, help_text=_("Cabinet, consultant ou service qui a mené l'évaluation.")
    )
    units = CoverageField(
        label=_("Zones évaluées (P-codes)"),
        required=False,
        help_text=_("Séparés par « ; ». Vide : tout le pays."),
    )
    summary = forms.CharField(label=_("Résumé"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(label=_("Constats"), widget=forms.Textarea(attrs={"rows": 5}))
    report = forms.FileField(
        label=_("Rapport"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["programme"], selectors.programmes_for(user).order_by("title"))
        unit_input(self.fields["units"])
        self.fields["report"].help_text = gettext("PDF, DOCX ou XLSX, %(max)s Mo au plus.") % {
            "max": MAX_DOCUMENT_BYTES // 1024 // 1024
        }

    def to_data(self) -> EvaluationData:
        values = dict(self.cleaned_data)
        values.pop("report", None)
        return EvaluationData(**values)


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommandation"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Responsable"), max_length=200)
    due_on = forms.DateField(label=_("Échéance"), widget=DATE)

    def to_data(self) -> RecommendationData:
        return RecommendationData(**self.cleaned_data)


class RecommendationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Suivi"), required=False, choices=[("", _("Tous")), *Decision.Status.choices])
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)
