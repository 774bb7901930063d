"""Forms for outil 4: a report and its actions (a formset), list filters, the consolidation's choices."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.access.forms import JurisdictionField
from sosteci.access.models import User
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination import policy
from sosteci.coordination.forms.committees import UnitFilterField
from sosteci.coordination.forms.fields import DATE, AmountField, limit
from sosteci.coordination.models import BENEFICIARY_FIELDS, TRAFFICKING_FIELDS, EffortType, Programme
from sosteci.coordination.services.efforts import EffortData, ReportData
from sosteci.directory.models import Structure


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, initial=0, widget=forms.NumberInput(attrs={"min": 0}))


class ReportForm(forms.Form):
    structure = forms.ModelChoiceField(label=_("Structure"), queryset=Structure.objects.none())
    period_start = forms.DateField(label=_("Début de la période"), widget=DATE)
    period_end = forms.DateField(label=_("Fin de la période"), widget=DATE)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in TRAFFICKING_FIELDS.items():
            self.fields[name] = _count(label)
        structure = self.fields["structure"]
        if policy.acts_for_structure(user):
            limit(structure, Structure.objects.filter(users=user))
            structure.initial = user.structure_id
            limit(self.fields["programme"], Programme.objects.filter(structure__users=user))
        else:
            limit(structure, Structure.objects.filter(is_active=True).order_by("name"))
            validated = Programme.objects.filter(status=Programme.Status.VALIDATED).select_related("structure")
            limit(self.fields["programme"], validated)

    @property
    def trafficking_fields(self) -> list[Any]:
        return [self[name] for name in TRAFFICKING_FIELDS]

    @property
    def main_fields(self) -> list[Any]:
        return [self[name] for name in ("structure", "period_start", "period_end", "programme", "notes")]

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


class EffortForm(forms.Form):
    locality = JurisdictionField(label=_("Localité (P-code)"), help_text="")
    # A blank first choice: an extra row left alone posts nothing and stays out of the report.
    activity_type = forms.ChoiceField(label=_("Type d'action"), choices=[("", "—"), *EffortType.choices])
    activity_type_other = forms.CharField(label=_("Autre type : lequel ?"), max_length=200, required=False)
    amount_spent = AmountField(label=_("Montant dépensé (FCFA)"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in BENEFICIARY_FIELDS.items():
            self.fields[name] = _count(label)
        locality = self.fields["locality"]
        assert isinstance(locality, JurisdictionField)
        locality.within = jurisdiction_of(user)

    def to_data(self) -> EffortData:
        values = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        values["amount_spent"] = values.get("amount_spent") or 0
        return EffortData(**values)


class BaseEffortFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "user": self.user}

    def efforts(self) -> list[EffortData]:
        """The actions filled in (blank extra rows and rows marked for deletion left out)."""
        result = []
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and form.cleaned_data.get("DELETE")):
                continue
            result.append(form.to_data())
        return result


EffortFormSet = cast(
    type[BaseEffortFormSet],
    forms.formset_factory(EffortForm, formset=BaseEffortFormSet, extra=2, can_delete=True),
)


def report_data(form: ReportForm, formset: BaseEffortFormSet) -> ReportData:
    values = dict(form.cleaned_data)
    return ReportData(**values, efforts=formset.efforts())


class ReportFilterForm(forms.Form):
    structure = forms.ModelChoiceField(label=_("Structure"), queryset=Structure.objects.none(), required=False)
    start = forms.DateField(label=_("Périodes commençant à partir du"), required=False, widget=DATE)
    end = forms.DateField(label=_("et finissant au plus tard le"), required=False, widget=DATE)
    unit = UnitFilterField(label=_("Actions à (P-code)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reporting = Structure.objects.filter(partner_reports__isnull=False).distinct().order_by("name")
        limit(self.fields["structure"], reporting)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        values = dict(self.cleaned_data)
        structure = values.pop("structure", None)
        values["structure_id"] = structure.pk if structure else None
        return values


class ConsolidationForm(forms.Form):
    unit = UnitFilterField(label=_("Unité (P-code)"))
    start = forms.DateField(label=_("Du"), required=False, widget=DATE)
    end = forms.DateField(label=_("Au"), required=False, widget=DATE)
    activity_types = forms.MultipleChoiceField(
        label=_("Types d'action"), choices=EffortType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("La fin de la période (%(end)s) précède son début (%(start)s).")
                % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"},
            )
        return data
