"""The map's query: which unit, level, indicator and period; read by the page and by every GeoJSON endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.directory.models import StructureKind
from sosteci.indicators.definitions import INDICATORS
from sosteci.indicators.periods import Period, PeriodError, parse_period, year
from sosteci.maps.selectors import AREA_LEVELS, BUBBLE_LEVELS
from sosteci.territory.models import AdminUnit, Level

DEFAULT_INDICATOR = "CH_LABOUR_PCT"


def unit_from_text(text: str) -> AdminUnit | None:
    """The unit of a P-code typed or suggested ("CI26 Nawa" reads CI26); None when blank."""
    code = (text or "").strip().split(" ")[0]
    if not code:
        return None
    unit = AdminUnit.objects.filter(pcode__iexact=code).first()
    if unit is None:
        raise forms.ValidationError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": code})
    return unit


class MapForm(forms.Form):
    unit = forms.CharField(label=_("Zone (P-code)"), required=False)
    level = forms.ChoiceField(
        label=_("Niveau"),
        required=False,
        choices=[("", _("Automatique")), *[(lv.value, lv.label) for lv in (*AREA_LEVELS, *BUBBLE_LEVELS)]],
    )
    indicator = forms.ChoiceField(label=_("Indicateur"), required=False, choices=())
    period = forms.CharField(label=_("Période"), required=False, help_text=_("2026, 2026Q1, 2026-03…"))
    structures = forms.BooleanField(label=_("Structures"), required=False)
    kind = forms.ChoiceField(label=_("Type de structure"), required=False, choices=())
    cases = forms.BooleanField(label=_("Dossiers par sous-préfecture"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (i.code, i.name) for i in INDICATORS if not i.national_only
        ]
        self.fields["kind"].choices = [("", _("Tous")), *StructureKind.choices]  # type: ignore[attr-defined]
        self.fields["unit"].widget.attrs.update(
            {"list": "unit-suggestions", "data-unit-search": "1", "autocomplete": "off"}
        )

    def clean_unit(self) -> AdminUnit | None:
        return unit_from_text(self.cleaned_data.get("unit") or "")

    def clean_level(self) -> Level | None:
        value = self.cleaned_data.get("level")
        return Level(value) if value else None

    def clean_indicator(self) -> str:
        return self.cleaned_data.get("indicator") or DEFAULT_INDICATOR

    def clean_period(self) -> Period:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return year(timezone.localdate().year)
        try:
            return parse_period(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
