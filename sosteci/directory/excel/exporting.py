"""Structures as an XLSX workbook (XlsxWriter): the data sheet, a notice and the lists of codes.

The data sheet has exactly the columns the import reads, so an exported file can be corrected and imported
again; an export without rows is the import template.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils.translation import gettext as _

from sosteci.directory.excel.columns import COLUMNS, SHEET_NAME
from sosteci.directory.models import ServiceType, Structure, StructureKind


def _values(structure: Structure) -> list[Any]:
    coverage = sorted(unit.pcode for unit in structure.coverage.all())
    return [
        structure.code,
        structure.name,
        structure.acronym,
        structure.kind,
        structure.admin_unit.pcode,
        ";".join(structure.services),
        ";".join(coverage),
        structure.address,
        structure.lat,
        structure.lon,
        structure.capacity,
        structure.places_free,
        structure.contact_name,
        structure.phone,
        structure.email,
        structure.authorisation_number,
        structure.authorised_from,
        structure.authorised_until,
        structure.description,
    ]


def _notice(workbook: Any, bold: Any) -> None:
    sheet = workbook.add_worksheet(_("Notice"))
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, _("Répertoire des structures : import et export"), bold)
    lines = [
        _("Une ligne par structure dans la feuille « %(sheet)s » ; la ligne 1 porte les noms des colonnes.")
        % {"sheet": SHEET_NAME},
        _("Une ligne dont le code est rempli modifie cette structure."),
        _("Sans code, la structure est reconnue par son nom et son unité d'implantation, sinon elle est créée."),
        _("Une colonne absente du fichier laisse les valeurs en place ; une cellule vide efface la valeur."),
        _("Le fichier est d'abord vérifié à blanc : chaque ligne refusée est signalée avec la colonne en cause."),
    ]
    for row, line in enumerate(lines, start=1):
        sheet.write_string(row, 1, line)
    sheet.write_string(7, 0, _("Colonne"), bold)
    sheet.write_string(7, 1, _("Contenu"), bold)
    for row, column in enumerate(COLUMNS, start=8):
        sheet.write_string(row, 0, column.name)
        note = str(column.note) + (" " + _("Obligatoire.") if column.required else "")
        sheet.write_string(row, 1, note)


def _lists(workbook: Any, bold: Any) -> None:
    sheet = workbook.add_worksheet(_("Listes"))
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 48)
    sheet.write_string(0, 0, _("Types (colonne type)"), bold)
    row = 1
    for code, label in StructureKind.choices:
        sheet.write_string(row, 0, code)
        sheet.write_string(row, 1, str(label))
        row += 1
    row += 1
    sheet.write_string(row, 0, _("Services (colonne services)"), bold)
    row += 1
    for code, label in ServiceType.choices:
        sheet.write_string(row, 0, code)
        sheet.write_string(row, 1, str(label))
        row += 1


def export_structures_xlsx(structures: Iterable[Structure], out: str | IO[bytes]) -> int:
    """Write the structures (with admin_unit and coverage loaded) to `out`; returns how many rows."""
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet(SHEET_NAME)
    for col, column in enumerate(COLUMNS):
        sheet.set_column(col, col, column.width, text if column.name in {"code", "code_unite", "telephone"} else None)
        sheet.write_string(0, col, column.name, bold)
        sheet.write_comment(0, col, str(column.note))
    sheet.freeze_panes(1, 0)
    count = 0
    for count, structure in enumerate(structures, start=1):
        for col, value in enumerate(_values(structure)):
            if value is None or value == "":
                continue
            if isinstance(value, date):
                sheet.write_datetime(count, col, value, day)
            elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                sheet.write_number(count, col, float(value) if isinstance(value, Decimal) else value)
            else:  # always text: "+225…" or "=…" is never taken for a formula
                sheet.write_string(count, col, str(value))
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    _notice(workbook, bold)
    _lists(workbook, bold)
    workbook.close()
    return count
