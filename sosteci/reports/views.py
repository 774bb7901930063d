"""Report pages: ask for a report (preview, or a file now for small scopes, in the background for large ones), the
list of one's requests with their progress, and the audited download."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm
from sosteci.access.scoping import jurisdiction_of
from sosteci.reports import selectors, services
from sosteci.reports.builders import ReportError, build_report, needs_background
from sosteci.reports.forms import ReportForm
from sosteci.reports.models import ReportFormat, ReportKind, ReportRequest
from sosteci.reports.rendering import PDF, XLSX
from sosteci.web.pagination import CappedPaginator

POLL_SECONDS = 3


class _DeleteAfter(FileResponse):
    """A file response that removes its temporary file once sent."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        self._path = path
        super().__init__(path.open("rb"), **kwargs)

    def close(self) -> None:
        super().close()
        with contextlib.suppress(OSError):
            self._path.unlink()


def _scope_needs_background(request: AuthedRequest, form: ReportForm) -> bool:
    unit = form.chosen_unit() or jurisdiction_of(request.user)
    return needs_background(form.cleaned_data["kind"], unit)


@requires(Perm.INDICATOR_VIEW)
def report_index(request: AuthedRequest) -> HttpResponseBase:
    """GET: the form; POST: a file now (small scope) or a request made in the background (large scope)."""
    form = ReportForm(request.POST or request.GET or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data.get("format") or ReportFormat.PDF
        params, kind = form.params(), form.cleaned_data["kind"]
        try:
            if _scope_needs_background(request, form):
                made = services.report_request_create(user=request.user, kind=kind, params=params, fmt=fmt)
                messages.success(
                    request,
                    _(
                        "Rapport demandé : « %(title)s ». Il se prépare en arrière-plan ; cette page indique quand il "
                        "est prêt."
                    )
                    % {"title": made.title},
                )
                return redirect("reports:request-list")
            rendered = services.report_render(user=request.user, kind=kind, params=params, fmt=fmt)
        except (ReportError, ValidationError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        except PermissionDenied as exc:
            form.add_error("unit", str(exc) or _("Cette zone n'est pas dans votre ressort."))
        else:
            return _DeleteAfter(
                rendered.path, as_attachment=True, filename=rendered.filename, content_type=rendered.content_type
            )
    kinds = [(kind, label, _DESCRIPTIONS[kind]) for kind, label in form.fields["kind"].choices]  # type: ignore[attr-defined]
    return render(
        request,
        "reports/index.html",
        {"form": form, "kinds": kinds, "recent": selectors.requests_for(request.user)[:5]},
        status=400 if request.method == "POST" else 200,
    )


_DESCRIPTIONS = {
    ReportKind.ANNUAL: gettext_lazy(
        "Indicateurs clés d'une année pour une zone, comparés à l'année précédente, avec les tableaux et graphiques "
        "par sous-unité, sexe et âge, prise en charge, alertes et orientations."
    ),
    ReportKind.PREVALENCE: gettext_lazy(
        "Enfants suivis, en travail des enfants, en travail dangereux et dans les pires formes, et leur part, pour "
        "chaque localité de la zone."
    ),
    ReportKind.ACTIVITIES: gettext_lazy(
        "Actions des partenaires (outil 4) par zone, type et période, bénéficiaires, montants et indicateurs de traite."
    ),
    ReportKind.PLAN: gettext_lazy(
        "Budgets prévus, engagés, dépensés et mobilisés du plan d'action, par année et par axe."
    ),
}


@requires(Perm.INDICATOR_VIEW)
def report_preview(request: AuthedRequest) -> HttpResponse:
    """The report on screen (the PDF's very template), for scopes made while the user waits."""
    form = ReportForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return render(request, "reports/index.html", {"form": form, "kinds": [], "recent": []}, status=400)
    if _scope_needs_background(request, form):
        messages.info(
            request, _("Cette zone est trop grande pour un aperçu immédiat : demandez le fichier, il sera préparé.")
        )
        return redirect(f"{reverse('reports:index')}?{request.GET.urlencode()}")
    try:
        report = build_report(kind=form.cleaned_data["kind"], user=request.user, params=form.params())
    except ReportError as exc:
        form.add_error(None, str(exc))
        return render(request, "reports/index.html", {"form": form, "kinds": [], "recent": []}, status=400)
    return render(request, "reports/preview.html", {"report": report, "query": request.GET.urlencode()})


@requires(Perm.INDICATOR_VIEW)
def request_list(request: AuthedRequest) -> HttpResponse:
    page = CappedPaginator(selectors.requests_for(request.user), 25).get_page(request.GET.get("page"))
    waiting = any(not r.is_finished for r in page.object_list)
    return render(request, "reports/request_list.html", {"page": page, "refresh": POLL_SECONDS if waiting else None})


def _own(request: AuthedRequest, pk: int) -> ReportRequest:
    found = selectors.request_get(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


@requires(Perm.INDICATOR_VIEW)
def request_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    report = _own(request, pk)
    try:
        services.report_download(user=request.user, request=report)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("reports:request-list")
    content_type = PDF if report.format == ReportFormat.PDF else XLSX
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename, content_type=content_type)


@require_POST
@requires(Perm.INDICATOR_VIEW)
def request_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _own(request, pk)
    try:
        services.report_retry(user=request.user, request=report)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("reports:request-list")
