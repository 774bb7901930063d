"""Helpers the coordination pages share: service errors onto forms, refusals as messages, the generic form page."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sosteci.access.http import AuthedRequest

T = TypeVar("T")
PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def found(obj: T | None) -> T:
    """The object a selector returned for the user, or 404 (outside the user's reach looks like absent)."""
    if obj is None:
        raise Http404
    return obj


def attach(form: Any, exc: ValidationError) -> None:
    """A service's refusal onto the form: each message on its field when the form has it, else on top."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, texts in errors.items():
        form.add_error(name if name in form.fields else None, texts)


def fail(request: AuthedRequest, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError):
        texts = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
    else:
        texts = [_("Votre rôle ou votre ressort ne permet pas cette action.")]
    for text in texts:
        messages.error(request, text)


def query_without_page(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def form_page(
    request: AuthedRequest,
    form: Any,
    *,
    title: str,
    back: str,
    crumbs: list[tuple[str, str]] | None = None,
    units: bool = False,
    wide: tuple[str, ...] = (),
) -> HttpResponse:
    """The generic form page: a title, breadcrumbs, the form; `units` adds the admin-unit suggestions."""
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": title, "back": back, "crumbs": crumbs or [], "units": units, "wide": wide},
    )
