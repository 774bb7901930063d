"""Forms of the knowledge base: the search, a document with its file, a reference series and one of its values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sosteci.coordination.forms.committees import UnitFilterField
from sosteci.coordination.forms.fields import DATE, unit_input
from sosteci.core.documents import MAX_DOCUMENT_BYTES
from sosteci.directory.forms import CoverageField
from sosteci.indicators.definitions import INDICATORS
from sosteci.knowledge.models import (
    AGE_BAND_CHOICES,
    FIRST_YEAR,
    LAST_YEAR,
    VALUE_LEVELS,
    Document,
    DocumentKind,
    Language,
    Scope,
    SeriesUnit,
    Theme,
)
from sosteci.knowledge.services import DocumentData, SeriesData, ValueData
from sosteci.registry.models import Sex
from sosteci.territory.models import AdminUnit


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Titre, auteurs ou résumé"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous")), *DocumentKind.choices])
    theme = forms.ChoiceField(label=_("Thème"), required=False, choices=[("", _("Tous")), *Theme.choices])
    year_from = forms.IntegerField(label=_("De l'année"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("À l'année"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = UnitFilterField(label=_("Zone (P-code)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("L'année de fin précède l'année de début."))
        return data

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=400)
    authors = forms.CharField(label=_("Auteurs"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    year = forms.IntegerField(
        label=_("Année"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text=_("Vide quand le document n'est pas daté."),
    )
    published_on = forms.DateField(label=_("Date de publication"), required=False, widget=DATE)
    publisher = forms.CharField(label=_("Éditeur ou commanditaire"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Langue"), choices=Language.choices, initial=Language.FRENCH)
    scope = forms.ChoiceField(label=_("Portée"), choices=Scope.choices, initial=Scope.NATIONAL)
    units = CoverageField(
        label=_("Zones couvertes (P-codes)"),
        required=False,
        help_text=_("Séparés par « ; ». Vide pour un document national."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    abstract = forms.CharField(label=_("Résumé"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label=_("Fichier"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"})
    )
    external_url = forms.URLField(label=_("Adresse en ligne"), max_length=500, required=False, assume_scheme="https")
    reference = forms.CharField(label=_("Référence"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_input(self.fields["units"])
        self.fields["file"].help_text = gettext("PDF, DOCX ou XLSX, %(max)s Mo au plus.") % {
            "max": MAX_DOCUMENT_BYTES // 1024 // 1024
        }
        self.fields["reference"].help_text = gettext("Où trouver le document : cote, ISBN, service qui le détient…")

    def to_data(self) -> DocumentData:
        values = dict(self.cleaned_data)
        values.pop("file", None)
        return DocumentData(**values)


INDICATOR_CHOICES = [("", _("Aucun")), *[(i.code, f"{i.code} — {i.name_fr}") for i in INDICATORS]]


class SeriesForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Lettres, chiffres et tirets, par exemple pan-tdp-cas-signales.")
    )
    name = forms.CharField(label=_("Intitulé"), max_length=300)
    document = forms.ModelChoiceField(label=_("Document source"), queryset=Document.objects.order_by("-year", "title"))
    unit = forms.ChoiceField(label=_("Unité"), choices=SeriesUnit.choices)
    indicator_code = forms.ChoiceField(
        label=_("Indicateur SOSTECI comparable"), choices=INDICATOR_CHOICES, required=False
    )
    methodology = forms.CharField(
        label=_("Note méthodologique"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def to_data(self) -> SeriesData:
        return SeriesData(**self.cleaned_data)


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    period_label = forms.CharField(label=_("Période (telle que publiée)"), max_length=40, required=False)
    admin_unit = forms.ModelChoiceField(label=_("Unité"), queryset=AdminUnit.objects.filter(level__in=VALUE_LEVELS))
    sex = forms.ChoiceField(label=_("Sexe"), choices=[("", _("Tous")), *Sex.choices], required=False)
    age_band = forms.ChoiceField(
        label=_("Tranche d'âge"), choices=[("", _("Toutes")), *AGE_BAND_CHOICES], required=False
    )
    value = forms.DecimalField(label=_("Valeur"), max_digits=16, decimal_places=2)
    ci_low = forms.DecimalField(label=_("Borne basse (IC 95 %)"), max_digits=16, decimal_places=2, required=False)
    ci_high = forms.DecimalField(label=_("Borne haute (IC 95 %)"), max_digits=16, decimal_places=2, required=False)
    source_location = forms.CharField(
        label=_("Emplacement dans la source (page, ligne)"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["admin_unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = AdminUnit.objects.filter(level__in=VALUE_LEVELS).order_by("level", "name")

    def to_data(self) -> ValueData:
        return ValueData(**self.cleaned_data)
