"""What the indicators count, as one aggregate query per base: GROUP BY the ancestor column of the wanted level.

A base is a set of rows (the latest visit of each child monitored in the period, the households visited, the alerts
received, the referrals made) with its place, its disaggregations and boolean flags. `count()` returns, for each
measure asked (a set of flags), how many rows holding those flags fall in each (unit, sex, age band, category) cell:
the computation adds these up, never a child at a time. Rows from a submission a supervisor rejected never count
(the registry's `counted()` querysets).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from sosteci.cases.models import Alert, Referral, ServiceDelivery
from sosteci.collect.models import Submission
from sosteci.directory.models import ServiceType
from sosteci.indicators.definitions import LABOUR, Dimension
from sosteci.indicators.periods import Period
from sosteci.registry.models import REJECTED_REVIEW, CategoryChoices, Child, Household, Sex, Visit
from sosteci.territory.models import ANCESTOR_FIELDS, AdminUnit, Level

# Age at the visit, in the bands of the ILO statistical standards used by SOSTECI; the youngest band catches the
# early visits of children registered at 5 (the register follows 5-17), so that the bands add up to the total.
AGE_BANDS: tuple[str, ...] = ("0-4", "5-11", "12-14", "15-17")
SEXES: tuple[str, ...] = tuple(Sex.values)


# PostgreSQL, for the time of one computation: room for the sets of children (identified, served…) to be hashed
# once rather than looked up child by child, and no JIT compilation (it costs more than these queries take).
POSTGRESQL_SESSION = ("SET LOCAL work_mem = '256MB'", "SET LOCAL jit = off")


@contextmanager
def analytic_session() -> Iterator[None]:
    """A read transaction tuned for the aggregate queries (SET LOCAL ends with the transaction)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in POSTGRESQL_SESSION:
                    cursor.execute(statement)
        yield


@dataclass(frozen=True)
class CountRequest:
    """Count the rows of a base within `scope`, by unit at `level`, in `period`, split by `dimensions`."""

    scope: AdminUnit
    level: Level
    period: Period
    dimensions: frozenset[Dimension]
    measures: frozenset[frozenset[str]]  # the flag sets counted: each cell counts the rows holding all of a set
    as_of: datetime

    @property
    def flags(self) -> frozenset[str]:
        return frozenset().union(*self.measures)


# (unit id at the level, sex, age band, category, flag set of a measure) -> number of rows holding at least those
# flags; None where not split.
CellKey = tuple[int | None, str | None, str | None, str | None, frozenset[str]]


@dataclass(frozen=True)
class Base:
    name: str
    dimensions: frozenset[Dimension]
    categories: tuple[str, ...]
    flags: frozenset[str]
    count: Callable[[CountRequest], dict[CellKey, int]]
    # Counted ahead per sous-préfecture (storage.py): the bases that scan millions of rows. Alerts stay live.
    stored: bool = True

    def options(self, dimension: Dimension) -> tuple[str, ...]:
        if dimension == Dimension.SEX:
            return SEXES
        if dimension == Dimension.AGE_BAND:
            return AGE_BANDS
        return self.categories


def place(prefix: str, denormalised: bool) -> Callable[[Level], str | None]:
    """The lookup from a row to its unit at a level: through a holder carrying copies of the ancestors (a child) or
    through its locality (an alert, a case), whose own ancestor columns are then used. None for the country."""

    def lookup(level: Level) -> str | None:
        if level == Level.PAYS:
            return None
        if level == Level.LOCALITE:
            return f"{prefix}locality"
        field = ANCESTOR_FIELDS[level]
        return f"{prefix}{field}" if denormalised else f"{prefix}locality__{field}"

    return lookup


def within(lookup: Callable[[Level], str | None], unit: AdminUnit) -> Q:
    column = lookup(unit.level_enum)
    return Q() if column is None else Q(**{column: unit.pk})


def _grouped(
    queryset: QuerySet[Any],
    *,
    unit_column: str | None,
    columns: Mapping[Dimension, Any],
    flags: Mapping[str, Any],
    request: CountRequest,
) -> dict[CellKey, int]:
    """One GROUP BY query (unit, the requested dimensions, the flags of the measures), then each group's count added
    to every measure whose flags it holds."""
    wanted = {f"d_{d.value}": expr for d, expr in columns.items() if d in request.dimensions}
    flag_exprs = {f"f_{name}": flags[name] for name in sorted(request.flags)}
    annotations: dict[str, Any] = {**({"u": F(unit_column)} if unit_column else {}), **wanted, **flag_exprs}
    if annotations:
        rows = list(queryset.annotate(**annotations).values(*annotations).annotate(n=Count("pk")).order_by())
    else:
        rows = [{"n": queryset.count()}]
    cells: dict[CellKey, int] = defaultdict(int)
    for row in rows:
        if not row["n"]:
            continue
        holding = frozenset(name for name in request.flags if row[f"f_{name}"])
        for measure in request.measures:
            if measure <= holding:
                where = (row.get("u", request.scope.pk), row.get("d_sex"), row.get("d_age_band"), row.get("d_category"))
                cells[(*where, measure)] += row["n"]
    return dict(cells)


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


# --- Children: the latest counted visit of each child in the period -------------------------------------------------

CHILD_PLACE = place("child__", denormalised=True)
AGE_BAND = Case(
    When(age_at_visit__lte=4, then=Value("0-4")),
    When(age_at_visit__lte=11, then=Value("5-11")),
    When(age_at_visit__lte=14, then=Value("12-14")),
    default=Value("15-17"),
    output_field=CharField(),
)


def rejected_submissions() -> QuerySet[Submission]:
    return Submission.objects.filter(review=REJECTED_REVIEW)


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
    flags: dict[str, Any] = {name: _flag(Q(child_id__in=sets[name])) for name in names if name in sets}
    if "in_school" in names:
        flags["in_school"] = IN_SCHOOL
    return flags


def count_children(request: CountRequest) -> dict[CellKey, int]:
    period = request.period
    queryset = latest_visits(period).filter(within(CHILD_PLACE, request.scope))
    return _grouped(
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
        "due": _flag(Q(triaged_at__isnull=False) | Q(triage_due_at__lt=request.as_of)),
        "in_time": _flag(Q(triaged_at__isnull=False, triaged_at__lte=F("triage_due_at"))),
    }
    return _grouped(
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
        "answered": _flag(Q(status__in=ANSWERED)),
        "accepted": _flag(Q(status__in=ACCEPTED)),
    }
    return _grouped(
        queryset,
        unit_column=REFERRAL_PLACE(request.level),
        columns={Dimension.SEX: F("case__child__sex"), Dimension.CATEGORY: F("service")},
        flags={name: flags[name] for name in request.flags},
        request=request,
    )


BASES: dict[str, Base] = {
    base.name: base
    for base in (
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
}
