"""Forms for committees, members, meetings, decisions and their follow-up, trainings and awareness sessions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sosteci.access.forms import JurisdictionField
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination import policy, selectors
from sosteci.coordination.forms.fields import DATE, TIME, AccountField, limit, unit_input
from sosteci.coordination.models import (
    AwarenessTheme,
    Committee,
    CommitteeLevel,
    Decision,
    Meeting,
    MemberRole,
    NationalBody,
)
from sosteci.coordination.services.awareness import SessionData
from sosteci.coordination.services.committees import CommitteeData, MemberData, TrainingData
from sosteci.coordination.services.meetings import DecisionData, MeetingData
from sosteci.directory.models import Structure
from sosteci.registry.models import Sex
from sosteci.territory.models import AdminUnit


def _within(field: forms.Field, user: User) -> None:
    assert isinstance(field, JurisdictionField)
    field.within = jurisdiction_of(user)


class UnitFilterField(forms.CharField):
    """An admin unit typed as its P-code, to filter a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        unit_input(self)

    def clean(self, value: Any) -> AdminUnit | None:
        text = (super().clean(value) or "").strip().split(" ")[0]
        if not text:
            return None
        unit = AdminUnit.objects.filter(pcode__iexact=text).first()
        if unit is None:
            raise forms.ValidationError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": text})
        return unit


class CommitteeFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom, arrêté ou lieu"), required=False)
    level = forms.ChoiceField(label=_("Niveau"), required=False, choices=[("", _("Tous")), *CommitteeLevel.choices])
    unit = UnitFilterField(label=_("Dans (P-code)"))
    active_only = forms.BooleanField(label=_("Actifs seulement"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=255)
    level = forms.ChoiceField(label=_("Niveau"), choices=CommitteeLevel.choices)
    admin_unit = JurisdictionField(
        label=_("Unité (P-code)"),
        help_text=_(
            "Localité d'un comité villageois, sous-préfecture, département (comité ou Task Force), région ou pays."
        ),
    )
    national_body = forms.ChoiceField(
        label=_("Organe national"), required=False, choices=[("", _("Aucun")), *NationalBody.choices]
    )
    act_number = forms.CharField(label=_("Numéro de l'arrêté de création"), max_length=120, required=False)
    act_date = forms.DateField(label=_("Date de l'arrêté"), required=False, widget=DATE)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("Actif"), required=False, initial=True)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _within(self.fields["admin_unit"], user)

    def to_data(self) -> CommitteeData:
        return CommitteeData(**self.cleaned_data)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Nom et prénoms"), max_length=200)
    function = forms.CharField(label=_("Fonction"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Structure.objects.none(), required=False)
    sex = forms.ChoiceField(label=_("Sexe"), choices=Sex.choices)
    phone = forms.CharField(label=_("Téléphone (+225)"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Rôle dans le comité"), choices=MemberRole.choices)
    user = AccountField(
        label=_("Compte SOSTECI (nom d'utilisateur)"),
        required=False,
        help_text=_("Pour un membre du CIM ou du CNLTP : le compte avec lequel il valide les programmes."),
    )
    is_active = forms.BooleanField(label=_("En fonction"), required=False, initial=True)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["organisation"], Structure.objects.filter(is_active=True).order_by("name"))
        account = self.fields["user"]
        assert isinstance(account, AccountField)
        account.editor = user

    def to_data(self) -> MemberData:
        return MemberData(**self.cleaned_data)


def _committee_choices(field: forms.Field, user: User) -> None:
    """The committees the user keeps: those of its jurisdiction, when it holds COORDINATION_EDIT."""
    editable = selectors.committees_for(user) if may(user, Perm.COORDINATION_EDIT) else Committee.objects.none()
    limit(field, editable.order_by("-is_active", "name"))


class MeetingForm(forms.Form):
    committees = forms.ModelMultipleChoiceField(
        label=_("Comité(s)"),
        queryset=Committee.objects.none(),
        help_text=_("Plusieurs comités pour une réunion conjointe (par exemple les secrétariats du CIM et du CNLTP)."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    title = forms.CharField(label=_("Objet"), max_length=255)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Heure"), required=False, widget=TIME)
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("État"), choices=Meeting.Status.choices, initial=Meeting.Status.PLANNED)
    agenda = forms.CharField(label=_("Ordre du jour"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(label=_("Compte rendu"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _committee_choices(self.fields["committees"], user)

    def to_data(self) -> MeetingData:
        values = dict(self.cleaned_data)
        values["committees"] = list(values["committees"])
        return MeetingData(**values)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Décision"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Responsable"), max_length=200)
    due_on = forms.DateField(label=_("Échéance"), widget=DATE)

    def to_data(self) -> DecisionData:
        return DecisionData(**self.cleaned_data)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Suivi"), choices=Decision.Status.choices)
    note = forms.CharField(label=_("Note de suivi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label=_("Réalisée le"), required=False, widget=DATE)


class DecisionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Suivi"), required=False, choices=[("", _("Tous")), *Decision.Status.choices])
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)


class TrainingForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Comité"), queryset=Committee.objects.none())
    theme = forms.CharField(label=_("Thème"), max_length=255)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    ends_on = forms.DateField(label=_("Dernier jour"), required=False, widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    trainers = forms.CharField(label=_("Formateurs"), max_length=500)
    participants_men = forms.IntegerField(label=_("Participants hommes"), min_value=0, initial=0)
    participants_women = forms.IntegerField(label=_("Participantes femmes"), min_value=0, initial=0)
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _committee_choices(self.fields["committee"], user)

    def to_data(self) -> TrainingData:
        return TrainingData(**self.cleaned_data)


class SessionForm(forms.Form):
    locality = JurisdictionField(label=_("Localité (P-code)"))
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    theme = forms.ChoiceField(label=_("Thème"), choices=AwarenessTheme.choices)
    theme_other = forms.CharField(label=_("Autre thème : lequel ?"), max_length=200, required=False)
    facilitator = forms.CharField(label=_("Animateur ou animatrice"), max_length=200)
    men = forms.IntegerField(label=_("Hommes"), min_value=0, initial=0)
    women = forms.IntegerField(label=_("Femmes"), min_value=0, initial=0)
    boys = forms.IntegerField(label=_("Garçons (moins de 18 ans)"), min_value=0, initial=0)
    girls = forms.IntegerField(label=_("Filles (moins de 18 ans)"), min_value=0, initial=0)
    committee = forms.ModelChoiceField(
        label=_("Comité organisateur"), queryset=Committee.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, structure: Structure | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _within(self.fields["locality"], user)
        committees = selectors.committees_for(user).filter(is_active=True).order_by("name")
        limit(self.fields["committee"], committees)
        self.user = user
        self.structure = structure  # the organising structure, kept as it is (a partner's: its own)

    def to_data(self) -> SessionData:
        values = dict(self.cleaned_data)
        structure = self.user.structure if policy.acts_for_structure(self.user) else self.structure
        return SessionData(**values, structure=structure)


class SessionFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thème"), required=False, choices=[("", _("Tous")), *AwarenessTheme.choices])
    unit = UnitFilterField(label=_("Dans (P-code)"))
    start = forms.DateField(label=_("Du"), required=False, widget=DATE)
    end = forms.DateField(label=_("Au"), required=False, widget=DATE)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)
