"""Excel and CSV for the register: the import template, checking and applying uploads, exporting children.

- `build_template()`: the XLSX to fill (Notice, Enfants, Listes);
- `register_import_check()` / `register_import_confirm()`: dry run stored in a RegisterImport, then apply;
- `export_children_xlsx()` / `iter_children_csv()`: lists of children, flat in memory.
"""

from sosteci.registry.excel.exporting import export_children_xlsx, iter_children_csv
from sosteci.registry.excel.importing import plan_file, register_import_check, register_import_confirm
from sosteci.registry.excel.reading import ImportFileError
from sosteci.registry.excel.template import build_template

__all__ = [
    "ImportFileError",
    "build_template",
    "export_children_xlsx",
    "iter_children_csv",
    "plan_file",
    "register_import_check",
    "register_import_confirm",
]
