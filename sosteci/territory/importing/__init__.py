"""Territory imports: read a file into unit rows, plan what would change, apply the plan in one transaction.

Used by `manage.py load_territory` (the reference data), `manage.py import_territory` and the upload page.
"""

from sosteci.territory.importing.plan import ImportPlan, RowOutcome, UnitRow, build_plan
from sosteci.territory.importing.readers import ImportFileError, read_units

__all__ = ["ImportFileError", "ImportPlan", "RowOutcome", "UnitRow", "build_plan", "read_units"]
