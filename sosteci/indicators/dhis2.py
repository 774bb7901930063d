"""Export of tidy rows to DHIS2: a `dataValueSets` JSON payload or DHIS2's data value CSV, and the tidy rows as CSV.

By default identifiers are codes, to be imported with `?idScheme=CODE`: the data element is the indicator's code,
the organisation unit the P-code, the category option combo the code of the disaggregation (CATEGORY_OPTION_CODES).
A mapping file can replace any of them by the DHIS2 instance's UIDs. Only the units of the chosen level are sent
(DHIS2 adds up the hierarchy itself; a national indicator is sent for the country), only the finest disaggregation
of each indicator (DHIS2 adds up categories), and no suppressed row (DHIS2 has no such mark: the value is left out).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sosteci.indicators.computing import Row
from sosteci.indicators.definitions import BY_CODE, DIMENSIONS, Unit

# The code of each option of each disaggregation; a combo's code joins its options' codes, in the order sex, age
# band, category (e.g. "F_Y12_14", "M_HAZARDOUS_CHILD_LABOUR"). Rows without disaggregation use DHIS2's default.
CATEGORY_OPTION_CODES: dict[str, str] = {
    "F": "F",
    "M": "M",
    "0-4": "Y00_04",
    "5-11": "Y05_11",
    "12-14": "Y12_14",
    "15-17": "Y15_17",
    "0-17": "Y00_17",
    "18+": "Y18P",
}  # categories, alert sources and services: their value in capitals (e.g. "WORST_FORMS", "GREEN_LINE")
DHIS2_CSV_COLUMNS = ("dataelement", "period", "orgunit", "catoptcombo", "attroptcombo", "value", "storedby", "lastupd")


@dataclass(frozen=True)
class Dhis2Mapping:
    """Identifiers of the DHIS2 instance; anything not listed keeps its code."""

    data_elements: Mapping[str, str] = field(default_factory=dict)
    org_units: Mapping[str, str] = field(default_factory=dict)
    category_option_combos: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Dhis2Mapping:
        """Read {"dataElements": {code: uid}, "orgUnits": {pcode: uid}, "categoryOptionCombos": {code: uid}}."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data_elements=dict(data.get("dataElements", {})),
            org_units=dict(data.get("orgUnits", {})),
            category_option_combos=dict(data.get("categoryOptionCombos", {})),
        )


def option_code(value: str) -> str:
    return CATEGORY_OPTION_CODES.get(value, value.upper())


def combo_code(row: Row) -> str | None:
    """The category option combo of a row (None for an undisaggregated row: DHIS2's default combo)."""
    parts = [row.coordinate(d) for d in DIMENSIONS]
    codes = [option_code(part) for part in parts if part is not None]
    return "_".join(codes) if codes else None


def _exported(rows: Sequence[Row]) -> list[Row]:
    """The rows DHIS2 receives: the chosen level's units, each indicator at its finest disaggregation, published."""
    split: dict[str, int] = {}
    for row in rows:
        depth = sum(row.coordinate(d) is not None for d in DIMENSIONS)
        split[row.indicator] = max(split.get(row.indicator, 0), depth)
    # An indicator without sub-unit rows (a national one: action plans) is sent for the unit itself.
    with_sub_units = {row.indicator for row in rows if row.parent is not None}
    return [
        row
        for row in rows
        if not row.suppressed
        and row.value is not None
        and (row.parent is not None or row.indicator not in with_sub_units)
        and sum(row.coordinate(d) is not None for d in DIMENSIONS) == split[row.indicator]
    ]


def _value(row: Row) -> str:
    if BY_CODE[row.indicator].unit != Unit.PERCENT:
        return str(row.numerator)
    return f"{row.value:g}"


def data_values(rows: Sequence[Row], mapping: Dhis2Mapping | None = None) -> list[dict[str, str]]:
    mapping = mapping or Dhis2Mapping()
    values = []
    for row in _exported(rows):
        value = {
            "dataElement": mapping.data_elements.get(row.indicator, row.indicator),
            "period": row.period,
            "orgUnit": mapping.org_units.get(row.unit, row.unit),
            "value": _value(row),
        }
        combo = combo_code(row)
        if combo is not None:
            value["categoryOptionCombo"] = mapping.category_option_combos.get(combo, combo)
        values.append(value)
    return values


def data_value_set(rows: Sequence[Row], mapping: Dhis2Mapping | None = None) -> dict[str, Any]:
    """The `dataValueSets` payload (POST /api/dataValueSets, with ?idScheme=CODE unless mapped to UIDs)."""
    return {"dataValues": data_values(rows, mapping)}


def dhis2_csv(rows: Sequence[Row], mapping: Dhis2Mapping | None = None) -> str:
    """DHIS2's data value CSV (POST /api/dataValueSets with Content-Type application/csv)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DHIS2_CSV_COLUMNS)
    for value in data_values(rows, mapping):
        writer.writerow(
            [
                value["dataElement"],
                value["period"],
                value["orgUnit"],
                value.get("categoryOptionCombo", ""),
                "",
                value["value"],
                "sosteci",
                "",
            ]
        )
    return out.getvalue()


def rows_csv(rows: Sequence[Row]) -> str:
    """The tidy rows as CSV, every total included (suppressed rows with empty figures)."""
    out = io.StringIO()
    names = [f.name for f in fields(Row)]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if getattr(row, name) is None else getattr(row, name) for name in names])
    return out.getvalue()
