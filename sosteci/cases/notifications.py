"""E-mail notifications of case management, sent by the task queue after the transaction commits.

Messages never carry a child's name or any personal detail: only the code of the case, alert or referral and
the page to open once signed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.roles import Role

if TYPE_CHECKING:
    from sosteci.cases.models import Alert, Case, Referral


def _send(users: Iterable[User | None], subject: str, path: str) -> None:
    recipients = sorted({u.email for u in users if u is not None and u.is_active and u.email})
    if not recipients:
        return
    from sosteci.cases.tasks import send_notification

    body = _("%(subject)s\n\nOuvrez SOSTECI pour le détail : %(url)s\n\n— SOSTECI numérique") % {
        "subject": subject,
        "url": settings.SITE_URL.rstrip("/") + path,
    }
    transaction.on_commit(partial(send_notification.enqueue, recipients, f"[SOSTECI] {subject}", body))


def _case_path(case: Case) -> str:
    return reverse("cases:case-detail", args=[case.pk])


def alert_received(alert: Alert) -> None:
    """Triagers of the alert's place: the hotline and the supervisors above the locality."""
    units = [u for u in (alert.locality.sous_prefecture, alert.locality.departement) if u is not None]
    users = User.objects.filter(role__in=[Role.SUPERVISEUR, Role.POINT_FOCAL], jurisdiction__in=units, is_active=True)
    _send(
        users,
        _("Nouvelle alerte %(code)s à trier avant le %(due)s")
        % {
            "code": alert.code,
            "due": alert.triage_due_at.strftime("%d/%m/%Y %H:%M"),
        },
        reverse("cases:alert-detail", args=[alert.pk]),
    )


def case_opened(case: Case) -> None:
    _send([case.assigned_to, case.supervisor], _("Dossier %(code)s ouvert") % {"code": case.code}, _case_path(case))


def case_assigned(case: Case) -> None:
    _send([case.assigned_to], _("Le dossier %(code)s vous est confié") % {"code": case.code}, _case_path(case))


def closure_requested(case: Case) -> None:
    _send([case.supervisor], _("Clôture du dossier %(code)s à approuver") % {"code": case.code}, _case_path(case))


def referral_made(referral: Referral) -> None:
    users = User.objects.filter(role=Role.PRESTATAIRE, structure=referral.structure, is_active=True)
    _send(
        users,
        _("Orientation reçue pour le dossier %(code)s") % {"code": referral.case.code},
        reverse("cases:referral-list"),
    )


def referral_answered(referral: Referral) -> None:
    _send(
        [referral.referred_by, referral.case.assigned_to],
        _("Orientation du dossier %(code)s : %(status)s")
        % {"code": referral.case.code, "status": referral.get_status_display()},
        _case_path(referral.case),
    )
