"""The map page and its GeoJSON layers (aggregates only, within the user's jurisdiction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm
from sosteci.access.scoping import jurisdiction_of
from sosteci.directory.models import StructureKind
from sosteci.indicators.selectors import sees_small_cells
from sosteci.maps import selectors
from sosteci.maps.forms import DEFAULT_INDICATOR, MapForm


def _query(request: AuthedRequest) -> tuple[MapForm, dict[str, Any]]:
    form = MapForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, {}
    if not request.GET:
        form = MapForm({"indicator": DEFAULT_INDICATOR, "period": str(timezone.localdate().year)})
        form.is_valid()
    return form, dict(form.cleaned_data)


def _layer(request: AuthedRequest, build: Callable[[dict[str, Any]], dict[str, Any]]) -> JsonResponse:
    form, query = _query(request)
    if form.errors:
        return JsonResponse({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
    try:
        data = build(query)
    except PermissionDenied as exc:
        return JsonResponse({"errors": {"unit": [str(exc) or _("Accès refusé.")]}}, status=403)
    except selectors.MapRequestError as exc:
        return JsonResponse({"errors": {"__all__": [str(exc)]}}, status=400)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, max-age=300"
    return response


@requires(Perm.INDICATOR_VIEW)
def map_page(request: AuthedRequest) -> HttpResponse:
    form, query = _query(request)
    scope = query.get("unit") or jurisdiction_of(request.user)
    in_scope = True
    try:
        if scope is not None:
            selectors.map_scope(request.user, scope)
    except PermissionDenied:
        in_scope = False
    context = {
        "form": form,
        "query": request.GET.urlencode(),
        "scope": scope,
        "in_scope": in_scope,
        "levels": selectors.levels_below(scope) if scope is not None else [],
        "suppressed": not sees_small_cells(request.user),
        "kind_groups": [
            (group, [str(label) for kind, label in StructureKind.choices if kind in kinds])
            for group, kinds in selectors.KIND_GROUPS.items()
        ],
    }
    return render(request, "maps/map.html", context, status=200 if in_scope else 403)


@requires(Perm.INDICATOR_VIEW)
def indicator_data(request: AuthedRequest) -> JsonResponse:
    return _layer(
        request,
        lambda q: selectors.indicator_layer(
            user=request.user, unit=q["unit"], level=q["level"], indicator=q["indicator"], period=q["period"]
        ),
    )


@requires(Perm.INDICATOR_VIEW)
def background_data(request: AuthedRequest) -> JsonResponse:
    return _layer(request, lambda q: selectors.background_layer(user=request.user, unit=q["unit"]))


@requires(Perm.INDICATOR_VIEW)
def structure_data(request: AuthedRequest) -> JsonResponse:
    return _layer(
        request,
        lambda q: selectors.structure_layer(
            user=request.user, unit=q["unit"], kinds=[q["kind"]] if q.get("kind") else []
        ),
    )


@requires(Perm.INDICATOR_VIEW)
def case_data(request: AuthedRequest) -> JsonResponse:
    return _layer(
        request, lambda q: selectors.case_density_layer(user=request.user, unit=q["unit"], period=q["period"])
    )
