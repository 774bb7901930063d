"""factory_boy factories of coordination records (written straight to the tables, for reads and pages)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from sosteci.coordination.models import (
    AwarenessSession,
    AwarenessTheme,
    Committee,
    CommitteeLevel,
    CommitteeMember,
    Decision,
    EffortType,
    Meeting,
    MemberRole,
    PartnerEffort,
    PartnerReport,
    Programme,
    Training,
)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Comité {n}")
    level = CommitteeLevel.VILLAGE


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    full_name = factory.Sequence(lambda n: f"Membre {n}")
    sex = "F"
    role = MemberRole.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Réunion {n}")
    held_on = factory.LazyFunction(timezone.localdate)
    status = Meeting.Status.HELD

    @factory.post_generation
    def committees(obj: Meeting, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.committees.set(extracted)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Décision {n}")
    owner = "Sous-préfet"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    theme = "Identification des enfants"
    held_on = factory.LazyFunction(timezone.localdate)
    trainers = "DLTE"
    participants_men = 5
    participants_women = 4


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwarenessSession

    held_on = factory.LazyFunction(timezone.localdate)
    theme = AwarenessTheme.CHILD_LABOUR
    facilitator = "Awa Koné"
    men = 10
    women = 12
    boys = 3
    girls = 4


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Programme {n}")
    period_start = date(2025, 1, 1)
    period_end = date(2027, 12, 31)
    budget = 100_000_000
    status = Programme.Status.DRAFT

    @factory.post_generation
    def zones(obj: Programme, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.zones.set(extracted)

    @factory.post_generation
    def funders(obj: Programme, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.funders.set(extracted)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerReport

    period_start = date(2026, 1, 1)
    period_end = date(2026, 3, 31)


class EffortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerEffort

    activity_type = EffortType.SCHOOL_KITS
    boys_5_11 = 1
    girls_5_11 = 1
    amount_spent = 10_000
