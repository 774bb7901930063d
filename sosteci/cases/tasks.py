"""Background tasks of case management (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification(recipients: list[str], subject: str, body: str) -> int:
    """Send one notification e-mail; returns the number of messages sent."""
    from django.conf import settings
    from django.core.mail import send_mail

    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
