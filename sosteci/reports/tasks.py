"""Background tasks of the reports (run by the database worker, `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from sosteci.reports.services import report_run


@task()
def generate_report(request_id: int) -> str:
    """Make the report of one request; returns its final status."""
    return str(report_run(request_id=request_id).status)
