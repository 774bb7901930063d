"""Pages of the performance framework: every indicator with its targets, actuals and status; one indicator's
entry of actual values and its link to an indicator SOSTECI computes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.plans.forms import ActualForm, IndicatorLinkForm, attach
from sosteci.plans.models import Indicator
from sosteci.plans.selectors.performance import framework
from sosteci.plans.services.performance import indicator_actual_record, indicator_label, indicator_link
from sosteci.plans.views.execution import plan_or_404


@requires(Perm.PLAN_VIEW)
def plan_indicators(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    rows = framework(plan=plan, user=request.user)
    years = [y for y in plan.years if not rows or y != rows[0].baseline_year]
    return render(
        request,
        "plans/plan_indicators.html",
        {
            "plan": plan,
            "indicators": rows,
            "years": years,
            "baseline_year": rows[0].baseline_year if rows else plan.start_year,
            "tab": "indicators",
            "can_edit": may(request.user, Perm.PLAN_EDIT),
        },
    )


@requires(Perm.PLAN_VIEW)
def indicator_detail(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_or_404(request, code)
    indicator = Indicator.objects.filter(plan=plan, pk=pk).first()
    if indicator is None:
        raise Http404
    can_edit = may(request.user, Perm.PLAN_EDIT)
    which = request.POST.get("form", "")
    actual_form = ActualForm(request.POST if which == "actual" else None, plan=plan, prefix="actual")
    link_form = IndicatorLinkForm(
        request.POST if which == "link" else None, prefix="link", initial={"code": indicator.computed_code}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(Perm.PLAN_EDIT.value)
        try:
            if which == "actual" and actual_form.is_valid():
                data = actual_form.cleaned_data
                indicator_actual_record(by=request.user, indicator=indicator, year=data["year"], value=data["value"])
                messages.success(request, _("Valeur constatée enregistrée."))
                return redirect("plans:indicator", code=plan.code, pk=indicator.pk)
            if which == "link" and link_form.is_valid():
                indicator_link(by=request.user, indicator=indicator, code=link_form.cleaned_data["code"])
                messages.success(
                    request, _("Lien avec l'indicateur calculé enregistré ; lancez manage.py plan_indicators_refresh.")
                )
                return redirect("plans:indicator", code=plan.code, pk=indicator.pk)
        except ValidationError as exc:
            attach(actual_form if which == "actual" else link_form, exc)
    row = framework(plan=plan, user=request.user, indicators=[indicator])[0]
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "plan": plan,
            "row": row,
            "label": indicator_label(indicator),
            "actual_form": actual_form,
            "link_form": link_form,
            "can_edit": can_edit,
            "tab": "indicators",
        },
    )
