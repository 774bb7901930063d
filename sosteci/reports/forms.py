"""The form asking for a report: its kind, the unit and period (or the plan), and the format of the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.access.models import User
from sosteci.access.permissions import may
from sosteci.indicators.periods import PeriodError, PeriodKind, parse_period
from sosteci.plans.selectors import plans_for
from sosteci.reports.builders import BUILDERS, Params
from sosteci.reports.models import ReportFormat, ReportKind
from sosteci.territory.models import AdminUnit


def kinds_for(user: User) -> list[tuple[str, Any]]:
    return [(kind, label) for kind, label in ReportKind.choices if may(user, BUILDERS[kind].perm)]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapport"), choices=())
    unit = forms.CharField(label=_("Zone (P-code)"), required=False, help_text=_("Vide : votre ressort territorial."))
    period = forms.CharField(
        label=_("Période"),
        required=False,
        help_text=_("2026 (année), 2026Q1, 2026-03 ou 2026-01-15..2026-06-30 ; vide : l'année en cours."),
    )
    plan = forms.ChoiceField(label=_("Plan d'action"), required=False, choices=())
    format = forms.ChoiceField(
        label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = kinds_for(user)  # type: ignore[attr-defined]
        self.fields["plan"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((p.code, f"{p.code} — {p.title}") for p in plans_for(user)),
        ]
        self.fields["unit"].widget.attrs.update(
            {"list": "unit-suggestions", "data-unit-search": "1", "autocomplete": "off"}
        )

    def clean_unit(self) -> str:
        code = (self.cleaned_data.get("unit") or "").strip().split(" ")[0]
        if code and not AdminUnit.objects.filter(pcode__iexact=code).exists():
            raise forms.ValidationError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": code})
        return code.upper()

    def clean_period(self) -> str:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return ""
        try:
            parse_period(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind is None:
            return data
        builder = BUILDERS[kind]
        if builder.uses_plan and not data.get("plan"):
            self.add_error("plan", _("Choisissez le plan d'action."))
        if kind == ReportKind.ANNUAL and data.get("period") and parse_period(data["period"]).kind != PeriodKind.YEAR:
            self.add_error("period", _("Le rapport annuel porte sur une année (par exemple 2026)."))
        if kind == ReportKind.ANNUAL and not data.get("period"):
            data["period"] = str(timezone.localdate().year)
        return data

    def params(self) -> Params:
        data = self.cleaned_data
        builder = BUILDERS[data["kind"]]
        return Params(
            unit=data.get("unit", "") if builder.uses_unit else "",
            period=data.get("period", "") if builder.uses_period else "",
            plan=data.get("plan", "") if builder.uses_plan else "",
        )

    def chosen_unit(self) -> AdminUnit | None:
        code = self.cleaned_data.get("unit")
        return AdminUnit.objects.filter(pcode__iexact=code).first() if code else None
