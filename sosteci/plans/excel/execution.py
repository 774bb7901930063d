"""The execution sheet of a plan: one row per activity and year, written with the current figures, read back.

Headers (row 1): activité, année, état, avancement (%), montant engagé, montant dépensé, observation; the template
also shows the title and the planned budget, which reading ignores.
"""

from __future__ import annotations

import io
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils.translation import gettext as _

from sosteci.plans.document import Amount
from sosteci.plans.models import ExecutionStatus, Plan
from sosteci.plans.services.execution import ExecutionImportError, ExecutionRow

SHEET_NAME = "Exécution"
COLUMNS = {
    "activité": "activity",
    "année": "year",
    "état": "status",
    "avancement (%)": "progress",
    "montant engagé": "committed",
    "montant dépensé": "spent",
    "observation": "note",
}
REQUIRED = ("activité", "année", "état")
MAX_ROWS = 5000


def write_execution_sheet(plan: Plan, grid: list[dict[str, Any]], stream: IO[bytes]) -> None:
    """The template: every activity-year with its planned budget and what is recorded so far."""
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    header = workbook.add_format({"bold": True, "bg_color": "#E8F1EC", "border": 1, "text_wrap": True})
    money = workbook.add_format({"num_format": "# ##0"})
    grey = workbook.add_format({"font_color": "#666666", "text_wrap": False})
    grey_money = workbook.add_format({"font_color": "#666666", "num_format": "# ##0"})
    headings = [*COLUMNS, _("intitulé (non lu)"), _("budget prévu (non lu)")]
    sheet.write_row(0, 0, headings, header)
    for column, width in enumerate([14, 8, 14, 12, 16, 16, 40, 60, 18]):
        sheet.set_column(column, column, width)
    statuses = [str(label) for _code, label in ExecutionStatus.choices]
    for index, row in enumerate(grid, start=1):
        activity, execution, planned = row["activity"], row["execution"], row["planned"]
        sheet.write_string(index, 0, activity.code)
        sheet.write_number(index, 1, row["year"])
        if execution is not None:
            sheet.write_string(index, 2, execution.get_status_display())
            sheet.write_number(index, 3, execution.progress)
            sheet.write_number(index, 4, execution.committed, money)
            sheet.write_number(index, 5, execution.spent, money)
            sheet.write_string(index, 6, execution.note)
        sheet.write_string(index, 7, activity.title, grey)
        if isinstance(planned, Amount) and planned.value is not None:
            sheet.write_number(index, 8, planned.value, grey_money)
        elif isinstance(planned, Amount) and not planned.is_blank:
            sheet.write_string(index, 8, str(planned), grey)
        elif activity.total_cost_tbd:
            sheet.write_string(index, 8, str(activity.total), grey)
    if grid:
        sheet.data_validation(1, 2, len(grid), 2, {"validate": "list", "source": statuses})
    sheet.freeze_panes(1, 2)
    sheet.write_string(
        len(grid) + 2, 0, _("Plan %(code)s : une ligne par activité et par année.") % {"code": plan.code}
    )
    workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_execution_sheet(content: bytes) -> list[ExecutionRow]:
    """The filled rows of the sheet; a file that cannot be read at all raises ExecutionImportError."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not content:
        raise ExecutionImportError([_("Le fichier est vide.")])
    if content[:2] != b"PK":
        raise ExecutionImportError([_("Le fichier n'est pas un classeur Excel (.xlsx) : partez du modèle téléchargé.")])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise ExecutionImportError(
            [_("Le fichier n'est pas un classeur Excel lisible (.xlsx) : %(error)s") % {"error": exc}]
        ) from exc
    try:
        for worksheet in sorted(workbook.worksheets, key=lambda ws: ws.title != SHEET_NAME):
            rows = worksheet.iter_rows(values_only=True)
            header = [str(v).strip().lower() if v is not None else "" for v in next(rows, None) or ()]
            if "activité" in header:
                return _rows(header, rows)
        raise ExecutionImportError(
            [_("Aucune feuille n'a de colonne « activité » en ligne 1 : partez du modèle téléchargé.")]
        )
    finally:
        workbook.close()


def _rows(header: list[str], rows: Any) -> list[ExecutionRow]:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ExecutionImportError(
            [_("Colonnes obligatoires absentes : %(missing)s.") % {"missing": ", ".join(missing)}]
        )
    positions = {COLUMNS[name]: header.index(name) for name in COLUMNS if name in header}
    result = []
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        if all(_blank(cells.get(name)) for name in ("status", "progress", "committed", "spent", "note")):
            continue  # an activity-year of the template left empty
        result.append(ExecutionRow(row=number, **cells))
        if len(result) > MAX_ROWS:
            raise ExecutionImportError(
                [_("Fichier trop grand : plus de %(max)s lignes. Découpez-le.") % {"max": MAX_ROWS}]
            )
    return result
