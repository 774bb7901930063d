"""Reads of alerts, cases and referrals, scoped to the user; reads of a child's case are audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from sosteci.access.audit import audit_read
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.roles import Role
from sosteci.access.scoping import jurisdiction_of
from sosteci.cases import policy
from sosteci.cases.models import Alert, Case, Referral
from sosteci.registry.models import Visit


def cases_for(user: User) -> QuerySet[Case]:
    """The cases the user may list: those of its jurisdiction, or (providers) those referred to its structure.

    Sensitive cases are listed; their identity is shown only to their team (policy.display_name)."""
    if user.role == Role.PRESTATAIRE:
        if not user.structure_id:
            return Case.objects.none()
        return Case.objects.filter(referrals__structure_id=user.structure_id).distinct()
    unit = jurisdiction_of(user)
    if unit is None or not may(user, Perm.CASE_VIEW):
        return Case.objects.none()
    # One column of the case (its copy of the locality's ancestor), no join to the territory: a supervisor's lists
    # read the sous-préfecture's cases in date order from cases_case_sp_opened_idx and stop at the page.
    return Case.objects.filter(unit.located_q())


def case_list(*, user: User, status: str = "", q: str = "", mine: bool = False) -> QuerySet[Case]:
    qs = cases_for(user).select_related("child", "locality", "assigned_to")
    if status == "active":
        qs = qs.filter(status__in=Case.ACTIVE)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(Q(assigned_to=user) | Q(supervisor=user))
    if q:
        # Searching by name must not reveal a sensitive case to someone outside its team.
        by_name = Q(child__family_name__icontains=q) | Q(child__given_names__icontains=q)
        team = Q(assigned_to=user) | Q(supervisor=user)
        qs = qs.filter(Q(code__iexact=q) | Q(child__code__iexact=q) | (by_name & (Q(is_sensitive=False) | team)))
    return qs.order_by("-opened_at", "-id")


def case_get(*, user: User, pk: int, purpose: str = "case.view") -> Case | None:
    case = cases_for(user).select_related("child", "locality", "assigned_to", "supervisor").filter(pk=pk).first()
    if case is not None:
        audit_read(actor=user, objects=[case], purpose=purpose)
        if policy.sees_identity(user, case):
            audit_read(actor=user, objects=[case.child], purpose=purpose)
    return case


def alerts_for(user: User) -> QuerySet[Alert]:
    unit = jurisdiction_of(user)
    if unit is None:
        return Alert.objects.none()
    if may(user, Perm.ALERT_TRIAGE) or may(user, Perm.CASE_VIEW):
        return Alert.objects.filter(unit.subtree_q("locality__"))
    if may(user, Perm.ALERT_CREATE):
        return Alert.objects.filter(created_by=user)
    return Alert.objects.none()


def alert_get(*, user: User, pk: int) -> Alert | None:
    alert = alerts_for(user).select_related("locality", "case", "child").filter(pk=pk).first()
    if alert is not None:
        audit_read(actor=user, objects=[alert], purpose="alert.view")
    return alert


def referrals_for_provider(user: User) -> QuerySet[Referral]:
    if user.role != Role.PRESTATAIRE or not user.structure_id:
        return Referral.objects.none()
    return Referral.objects.filter(structure_id=user.structure_id).select_related("case", "case__child")


def referrals_for(user: User) -> QuerySet[Referral]:
    """Providers: the referrals made to their structure; others: the referrals of the cases they may list."""
    if user.role == Role.PRESTATAIRE:
        return referrals_for_provider(user)
    return Referral.objects.filter(case__in=cases_for(user)).select_related("case", "case__child", "structure")


def case_referrals(user: User, case: Case) -> QuerySet[Referral]:
    """A case's referrals as the user may see them (a provider, only those made to its structure)."""
    referrals = case.referrals.select_related("structure")
    if user.role == Role.PRESTATAIRE:
        return referrals.filter(structure_id=user.structure_id or 0)
    return referrals


@dataclass
class Tasks:
    alerts_to_triage: list[Alert] = field(default_factory=list)
    assessments_due: list[Case] = field(default_factory=list)
    referrals_waiting: list[Referral] = field(default_factory=list)
    follow_ups_due: list[Case] = field(default_factory=list)
    closures_to_approve: list[Case] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(x)
            for x in (
                self.alerts_to_triage,
                self.assessments_due,
                self.referrals_waiting,
                self.follow_ups_due,
                self.closures_to_approve,
            )
        )


def tasks_for(user: User, limit: int = 50) -> Tasks:
    """What waits for the user: alerts to triage, assessments, referral answers, follow-ups, closures."""
    now = timezone.now()
    tasks = Tasks()
    if user.role == Role.PRESTATAIRE:
        tasks.referrals_waiting = list(referrals_for_provider(user).filter(status=Referral.Status.PENDING)[:limit])
        return tasks
    if may(user, Perm.ALERT_TRIAGE):
        tasks.alerts_to_triage = list(
            alerts_for(user)
            .filter(status=Alert.Status.NEW)
            .select_related("locality")
            .order_by("triage_due_at")[:limit]
        )
    # The page shows each case's code, place and dates: the child (a wide row) is not read with it.
    mine = cases_for(user).filter(Q(assigned_to=user) | Q(supervisor=user)).select_related("locality")
    tasks.assessments_due = list(
        mine.filter(
            status=Case.Status.OPEN, opened_at__lt=now - timedelta(days=settings.CASES_ASSESSMENT_DAYS)
        ).order_by("opened_at")[:limit]
    )
    tasks.referrals_waiting = list(
        Referral.objects.filter(case__in=mine, status=Referral.Status.PENDING)
        .select_related("case", "structure")
        .order_by("referred_at")[:limit]
    )
    # Due: no follow-up visit of the child since `since`. Tested per case (NOT EXISTS on the child's visits) while
    # reading the cases in date order, and the date of the last one looked up for the cases shown only, rather than
    # grouping every visit of every case followed to find each one's latest.
    since = timezone.localdate() - timedelta(days=settings.CASES_FOLLOW_UP_DAYS)
    follow_ups = Visit.objects.filter(child=OuterRef("child_id"), kind=Visit.Kind.FOLLOW_UP)
    following = (
        mine.filter(status__in=[Case.Status.SERVICES, Case.Status.FOLLOW_UP])
        .exclude(Exists(follow_ups.filter(visited_on__gte=since)))
        .annotate(last_follow_up=Subquery(follow_ups.order_by("-visited_on").values("visited_on")[:1]))
    )
    tasks.follow_ups_due = list(following.order_by("opened_at")[:limit])
    if may(user, Perm.CASE_SUPERVISE):
        closing = cases_for(user).filter(status=Case.Status.CLOSING).exclude(closure_requested_by=user)
        tasks.closures_to_approve = [
            c for c in closing.select_related("locality")[:limit] if policy.may_act(user, c, Perm.CASE_SUPERVISE)
        ]
    return tasks
