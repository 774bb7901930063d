"""Reconciliation: every stated subtotal and total against the sum of its lines, on the seed and on crafted plans."""

from __future__ import annotations

import pytest

from sosteci.plans.document import (
    PM,
    ActionDoc,
    ActivityDoc,
    Amount,
    AxisDoc,
    Budget,
    ObjectiveDoc,
    PlanDoc,
    StatedRow,
)
from sosteci.plans.reconcile import LINES, ROW, SHARES, reconcile

M = 1_000_000
# What the document states that its activities do not add up to: (scope, code, source) → column → (stated, computed).
OBJECTIVE_II_2 = {
    None: (2_636 * M, 2_426 * M),
    2016: (210 * M, 170 * M),
    2017: (1_126 * M, 1_076 * M),
    2018: (805 * M, 760 * M),
    2019: (347_500_000, 310 * M),
    2020: (147_500_000, 110 * M),
}
AXIS_II = {
    None: (3_001 * M, 2_791 * M),
    2016: (265 * M, 225 * M),
    2017: (1_226 * M, 1_176 * M),
    2018: (895 * M, 850 * M),
    2019: (430 * M, 392_500_000),
    2020: (185 * M, 147_500_000),
}
ACTION_IV_2_1 = {None: (380 * M, 480 * M), 2018: (170 * M, 145 * M), 2019: (120 * M, 220 * M), 2020: (10 * M, 35 * M)}
AXIS_IV = {None: (760 * M, 860 * M), 2018: (246 * M, 221 * M), 2019: (196 * M, 296 * M), 2020: (86 * M, 111 * M)}
PLAN = {
    None: (8_802 * M, 8_692 * M),
    2016: (1_007_500_000, 967_500_000),
    2017: (3_144 * M, 3_094 * M),
    2018: (2_226 * M, 2_156 * M),
    2019: (1_485 * M, 1_547_500_000),
    2020: (939_500_000, 927 * M),
}
EXPECTED = {
    ("objective", "II.2", "matrix"): OBJECTIVE_II_2,
    ("axis", "II", "matrix"): AXIS_II,
    ("axis", "II", "recap"): AXIS_II,
    ("action", "IV.2.1", "matrix"): ACTION_IV_2_1,
    ("objective", "IV.2", "matrix"): ACTION_IV_2_1,
    ("axis", "IV", "matrix"): AXIS_IV,
    ("axis", "IV", "recap"): AXIS_IV,
    ("plan", "", "matrix"): PLAN,
    ("plan", "", "recap"): PLAN,
}


def test_the_seed_disagreements_are_listed_with_both_values(document: PlanDoc) -> None:
    result = reconcile(document)
    found: dict[tuple[str, str, str], dict[int | None, tuple[int, int]]] = {}
    for check in result.disagreements:
        assert check.kind == LINES
        found.setdefault((check.scope, check.code, check.source), {})[check.column] = (
            check.stated.figure,
            check.computed,
        )
    assert found == EXPECTED
    assert len(result.disagreements) == 46
    subtotal = next(c for c in result.disagreements if c.code == "II.2" and c.column is None)
    assert (subtotal.label, subtotal.line, subtotal.difference) == ("Sous Total OS II.2:", 384, 210 * M)


def test_every_stated_figure_is_reproduced_by_its_lines_or_listed(document: PlanDoc) -> None:
    """Sums computed here, independently of the reconciliation, over every stated row of the document."""
    stated: list[tuple[str, str, str, StatedRow, list[ActivityDoc]]] = []
    for axis in document.axes:
        for objective in axis.objectives:
            for action in objective.actions:
                stated.append(("action", action.code, "matrix", action.stated, action.activities))
            stated.append(("objective", objective.code, "matrix", objective.stated, list(objective.activities())))
        stated.append(("axis", axis.code, "matrix", axis.stated, list(axis.activities())))
        stated.append(("axis", axis.code, "recap", axis.recap, list(axis.activities())))
    stated.append(("plan", "", "matrix", document.stated, list(document.activities())))
    stated.append(("plan", "", "recap", document.recap, list(document.activities())))
    assert all(row is not None for *_, row, _ in stated)
    assert len(stated) == 24 + 16 + 5 * 2 + 2

    listed = {
        (c.scope, c.code, c.source, c.column): c.computed for c in reconcile(document).disagreements if c.kind == LINES
    }
    reproduced = 0
    for scope, code, source, row, lines in stated:
        for column in [None, *document.years]:
            if column is None:
                computed = sum(a.budget.total.figure for a in lines)
            else:
                computed = sum(a.budget.years[column].figure for a in lines)
            if row.budget.cell(column).figure == computed:
                reproduced += 1
                assert (scope, code, source, column) not in listed
            else:
                assert listed[scope, code, source, column] == computed
    assert reproduced + len(listed) == len(stated) * 6


def test_each_row_adds_up_and_the_shares_make_the_total(document: PlanDoc) -> None:
    result = reconcile(document)
    rows = [c for c in result.checks if c.kind == ROW]
    assert len([c for c in rows if c.scope == "activity"]) == 94
    assert all(c.ok for c in rows)  # every "Coût total" equals the sum of its own year cells
    pm_rows = [c for c in rows if c.stated.pm]
    assert sorted(c.code for c in pm_rows) == ["III-2.1.3", "III-2.1.4", "III-3.1.1", "III-4.1.1", "IV-1.1.1"]
    (shares,) = [c for c in result.checks if c.kind == SHARES]
    assert shares.ok
    assert (shares.stated.figure, shares.computed) == (8_802 * M, 1_936_440_000 + 6_865_560_000)


def test_pm_lines_are_counted_apart(document: PlanDoc) -> None:
    checks = {(c.scope, c.code, c.source, c.column): c for c in reconcile(document).checks if c.kind == LINES}
    assert checks["action", "III.2.1", "matrix", None].pm_lines == 2
    assert checks["action", "III.2.1", "matrix", None].ok  # 280 000 000 = 30 000 000 + 250 000 000 + PM + PM
    assert checks["plan", "", "matrix", None].pm_lines == 5


def _plan(stated_action: Amount, *totals: Amount) -> PlanDoc:
    activities = [
        ActivityDoc(code=f"I-1.1.{i}", title="t", responsible="", partners="", budget=Budget(total=t), line=10 + i)
        for i, t in enumerate(totals, start=1)
    ]
    action = ActionDoc(
        code="I.1.1", title="a", line=5, stated=StatedRow("Action I.1.1", 5, Budget(total=stated_action))
    )
    action.activities = activities
    objective = ObjectiveDoc(code="I.1", title="o", line=4, actions=[action])
    return PlanDoc(
        code="T",
        title="T",
        start_year=2016,
        end_year=2016,
        axes=[AxisDoc(code="I", title="x", line=3, objectives=[objective])],
    )


@pytest.mark.parametrize(
    ("stated", "lines", "ok"),
    [
        (PM, [PM, PM], True),
        (PM, [PM, Amount(10)], False),
        (Amount(0), [PM], True),
        (Amount(10), [Amount(4), Amount(6), PM], True),
        (Amount(), [Amount()], True),  # a blank stated cell counts as 0
        (Amount(), [Amount(5)], False),
        (Amount(11), [Amount(4), Amount(6)], False),
    ],
)
def test_pm_blank_and_figures_in_a_comparison(stated: Amount, lines: list[Amount], ok: bool) -> None:
    result = reconcile(_plan(stated, *lines))
    (check,) = [c for c in result.checks if c.kind == LINES and c.column is None]
    assert check.ok is ok
    assert (check in result.disagreements) is not ok
