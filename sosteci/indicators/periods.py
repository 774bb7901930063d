"""Reporting periods (year, quarter, month, date range), their bounds and their DHIS2 ISO codes."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """A period that cannot be read; the message says which forms are accepted."""


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    kind: PeriodKind
    start: date
    end: date

    @property
    def code(self) -> str:
        """The period as the rows carry it: DHIS2's ISO code when there is one ("2026", "2026Q1", "202603")."""
        return self.dhis2 or f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def dhis2(self) -> str | None:
        """DHIS2's ISO period, or None for a free date range (DHIS2 has no such period type)."""
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}{self.start.month:02d}"
        return None

    def moments(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at local midnight, for timestamp columns (index-friendly comparisons)."""
        zone = timezone.get_current_timezone()
        first = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return first, after

    def __str__(self) -> str:
        return self.code


def year(number: int) -> Period:
    return Period(PeriodKind.YEAR, date(number, 1, 1), date(number, 12, 31))


def quarter(number: int, which: int) -> Period:
    first_month = 3 * (which - 1) + 1
    last_month = first_month + 2
    return Period(
        PeriodKind.QUARTER,
        date(number, first_month, 1),
        date(number, last_month, calendar.monthrange(number, last_month)[1]),
    )


def month(number: int, which: int) -> Period:
    return Period(PeriodKind.MONTH, date(number, which, 1), date(number, which, calendar.monthrange(number, which)[1]))


def date_range(start: date, end: date) -> Period:
    if end < start:
        raise PeriodError(
            _("La fin de la période (%(end)s) précède son début (%(start)s).") % {"end": end, "start": start}
        )
    return Period(PeriodKind.RANGE, start, end)


YEAR_RE = re.compile(r"^(\d{4})$")
QUARTER_RE = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
MONTH_RE = re.compile(r"^(\d{4})-?(0[1-9]|1[0-2])$")
RANGE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.|/)(\d{4}-\d{2}-\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_period(text: str) -> Period:
    """Read "2026", "2026Q1", "202603" or "2026-03", or "2026-01-15..2026-02-10" (also with "/")."""
    value = (text or "").strip()
    found: Period | None = None
    try:
        if match := YEAR_RE.match(value):
            found = year(int(match[1]))
        elif match := QUARTER_RE.match(value):
            found = quarter(int(match[1]), int(match[2]))
        elif match := MONTH_RE.match(value):
            found = month(int(match[1]), int(match[2]))
        elif match := RANGE_RE.match(value):
            found = date_range(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
    except ValueError as exc:  # an impossible day, e.g. 2026-02-30
        if isinstance(exc, PeriodError):
            raise
        found = None
    if found is None or not FIRST_YEAR <= found.start.year <= found.end.year <= LAST_YEAR:
        raise PeriodError(
            _(
                "Période illisible : « %(value)s ». Formes acceptées : 2026 (année), 2026Q1 (trimestre), 202603 ou "
                "2026-03 (mois), 2026-01-15..2026-02-10 (intervalle de dates)."
            )
            % {"value": value}
        )
    return found


def recent_periods(day: date) -> list[Period]:
    """The periods a nightly refresh counts again: this and last year, quarter and month (late entries land there)."""
    this_quarter = (day.month - 1) // 3 + 1
    last_quarter = (day.year, this_quarter - 1) if this_quarter > 1 else (day.year - 1, 4)
    last_month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return [
        year(day.year),
        year(day.year - 1),
        quarter(day.year, this_quarter),
        quarter(*last_quarter),
        month(day.year, day.month),
        month(*last_month),
    ]
