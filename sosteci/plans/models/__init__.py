"""The plans models: the tree and its budgets as the document states them (tree), and what is recorded since."""

from sosteci.plans.models.execution import (
    FUNDER_KINDS,
    ActivityExecution,
    ExecutionStatus,
    Financing,
    FinancingSource,
)
from sosteci.plans.models.joint import JointLink
from sosteci.plans.models.tree import (
    Action,
    Activity,
    ActivityYear,
    AmountFields,
    Axis,
    Indicator,
    IndicatorActual,
    IndicatorValue,
    Plan,
    PlanKind,
    StatedTotal,
    StatedYear,
    StrategicObjective,
)

__all__ = [
    "FUNDER_KINDS",
    "Action",
    "Activity",
    "ActivityExecution",
    "ActivityYear",
    "AmountFields",
    "Axis",
    "ExecutionStatus",
    "Financing",
    "FinancingSource",
    "Indicator",
    "IndicatorActual",
    "IndicatorValue",
    "JointLink",
    "Plan",
    "PlanKind",
    "StatedTotal",
    "StatedYear",
    "StrategicObjective",
]
