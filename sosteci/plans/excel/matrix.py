"""A plan's matrix, and the joint matrix, as XLSX workbooks (XlsxWriter) laid out as the plan document's tables.

The plan: under the headings, each axis, objective and action on a row of its own, its activities below (code,
title, responsible body, partners, total cost, one column per year), then the action's, objective's and axis's
subtotals and the plan's total, all computed from the activities. PM is written "PM", a cost to be defined
"A définir", a blank cell stays blank.
"""

from __future__ import annotations

from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils.translation import gettext as _

from sosteci.plans.document import Amount, Budget, PlanDoc
from sosteci.plans.selectors.joint import JointMatrix

FIRST_ROW = 4  # the header row (0-based); the title and the unit above it


def matrix_headers(years: list[int]) -> list[str]:
    return [
        _("Code"),
        _("Intitulé"),
        _("Structure responsable"),
        _("Partenaires d'exécution"),
        _("Durée"),
        _("Coût total (F CFA)"),
        *[str(y) for y in years],
    ]


class _Writer:
    def __init__(self, stream: IO[bytes], sheet_name: str) -> None:
        self.workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        self.sheet = self.workbook.add_worksheet(sheet_name[:31])
        fmt = self.workbook.add_format
        self.formats = {
            "title": fmt({"bold": True, "font_size": 13}),
            "header": fmt(
                {"bold": True, "bg_color": "#1F4E3D", "font_color": "#FFFFFF", "border": 1, "text_wrap": True}
            ),
            "axis": fmt({"bold": True, "bg_color": "#C6DCD0", "border": 1, "text_wrap": True}),
            "objective": fmt({"bold": True, "bg_color": "#DDEBE3", "border": 1, "text_wrap": True}),
            "action": fmt({"bold": True, "bg_color": "#EEF5F1", "border": 1, "text_wrap": True}),
            "activity": fmt({"border": 1, "text_wrap": True, "valign": "top"}),
            "subtotal": fmt({"bold": True, "bg_color": "#F2F2F2", "border": 1}),
            "total": fmt({"bold": True, "bg_color": "#D9D9D9", "border": 1}),
        }
        self.money = {
            name: fmt({**props, "num_format": "# ##0", "align": "right"})
            for name, props in {
                "activity": {"border": 1, "valign": "top"},
                "subtotal": {"bold": True, "bg_color": "#F2F2F2", "border": 1},
                "total": {"bold": True, "bg_color": "#D9D9D9", "border": 1},
                "axis": {"bold": True, "bg_color": "#C6DCD0", "border": 1},
                "objective": {"bold": True, "bg_color": "#DDEBE3", "border": 1},
                "action": {"bold": True, "bg_color": "#EEF5F1", "border": 1},
            }.items()
        }
        self.row = 0

    def amount(self, column: int, cell: Amount | int | None, style: str) -> None:
        if isinstance(cell, int):
            self.sheet.write_number(self.row, column, cell, self.money[style])
        elif cell is None or cell.is_blank:
            self.sheet.write_blank(self.row, column, None, self.formats[style])
        elif cell.value is not None:
            self.sheet.write_number(self.row, column, cell.value, self.money[style])
        else:
            self.sheet.write_string(self.row, column, str(cell), self.money[style])

    def text_row(self, values: list[Any], style: str, width: int) -> None:
        for column in range(width):
            value = values[column] if column < len(values) else ""
            self.sheet.write(self.row, column, value, self.formats[style])
        self.row += 1

    def close(self) -> None:
        self.workbook.close()


def _sums(budgets: list[Budget], years: list[int]) -> tuple[int, dict[int, int]]:
    return (
        sum(b.total.figure for b in budgets),
        {y: sum(b.cell(y).figure for b in budgets) for y in years},
    )


def write_plan_matrix(document: PlanDoc, stream: IO[bytes]) -> None:
    """The plan's matrix; subtotals are the sums of the activities beneath them."""
    years = document.years
    headers = matrix_headers(years)
    width = len(headers)
    out = _Writer(stream, _("Matrice"))
    sheet = out.sheet
    sheet.write(0, 0, document.title, out.formats["title"])
    sheet.write(
        1,
        0,
        _("Code du plan : %(code)s · période %(start)s-%(end)s · montants en F CFA")
        % {"code": document.code, "start": document.start_year, "end": document.end_year},
    )
    sheet.write(2, 0, _("Sous-totaux et totaux calculés à partir des activités ; PM : pour mémoire, sans montant."))
    out.row = FIRST_ROW
    sheet.write_row(out.row, 0, headers, out.formats["header"])
    out.row += 1
    for column, size in enumerate([12, 60, 24, 30, 16, 16, *[14] * len(years)]):
        sheet.set_column(column, column, size)

    def subtotal(label: str, budgets: list[Budget], style: str) -> None:
        total, by_year = _sums(budgets, years)
        out.text_row(["", label], style, 5)
        out.row -= 1
        out.amount(5, total, style)
        for offset, year in enumerate(years):
            out.amount(6 + offset, by_year[year], style)
        out.row += 1

    for axis in document.axes:
        out.text_row(
            [axis.code, _("Axe stratégique %(code)s : %(title)s") % {"code": axis.code, "title": axis.title}],
            "axis",
            width,
        )
        for objective in axis.objectives:
            out.text_row(
                [
                    objective.code,
                    _("Objectif stratégique %(code)s : %(title)s") % {"code": objective.code, "title": objective.title},
                ],
                "objective",
                width,
            )
            for action in objective.actions:
                out.text_row(
                    [action.code, _("Action %(code)s : %(title)s") % {"code": action.code, "title": action.title}],
                    "action",
                    width,
                )
                for activity in action.activities:
                    out.text_row(
                        [activity.code, activity.title, activity.responsible, activity.partners, activity.duration],
                        "activity",
                        5,
                    )
                    out.row -= 1
                    out.amount(5, activity.budget.total, "activity")
                    for offset, year in enumerate(years):
                        out.amount(6 + offset, activity.budget.cell(year), "activity")
                    out.row += 1
                subtotal(
                    _("Sous-total action %(code)s") % {"code": action.code},
                    [a.budget for a in action.activities],
                    "subtotal",
                )
            subtotal(
                _("Sous-total objectif %(code)s") % {"code": objective.code},
                [a.budget for a in objective.activities()],
                "subtotal",
            )
        subtotal(_("Total axe %(code)s") % {"code": axis.code}, [a.budget for a in axis.activities()], "total")
    subtotal(_("Budget total"), [a.budget for a in document.activities()], "total")
    sheet.freeze_panes(FIRST_ROW + 1, 2)
    out.close()


def joint_headers(years: list[int]) -> list[str]:
    return [
        _("Lien"),
        _("Plan"),
        _("Code"),
        _("Activité"),
        _("Structure responsable"),
        _("Partenaires d'exécution"),
        _("Coût total (F CFA)"),
        *[str(y) for y in years],
        _("Note"),
    ]


def write_joint_matrix(matrix: JointMatrix, stream: IO[bytes]) -> None:
    """One row per side of each link (the two activities one under the other), then each plan's total (its
    activities counted once) and the grand total."""
    years = matrix.years
    headers = joint_headers(years)
    out = _Writer(stream, _("Matrice conjointe"))
    sheet = out.sheet
    sheet.write(0, 0, _("Matrice des activités conjointes"), out.formats["title"])
    sheet.write(1, 0, _("Montants en F CFA ; PM : pour mémoire, sans montant."))
    out.row = FIRST_ROW
    sheet.write_row(out.row, 0, headers, out.formats["header"])
    out.row += 1
    for column, size in enumerate([6, 20, 12, 60, 24, 30, 16, *[14] * len(years), 40]):
        sheet.set_column(column, column, size)
    note_column = 7 + len(years)
    for number, row in enumerate(matrix.rows, start=1):
        for index, side in enumerate(row.sides):
            activity = side.activity
            out.text_row(
                [
                    number if index == 0 else "",
                    side.plan,
                    activity.code,
                    activity.title,
                    activity.responsible,
                    activity.partners,
                ],
                "activity",
                6,
            )
            out.row -= 1
            out.amount(6, side.total, "activity")
            for offset, year in enumerate(years):
                out.amount(7 + offset, side.years.get(year), "activity")
            sheet.write(out.row, note_column, row.link.note if index == 0 else "", out.formats["activity"])
            out.row += 1
    for total in matrix.totals:
        out.text_row(
            ["", total.plan, "", _("Total du plan (%(n)s activités)") % {"n": total.activities}], "subtotal", 6
        )
        out.row -= 1
        out.amount(6, total.total, "subtotal")
        for offset, year in enumerate(years):
            out.amount(7 + offset, total.years.get(year, 0), "subtotal")
        out.row += 1
    out.text_row(["", "", "", _("Total général")], "total", 6)
    out.row -= 1
    out.amount(6, matrix.grand_total, "total")
    for offset, year in enumerate(years):
        out.amount(7 + offset, matrix.grand_years[year], "total")
    sheet.freeze_panes(FIRST_ROW + 1, 3)
    out.close()
