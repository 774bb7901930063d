"""Due-diligence pages of a company or cooperative: its declarations, each declared sourcing's aggregates and PDF."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.audit import audit_record
from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.models import AuditEvent
from sosteci.access.permissions import Perm
from sosteci.diligence import policy, selectors, services
from sosteci.diligence.forms import DeclarationForm
from sosteci.diligence.models import SourcingDeclaration
from sosteci.diligence.report import diligence_report
from sosteci.reports.rendering import PDF, render_pdf


def _declaring(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only a company's or cooperative's account: others are told why (403)."""

    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.may_declare(request.user):
            raise PermissionDenied(_("Seul un compte d'entreprise ou de coopérative déclare un approvisionnement."))
        return view(request, *args, **kwargs)

    return wrapped


def _own(request: AuthedRequest, pk: int) -> SourcingDeclaration:
    found = selectors.declaration_get(user=request.user, pk=pk)
    if found is None:
        raise Http404  # another structure's declaration does not exist for this user
    return found


def _apply_errors(form: DeclarationForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_list(request: AuthedRequest) -> HttpResponse:
    declarations = selectors.declarations_for(request.user).prefetch_related("lines")
    return render(request, "diligence/declaration_list.html", {"declarations": declarations})


@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_create(request: AuthedRequest) -> HttpResponse:
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.declaration_create(by=request.user, data=form.to_input())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Déclaration enregistrée en brouillon : vérifiez-la puis transmettez-la."))
            return redirect("diligence:declaration-detail", pk=declaration.pk)
    return render(request, "diligence/declaration_form.html", {"form": form}, status=400 if form.errors else 200)


@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    declaration = _own(request, pk)
    if declaration.is_submitted:
        messages.error(request, _("Une déclaration transmise ne change plus : faites-en une pour une autre période."))
        return redirect("diligence:declaration-detail", pk=pk)
    lines = list(declaration.lines.select_related("locality"))
    initial = {
        "period_start": declaration.period_start,
        "period_end": declaration.period_end,
        "cooperatives": [line.cooperative_id for line in lines if line.cooperative_id],
        "localities": "\n".join(line.locality.pcode for line in lines if line.locality),
        "note": declaration.note,
    }
    form = DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_update(by=request.user, declaration=declaration, data=form.to_input())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("diligence:declaration-detail", pk=pk)
    return render(
        request,
        "diligence/declaration_form.html",
        {"form": form, "declaration": declaration},
        status=400 if form.errors else 200,
    )


@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    declaration = _own(request, pk)
    report = None
    if declaration.is_submitted:
        table = selectors.diligence_table(user=request.user, declaration=declaration)
        report = diligence_report(table)
        _audit_read(request, declaration, "page")
    lines = declaration.lines.select_related("cooperative", "locality").order_by("locality__name", "cooperative__name")
    return render(
        request, "diligence/declaration_detail.html", {"declaration": declaration, "lines": lines, "report": report}
    )


def _audit_read(request: AuthedRequest, declaration: SourcingDeclaration, form: str) -> None:
    with transaction.atomic():
        audit_record(
            actor=request.user,
            kind=AuditEvent.Kind.READ,
            action="diligence.aggregates",
            obj=declaration,
            after={"format": form},
        )


@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    declaration = _own(request, pk)
    if not declaration.is_submitted:
        raise Http404
    report = diligence_report(selectors.diligence_table(user=request.user, declaration=declaration))
    _audit_read(request, declaration, "pdf")
    response = HttpResponse(render_pdf(report), content_type=PDF)
    response["Content-Disposition"] = (
        f'attachment; filename="sosteci-diligence-{declaration.pk}-{declaration.period_start:%Y%m%d}.pdf"'
    )
    return response


@require_POST
@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    declaration = _own(request, pk)
    try:
        services.declaration_submit(by=request.user, declaration=declaration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Déclaration transmise : les chiffres de votre approvisionnement sont affichés."))
    return redirect("diligence:declaration-detail", pk=pk)


@require_POST
@requires(Perm.DILIGENCE_DECLARE)
@_declaring
def declaration_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    declaration = _own(request, pk)
    try:
        services.declaration_delete(by=request.user, declaration=declaration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("diligence:declaration-detail", pk=pk)
    messages.success(request, _("Brouillon supprimé."))
    return redirect("diligence:declaration-list")
