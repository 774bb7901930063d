"""Background tasks of the indicators (run by the database worker, `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from sosteci.indicators.periods import parse_period
from sosteci.indicators.services import counts_refresh


@task()
def counts_refresh_in_background(period: str) -> dict[str, int]:
    """Count the stored bases of `period` again (e.g. after a large import); returns the cells per base."""
    return {stored.base: stored.cells for stored in counts_refresh(period=parse_period(period))}
