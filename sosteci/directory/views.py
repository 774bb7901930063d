"""Pages of the repertoire of structures: list, detail, create and edit, free places, map, Excel export and import."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.directory import selectors
from sosteci.directory.excel import export_structures_xlsx, structure_import_check, structure_import_confirm
from sosteci.directory.forms import PlacesForm, StructureFilterForm, StructureForm
from sosteci.directory.models import Structure, StructureImport
from sosteci.directory.policy import may_edit, may_update_places
from sosteci.directory.services import (
    PLACES_FIELDS,
    StructureData,
    structure_create,
    structure_data_from,
    structure_places_update,
    structure_update,
)
from sosteci.territory.forms import TerritoryUploadForm
from sosteci.territory.models import AdminUnit
from sosteci.web.pagination import CappedPaginator

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attach(form: Any, errors: dict[str, list[str]]) -> None:
    for field, messages_ in errors.items():
        form.add_error(field if field in form.fields else None, messages_)


def _filtered(request: AuthedRequest) -> tuple[StructureFilterForm, Any, str]:
    """The filter form, the filtered structures and the query string without the page number."""
    form = StructureFilterForm(request.GET or None)
    structures = selectors.structure_filtered(user=request.user, filters=form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return form, structures, query.urlencode()


def _structure(request: AuthedRequest, pk: int) -> Structure:
    structure = selectors.structure_get(user=request.user, pk=pk)
    if structure is None:
        raise Http404
    return structure


def _unit_of_structure(request: AuthedRequest, pk: int, **_kwargs: Any) -> AdminUnit:
    return _structure(request, pk).admin_unit


@requires(Perm.DIRECTORY_VIEW)
def structure_list(request: AuthedRequest) -> HttpResponse:
    form, structures, query = _filtered(request)
    page = CappedPaginator(structures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/structure_list.html",
        {"form": form, "page": page, "query": query, "can_edit": may(request.user, Perm.DIRECTORY_EDIT)},
    )


def _detail(request: AuthedRequest, structure: Structure, places_form: PlacesForm | None = None) -> HttpResponse:
    can_places = may_update_places(request.user, structure)
    if places_form is None and can_places:
        places_form = PlacesForm(initial={name: getattr(structure, name) for name in PLACES_FIELDS})
    return render(
        request,
        "directory/structure_detail.html",
        {
            "structure": structure,
            "coverage": list(structure.coverage.all()),
            "can_edit": may_edit(request.user, structure),
            "places_form": places_form if can_places else None,
            "authorised_today": structure.is_authorised_on(timezone.localdate()),
        },
    )


@requires(Perm.DIRECTORY_VIEW)
def structure_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, _structure(request, pk))


@requires(Perm.DIRECTORY_EDIT)
def structure_create_view(request: AuthedRequest) -> HttpResponse:
    form = StructureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            structure = structure_create(by=request.user, data=form.to_data())
        except ValidationError as exc:
            _attach(form, exc.message_dict)
        else:
            messages.success(request, _("Structure %(code)s enregistrée.") % {"code": structure.code})
            return redirect("directory:structure-detail", pk=structure.pk)
    return render(request, "directory/structure_form.html", {"form": form})


@requires(Perm.DIRECTORY_EDIT, target=_unit_of_structure)
def structure_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    structure = _structure(request, pk)
    initial: StructureData = structure_data_from(structure)
    form = StructureForm(request.POST or None, user=request.user, initial=vars(initial))
    if request.method == "POST" and form.is_valid():
        try:
            structure_update(by=request.user, structure=structure, data=form.to_data())
        except ValidationError as exc:
            _attach(form, exc.message_dict)
        else:
            messages.success(request, _("Fiche de la structure mise à jour."))
            return redirect("directory:structure-detail", pk=structure.pk)
    return render(request, "directory/structure_form.html", {"form": form, "structure": structure})


@require_POST
@requires(Perm.DIRECTORY_VIEW)
def structure_places(request: AuthedRequest, pk: int) -> HttpResponse:
    """Free places and contacts: the service refuses (403) anyone but the editors and the structure's providers."""
    structure = _structure(request, pk)
    form = PlacesForm(request.POST)
    if form.is_valid():
        try:
            structure_places_update(by=request.user, structure=structure, **form.cleaned_data)
        except ValidationError as exc:
            _attach(form, exc.message_dict)
        else:
            messages.success(request, _("Places libres et contacts mis à jour."))
            return redirect("directory:structure-detail", pk=structure.pk)
    structure.refresh_from_db()
    return _detail(request, structure, places_form=form)


@requires(Perm.DIRECTORY_VIEW)
def structure_map(request: AuthedRequest) -> HttpResponse:
    form, _structures, query = _filtered(request)
    return render(request, "directory/structure_map.html", {"form": form, "query": query})


@requires(Perm.DIRECTORY_VIEW)
def structure_map_data(request: AuthedRequest) -> JsonResponse:
    """GeoJSON: the country's outline (background) and the filtered structures that have coordinates."""
    _form, structures, _query = _filtered(request)
    layer = selectors.structure_map_layer(structures)
    outline = selectors.country_outline()
    if outline is not None:
        layer["features"].insert(0, {"type": "Feature", "geometry": outline, "properties": {"role": "outline"}})
    return JsonResponse(layer)


@requires(Perm.DIRECTORY_VIEW)
def structure_export(request: AuthedRequest) -> HttpResponse:
    """The filtered list as XLSX, with the columns the import reads."""
    _form, structures, _query = _filtered(request)
    buffer = io.BytesIO()
    export_structures_xlsx(structures.prefetch_related("coverage"), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="sosteci-structures-{timezone.localdate().isoformat()}.xlsx"'
    )
    return response


@requires(Perm.DIRECTORY_EDIT)
def import_template(request: AuthedRequest) -> HttpResponse:
    buffer = io.BytesIO()
    export_structures_xlsx([], buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sosteci-modele-structures.xlsx"'
    return response


def _imports_for(request: AuthedRequest) -> Any:
    return StructureImport.objects.filter(uploaded_by=request.user).defer("content")


@requires(Perm.DIRECTORY_EDIT)
def import_list(request: AuthedRequest) -> HttpResponse:
    form = TerritoryUploadForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = _("Le modèle Excel rempli, ou un export du répertoire corrigé (.xlsx).")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = structure_import_check(by=request.user, filename=upload.name, content=upload.read())
        return redirect("directory:import-detail", pk=record.pk)
    page = Paginator(_imports_for(request), 20).get_page(request.GET.get("page"))
    return render(request, "directory/import_list.html", {"form": form, "page": page})


@requires(Perm.DIRECTORY_EDIT)
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(_imports_for(request), pk=pk)
    report = record.report or {}
    rows = report.get("rows", [])
    show = request.GET.get("show", "issues")
    if show == "issues":
        rows = [r for r in rows if r["action"] == "reject"]
    elif show in {"create", "update", "unchanged"}:
        rows = [r for r in rows if r["action"] == show]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/import_detail.html",
        {"record": record, "report": report, "page": page, "show": show, "query": f"show={show}"},
    )


@require_POST
@requires(Perm.DIRECTORY_EDIT)
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(_imports_for(request), pk=pk)
    try:
        result = structure_import_confirm(by=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Import appliqué : %(created)s structures créées, %(updated)s modifiées.")
            % {"created": result.created, "updated": result.updated},
        )
    return redirect("directory:import-detail", pk=pk)
