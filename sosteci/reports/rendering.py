"""A report as HTML (the on-screen preview and the PDF share one template), as PDF (WeasyPrint) and as XLSX
(XlsxWriter in constant memory: a sheet of synthesis, then one sheet per table, written row by row)."""

from __future__ import annotations

import re
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sosteci.reports.document import Cell, Kind, Report, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def render_pdf_html(report: Report) -> str:
    """The standalone page WeasyPrint prints: the preview's body with the print stylesheet, nothing fetched."""
    return render_to_string("reports/pdf.html", {"report": report})


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs a second that other pages need not pay

    pdf: bytes = HTML(string=render_pdf_html(report), base_url=None).write_pdf()
    return pdf


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or _("Tableau")
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


class _Formats:
    def __init__(self, workbook: Any) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.subtitle = workbook.add_format({"italic": True})
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#E8F1EC", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.bold = workbook.add_format({"bold": True})
        self.note = workbook.add_format({"italic": True, "font_color": "#555555", "text_wrap": False})
        plain = {Kind.COUNT: "#,##0", Kind.AMOUNT: "#,##0", Kind.PERCENT: "0.0"}
        self.numbers = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in plain.items()}
        self.total_numbers = {
            kind: workbook.add_format({"num_format": fmt, "bold": True}) for kind, fmt in plain.items()
        }
        self.hidden = workbook.add_format({"align": "right", "font_color": "#6c757d"})
        self.total_hidden = workbook.add_format({"align": "right", "font_color": "#6c757d", "bold": True})


def _write_cell(sheet: Any, row: int, col: int, cell: Cell, formats: _Formats, total: bool) -> None:
    if cell.suppressed:
        sheet.write_string(row, col, cell.text, formats.total_hidden if total else formats.hidden)
    elif cell.value is None:
        return
    elif cell.kind == Kind.TEXT:
        sheet.write_string(row, col, str(cell.value), formats.bold if total else None)
    else:
        sheet.write_number(row, col, cell.value, (formats.total_numbers if total else formats.numbers)[cell.kind])


def _write_table(workbook: Any, table: Table, taken: set[str], formats: _Formats) -> None:
    sheet = workbook.add_worksheet(_sheet_name(table.sheet or table.title, taken))
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, column.width)
    sheet.write_string(0, 0, table.title, formats.title)
    sheet.write_row(2, 0, [column.label for column in table.columns], formats.header)
    first_total = len(table.rows) - table.total_rows
    row_number = 3
    for i, cells in enumerate(table.rows):
        for col, cell in enumerate(cells):
            _write_cell(sheet, row_number, col, cell, formats, i >= first_total)
        row_number += 1
    if table.note:
        sheet.write_string(row_number + 1, 0, table.note, formats.note)
    sheet.freeze_panes(3, 1)


def write_xlsx(report: Report, target: str | IO[bytes]) -> None:
    """The workbook of a report: synthesis first (facts, key figures, notes), then each table on its sheet."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "remove_timezone": True})
    formats = _Formats(workbook)
    taken: set[str] = set()
    summary = workbook.add_worksheet(_sheet_name(_("Synthèse"), taken))
    summary.set_column(0, 0, 48)
    summary.set_column(1, 1, 40)
    summary.write_string(0, 0, report.title, formats.title)
    summary.write_string(1, 0, report.subtitle, formats.subtitle)
    row = 3
    for label, value in report.facts:
        summary.write_string(row, 0, label, formats.bold)
        summary.write_string(row, 1, value)
        row += 1
    if report.key_figures:
        row += 1
        summary.write_string(row, 0, _("Chiffres clés"), formats.bold)
        row += 1
        for figure in report.key_figures:
            summary.write_string(row, 0, figure.label)
            _write_cell(summary, row, 1, figure.cell, formats, False)
            row += 1
    row += 1
    summary.write_string(row, 0, _("Tableaux"), formats.bold)
    row += 1
    for table in report.tables():
        summary.write_string(row, 0, table.title)
        row += 1
    for note in report.notes:
        row += 1
        summary.write_string(row, 0, note, formats.note)
    for table in report.tables():
        _write_table(workbook, table, taken, formats)
    workbook.close()
