"""Template helpers of the case pages: labels instead of stored codes, status colours, due dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sosteci.access.permissions import Perm, may
from sosteci.cases.models import Alert, Case, Referral

register = template.Library()

# What each history entry (CaseEvent.action, written by the services) says to the case's workers.
EVENT_LABELS: dict[str, Promise] = {
    "proposed": _("Dossier proposé"),
    "opened": _("Dossier ouvert"),
    "accept": _("Proposition acceptée : dossier ouvert"),
    "dismiss": _("Proposition non retenue"),
    "assess": _("Évaluation enregistrée"),
    "plan": _("Plan de prise en charge arrêté"),
    "start_services": _("Services commencés"),
    "follow_up": _("Passage au suivi"),
    "follow_up_visit": _("Visite de suivi"),
    "request_closure": _("Clôture demandée"),
    "approve_closure": _("Clôture approuvée"),
    "refuse_closure": _("Clôture refusée"),
    "reopen": _("Dossier rouvert"),
    "assigned": _("Dossier confié"),
    "alert_linked": _("Alerte rattachée"),
    "referred": _("Orientation envoyée"),
    "referral_accepted": _("Orientation acceptée"),
    "referral_declined": _("Orientation refusée"),
    "service": _("Service rendu"),
}
EVENT_ICONS = {
    "proposed": "lightbulb",
    "opened": "folder2-open",
    "accept": "folder-check",
    "dismiss": "x-circle",
    "assess": "clipboard-check",
    "plan": "list-check",
    "start_services": "play-circle",
    "follow_up": "calendar-check",
    "follow_up_visit": "calendar-check",
    "request_closure": "hourglass-split",
    "approve_closure": "check2-circle",
    "refuse_closure": "arrow-counterclockwise",
    "reopen": "arrow-repeat",
    "assigned": "person-check",
    "alert_linked": "bell",
    "referred": "signpost-split",
    "referral_accepted": "hand-thumbs-up",
    "referral_declined": "hand-thumbs-down",
    "service": "box-seam",
}

CASE_STATUS_STYLES: dict[str, str] = {
    Case.Status.PROPOSED: "text-bg-light border",
    Case.Status.OPEN: "text-bg-primary",
    Case.Status.ASSESSED: "text-bg-primary",
    Case.Status.PLAN: "text-bg-primary",
    Case.Status.SERVICES: "text-bg-info",
    Case.Status.FOLLOW_UP: "text-bg-info",
    Case.Status.CLOSING: "text-bg-warning",
    Case.Status.CLOSED: "text-bg-success",
    Case.Status.DISMISSED: "text-bg-secondary",
}
REFERRAL_STATUS_STYLES: dict[str, str] = {
    Referral.Status.PENDING: "text-bg-warning",
    Referral.Status.ACCEPTED: "text-bg-primary",
    Referral.Status.DECLINED: "text-bg-danger",
    Referral.Status.COMPLETED: "text-bg-success",
    Referral.Status.CANCELLED: "text-bg-secondary",
}
ALERT_STATUS_STYLES: dict[str, str] = {
    Alert.Status.NEW: "text-bg-warning",
    Alert.Status.CASE_OPENED: "text-bg-success",
    Alert.Status.LINKED: "text-bg-info",
    Alert.Status.DISMISSED: "text-bg-secondary",
}
URGENCY_STYLES: dict[str, str] = {
    Alert.Urgency.HIGH: "text-bg-danger",
    Alert.Urgency.MEDIUM: "text-bg-warning",
    Alert.Urgency.LOW: "text-bg-light border",
}


@register.filter
def event_label(action: str) -> Any:
    """ "request_closure" -> "Clôture demandée" (an unknown action is shown without its underscores)."""
    return EVENT_LABELS.get(action) or action.replace("_", " ").capitalize()


@register.filter
def event_icon(action: str) -> str:
    return EVENT_ICONS.get(action, "dot")


@register.filter
def case_status_label(status: str) -> Any:
    """A case step's label ("services" -> "Services en cours"); "—" when empty."""
    if not status:
        return "—"
    try:
        return Case.Status(status).label
    except ValueError:
        return status


@register.filter
def status_css(obj: Any) -> str:
    """The badge colour of a case, referral or alert from its status (or of a case status given as a string)."""
    if isinstance(obj, Referral):
        return REFERRAL_STATUS_STYLES.get(obj.status, "text-bg-light border")
    if isinstance(obj, Alert):
        return ALERT_STATUS_STYLES.get(obj.status, "text-bg-light border")
    status = obj.status if isinstance(obj, Case) else str(obj)
    return CASE_STATUS_STYLES.get(status, "text-bg-light border")


@register.filter
def urgency_css(urgency: str) -> str:
    return URGENCY_STYLES.get(urgency, "text-bg-light border")


@register.filter
def urgency_short(alert: Alert) -> Any:
    """The urgency's first words ("Haute : enfant en danger immédiat" -> "Haute"), for badges and tables."""
    return str(alert.get_urgency_display()).split(" :")[0].split(":")[0].strip()


@register.filter
def assessment_due(case: Case) -> datetime:
    """When the case's assessment is due (settings.CASES_ASSESSMENT_DAYS after opening)."""
    return case.opened_at + timedelta(days=settings.CASES_ASSESSMENT_DAYS)


@register.filter
def follow_up_due(case: Case) -> date:
    """When the next follow-up visit is due: settings.CASES_FOLLOW_UP_DAYS after the last one (or the opening)."""
    last = getattr(case, "last_follow_up", None) or timezone.localdate(case.opened_at)
    return last + timedelta(days=settings.CASES_FOLLOW_UP_DAYS)


@register.filter
def is_past(value: date | datetime | None) -> bool:
    """True when the date or moment has passed (days compare with today, moments with now)."""
    if value is None:
        return False
    if isinstance(value, datetime):
        return value < timezone.now()
    return value < timezone.localdate()


@register.filter
def can(user: Any, perm: str) -> bool:
    """{% if user|can:"registry.view_children" %}: the user holds the permission somewhere."""
    try:
        return bool(may(user, Perm(perm)))
    except ValueError:
        return False


@register.filter
def person(user: Any) -> str:
    """A user's full name, else the username; "—" for nobody."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.username)


@register.simple_tag
def step_form(transition: Any, case: Case) -> Any:
    """{% step_form t case as form %}: the form of one workflow step, at the case's current version."""
    from sosteci.cases.forms import TransitionForm

    return TransitionForm(transition=transition, initial={"name": transition.name, "version": case.version})


# The main path of a case, shown as a progress bar of steps.
PROGRESS = (
    Case.Status.OPEN,
    Case.Status.ASSESSED,
    Case.Status.PLAN,
    Case.Status.SERVICES,
    Case.Status.FOLLOW_UP,
    Case.Status.CLOSING,
    Case.Status.CLOSED,
)


@register.filter
def case_progress(case: Case) -> list[dict[str, Any]]:
    """The steps of the main path with their state ("done", "current", "todo"); a proposal not yet accepted or a
    dismissed one has every step to do."""
    current = PROGRESS.index(case.status) if case.status in PROGRESS else -1
    return [
        {
            "label": status.label,
            "state": "done" if i < current else "current" if i == current else "todo",
        }
        for i, status in enumerate(PROGRESS)
    ]


@register.simple_tag
def provider_service_form(referral: Referral) -> Any:
    """{% provider_service_form r as form %}: the service a provider gave on an accepted referral (own ids)."""
    from sosteci.cases.forms import ServiceForm

    return ServiceForm(auto_id=f"id_referral{referral.pk}_%s", initial={"service": referral.service})


# How each step's button looks: the usual next step stands out, the ones that stop or undo are quieter.
STEP_STYLES = {
    "accept": "btn-primary",
    "assess": "btn-primary",
    "plan": "btn-primary",
    "approve_closure": "btn-success",
    "request_closure": "btn-outline-primary",
    "dismiss": "btn-outline-danger",
    "refuse_closure": "btn-outline-danger",
    "reopen": "btn-outline-secondary",
}
# Steps whose form shows at once; the others open when their button is pressed.
STEPS_OPEN = frozenset({"assess", "plan"})


@register.filter
def step_css(transition: Any) -> str:
    return STEP_STYLES.get(transition.name, "btn-outline-primary")


@register.filter
def step_folded(transition: Any) -> bool:
    """True when the step asks for something and is not the usual next step: its form opens on demand."""
    return bool(transition.needs) and transition.name not in STEPS_OPEN
