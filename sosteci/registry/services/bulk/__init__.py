"""Registering many households, children and visits at once (Excel imports): same rules, one transaction.

`checking.HouseholdChecker` holds, in plain Python, every rule the one-by-one services and the models'
`full_clean()` apply, so that an import checks 100,000 rows without the ORM; `writing.bulk_register`
applies them again before writing, then inserts in batches and writes one audit row.
"""

from sosteci.registry.services.bulk.checking import (
    BulkResult,
    ChildEntry,
    EntryError,
    HouseholdChecker,
    HouseholdEntry,
    Locality,
    resolve_localities,
)
from sosteci.registry.services.bulk.writing import bulk_register, check_entries

__all__ = [
    "BulkResult",
    "ChildEntry",
    "EntryError",
    "HouseholdChecker",
    "HouseholdEntry",
    "Locality",
    "bulk_register",
    "check_entries",
    "resolve_localities",
]
