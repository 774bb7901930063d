"""The refresh page: national administrators see what is counted ahead and run the nightly refresh now."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm
from sosteci.indicators.nightly import nightly_request, nightly_status
from sosteci.indicators.tasks import nightly_in_background


@requires(Perm.INDICATOR_REFRESH)
def refresh_page(request: AuthedRequest) -> HttpResponse:
    return render(request, "indicators/refresh.html", {"status": nightly_status()})


@require_POST
@requires(Perm.INDICATOR_REFRESH)
def refresh_run(request: AuthedRequest) -> HttpResponse:
    pending = nightly_status(runs=1).pending
    if pending is not None:
        messages.warning(
            request,
            _(
                "Une actualisation demandée le %(at)s attend déjà son tour ou est en cours : rechargez la page "
                "plus tard."
            )
            % {"at": date_format(timezone.localtime(pending.at), "d/m/Y H:i")},
        )
        return redirect("indicators:refresh")
    nightly_request(by=request.user)
    nightly_in_background.enqueue(request.user.username)
    messages.info(
        request,
        _(
            "Actualisation lancée en tâche de fond ; son résumé s'affichera ici (rechargez la page dans quelques "
            "minutes)."
        ),
    )
    return redirect("indicators:refresh")
