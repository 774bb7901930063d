"""Forms of the plan pages: they only collect what is typed; the services read and check every value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sosteci.directory.models import Structure
from sosteci.indicators.definitions import INDICATORS
from sosteci.plans.models import FUNDER_KINDS, Activity, ExecutionStatus, FinancingSource, Plan


def attach(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal onto the form: each message on its field when the form has it, else on top."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, texts in errors.items():
        form.add_error(name if name in form.fields else None, texts)


class ActivityCodeField(forms.CharField):
    """An activity of the plan typed by its code ("III-1.1.5")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan: Plan | None = None

    def clean(self, value: Any) -> Activity | None:
        code = (super().clean(value) or "").strip()
        if not code:
            return None
        assert self.plan is not None
        activity = (
            Activity.objects.filter(action__objective__axis__plan=self.plan, code__iexact=code)
            .select_related("action__objective__axis__plan")
            .first()
        )
        if activity is None:
            raise forms.ValidationError(
                _("Activité inconnue dans le plan %(plan)s : « %(code)s ».") % {"plan": self.plan.code, "code": code}
            )
        return activity


def _years(plan: Plan) -> list[tuple[int, int]]:
    return [(y, y) for y in plan.years]


class ExecutionForm(forms.Form):
    activity = ActivityCodeField(label=_("Activité (code)"), max_length=20)
    year = forms.TypedChoiceField(label=_("Année"), coerce=int)
    status = forms.ChoiceField(label=_("État"), choices=ExecutionStatus.choices)
    progress = forms.CharField(label=_("Avancement (%)"), required=False, max_length=8)
    committed = forms.CharField(label=_("Montant engagé (F CFA)"), required=False, max_length=40)
    spent = forms.CharField(label=_("Montant dépensé (F CFA)"), required=False, max_length=40)
    note = forms.CharField(label=_("Observation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        assert isinstance(field, ActivityCodeField)
        field.plan = plan
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _years(plan)
        for name in ("committed", "spent"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


class ExecutionImportForm(forms.Form):
    file = forms.FileField(label=_("Classeur d'exécution (.xlsx)"))


class FinancingImportForm(forms.Form):
    file = forms.FileField(label=_("Classeur de financement (.xlsx)"))


class FinancingForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Année"), coerce=int)
    source = forms.ChoiceField(label=_("Source"), choices=FinancingSource.choices)
    funder = forms.ModelChoiceField(
        label=_("Partenaire financier"),
        queryset=Structure.objects.none(),
        required=False,
        help_text=_("Pour la source « Partenaires » : un partenaire technique et financier du répertoire."),
    )
    activity = ActivityCodeField(
        label=_("Activité (code)"), max_length=20, required=False, help_text=_("Vide : pour le plan entier.")
    )
    amount = forms.CharField(label=_("Montant mobilisé (F CFA)"), max_length=40)
    note = forms.CharField(label=_("Observation"), required=False, max_length=300)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        assert isinstance(field, ActivityCodeField)
        field.plan = plan
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _years(plan)
        funder = self.fields["funder"]
        assert isinstance(funder, forms.ModelChoiceField)
        funder.queryset = Structure.objects.filter(kind__in=FUNDER_KINDS, is_active=True).order_by("name")


class ActualForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Année"), coerce=int)
    value = forms.CharField(label=_("Valeur constatée"), max_length=100)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _years(plan)


class IndicatorLinkForm(forms.Form):
    code = forms.ChoiceField(label=_("Indicateur calculé par SOSTECI"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        assert isinstance(code, forms.ChoiceField)
        code.choices = [("", _("— saisie manuelle —")), *((i.code, f"{i.code} — {i.name}") for i in INDICATORS)]


class JointLinkForm(forms.Form):
    plan_a = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    activity_a = forms.CharField(label=_("Activité (code)"), max_length=20)
    plan_b = forms.ModelChoiceField(label=_("Plan conjoint"), queryset=Plan.objects.none())
    activity_b = forms.CharField(label=_("Activité conjointe (code)"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("plan_a", "plan_b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = plans
            field.to_field_name = "code"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for side in ("a", "b"):
            plan, code = data.get(f"plan_{side}"), (data.get(f"activity_{side}") or "").strip()
            if plan is None or not code:
                continue
            activity = Activity.objects.filter(action__objective__axis__plan=plan, code__iexact=code).first()
            if activity is None:
                self.add_error(
                    f"activity_{side}",
                    _("Activité inconnue dans le plan %(plan)s : « %(code)s ».") % {"plan": plan.code, "code": code},
                )
            else:
                data[f"found_{side}"] = activity
        return data
