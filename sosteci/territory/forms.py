"""Forms of the territory pages: coverage and file upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CoverageForm(forms.Form):
    covered_since = forms.DateField(
        label=_("Couvert par SOSTECI depuis"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Laisser vide si la zone n'est pas couverte."),
    )


class TerritoryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "CSV ou XLSX au format COD-AB (ADM1_FR, ADM1_PCODE … ADM4_FR, ADM4_PCODE, lat, lon facultatifs), "
            "tableau « level, pcode, name, parent_pcode », ou GeoJSON de limites."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Fichier trop volumineux (%(size)s Mo, maximum 20 Mo).") % {"size": upload.size // (1024 * 1024)}
            )
        return upload
