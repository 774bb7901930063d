"""The bases of coordination: committees set up (met, trained), members trained, awareness sessions and the people
they reached, partners' actions (outil 4), their beneficiaries and the amounts spent.

These tables are small (thousands of rows nationally): they are counted live at every scope, never stored. Sessions
and reports from a submission a supervisor rejected never count; only meetings marked held count. People and money
are summed from their columns (men, women, boys, girls…) into sex and age-band cells.

A committee sits at a unit of any level: at a level below its seat (a départemental committee when the départements
are split by sous-préfecture) it belongs to no sub-unit and counts in the total of the unit shown only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from sosteci.coordination.models import (
    AwarenessSession,
    AwarenessTheme,
    Committee,
    CommitteeLevel,
    EffortType,
    Meeting,
    PartnerEffort,
    Training,
)
from sosteci.indicators.bases.common import Base, CellKey, CountRequest, grouped, place, rejected_submissions, summed
from sosteci.indicators.definitions import Dimension
from sosteci.territory.models import ANCESTOR_FIELDS, AdminUnit, Level

CHILD_BAND = "0-17"
ADULT_BAND = "18+"
AWARENESS_BANDS: tuple[str, ...] = (CHILD_BAND, ADULT_BAND)
EFFORT_BANDS: tuple[str, ...] = ("5-11", "12-14", "15-17", ADULT_BAND)
LOCALITY_PLACE = place("", denormalised=False)


# --- Committees: set up by the end of the period; met in the period, trained by its end -------------------------------


def committee_unit(level: Level, scope: AdminUnit, prefix: str = "") -> Any:
    """The unit at `level` of a committee's seat; the scope itself for a committee seated above that level."""
    if level == Level.PAYS:
        return None
    seat = f"{prefix}admin_unit"
    if level == Level.LOCALITE:
        return Case(When(**{f"{seat}__level": Level.LOCALITE}, then=F(seat)), default=Value(scope.pk))
    return Coalesce(F(f"{seat}__{ANCESTOR_FIELDS[level]}"), Value(scope.pk))


def committees_set_up(request: CountRequest) -> QuerySet[Committee]:
    """Active committees of the scope founded by the end of the period (by their act, or when recorded)."""
    _first, after = request.period.moments()
    founded = Q(act_date__lte=request.period.end) | Q(act_date__isnull=True, created_at__lt=after)
    return Committee.objects.filter(founded, request.scope.subtree_q("admin_unit__"), is_active=True)


def count_committees(request: CountRequest) -> dict[CellKey, int]:
    period = request.period
    held = Meeting.committees.through.objects.filter(
        committee_id=OuterRef("pk"),
        meeting__status=Meeting.Status.HELD,
        meeting__held_on__gte=period.start,
        meeting__held_on__lte=period.end,
    )
    trained = Training.objects.filter(committee_id=OuterRef("pk"), held_on__lte=period.end)
    flags = {"met": Exists(held), "trained": Exists(trained)}
    return grouped(
        committees_set_up(request),
        unit_column=committee_unit(request.level, request.scope),
        columns={Dimension.CATEGORY: F("level")},
        flags={name: flags[name] for name in request.flags},
        request=request,
    )


def count_trainees(request: CountRequest) -> dict[CellKey, int]:
    """Participants in the trainings of the scope's committees held in the period, by sex; category = the level of
    the committee trained."""
    period = request.period
    trainings = Training.objects.filter(
        request.scope.subtree_q("committee__admin_unit__"), held_on__gte=period.start, held_on__lte=period.end
    )
    return summed(
        trainings,
        unit_column=committee_unit(request.level, request.scope, "committee__"),
        category=F("committee__level"),
        parts={"participants_men": ("M", None), "participants_women": ("F", None)},
        request=request,
    )


# --- Awareness sessions: held in the period in a locality; category = theme -------------------------------------------


def sessions_held(request: CountRequest) -> QuerySet[AwarenessSession]:
    period = request.period
    return AwarenessSession.objects.exclude(submission__in=rejected_submissions().values("pk")).filter(
        request.scope.subtree_q("locality__"), held_on__gte=period.start, held_on__lte=period.end
    )


def count_sessions(request: CountRequest) -> dict[CellKey, int]:
    return grouped(
        sessions_held(request),
        unit_column=LOCALITY_PLACE(request.level),
        columns={Dimension.CATEGORY: F("theme")},
        flags={},
        request=request,
    )


def count_reached(request: CountRequest) -> dict[CellKey, int]:
    return summed(
        sessions_held(request),
        unit_column=LOCALITY_PLACE(request.level),
        category=F("theme"),
        parts={
            "men": ("M", ADULT_BAND),
            "women": ("F", ADULT_BAND),
            "boys": ("M", CHILD_BAND),
            "girls": ("F", CHILD_BAND),
        },
        request=request,
    )


# --- Partners' efforts (outil 4): actions of reports whose whole period lies in the period; category = type ----------


def efforts_done(request: CountRequest) -> QuerySet[PartnerEffort]:
    """As in the outil 4 consolidation: a report counts in a period that holds its whole period."""
    period = request.period
    return PartnerEffort.objects.exclude(report__submission__in=rejected_submissions().values("pk")).filter(
        request.scope.subtree_q("locality__"),
        report__period_start__gte=period.start,
        report__period_end__lte=period.end,
    )


def count_efforts(request: CountRequest) -> dict[CellKey, int]:
    return grouped(
        efforts_done(request),
        unit_column=LOCALITY_PLACE(request.level),
        columns={Dimension.CATEGORY: F("activity_type")},
        flags={},
        request=request,
    )


BENEFICIARY_CELLS: dict[str, tuple[str | None, str | None]] = {
    "boys_5_11": ("M", "5-11"),
    "boys_12_14": ("M", "12-14"),
    "boys_15_17": ("M", "15-17"),
    "girls_5_11": ("F", "5-11"),
    "girls_12_14": ("F", "12-14"),
    "girls_15_17": ("F", "15-17"),
    "adult_men": ("M", ADULT_BAND),
    "adult_women": ("F", ADULT_BAND),
}


def count_beneficiaries(request: CountRequest) -> dict[CellKey, int]:
    return summed(
        efforts_done(request),
        unit_column=LOCALITY_PLACE(request.level),
        category=F("activity_type"),
        parts=BENEFICIARY_CELLS,
        request=request,
    )


def count_amounts(request: CountRequest) -> dict[CellKey, int]:
    return summed(
        efforts_done(request),
        unit_column=LOCALITY_PLACE(request.level),
        category=F("activity_type"),
        parts={"amount_spent": (None, None)},
        request=request,
    )


CATEGORY_ONLY = frozenset({Dimension.CATEGORY})
PEOPLE = frozenset({Dimension.SEX, Dimension.AGE_BAND, Dimension.CATEGORY})

COORDINATION_BASES: tuple[Base, ...] = (
    Base(
        "committees",
        CATEGORY_ONLY,
        tuple(CommitteeLevel.values),
        frozenset({"met", "trained"}),
        count_committees,
        stored=False,
    ),
    Base(
        "trainees",
        frozenset({Dimension.SEX, Dimension.CATEGORY}),
        tuple(CommitteeLevel.values),
        frozenset(),
        count_trainees,
        stored=False,
    ),
    Base("sessions", CATEGORY_ONLY, tuple(AwarenessTheme.values), frozenset(), count_sessions, stored=False),
    Base(
        "reached",
        PEOPLE,
        tuple(AwarenessTheme.values),
        frozenset(),
        count_reached,
        stored=False,
        age_bands=AWARENESS_BANDS,
    ),
    Base("efforts", CATEGORY_ONLY, tuple(EffortType.values), frozenset(), count_efforts, stored=False),
    Base(
        "beneficiaries",
        PEOPLE,
        tuple(EffortType.values),
        frozenset(),
        count_beneficiaries,
        stored=False,
        age_bands=EFFORT_BANDS,
    ),
    Base("amounts", CATEGORY_ONLY, tuple(EffortType.values), frozenset(), count_amounts, stored=False),
)
