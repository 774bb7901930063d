"""The bases of the register and the cases: the latest visit of each child monitored in the period, the households
visited, the alerts received, the referrals made. Rows from a submission a supervisor rejected never count (the
registry's `counted()` querysets).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from sosteci.cases.models import Alert, Referral, ServiceDelivery
from sosteci.directory.models import ServiceType
from sosteci.indicators.bases.common import (
    Base,
    CellKey,
    CountRequest,
    flag,
    grouped,
    place,
    rejected_submissions,
    within,
)
from sosteci.indicators.definitions import LABOUR, Dimension
from sosteci.indicators.periods import Period
from sosteci.registry.models import CategoryChoices, Child, Household, Visit
from sosteci.territory.models import AdminUnit

# --- Children: the latest counted visit of each child in the period -------------------------------------------------

CHILD_PLACE = place("child__", denormalised=True)
AGE_BAND = Case(
    When(age_at_visit__lte=4, then=Value("0-4")),
    When(age_at_visit__lte=11, then=Value("5-11")),
    When(age_at_visit__lte=14, then=Value("12-14")),
    default=Value("15-17"),
    output_field=CharField(),
)


def rejected_households() -> QuerySet[Household]:
    return Household.objects.filter(submission__in=rejected_submissions().values("pk"))


def _kept_visits() -> QuerySet[Visit]:
    """Visits not from a rejected submission (in subqueries about one child, who already counts)."""
    return Visit.objects.exclude(submission__in=rejected_submissions().values("pk"))


def counted_visits() -> QuerySet[Visit]:
    """The rows of `Visit.objects.counted()`, written as anti-semi-joins on the few rejected submissions and their
    households instead of joins of every visit to its submission and household (3 M visits, 1 M households);
    tests hold the two equal."""
    return _kept_visits().exclude(child__household__in=rejected_households().values("pk"))


def latest_visits(period: Period) -> QuerySet[Visit]:
    """The latest counted visit of each child in the period (latest day, then latest recorded)."""
    days = Q(visited_on__gte=period.start, visited_on__lte=period.end)
    later = (
        _kept_visits()
        .filter(days, child=OuterRef("child_id"))
        .filter(Q(visited_on__gt=OuterRef("visited_on")) | Q(visited_on=OuterRef("visited_on"), pk__gt=OuterRef("pk")))
    )
    return counted_visits().filter(days).filter(~Exists(later))


def latest_follow_ups(end: date) -> QuerySet[Visit]:
    """Each child's latest follow-up visit (not from a rejected submission) on or before `end`."""
    follow_ups = _kept_visits().filter(kind=Visit.Kind.FOLLOW_UP, visited_on__lte=end)
    later = follow_ups.filter(child=OuterRef("child_id")).filter(
        Q(visited_on__gt=OuterRef("visited_on")) | Q(visited_on=OuterRef("visited_on"), pk__gt=OuterRef("pk"))
    )
    return follow_ups.filter(~Exists(later))


def child_sets(end: date, scope: AdminUnit) -> dict[str, QuerySet[Any]]:
    """The children (ids) of `scope` holding each flag as at `end`: each set is one subquery, not one lookup per
    child, so that the database builds it once (a hashed sub-plan) whatever the number of children counted; limited
    to the scope, so that a sous-préfecture's figures read its own children's visits only."""
    here = within(CHILD_PLACE, scope)
    kept = _kept_visits().filter(here, visited_on__lte=end)
    follow_ups = kept.filter(kind=Visit.Kind.FOLLOW_UP)
    return {
        "identified": kept.filter(category__in=LABOUR).values("child_id"),
        "served": ServiceDelivery.objects.filter(
            within(place("case__child__", True), scope), delivered_on__lte=end
        ).values("case__child_id"),
        "followed": follow_ups.values("child_id"),
        "followed_twice": follow_ups.values("child_id").annotate(n=Count("pk")).filter(n__gte=2).values("child_id"),
        "out_at_last_follow_up": latest_follow_ups(end).filter(here).exclude(category__in=LABOUR).values("child_id"),
    }


IN_SCHOOL = Case(
    When(attends_school=True, then=Value(True)),
    When(attends_school=False, then=Value(False)),
    When(child__schooling=Child.Schooling.ENROLLED, then=Value(True)),
    default=Value(False),
    output_field=BooleanField(),
)  # at the latest visit; when the visit did not record it, the schooling declared for the child


def _child_flags(period: Period, scope: AdminUnit, names: frozenset[str]) -> dict[str, Any]:
    sets = child_sets(period.end, scope)
    flags: dict[str, Any] = {name: flag(Q(child_id__in=sets[name])) for name in names if name in sets}
    if "in_school" in names:
        flags["in_school"] = IN_SCHOOL
    return flags


def count_children(request: CountRequest) -> dict[CellKey, int]:
    period = request.period
    queryset = latest_visits(period).filter(within(CHILD_PLACE, request.scope))
    return grouped(
        queryset,
        unit_column=CHILD_PLACE(request.level),
        columns={Dimension.SEX: F("child__sex"), Dimension.AGE_BAND: AGE_BAND, Dimension.CATEGORY: F("category")},
        flags=_child_flags(period, request.scope, request.flags),
        request=request,
    )


# --- Households: those with a counted visit of one of their children in the period ----------------------------------


def count_households(request: CountRequest) -> dict[CellKey, int]:
    period = request.period
    column = CHILD_PLACE(request.level)
    visits = (
        counted_visits()
        .filter(visited_on__gte=period.start, visited_on__lte=period.end)
        .filter(within(CHILD_PLACE, request.scope))
    )
    if column is None:
        total = visits.aggregate(n=Count("child__household", distinct=True))["n"]
        return {(request.scope.pk, None, None, None, frozenset()): total} if total else {}
    rows = visits.values(u=F(column)).annotate(n=Count("child__household", distinct=True)).order_by()
    return {(row["u"], None, None, None, frozenset()): row["n"] for row in rows}


# --- Alerts: received in the period; category = source ------------------------------------------------------------

ALERT_PLACE = place("", denormalised=False)


def count_alerts(request: CountRequest) -> dict[CellKey, int]:
    first, after = request.period.moments()
    queryset = (
        Alert.objects.exclude(submission__in=rejected_submissions().values("pk"))
        .filter(received_at__gte=first, received_at__lt=after)
        .filter(within(ALERT_PLACE, request.scope))
    )
    flags = {
        # Triaged, or past its limit when the figures are computed: only these can be judged in time or late.
        "due": flag(Q(triaged_at__isnull=False) | Q(triage_due_at__lt=request.as_of)),
        "in_time": flag(Q(triaged_at__isnull=False, triaged_at__lte=F("triage_due_at"))),
    }
    return grouped(
        queryset,
        unit_column=ALERT_PLACE(request.level),
        columns={Dimension.CATEGORY: F("source")},
        flags={name: flags[name] for name in request.flags},
        request=request,
    )


# --- Referrals: made in the period; the child's sex; category = service ----------------------------------------------

REFERRAL_PLACE = place("case__", denormalised=False)
ANSWERED = (Referral.Status.ACCEPTED, Referral.Status.DECLINED, Referral.Status.COMPLETED)
ACCEPTED = (Referral.Status.ACCEPTED, Referral.Status.COMPLETED)


def counted_cases(prefix: str = "") -> Q:
    """Cases that count: not of a household registered by a rejected submission, nor opened by a visit from one
    (`prefix` reaches the case from another model)."""
    return ~Q(**{f"{prefix}child__household__in": rejected_households().values("pk")}) & ~Q(
        **{f"{prefix}visit__in": Visit.objects.filter(submission__in=rejected_submissions().values("pk")).values("pk")}
    )


def count_referrals(request: CountRequest) -> dict[CellKey, int]:
    first, after = request.period.moments()
    queryset = (
        Referral.objects.filter(referred_at__gte=first, referred_at__lt=after)
        .filter(counted_cases("case__"))
        .filter(within(REFERRAL_PLACE, request.scope))
    )
    flags = {
        "answered": flag(Q(status__in=ANSWERED)),
        "accepted": flag(Q(status__in=ACCEPTED)),
    }
    return grouped(
        queryset,
        unit_column=REFERRAL_PLACE(request.level),
        columns={Dimension.SEX: F("case__child__sex"), Dimension.CATEGORY: F("service")},
        flags={name: flags[name] for name in request.flags},
        request=request,
    )


REGISTER_BASES: tuple[Base, ...] = (
    Base(
        "children",
        frozenset({Dimension.SEX, Dimension.AGE_BAND, Dimension.CATEGORY}),
        tuple(CategoryChoices.values),
        frozenset({"in_school", "identified", "served", "followed", "followed_twice", "out_at_last_follow_up"}),
        count_children,
    ),
    Base("households", frozenset(), (), frozenset(), count_households),
    Base(
        "alerts",
        frozenset({Dimension.CATEGORY}),
        tuple(Alert.Source.values),
        frozenset({"due", "in_time"}),
        count_alerts,
        stored=False,
    ),
    Base(
        "referrals",
        frozenset({Dimension.SEX, Dimension.CATEGORY}),
        tuple(ServiceType.values),
        frozenset({"answered", "accepted"}),
        count_referrals,
    ),
)
