"""Receiving a submission: check it, store it raw with its attachments (one transaction), acknowledge.

Nothing is interpreted here beyond what the answer to ODK Collect needs (form, version, instanceID, rights,
jurisdiction); turning the data into records happens afterwards in a background task (processing.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.scoping import jurisdiction_of
from sosteci.collect import xmldata
from sosteci.collect.catalog import may_fill
from sosteci.collect.models import Submission, SubmissionAttachment, XForm
from sosteci.territory.models import AdminUnit

MAX_SUBMISSION_BYTES = 10 * 1024 * 1024  # announced to Collect in X-OpenRosa-Accept-Content-Length


class SubmissionRefused(Exception):
    """A submission refused with an OpenRosa status (400, 403, 404, 409, 413) and a French message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Received:
    submission: Submission
    created: bool  # False: the same instance was already received (Collect re-sent it)


@dataclass
class Upload:
    name: str
    content: bytes
    content_type: str = ""


def _check_localities(user: User, root: Any) -> AdminUnit | None:
    """Every "locality" answer names a localité of the user's jurisdiction; returns the first one."""
    codes = [(node.text or "").strip() for node in xmldata.walk(root, "locality")]
    codes = [c for c in codes if c]
    if not codes:
        return None
    units = {u.pcode: u for u in AdminUnit.objects.filter(pcode__in=set(codes))}
    scope = jurisdiction_of(user)
    for code in codes:
        unit = units.get(code)
        if unit is None:
            raise SubmissionRefused(400, _("Localité inconnue : « %(code)s ».") % {"code": code})
        if scope is None or not scope.contains(unit):
            raise SubmissionRefused(
                403, _("La localité « %(name)s » est hors de votre ressort territorial.") % {"name": unit.name}
            )
    return units[codes[0]]


def submission_receive(*, user: User, xml: bytes, uploads: list[Upload], source: str = "mobile") -> Received:
    """Check and store a submission; raise SubmissionRefused with the status to answer."""
    size = len(xml) + sum(len(u.content) for u in uploads)
    if size > MAX_SUBMISSION_BYTES:
        raise SubmissionRefused(
            413, _("Soumission trop volumineuse (%(mb).1f Mo, maximum 10 Mo).") % {"mb": size / 1024 / 1024}
        )
    try:
        root = xmldata.parse(xml)
    except xmldata.InstanceError as exc:
        raise SubmissionRefused(400, str(exc)) from exc
    form_id, version = root.get("id", ""), root.get("version", "")
    instance_id = xmldata.meta(root, "instanceID")
    if not form_id:
        raise SubmissionRefused(400, _("L'instance n'indique pas son formulaire (attribut id)."))
    if not instance_id:
        raise SubmissionRefused(400, _("L'instance n'a pas d'instanceID (meta/instanceID)."))
    xform = XForm.objects.filter(form_id=form_id, version=version).only("id", "form_id", "version").first()
    if xform is None and source != "desk":  # desk entries are built by the server itself
        known = XForm.objects.filter(form_id=form_id).exists()
        message = (
            _("Version « %(version)s » du formulaire « %(form)s » inconnue du serveur.")
            if known
            else _("Formulaire « %(form)s » inconnu du serveur.")
        )
        raise SubmissionRefused(404, message % {"form": form_id, "version": version})
    if not may_fill(user.role, form_id):
        raise SubmissionRefused(403, _("Votre rôle ne permet pas d'envoyer ce formulaire."))
    digest = hashlib.sha256(xml).hexdigest()
    existing = Submission.objects.filter(instance_id=instance_id).only("id", "sha256", "submitted_by_id").first()
    if existing is not None:
        return _resent(existing, digest)
    locality = _check_localities(user, root)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                instance_id=instance_id,
                deprecated_id=xmldata.meta(root, "deprecatedID"),
                form_id=form_id,
                form_version=version,
                xform=xform,
                submitted_by=user,
                xml=xml.decode("utf-8"),
                sha256=digest,
                source=source,
                locality=locality,
            )
            for upload in uploads:
                attachment = SubmissionAttachment(
                    submission=submission,
                    name=upload.name[:255],
                    content_type=upload.content_type[:100],
                    size=len(upload.content),
                    sha256=hashlib.sha256(upload.content).hexdigest(),
                )
                attachment.file.save(upload.name, ContentFile(upload.content), save=False)
                attachment.save()
            audit_record(
                actor=user,
                action="submission.receive",
                obj=submission,
                object_repr=instance_id,
                after={"form": form_id, "version": version, "attachments": len(uploads)},
            )
            transaction.on_commit(lambda: _enqueue(submission.pk))
    except IntegrityError:
        # The same instance arrived twice at once: the other request stored it.
        existing = Submission.objects.filter(instance_id=instance_id).first()
        if existing is None:
            raise
        return _resent(existing, digest)
    except UnicodeDecodeError as exc:
        raise SubmissionRefused(400, _("Le XML doit être encodé en UTF-8.")) from exc
    return Received(submission, True)


def _resent(existing: Submission, digest: str) -> Received:
    if existing.sha256 != digest:
        raise SubmissionRefused(409, _("Une autre soumission porte déjà cet instanceID."))
    return Received(existing, False)


def _enqueue(submission_id: int) -> None:
    from sosteci.collect.tasks import process_submission

    process_submission.enqueue(submission_id)
