"""Receiving a submission: check it, store it raw with its attachments (one transaction), acknowledge.

Nothing is interpreted here beyond what the answer to ODK Collect needs (form, version, instanceID, rights,
jurisdiction); turning the data into records happens afterwards in a background task (processing.py).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sosteci.access.context import client_ip
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
    units = _units(frozenset(codes))
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


UNIT_CACHE_SECONDS = 300
_unit_cache: dict[str, AdminUnit] = {}
_unit_cache_since = [time.monotonic()]


def _units(codes: frozenset[str]) -> dict[str, AdminUnit]:
    """Admin units by P-code, cached per process for a few minutes (the territory changes by rare imports)."""
    if len(_unit_cache) > 20_000 or time.monotonic() - _unit_cache_since[0] > UNIT_CACHE_SECONDS:
        _unit_cache.clear()
        _unit_cache_since[0] = time.monotonic()
    missing = [c for c in codes if c not in _unit_cache]
    if missing:
        _unit_cache.update((u.pcode, u) for u in AdminUnit.objects.filter(pcode__in=missing))
    return {c: _unit_cache[c] for c in codes if c in _unit_cache}


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
    xform_id = _xform_id(form_id, version)
    if xform_id is None and source != "desk":  # desk entries are built by the server itself
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
    locality = _check_localities(user, root)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                instance_id=instance_id,
                deprecated_id=xmldata.meta(root, "deprecatedID"),
                form_id=form_id,
                form_version=version,
                xform_id=xform_id,
                submitted_by=user,
                xml=xml.decode("utf-8"),
                sha256=digest,
                source=source,
                locality=locality,
                ip=client_ip(),
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
            # No audit row here: the append-only submission row is the record of the receipt (who, when, from
            # where, what exactly); its processing and review are audited.
            _enqueue(submission.pk)
    except IntegrityError:
        # The same instance arrived twice at once: the other request stored it.
        existing = Submission.objects.filter(instance_id=instance_id).first()
        if existing is None:
            raise
        return _resent(existing, digest)
    except UnicodeDecodeError as exc:
        raise SubmissionRefused(400, _("Le XML doit être encodé en UTF-8.")) from exc
    return Received(submission, True)


# Stored form versions, cached per process (a version never changes once stored; new ones are looked up).
_known_versions: dict[tuple[str, str], int] = {}


def _xform_id(form_id: str, version: str) -> int | None:
    key = (form_id, version)
    if key not in _known_versions:
        found = XForm.objects.filter(form_id=form_id, version=version).values_list("id", flat=True).first()
        if found is None:
            return None
        _known_versions[key] = found
    return _known_versions[key]


def _resent(existing: Submission, digest: str) -> Received:
    if existing.sha256 != digest:
        raise SubmissionRefused(409, _("Une autre soumission porte déjà cet instanceID."))
    return Received(existing, False)


DRAIN_EVERY_SECONDS = 1.0
_last_drain = [0.0]


def _enqueue(submission_id: int) -> None:
    """Ask the worker to process what was received.

    With the database queue, at most one "drain" message a second per process is written, in the submission's
    own transaction: the worker then processes every submission still "received", so a burst of submissions
    costs a few messages, and a lost one delays nothing (`collect_process` also drains). Other backends (tests
    run tasks at once) get one message per submission, after the commit, as a worker would see it.
    """
    from django_tasks_db.backend import DatabaseBackend

    from sosteci.collect.tasks import process_received, process_submission

    if isinstance(process_submission.get_backend(), DatabaseBackend):
        now = time.monotonic()
        if now - _last_drain[0] >= DRAIN_EVERY_SECONDS:
            _last_drain[0] = now
            process_received.enqueue()
    else:
        transaction.on_commit(lambda: process_submission.enqueue(submission_id))


def clear_caches() -> None:
    """Forget the per-process caches (tests, or after a territory import in this process)."""
    _known_versions.clear()
    _unit_cache.clear()
