"""Pages of a plan's execution: the dashboard, entry per activity and year, the spreadsheet, the financing."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.plans import selectors
from sosteci.plans.charts import execution_charts
from sosteci.plans.excel.execution import read_execution_sheet, write_execution_sheet
from sosteci.plans.excel.financing import read_financing_sheet, write_financing_sheet
from sosteci.plans.forms import ExecutionForm, ExecutionImportForm, FinancingForm, FinancingImportForm, attach
from sosteci.plans.models import ActivityExecution, Financing, Plan
from sosteci.plans.selectors.execution import (
    execution_grid,
    execution_summary,
    financing_grid,
    financings_for,
    funder_list,
)
from sosteci.plans.services.execution import (
    ExecutionImportError,
    execution_import,
    execution_record,
    financing_delete,
    financing_record,
)
from sosteci.plans.services.financing import financing_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_or_404(request: AuthedRequest, code: str) -> Plan:
    plan = selectors.plan_get(user=request.user, code=code)
    if plan is None:
        raise Http404
    return plan


@requires(Perm.PLAN_VIEW)
def execution_dashboard(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    summary = execution_summary(plan=plan)
    return render(
        request,
        "plans/execution.html",
        {
            "plan": plan,
            "summary": summary,
            "charts": execution_charts(summary),
            "tab": "execution",
            "can_edit": may(request.user, Perm.PLAN_EDIT),
        },
    )


@requires(Perm.PLAN_EDIT)
def execution_entry(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    initial = {"activity": request.GET.get("activite", ""), "year": request.GET.get("annee", "")}
    current = ActivityExecution.objects.filter(
        activity__action__objective__axis__plan=plan, activity__code=initial["activity"], year=initial["year"] or 0
    ).first()
    if current is not None:
        initial.update(
            status=current.status,
            progress=str(current.progress),
            committed=str(current.committed),
            spent=str(current.spent),
            note=current.note,
        )
    form = ExecutionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row, warnings = execution_record(
                by=request.user,
                activity=data["activity"],
                year=data["year"],
                status=data["status"],
                progress=data["progress"],
                committed=data["committed"],
                spent=data["spent"],
                note=data["note"],
            )
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(
                request,
                _("Exécution de %(code)s en %(year)s enregistrée.") % {"code": row.activity.code, "year": row.year},
            )
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("plans:execution", code=plan.code)
    return render(request, "plans/execution_form.html", {"plan": plan, "form": form, "tab": "execution"})


@requires(Perm.PLAN_EDIT)
def execution_import_page(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    form = ExecutionImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_execution_sheet(form.cleaned_data["file"].read())
            result = execution_import(by=request.user, plan=plan, rows=rows)
        except ExecutionImportError as exc:
            errors = exc.errors
        except PermissionDenied:
            raise
        else:
            messages.success(
                request,
                _("Classeur importé : %(created)s lignes créées, %(updated)s modifiées, %(unchanged)s inchangées.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("plans:execution", code=plan.code)
    return render(
        request, "plans/execution_import.html", {"plan": plan, "form": form, "errors": errors, "tab": "execution"}
    )


@requires(Perm.PLAN_VIEW)
def execution_sheet(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    stream = io.BytesIO()
    write_execution_sheet(plan, execution_grid(plan=plan), stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="execution-{plan.code}.xlsx"'
    return response


@requires(Perm.PLAN_VIEW)
def financing_page(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    can_edit = may(request.user, Perm.PLAN_EDIT)
    form = FinancingForm(request.POST or None, plan=plan) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(Perm.PLAN_EDIT.value)
        if form.is_valid():
            data = form.cleaned_data
            try:
                financing_record(
                    by=request.user,
                    plan=plan,
                    year=data["year"],
                    source=data["source"],
                    amount=data["amount"],
                    funder=data["funder"],
                    activity=data["activity"],
                    note=data["note"],
                )
            except ValidationError as exc:
                attach(form, exc)
            else:
                messages.success(request, _("Financement enregistré."))
                return redirect("plans:financing", code=plan.code)
    rows = financings_for(plan).select_related("funder", "activity").order_by("year", "source", "pk")
    return render(
        request,
        "plans/financing.html",
        {
            "plan": plan,
            "rows": rows,
            "form": form,
            "summary": execution_summary(plan=plan),
            "tab": "financing",
            "can_edit": can_edit,
        },
    )


@require_POST
@requires(Perm.PLAN_EDIT)
def financing_remove(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_or_404(request, code)
    financing = Financing.objects.filter(plan=plan, pk=pk).first()
    if financing is None:
        raise Http404
    financing_delete(by=request.user, financing=financing)
    messages.success(request, _("Financement supprimé."))
    return redirect("plans:financing", code=plan.code)


@requires(Perm.PLAN_EDIT)
def financing_import_page(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    form = FinancingImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_financing_sheet(form.cleaned_data["file"].read())
            result = financing_import(by=request.user, plan=plan, rows=rows)
        except ExecutionImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Classeur de financement importé : %(created)s montants créés, %(updated)s modifiés, "
                    "%(unchanged)s inchangés."
                )
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("plans:financing", code=plan.code)
    return render(
        request, "plans/financing_import.html", {"plan": plan, "form": form, "errors": errors, "tab": "financing"}
    )


@requires(Perm.PLAN_VIEW)
def financing_sheet(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    stream = io.BytesIO()
    write_financing_sheet(plan, financing_grid(plan=plan), list(funder_list()), stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="financement-{plan.code}.xlsx"'
    return response
