"""Excel for the repertoire of structures: export (also the import template), dry-run import then apply.

- `export_structures_xlsx()`: the structures with the import's columns, a notice and the lists of codes;
- `structure_import_check()` / `structure_import_confirm()`: dry run stored in a StructureImport, then apply.
"""

from sosteci.directory.excel.exporting import export_structures_xlsx
from sosteci.directory.excel.importing import (
    ImportFileError,
    plan_file,
    structure_import_check,
    structure_import_confirm,
)

__all__ = [
    "ImportFileError",
    "export_structures_xlsx",
    "plan_file",
    "structure_import_check",
    "structure_import_confirm",
]
