"""The form of a sourcing declaration: its period, the cooperatives of the directory and the localités (P-codes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.diligence.services import SourcingInput
from sosteci.directory.models import Structure, StructureKind


class CooperativeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Structure) -> str:
        return f"{obj} — {obj.admin_unit.name}"


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeclarationForm(forms.Form):
    period_start = forms.DateField(label=_("Début de la période"), widget=DATE)
    period_end = forms.DateField(label=_("Fin de la période"), widget=DATE)
    cooperatives = CooperativeField(
        label=_("Coopératives"),
        required=False,
        queryset=Structure.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Les coopératives du répertoire auprès desquelles vous vous approvisionnez."),
    )
    localities = forms.CharField(
        label=_("Localités (P-codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "CI260401001\nCI260401002"}),
        help_text=_("Un P-code de localité par ligne (ou séparés par des virgules)."),
    )
    note = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cooperatives"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Structure.objects.filter(kind=StructureKind.COOPERATIVE, is_active=True).select_related(
            "admin_unit"
        )

    def to_input(self) -> SourcingInput:
        data = self.cleaned_data
        return SourcingInput(
            period_start=data["period_start"],
            period_end=data["period_end"],
            cooperatives=[s.pk for s in data["cooperatives"]],
            localities=data["localities"],
            note=data["note"],
        )
