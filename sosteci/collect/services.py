"""Writes of the collection app: collect credentials, reviews, desk submissions, form versions."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may, may_manage_user
from sosteci.collect.auth import REALM, forget, ha1_for
from sosteci.collect.models import CollectCredential, Submission


@transaction.atomic
def collect_password_set(*, by: User, user: User, password: str) -> CollectCredential:
    """Set the password ODK Collect uses for `user` (the user itself, or a manager of the user)."""
    if by.pk != user.pk and not may_manage_user(by, user):
        raise PermissionDenied
    validate_password(password, user)
    credential, _created = CollectCredential.objects.update_or_create(
        user=user, defaults={"realm": REALM, "ha1": ha1_for(user.username, password), "is_active": True}
    )
    audit_record(actor=by, action="collect.password_set", obj=user)
    forget(user.username)
    return credential


@transaction.atomic
def submission_review(*, by: User, submission: Submission, approve: bool, note: str = "") -> Submission:
    """Approve or reject a submission; rejected data counts in no indicator (its records stay, marked)."""
    if submission.locality is None or not may(by, Perm.SUBMISSION_REVIEW, submission.locality):
        raise PermissionDenied
    if not approve and not note.strip():
        raise ValidationError({"note": [_("Indiquez le motif du rejet.")]})
    before = {"review": submission.review}
    submission.review = Submission.Review.APPROVED if approve else Submission.Review.REJECTED
    submission.reviewed_by, submission.reviewed_at, submission.review_note = by, timezone.now(), note.strip()
    submission.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=by,
        action="submission.review",
        obj=submission,
        object_repr=submission.instance_id,
        before=before,
        after={"review": submission.review, "note": submission.review_note},
    )
    return submission
