"""Reads of coordination data, always for a given user: its jurisdiction, or its structure for partners."""

from __future__ import annotations

import calendar
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of, restrict_to_jurisdiction
from sosteci.coordination import policy
from sosteci.coordination.models import (
    OPEN_DECISIONS,
    AwarenessSession,
    Committee,
    CommitteeMember,
    Decision,
    Evaluation,
    Meeting,
    PartnerEffort,
    PartnerReport,
    Programme,
    ProgrammeDecision,
    Recommendation,
    Training,
)
from sosteci.territory.models import AdminUnit, Level

# --- Committees and their life -------------------------------------------------------------------------------------


def committees_for(user: User) -> QuerySet[Committee]:
    """Committees whose unit lies in the user's jurisdiction (none for partners, providers and the hotline)."""
    if not may(user, Perm.COORDINATION_VIEW):
        return Committee.objects.none()
    return restrict_to_jurisdiction(Committee.objects.all(), user, "admin_unit")


def committee_list(
    *, user: User, q: str = "", level: str = "", unit: AdminUnit | None = None, active_only: bool = False
) -> QuerySet[Committee]:
    qs = committees_for(user).select_related("admin_unit")
    text = q.strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(act_number__icontains=text) | Q(admin_unit__name__icontains=text))
    if level:
        qs = qs.filter(level=level)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("admin_unit__"))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name", "pk")


def committee_get(*, user: User, pk: int) -> Committee | None:
    return committees_for(user).select_related("admin_unit").filter(pk=pk).first()


def members_of(committee: Committee) -> QuerySet[CommitteeMember]:
    return committee.members.select_related("organisation", "user").order_by("-is_active", "role", "full_name")


def member_get(*, user: User, pk: int) -> CommitteeMember | None:
    return (
        CommitteeMember.objects.filter(committee__in=committees_for(user))
        .select_related("committee", "committee__admin_unit", "organisation", "user")
        .filter(pk=pk)
        .first()
    )


def meetings_for(user: User) -> QuerySet[Meeting]:
    """Meetings of at least one committee the user sees (a joint national meeting: national users)."""
    held_by = Meeting.committees.through.objects.filter(meeting_id=OuterRef("pk"), committee__in=committees_for(user))
    return Meeting.objects.filter(Exists(held_by))


def meeting_get(*, user: User, pk: int) -> Meeting | None:
    return meetings_for(user).prefetch_related("committees").filter(pk=pk).first()


def meeting_month(*, user: User, year: int, month: int, committee: Committee | None = None) -> list[Meeting]:
    """The calendar of one month across every committee the user sees (or one of them), in date order."""
    last = calendar.monthrange(year, month)[1]
    qs = meetings_for(user).filter(held_on__gte=date(year, month, 1), held_on__lte=date(year, month, last))
    if committee is not None:
        qs = qs.filter(committees=committee)
    return list(qs.prefetch_related("committees").order_by("held_on", "starts_at", "pk"))


def meetings_upcoming(*, user: User, limit: int = 5) -> list[Meeting]:
    qs = meetings_for(user).filter(held_on__gte=timezone.localdate(), status=Meeting.Status.PLANNED)
    return list(qs.prefetch_related("committees").order_by("held_on", "starts_at", "pk")[:limit])


def decisions_for(user: User) -> QuerySet[Decision]:
    return Decision.objects.filter(meeting__in=meetings_for(user))


def decision_list(
    *, user: User, status: str = "", overdue: bool = False, committee: Committee | None = None
) -> QuerySet[Decision]:
    """Decisions to follow up: by status, overdue only (still open after their due date), of one committee."""
    qs = decisions_for(user).select_related("meeting")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_DECISIONS, due_on__lt=timezone.localdate())
    if committee is not None:
        qs = qs.filter(meeting__committees=committee)
    return qs.order_by("due_on", "pk")


def decision_get(*, user: User, pk: int) -> Decision | None:
    return decisions_for(user).select_related("meeting").filter(pk=pk).first()


def trainings_for(user: User) -> QuerySet[Training]:
    return Training.objects.filter(committee__in=committees_for(user))


def training_get(*, user: User, pk: int) -> Training | None:
    return trainings_for(user).select_related("committee", "committee__admin_unit").filter(pk=pk).first()


def sessions_for(user: User) -> QuerySet[AwarenessSession]:
    """Awareness sessions: a partner's own structure's; otherwise those held in the jurisdiction."""
    if policy.acts_for_structure(user):
        if not may(user, Perm.AWARENESS_RECORD):
            return AwarenessSession.objects.none()
        return AwarenessSession.objects.filter(structure__users=user)
    if not may(user, Perm.COORDINATION_VIEW):
        return AwarenessSession.objects.none()
    return restrict_to_jurisdiction(AwarenessSession.objects.all(), user, "locality")


def session_list(
    *, user: User, theme: str = "", unit: AdminUnit | None = None, start: date | None = None, end: date | None = None
) -> QuerySet[AwarenessSession]:
    qs = sessions_for(user).select_related("locality", "committee", "structure")
    if theme:
        qs = qs.filter(theme=theme)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("locality__"))
    if start is not None:
        qs = qs.filter(held_on__gte=start)
    if end is not None:
        qs = qs.filter(held_on__lte=end)
    return qs.order_by("-held_on", "-pk")


def session_get(*, user: User, pk: int) -> AwarenessSession | None:
    return sessions_for(user).select_related("locality", "committee", "structure").filter(pk=pk).first()


# --- Programmes ----------------------------------------------------------------------------------------------------


def _zones_touching(unit: AdminUnit) -> Q:
    """Zones (rows of Programme.zones' table) within the unit, or holding it (its ancestors and the pays)."""
    return unit.subtree_q("adminunit__") | Q(adminunit_id__in=unit.ancestor_ids()) | Q(adminunit__level=Level.PAYS)


def programmes_for(user: User) -> QuerySet[Programme]:
    """A partner's: those its structure implements or funds. Others: those with a zone in, or over, the jurisdiction
    (a national programme concerns every département), or implemented by a structure of the jurisdiction."""
    if not may(user, Perm.PROGRAMME_VIEW):
        return Programme.objects.none()
    if policy.acts_for_structure(user):
        funded = Programme.funders.through.objects.filter(programme_id=OuterRef("pk"), structure__users=user)
        return Programme.objects.filter(Q(structure__users=user) | Exists(funded))
    unit = jurisdiction_of(user)
    if unit is None:
        return Programme.objects.none()
    if unit.level == Level.PAYS:
        return Programme.objects.all()
    zones = Programme.zones.through.objects.filter(programme_id=OuterRef("pk")).filter(_zones_touching(unit))
    return Programme.objects.filter(Exists(zones) | unit.subtree_q("structure__admin_unit__"))


def programme_list(
    *, user: User, q: str = "", status: str = "", unit: AdminUnit | None = None, structure_id: int | None = None
) -> QuerySet[Programme]:
    qs = programmes_for(user).select_related("structure")
    text = q.strip()
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(code__iexact=text) | Q(structure__name__icontains=text))
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        zones = Programme.zones.through.objects.filter(programme_id=OuterRef("pk")).filter(_zones_touching(unit))
        qs = qs.filter(Exists(zones))
    if structure_id is not None:
        qs = qs.filter(structure_id=structure_id)
    return qs.order_by("-period_start", "title", "pk")


def programme_get(*, user: User, pk: int) -> Programme | None:
    return (
        programmes_for(user)
        .select_related("structure", "created_by")
        .prefetch_related("zones", "funders")
        .filter(pk=pk)
        .first()
    )


def programme_decisions(programme: Programme) -> list[ProgrammeDecision]:
    return list(programme.decisions.select_related("decided_by").order_by("round", "decided_at", "pk"))


def awaiting_decision(*, user: User) -> QuerySet[Programme]:
    """Submitted programmes on which one of the user's committees (CIM, CNLTP) has not yet given its opinion."""
    bodies = policy.validating_bodies(user)
    if not bodies:
        return Programme.objects.none()
    qs = programmes_for(user).filter(status=Programme.Status.SUBMITTED)
    decided = ProgrammeDecision.objects.filter(programme_id=OuterRef("pk"), round=OuterRef("round"))
    marks = {f"decided_{body}": Exists(decided.filter(body=body)) for body in bodies}
    pending = Q()
    for body in bodies:
        pending |= Q(**{f"decided_{body}": False})
    return qs.annotate(**marks).filter(pending).select_related("structure").order_by("submitted_at", "pk")


def repertoire(*, user: User, departement: AdminUnit, on: date) -> QuerySet[Programme]:
    """For the prefect: the programmes validated by the CIM and the CNLTP in force on `on` with a zone in the
    département, or holding it (a regional or national programme)."""
    zones = Programme.zones.through.objects.filter(programme_id=OuterRef("pk")).filter(_zones_touching(departement))
    return (
        programmes_for(user)
        .filter(Exists(zones), status=Programme.Status.VALIDATED, period_start__lte=on, period_end__gte=on)
        .select_related("structure")
        .prefetch_related("zones", "funders")
        .order_by("structure__name", "title", "pk")
    )


def departements_for(user: User) -> QuerySet[AdminUnit]:
    """The départements whose repertoire the user may open: those of its jurisdiction, or holding it."""
    unit = jurisdiction_of(user)
    qs = AdminUnit.objects.filter(level=Level.DEPARTEMENT)
    if unit is None:
        return qs.none()
    if unit.level in {Level.SOUS_PREFECTURE, Level.LOCALITE}:
        return qs.filter(pk=unit.departement_id or 0)
    return qs.filter(unit.subtree_q()).order_by("name")


# --- Outil 4 -------------------------------------------------------------------------------------------------------


def reports_for(user: User) -> QuerySet[PartnerReport]:
    """A partner's own structure's reports; otherwise reports with an action in the jurisdiction, or covering it."""
    if not may(user, Perm.EFFORT_VIEW):
        return PartnerReport.objects.none()
    if policy.acts_for_structure(user):
        return PartnerReport.objects.filter(structure__users=user)
    unit = jurisdiction_of(user)
    if unit is None:
        return PartnerReport.objects.none()
    if unit.level == Level.PAYS:
        return PartnerReport.objects.all()
    here = PartnerEffort.objects.filter(report_id=OuterRef("pk")).filter(unit.subtree_q("locality__"))
    return PartnerReport.objects.filter(unit.subtree_q("zone__") | Exists(here))


def efforts_for(user: User) -> QuerySet[PartnerEffort]:
    """Actions the user may count: a partner's own structure's; otherwise those held in the jurisdiction."""
    if not may(user, Perm.EFFORT_VIEW):
        return PartnerEffort.objects.none()
    if policy.acts_for_structure(user):
        return PartnerEffort.objects.filter(report__structure__users=user)
    return restrict_to_jurisdiction(PartnerEffort.objects.all(), user, "locality")


def report_list(
    *,
    user: User,
    structure_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    unit: AdminUnit | None = None,
) -> QuerySet[PartnerReport]:
    qs = reports_for(user).select_related("structure", "zone")
    if structure_id is not None:
        qs = qs.filter(structure_id=structure_id)
    if start is not None:
        qs = qs.filter(period_start__gte=start)
    if end is not None:
        qs = qs.filter(period_end__lte=end)
    if unit is not None:
        here = PartnerEffort.objects.filter(report_id=OuterRef("pk")).filter(unit.subtree_q("locality__"))
        qs = qs.filter(unit.subtree_q("zone__") | Exists(here))
    return qs.order_by("-period_end", "structure__name", "pk")


def report_get(*, user: User, pk: int) -> PartnerReport | None:
    return reports_for(user).select_related("structure", "zone", "programme", "recorded_by").filter(pk=pk).first()


def report_efforts(*, user: User, report: PartnerReport) -> list[PartnerEffort]:
    """The actions of a report the user may see (a regional user: those of its jurisdiction)."""
    return list(efforts_for(user).filter(report=report).select_related("locality").order_by("pk"))


# --- Evaluations -------------------------------------------------------------------------------------------------


def evaluations_for(user: User) -> QuerySet[Evaluation]:
    """A partner's: the evaluations of the programmes its structure implements or funds. Others: the evaluations of
    the programmes they see, and the evaluations of SOSTECI itself covering (or held over) their jurisdiction."""
    sees_programmes = may(user, Perm.PROGRAMME_VIEW)
    if policy.acts_for_structure(user):
        if not sees_programmes:
            return Evaluation.objects.none()
        return Evaluation.objects.filter(programme__in=programmes_for(user))
    allowed = Q(pk__in=[])
    if sees_programmes:
        allowed |= Q(programme__in=programmes_for(user))
    unit = jurisdiction_of(user)
    if may(user, Perm.COORDINATION_VIEW) and unit is not None:
        system = Q(programme__isnull=True)
        if unit.level != Level.PAYS:
            units = Evaluation.units.through.objects.filter(evaluation_id=OuterRef("pk"))
            system &= ~Exists(units) | Exists(units.filter(_zones_touching(unit)))
        allowed |= system
    return Evaluation.objects.filter(allowed)


def evaluation_list(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    stage: str = "",
    subject: str = "",
    programme: Programme | None = None,
    unit: AdminUnit | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[Evaluation]:
    """Evaluations by text (title, evaluator, findings), type, moment, subject ("system" or "programme"), programme,
    evaluated unit (within it, or holding it) and years of the report."""
    qs = evaluations_for(user).select_related("programme")
    text = q.strip()
    if text:
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(evaluator__icontains=text)
            | Q(findings__icontains=text)
            | Q(programme__title__icontains=text)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    if subject == "system":
        qs = qs.filter(programme__isnull=True)
    elif subject == "programme":
        qs = qs.filter(programme__isnull=False)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if unit is not None and unit.level != Level.PAYS:  # every evaluation concerns the nation
        units = Evaluation.units.through.objects.filter(evaluation_id=OuterRef("pk"))
        qs = qs.filter(~Exists(units) | Exists(units.filter(_zones_touching(unit))))
    if year_from is not None:
        qs = qs.filter(evaluated_on__year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(evaluated_on__year__lte=year_to)
    return qs.order_by("-evaluated_on", "-pk")


def evaluation_get(*, user: User, pk: int) -> Evaluation | None:
    return (
        evaluations_for(user)
        .select_related("programme", "programme__structure", "recorded_by")
        .prefetch_related("units")
        .filter(pk=pk)
        .first()
    )


def recommendations_for(user: User) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(evaluation__in=evaluations_for(user))


def recommendation_list(
    *, user: User, status: str = "", overdue: bool = False, evaluation: Evaluation | None = None
) -> QuerySet[Recommendation]:
    """Recommendations to follow up: by status, overdue only (still open after their due date), of one evaluation."""
    qs = recommendations_for(user).select_related("evaluation")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_DECISIONS, due_on__lt=timezone.localdate())
    if evaluation is not None:
        qs = qs.filter(evaluation=evaluation)
    return qs.order_by("due_on", "pk")


def recommendation_get(*, user: User, pk: int) -> Recommendation | None:
    return recommendations_for(user).select_related("evaluation").filter(pk=pk).first()
