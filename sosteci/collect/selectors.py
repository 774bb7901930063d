"""Reads of the collection: submissions a user may review (jurisdiction) or has sent (own)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.collect.models import Submission


@dataclass(frozen=True)
class SubmissionFilters:
    status: str = ""
    review: str = ""
    form_id: str = ""
    flagged: bool = False


def submissions_for(user: User) -> QuerySet[Submission]:
    """National administrators: all; reviewers: those located in their jurisdiction; everyone: their own."""
    own = Q(submitted_by=user)
    unit = jurisdiction_of(user)
    if unit is not None and unit.parent_id is None and may(user, Perm.SUBMISSION_ADMIN):
        return Submission.objects.all()
    if may(user, Perm.SUBMISSION_REVIEW) and unit is not None:
        return Submission.objects.filter(own | unit.subtree_q("locality__"))
    return Submission.objects.filter(own)


def submission_list(*, user: User, filters: SubmissionFilters | None = None) -> QuerySet[Submission]:
    f = filters or SubmissionFilters()
    qs = submissions_for(user).select_related("submitted_by", "locality").defer("xml")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.review:
        qs = qs.filter(review=f.review)
    if f.form_id:
        qs = qs.filter(form_id=f.form_id)
    if f.flagged:
        qs = qs.exclude(flags=[])
    return qs.order_by("-received_at", "-id")


def submission_get(*, user: User, pk: int) -> Submission | None:
    return submissions_for(user).select_related("submitted_by", "locality", "reviewed_by").filter(pk=pk).first()
