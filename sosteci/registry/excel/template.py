"""The register import template: a Notice sheet, the "Enfants" sheet to fill, and the "Listes" of codes.

"Enfants": row 1 holds the machine names the reader keys on, row 2 the French labels (the reader skips it),
each header cell carries a comment with the expected format; drop-downs come from named ranges of "Listes".
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]

from sosteci.classification import RuleSet
from sosteci.registry.excel.columns import CHILD, COLUMNS, HOUSEHOLD, VISIT, reference_lists
from sosteci.registry.excel.reading import MAX_ROWS, SHEET_NAME
from sosteci.registry.rulesets import active_ruleset

FIRST_DATA_ROW = 2  # zero-based: rows 1 and 2 of the sheet are the headers
LAST_DATA_ROW = FIRST_DATA_ROW + MAX_ROWS - 1


def _notice(workbook: Any, ruleset: RuleSet) -> None:
    sheet = workbook.add_worksheet(_("Notice"))
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 90)
    lines = [
        _("Une ligne par enfant, dans la feuille « %(sheet)s », à partir de la ligne 3.") % {"sheet": SHEET_NAME},
        _(
            "Les enfants d'un même ménage portent la même référence (menage_ref) ; les colonnes du ménage "
            "(localité, chef, taille, cultures, GPS) se remplissent sur la première ligne et peuvent rester vides "
            "ensuite, mais si elles sont remplies elles doivent être identiques."
        ),
        _(
            "Ne modifiez pas la ligne 1 (noms des colonnes) : l'import s'y repère. La ligne 2 (libellés) peut "
            "être conservée ou supprimée."
        ),
        _("Dates : une date Excel ou le format JJ/MM/AAAA. Aucune date ne peut être dans le futur."),
        _(
            "Âge : l'enfant doit avoir moins de %(adult)s ans. Sans date de naissance, indiquez l'âge déclaré : "
            "une date de naissance estimée est alors calculée."
        )
        % {"adult": int(ruleset.param("adult_age"))},
        _(
            "Visite (facultatif) : remplissez visite_date pour enregistrer la visite ; l'enfant est alors classé "
            "selon les règles en vigueur (version %(version)s)."
        )
        % {"version": ruleset.version},
        _("Activités : CODE:heures séparés par « ; », au plus 168 heures sur les 7 derniers jours."),
        _("Les codes autorisés et leurs libellés sont dans la feuille « Listes »."),
        _("Vous pouvez aussi déposer un fichier CSV (UTF-8) dont la première ligne porte les mêmes noms de colonnes."),
        _(
            "Le dépôt est d'abord vérifié sans rien enregistrer : le rapport indique chaque erreur par ligne et "
            "par colonne. Un ménage dont une ligne est en erreur est écarté en entier ; les autres sont importés "
            "quand vous confirmez."
        ),
    ]
    sheet.write(0, 0, _("Import du registre des enfants — mode d'emploi"), title)
    row = 2
    for line in lines:
        sheet.merge_range(row, 0, row, 2, line, wrap)
        sheet.set_row(row, 32)
        row += 1
    row += 1
    for col, header in enumerate((_("Colonne"), _("Libellé"), _("Format et valeurs"))):
        sheet.write(row, col, header, bold)
    groups = {HOUSEHOLD: _("ménage"), CHILD: _("enfant"), VISIT: _("visite")}
    for column in COLUMNS:
        row += 1
        required = _("obligatoire") if column.required else _("facultatif")
        sheet.write(row, 0, column.name, bold)
        sheet.write(row, 1, f"{column.label()} ({groups[column.group]}, {required})")
        sheet.write(row, 2, column.help(), wrap)
    sheet.activate()


def _lists(workbook: Any, lists: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Write the Listes sheet; return the defined name of each list."""
    sheet = workbook.add_worksheet(_("Listes"))
    bold = workbook.add_format({"bold": True})
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 70)
    for col, header in enumerate((_("Liste"), _("Code"), _("Libellé"))):
        sheet.write(0, col, header, bold)
    names: dict[str, str] = {}
    row = 1
    for name, items in lists.items():
        if not items:
            continue
        first = row
        for code, label in items:
            sheet.write_string(row, 0, name)
            sheet.write_string(row, 1, code)
            sheet.write_string(row, 2, label)
            row += 1
        defined = f"liste_{name}"
        workbook.define_name(defined, f"='{sheet.get_name()}'!$B${first + 1}:$B${row}")
        names[name] = defined
    sheet.autofilter(0, 0, row - 1, 2)
    sheet.freeze_panes(1, 0)
    return names


def build_template(*, ruleset: RuleSet | None = None, localities: Iterable[tuple[str, str]] | None = None) -> bytes:
    """The XLSX template of the active rule set (or of `ruleset`).

    `localities`, (P-code, name) pairs, typically the localités of the user's jurisdiction, become the list
    "localites" of the Listes sheet and the drop-down of localite_pcode.
    """
    ruleset = ruleset or active_ruleset()
    lists = reference_lists(ruleset)
    if localities is not None:
        lists["localites"] = [(pcode, name) for pcode, name in localities]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "locked": True})
    labels = workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    _notice(workbook, ruleset)
    sheet = workbook.add_worksheet(SHEET_NAME)
    names = _lists(workbook, lists)
    for col, column in enumerate(COLUMNS):
        letter = xl_col_to_name(col)
        cell_format = day if column.name.startswith("date") or column.name == "visite_date" else None
        if column.name in ("chef_telephone", "menage_ref", "localite_pcode"):
            cell_format = text
        sheet.set_column(col, col, column.width, cell_format)
        sheet.write_string(0, col, column.name, header)
        sheet.write_string(1, col, column.label(), labels)
        sheet.write_comment(0, col, f"{column.label()}\n{column.help()}", {"x_scale": 2, "y_scale": 1.5})
        target = f"{letter}{FIRST_DATA_ROW + 1}:{letter}{LAST_DATA_ROW + 1}"
        message = {"input_title": column.name[:32], "input_message": column.help()[:255]}
        if column.name == "localite_pcode" and "localites" in names:
            source = {"validate": "list", "source": f"={names['localites']}", "error_type": "warning"}
            sheet.data_validation(target, {**source, **message})
        elif column.choices and not column.multi:
            sheet.data_validation(
                target,
                {
                    "validate": "list",
                    "source": f"={names[column.choices]}",
                    # Nationalities beyond the list are allowed: warn only.
                    "error_type": "warning" if column.choices == "nationalite" else "stop",
                    **message,
                },
            )
        elif column.name in ("age_declare", "taille_menage"):
            low, high = (0, int(ruleset.param("adult_age")) - 1) if column.name == "age_declare" else (1, 500)
            sheet.data_validation(
                target, {"validate": "integer", "criteria": "between", "minimum": low, "maximum": high, **message}
            )
        elif column.name in ("gps_lat", "gps_lon"):
            limit = 90 if column.name == "gps_lat" else 180
            sheet.data_validation(
                target,
                {"validate": "decimal", "criteria": "between", "minimum": -limit, "maximum": limit, **message},
            )
        else:
            sheet.data_validation(target, {"validate": "any", **message})
    sheet.set_row(1, 30)
    sheet.freeze_panes(FIRST_DATA_ROW, 1)
    workbook.close()
    return output.getvalue()
