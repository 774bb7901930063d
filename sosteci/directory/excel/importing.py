"""Structures imported from Excel: the file is checked row by row (dry run, stored), then applied on confirmation.

A row with a code updates that structure; without a code it is matched on its name and unit, or created.
A row with an error is rejected alone and reported with its row number and column; an unchanged row writes
nothing, so importing the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.core.text import clean_spaces, name_key
from sosteci.directory.excel.columns import BY_NAME, COLUMN_OF_FIELD, REQUIRED, SHEET_NAME
from sosteci.directory.models import ServiceType, Structure, StructureImport, StructureKind
from sosteci.directory.policy import may_edit
from sosteci.directory.services import (
    StructureData,
    structure_check,
    structure_create,
    structure_data_from,
    structure_update,
)
from sosteci.registry.excel.cells import CellError, parse_date, parse_decimal, parse_int, parse_phone, parse_text
from sosteci.territory.models import AdminUnit

MAX_ROWS = 5000
CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"
_SPLIT = (";", ",", "\n")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for users (French)."""


@dataclass
class Sheet:
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row number, {column: cell})
    ignored: list[str] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(content: bytes) -> Sheet:
    """The rows of the "Structures" sheet (or the first sheet with a "nom" column), keyed by header."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not content:
        raise ImportFileError(_("Le fichier est vide."))
    if content[:2] != b"PK":
        raise ImportFileError(_("Le fichier n'est pas un classeur Excel (.xlsx) : utilisez le modèle ou un export."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise ImportFileError(
            _("Le fichier n'est pas un classeur Excel lisible (.xlsx) : %(error)s") % {"error": exc}
        ) from exc
    try:
        for worksheet in sorted(workbook.worksheets, key=lambda ws: ws.title != SHEET_NAME):
            rows = worksheet.iter_rows(values_only=True)
            header = [str(v).strip().lower() if v is not None else "" for v in next(rows, None) or ()]
            if "nom" in header:
                return _collect(header, rows)
        raise ImportFileError(
            _("Aucune feuille n'a de colonne « nom » en ligne 1 : téléchargez le modèle et recommencez.")
        )
    finally:
        workbook.close()


def _collect(header: list[str], rows: Any) -> Sheet:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("Colonnes obligatoires absentes : %(missing)s. Téléchargez le modèle et recommencez.")
            % {"missing": ", ".join(missing)}
        )
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise ImportFileError(
            _("Des colonnes apparaissent deux fois : %(columns)s.") % {"columns": ", ".join(duplicated)}
        )
    known = [(i, h) for i, h in enumerate(header) if h in BY_NAME]
    sheet = Sheet(columns=[h for _i, h in known], rows=[], ignored=[h for h in header if h and h not in BY_NAME])
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for i, name in known}
        if all(_blank(v) for v in cells.values()):
            continue
        sheet.rows.append((number, cells))
        if len(sheet.rows) > MAX_ROWS:
            raise ImportFileError(
                _("Fichier trop grand : plus de %(max)s structures. Découpez-le en plusieurs fichiers.")
                % {"max": MAX_ROWS}
            )
    if not sheet.rows:
        raise ImportFileError(_("Le fichier ne contient aucune structure sous la ligne des en-têtes."))
    return sheet


def _lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Codes and French labels, by their matching key."""
    found = {name_key(code): code for code, _label in choices}
    found.update({name_key(str(label)): code for code, label in choices})
    return found


def _split(value: Any) -> list[str]:
    text = parse_text(value) if not isinstance(value, str) else value
    for separator in _SPLIT[1:]:
        text = text.replace(separator, _SPLIT[0])
    return [part.strip() for part in text.split(_SPLIT[0]) if part.strip()]


def _non_negative(value: Any) -> int:
    number = parse_int(value)
    if number < 0:
        raise CellError(_("« %(value)s » : un nombre positif ou nul est attendu.") % {"value": value})
    return number


def _email(value: Any) -> str:
    text = parse_text(value)
    try:
        validate_email(text)
    except ValidationError as exc:
        raise CellError(_("« %(value)s » n'est pas une adresse électronique valide.") % {"value": text}) from exc
    return text


@dataclass
class RowPlan:
    row: int
    name: str = ""
    code: str = ""
    action: str = REJECT
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    changes: list[str] = field(default_factory=list)  # columns that change
    data: StructureData | None = None
    structure: Structure | None = None

    def error(self, column: str, message: str) -> None:
        if all(c != column for c, _m in self.errors):
            self.errors.append((column, message))

    def texts(self) -> list[str]:
        return [
            _("Ligne %(row)s, %(column)s : %(message)s") % {"row": self.row, "column": column, "message": message}
            for column, message in self.errors
        ]


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED, REJECT), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def as_report(self) -> dict[str, Any]:
        return {
            "total_rows": len(self.rows),
            "counts": self.counts(),
            "issues_total": sum(len(r.errors) for r in self.rows),
            "rows": [
                {
                    "row": r.row,
                    "name": r.name,
                    "code": r.code,
                    "action": r.action,
                    "changes": r.changes,
                    "errors": r.texts(),
                }
                for r in self.rows
            ],
            "warnings": self.warnings,
        }


class _Planner:
    """Reads the cells of each row and decides what becomes of it, with few queries for the whole file."""

    def __init__(self, sheet: Sheet, by: User) -> None:
        self.sheet, self.by = sheet, by
        self.kinds = _lookup(StructureKind.choices)
        self.services = _lookup(ServiceType.choices)
        pcodes: set[str] = set()
        codes: set[str] = set()
        for _number, cells in sheet.rows:
            pcodes.update(p.upper() for p in _split(cells.get("code_unite") or ""))
            pcodes.update(p.upper() for p in _split(cells.get("zones") or ""))
            codes.add(parse_text(cells.get("code")).upper())
        self.units = {u.pcode.upper(): u for u in AdminUnit.objects.filter(pcode__in=pcodes)}
        existing = Structure.objects.select_related("admin_unit").prefetch_related("coverage")
        self.by_code = {s.code: s for s in existing.filter(code__in=codes - {""})}
        self.by_name = {
            (clean_spaces(s.name).casefold(), s.admin_unit_id): s
            for s in existing.filter(admin_unit__in=list(self.units.values()))
        }
        self.seen: dict[Any, int] = {}

    def parse(self, plan: RowPlan, cells: dict[str, Any]) -> dict[str, Any]:
        """{StructureData attribute: value} for the columns present in the file; errors go to the plan."""
        parsers = {
            "nom": parse_text,
            "sigle": parse_text,
            "type": self.kind,
            "code_unite": self.unit,
            "services": self.service_list,
            "zones": self.zones,
            "adresse": parse_text,
            "latitude": parse_decimal,
            "longitude": parse_decimal,
            "capacite": _non_negative,
            "places_libres": _non_negative,
            "contact": parse_text,
            "telephone": parse_phone,
            "email": _email,
            "agrement": parse_text,
            "agrement_du": parse_date,
            "agrement_au": parse_date,
            "description": lambda v: str(v).strip(),
        }
        values: dict[str, Any] = {}
        for name, parse in parsers.items():
            if name not in cells:
                continue
            column = BY_NAME[name]
            raw = cells[name]
            if _blank(raw):
                if column.required:
                    plan.error(name, _("cette information est obligatoire."))
                else:
                    values[column.field] = _empty(column.field)
                continue
            try:
                values[column.field] = parse(raw)
            except CellError as exc:
                plan.error(name, str(exc))
        return values

    def kind(self, value: Any) -> str:
        found = self.kinds.get(name_key(parse_text(value)))
        if found is None:
            raise CellError(_("type inconnu « %(value)s » (voir la feuille Listes).") % {"value": parse_text(value)})
        return found

    def service_list(self, value: Any) -> list[str]:
        found = []
        for part in _split(value):
            code = self.services.get(name_key(part))
            if code is None:
                raise CellError(_("service inconnu « %(value)s » (voir la feuille Listes).") % {"value": part})
            found.append(code)
        return found

    def unit(self, value: Any) -> AdminUnit:
        pcode = parse_text(value).upper()
        unit = self.units.get(pcode)
        if unit is None:
            raise CellError(_("P-code inconnu « %(pcode)s ».") % {"pcode": pcode})
        return unit

    def zones(self, value: Any) -> list[AdminUnit]:
        pcodes = [p.upper() for p in _split(value)]
        unknown = [p for p in pcodes if p not in self.units]
        if unknown:
            raise CellError(_("P-codes inconnus : %(pcodes)s.") % {"pcodes": ", ".join(unknown)})
        return list({p: self.units[p] for p in pcodes}.values())

    def match(self, plan: RowPlan, cells: dict[str, Any], values: dict[str, Any]) -> Structure | None:
        code = parse_text(cells.get("code")).upper()
        if code:
            structure = self.by_code.get(code)
            if structure is None:
                plan.error("code", _("aucune structure ne porte le code « %(code)s ».") % {"code": code})
            return structure
        unit = values.get("admin_unit")
        if unit is None or not values.get("name"):
            return None
        return self.by_name.get((clean_spaces(values["name"]).casefold(), unit.pk))

    def plan_row(self, number: int, cells: dict[str, Any]) -> RowPlan:
        plan = RowPlan(row=number, name=parse_text(cells.get("nom")), code=parse_text(cells.get("code")).upper())
        values = self.parse(plan, cells)
        structure = self.match(plan, cells, values)
        if structure is not None:
            plan.structure, plan.code = structure, structure.code
            if not may_edit(self.by, structure):
                plan.error(
                    "code" if parse_text(cells.get("code")) else "code_unite",
                    _(
                        "la structure « %(name)s » est hors de votre ressort territorial : "
                        "vous ne pouvez pas la modifier."
                    )
                    % {"name": structure.name},
                )
        unit = values.get("admin_unit")
        key: Any = structure.pk if structure is not None else (clean_spaces(plan.name).casefold(), unit and unit.pk)
        if key in self.seen:
            plan.error("nom", _("la même structure figure déjà à la ligne %(row)s.") % {"row": self.seen[key]})
        else:
            self.seen[key] = number
        if plan.errors:
            return plan
        plan.data = self.data(structure, values)
        try:
            changes = structure_check(by=self.by, data=plan.data, structure=structure)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                plan.error(COLUMN_OF_FIELD.get(name, "nom"), " ".join(messages))
            return plan
        plan.changes = [COLUMN_OF_FIELD.get(name, name) for name in changes]
        plan.action = CREATE if structure is None else (UPDATE if changes else UNCHANGED)
        return plan

    @staticmethod
    def data(structure: Structure | None, values: dict[str, Any]) -> StructureData:
        """The input of the service: the file's values over the structure's current ones (absent columns)."""
        if structure is not None:
            base = vars(structure_data_from(structure))
        else:
            base = {"name": "", "kind": "", "admin_unit": None}
        return StructureData(**{**base, **values})

    def plan(self) -> ImportPlan:
        plan = ImportPlan(rows=[self.plan_row(number, cells) for number, cells in self.sheet.rows])
        if self.sheet.ignored:
            plan.warnings.append(
                _("Colonnes ignorées (inconnues du modèle) : %(columns)s.") % {"columns": ", ".join(self.sheet.ignored)}
            )
        return plan


def _empty(attribute: str) -> Any:
    if attribute in {"services", "coverage"}:
        return []
    if attribute in {"lat", "lon", "capacity", "places_free", "authorised_from", "authorised_until"}:
        return None
    return ""


def plan_file(*, by: User, content: bytes) -> ImportPlan:
    """Read and check a file against the repertoire as it is now (nothing is written)."""
    return _Planner(read_workbook(content), by).plan()


def _require(by: User) -> None:
    if not may(by, Perm.DIRECTORY_EDIT):
        raise PermissionDenied(Perm.DIRECTORY_EDIT.value)


def structure_import_check(*, by: User, filename: str, content: bytes) -> StructureImport:
    """Store an uploaded file with its dry-run report; an unreadable file is stored as refused, with the reason."""
    _require(by)
    record = StructureImport(
        filename=filename[:255], content=content, sha256=hashlib.sha256(content).hexdigest(), uploaded_by=by
    )
    try:
        record.report = plan_file(by=by, content=content).as_report()
    except ImportFileError as exc:
        record.status = StructureImport.Status.FAILED
        record.report = {"error": str(exc)}
    record.save()
    return record


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@transaction.atomic
def structure_import_confirm(*, by: User, record: StructureImport) -> ImportResult:
    """Apply a checked upload: checked again against the repertoire as it is now; its valid rows are written
    through the services (each audited), rejected rows stay in the report only."""
    _require(by)
    locked = StructureImport.objects.select_for_update().get(pk=record.pk)
    if locked.uploaded_by_id != by.pk:
        raise PermissionDenied
    if locked.status != StructureImport.Status.CHECKED:
        raise ValidationError(
            _("Cet import n'attend pas de confirmation (état : %(status)s).") % {"status": locked.get_status_display()}
        )
    try:
        plan = plan_file(by=by, content=bytes(locked.content))
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc
    counts = plan.counts()
    if not counts[CREATE] and not counts[UPDATE]:
        raise ValidationError(_("Rien à appliquer : aucune ligne ne crée ni ne modifie de structure."))
    result = ImportResult(unchanged=counts[UNCHANGED], rejected=counts[REJECT])
    for row in plan.rows:
        if row.data is None:
            continue
        if row.action == CREATE:
            created = structure_create(by=by, data=row.data)
            row.code = created.code
            result.created += 1
        elif row.action == UPDATE and row.structure is not None:
            structure_update(by=by, structure=row.structure, data=row.data)
            result.updated += 1
    locked.status = StructureImport.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.report = {**plan.as_report(), "applied": vars(result)}
    locked.save(update_fields=["status", "applied_at", "report", "updated_at"])
    audit_record(
        actor=by,
        action="structure.import",
        obj=locked,
        object_repr=locked.filename,
        after={"sha256": locked.sha256, **vars(result)},
    )
    record.status, record.applied_at, record.report = locked.status, locked.applied_at, locked.report
    return result
