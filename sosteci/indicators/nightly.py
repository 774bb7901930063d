"""The nightly refresh of what dashboards read: the stored counts of the periods the dashboards and home pages show
by default, the plan indicators computed from SOSTECI's figures, and the old report files removed.

Each step runs on its own: one that fails is logged and reported, and the others still run. Running it twice gives
the same stored figures (the counts are replaced, the plan values written only when they change).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.db.models import Count, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import AuditEvent, User
from sosteci.indicators.models import StoredPeriod
from sosteci.indicators.periods import Period, PeriodError, PeriodKind, parse_period, recent_periods
from sosteci.indicators.selectors import trend_periods
from sosteci.indicators.services import counts_refresh
from sosteci.plans.services.performance import plan_indicators_refresh
from sosteci.reports.services import KEEP_DAYS, reports_clean

logger = logging.getLogger("sosteci.nightly")
RUN_ACTION = "indicators.nightly"
REQUEST_ACTION = "indicators.nightly.request"
KIND_ORDER = {PeriodKind.YEAR: 0, PeriodKind.QUARTER: 1, PeriodKind.MONTH: 2, PeriodKind.RANGE: 3}


def nightly_periods(day: date) -> list[Period]:
    """What the dashboards and home pages read by default: this year (home pages, dashboards, public statistics) and
    the previous one, this quarter and the previous one, and the twelve months of the dashboards' default trend
    (this month and the previous one among them: late entries land there)."""
    found: dict[str, Period] = {}
    for period in [*recent_periods(day), *trend_periods(PeriodKind.MONTH, day)]:
        found.setdefault(period.code, period)
    return sorted(found.values(), key=lambda p: (KIND_ORDER[p.kind], p.start))


@dataclass
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "seconds": round(self.seconds, 2)}


@dataclass
class NightlyResult:
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[StepResult]:
        return [step for step in self.steps if not step.ok]

    def summary(self) -> str:
        return _("Actualisation de nuit : %(ok)s étapes réussies, %(failed)s en échec, en %(seconds).1f s.") % {
            "ok": len(self.steps) - len(self.failed),
            "failed": len(self.failed),
            "seconds": self.seconds,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": len(self.steps) - len(self.failed),
            "failed": len(self.failed),
            "seconds": round(self.seconds, 2),
            "steps": [step.as_dict() for step in self.steps],
        }


def _counts(period: Period) -> str:
    done = counts_refresh(period=period)
    return _("%(bases)s bases, %(cells)s cellules") % {"bases": len(done), "cells": sum(s.cells for s in done)}


def _plans(actor_label: str) -> str:
    result = plan_indicators_refresh(actor_label=actor_label)
    return _(
        "%(indicators)s indicateurs reliés : %(written)s valeurs écrites, %(unchanged)s inchangées, %(skipped)s "
        "années sans valeur"
    ) % {
        "indicators": result.indicators,
        "written": result.written,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
    }


def _reports(days: int) -> str:
    return _("%(removed)s fichiers de rapport supprimés") % {"removed": reports_clean(days=days)}


def nightly_run(
    *,
    day: date | None = None,
    periods: Sequence[Period] | None = None,
    keep_days: int = KEEP_DAYS,
    actor_label: str = "nightly",
    on_step: Callable[[StepResult], None] | None = None,
) -> NightlyResult:
    """Run every step, each on its own (a failure is logged and the next step runs); audit the run's summary."""
    today = day or timezone.localdate()
    steps: list[tuple[str, Callable[[], str]]] = [
        (f"indicators_refresh {period.code}", partial(_counts, period))
        for period in (periods if periods is not None else nightly_periods(today))
    ]
    steps.append(("plan_indicators_refresh", partial(_plans, actor_label)))
    steps.append(("reports_clean", partial(_reports, keep_days)))
    result = NightlyResult()
    started = time.perf_counter()
    for name, run in steps:
        step_started = time.perf_counter()
        try:  # each step writes in its own transactions (a count holds no lock while the next base is counted)
            detail, ok = run(), True
        except Exception as exc:  # any failure of a step is reported, and the others still run
            logger.exception("Nightly step %s failed", name)
            detail, ok = f"{exc.__class__.__name__}: {exc}", False
        step = StepResult(name=name, ok=ok, detail=detail, seconds=time.perf_counter() - step_started)
        result.steps.append(step)
        if on_step is not None:
            on_step(step)
    result.seconds = time.perf_counter() - started
    audit_record(
        actor=None,
        actor_label=actor_label,
        action=RUN_ACTION,
        object_type="indicators.nightly",
        object_id=today.isoformat(),
        after=result.as_dict(),
    )
    return result


def nightly_request(*, by: User) -> AuditEvent:
    """Record that a national administrator asked for a run now (the task runs it in the background)."""
    return audit_record(actor=by, action=REQUEST_ACTION, object_type="indicators.nightly")


@dataclass(frozen=True)
class StoredLine:
    """One period as counted ahead: its bases, cells and the oldest count among them."""

    period: str
    bases: int
    cells: int
    computed_at: Any
    seconds: float


@dataclass(frozen=True)
class NightlyStatus:
    runs: list[AuditEvent]  # the last runs, newest first (their summary in `after`)
    pending: AuditEvent | None  # a request made since the last run began
    stored: list[StoredLine]


PENDING_HOURS = 2


def nightly_status(*, runs: int = 10) -> NightlyStatus:
    """What the refresh page shows: the last runs, a request still waiting, and every period counted ahead."""
    last = list(AuditEvent.objects.filter(action=RUN_ACTION).order_by("-at", "-pk")[:runs])
    requests = AuditEvent.objects.filter(action=REQUEST_ACTION).select_related("actor")
    if last:
        requests = requests.filter(at__gt=last[0].at)
    recent = timezone.now() - timedelta(hours=PENDING_HOURS)
    pending = requests.filter(at__gte=recent).order_by("-at").first()
    stored = [
        StoredLine(row["period"], row["bases"], row["cells"] or 0, row["computed_at"], row["seconds"] or 0.0)
        for row in StoredPeriod.objects.values("period")
        .annotate(bases=Count("pk"), cells=Sum("cells"), computed_at=Min("computed_at"), seconds=Sum("seconds"))
        .order_by()
    ]
    return NightlyStatus(runs=last, pending=pending, stored=sorted(stored, key=_newest_first))


def _newest_first(line: StoredLine) -> tuple[int, int]:
    """Years, then quarters, then months, each the latest first."""
    try:
        period = parse_period(line.period)
    except PeriodError:
        return (3, 0)
    return (KIND_ORDER.get(period.kind, 3), -period.start.toordinal())
