"""Reads of report requests: a user sees only its own."""

from __future__ import annotations

from django.db.models import QuerySet

from sosteci.access.models import User
from sosteci.reports.models import ReportRequest


def requests_for(user: User) -> QuerySet[ReportRequest]:
    return ReportRequest.objects.filter(requested_by=user)


def request_get(*, user: User, pk: int) -> ReportRequest | None:
    return requests_for(user).filter(pk=pk).first()
