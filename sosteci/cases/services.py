"""Writes of alerts, cases, referrals and services: permission, guards, optimistic lock, history and audit in one
transaction; notifications leave through the task queue once the transaction commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.roles import Role
from sosteci.cases import notifications, policy
from sosteci.cases.models import Alert, Case, CaseEvent, Referral, ServiceDelivery
from sosteci.cases.workflow import TRANSITIONS
from sosteci.directory.models import Structure
from sosteci.indicators.marking import counts_changed
from sosteci.registry.models import Child, Visit
from sosteci.registry.validators import normalise_phone
from sosteci.territory.models import AdminUnit

LABOUR = frozenset({"child_labour", "hazardous_child_labour", "worst_forms"})
SENSITIVE_CATEGORIES = frozenset({"worst_forms"})


class ConcurrentChange(ValidationError):
    """The case changed since the user loaded it; nothing was written."""


# --- Alerts ----------------------------------------------------------------------------------------------------------


@dataclass
class AlertInput:
    source: str
    situation: str
    locality: AdminUnit
    description: str
    urgency: str = Alert.Urgency.MEDIUM
    place_detail: str = ""
    observed_at: datetime | None = None
    children_count: int = 1
    child: Child | None = None
    child_name: str = ""
    child_age: int | None = None
    child_sex: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""


def _phone(value: str) -> str:
    try:
        return normalise_phone(value) if value.strip() else ""
    except ValidationError as exc:
        raise ValidationError({"reporter_phone": exc.messages}) from exc


def triage_limit(situation: str) -> timedelta:
    hours = settings.CASES_TRIAGE_HOURS
    return timedelta(hours=hours["sensitive"] if situation in Alert.SENSITIVE else hours["default"])


@transaction.atomic
def alert_create(*, by: User, data: AlertInput, submission: Any = None, received_at: datetime | None = None) -> Alert:
    if not may(by, Perm.ALERT_CREATE, data.locality):
        raise PermissionDenied(_("Vous ne pouvez pas enregistrer d'alerte dans cette localité."))
    if data.source == Alert.Source.ANONYMOUS and (data.reporter_name or data.reporter_phone):
        raise ValidationError({"reporter_name": [_("Une alerte anonyme ne nomme pas la personne qui signale.")]})
    received = received_at or timezone.now()
    alert = Alert(
        source=data.source,
        urgency=data.urgency,
        situation=data.situation,
        locality=data.locality,
        place_detail=data.place_detail,
        observed_at=data.observed_at,
        description=data.description,
        children_count=data.children_count,
        child=data.child,
        child_name=data.child_name,
        child_age=data.child_age,
        child_sex=data.child_sex,
        reporter_name=data.reporter_name,
        reporter_phone=_phone(data.reporter_phone),
        received_at=received,
        triage_due_at=received + triage_limit(data.situation),
        created_by=by,
        submission=submission,
    )
    alert.full_clean()
    alert.save()
    audit_record(
        actor=by, action="alert.create", obj=alert, object_repr=alert.code, after={"situation": alert.situation}
    )
    notifications.alert_received(alert)
    return alert


@transaction.atomic
def alert_triage(
    *, by: User, alert: Alert, decision: str, note: str = "", child: Child | None = None, case: Case | None = None
) -> Alert:
    """decision: "open_case" (a registered child), "link" (to an existing case) or "dismiss" (with the reason)."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if not may(by, Perm.ALERT_TRIAGE, alert.locality):
        raise PermissionDenied(_("Vous ne pouvez pas trier cette alerte."))
    if alert.status != Alert.Status.NEW:
        raise ValidationError(_("Cette alerte a déjà été triée."))
    if decision == "open_case":
        child = child or alert.child
        if child is None:
            raise ValidationError({"child": [_("Choisissez l'enfant enregistré (ou enregistrez-le d'abord).")]})
        opened = case_open(
            by=by, child=child, origin=Case.Origin.ALERT, sensitive=alert.is_sensitive, note=alert.description
        )
        alert.case, alert.status = opened, Alert.Status.CASE_OPENED
    elif decision == "link":
        if case is None:
            raise ValidationError({"case": [_("Choisissez le dossier auquel rattacher l'alerte.")]})
        alert.case, alert.status = case, Alert.Status.LINKED
        _event(case, by, "alert_linked", note=alert.code)
    elif decision == "dismiss":
        if not note.strip():
            raise ValidationError({"note": [_("Indiquez pourquoi l'alerte est classée sans suite.")]})
        alert.status = Alert.Status.DISMISSED
    else:
        raise ValidationError(_("Décision inconnue : « %(d)s ».") % {"d": decision})
    if child is not None:
        alert.child = child
    alert.triaged_at, alert.triaged_by, alert.triage_note = timezone.now(), by, note.strip()
    alert.save()
    audit_record(
        actor=by,
        action="alert.triage",
        obj=alert,
        object_repr=alert.code,
        after={"decision": decision, "in_time": alert.in_time},
    )
    return alert


CORRECTABLE = (
    "source",
    "urgency",
    "situation",
    "locality",
    "place_detail",
    "observed_at",
    "description",
    "children_count",
    "child_name",
    "child_age",
    "child_sex",
    "reporter_name",
    "reporter_phone",
)


@transaction.atomic
def alert_correct(*, by: User, alert: Alert, data: AlertInput) -> Alert:
    """A corrected report (an edited form) replaces what the alert says, as long as nobody has triaged it."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if not may(by, Perm.ALERT_CREATE, data.locality):
        raise PermissionDenied(_("Vous ne pouvez pas enregistrer d'alerte dans cette localité."))
    if alert.status != Alert.Status.NEW:
        raise ValidationError(_("Cette alerte a déjà été triée : la correction n'est plus possible."))
    before = {name: str(getattr(alert, name)) for name in CORRECTABLE}
    for name in CORRECTABLE:
        setattr(alert, name, getattr(data, name))
    alert.reporter_phone = _phone(data.reporter_phone)
    alert.triage_due_at = alert.received_at + triage_limit(alert.situation)
    alert.full_clean()
    alert.save()
    after = {name: str(getattr(alert, name)) for name in CORRECTABLE}
    changed = {k for k in after if after[k] != before[k]}
    audit_record(
        actor=by,
        action="alert.correct",
        obj=alert,
        object_repr=alert.code,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return alert


def alerts_overdue(qs: QuerySet[Alert], now: datetime | None = None) -> QuerySet[Alert]:
    return qs.filter(status=Alert.Status.NEW, triage_due_at__lt=now or timezone.now())


# --- Cases -----------------------------------------------------------------------------------------------------------


def _event(case: Case, by: User | None, action: str, *, before: str = "", after: str = "", note: str = "") -> None:
    CaseEvent.objects.create(
        case=case, at=timezone.now(), by=by, action=action, from_status=before, to_status=after, note=note
    )


def _supervisor_for(locality: AdminUnit) -> User | None:
    """The supervisor nearest to the locality (sous-préfecture first, then up)."""
    ancestors = [u for u in (locality.sous_prefecture, locality.departement, locality.region) if u is not None]
    for unit in ancestors:
        found = User.objects.filter(role=Role.SUPERVISEUR, jurisdiction=unit, is_active=True).order_by("pk").first()
        if found is not None:
            return found
    return None


def case_open(
    *,
    by: User | None,
    child: Child,
    origin: str,
    visit: Visit | None = None,
    sensitive: bool = False,
    proposed: bool = False,
    assigned_to: User | None = None,
    note: str = "",
) -> Case:
    """Open a case for a child (or propose one, for a child at risk); one active case per child."""
    if (
        by is not None
        and not may(by, Perm.CASE_EDIT, child.locality)
        and not may(by, Perm.ALERT_TRIAGE, child.locality)
    ):
        raise PermissionDenied(_("Vous ne pouvez pas ouvrir de dossier dans cette localité."))
    existing = Case.objects.filter(child=child, status__in=[*Case.ACTIVE, Case.Status.PROPOSED]).first()
    if existing is not None:
        raise ValidationError(
            _("Cet enfant a déjà un dossier en cours (%(code)s).") % {"code": existing.code}, code="case_exists"
        )
    category = visit.category if visit is not None else child.category
    case = Case.objects.create(
        child=child,
        locality=child.locality,
        status=Case.Status.PROPOSED if proposed else Case.Status.OPEN,
        origin=origin,
        category=category or "",
        is_sensitive=sensitive or category in SENSITIVE_CATEGORIES,
        visit=visit,
        assigned_to=assigned_to,
        supervisor=_supervisor_for(child.locality),
        opened_at=timezone.now(),
    )
    _event(case, by, "proposed" if proposed else "opened", after=case.status, note=note)
    audit_record(actor=by, action="case.open", obj=case, object_repr=case.code, after={"origin": origin})
    notifications.case_opened(case)
    return case


def _save(case: Case, version: int, **changes: Any) -> Case:
    """Write the changes only if nobody changed the case since `version` was read."""
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        _current(case, version)  # raises ConcurrentChange, saying when the case changed
    case.refresh_from_db()
    return case


def _current(case: Case, version: int) -> Case:
    """The case as stored, locked for this transaction; refused if it changed since `version` was read."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != version:
        raise ConcurrentChange(
            _(
                "Ce dossier a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert (le %(at)s) : "
                "rechargez la page, vérifiez, puis recommencez."
            )
            % {"at": timezone.localtime(current.updated_at).strftime("%d/%m/%Y %H:%M")},
            code="concurrent",
        )
    return current


def follow_ups(case: Case) -> list[Visit]:
    """The child's follow-up visits since the case began, oldest first (rejected submissions left out).

    A case opened from a visit began on the day of that visit, even when the visit was entered later (paper forms
    typed at the office): the follow-ups made since then count."""
    since = timezone.localdate(case.opened_at)
    if case.visit_id is not None:
        since = min(since, Visit.objects.filter(pk=case.visit_id).values_list("visited_on", flat=True).get())
    return list(
        Visit.objects.counted()
        .filter(child=case.child, kind=Visit.Kind.FOLLOW_UP, visited_on__gte=since)
        .order_by("visited_on", "id")
    )


def _check_closure(case: Case, reason: str) -> None:
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"reason": [_("Choisissez le motif de clôture.")]})
    if reason == Case.ClosureReason.TRANSFERRED:
        return
    done = follow_ups(case)
    if case.status != Case.Status.FOLLOW_UP or not done:
        raise ValidationError(
            {"reason": [_("Un dossier ne se clôt qu'après au moins une visite de suivi (sauf transfert).")]}
        )
    if reason == Case.ClosureReason.OUT_OF_LABOUR:
        last = done[-2:]
        if len(last) < 2 or any(v.category in LABOUR for v in last):
            raise ValidationError(
                {
                    "reason": [
                        _(
                            "« Sorti du travail des enfants » demande deux visites de suivi consécutives où l'enfant "
                            "ne travaille plus."
                        )
                    ]
                }
            )


@transaction.atomic
def case_transition(
    *, by: User, case: Case, name: str, version: int, note: str = "", text: str = "", reason: str = ""
) -> Case:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Étape inconnue : « %(n)s ».") % {"n": name})
    if not policy.may_act(by, case, transition.perm):
        raise PermissionDenied(_("Vous ne pouvez pas faire cette étape sur ce dossier."))
    case = _current(case, version)
    if case.status not in transition.sources:
        raise ValidationError(
            _("« %(step)s » n'est pas possible à l'étape « %(status)s ».")
            % {"step": transition.label, "status": case.get_status_display()},
            code="illegal_transition",
        )
    if "note" in transition.needs and not note.strip():
        raise ValidationError({"note": [_("Indiquez le motif.")]})
    if "text" in transition.needs and not text.strip():
        raise ValidationError({"text": [_("Ce champ est obligatoire.")]})
    changes: dict[str, Any] = {"status": transition.target}
    if name == "assess":
        changes.update(assessment=text.strip(), assessed_at=timezone.now())
    elif name == "plan":
        changes["plan"] = text.strip()
    elif name == "request_closure":
        _check_closure(case, reason)
        changes.update(closure_reason=reason, closure_note=note.strip(), closure_requested_by=by)
    elif name == "approve_closure":
        if by.pk == case.closure_requested_by_id:
            raise ValidationError(
                _("La clôture doit être approuvée par un autre intervenant que celui qui l'a demandée.")
            )
        changes.update(closure_approved_by=by, closed_at=timezone.now())
    elif name == "refuse_closure":
        changes.update(closure_reason="", closure_requested_by=None)
    elif name == "reopen":
        changes.update(
            reopened=F("reopened") + 1,
            closure_reason="",
            closed_at=None,
            closure_approved_by=None,
            closure_requested_by=None,
        )
    before = case.status
    case = _save(case, version, **changes)
    _event(case, by, name, before=before, after=case.status, note=note.strip() or text.strip()[:500])
    audit_record(
        actor=by,
        action=f"case.{name}",
        obj=case,
        object_repr=case.code,
        before={"status": before},
        after={"status": case.status, "reason": reason},
    )
    if name == "request_closure":
        notifications.closure_requested(case)
    return case


@transaction.atomic
def case_assign(*, by: User, case: Case, version: int, assigned_to: User) -> Case:
    if not policy.may_act(by, case, Perm.CASE_SUPERVISE):
        raise PermissionDenied(_("Seul un superviseur du dossier peut le confier."))
    case = _current(case, version)
    if not may(assigned_to, Perm.CASE_EDIT, case.locality):
        raise ValidationError({"assigned_to": [_("Cet intervenant n'agit pas dans la localité du dossier.")]})
    case = _save(case, version, assigned_to=assigned_to)
    _event(case, by, "assigned", note=assigned_to.get_full_name() or assigned_to.username)
    audit_record(actor=by, action="case.assign", obj=case, object_repr=case.code, after={"to": assigned_to.username})
    notifications.case_assigned(case)
    return case


# --- Referrals and services ------------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    by: User,
    case: Case,
    version: int,
    structure: Structure,
    service: str,
    consent_child: bool,
    consent_guardian: bool,
    consent_note: str = "",
    note: str = "",
) -> Referral:
    if not policy.may_act(by, case, Perm.CASE_EDIT):
        raise PermissionDenied(_("Vous ne pouvez pas orienter cet enfant."))
    case = _current(case, version)
    if case.status not in {Case.Status.PLAN, Case.Status.SERVICES, Case.Status.FOLLOW_UP}:
        raise ValidationError(
            _("On oriente un enfant une fois le plan de prise en charge arrêté (étape actuelle : %(s)s).")
            % {"s": case.get_status_display()},
            code="illegal_transition",
        )
    if not (consent_child and consent_guardian):
        raise ValidationError(
            {"consent": [_("L'orientation demande l'accord de l'enfant et celui de son parent ou tuteur.")]}
        )
    if not structure.is_active or not structure.offers(service):
        raise ValidationError(
            {"structure": [_("%(s)s n'offre pas ce service.") % {"s": structure}]}, code="service_not_offered"
        )
    if not Structure.objects.filter(pk=structure.pk).serving(case.locality).exists():
        raise ValidationError(
            {"structure": [_("%(s)s n'intervient pas à %(place)s.") % {"s": structure, "place": case.locality}]},
            code="not_serving",
        )
    if not structure.has_place():
        raise ValidationError({"structure": [_("%(s)s n'a plus de place disponible.") % {"s": structure}]})
    before = case.status
    case = _save(case, version, status=Case.Status.SERVICES if before == Case.Status.PLAN else before)
    referral = Referral.objects.create(
        case=case,
        structure=structure,
        service=service,
        consent_child=consent_child,
        consent_guardian=consent_guardian,
        consent_note=consent_note,
        note=note,
        referred_by=by,
        referred_at=timezone.now(),
    )
    counts_changed([(case.sous_prefecture_id, referral.referred_at)])  # the stored counts follow
    _event(
        case, by, "referred", before=before, after=case.status, note=f"{structure} — {referral.get_service_display()}"
    )
    audit_record(
        actor=by, action="referral.create", obj=referral, object_repr=case.code, after={"structure": structure.pk}
    )
    notifications.referral_made(referral)
    return referral


def _provider_of(user: User, structure_id: int) -> bool:
    return user.role == Role.PRESTATAIRE and user.structure_id == structure_id and user.is_active


@transaction.atomic
def referral_respond(*, by: User, referral: Referral, accept: bool, note: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not _provider_of(by, referral.structure_id):
        raise PermissionDenied(_("Seuls les agents de la structure sollicitée répondent à une orientation."))
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("Cette orientation a déjà reçu une réponse."))
    if not accept and not note.strip():
        raise ValidationError({"note": [_("Indiquez pourquoi l'orientation est refusée.")]})
    referral.status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
    referral.responded_by, referral.responded_at, referral.response_note = by, timezone.now(), note.strip()
    referral.save()
    counts_changed([(referral.case.sous_prefecture_id, referral.referred_at)])  # the stored counts follow
    if accept and referral.structure.places_free:
        Structure.objects.filter(pk=referral.structure_id, places_free__gt=0).update(places_free=F("places_free") - 1)
    _event(referral.case, by, "referral_accepted" if accept else "referral_declined", note=note.strip())
    audit_record(
        actor=by, action="referral.respond", obj=referral, object_repr=referral.case.code, after={"accept": accept}
    )
    notifications.referral_answered(referral)
    return referral


@transaction.atomic
def service_record(
    *,
    by: User,
    case: Case,
    service: str,
    delivered_on: date,
    cost: Decimal | None = None,
    provider: Structure | None = None,
    provider_name: str = "",
    referral: Referral | None = None,
    note: str = "",
) -> ServiceDelivery:
    """A service delivered: by the case's workers, or by the provider the child was referred to (accepted)."""
    if referral is not None:
        if referral.case_id != case.pk:
            raise ValidationError({"referral": [_("Cette orientation concerne un autre dossier.")]})
        if referral.status != Referral.Status.ACCEPTED:
            raise ValidationError({"referral": [_("Le service se déclare sur une orientation acceptée.")]})
        provider, service = referral.structure, referral.service
    allowed = policy.may_act(by, case, Perm.CASE_EDIT) or (
        referral is not None and _provider_of(by, referral.structure_id)
    )
    if not allowed:
        raise PermissionDenied(_("Vous ne pouvez pas déclarer de service sur ce dossier."))
    if not case.is_active:
        raise ValidationError(_("Le dossier n'est pas en cours."))
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": [_("La date ne peut pas être dans le futur.")]})
    if cost is not None and cost < 0:
        raise ValidationError({"cost": [_("Le coût ne peut pas être négatif.")]})
    delivery = ServiceDelivery(
        case=case,
        referral=referral,
        service=service,
        delivered_on=delivered_on,
        cost=cost,
        provider=provider,
        provider_name=provider_name,
        note=note,
        recorded_by=by,
    )
    delivery.full_clean()
    delivery.save()
    if referral is not None:
        Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.COMPLETED)
    # The stored counts follow: the child served from that day, the referral completed.
    counts_changed(
        [
            (case.child.sous_prefecture_id, delivered_on),
            *([(case.sous_prefecture_id, referral.referred_at)] if referral is not None else []),
        ]
    )
    if case.status == Case.Status.PLAN:
        Case.objects.filter(pk=case.pk).update(status=Case.Status.SERVICES, version=F("version") + 1)
    _event(case, by, "service", note=delivery.get_service_display())
    audit_record(actor=by, action="service.record", obj=delivery, object_repr=case.code, after={"service": service})
    return delivery


# --- From the register ------------------------------------------------------------------------------------------


def visit_recorded(visit: Visit) -> Case | None:
    """A classified visit opens a case (child labour, hazardous work, worst forms), proposes one (at risk), or,
    for a follow-up of a child whose services are under way, moves the case to follow-up."""
    child = visit.child
    active = Case.objects.filter(child=child, status__in=[*Case.ACTIVE, Case.Status.PROPOSED]).first()
    if active is not None:
        if visit.kind == Visit.Kind.FOLLOW_UP:
            note = _("Visite de suivi du %(d)s : %(c)s") % {
                "d": visit.visited_on.strftime("%d/%m/%Y"),
                "c": visit.get_category_display(),
            }
            if active.status == Case.Status.SERVICES:
                _save(active, active.version, status=Case.Status.FOLLOW_UP)
                _event(
                    active,
                    visit.recorded_by,
                    "follow_up",
                    before=Case.Status.SERVICES,
                    after=Case.Status.FOLLOW_UP,
                    note=note,
                )
            else:
                _event(active, visit.recorded_by, "follow_up_visit", note=note)
        return active
    if visit.category in LABOUR:
        proposed = False
    elif visit.category == "at_risk":
        proposed = True
    else:
        return None
    agent = visit.agent if visit.agent is not None and visit.agent.role in {Role.AGENT, Role.SUPERVISEUR} else None
    return case_open(
        by=None,
        child=child,
        origin=Case.Origin.VISIT,
        visit=visit,
        proposed=proposed,
        assigned_to=agent,
    )
