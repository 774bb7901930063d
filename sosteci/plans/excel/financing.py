"""The financing workbook of a plan: the amounts mobilised (State, partners), written with what is recorded and one
row per activity-year to fill, read back for the import.

Headers (row 1 of the sheet « Financement »): année, source, partenaire financier, activité, montant mobilisé,
observation; the template also shows the activity's title and the year's planned budget, which reading ignores. The
sheet « Partenaires » lists the technical and financial partners of the directory the partner column accepts.
"""

from __future__ import annotations

from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils.translation import gettext as _

from sosteci.directory.models import Structure
from sosteci.plans.document import Amount
from sosteci.plans.excel.reading import read_sheet
from sosteci.plans.models import FinancingSource, Plan
from sosteci.plans.services.financing import FinancingImportError, FinancingRow

SHEET_NAME = "Financement"
FUNDERS_SHEET = "Partenaires"
COLUMNS = {
    "année": "year",
    "source": "source",
    "partenaire financier": "funder",
    "activité": "activity",
    "montant mobilisé": "amount",
    "observation": "note",
}
REQUIRED = ("année", "source", "partenaire financier", "activité", "montant mobilisé")


def write_financing_sheet(plan: Plan, grid: list[dict[str, Any]], funders: list[Structure], stream: IO[bytes]) -> None:
    """The template: what is recorded, an empty row for every activity-year still without financing, and the list
    of known partners (the partner column offers it)."""
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    header = workbook.add_format({"bold": True, "bg_color": "#E8F1EC", "border": 1, "text_wrap": True})
    money = workbook.add_format({"num_format": "# ##0"})
    grey = workbook.add_format({"font_color": "#666666"})
    grey_money = workbook.add_format({"font_color": "#666666", "num_format": "# ##0"})
    sheet.write_row(0, 0, [*COLUMNS, _("intitulé (non lu)"), _("budget prévu de l'année (non lu)")], header)
    for column, width in enumerate([8, 22, 36, 14, 18, 30, 60, 22]):
        sheet.set_column(column, column, width)
    for index, row in enumerate(grid, start=1):
        activity, financing, planned = row["activity"], row["financing"], row["planned"]
        sheet.write_number(index, 0, row["year"])
        if financing is not None:
            sheet.write_string(index, 1, financing.get_source_display())
            if financing.funder is not None:
                sheet.write_string(index, 2, f"{financing.funder.name} ({financing.funder.code})")
            sheet.write_number(index, 4, financing.amount, money)
            if financing.note:
                sheet.write_string(index, 5, financing.note)
        if activity is not None:
            sheet.write_string(index, 3, activity.code)
            sheet.write_string(index, 6, activity.title, grey)
        else:
            sheet.write_string(index, 6, _("plan entier"), grey)
        if isinstance(planned, Amount) and planned.value is not None:
            sheet.write_number(index, 7, planned.value, grey_money)
        elif isinstance(planned, Amount) and not planned.is_blank:
            sheet.write_string(index, 7, str(planned), grey)
    last = max(len(grid), 1) + 200  # room for rows added by hand (another partner, the plan as a whole)
    sheet.data_validation(
        1, 1, last, 1, {"validate": "list", "source": [str(label) for _code, label in FinancingSource.choices]}
    )
    sheet.data_validation(1, 0, last, 0, {"validate": "list", "source": [str(y) for y in plan.years]})
    if funders:
        sheet.data_validation(
            1,
            2,
            last,
            2,
            {
                "validate": "list",
                "source": f"='{FUNDERS_SHEET}'!$D$2:$D${len(funders) + 1}",
                "error_type": "warning",  # a partner missing from the list is reported at import, by row
            },
        )
    sheet.freeze_panes(1, 1)
    notes = len(grid) + 2
    sheet.write_string(
        notes,
        0,
        _(
            "Plan %(code)s : une ligne par montant mobilisé (année, source, partenaire, activité). Activité vide : "
            "pour le plan entier. Une ligne sans source, partenaire ni montant est ignorée."
        )
        % {"code": plan.code},
    )
    listing = workbook.add_worksheet(FUNDERS_SHEET)
    listing.write_row(0, 0, [_("nom"), _("sigle"), _("code"), _("à écrire dans la colonne partenaire")], header)
    for column, width in enumerate([50, 14, 14, 60]):
        listing.set_column(column, column, width)
    for index, funder in enumerate(funders, start=1):
        listing.write_row(index, 0, [funder.name, funder.acronym, funder.code, f"{funder.name} ({funder.code})"])
    workbook.close()


def read_financing_sheet(content: bytes) -> list[FinancingRow]:
    """The filled rows of the sheet; a file that cannot be read at all raises FinancingImportError."""
    return read_sheet(
        content,
        sheet_name=SHEET_NAME,
        marker="montant mobilisé",
        required=REQUIRED,
        columns=COLUMNS,
        filled=("source", "funder", "amount", "note"),
        make_row=FinancingRow,
        error=FinancingImportError,
    )
