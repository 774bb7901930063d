"""Forms of the case pages (French labels; the services do the checks that need the database)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.access.models import User
from sosteci.access.permissions import ROLE_PERMISSIONS, Perm, may
from sosteci.cases.models import Alert, Case
from sosteci.cases.workflow import Transition
from sosteci.directory.models import ServiceType, Structure
from sosteci.territory.models import AdminUnit, Level


class AlertForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Alert.Source.choices)
    urgency = forms.ChoiceField(label=_("Urgence"), choices=Alert.Urgency.choices, initial=Alert.Urgency.MEDIUM)
    situation = forms.ChoiceField(label=_("Situation soupçonnée"), choices=Alert.Situation.choices)
    locality = forms.CharField(
        label=_("Localité (code P)"),
        max_length=20,
        help_text=_("Tapez le nom de la localité et choisissez-la : son code P s'inscrit (par exemple CI260401001)."),
        widget=forms.TextInput(attrs={"list": "unit-suggestions", "data-unit-search": "1", "autocomplete": "off"}),
    )
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
    reporter_phone = forms.CharField(
        label=_("Téléphone"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )

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
    child_code = forms.CharField(
        label=_("Code de l'enfant enregistré"),
        max_length=16,
        required=False,
        help_text=_("Pour ouvrir un dossier : l'enfant doit être enregistré dans le registre."),
    )
    case_code = forms.CharField(
        label=_("Code du dossier"),
        max_length=16,
        required=False,
        help_text=_("Pour rattacher l'alerte à un dossier en cours."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Obligatoire pour classer sans suite."),
    )


# The label of the text a step asks for, by transition.
STEP_TEXT_LABELS = {
    "assess": _("Évaluation de la situation"),
    "plan": _("Plan de prise en charge"),
}


class TransitionForm(forms.Form):
    """One step of the workflow. Given a `transition`, only the fields it needs, with ids of its own (several
    steps are offered on one page); without, every field (to read what a page sent)."""

    name = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.ChoiceField(
        label=_("Motif de clôture"), choices=[("", "—"), *Case.ClosureReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, transition: Transition | None = None, **kwargs: Any) -> None:
        if transition is not None:
            kwargs.setdefault("auto_id", f"id_{transition.name}_%s")
        super().__init__(*args, **kwargs)
        if transition is None:
            return
        self.fields["name"].initial = transition.name
        needs = transition.needs
        if "text" not in needs:
            del self.fields["text"]
        else:
            self.fields["text"].label = STEP_TEXT_LABELS.get(transition.name, _("Texte"))
            self.fields["text"].required = True
        if "reason" not in needs:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
        if "note" in needs:
            self.fields["note"].label = _("Motif")
            self.fields["note"].required = True
        elif "reason" not in needs:
            del self.fields["note"]


class StructureSelect(forms.Select):
    """Each structure's option carries the services it offers (data-services), so that the page can narrow the
    list to the structures that offer the chosen service."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            option["attrs"]["data-services"] = " ".join(instance.services or [])
        return option


class StructureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        where = obj.admin_unit.name if obj.admin_unit_id else ""
        if obj.places_free is not None:
            places = _("%(n)s place(s) libre(s)") % {"n": obj.places_free} if obj.places_free else _("complet")
            return f"{obj} — {where} ({places})" if where else f"{obj} ({places})"
        return f"{obj} — {where}" if where else str(obj)


class ReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    service = forms.ChoiceField(label=_("Service"), choices=[("", "—"), *ServiceType.choices])
    structure = StructureChoiceField(
        label=_("Structure"),
        queryset=Structure.objects.none(),
        widget=StructureSelect,
        empty_label="—",
        help_text=_("Seules les structures qui offrent le service choisi sont proposées."),
    )
    consent_child = forms.BooleanField(label=_("L'enfant est d'accord"), required=False)
    consent_guardian = forms.BooleanField(label=_("Le parent ou tuteur est d'accord"), required=False)
    consent_note = forms.CharField(label=_("Conditions du consentement"), max_length=255, required=False)
    note = forms.CharField(label=_("Motif de l'orientation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, structures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if structures is not None:
            self.fields["structure"].queryset = structures.select_related("admin_unit")  # type: ignore[attr-defined]


class ServiceForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=[("", "—"), *ServiceType.choices])
    delivered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    cost = forms.DecimalField(label=_("Coût (FCFA)"), min_value=0, max_digits=12, decimal_places=0, required=False)
    provider_name = forms.CharField(label=_("Prestataire"), max_length=200, required=False)
    note = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


def case_workers(case: Case) -> list[User]:
    """The active users who may work on the case at its place (those a supervisor can entrust it to)."""
    locality = case.locality
    candidates = (
        User.objects.filter(
            is_active=True,
            role__in=ROLE_PERMISSIONS[Perm.CASE_EDIT],
            jurisdiction_id__in=[locality.pk, *locality.ancestor_ids()],
        )
        .select_related("jurisdiction")
        .order_by("last_name", "first_name", "username")
    )
    return [u for u in candidates if may(u, Perm.CASE_EDIT, locality)]


def _worker_label(user: User) -> str:
    """ "Awa Koné — Agent communautaire, Badayo": who the worker is and where they act."""
    place = user.jurisdiction.name if user.jurisdiction else ""
    return f"{user.get_full_name() or user.username} — {user.get_role_display()}, {place}"


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    username = forms.CharField(label=_("Identifiant de l'intervenant"), max_length=150)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        """Given the case, the worker is chosen among those who may work at its place."""
        super().__init__(*args, **kwargs)
        if case is None:
            return
        workers = case_workers(case)
        if workers:
            self.fields["username"] = forms.ChoiceField(
                label=_("Intervenant"),
                choices=[
                    ("", "—"),
                    *((u.username, _worker_label(u)) for u in workers),
                ],
                initial=case.assigned_to.username if case.assigned_to else "",
            )


class RespondForm(forms.Form):
    decision = forms.ChoiceField(label=_("Réponse"), choices=[("accept", _("Accepter")), ("decline", _("Refuser"))])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
