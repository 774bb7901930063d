"""Writes to the register; every write is checked against the actor's jurisdiction and audited."""

from sosteci.registry.services.duplicates import (
    duplicate_dismiss,
    duplicate_merge,
    duplicate_scan,
    duplicates_for_child,
)
from sosteci.registry.services.households import child_register, child_update, household_register, household_update
from sosteci.registry.services.visits import ReclassifySummary, reclassify, visit_record, visit_update

__all__ = [
    "ReclassifySummary",
    "child_register",
    "child_update",
    "duplicate_dismiss",
    "duplicate_merge",
    "duplicate_scan",
    "duplicates_for_child",
    "household_register",
    "household_update",
    "reclassify",
    "visit_record",
    "visit_update",
]
