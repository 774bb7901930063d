"""Forms for signing in, managing users and filtering the audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from sosteci.access.models import AuditEvent, User
from sosteci.access.permissions import assignable_roles
from sosteci.access.scoping import jurisdiction_of, restrict_to_jurisdiction
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit


class JurisdictionField(forms.CharField):
    """An admin unit typed as its P-code (with suggestions), limited to the manager's jurisdiction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Ressort territorial (P-code)"))
        kwargs.setdefault("help_text", _("Tapez un nom ou un P-code, par ex. CI200101 pour Abengourou."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"list": "unit-suggestions", "autocomplete": "off", "data-unit-search": "1"})
        self.within: AdminUnit | None = None

    def clean(self, value: Any) -> AdminUnit:
        text = (super().clean(value) or "").strip()
        pcode = text.split(" ")[0]
        unit = AdminUnit.objects.filter(pcode__iexact=pcode).first()
        if unit is None:
            raise forms.ValidationError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": pcode})
        if self.within is None or not self.within.contains(unit):
            raise forms.ValidationError(_("« %(unit)s » est hors de votre ressort territorial.") % {"unit": unit.name})
        return unit

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AdminUnit):
            return value.pcode
        if isinstance(value, int):
            unit = AdminUnit.objects.filter(pk=value).first()
            return unit.pcode if unit else value
        return value


class UserForm(forms.ModelForm):
    jurisdiction = JurisdictionField()

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "jurisdiction",
            "structure",
        ]

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager = manager
        self.fields["role"].choices = [(r.value, r.label) for r in assignable_roles(manager)]  # type: ignore[attr-defined]
        jurisdiction_field = self.fields["jurisdiction"]
        assert isinstance(jurisdiction_field, JurisdictionField)
        jurisdiction_field.within = jurisdiction_of(manager)
        self.fields["structure"].queryset = restrict_to_jurisdiction(  # type: ignore[attr-defined]
            Structure.objects.filter(is_active=True), manager, "admin_unit"
        )
        self.fields["structure"].required = False
        if self.instance.pk:
            self.fields["username"].disabled = True


class UserCreateForm(UserForm):
    password = forms.CharField(
        label=_("Mot de passe initial"),
        widget=forms.PasswordInput(render_value=False),
        help_text=password_validators_help_text_html(),
    )


class UserStatusForm(forms.Form):
    is_active = forms.BooleanField(label=_("Compte actif"), required=False)


class SetPasswordForm(forms.Form):
    password = forms.CharField(label=_("Nouveau mot de passe"), widget=forms.PasswordInput)
    confirm = forms.CharField(label=_("Confirmer"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("confirm"):
            raise forms.ValidationError(_("Les deux mots de passe ne concordent pas."))
        return data


class OwnPasswordForm(SetPasswordForm):
    current = forms.CharField(label=_("Mot de passe actuel"), widget=forms.PasswordInput)
    field_order = ["current", "password", "confirm"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current(self) -> str:
        value: str = self.cleaned_data["current"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("Mot de passe actuel incorrect."))
        return value


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False)
    role = forms.ChoiceField(label=_("Rôle"), required=False)
    active = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous")), ("1", _("Actifs")), ("0", _("Désactivés"))]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sosteci.access.roles import Role

        self.fields["role"].choices = [("", _("Tous")), *((r.value, r.label) for r in Role)]  # type: ignore[attr-defined]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Auteur"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Type d'objet"), required=False)
    object_id = forms.CharField(label=_("Identifiant"), required=False)
    kind = forms.ChoiceField(label=_("Nature"), required=False)
    since = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Toutes")), *AuditEvent.Kind.choices]  # type: ignore[attr-defined]
