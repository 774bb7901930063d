"""Desk-entry forms of the register: household with its children, child, visit, list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.access.forms import JurisdictionField
from sosteci.access.models import User
from sosteci.access.scoping import jurisdiction_of, restrict_to_jurisdiction
from sosteci.classification import RuleSet
from sosteci.classification.rules import IndicatorKind
from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.models import CategoryChoices, Child, Cooperative, Crop, Sex, Visit
from sosteci.registry.selectors import AGE_BANDS
from sosteci.territory.models import AdminUnit, Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO_UNKNOWN = [("", _("Non renseigné")), ("yes", _("Oui")), ("no", _("Non"))]


class LocalityField(JurisdictionField):
    """A localité of the user's jurisdiction, typed as its P-code or picked from suggestions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Localité (P-code)"))
        kwargs.setdefault("help_text", _("Tapez le nom du village ou son P-code."))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> AdminUnit:
        unit = super().clean(value)
        if unit.level != Level.LOCALITE:
            raise forms.ValidationError(_("« %(unit)s » n'est pas une localité.") % {"unit": unit.name})
        return unit


class HouseholdForm(forms.Form):
    locality = LocalityField()
    head_family_name = forms.CharField(label=_("Nom du chef de ménage"), max_length=120)
    head_given_names = forms.CharField(label=_("Prénoms du chef de ménage"), max_length=160, required=False)
    head_sex = forms.ChoiceField(label=_("Sexe du chef de ménage"), choices=Sex.choices)
    head_phone = forms.CharField(label=_("Téléphone (+225)"), max_length=20, required=False)
    size = forms.IntegerField(label=_("Nombre de personnes dans le ménage"), min_value=1, max_value=99)
    main_crops = forms.MultipleChoiceField(
        label=_("Cultures principales"), choices=Crop.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    cooperative = forms.ModelChoiceField(label=_("Coopérative"), queryset=Cooperative.objects.none(), required=False)
    lat = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    lon = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locality = self.fields["locality"]
        assert isinstance(locality, LocalityField)
        locality.within = jurisdiction_of(user)
        unit = jurisdiction_of(user)
        if unit is not None and unit.level == Level.LOCALITE:
            self.initial.setdefault("locality", unit.pcode)
        self.fields["cooperative"].queryset = restrict_to_jurisdiction(  # type: ignore[attr-defined]
            Cooperative.objects.all(), user, "admin_unit"
        ) | Cooperative.objects.filter(admin_unit__level__in=[Level.PAYS, Level.DISTRICT, Level.REGION])

    def to_input(self) -> HouseholdInput:
        d = self.cleaned_data
        return HouseholdInput(
            head_family_name=d["head_family_name"],
            head_given_names=d["head_given_names"],
            head_sex=d["head_sex"],
            head_phone=d["head_phone"],
            size=d["size"],
            main_crops=list(d["main_crops"]),
            cooperative_id=d["cooperative"].pk if d["cooperative"] else None,
            lat=d["lat"],
            lon=d["lon"],
        )


class ChildForm(forms.Form):
    family_name = forms.CharField(label=_("Nom"), max_length=120)
    given_names = forms.CharField(label=_("Prénoms"), max_length=160)
    sex = forms.ChoiceField(label=_("Sexe"), choices=Sex.choices)
    date_of_birth = forms.DateField(label=_("Date de naissance"), required=False, widget=DATE)
    declared_age = forms.IntegerField(
        label=_("Âge déclaré (si date inconnue)"), required=False, min_value=0, max_value=17
    )
    birth_certificate = forms.ChoiceField(label=_("Acte de naissance"), choices=Child.BirthCertificate.choices)
    nationality = forms.CharField(label=_("Nationalité (code pays)"), max_length=2, initial="CI")
    place_of_origin = forms.CharField(label=_("Lieu d'origine"), max_length=160, required=False)
    arrived_on = forms.DateField(label=_("Arrivé dans la localité le"), required=False, widget=DATE)
    lives_with_parents = forms.ChoiceField(label=_("Vit avec"), choices=Child.Parents.choices)
    relation_to_head = forms.ChoiceField(label=_("Lien avec le chef de ménage"), choices=Child.Relation.choices)
    schooling = forms.ChoiceField(label=_("Scolarisation"), choices=Child.Schooling.choices)
    grade = forms.ChoiceField(label=_("Classe"), choices=[("", "—"), *Child.Grade.choices], required=False)
    disability = forms.BooleanField(label=_("Handicap"), required=False)
    guardian_name = forms.CharField(label=_("Nom du parent ou tuteur"), max_length=160, required=False)

    def has_changed(self) -> bool:
        """An extra form of the household formset counts only once a name is typed (selects always post)."""
        if self.empty_permitted:
            return any((self.data.get(self.add_prefix(name)) or "").strip() for name in ("family_name", "given_names"))
        return super().has_changed()

    def clean_nationality(self) -> str:
        return str(self.cleaned_data["nationality"]).upper()

    def to_input(self) -> ChildInput:
        return ChildInput(**self.cleaned_data)


ChildFormSet = forms.formset_factory(ChildForm, extra=2, max_num=30, validate_max=True)


class ActivityForm(forms.Form):
    code = forms.ChoiceField(label=_("Activité"), required=False)
    hours = forms.DecimalField(
        label=_("Heures (7 derniers jours)"), required=False, min_value=0, max_value=168, decimal_places=1
    )

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            (_("Activités"), [(i.code, i.label_fr) for i in ruleset.activities]),
            (_("Travaux légers (13-15 ans)"), [(i.code, i.label_fr) for i in ruleset.light_tasks]),
        ]


ActivityFormSet = forms.formset_factory(ActivityForm, extra=4, max_num=12)


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date de la visite"), widget=DATE)
    kind = forms.ChoiceField(label=_("Type de visite"), choices=Visit.Kind.choices)
    attends_school = forms.ChoiceField(label=_("Fréquente l'école"), choices=YES_NO_UNKNOWN, required=False)
    works_during_school_hours = forms.BooleanField(label=_("Travaille pendant les heures de classe"), required=False)
    night_work = forms.BooleanField(label=_("Travail de nuit"), required=False)
    apprenticeship = forms.BooleanField(label=_("En apprentissage"), required=False)
    hazardous_tasks = forms.MultipleChoiceField(
        label=_("Tâches dangereuses des 7 derniers jours"), required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicateurs de traite ou d'exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    injured_at_work = forms.BooleanField(label=_("Blessé au travail"), required=False)
    injury_note = forms.CharField(label=_("Nature de la blessure"), max_length=255, required=False)
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hazardous_tasks"].choices = [(i.code, i.label_fr) for i in ruleset.hazardous_tasks]  # type: ignore[attr-defined]
        kinds = {
            IndicatorKind.TRAFFICKING_ACT: _("Traite"),
            IndicatorKind.FORCED_LABOUR: _("Travail forcé"),
            IndicatorKind.SEXUAL_EXPLOITATION: _("Exploitation sexuelle"),
            IndicatorKind.ILLICIT: _("Illicite"),
        }
        self.fields["indicators"].choices = [  # type: ignore[attr-defined]
            (i.code, f"{kinds.get(IndicatorKind(i.kind), '')} — {i.label_fr}") for i in ruleset.indicators
        ]

    def to_input(self, activities: list[dict[str, float | str]]) -> VisitInput:
        d = self.cleaned_data
        return VisitInput(
            visited_on=d["visited_on"],
            kind=d["kind"],
            activities=activities,
            hazardous_tasks=list(d["hazardous_tasks"]),
            indicators=list(d["indicators"]),
            night_work=d["night_work"],
            works_during_school_hours=d["works_during_school_hours"],
            attends_school=_tri(d["attends_school"]),
            apprenticeship=d["apprenticeship"],
            injured_at_work=d["injured_at_work"],
            injury_note=d["injury_note"],
            notes=d["notes"],
        )


def activities_from(formset: Any) -> list[dict[str, float | str]]:
    return [
        {"code": f.cleaned_data["code"], "hours": float(f.cleaned_data.get("hours") or 0)}
        for f in formset.forms
        if f.cleaned_data.get("code")
    ]


class ChildFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom"), required=False)
    unit = forms.CharField(label=_("Zone (P-code)"), required=False)
    sex = forms.ChoiceField(label=_("Sexe"), required=False, choices=[("", _("Tous")), *Sex.choices])
    age_band = forms.ChoiceField(
        label=_("Âge"),
        required=False,
        choices=[("", _("Tous")), *((b, _("%(band)s ans") % {"band": b}) for b in AGE_BANDS)],
    )
    category = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", _("Toutes")), *CategoryChoices.choices]
    )
    schooling = forms.ChoiceField(
        label=_("Scolarisation"), required=False, choices=[("", _("Toutes")), *Child.Schooling.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.attrs.update(
            {"list": "unit-suggestions", "data-unit-search": "1", "autocomplete": "off"}
        )

    def clean_unit(self) -> AdminUnit | None:
        text = (self.cleaned_data.get("unit") or "").strip().split(" ")[0]
        if not text:
            return None
        unit = AdminUnit.objects.filter(pcode__iexact=text).first()
        if unit is None:
            raise forms.ValidationError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": text})
        return unit
