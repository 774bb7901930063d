"""Writes of the collection app: collect credentials, reviews, desk submissions, form versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may, may_manage_user
from sosteci.collect.auth import REALM, forget, ha1_for
from sosteci.collect.catalog import TOOLS
from sosteci.collect.compiling import CompiledForm
from sosteci.collect.models import CollectCredential, Submission, XForm
from sosteci.indicators.marking import submission_changed


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
    if Submission.Review.REJECTED in {before["review"], submission.review} and before["review"] != submission.review:
        submission_changed(submission.pk)  # its records count again, or no longer: the stored counts follow
    audit_record(
        actor=by,
        action="submission.review",
        obj=submission,
        object_repr=submission.instance_id,
        before=before,
        after={"review": submission.review, "note": submission.review_note},
    )
    return submission


class VersionChanged(ValueError):
    """A form version already published has different content: the XLSForm needs a new version."""


@dataclass
class PublishReport:
    published: list[str] = field(default_factory=list)  # "form_id version", newly in service
    unchanged: list[str] = field(default_factory=list)


@transaction.atomic
def xforms_publish(*, by: User | None, forms: Iterable[CompiledForm]) -> PublishReport:
    """Store compiled forms: a new version goes into service (Collect downloads it), the previous one stays stored
    so that its submissions still process; a version already stored with the same content changes nothing.

    A stored version whose content differs is refused (VersionChanged): phones may already hold it, so a change
    needs a new version number. Nothing is stored unless every form passes.
    """
    report = PublishReport()
    for form in forms:
        if form.form_id not in TOOLS:
            raise ValueError(_("Formulaire inconnu du catalogue : « %(id)s ».") % {"id": form.form_id})
        if not form.version:
            raise ValueError(_("Le formulaire « %(id)s » n'a pas de version.") % {"id": form.form_id})
        label = f"{form.form_id} {form.version}"
        stored = XForm.objects.filter(form_id=form.form_id, version=form.version).first()
        if stored is not None:
            if stored.md5 != form.md5:
                raise VersionChanged(
                    _(
                        "La version %(version)s de « %(id)s » est déjà publiée avec un autre contenu : "
                        "augmentez la version dans le XLSForm."
                    )
                    % {"version": form.version, "id": form.form_id}
                )
            report.unchanged.append(label)
            continue
        newest = XForm.objects.filter(form_id=form.form_id).order_by("-version").first()
        if newest is not None and newest.version > form.version:
            raise VersionChanged(
                _("« %(id)s » : la version %(version)s est plus ancienne que la version publiée %(newest)s.")
                % {"id": form.form_id, "version": form.version, "newest": newest.version}
            )
        XForm.objects.filter(form_id=form.form_id, is_active=True).update(is_active=False)
        XForm.objects.create(
            form_id=form.form_id,
            version=form.version,
            title=form.title,
            xml=form.xml,
            md5=form.md5,
            media=list(form.media),
            roles=sorted(TOOLS[form.form_id].roles),
            source=form.source,
            is_active=True,
        )
        audit_record(
            actor=by, action="xform.publish", object_type="collect.xform", object_repr=label, after={"md5": form.md5}
        )
        report.published.append(label)
    return report
