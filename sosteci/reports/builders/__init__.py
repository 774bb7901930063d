"""The report builders, by kind: each turns parameters into a `document.Report` for a user (what it may see)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.reports.builders import activities, annual, plans, prevalence
from sosteci.reports.builders.common import Params, Progress, ReportError, no_progress
from sosteci.reports.document import Report
from sosteci.reports.models import ReportKind
from sosteci.territory.models import AdminUnit, Level


@dataclass(frozen=True)
class Builder:
    build: Callable[..., Report]
    perm: Perm
    uses_unit: bool
    uses_period: bool
    uses_plan: bool


BUILDERS: dict[str, Builder] = {
    ReportKind.ANNUAL: Builder(annual.build, Perm.INDICATOR_VIEW, True, True, False),
    ReportKind.PREVALENCE: Builder(prevalence.build, Perm.INDICATOR_VIEW, True, True, False),
    ReportKind.ACTIVITIES: Builder(activities.build, Perm.EFFORT_VIEW, True, True, False),
    ReportKind.PLAN: Builder(plans.build, Perm.PLAN_VIEW, False, False, True),
}
# Scopes made in the background: a national or regional report counts millions of rows (and, per locality, lists
# thousands); a département and below are made while the user waits.
BACKGROUND_LEVELS = frozenset({Level.PAYS, Level.DISTRICT, Level.REGION})


def build_report(*, kind: str, user: User, params: Params, progress: Progress = no_progress) -> Report:
    return BUILDERS[kind].build(user=user, params=params, progress=progress)


def needs_background(kind: str, unit: AdminUnit | None) -> bool:
    return BUILDERS[kind].uses_unit and unit is not None and unit.level_enum in BACKGROUND_LEVELS


__all__ = ["BACKGROUND_LEVELS", "BUILDERS", "Params", "Progress", "ReportError", "build_report", "needs_background"]
