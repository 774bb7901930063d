"""What every report builder shares: its parameters, progress reporting, and lookups in tidy indicator rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sosteci.indicators.computing import Row
from sosteci.reports.document import Cell, of_row

Progress = Callable[[int], None]


def no_progress(_percent: int) -> None:
    """For reports made while the user waits: nobody polls."""


class ReportError(ValueError):
    """A report that cannot be made as asked; the message (French first) says why."""


@dataclass(frozen=True)
class Params:
    """What a report is asked for: a unit (P-code), a period (as typed: 2026, 2026Q1, a date range) or a plan."""

    unit: str = ""
    period: str = ""
    plan: str = ""

    def to_json(self) -> dict[str, str]:
        return {"unit": self.unit, "period": self.period, "plan": self.plan}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        return cls(
            unit=str(data.get("unit") or ""), period=str(data.get("period") or ""), plan=str(data.get("plan") or "")
        )


Key = tuple[str, str, str | None, str | None, str | None]  # indicator, unit P-code, sex, age band, category


class RowIndex:
    """Rows by (indicator, unit, sex, age band, category), the cell of any of them in one lookup."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows: dict[Key, Row] = {(r.indicator, r.unit, r.sex, r.age_band, r.category): r for r in rows}

    def get(
        self, code: str, unit: str, sex: str | None = None, age_band: str | None = None, category: str | None = None
    ) -> Row | None:
        return self.rows.get((code, unit, sex, age_band, category))

    def cell(
        self, code: str, unit: str, sex: str | None = None, age_band: str | None = None, category: str | None = None
    ) -> Cell:
        return of_row(self.get(code, unit, sex, age_band, category))


def stamp(moment: datetime | None = None) -> str:
    return date_format(timezone.localtime(moment or timezone.now()), "DATETIME_FORMAT")


def suppression_note() -> str:
    return _(
        "« < 5 » : effectif de moins de 5, masqué ; « — » : masqué pour qu'un petit effectif ne puisse être retrouvé "
        "par différence. Les pourcentages dont le numérateur ou le dénominateur est masqué le sont aussi."
    )
