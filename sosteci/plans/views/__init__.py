"""Pages of the action plans: the list, the tree with budgets by year, the performance framework, reconciliation."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm
from sosteci.plans import selectors
from sosteci.plans.document import PlanDoc
from sosteci.plans.models import Plan
from sosteci.plans.presentation import KIND_LABELS, SCOPE_LABELS, SOURCE_LABELS, plan_tables
from sosteci.plans.reconcile import reconcile


def _plan(request: AuthedRequest, code: str) -> Plan:
    plan = selectors.plan_get(user=request.user, code=code)
    if plan is None:
        raise Http404
    return plan


def _summary(document: PlanDoc) -> dict[str, object]:
    activities = list(document.activities())
    return {
        "document": document,
        "activities": len(activities),
        "pm_activities": sum(1 for a in activities if a.budget.total.pm),
        "computed_total": sum(a.budget.total.figure for a in activities),
        "disagreements": len(reconcile(document).disagreements),
    }


@requires(Perm.PLAN_VIEW)
def plan_list(request: AuthedRequest) -> HttpResponse:
    plans = [_summary(document) for document in selectors.plan_list(user=request.user)]
    return render(request, "plans/plan_list.html", {"plans": plans})


@requires(Perm.PLAN_VIEW)
def plan_detail(request: AuthedRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    document = selectors.plan_document(plan=plan)
    result = reconcile(document)
    responsible = request.GET.get("responsable", "").strip()[:100]
    partner = request.GET.get("partenaire", "").strip()[:100]
    tables = plan_tables(document, result, responsible=responsible, partner=partner)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            **_summary(document),
            "tables": tables,
            "years": document.years,
            "responsible": responsible,
            "partner": partner,
            "shown": sum(1 for t in tables for r in t.rows if r.kind == "activity"),
            "tab": "tree",
        },
    )


@requires(Perm.PLAN_VIEW)
def plan_reconcile(request: AuthedRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    result = selectors.plan_reconciliation(plan=plan)
    rows = [
        {
            "check": check,
            "scope": SCOPE_LABELS.get(check.scope, check.scope),
            "kind": KIND_LABELS.get(check.kind, check.kind),
            "source": SOURCE_LABELS.get(check.source, check.source),
        }
        for check in result.disagreements
    ]
    return render(
        request,
        "plans/plan_reconcile.html",
        {"plan": plan, "result": result, "rows": rows, "agreements": len(result.checks) - len(rows)},
    )
