"""Background tasks of the collection (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def process_submission(submission_id: int) -> str:
    """Turn one stored submission into records; returns its status."""
    from sosteci.collect.processing import process

    return str(process(submission_id).status)


@task()
def process_received(limit: int = 5000) -> int:
    """Process every submission still "received" (oldest first); returns how many were processed.

    Submissions wait in their own table: this task drains it, so that a burst of submissions needs a few tasks
    rather than one each, and one lost message delays nothing (the next drain, or `collect_process`, takes it).
    """
    from sosteci.collect.models import Submission
    from sosteci.collect.processing import process

    ids = list(
        Submission.objects.filter(status=Submission.Status.RECEIVED)
        .order_by("received_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        process(pk)
    if len(ids) == limit:
        process_received.enqueue(limit)
    return len(ids)
