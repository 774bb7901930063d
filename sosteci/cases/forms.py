"""Forms of the case pages (French labels; the services do the checks that need the database)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.cases.models import Alert, Case
from sosteci.directory.models import ServiceType, Structure
from sosteci.territory.models import AdminUnit, Level


class AlertForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Alert.Source.choices)
    urgency = forms.ChoiceField(label=_("Urgence"), choices=Alert.Urgency.choices, initial=Alert.Urgency.MEDIUM)
    situation = forms.ChoiceField(label=_("Situation soupçonnée"), choices=Alert.Situation.choices)
    locality = forms.CharField(label=_("Localité (code P)"), max_length=20)
    place_detail = forms.CharField(label=_("Lieu précis"), max_length=255, required=False)
    observed_at = forms.DateTimeField(
        label=_("Date des faits"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    children_count = forms.IntegerField(label=_("Nombre d'enfants concernés"), min_value=1, max_value=500, initial=1)
    child_name = forms.CharField(label=_("Nom de l'enfant (s'il est connu)"), max_length=200, required=False)
    child_age = forms.IntegerField(label=_("Âge approximatif"), min_value=0, max_value=17, required=False)
    child_sex = forms.ChoiceField(
        label=_("Sexe"), choices=[("", "—"), ("F", _("Fille")), ("M", _("Garçon"))], required=False
    )
    reporter_name = forms.CharField(label=_("Personne qui signale"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)

    def clean_locality(self) -> AdminUnit:
        code = self.cleaned_data["locality"].strip().upper()
        unit = AdminUnit.objects.filter(pcode=code, level=Level.LOCALITE).first()
        if unit is None:
            raise forms.ValidationError(_("Localité inconnue : « %(code)s ».") % {"code": code})
        return unit


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            ("open_case", _("Ouvrir un dossier pour l'enfant")),
            ("link", _("Rattacher à un dossier existant")),
            ("dismiss", _("Classer sans suite")),
        ],
    )
    child_code = forms.CharField(label=_("Code de l'enfant enregistré"), max_length=16, required=False)
    case_code = forms.CharField(label=_("Code du dossier"), max_length=16, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.ChoiceField(
        label=_("Motif de clôture"), choices=[("", "—"), *Case.ClosureReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    structure = forms.ModelChoiceField(label=_("Structure"), queryset=Structure.objects.none())
    consent_child = forms.BooleanField(label=_("L'enfant est d'accord"), required=False)
    consent_guardian = forms.BooleanField(label=_("Le parent ou tuteur est d'accord"), required=False)
    consent_note = forms.CharField(label=_("Conditions du consentement"), max_length=255, required=False)
    note = forms.CharField(label=_("Motif de l'orientation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, structures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if structures is not None:
            self.fields["structure"].queryset = structures  # type: ignore[attr-defined]


class ServiceForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    delivered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    cost = forms.DecimalField(label=_("Coût (FCFA)"), min_value=0, max_digits=12, decimal_places=0, required=False)
    provider_name = forms.CharField(label=_("Prestataire"), max_length=200, required=False)
    note = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    username = forms.CharField(label=_("Identifiant de l'intervenant"), max_length=150)


class RespondForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("decline", _("Refuser"))])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
