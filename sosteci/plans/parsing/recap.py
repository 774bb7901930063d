"""Reading the summary table of the financing: each axis's cost per year and in total, the State's part."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sosteci.plans.document import Budget, StatedRow
from sosteci.plans.parsing.cells import PlanParseError, is_year_row, parse_amount, parse_year, split_cells

_HEADING = re.compile(r"^Axes?\s+Strat[ée]giques?$", re.IGNORECASE)
_AXIS = re.compile(r"^Axe\s+Strat[ée]gique\s+([IVX]+)\s*:\s*(.*)$", re.IGNORECASE)
_TOTAL = re.compile(r"^BUDGET\s+TOTAL\b", re.IGNORECASE)
_STATE = re.compile(r"^Part\s+de\s+l['’]\s*[EÉ]tat\b", re.IGNORECASE)
_PARTNERS = re.compile(r"^Montant\s+à\s+mobiliser\b", re.IGNORECASE)


@dataclass
class RecapRow:
    """One axis row: its code when the label gives one ("Axe Stratégique II: …"), else its title."""

    code: str
    title: str
    row: StatedRow


@dataclass
class Recap:
    axes: list[RecapRow] = field(default_factory=list)
    total: StatedRow | None = None
    state_share: StatedRow | None = None
    partner_share: StatedRow | None = None


def find_recap(lines: Sequence[str], stop: int) -> int | None:
    """Index of the table's heading row ("Axes Stratégiques ⇥ Coûts des activités par année …"), before `stop`."""
    for index in range(stop):
        cells = split_cells(lines[index])
        if len(cells) > 1 and _HEADING.match(cells[0]):
            return index
    return None


def read_recap(lines: Sequence[str], start: int, *, start_year: int, end_year: int) -> Recap:
    """Read the table from its heading row to the first blank line.

    The heading row says which column is the total ("Coût Total …"); the next row gives the year columns.
    """
    heading = split_cells(lines[start])
    total_column = next((i for i, c in enumerate(heading) if i and "total" in c.lower()), None)
    if total_column is None:
        raise PlanParseError(start + 1, "tableau récapitulatif sans colonne « Coût Total »")
    if start + 1 >= len(lines) or not is_year_row(split_cells(lines[start + 1])):
        raise PlanParseError(start + 2, "tableau récapitulatif : la ligne des années est attendue")
    year_cells = split_cells(lines[start + 1])
    columns = {i: parse_year(c, line=start + 2, start=start_year, end=end_year) for i, c in enumerate(year_cells) if c}
    recap = Recap()
    for index in range(start + 2, len(lines)):
        number = index + 1
        cells = split_cells(lines[index])
        if not any(cells):
            break
        label = cells[0]
        cells += [""] * (max(total_column, *columns) + 1 - len(cells))
        if _STATE.match(label) or _PARTNERS.match(label):
            figures = [c for c in cells[1:] if c]
            if len(figures) != 1:
                raise PlanParseError(number, f"« {label} » : un seul montant est attendu")
            share = StatedRow(
                label=label,
                line=number,
                budget=Budget(total=parse_amount(figures[0], line=number, column="montant")),
            )
            if _STATE.match(label):
                recap.state_share = share
            else:
                recap.partner_share = share
            continue
        total = parse_amount(cells[total_column], line=number, column="Coût total")
        years = {year: parse_amount(cells[i], line=number, column=str(year)) for i, year in columns.items()}
        row = StatedRow(label=label, line=number, budget=Budget(total=total, years=years))
        if _TOTAL.match(label):
            recap.total = row
        elif match := _AXIS.match(label):
            recap.axes.append(RecapRow(code=match.group(1).upper(), title=match.group(2).strip(), row=row))
        else:
            recap.axes.append(RecapRow(code="", title=label, row=row))
    return recap
