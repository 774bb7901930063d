"""Reconciling a plan: every subtotal and total the document states, against the sum of the lines beneath it.

Pure Python over a `PlanDoc` (parsed from the text, or rebuilt from the database by the selectors). Three kinds
of check, each per year and for the total column:

- ``lines``: a stated figure (action, objective subtotal, axis total, plan total; in the matrix and in the summary
  table) against the sum of the activities beneath it;
- ``row``: the "Coût total" of a row (an activity or a stated row) against the sum of its own year cells;
- ``shares``: the State's part plus the amount to raise from partners, against the plan's stated total.

A PM line adds nothing to a sum; a stated PM agrees only with a sum of 0. A blank stated cell counts as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sosteci.plans.document import Amount, Budget, PlanDoc, StatedRow

LINES, ROW, SHARES = "lines", "row", "shares"
MATRIX, RECAP = "matrix", "recap"


@dataclass(frozen=True)
class Check:
    """One stated figure against what its lines add up to."""

    kind: str  # LINES, ROW or SHARES
    scope: str  # "plan", "axis", "objective", "action" or "activity"
    code: str  # the subject's code ("" for the plan)
    source: str  # MATRIX or RECAP: where the document states it
    label: str  # the row's label as written
    line: int
    column: int | None  # a year, or None for the total column
    stated: Amount
    computed: int
    pm_lines: int = 0  # lines left out of the sum because they are PM

    @property
    def ok(self) -> bool:
        if self.stated.pm:
            return self.computed == 0
        return self.stated.figure == self.computed

    @property
    def difference(self) -> int:
        """Stated minus computed (what the document states beyond its lines)."""
        return self.stated.figure - self.computed

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "scope": self.scope,
            "code": self.code,
            "source": self.source,
            "label": self.label,
            "line": self.line,
            "column": "total" if self.column is None else self.column,
            "stated": self.stated.to_json(),
            "computed": self.computed,
            "difference": self.difference,
            "pm_lines": self.pm_lines,
        }


@dataclass
class Reconciliation:
    plan_code: str
    checks: list[Check] = field(default_factory=list)

    @property
    def disagreements(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_code,
            "checks": len(self.checks),
            "agreements": len(self.checks) - len(self.disagreements),
            "disagreements": [c.to_json() for c in self.disagreements],
        }


def _sum(budgets: Iterable[Budget], column: int | None) -> tuple[int, int]:
    """The sum of a column over some rows, and how many of those cells are PM."""
    cells = [b.cell(column) for b in budgets]
    return sum(c.figure for c in cells), sum(1 for c in cells if c.pm)


def _against_lines(
    row: StatedRow | None, lines: list[Budget], columns: list[int | None], **subject: str
) -> Iterator[Check]:
    if row is None:
        return
    for column in columns:
        computed, pms = _sum(lines, column)
        yield Check(
            kind=LINES,
            label=row.label,
            line=row.line,
            column=column,
            stated=row.budget.cell(column),
            computed=computed,
            pm_lines=pms,
            **subject,
        )


def _own_row(budget: Budget, years: list[int], *, label: str, line: int, **subject: str) -> Iterator[Check]:
    if not budget.years:
        return
    cells = [budget.cell(y) for y in years]
    yield Check(
        kind=ROW,
        label=label,
        line=line,
        column=None,
        stated=budget.total,
        computed=sum(c.figure for c in cells),
        pm_lines=sum(1 for c in cells if c.pm),
        **subject,
    )


def reconcile(plan: PlanDoc) -> Reconciliation:
    """Every check of the plan, in the document's order (tree first, then the summary table, then the shares)."""
    result = Reconciliation(plan_code=plan.code)
    columns: list[int | None] = [None, *plan.years]
    checks = result.checks
    for axis in plan.axes:
        for objective in axis.objectives:
            for action in objective.actions:
                for activity in action.activities:
                    checks += _own_row(
                        activity.budget,
                        plan.years,
                        label=f"Activité {activity.code}",
                        line=activity.line,
                        scope="activity",
                        code=activity.code,
                        source=MATRIX,
                    )
                lines = [a.budget for a in action.activities]
                subject = {"scope": "action", "code": action.code, "source": MATRIX}
                checks += _against_lines(action.stated, lines, columns, **subject)
                if action.stated:
                    checks += _own_row(
                        action.stated.budget, plan.years, label=action.stated.label, line=action.stated.line, **subject
                    )
            lines = [a.budget for a in objective.activities()]
            subject = {"scope": "objective", "code": objective.code, "source": MATRIX}
            checks += _against_lines(objective.stated, lines, columns, **subject)
            if objective.stated:
                checks += _own_row(
                    objective.stated.budget,
                    plan.years,
                    label=objective.stated.label,
                    line=objective.stated.line,
                    **subject,
                )
        lines = [a.budget for a in axis.activities()]
        for source, row in ((MATRIX, axis.stated), (RECAP, axis.recap)):
            subject = {"scope": "axis", "code": axis.code, "source": source}
            checks += _against_lines(row, lines, columns, **subject)
            if row:
                checks += _own_row(row.budget, plan.years, label=row.label, line=row.line, **subject)
    lines = [a.budget for a in plan.activities()]
    for source, row in ((MATRIX, plan.stated), (RECAP, plan.recap)):
        subject = {"scope": "plan", "code": "", "source": source}
        checks += _against_lines(row, lines, columns, **subject)
        if row:
            checks += _own_row(row.budget, plan.years, label=row.label, line=row.line, **subject)
    shares = [s for s in (plan.state_share, plan.partner_share) if s is not None]
    if shares and plan.stated is not None:
        checks.append(
            Check(
                kind=SHARES,
                scope="plan",
                code="",
                source=RECAP,
                label=" + ".join(s.label for s in shares),
                line=shares[0].line,
                column=None,
                stated=plan.stated.budget.total,
                computed=sum(s.budget.total.figure for s in shares),
            )
        )
    return result
