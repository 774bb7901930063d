"""Territory pages: browse the tree, see a unit with its sub-units and map, import files (administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.territory import selectors
from sosteci.territory.forms import CoverageForm, TerritoryUploadForm
from sosteci.territory.models import AdminUnit, TerritoryImport
from sosteci.territory.services import territory_import_check, territory_import_confirm, unit_set_coverage


def _unit(request: AuthedRequest, pk: int, **_kwargs: Any) -> AdminUnit:
    unit = selectors.unit_get(pk=pk)
    if unit is None:
        raise Http404
    return unit


@requires(Perm.TERRITORY_VIEW)
def unit_root(request: AuthedRequest) -> HttpResponse:
    root = selectors.root_unit()
    if root is None:
        return render(request, "territory/empty.html")
    return redirect("territory:unit-detail", pk=root.pk)


@requires(Perm.TERRITORY_VIEW)
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    mine = jurisdiction_of(request.user)
    totals = selectors.unit_totals(unit)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "children": selectors.unit_children_stats(unit),
        "totals": totals,
        "level_counts": selectors.level_counts(unit, totals),
        "in_my_jurisdiction": mine is not None and mine.contains(unit),
        "can_edit_coverage": may(request.user, Perm.TERRITORY_EDIT, unit),
        "coverage_form": CoverageForm(initial={"covered_since": unit.covered_since}),
        "has_boundary": hasattr(unit, "boundary"),
    }
    return render(request, "territory/unit_detail.html", context)


@requires(Perm.TERRITORY_VIEW)
def unit_map(request: AuthedRequest, pk: int) -> JsonResponse:
    return JsonResponse(selectors.unit_map_layer(_unit(request, pk)))


@requires(Perm.TERRITORY_VIEW)
def unit_search(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    results = list(selectors.unit_search(q=q)) if q else []
    if request.GET.get("format") == "json":
        level = request.GET.get("level")
        items = [
            {"pcode": u.pcode, "name": u.name, "level": u.get_level_display(), "parent": str(u.parent or "")}
            for u in results
            if not level or u.level == level
        ]
        return JsonResponse({"results": items})
    return render(request, "territory/search.html", {"q": q, "results": results})


@require_POST
@requires(Perm.TERRITORY_EDIT, target=_unit)
def unit_coverage(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    form = CoverageForm(request.POST)
    if form.is_valid():
        unit_set_coverage(by=request.user, unit=unit, covered_since=form.cleaned_data["covered_since"])
        messages.success(request, _("Couverture SOSTECI enregistrée."))
    else:
        messages.error(request, _("Date invalide."))
    return redirect("territory:unit-detail", pk=unit.pk)


@requires(Perm.TERRITORY_IMPORT)
def import_list(request: AuthedRequest) -> HttpResponse:
    form = TerritoryUploadForm()
    if request.method == "POST":
        form = TerritoryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            record = territory_import_check(by=request.user, filename=upload.name, content=upload.read())
            return redirect("territory:import-detail", pk=record.pk)
    imports = Paginator(TerritoryImport.objects.select_related("uploaded_by").defer("content"), 20)
    page = imports.get_page(request.GET.get("page"))
    return render(request, "territory/import_list.html", {"form": form, "page": page})


@requires(Perm.TERRITORY_IMPORT)
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(TerritoryImport.objects.defer("content"), pk=pk)
    report = record.report or {}
    outcomes = report.get("outcomes", [])
    show = request.GET.get("show", "issues")
    if show == "issues":
        outcomes = [o for o in outcomes if o["action"] == "reject" or o.get("warnings")]
    elif show in {"create", "update", "unchanged", "reject"}:
        outcomes = [o for o in outcomes if o["action"] == show]
    page = Paginator(outcomes, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/import_detail.html",
        {"record": record, "report": report, "page": page, "show": show},
    )


@require_POST
@requires(Perm.TERRITORY_IMPORT)
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(TerritoryImport.objects.defer("content"), pk=pk)
    if record.status != TerritoryImport.Status.CHECKED:
        messages.error(request, _("Cet import n'attend pas de confirmation."))
        return redirect("territory:import-detail", pk=pk)
    result = territory_import_confirm(by=request.user, record=record)
    messages.success(
        request,
        _(
            "Import appliqué : %(created)s unités créées, %(updated)s modifiées, %(moved)s déplacées, "
            "%(boundaries)s limites enregistrées."
        )
        % result.__dict__,
    )
    return redirect("territory:import-detail", pk=pk)
