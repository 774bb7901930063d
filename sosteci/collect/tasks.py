"""Background tasks of the collection (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def process_submission(submission_id: int) -> str:
    """Turn one stored submission into records; returns its status."""
    from sosteci.collect.processing import process

    return str(process(submission_id).status)
