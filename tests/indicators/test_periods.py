"""Reporting periods: the forms accepted, their bounds, their DHIS2 codes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sosteci.indicators.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "code"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31), "2026Q1"),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "2026Q4"),
        ("202602", date(2026, 2, 1), date(2026, 2, 28), "202602"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "202402"),
        ("2026-01-15..2026-02-10", date(2026, 1, 15), date(2026, 2, 10), "2026-01-15..2026-02-10"),
        ("2026-01-15/2026-01-15", date(2026, 1, 15), date(2026, 1, 15), "2026-01-15..2026-01-15"),
    ],
)
def test_accepted_forms(text: str, start: date, end: date, code: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.code) == (start, end, code)


@pytest.mark.parametrize(
    "text", ["", "26", "2026Q5", "202613", "2026-02-30..2026-03-01", "1999", "2026-03-01..2026-02-01"]
)
def test_refused_forms(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_moments_cover_whole_days() -> None:
    first, after = parse_period("202602").moments()
    assert (first, after) == (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC))
