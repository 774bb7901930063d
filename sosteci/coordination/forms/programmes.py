"""Forms for programmes: list filters, the programme itself, a validation decision, the prefect's repertoire."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.access.models import User
from sosteci.coordination import policy, selectors
from sosteci.coordination.forms.committees import UnitFilterField
from sosteci.coordination.forms.fields import DATE, AmountField, limit, unit_input
from sosteci.coordination.models import BODY_SHORT, Programme, ProgrammeDecision, TargetGroup
from sosteci.coordination.services.programmes import ProgrammeData
from sosteci.directory.forms import CoverageField
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Intitulé, code ou structure"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False, choices=[("", _("Tous")), *Programme.Status.choices])
    unit = UnitFilterField(label=_("Intervenant à (P-code)"))

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=300)
    structure = forms.ModelChoiceField(label=_("Structure de mise en œuvre"), queryset=Structure.objects.none())
    funders = forms.ModelMultipleChoiceField(
        label=_("Bailleurs"),
        queryset=Structure.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    zones = CoverageField(
        label=_("Zones d'intervention (P-codes)"),
        help_text=_("Séparés par « ; » : départements, sous-préfectures ou localités, dans votre ressort."),
    )
    period_start = forms.DateField(label=_("Début"), widget=DATE)
    period_end = forms.DateField(label=_("Fin"), widget=DATE)
    budget = AmountField(label=_("Budget (FCFA)"))
    target_groups = forms.MultipleChoiceField(
        label=_("Groupes cibles"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Structure.objects.filter(is_active=True).order_by("name")
        structure = self.fields["structure"]
        if policy.acts_for_structure(user):
            limit(structure, Structure.objects.filter(users=user))
            structure.initial = user.structure_id
        else:
            limit(structure, active)
        limit(self.fields["funders"], active)
        unit_input(self.fields["zones"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                _("La fin de la période (%(end)s) précède son début (%(start)s).")
                % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"},
            )
        return data

    def to_data(self) -> ProgrammeData:
        values = dict(self.cleaned_data)
        values["funders"] = list(values["funders"])
        return ProgrammeData(**values)


class ProgrammeDecisionForm(forms.Form):
    body = forms.ChoiceField(label=_("Au nom du"))
    verdict = forms.ChoiceField(label=_("Avis"), choices=ProgrammeDecision.Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour un avis défavorable."),
    )

    def __init__(self, *args: Any, bodies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.ChoiceField)
        body.choices = [(b, BODY_SHORT[b]) for b in bodies]
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0]


class RepertoireForm(forms.Form):
    departement = forms.ModelChoiceField(label=_("Département"), queryset=AdminUnit.objects.none())
    on = forms.DateField(label=_("En vigueur le"), widget=DATE, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["departement"], selectors.departements_for(user))

    def clean_on(self) -> Any:
        return self.cleaned_data.get("on") or timezone.localdate()
