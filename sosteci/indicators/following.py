"""The follower: keeps the stored counts current between full counts, like a continuous analytics update but by
sous-préfecture. Each pass takes the marks (marking.py: a sous-préfecture and the earliest day its counted rows
changed), counts those sous-préfectures again for every stored period ending on or after that day, and deletes the
marks it handled; a mark written during the pass stays for the next one.

A pass that handled every mark moves each stored period's `current_at` to the moment it began: every change marked
before then is counted, which is what the dashboards' "chiffres du" then says. A period whose counting failed keeps
its older moment (and its marks, tried again by the next pass).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.indicators.models import PendingRefresh, StoredPeriod
from sosteci.indicators.periods import Period, parse_period
from sosteci.indicators.services import counts_refresh, counts_refresh_units
from sosteci.territory.models import Level

logger = logging.getLogger("sosteci.indicators")
DELETE_CHUNK = 500


@dataclass
class FollowResult:
    marks: int = 0  # marks read
    handled: int = 0  # marks deleted
    counted: int = 0  # (sous-préfecture, period) pairs counted again
    full: list[str] = field(default_factory=list)  # periods counted again in full (a mark for the country)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    started: datetime = field(default_factory=timezone.now)  # taken before the marks are read

    def summary(self) -> str:
        return _(
            "%(marks)s marques lues, %(counted)s sous-préfectures × périodes recomptées, %(full)s périodes recomptées "
            "en entier, %(failed)s en échec, en %(seconds).1f s."
        ) % {
            "marks": self.marks,
            "counted": self.counted,
            "full": len(self.full),
            "failed": len(self.failed),
            "seconds": self.seconds,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "marks": self.marks,
            "handled": self.handled,
            "counted": self.counted,
            "full": self.full,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
        }


def _stored_periods() -> dict[str, tuple[Period, list[str]]]:
    found: dict[str, list[str]] = defaultdict(list)
    for code, base in StoredPeriod.objects.values_list("period", "base").order_by("period", "base"):
        found[code].append(base)
    return {code: (parse_period(code), bases) for code, bases in found.items()}


def counts_follow() -> FollowResult:
    """One pass of the follower (see the module's docstring)."""
    result = FollowResult()
    began = time.perf_counter()
    marks = list(PendingRefresh.objects.order_by("pk").values_list("pk", "unit_id", "unit__level", "since"))
    result.marks = len(marks)
    stored = _stored_periods()
    units: dict[str, set[int]] = defaultdict(set)  # period code -> sous-préfectures to count again
    full: set[str] = set()
    reach: dict[int, list[str]] = {}  # mark -> the periods it reaches
    for pk, unit, level, since in marks:
        reach[pk] = [code for code, (period, _bases) in stored.items() if period.end >= since]
        for code in reach[pk]:
            if level == Level.PAYS:
                full.add(code)
            elif level == Level.SOUS_PREFECTURE:
                units[code].add(unit)
    failed: set[str] = set()
    # Months first, then quarters and years: the figures most often looked at are current soonest.
    for code in sorted(full | set(units), key=lambda c: (stored[c][0].end - stored[c][0].start, c)):
        period, bases = stored[code]
        try:
            if code in full:
                counts_refresh(period=period, bases=bases)
                result.full.append(code)
            else:
                counts_refresh_units(period=period, units=units[code], bases=bases)
                result.counted += len(units[code])
        except Exception:  # a period that fails is logged and tried again; the others go on
            logger.exception("Counting %s again failed", code)
            failed.add(code)
    result.failed = sorted(failed)
    handled = [pk for pk, *_rest in marks if not failed.intersection(reach[pk])]
    for start in range(0, len(handled), DELETE_CHUNK):
        PendingRefresh.objects.filter(pk__in=handled[start : start + DELETE_CHUNK]).delete()
    result.handled = len(handled)
    StoredPeriod.objects.exclude(period__in=failed).filter(
        Q(current_at__isnull=True) | Q(current_at__lt=result.started)
    ).update(current_at=result.started)
    result.seconds = time.perf_counter() - began
    return result
