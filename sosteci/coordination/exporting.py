"""The prefect's repertoire of validated programmes in force in a département, as an XLSX workbook (XlsxWriter)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.coordination.models import Programme
from sosteci.territory.models import AdminUnit


def headers() -> list[str]:
    return [
        _("Code"),
        _("Intitulé"),
        _("Structure de mise en œuvre"),
        _("Bailleurs"),
        _("Zones d'intervention"),
        _("Début"),
        _("Fin"),
        _("Budget (FCFA)"),
        _("Groupes cibles"),
        _("Validé le"),
    ]


def export_repertoire_xlsx(programmes: Iterable[Programme], departement: AdminUnit, on: date, stream: IO[bytes]) -> int:
    """Write the repertoire (programmes with zones and funders prefetched); returns the number of programmes."""
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet(_("Répertoire")[:31])
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#E8F1EC", "border": 1, "text_wrap": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    money = workbook.add_format({"num_format": "# ##0"})
    sheet.write(0, 0, _("Programmes et projets validés par le CIM et le CNLTP"), bold)
    sheet.write(
        1,
        0,
        _("Département de %(name)s (%(pcode)s), en vigueur le %(day)s")
        % {"name": departement.name, "pcode": departement.pcode, "day": f"{on:%d/%m/%Y}"},
    )
    sheet.write_row(3, 0, headers(), header)
    widths = [14, 50, 36, 36, 36, 12, 12, 16, 40, 12]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    row = 4
    for programme in programmes:
        sheet.write(row, 0, programme.code)
        sheet.write(row, 1, programme.title)
        sheet.write(row, 2, programme.structure.name)
        sheet.write(row, 3, ", ".join(f.name for f in programme.funders.all()))
        sheet.write(row, 4, ", ".join(f"{z.name} ({z.pcode})" for z in programme.zones.all()))
        sheet.write_datetime(row, 5, programme.period_start, day)
        sheet.write_datetime(row, 6, programme.period_end, day)
        sheet.write_number(row, 7, programme.budget, money)
        sheet.write(row, 8, ", ".join(programme.target_group_labels))
        if programme.decided_at is not None:
            sheet.write_datetime(row, 9, timezone.localtime(programme.decided_at).date(), day)
        row += 1
    sheet.freeze_panes(4, 2)
    sheet.autofilter(3, 0, max(row - 1, 3), len(widths) - 1)
    workbook.close()
    return row - 4
