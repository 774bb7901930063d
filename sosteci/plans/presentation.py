"""What the plan pages and commands show: French labels of checks, and the plan tree as table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from sosteci.core.text import name_key
from sosteci.plans.document import BLANK, ActivityDoc, Amount, Budget, PlanDoc, StatedRow
from sosteci.plans.reconcile import LINES, MATRIX, ROW, SHARES, Check, Reconciliation

SCOPE_LABELS = {
    "plan": _("Plan"),
    "axis": _("Axe"),
    "objective": _("Objectif stratégique"),
    "action": _("Action"),
    "activity": _("Activité"),
}
KIND_LABELS = {
    LINES: _("somme des activités"),
    ROW: _("somme des années de la ligne"),
    SHARES: _("part de l'État + partenaires"),
}
SOURCE_LABELS = {MATRIX: _("matrice"), "recap": _("tableau récapitulatif")}


def scope_label(check: Check) -> Any:
    return SCOPE_LABELS.get(check.scope, check.scope)


def check_subject(check: Check) -> str:
    """ "Axe IV (tableau récapitulatif)", "Action IV.2.1", "Plan (matrice)", "Activité III-2.1.3 (ligne)"."""
    name = f"{SCOPE_LABELS.get(check.scope, check.scope)} {check.code}".strip()
    if check.kind == SHARES:
        return f"{name} ({KIND_LABELS[SHARES]})"
    if check.kind == ROW:
        return f"{name} ({KIND_LABELS[ROW]})"
    if check.scope in {"axis", "plan"}:
        return f"{name} ({SOURCE_LABELS.get(check.source, check.source)})"
    return name


def column_label(column: int | None) -> Any:
    return _("Coût total") if column is None else str(column)


@dataclass
class Row:
    """One row of the tree table: an axis, objective or action with its stated figures, or an activity."""

    kind: str  # "axis", "objective", "action", "activity"
    code: str
    title: str
    line: int
    total: Amount = BLANK
    years: list[Amount] = field(default_factory=list)
    responsible: str = ""
    partners: str = ""
    detail: str = ""  # the effect, product or partners shown under the title
    computed_total: int | None = None  # the sum of the activities, when it differs from the stated figures
    mismatch: bool = False
    pm: bool = False
    duration: str = ""


@dataclass
class Flags:
    """Which stated rows disagree with their lines, and the sum of the activities where the total does."""

    subjects: set[tuple[str, str]]
    totals: dict[tuple[str, str], int]


@dataclass
class AxisTable:
    code: str
    title: str
    rows: list[Row]
    stated: Row | None
    mismatch: bool


def _stated_row(kind: str, code: str, title: str, stated: StatedRow | None, years: list[int], **extra: Any) -> Row:
    budget = stated.budget if stated else Budget()
    return Row(
        kind=kind,
        code=code,
        title=title,
        line=stated.line if stated else 0,
        total=budget.total,
        years=[budget.cell(y) for y in years],
        **extra,
    )


def _activity_row(activity: ActivityDoc, years: list[int]) -> Row:
    return Row(
        kind="activity",
        code=activity.code,
        title=activity.title,
        line=activity.line,
        total=activity.budget.total,
        years=[activity.budget.cell(y) for y in years],
        responsible=activity.responsible,
        partners=activity.partners,
        pm=activity.budget.total.pm,
        duration=activity.duration,
    )


def matches(activity: ActivityDoc, *, responsible: str = "", partner: str = "") -> bool:
    """Does the activity's responsible body (and partners) contain these words, whatever the case and accents?"""
    if responsible and name_key(responsible) not in name_key(activity.responsible):
        return False
    return not partner or name_key(partner) in name_key(activity.partners)


def plan_tables(
    document: PlanDoc, reconciliation: Reconciliation, *, responsible: str = "", partner: str = ""
) -> list[AxisTable]:
    """The tree as one table per axis; a stated row whose lines disagree with it is flagged. With a filter, only
    the activities whose responsible body (or partners) match, under their objectives and actions."""
    filtered = bool(responsible or partner)
    years = document.years
    flags = Flags(
        subjects={(c.scope, c.code) for c in reconciliation.disagreements},
        totals={
            (c.scope, c.code): c.computed for c in reconciliation.disagreements if c.kind == LINES and c.column is None
        },
    )
    tables = []
    for axis in document.axes:
        rows: list[Row] = []
        for objective in axis.objectives:
            objective_rows: list[Row] = []
            for action in objective.actions:
                kept = [a for a in action.activities if matches(a, responsible=responsible, partner=partner)]
                if filtered and not kept:
                    continue
                row = _stated_row("action", action.code, action.title, action.stated, years, detail=action.product)
                objective_rows.append(_flag(row, flags))
                objective_rows.extend(_activity_row(activity, years) for activity in kept)
            if filtered and not objective_rows:
                continue
            row = _stated_row(
                "objective", objective.code, objective.title, objective.stated, years, detail=objective.effect
            )
            rows.append(_flag(row, flags))
            rows.extend(objective_rows)
        if filtered and not rows:
            continue
        stated = _flag(_stated_row("axis", axis.code, axis.title, axis.stated, years), flags)
        tables.append(AxisTable(code=axis.code, title=axis.title, rows=rows, stated=stated, mismatch=stated.mismatch))
    return tables


def _flag(row: Row, flags: Flags) -> Row:
    key = (row.kind, row.code)
    row.mismatch = key in flags.subjects
    row.computed_total = flags.totals.get(key)
    return row
