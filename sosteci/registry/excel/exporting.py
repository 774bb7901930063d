"""Children lists as XLSX (XlsxWriter, constant memory) or CSV (streamed), flat in memory at any size.

The caller (a view) checks Perm.CHILD_EXPORT, restricts the queryset to the user's jurisdiction and audits
the export; these functions only write what they are given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.registry.models import CategoryChoices, Child, Sex

CHUNK_SIZE = 2000
FIELDS = (
    "code",
    "family_name",
    "given_names",
    "sex",
    "estimated_birth_date",
    "birth_date_estimated",
    "locality__name",
    "locality__pcode",
    "household__code",
    "category",
    "classified_on",
    "schooling",
)
CSV_DELIMITER = ";"  # what Excel expects in French locales
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headers() -> list[str]:
    return [
        _("Code"),
        _("Nom"),
        _("Prénoms"),
        _("Sexe"),
        _("Date de naissance"),
        _("Date estimée"),
        _("Âge"),
        _("Localité"),
        _("P-code de la localité"),
        _("Code du ménage"),
        _("Catégorie"),
        _("Date de classement"),
        _("Scolarisation"),
    ]


def _age(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _rows(children: QuerySet[Child] | Iterable[Mapping[str, Any]]) -> Iterator[list[Any]]:
    """One list of plain values per child, in the order of headers(); labels in the active language."""
    today = timezone.localdate()
    # Labels translated once, not once per row (a lazy label costs a catalogue lookup each time it is read).
    sexes = {code: str(label) for code, label in Sex.choices}
    categories = {code: str(label) for code, label in CategoryChoices.choices}
    schooling = {code: str(label) for code, label in Child.Schooling.choices}
    unclassified = str(_("Non classé"))
    yes, no = str(_("Oui")), str(_("Non"))
    if isinstance(children, QuerySet):
        records: Iterable[Mapping[str, Any]] = children.values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    else:
        records = children
    for item in records:
        born = item["estimated_birth_date"]
        category = item["category"]
        yield [
            item["code"],
            item["family_name"],
            item["given_names"],
            sexes.get(item["sex"], item["sex"]),
            born,
            yes if item["birth_date_estimated"] else no,
            _age(born, today),
            item["locality__name"],
            item["locality__pcode"],
            item["household__code"],
            categories.get(category, category) if category else unclassified,
            item["classified_on"],
            schooling.get(item["schooling"], item["schooling"]),
        ]


def export_children_xlsx(children: QuerySet[Child] | Iterable[Mapping[str, Any]], path_or_file: str | IO[bytes]) -> int:
    """Write the children to an XLSX file (a path or a binary file object); returns how many rows."""
    workbook = xlsxwriter.Workbook(path_or_file, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("Enfants"))
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    columns = headers()
    widths = [12, 18, 22, 10, 12, 8, 6, 20, 14, 12, 26, 12, 16]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for col, title in enumerate(columns):
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, values in enumerate(_rows(children), start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, date):
                sheet.write_datetime(count, col, value, day)
            elif isinstance(value, int):
                sheet.write_number(count, col, value)
            else:
                sheet.write_string(count, col, str(value))
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # never let a spreadsheet read a name as a formula
    return value


def iter_children_csv(queryset: QuerySet[Child] | Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The CSV (UTF-8 with BOM, ";"-separated, dates JJ/MM/AAAA) line by line, for a StreamingHttpResponse."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")

    def line(values: list[Any]) -> str:
        writer.writerow([_csv_cell(v) for v in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(headers())
    for values in _rows(queryset):
        yield line(values)
