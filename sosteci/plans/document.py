"""An action plan as plain data (no ORM): what the parser produces, the fixture holds and reconciliation reads.

Amounts are whole F CFA. A cell is one of: a figure (``Amount(37_500_000)``; "-" and "0" are ``Amount(0)``),
blank (``Amount()``, nothing written), pro memoria (``Amount(pm=True)``: "PM", listed without a figure) or to be
defined (``Amount(tbd=True)``: "A définir", a cost the document leaves to be set later, as a roadmap does).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

PM_TEXT = "PM"
TBD_TEXT = "A définir"


@dataclass(frozen=True)
class Amount:
    """One cell of a budget: a figure in F CFA, blank, PM (pro memoria: no figure, on purpose) or to be defined."""

    value: int | None = None
    pm: bool = False
    tbd: bool = False

    def __post_init__(self) -> None:
        if self.pm and self.value is not None:
            raise ValueError("Un montant PM n'a pas de valeur.")
        if self.tbd and (self.pm or self.value is not None):
            raise ValueError("Un montant à définir n'a ni valeur ni mention PM.")
        if self.value is not None and self.value < 0:
            raise ValueError("Un montant ne peut pas être négatif.")

    @property
    def is_blank(self) -> bool:
        return self.value is None and not self.pm and not self.tbd

    @property
    def figure(self) -> int:
        """The figure a sum counts: 0 for blank, PM and to be defined."""
        return self.value or 0

    def to_json(self) -> int | str | None:
        if self.tbd:
            return TBD_TEXT
        return PM_TEXT if self.pm else self.value

    @classmethod
    def from_json(cls, value: Any) -> Amount:
        if value == PM_TEXT:
            return cls(pm=True)
        if value == TBD_TEXT:
            return cls(tbd=True)
        if value is None:
            return cls()
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"Montant JSON invalide : {value!r}")
        return cls(value)

    def __str__(self) -> str:
        if self.pm:
            return PM_TEXT
        if self.tbd:
            return TBD_TEXT
        if self.value is None:
            return ""
        return f"{self.value:,}".replace(",", "\u202f")


BLANK = Amount()
PM = Amount(pm=True)
TBD = Amount(tbd=True)
AmountMap = dict[int, Amount]


@dataclass
class Budget:
    """A row of figures: the total column and one cell per year of the plan."""

    total: Amount = BLANK
    years: AmountMap = field(default_factory=dict)

    def cell(self, column: int | None) -> Amount:
        """The total (column None) or the cell of a year (blank if the row has none)."""
        if column is None:
            return self.total
        return self.years.get(column, BLANK)

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total.to_json(), "years": {str(y): a.to_json() for y, a in sorted(self.years.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Budget:
        years = {int(y): Amount.from_json(v) for y, v in data.get("years", {}).items()}
        return cls(total=Amount.from_json(data.get("total")), years=years)


@dataclass
class StatedRow:
    """A subtotal or total as the document writes it (label as written, line in the source text)."""

    label: str
    line: int
    budget: Budget

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "line": self.line, "budget": self.budget.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> StatedRow | None:
        if data is None:
            return None
        return cls(label=data["label"], line=data["line"], budget=Budget.from_json(data["budget"]))


def _stated_json(row: StatedRow | None) -> dict[str, Any] | None:
    return None if row is None else row.to_json()


@dataclass
class ActivityDoc:
    """A line of the plan; a roadmap's lines also say how long they take and when (`duration`, as written)."""

    code: str
    title: str
    responsible: str
    partners: str
    budget: Budget
    line: int
    duration: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "title": self.title,
            "responsible": self.responsible,
            "partners": self.partners,
            "budget": self.budget.to_json(),
            "line": self.line,
        }
        if self.duration:
            data["duration"] = self.duration
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActivityDoc:
        return cls(**{**data, "budget": Budget.from_json(data["budget"])})


@dataclass
class ActionDoc:
    code: str
    title: str
    line: int
    product: str = ""
    indicator: str = ""
    stated: StatedRow | None = None
    activities: list[ActivityDoc] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "line": self.line,
            "product": self.product,
            "indicator": self.indicator,
            "stated": _stated_json(self.stated),
            "activities": [a.to_json() for a in self.activities],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActionDoc:
        return cls(
            **{
                **data,
                "stated": StatedRow.from_json(data.get("stated")),
                "activities": [ActivityDoc.from_json(a) for a in data.get("activities", [])],
            }
        )


@dataclass
class ObjectiveDoc:
    code: str
    title: str
    line: int
    effect: str = ""
    indicator: str = ""
    stated: StatedRow | None = None
    actions: list[ActionDoc] = field(default_factory=list)

    def activities(self) -> Iterator[ActivityDoc]:
        for action in self.actions:
            yield from action.activities

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "line": self.line,
            "effect": self.effect,
            "indicator": self.indicator,
            "stated": _stated_json(self.stated),
            "actions": [a.to_json() for a in self.actions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ObjectiveDoc:
        return cls(
            **{
                **data,
                "stated": StatedRow.from_json(data.get("stated")),
                "actions": [ActionDoc.from_json(a) for a in data.get("actions", [])],
            }
        )


@dataclass
class AxisDoc:
    """An axis; `stated` is its total in the matrix, `recap` its row in the summary table of the financing."""

    code: str
    title: str
    line: int
    stated: StatedRow | None = None
    recap: StatedRow | None = None
    objectives: list[ObjectiveDoc] = field(default_factory=list)

    def activities(self) -> Iterator[ActivityDoc]:
        for objective in self.objectives:
            yield from objective.activities()

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "line": self.line,
            "stated": _stated_json(self.stated),
            "recap": _stated_json(self.recap),
            "objectives": [o.to_json() for o in self.objectives],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AxisDoc:
        return cls(
            **{
                **data,
                "stated": StatedRow.from_json(data.get("stated")),
                "recap": StatedRow.from_json(data.get("recap")),
                "objectives": [ObjectiveDoc.from_json(o) for o in data.get("objectives", [])],
            }
        )


@dataclass
class IndicatorValue:
    """A baseline or target as written ("Faible", "20%", "Non Connu", "1 007 500 000") and its number if any."""

    text: str
    number: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "number": None if self.number is None else str(self.number)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IndicatorValue:
        number = data.get("number")
        return cls(text=data["text"], number=None if number is None else Decimal(number))


@dataclass
class IndicatorDoc:
    """A row of the performance framework: an effect (objective level) or a product (action level)."""

    level: str  # "effect" or "product"
    code: str  # the objective's or the action's code in the matrix ("I.1", "I.1.1")
    code_as_written: str
    result: str
    name: str
    kind: str  # "number", "percentage", "scale", "stage" or "qualitative" (sosteci.plans.performance)
    values: dict[int, IndicatorValue]  # the baseline year first, then the target years
    baseline_year: int
    responsible: str
    source: str
    line: int

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "code": self.code,
            "code_as_written": self.code_as_written,
            "result": self.result,
            "name": self.name,
            "kind": self.kind,
            "values": {str(y): v.to_json() for y, v in sorted(self.values.items())},
            "baseline_year": self.baseline_year,
            "responsible": self.responsible,
            "source": self.source,
            "line": self.line,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IndicatorDoc:
        values = {int(y): IndicatorValue.from_json(v) for y, v in data["values"].items()}
        return cls(**{**data, "values": values})


@dataclass
class PlanDoc:
    """The whole plan: its tree, the totals the document states, the financing split and the indicators."""

    code: str
    title: str
    start_year: int
    end_year: int
    kind: str = "plan"  # "plan" (a national action plan with budgets) or "roadmap" (priorities, costs to define)
    currency: str = "FCFA"
    source_name: str = ""
    source_sha256: str = ""
    axes: list[AxisDoc] = field(default_factory=list)
    stated: StatedRow | None = None  # "BUDGET TOTAL" of the matrix
    recap: StatedRow | None = None  # "BUDGET TOTAL" of the summary table
    state_share: StatedRow | None = None  # part of the State, as stated (a total only)
    partner_share: StatedRow | None = None  # amount to raise from partners, as stated
    indicators: list[IndicatorDoc] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the parser had to interpret, with line numbers

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def activities(self) -> Iterator[ActivityDoc]:
        for axis in self.axes:
            yield from axis.activities()

    def objectives(self) -> Iterator[ObjectiveDoc]:
        for axis in self.axes:
            yield from axis.objectives

    def actions(self) -> Iterator[ActionDoc]:
        for objective in self.objectives():
            yield from objective.actions

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "kind": self.kind,
            "currency": self.currency,
            "source_name": self.source_name,
            "source_sha256": self.source_sha256,
            "stated": _stated_json(self.stated),
            "recap": _stated_json(self.recap),
            "state_share": _stated_json(self.state_share),
            "partner_share": _stated_json(self.partner_share),
            "notes": list(self.notes),
            "axes": [a.to_json() for a in self.axes],
            "indicators": [i.to_json() for i in self.indicators],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanDoc:
        return cls(
            **{
                **data,
                "stated": StatedRow.from_json(data.get("stated")),
                "recap": StatedRow.from_json(data.get("recap")),
                "state_share": StatedRow.from_json(data.get("state_share")),
                "partner_share": StatedRow.from_json(data.get("partner_share")),
                "axes": [AxisDoc.from_json(a) for a in data.get("axes", [])],
                "indicators": [IndicatorDoc.from_json(i) for i in data.get("indicators", [])],
            }
        )
