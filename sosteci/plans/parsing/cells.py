"""Reading the cells of the plan's tables: French amounts, years, codes, and the error that names the line."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sosteci.plans.document import BLANK, PM, Amount

# Thousands are grouped by spaces, non-breaking spaces (U+00A0, U+202F) or dots: "1 007 500 000", "2.045.000.000".
_SEPARATORS = " \u00a0\u202f\u2007."
_GROUPED = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f\u2007]\d{3})+$|^\d{1,3}(?:\.\d{3})+$|^\d+$")
_NIL = {"-", "–", "—", "0"}
_PM = re.compile(r"^p\.?\s*m\.?$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


class PlanParseError(ValueError):
    """The text cannot be read as a plan; `line` is 1-based in the source text, `message` is French."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"Ligne {line} : {message}")
        self.line = line
        self.message = message


def split_cells(raw: str) -> list[str]:
    """The tab-separated cells of a line, each trimmed (the emphasis marks ** of the conversion removed)."""
    return [cell.replace("**", "").strip() for cell in raw.rstrip("\r\n").split("\t")]


def parse_amount(text: str, *, line: int, column: str) -> Amount:
    """A budget cell: "37 500 000" (spaces, non-breaking spaces or dots between thousands), "-" or "0" (nil),
    "PM" (pro memoria, kept apart from 0), or blank. Anything else raises PlanParseError naming the line."""
    value = text.strip()
    if not value:
        return BLANK
    if _PM.match(value):
        return PM
    if value in _NIL:
        return Amount(0)
    if _GROUPED.match(value):
        return Amount(int("".join(ch for ch in value if ch not in _SEPARATORS)))
    raise PlanParseError(
        line, f"montant illisible « {value} » (colonne {column}) : un nombre en F CFA, « - » ou « PM » est attendu"
    )


def parse_year(text: str, *, line: int, start: int, end: int) -> int:
    """A year heading, which must lie within the plan's period."""
    value = text.strip()
    if not _YEAR.match(value):
        raise PlanParseError(line, f"année illisible « {value} »")
    year = int(value)
    if not start <= year <= end:
        raise PlanParseError(line, f"l'année {year} est hors de la période du plan ({start}-{end})")
    return year


def is_year_row(cells: list[str]) -> bool:
    """A heading row made only of years ("2016  2017  2018 …")."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(_YEAR.match(c) for c in filled)


def parse_number(text: str) -> Decimal | None:
    """The number in an indicator's value ("20%", "75 %", "05", "1 007 500 000", "2,5"); None for words."""
    value = text.strip().rstrip("%").strip().replace(",", ".")
    value = "".join(ch for ch in value if ch not in " \u00a0\u202f\u2007")
    if not re.fullmatch(r"\d+(?:\.\d+)?", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid decimals
        return None


def to_roman(number: int) -> str:
    return _ROMANS[number - 1]


def normalise_code(text: str) -> str:
    """A code of the matrix in its canonical form: axis in Roman numerals, then dotted numbers.

    "I.1", "I-1", "1.1" and "I . 1" all give "I.1"; "1.1.2" gives "I.1.2"; "V. 1" gives "V.1".
    """
    parts = [p for p in re.split(r"[\s.\-]+", text.strip()) if p]
    if not parts:
        return ""
    head = parts[0].upper()
    if head.isdigit() and 1 <= int(head) <= len(_ROMANS):
        head = to_roman(int(head))
    return ".".join([head, *parts[1:]])
