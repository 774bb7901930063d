"""What each role sees first on its home page: the figures and the work it needs, read through the selectors of
the apps (indicators, cases, coordination), a handful of queries whatever the scope (stored counts for large ones)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.roles import Role
from sosteci.cases.selectors import Tasks, tasks_for
from sosteci.coordination import selectors as coordination
from sosteci.coordination.models import PartnerReport
from sosteci.indicators import selectors as indicators
from sosteci.indicators.definitions import BY_CODE, Indicator
from sosteci.indicators.periods import year
from sosteci.indicators.presentation import KeyFigure, RowIndex, SubUnitLine, period_label, sub_unit_lines
from sosteci.territory.models import AdminUnit, Level

# The figures each role opens with, and whether they are shown by sub-unit.
FIELD = ("CH_MONITORED", "CH_LABOUR", "CH_IN_SCHOOL_PCT", "CH_FOLLOWED_TWICE_PCT")
SUPERVISION = ("CH_MONITORED", "CH_LABOUR_PCT", "CH_SERVED_PCT", "CH_OUT_OF_LABOUR_PCT", "RF_MADE", "COM_ACTIVE_PCT")
BY_SUB_UNIT = ("CH_MONITORED", "CH_LABOUR", "CH_LABOUR_PCT", "CH_SERVED_PCT", "COM_ACTIVE_PCT", "AW_REACHED")
PARTNER = ("CH_MONITORED", "CH_LABOUR", "AW_REACHED", "EF_ACTIVITIES", "EF_BENEFICIARIES", "EF_AMOUNT")
HOTLINE = ("AL_RECEIVED", "AL_TRIAGED_IN_TIME_PCT", "RF_MADE")
PROVIDER = ("RF_MADE", "RF_ACCEPTED_PCT")
PLAN: dict[str, tuple[tuple[str, ...], bool]] = {
    Role.AGENT: (FIELD, False),
    Role.SUPERVISEUR: (SUPERVISION, False),
    Role.POINT_FOCAL: (BY_SUB_UNIT, True),
    Role.ANALYSTE: (BY_SUB_UNIT, True),
    Role.ADMIN: (BY_SUB_UNIT, True),
    Role.PARTENAIRE: (PARTNER, False),
    Role.OPERATEUR: (HOTLINE, False),
    Role.PRESTATAIRE: (PROVIDER, False),
}


@dataclass
class HomePanel:
    """The role's first block: key figures of its unit, its sub-units' figures, its work waiting."""

    role: str
    unit: AdminUnit
    period_label: str
    query: str
    key_figures: list[KeyFigure]
    columns: list[Indicator]
    lines: list[SubUnitLine]
    sub_level: Level | None
    suppressed: bool
    tasks: Tasks | None = None
    reports: list[PartnerReport] = field(default_factory=list)
    links: list[tuple[Any, str]] = field(default_factory=list)

    @property
    def dashboard_url(self) -> str:
        return reverse("indicators:dashboard", args=[self.unit.pcode]) + f"?{self.query}"


def home_panel(user: User, unit: AdminUnit) -> HomePanel | None:
    plan = PLAN.get(Role(user.role))
    if plan is None or not may(user, Perm.INDICATOR_VIEW, unit):
        return None
    codes, by_sub_unit = plan
    by_sub_unit = by_sub_unit and unit.level != Level.LOCALITE
    period = year(timezone.localdate().year)
    data = indicators.home_rows(user=user, unit=unit, period=period, codes=codes, by_sub_unit=by_sub_unit)
    index = RowIndex(data.rows)
    query = urlencode({"periode": period.code})

    def link(pcode: str) -> str:
        return reverse("indicators:dashboard", args=[pcode]) + f"?{query}"

    panel = HomePanel(
        role=user.role,
        unit=unit,
        period_label=period_label(period),
        query=query,
        key_figures=[KeyFigure(BY_CODE[c], index.get(c, unit.pcode, period.code)) for c in codes],
        columns=[BY_CODE[c] for c in codes],
        lines=sub_unit_lines(index, codes, period.code, data.sub_units, link) if by_sub_unit else [],
        sub_level=data.level if by_sub_unit else None,
        suppressed=index.suppressed,  # a figure is hidden: the footnote says why
    )
    if user.role in {Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL, Role.OPERATEUR, Role.PRESTATAIRE}:
        panel.tasks = tasks_for(user, limit=10)
    if user.role == Role.PARTENAIRE:
        panel.reports = list(coordination.report_list(user=user)[:5])
    return panel
