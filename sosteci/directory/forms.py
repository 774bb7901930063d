"""Forms of the repertoire: list filters, a structure, its free places and contacts, an upload."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.access.forms import JurisdictionField
from sosteci.access.models import User
from sosteci.access.scoping import jurisdiction_of
from sosteci.directory.models import ServiceType, StructureKind
from sosteci.directory.selectors import StructureFilters
from sosteci.directory.services import StructureData
from sosteci.territory.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_PCODES = re.compile(r"[\s;,]+")


def _unit_input(field: forms.Field) -> None:
    field.widget.attrs.update({"list": "unit-suggestions", "data-unit-search": "1", "autocomplete": "off"})


class StructureFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom, sigle, code ou contact"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous")), *StructureKind.choices])
    service = forms.ChoiceField(label=_("Service"), required=False, choices=[("", _("Tous")), *ServiceType.choices])
    unit = forms.CharField(label=_("Implantée dans (P-code)"), required=False)
    with_places = forms.BooleanField(label=_("Avec des places libres"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _unit_input(self.fields["unit"])

    def clean_unit(self) -> AdminUnit | None:
        text = (self.cleaned_data.get("unit") or "").strip().split(" ")[0]
        if not text:
            return None
        unit = AdminUnit.objects.filter(pcode__iexact=text).first()
        if unit is None:
            raise forms.ValidationError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": text})
        return unit

    def filters(self) -> StructureFilters:
        """The filters typed, or none when the form is invalid (the page shows the errors)."""
        if not self.is_bound or not self.is_valid():
            return StructureFilters()
        return StructureFilters(**self.cleaned_data)


class CoverageField(forms.CharField):
    """Zones typed as P-codes separated by spaces, commas or semicolons."""

    def clean(self, value: Any) -> list[AdminUnit]:
        text = super().clean(value) or ""
        pcodes = list(dict.fromkeys(p.upper() for p in _PCODES.split(text) if p))
        units = {u.pcode.upper(): u for u in AdminUnit.objects.filter(pcode__in=pcodes)}
        unknown = [p for p in pcodes if p not in units]
        if unknown:
            raise forms.ValidationError(_("P-codes inconnus : %(pcodes)s.") % {"pcodes": ", ".join(unknown)})
        return [units[p] for p in pcodes]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return "; ".join(u.pcode if isinstance(u, AdminUnit) else str(u) for u in value)
        return value


class StructureForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=255)
    acronym = forms.CharField(label=_("Sigle"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=StructureKind.choices)
    admin_unit = JurisdictionField(
        label=_("Implantation (P-code)"), help_text=_("L'unité où la structure est établie, dans votre ressort.")
    )
    services = forms.MultipleChoiceField(
        label=_("Services offerts"), choices=ServiceType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    coverage = CoverageField(
        label=_("Zones desservies (P-codes)"),
        required=False,
        help_text=_("Séparés par « ; ». Vide : la structure dessert sa zone d'implantation."),
    )
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    lat = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    lon = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False)
    capacity = forms.IntegerField(label=_("Capacité d'accueil"), min_value=1, required=False)
    places_free = forms.IntegerField(label=_("Places libres"), min_value=0, required=False)
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=160, required=False)
    phone = forms.CharField(label=_("Téléphone (+225)"), max_length=20, required=False)
    email = forms.EmailField(label=_("Courriel"), required=False)
    authorisation_number = forms.CharField(label=_("Numéro d'agrément"), max_length=80, required=False)
    authorised_from = forms.DateField(label=_("Agréée du"), required=False, widget=DATE)
    authorised_until = forms.DateField(label=_("Agréée jusqu'au"), required=False, widget=DATE)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["admin_unit"]
        assert isinstance(unit, JurisdictionField)
        unit.within = jurisdiction_of(user)

    def to_data(self) -> StructureData:
        return StructureData(**self.cleaned_data)


class PlacesForm(forms.Form):
    places_free = forms.IntegerField(label=_("Places libres"), min_value=0, required=False)
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=160, required=False)
    phone = forms.CharField(label=_("Téléphone (+225)"), max_length=20, required=False)
    email = forms.EmailField(label=_("Courriel"), required=False)
