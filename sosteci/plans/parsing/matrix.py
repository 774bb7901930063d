"""Reading the plan's matrix: axis › objective › action › activity rows, with the subtotals the document states.

The text is a table exported with tabs. Headings repeat on every page, some rows start one cell earlier than
others, long titles spill onto the next line, and a few rows carry an empty cell too many: the reader
takes each row by what its first cell says, not by its position on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sosteci.plans.document import ActionDoc, ActivityDoc, AmountMap, AxisDoc, Budget, ObjectiveDoc, StatedRow
from sosteci.plans.parsing.cells import (
    PlanParseError,
    is_year_row,
    normalise_code,
    parse_amount,
    parse_year,
    split_cells,
)

T = TypeVar("T")
_AXIS = re.compile(r"^(?:AXE\s+STRAT[ÉE]GIQUE\s+)?([IVX]+)\s*:\s*(.+)$", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^Objectif\s+Strat[ée]gique\s+([IVX]+\s*[.\-]\s*\d+)\s*:?\s*(.*)$", re.IGNORECASE)
_EFFECT = re.compile(r"^Effet\s+([^:]*?)\s*:\s*(.*)$", re.IGNORECASE)
_INDICATOR = re.compile(r"^Indicateur\s+([^:]*?)\s*:\s*(.*)$", re.IGNORECASE)
_ACTION = re.compile(r"^Action\s+([IVX]+\s*\.\s*\d+\s*\.\s*\d+)\s*:?\s*(.*)$", re.IGNORECASE)
_PRODUCT = re.compile(r"^Produit\s+([^:]*?)\s*:\s*(.*)$", re.IGNORECASE)
_ACTIVITY = re.compile(r"^Activit[ée]\s+([IVX]+\s*-\s*\d+(?:\.\d+)*)\s*\.?\s*:?\s*(.*)$", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^Sous[\s-]*Total\b(.*)$", re.IGNORECASE)
_PLAN_TOTAL = re.compile(r"^BUDGET\s+TOTAL\b", re.IGNORECASE)
_AXIS_TOTAL = re.compile(r"^TOTAL\b(.*)$", re.IGNORECASE)
_COLUMN_HEADING = re.compile(r"^Activit[ée]s$", re.IGNORECASE)
_LABEL_CODE = re.compile(r"\b([IVX]+)\s*[.\-]\s*(\d+)\b")
_AXIS_TOTAL_CODE = re.compile(r"\bAXE\s+STRAT[ÉE]GIQUE\s+([IVX]+)\b", re.IGNORECASE)


def matrix_start(lines: Sequence[str]) -> int | None:
    """Index of the first axis heading of the matrix (in capitals: "AXE STRATEGIQUE I: …"), if any."""
    for index, raw in enumerate(lines):
        if re.match(r"^AXE\s+STRAT[ÉE]GIQUE\s+[IVX]+\s*:", raw.strip()):
            return index
    return None


def _text(value: str) -> str:
    return " ".join(value.split())


@dataclass
class MatrixReader:
    """Reads the matrix line by line from `start` (0-based) until its "BUDGET TOTAL" row."""

    lines: Sequence[str]
    start_year: int
    end_year: int
    axes: list[AxisDoc] = field(default_factory=list)
    total: StatedRow | None = None
    notes: list[str] = field(default_factory=list)
    years: list[int] | None = None
    width: int = 0  # the number of cells of the last year heading: the page's columns
    _axis: AxisDoc | None = None
    _objective: ObjectiveDoc | None = None
    _action: ActionDoc | None = None
    _activity: ActivityDoc | None = None
    _last: str = ""  # the kind of the last row read, for what an "Indicateur" row describes
    _seen: dict[str, int] = field(default_factory=dict)

    def read(self, start: int) -> int:
        """Read from `start`; returns the index of the line after the plan's total row."""
        index = start
        while index < len(self.lines):
            number = index + 1
            cells = split_cells(self.lines[index])
            index += 1
            filled = [i for i, c in enumerate(cells) if c]
            if not filled:
                continue
            first = filled[0]
            label = cells[first]
            if self._row(number, cells, first, label):
                return index
        raise PlanParseError(len(self.lines), "la matrice ne se termine pas par une ligne « BUDGET TOTAL »")

    # -- one row ----------------------------------------------------------------------------------------------

    def _row(self, number: int, cells: list[str], first: int, label: str) -> bool:
        """Handle one non-blank row; True once the plan's total row has been read."""
        if _COLUMN_HEADING.match(label):
            return False
        if is_year_row(cells):
            self.years = [parse_year(c, line=number, start=self.start_year, end=self.end_year) for c in cells if c]
            self.width = len(cells)
            if len(set(self.years)) != len(self.years) or self.years != sorted(self.years):
                raise PlanParseError(number, "les années de l'en-tête doivent être croissantes et distinctes")
            return False
        if _PLAN_TOTAL.match(label):
            self.total = self._stated(number, cells, first, label)
            return True
        if match := _SUBTOTAL.match(label):
            self._subtotal(number, cells, first, label, match.group(1))
        elif match := _AXIS_TOTAL.match(label):
            self._axis_total(number, cells, first, label)
        elif match := _ACTIVITY.match(label):
            self._new_activity(number, cells, first, match)
        elif match := _ACTION.match(label):
            self._new_action(number, cells, first, match)
        elif match := _PRODUCT.match(label):
            action = self._within(self._action, number, "un produit")
            action.product = _text(match.group(2))
            self._set_last("product")
        elif match := _INDICATOR.match(label):
            self._indicator(number, _text(match.group(2)))
        elif match := _EFFECT.match(label):
            objective = self._within(self._objective, number, "un effet")
            objective.effect = _text(match.group(2))
            self._set_last("effect")
        elif match := _OBJECTIVE.match(label):
            self._new_objective(number, match)
        elif match := _AXIS.match(label):
            self._new_axis(number, match)
        else:
            self._continuation(number, cells, first, label)
        return False

    def _set_last(self, kind: str) -> None:
        self._last = kind
        if kind != "activity":
            self._activity = None

    @staticmethod
    def _within(parent: T | None, number: int, what: str) -> T:
        """The row's parent (axis, objective or action); an error if the row comes before any."""
        if parent is None:
            raise PlanParseError(number, f"{what} apparaît avant la ligne qui doit le contenir")
        return parent

    def _unique(self, key: str, number: int, what: str) -> None:
        if key in self._seen:
            raise PlanParseError(number, f"{what} figure déjà ligne {self._seen[key]}")
        self._seen[key] = number

    # -- the tree ---------------------------------------------------------------------------------------------

    def _new_axis(self, number: int, match: re.Match[str]) -> None:
        code = match.group(1).upper()
        self._unique(f"axis:{code}", number, f"l'axe {code}")
        self._axis = AxisDoc(code=code, title=_text(match.group(2)), line=number)
        self.axes.append(self._axis)
        self._objective = self._action = None
        self._set_last("axis")

    def _new_objective(self, number: int, match: re.Match[str]) -> None:
        axis = self._within(self._axis, number, "un objectif stratégique")
        code = normalise_code(match.group(1))
        self._unique(f"objective:{code}", number, f"l'objectif stratégique {code}")
        if code.split(".")[0] != axis.code:
            self.notes.append(f"Ligne {number} : l'objectif {code} est rangé sous l'axe {axis.code}.")
        self._objective = ObjectiveDoc(code=code, title=_text(match.group(2)), line=number)
        axis.objectives.append(self._objective)
        self._action = None
        self._set_last("objective")

    def _new_action(self, number: int, cells: list[str], first: int, match: re.Match[str]) -> None:
        objective = self._within(self._objective, number, "une action")
        code = normalise_code(match.group(1))
        self._unique(f"action:{code}", number, f"l'action {code}")
        stated = self._stated(number, cells, first, f"Action {code}")
        self._action = ActionDoc(code=code, title=_text(match.group(2)), line=number, stated=stated)
        objective.actions.append(self._action)
        self._set_last("action")

    def _new_activity(self, number: int, cells: list[str], first: int, match: re.Match[str]) -> None:
        action = self._within(self._action, number, "une activité")
        code = re.sub(r"\s+", "", match.group(1)).upper().rstrip(".")
        self._unique(f"activity:{code}", number, f"l'activité {code}")
        rest = cells[first + 1 :]
        responsible, partners = [*rest, "", ""][:2]
        total = parse_amount(rest[2] if len(rest) > 2 else "", line=number, column="Coût total")
        budget = Budget(total=total, years=self._years(number, rest[3:], len(cells)))
        self._activity = ActivityDoc(
            code=code,
            title=_text(match.group(2)),
            responsible=_text(responsible),
            partners=_text(partners),
            budget=budget,
            line=number,
        )
        action.activities.append(self._activity)
        self._set_last("activity")

    def _indicator(self, number: int, text: str) -> None:
        """An "Indicateur" row describes the effect above it, or the product above it."""
        if self._last in {"effect", "objective"} and self._objective is not None:
            self._objective.indicator = text
        elif self._last in {"product", "action"} and self._action is not None:
            self._action.indicator = text
        else:
            raise PlanParseError(number, "indicateur sans effet ni produit au-dessus")
        self._set_last("indicator")

    def _continuation(self, number: int, cells: list[str], first: int, label: str) -> None:
        """A title that spilled onto the next line of the page: only text, right after an activity."""
        if self._activity is None or any(cells[first + 1 :]):
            raise PlanParseError(number, f"ligne inattendue dans la matrice : « {label[:80]} »")
        self._activity.title = f"{self._activity.title} {_text(label)}".strip()
        self.notes.append(f"Ligne {number} : suite du titre de l'activité {self._activity.code}.")

    # -- stated totals ----------------------------------------------------------------------------------------

    def _subtotal(self, number: int, cells: list[str], first: int, label: str, rest: str) -> None:
        """ "Sous Total OS …" closes the objective being read, whatever its label says (some are mislabelled)."""
        objective = self._within(self._objective, number, "un sous-total")
        if objective.stated is not None:
            raise PlanParseError(
                number,
                f"second sous-total pour l'objectif {objective.code} (le premier ligne {objective.stated.line})",
            )
        named = _LABEL_CODE.search(rest)
        if named and normalise_code(f"{named.group(1)}.{named.group(2)}") != objective.code:
            self.notes.append(
                f"Ligne {number} : le sous-total « {label} » clôt l'objectif {objective.code} "
                "(libellé erroné dans le document)."
            )
        objective.stated = self._stated(number, cells, first, label)
        self._set_last("subtotal")

    def _axis_total(self, number: int, cells: list[str], first: int, label: str) -> None:
        axis = self._within(self._axis, number, "un total d'axe")
        if axis.stated is not None:
            raise PlanParseError(number, f"second total pour l'axe {axis.code}")
        named = _AXIS_TOTAL_CODE.search(label)
        if named and named.group(1).upper() != axis.code:
            self.notes.append(f"Ligne {number} : le total « {label} » clôt l'axe {axis.code}.")
        axis.stated = self._stated(number, cells, first, label)
        self._set_last("total")

    def _stated(self, number: int, cells: list[str], first: int, label: str) -> StatedRow:
        """A row of stated figures: its total is the first filled cell after the label, the years follow."""
        rest = cells[first + 1 :]
        filled = [i for i, c in enumerate(rest) if c]
        if not filled:
            raise PlanParseError(number, f"« {label} » : aucun montant sur la ligne")
        at = filled[0]
        total = parse_amount(rest[at], line=number, column="Coût total")
        years = self._years(number, rest[at + 1 :], len(cells))
        return StatedRow(label=label, line=number, budget=Budget(total=total, years=years))

    def _years(self, number: int, cells: list[str], width: int) -> AmountMap:
        """The year cells of a row (those after its total), keyed by the years of the last heading.

        Cells past the heading's last column must be empty and are ignored. Missing trailing cells are blank.
        A row that holds more cells than years *within* the page's columns has an empty cell too many (the
        export split a cell): the surplus is taken from its first empty cells, which keeps each figure of the
        source's rows under the year its own action total gives it; every such row is noted.
        """
        if self.years is None:
            raise PlanParseError(number, "des montants précèdent l'en-tête des années")
        years = self.years
        cells = list(cells)
        overflow = width - self.width
        if overflow > 0:
            if any(cells[-overflow:]):
                raise PlanParseError(number, f"montant hors des colonnes de l'en-tête : « {cells[-1]} »")
            cells = cells[:-overflow]
        surplus = len(cells) - len(years)
        if surplus > 0:
            empty = [i for i, c in enumerate(cells) if not c]
            if len(empty) < surplus:
                raise PlanParseError(number, f"{len(cells) - len(empty)} montants pour {len(years)} années")
            dropped = set(empty[:surplus])
            cells = [c for i, c in enumerate(cells) if i not in dropped]
            self.notes.append(
                f"Ligne {number} : {surplus} cellule(s) vide(s) de trop parmi les années ; retirée(s) en tête "
                "pour aligner les montants."
            )
        cells += [""] * (len(years) - len(cells))
        return {
            year: parse_amount(cell, line=number, column=str(year)) for year, cell in zip(years, cells, strict=True)
        }
