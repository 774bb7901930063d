"""A report as plain data (no ORM, no user): what the builders produce and the HTML, PDF and XLSX renderers read.

A report is a title, the facts that place it (unit, period, date of the figures), key figures, and sections of
tables and charts. Every figure is a `Cell` that knows how it is shown: a count, a percentage, an amount, text, or
hidden (« < 5 » when under the threshold, « — » when hidden to protect another cell), so that the screen, the PDF and
the workbook say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sosteci.indicators.charts import Chart
from sosteci.indicators.computing import Row
from sosteci.indicators.definitions import BY_CODE, Unit

SMALL = "< 5"
HIDDEN = "—"


class Kind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    AMOUNT = "amount"
    TEXT = "text"


@dataclass(frozen=True)
class Cell:
    value: int | float | str | None
    kind: Kind = Kind.COUNT
    suppressed: bool = False
    small: bool = False  # hidden because under the threshold (not only to protect another cell)

    @property
    def text(self) -> str:
        if self.suppressed:
            return SMALL if self.small else HIDDEN
        if self.value is None:
            return "" if self.kind == Kind.TEXT else _("n.d.")
        if self.kind == Kind.TEXT:
            return str(self.value)
        if self.kind == Kind.PERCENT:
            return f"{number_format(float(self.value), 1, force_grouping=True)} %"
        return number_format(int(self.value), 0, force_grouping=True)

    @property
    def number(self) -> float | None:
        """The figure a chart draws (None when hidden or unknown)."""
        if self.suppressed or self.value is None or self.kind == Kind.TEXT:
            return None
        return float(self.value)


def text(value: str | None) -> Cell:
    return Cell(value, Kind.TEXT)


def count(value: int | None) -> Cell:
    return Cell(value, Kind.COUNT)


def amount(value: int | None) -> Cell:
    return Cell(value, Kind.AMOUNT)


def of_row(row: Row | None) -> Cell:
    """The cell of an indicator's row (missing rows are hidden)."""
    if row is None:
        return Cell(None, Kind.COUNT, suppressed=True)
    unit = BY_CODE[row.indicator].unit
    kind = Kind.PERCENT if unit == Unit.PERCENT else Kind.AMOUNT if unit == Unit.AMOUNT else Kind.COUNT
    if row.suppressed:
        return Cell(None, kind, suppressed=True, small=row.small)
    value: int | float | None = row.value
    if value is not None and kind != Kind.PERCENT:
        value = int(value)
    return Cell(value, kind)


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT
    width: int = 14  # characters, for the workbook


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    sheet: str = ""  # the worksheet's name (the title, cut, when blank)
    total_rows: int = 0  # how many of the last rows are totals (shown in bold)

    def lines(self) -> list[tuple[list[Cell], bool]]:
        """Each row with whether it is a total."""
        first_total = len(self.rows) - self.total_rows
        return [(cells, i >= first_total) for i, cells in enumerate(self.rows)]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    cell: Cell


@dataclass
class Report:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    generated_at: datetime
    key_figures: list[KeyFigure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suppressed: bool = False  # cells under 5 hidden for the reader

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]
