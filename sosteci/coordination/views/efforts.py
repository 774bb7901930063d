"""Pages of outil 4: partners' reports (list, detail, entry with their actions) and their consolidation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination import consolidation, policy, selectors
from sosteci.coordination.forms.efforts import (
    ConsolidationForm,
    EffortFormSet,
    ReportFilterForm,
    ReportForm,
    report_data,
)
from sosteci.coordination.models import BENEFICIARY_FIELDS, TRAFFICKING_FIELDS, PartnerReport
from sosteci.coordination.services import efforts
from sosteci.coordination.views.common import PAGE_SIZE, attach, found, query_without_page
from sosteci.web.pagination import CappedPaginator


@requires(Perm.EFFORT_VIEW)
def report_list(request: AuthedRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET or None)
    rows = selectors.report_list(user=request.user, **form.filters())
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/report_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_create": may(request.user, Perm.EFFORT_EDIT),
        },
    )


@requires(Perm.EFFORT_VIEW)
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = found(selectors.report_get(user=request.user, pk=pk))
    rows = selectors.report_efforts(user=request.user, report=report)
    return render(
        request,
        "coordination/report_detail.html",
        {
            "report": report,
            "efforts": rows,
            "beneficiary_fields": BENEFICIARY_FIELDS,
            "trafficking": [(label, getattr(report, name)) for name, label in TRAFFICKING_FIELDS.items()],
            "total_amount": sum(e.amount_spent for e in rows),
            "total_children": sum(e.children for e in rows),
            "total_adults": sum(e.adults for e in rows),
            "can_edit": policy.may_edit_report(request.user, report),
        },
    )


def _entry(request: AuthedRequest, report: PartnerReport | None) -> HttpResponse:
    """The report form and its actions; the service takes both at once, or nothing."""
    initial: dict[str, Any] | None = None
    initial_efforts: list[dict[str, Any]] | None = None
    if report is not None:
        data = efforts.report_data_from(report)
        initial = {k: v for k, v in vars(data).items() if k != "efforts"}
        initial_efforts = [vars(e) for e in data.efforts]
    form = ReportForm(request.POST or None, user=request.user, initial=initial)
    formset = EffortFormSet(request.POST or None, user=request.user, initial=initial_efforts, prefix="efforts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if report is None:
                saved = efforts.report_create(by=request.user, data=report_data(form, formset))
            else:
                saved = efforts.report_update(by=request.user, report=report, data=report_data(form, formset))
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Rapport d'activités enregistré."))
            return redirect("coordination:report-detail", pk=saved.pk)
    return render(
        request,
        "coordination/report_form.html",
        {"form": form, "formset": formset, "report": report, "beneficiary_fields": list(BENEFICIARY_FIELDS)},
    )


@requires(Perm.EFFORT_EDIT)
def report_create(request: AuthedRequest) -> HttpResponse:
    return _entry(request, None)


@requires(Perm.EFFORT_EDIT)
def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = found(selectors.report_get(user=request.user, pk=pk))
    if not policy.may_edit_report(request.user, report):
        raise PermissionDenied(Perm.EFFORT_EDIT.value)
    return _entry(request, report)


@requires(Perm.EFFORT_VIEW)
def consolidation_view(request: AuthedRequest) -> HttpResponse:
    """Sums per admin unit, type of action and period of what the user may see (its structure, or jurisdiction)."""
    form = ConsolidationForm(request.GET or None)
    result = None
    unit = consolidation.default_unit(request.user)
    values: dict[str, Any] = {}
    if not form.is_bound or form.is_valid():
        values = form.cleaned_data if form.is_bound else {}
        chosen = values.get("unit") or unit
        scope = jurisdiction_of(request.user)
        if (
            chosen is not None
            and not policy.acts_for_structure(request.user)
            and (scope is None or not scope.contains(chosen))
        ):
            form.add_error("unit", _("« %(unit)s » est hors de votre ressort territorial.") % {"unit": chosen.name})
        elif chosen is not None:
            result = consolidation.consolidate(
                user=request.user,
                unit=chosen,
                start=values.get("start"),
                end=values.get("end"),
                activity_types=values.get("activity_types") or (),
            )
    return render(
        request,
        "coordination/consolidation.html",
        {"form": form, "result": result, "trafficking_fields": TRAFFICKING_FIELDS},
    )
