"""Form fields shared by the coordination forms: amounts in FCFA, admin units and accounts typed by code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sosteci.access.models import User
from sosteci.access.scoping import restrict_to_jurisdiction
from sosteci.coordination.parsing import amount_from_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def limit(field: forms.Field, queryset: Any) -> None:
    """Set the choices of a model choice field (single or multiple)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def unit_input(field: forms.Field) -> None:
    """Suggestions of admin units as one types (web/unit_suggest.js)."""
    field.widget.attrs.update({"list": "unit-suggestions", "data-unit-search": "1", "autocomplete": "off"})


class AmountField(forms.CharField):
    """A whole amount in FCFA as people type it ("150 000", "1.500.000 FCFA"); the error names the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric"})

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return amount_from_text(text, str(self.label))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class AccountField(forms.CharField):
    """A SOSTECI account typed as its user name, among the accounts of the editor's jurisdiction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editor: User | None = None

    def clean(self, value: Any) -> User | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        users = User.objects.filter(is_active=True)
        if self.editor is not None:
            users = restrict_to_jurisdiction(users, self.editor, "jurisdiction")
        user = users.filter(username__iexact=text).first()
        if user is None:
            raise forms.ValidationError(_("Aucun compte actif « %(name)s » dans votre ressort.") % {"name": text})
        return user

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, User):
            return value.username
        if isinstance(value, int):
            found = User.objects.filter(pk=value).values_list("username", flat=True).first()
            return found or value
        return value
