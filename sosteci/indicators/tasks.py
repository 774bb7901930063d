"""Background tasks of the indicators (run by the database worker, `manage.py db_worker`)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from sosteci.indicators.following import counts_follow
from sosteci.indicators.nightly import nightly_run
from sosteci.indicators.periods import parse_period
from sosteci.indicators.services import counts_refresh


@task()
def counts_refresh_in_background(period: str) -> dict[str, int]:
    """Count the stored bases of `period` again (e.g. after a large import); returns the cells per base."""
    return {stored.base: stored.cells for stored in counts_refresh(period=parse_period(period))}


@task()
def nightly_in_background(requested_by: str = "") -> dict[str, Any]:
    """The nightly refresh run now (asked from the refresh page); returns the summary of its steps."""
    label = f"nightly ({requested_by})" if requested_by else "nightly"
    return nightly_run(actor_label=label).as_dict()


@task()
def counts_follow_in_background() -> dict[str, Any]:
    """One pass of the follower, woken by the marks of changes (marking.py). A mark committed while a pass runs
    finds no pass waiting and asks for the next one: no change waits for another mark to be counted."""
    return counts_follow().as_dict()
