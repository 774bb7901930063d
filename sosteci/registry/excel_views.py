"""Excel pages of the register: the import template, uploads checked then applied, exports of children."""

from __future__ import annotations

import tempfile
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.audit import audit_record
from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.models import AuditEvent
from sosteci.access.permissions import Perm
from sosteci.registry import selectors
from sosteci.registry.excel import (
    build_template,
    export_children_xlsx,
    iter_children_csv,
    register_import_check,
    register_import_confirm,
)
from sosteci.registry.forms import ChildFilterForm
from sosteci.registry.models import RegisterImport
from sosteci.registry.tasks import scan_for_duplicates
from sosteci.territory.forms import TerritoryUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(Perm.CHILD_IMPORT)
def import_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sosteci-modele-menages-enfants.xlsx"'
    return response


def _imports_for(request: AuthedRequest):  # type: ignore[no-untyped-def]
    return RegisterImport.objects.filter(uploaded_by=request.user).defer("content")


@requires(Perm.CHILD_IMPORT)
def import_list(request: AuthedRequest) -> HttpResponse:
    form = TerritoryUploadForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = _("Le modèle Excel rempli (ou un CSV UTF-8 avec les mêmes colonnes).")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = register_import_check(by=request.user, filename=upload.name, content=upload.read())
        return redirect("registry:import-detail", pk=record.pk)
    page = Paginator(_imports_for(request).select_related("uploaded_by"), 20).get_page(request.GET.get("page"))
    return render(request, "registry/import_list.html", {"form": form, "page": page})


@requires(Perm.CHILD_IMPORT)
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(_imports_for(request), pk=pk)
    report = record.report or {}
    rows = report.get("rows", [])
    show = request.GET.get("show", "issues")
    if show == "issues":
        rows = [r for r in rows if r["status"] != "ok"]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/import_detail.html",
        {"record": record, "report": report, "page": page, "show": show, "query": f"show={show}"},
    )


@require_POST
@requires(Perm.CHILD_IMPORT)
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(_imports_for(request), pk=pk)
    try:
        result = register_import_confirm(by=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Import appliqué : %(h)s ménages, %(c)s enfants, %(v)s visites.")
            % {"h": result.households, "c": result.children, "v": result.visits},
        )
        ids = list(result.sous_prefecture_ids)
        transaction.on_commit(lambda: scan_for_duplicates.enqueue(ids))
    return redirect("registry:import-detail", pk=pk)


@requires(Perm.CHILD_EXPORT)
def child_export(request: AuthedRequest) -> HttpResponseBase:
    """The filtered list of children as XLSX (default) or CSV (?format=csv); one audit row per export."""
    form = ChildFilterForm(request.GET or None)
    filters = selectors.ChildFilters()
    if form.is_valid():
        filters = selectors.ChildFilters(**form.cleaned_data)
    if filters.q:
        children = [child for child, _score in selectors.child_search(user=request.user, filters=filters, limit=5000)]
        queryset = selectors.children_for(request.user).filter(pk__in=[c.pk for c in children])
    else:
        queryset = selectors.child_list(user=request.user, filters=filters)
    queryset = queryset.order_by("locality__name", "family_name", "given_names", "pk")
    count = queryset.count()
    with transaction.atomic():
        audit_record(
            actor=request.user,
            kind=AuditEvent.Kind.READ,
            action="child.export",
            object_type="registry.child",
            object_repr=_("%(n)s enfants") % {"n": count},
            after={
                "filters": {k: str(v) for k, v in vars(filters).items() if v},
                "count": count,
                "format": request.GET.get("format", "xlsx"),
            },
        )
    stamp = date.today().isoformat()
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(iter_children_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sosteci-enfants-{stamp}.csv"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse
    export_children_xlsx(queryset, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"sosteci-enfants-{stamp}.xlsx", content_type=XLSX)
