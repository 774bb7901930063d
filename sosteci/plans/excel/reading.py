"""Reading a filled template back (execution, financing): the workbook checked, the sheet found by a column of its
header, its rows turned into the import's row objects with their line numbers; blank rows of the template skipped."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from sosteci.plans.services.execution import ExecutionImportError

MAX_ROWS = 5000
Row = TypeVar("Row")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(
    content: bytes,
    *,
    sheet_name: str,
    marker: str,
    required: Sequence[str],
    columns: Mapping[str, str],
    filled: Sequence[str],
    make_row: Callable[..., Row],
    error: type[ExecutionImportError],
) -> list[Row]:
    """The rows of the first sheet (`sheet_name` first) whose header has the `marker` column; `columns` maps header
    titles to the row's fields, a row whose `filled` fields are all blank is skipped. `error` lists what cannot be
    read (a file that is no workbook, a missing column, too many rows)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not content:
        raise error([_("Le fichier est vide.")])
    if content[:2] != b"PK":
        raise error([_("Le fichier n'est pas un classeur Excel (.xlsx) : partez du modèle téléchargé.")])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise error([_("Le fichier n'est pas un classeur Excel lisible (.xlsx) : %(error)s") % {"error": exc}]) from exc
    try:
        for worksheet in sorted(workbook.worksheets, key=lambda ws: ws.title != sheet_name):
            rows = worksheet.iter_rows(values_only=True)
            header = [str(v).strip().lower() if v is not None else "" for v in next(rows, None) or ()]
            if marker not in header:
                continue
            missing = [name for name in required if name not in header]
            if missing:
                raise error([_("Colonnes obligatoires absentes : %(missing)s.") % {"missing": ", ".join(missing)}])
            positions = {columns[name]: header.index(name) for name in columns if name in header}
            result = []
            for number, values in enumerate(rows, start=2):
                cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
                if all(blank(cells.get(name)) for name in filled):
                    continue  # an activity-year of the template left empty, or the note under the rows
                result.append(make_row(row=number, **cells))
                if len(result) > MAX_ROWS:
                    raise error([_("Fichier trop grand : plus de %(max)s lignes. Découpez-le.") % {"max": MAX_ROWS}])
            return result
        raise error(
            [
                _("Aucune feuille n'a de colonne « %(column)s » en ligne 1 : partez du modèle téléchargé.")
                % {"column": marker}
            ]
        )
    finally:
        workbook.close()
