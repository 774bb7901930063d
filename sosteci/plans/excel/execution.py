"""The execution sheet of a plan: one row per activity and year, written with the current figures, read back.

Headers (row 1): activité, année, état, avancement (%), montant engagé, montant dépensé, observation; the template
also shows the title and the planned budget, which reading ignores.
"""

from __future__ import annotations

from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils.translation import gettext as _

from sosteci.plans.document import Amount
from sosteci.plans.excel.reading import read_sheet
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


def read_execution_sheet(content: bytes) -> list[ExecutionRow]:
    """The filled rows of the sheet; a file that cannot be read at all raises ExecutionImportError."""
    return read_sheet(
        content,
        sheet_name=SHEET_NAME,
        marker="activité",
        required=REQUIRED,
        columns=COLUMNS,
        filled=("status", "progress", "committed", "spent", "note"),
        make_row=ExecutionRow,
        error=ExecutionImportError,
    )
