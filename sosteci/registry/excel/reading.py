"""Turn an uploaded register file (the XLSX template, or a UTF-8 CSV with its headers) into raw rows.

Nothing is validated here beyond "is this the template": cells are returned as the file holds them
(text, numbers, dates, booleans), keyed by the machine names of row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sosteci.core.text import name_key
from sosteci.registry.excel.columns import BY_NAME, COLUMNS, KEY_COLUMNS

MAX_ROWS = 200_000
SHEET_NAME = "Enfants"
LABEL_ROW_MATCHES = 3  # a second row is the label row when this many of its cells are the labels


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, not the template); the message is for users."""


@dataclass
class Sheet:
    """The rows of the file: `rows` are (spreadsheet row number, cell values in `columns` order)."""

    format: str  # "xlsx" or "csv"
    columns: list[str]
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _header(values: tuple[Any, ...] | list[Any]) -> list[str]:
    return [str(v).strip().lower() if v is not None else "" for v in values]


def _check_header(header: list[str]) -> list[str]:
    missing = [name for name in KEY_COLUMNS if name not in header]
    if missing:
        found = ", ".join(h[:30] for h in header[:12] if h) or _("aucune")
        if len([h for h in header if h]) > 12:
            found += ", …"
        raise ImportFileError(
            _(
                "Ce fichier ne suit pas le modèle d'import du registre : colonnes manquantes %(missing)s "
                "(colonnes trouvées : %(found)s). Téléchargez le modèle, remplissez-le et recommencez."
            )
            % {"missing": ", ".join(missing), "found": found}
        )
    if "date_naissance" not in header and "age_declare" not in header:
        raise ImportFileError(
            _("Il faut une colonne date_naissance ou age_declare. Téléchargez le modèle et recommencez.")
        )
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise ImportFileError(
            _("Des colonnes apparaissent deux fois : %(columns)s.") % {"columns": ", ".join(duplicated)}
        )
    return [h for h in header if h and h not in BY_NAME]


def _is_label_row(header: list[str], values: tuple[Any, ...] | list[Any]) -> bool:
    """True when the row repeats the French labels of the template (row 2)."""
    labels = {c.name: name_key(c.label()) for c in COLUMNS}
    matches = sum(
        1
        for name, value in zip(header, values, strict=False)
        if name in labels and isinstance(value, str) and name_key(value) == labels[name]
    )
    return matches >= LABEL_ROW_MATCHES


def _blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _collect(header: list[str], numbered: Iterator[tuple[int, tuple[Any, ...]]], fmt: str) -> Sheet:
    ignored = _check_header(header)
    width = len(header)
    sheet = Sheet(format=fmt, columns=header, ignored_columns=ignored)
    first = True
    for number, values in numbered:
        if len(values) < width:
            values = (*values, *([None] * (width - len(values))))
        elif len(values) > width:
            values = values[:width]
        if _blank(values):
            continue
        if first and _is_label_row(header, values):
            first = False
            continue
        first = False
        sheet.rows.append((number, values))
        if len(sheet.rows) > MAX_ROWS:
            raise ImportFileError(
                _("Fichier trop grand : plus de %(max)s lignes. Découpez-le en plusieurs fichiers.") % {"max": MAX_ROWS}
            )
    if not sheet.rows:
        raise ImportFileError(_("Le fichier ne contient aucune ligne d'enfant sous les en-têtes."))
    return sheet


def read_xlsx(content: bytes) -> Sheet:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise ImportFileError(
            _("Le fichier n'est pas un classeur Excel lisible (.xlsx) : %(error)s") % {"error": exc}
        ) from exc
    try:
        # The "Enfants" sheet; failing that, the first sheet whose row 1 names menage_ref; else the first sheet.
        sheets = sorted(workbook.worksheets, key=lambda ws: ws.title != SHEET_NAME)
        chosen = None
        for sheet in sheets:
            rows = sheet.iter_rows(values_only=True)
            header = _header(next(rows, None) or ())
            if "menage_ref" in header or chosen is None:
                chosen = (sheet, rows, header)
            if "menage_ref" in header:
                break
        if chosen is None or not any(chosen[2]):
            raise ImportFileError(
                _("La feuille « %(sheet)s » est vide.") % {"sheet": sheets[0].title if sheets else ""}
            )
        sheet, rows, header = chosen
        while header and not header[-1]:
            header.pop()
        numbered = ((number, tuple(values)) for number, values in enumerate(rows, start=2))
        return _collect(header, numbered, "xlsx")
    finally:
        workbook.close()


def read_csv(content: bytes) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "Le fichier n'est ni un classeur Excel (.xlsx) ni un CSV encodé en UTF-8 (octet invalide à la "
                "position %(position)s). Enregistrez-le au format « Classeur Excel » ou « CSV UTF-8 »."
            )
            % {"position": exc.start}
        ) from exc
    if not text.strip():
        raise ImportFileError(_("Le fichier est vide."))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = _header(next(reader))
        numbered = ((number, tuple(values)) for number, values in enumerate(reader, start=2))
        return _collect(header, numbered, "csv")
    except csv.Error as exc:
        raise ImportFileError(_("Le fichier n'est pas un tableau CSV lisible : %(error)s") % {"error": exc}) from exc


def read_sheet(filename: str, content: bytes) -> Sheet:
    """Read the uploaded file, or raise ImportFileError with a French message saying why not."""
    if not content:
        raise ImportFileError(_("Le fichier est vide."))
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("Ancien format Excel (.xls) : enregistrez le classeur au format .xlsx, puis recommencez.")
        )
    if content[:2] == b"PK":
        return read_xlsx(content)
    if b"\x00" in content[:4096] or content[:5] == b"%PDF-":
        raise ImportFileError(
            _("Le fichier n'est ni un classeur Excel (.xlsx) ni un fichier CSV : utilisez le modèle d'import.")
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel lisible."))
    return read_csv(content)
