"""Writes to the knowledge base: documents (with their file), reference series and their values; each change is
validated whole (nothing partial is saved) and written to the audit trail in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, require
from sosteci.core.documents import check_document, download_name
from sosteci.knowledge.models import Document, ReferenceSeries, SeriesValue
from sosteci.territory.models import AdminUnit

Errors = dict[str, list[str]]
DOCUMENT_FIELDS = (
    "title",
    "authors",
    "year",
    "published_on",
    "publisher",
    "kind",
    "scope",
    "themes",
    "abstract",
    "language",
    "external_url",
    "reference",
)
SERIES_FIELDS = ("code", "name", "document", "unit", "methodology", "indicator_code")
VALUE_FIELDS = (
    "year",
    "period_label",
    "admin_unit",
    "sex",
    "age_band",
    "value",
    "ci_low",
    "ci_high",
    "source_location",
    "note",
)


def _may(by: User | None, perm: Perm) -> None:
    if by is not None:
        require(by, perm)


def _clean(errors: Errors, obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").strip()


# --- Documents ---------------------------------------------------------------------------------------------------


@dataclass
class DocumentData:
    title: str
    year: int | None
    kind: str
    authors: str = ""
    published_on: date | None = None
    publisher: str = ""
    scope: str = "national"
    units: list[AdminUnit] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    abstract: str = ""
    language: str = "fr"
    external_url: str = ""
    reference: str = ""


def document_data_from(document: Document) -> DocumentData:
    values = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    return DocumentData(**values, units=list(document.units.all()))


def _apply(document: Document, data: DocumentData) -> None:
    document.title = _one_line(data.title)
    document.authors = _one_line(data.authors)
    document.year = data.year
    document.published_on = data.published_on
    document.publisher = _one_line(data.publisher)
    document.kind = data.kind
    document.scope = data.scope
    document.themes = list(dict.fromkeys(data.themes))
    document.abstract = _text(data.abstract)
    document.language = data.language
    document.external_url = (data.external_url or "").strip()
    document.reference = _one_line(data.reference)


def _state(document: Document, units: list[AdminUnit]) -> dict[str, Any]:
    return {**snapshot(document, DOCUMENT_FIELDS), "units": sorted(u.pcode for u in units), "file": document.file_name}


def _check(document: Document, has_file: bool) -> None:
    errors: Errors = {}
    _clean(errors, document, exclude=["file", "file_name", "file_size", "search_text"])
    if not (has_file or document.external_url or document.reference):
        errors.setdefault("reference", []).append(
            _("Joignez le fichier, ou indiquez son adresse en ligne ou sa référence : où trouver ce document ?")
        )
    _raise_if(errors)


def _attach(document: Document, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    try:
        check_document(upload, _("Fichier"))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original = download_name(upload.name or "", "document")
    document.file.save(original, upload, save=False)
    document.file_name = original
    document.file_size = upload.size


@transaction.atomic
def document_create(
    *, by: User | None, data: DocumentData, upload: UploadedFile | None = None, actor_label: str = ""
) -> Document:
    _may(by, Perm.KNOWLEDGE_EDIT)
    document = Document(recorded_by=by)
    units = list(dict.fromkeys(data.units))
    _apply(document, data)
    _check(document, has_file=upload is not None)
    _attach(document, upload)
    document.save()
    document.units.set(units)
    audit_record(
        actor=by, actor_label=actor_label, action="document.create", obj=document, after=_state(document, units)
    )
    return document


@transaction.atomic
def document_update(
    *,
    by: User | None,
    document: Document,
    data: DocumentData,
    upload: UploadedFile | None = None,
    actor_label: str = "",
) -> Document:
    """Change a document; a new file replaces the former one."""
    _may(by, Perm.KNOWLEDGE_EDIT)
    current = list(document.units.all())
    units = list(dict.fromkeys(data.units))
    before = _state(document, current)
    _apply(document, data)
    _check(document, has_file=upload is not None or bool(document.file))
    _attach(document, upload)
    old, new = diff(before, _state(document, units))
    if not new and upload is None:
        return document
    document.save()
    if "units" in new:
        document.units.set(units)
    audit_record(actor=by, actor_label=actor_label, action="document.update", obj=document, before=old, after=new)
    return document


# --- Reference series ----------------------------------------------------------------------------------------------


@dataclass
class SeriesData:
    code: str
    name: str
    document: Document
    unit: str
    methodology: str = ""
    indicator_code: str = ""


def series_data_from(series: ReferenceSeries) -> SeriesData:
    return SeriesData(**{name: getattr(series, name) for name in SERIES_FIELDS})


def _apply_series(series: ReferenceSeries, data: SeriesData) -> None:
    series.code = (data.code or "").strip().lower()
    series.name = _one_line(data.name)
    series.document = data.document
    series.unit = data.unit
    series.methodology = _text(data.methodology)
    series.indicator_code = (data.indicator_code or "").strip().upper()


def _check_series(series: ReferenceSeries) -> None:
    errors: Errors = {}
    _clean(errors, series)
    taken = ReferenceSeries.objects.filter(code=series.code).exclude(pk=series.pk)
    if series.code and taken.exists():
        errors.setdefault("code", []).append(_("Le code « %(code)s » est déjà pris.") % {"code": series.code})
    _raise_if(errors)


@transaction.atomic
def series_create(*, by: User | None, data: SeriesData, actor_label: str = "") -> ReferenceSeries:
    _may(by, Perm.KNOWLEDGE_EDIT)
    series = ReferenceSeries()
    _apply_series(series, data)
    _check_series(series)
    series.save()
    audit_record(
        actor=by, actor_label=actor_label, action="series.create", obj=series, after=snapshot(series, SERIES_FIELDS)
    )
    return series


@transaction.atomic
def series_update(
    *, by: User | None, series: ReferenceSeries, data: SeriesData, actor_label: str = ""
) -> ReferenceSeries:
    _may(by, Perm.KNOWLEDGE_EDIT)
    before = snapshot(series, SERIES_FIELDS)
    _apply_series(series, data)
    _check_series(series)
    old, new = diff(before, snapshot(series, SERIES_FIELDS))
    if not new:
        return series
    series.save()
    audit_record(actor=by, actor_label=actor_label, action="series.update", obj=series, before=old, after=new)
    return series


@dataclass
class ValueData:
    year: int
    admin_unit: AdminUnit
    value: Decimal
    period_label: str = ""
    sex: str = ""
    age_band: str = ""
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    source_location: str = ""
    note: str = ""


@transaction.atomic
def value_set(*, by: User | None, series: ReferenceSeries, data: ValueData, actor_label: str = "") -> SeriesValue:
    """Record a published value, or correct the one already recorded for the same year, unit, sex and age band."""
    _may(by, Perm.KNOWLEDGE_EDIT)
    value = SeriesValue.objects.filter(
        series=series, year=data.year, admin_unit=data.admin_unit, sex=data.sex or "", age_band=data.age_band or ""
    ).first() or SeriesValue(series=series)
    before = snapshot(value, VALUE_FIELDS) if value.pk else {}
    value.year = data.year
    value.period_label = _one_line(data.period_label)
    value.admin_unit = data.admin_unit
    value.sex = data.sex or ""
    value.age_band = data.age_band or ""
    value.value = data.value
    value.ci_low = data.ci_low
    value.ci_high = data.ci_high
    value.source_location = _one_line(data.source_location)
    value.note = _one_line(data.note)
    errors: Errors = {}
    _clean(errors, value)
    _raise_if(errors)
    old, new = diff(before, snapshot(value, VALUE_FIELDS))
    if not new:
        return value
    created = value.pk is None
    value.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="series.value_create" if created else "series.value_update",
        obj=value,
        before=old,
        after={"series": series.code, **new},
    )
    return value


@transaction.atomic
def value_remove(*, by: User | None, value: SeriesValue, actor_label: str = "") -> None:
    _may(by, Perm.KNOWLEDGE_EDIT)
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="series.value_delete",
        obj=value,
        before={"series": value.series.code, **snapshot(value, VALUE_FIELDS)},
    )
    value.delete()
