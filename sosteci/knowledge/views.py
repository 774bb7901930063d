"""Pages of the knowledge base: search, documents (download audited), reference series beside SOSTECI's figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.audit import audit_record
from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.models import AuditEvent, User
from sosteci.access.permissions import Perm, may
from sosteci.coordination.views.common import attach, found, query_without_page
from sosteci.core.documents import DOCUMENT_TYPES, download_name
from sosteci.knowledge import selectors, services
from sosteci.knowledge.forms import DocumentForm, SearchForm, SeriesForm, ValueForm
from sosteci.knowledge.models import Document

PAGE_SIZE = 25


@requires(Perm.KNOWLEDGE_VIEW)
def search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    hits = selectors.knowledge_search(user=request.user, **form.filters())
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_edit": may(request.user, Perm.KNOWLEDGE_EDIT),
        },
    )


@requires(Perm.KNOWLEDGE_VIEW)
def document_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    document = found(selectors.document_get(user=request.user, pk=pk))
    return render(
        request,
        "knowledge/document_detail.html",
        {
            "document": document,
            "units": list(document.units.all()),
            "series": list(document.series.all()),
            "can_edit": may(request.user, Perm.KNOWLEDGE_EDIT),
        },
    )


def document_response(user: User, document: Document) -> FileResponse:
    """The document's file as a download; the read is written to the audit trail."""
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit_record(
        actor=user,
        kind=AuditEvent.Kind.READ,
        action="document.download",
        obj=document,
        after={"file": document.file_name},
    )
    extension = (document.file.name or "").rsplit(".", 1)[-1].lower()
    kind = DOCUMENT_TYPES.get(extension)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document.file_name, f"document-{document.pk}.{extension}"),
        content_type=kind.content_type if kind else "application/octet-stream",
    )


@requires(Perm.KNOWLEDGE_VIEW)
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    return document_response(request.user, found(selectors.document_get(user=request.user, pk=pk)))


def _document_form(request: AuthedRequest, form: DocumentForm, title: str, back: str) -> HttpResponse:
    return render(request, "knowledge/form.html", {"form": form, "title": title, "back": back, "files": True})


@requires(Perm.KNOWLEDGE_EDIT)
def document_create(request: AuthedRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                by=request.user, data=form.to_data(), upload=form.cleaned_data.get("file")
            )
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Document enregistré."))
            return redirect("knowledge:document-detail", pk=document.pk)
    return _document_form(request, form, _("Nouveau document"), reverse("knowledge:search"))


@requires(Perm.KNOWLEDGE_EDIT)
def document_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    document = found(selectors.document_get(user=request.user, pk=pk))
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial=vars(services.document_data_from(document))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                by=request.user, document=document, data=form.to_data(), upload=form.cleaned_data.get("file")
            )
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Document mis à jour."))
            return redirect("knowledge:document-detail", pk=document.pk)
    back = reverse("knowledge:document-detail", args=[document.pk])
    return _document_form(request, form, _("Modifier le document"), back)


# --- Reference series ----------------------------------------------------------------------------------------------


@requires(Perm.KNOWLEDGE_VIEW)
def series_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    rows = list(selectors.series_list(user=request.user, q=q).prefetch_related("values"))
    return render(
        request,
        "knowledge/series_list.html",
        {"rows": rows, "q": q, "can_edit": may(request.user, Perm.KNOWLEDGE_EDIT)},
    )


@requires(Perm.KNOWLEDGE_VIEW)
def series_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    series = found(selectors.series_get(user=request.user, pk=pk))
    indicator, comparisons = selectors.series_comparison(user=request.user, series=series)
    can_edit = may(request.user, Perm.KNOWLEDGE_EDIT)
    return render(
        request,
        "knowledge/series_detail.html",
        {
            "series": series,
            "indicator": indicator,
            "comparisons": comparisons,
            "can_edit": can_edit,
            "value_form": ValueForm() if can_edit else None,
        },
    )


def _series_form(request: AuthedRequest, form: SeriesForm, title: str, back: str) -> HttpResponse:
    return render(request, "knowledge/form.html", {"form": form, "title": title, "back": back})


@requires(Perm.KNOWLEDGE_EDIT)
def series_create(request: AuthedRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(by=request.user, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Série enregistrée."))
            return redirect("knowledge:series-detail", pk=series.pk)
    return _series_form(request, form, _("Nouvelle série de référence"), reverse("knowledge:series-list"))


@requires(Perm.KNOWLEDGE_EDIT)
def series_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    series = found(selectors.series_get(user=request.user, pk=pk))
    form = SeriesForm(request.POST or None, initial=vars(services.series_data_from(series)))
    if request.method == "POST" and form.is_valid():
        try:
            services.series_update(by=request.user, series=series, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Série mise à jour."))
            return redirect("knowledge:series-detail", pk=series.pk)
    return _series_form(request, form, _("Modifier la série"), reverse("knowledge:series-detail", args=[series.pk]))


@require_POST
@requires(Perm.KNOWLEDGE_EDIT)
def value_add(request: AuthedRequest, pk: int) -> HttpResponse:
    series = found(selectors.series_get(user=request.user, pk=pk))
    form = ValueForm(request.POST)
    if form.is_valid():
        try:
            services.value_set(by=request.user, series=series, data=form.to_data())
        except ValidationError as exc:
            for name, texts in exc.message_dict.items():
                label = form.fields[name].label if name in form.fields else ""
                for text in texts:
                    messages.error(request, f"« {label} » : {text}" if label else text)
        else:
            messages.success(request, _("Valeur enregistrée."))
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"« {label} » : {error}" if label else str(error))
    return redirect("knowledge:series-detail", pk=series.pk)


@require_POST
@requires(Perm.KNOWLEDGE_EDIT)
def value_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    value = found(selectors.value_get(user=request.user, pk=pk))
    services.value_remove(by=request.user, value=value)
    messages.success(request, _("Valeur supprimée."))
    return redirect("knowledge:series-detail", pk=value.series_id)
