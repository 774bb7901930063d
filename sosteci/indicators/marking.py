"""Marking what the stored counts must count again: the writers of rows the stored bases count (visits, services,
referrals, reviews of submissions) record the sous-préfectures they changed and the earliest day affected, in
their own transaction; the follower (following.py) counts those sous-préfectures again.

A day is enough: a row dated D changes the latest visit of the periods holding D and the flags "as at the period's
end" of every later period, hence every stored period ending on or after D. Alerts are never stored (counted live
at every scope), so they mark nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from sosteci.indicators.models import PendingRefresh

EVERY_DAY = date.min  # a change that reaches every stored period
WAKE_DELAY = timedelta(seconds=2)  # marks of a burst of writes are followed by one pass

Mark = tuple[int | None, date | datetime | None]  # (sous-préfecture id, earliest day affected; None: every day)


def _day(value: date | datetime | None) -> date:
    if value is None:
        return EVERY_DAY
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def counts_changed(marks: Iterable[Mark]) -> int:
    """Record, in the caller's transaction, that rows the stored bases count changed in these sous-préfectures from
    these days on (a unit of None is skipped: a row placed nowhere is in no stored cell). One row per
    sous-préfecture and call; the follower is woken once the transaction commits. Returns the rows written."""
    earliest: dict[int, date] = {}
    for unit, since in marks:
        if unit is None:
            continue
        day = _day(since)
        earliest[unit] = min(day, earliest.get(unit, day))
    if not earliest:
        return 0
    now = timezone.now()
    PendingRefresh.objects.bulk_create(
        [PendingRefresh(unit_id=unit, since=day, marked_at=now) for unit, day in sorted(earliest.items())]
    )
    _wake_on_commit()
    return len(earliest)


def everything_changed() -> int:
    """Record that every stored count must be counted again (e.g. localités moved to another sous-préfecture)."""
    from sosteci.territory.models import AdminUnit, Level

    country = AdminUnit.objects.filter(level=Level.PAYS).values_list("pk", flat=True).first()
    return counts_changed([(country, EVERY_DAY)])


# --- What each kind of change reaches --------------------------------------------------------------------------------


def children_changed(child_ids: Iterable[int]) -> int:
    """Children whose own facts changed (sex, schooling, merged, moved): each one's sous-préfecture from its
    first visit (a child never visited is in no stored count)."""
    from sosteci.registry.models import Visit

    first = (
        Visit.objects.filter(child_id__in=list(child_ids))
        .values("child__sous_prefecture")
        .annotate(since=Min("visited_on"))
        .values_list("child__sous_prefecture", "since")
        .order_by()
    )
    return counts_changed(list(first))


def referral_changed(referral_id: int) -> int:
    """A referral made or answered: the place of its case, from the day it was made."""
    from sosteci.cases.models import Referral

    found = (
        Referral.objects.filter(pk=referral_id).values_list("case__locality__sous_prefecture", "referred_at").first()
    )
    return counts_changed([found] if found else [])


def service_changed(case_id: int, delivered_on: date) -> int:
    """A service delivered to the child of a case ("served" from that day): the child's sous-préfecture."""
    from sosteci.cases.models import Case

    unit = Case.objects.filter(pk=case_id).values_list("child__sous_prefecture", flat=True).first()
    return counts_changed([(unit, delivered_on)])


def submission_changed(submission_id: int) -> int:
    """A submission rejected or no longer rejected: the visits it brought, every visit of the children of the
    households it registered, and the referrals of the cases opened from those (by the cases' place)."""
    from sosteci.cases.models import Referral
    from sosteci.registry.models import Visit

    visits = (
        Visit.objects.filter(Q(submission_id=submission_id) | Q(child__household__submission_id=submission_id))
        .values("child__sous_prefecture")
        .annotate(since=Min("visited_on"))
        .values_list("child__sous_prefecture", "since")
        .order_by()
    )
    referrals = (
        Referral.objects.filter(
            Q(case__visit__submission_id=submission_id) | Q(case__child__household__submission_id=submission_id)
        )
        .values("case__locality__sous_prefecture")
        .annotate(since=Min("referred_at"))
        .values_list("case__locality__sous_prefecture", "since")
        .order_by()
    )
    return counts_changed([*visits, *referrals])


# --- Waking the follower ----------------------------------------------------------------------------------------------

# Until this moment (time.monotonic()), the pass this process asked for cannot have begun (it runs after WAKE_DELAY):
# every mark committed before then will be read by it, and no other pass needs asking for.
_asked_until = [0.0]
MARGIN_SECONDS = 0.5


def _wake_on_commit() -> None:
    transaction.on_commit(wake_follower, robust=True)


def wake_follower() -> None:
    """Ask the worker for a pass of the follower, unless one is already waiting: with the database queue, at most one
    pass waits at a time, a couple of seconds after the first mark (the marks of a burst are counted together), and
    a mark committed while a pass runs asks for the next one; other backends (tests run tasks at once) run it now."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from sosteci.indicators.tasks import counts_follow_in_background

    if not isinstance(counts_follow_in_background.get_backend(), DatabaseBackend):
        counts_follow_in_background.enqueue()
        return
    if time.monotonic() < _asked_until[0]:
        return
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=counts_follow_in_background.module_path
    )
    if not waiting.exists():
        counts_follow_in_background.using(run_after=timezone.now() + WAKE_DELAY).enqueue()
        _asked_until[0] = time.monotonic() + WAKE_DELAY.total_seconds() - MARGIN_SECONDS
