"""Home page by role, health check and the language switch."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from sosteci.access.scoping import jurisdiction_of
from sosteci.territory import selectors as territory
from sosteci.territory.models import Level
from sosteci.web.home import home_panel


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the application and its database answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})


def login_not_required_set_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The language switch works on the login page too."""
    return login_not_required(view)


def home(request: HttpRequest) -> HttpResponse:
    """Each role's figures and work first (web.home), then its jurisdiction and SOSTECI's coverage there."""
    unit = jurisdiction_of(request.user)
    context: dict[str, object] = {"unit": unit}
    if unit is not None:
        context.update(
            panel=home_panel(request.user, unit),  # type: ignore[arg-type]
            ancestors=territory.unit_ancestors(unit),
            totals=territory.unit_totals(unit),
        )
        if unit.level != Level.PAYS:  # the nation's figures come by région in the panel
            context["children"] = territory.unit_children_stats(unit)
    return render(request, "web/home.html", context)
