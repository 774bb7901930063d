"""Reading the performance framework (annex 2): effect and product indicators, baseline, yearly targets."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sosteci.plans.document import IndicatorDoc, IndicatorValue
from sosteci.plans.parsing.cells import (
    PlanParseError,
    is_year_row,
    normalise_code,
    parse_number,
    parse_year,
    split_cells,
)
from sosteci.plans.performance import kind_of

_ANNEX = re.compile(r"^Annexe\s+2\b", re.IGNORECASE)
_HEADING = re.compile(r"^(?:R[ée]sultats?|Objectifs?)$", re.IGNORECASE)
_ROW = re.compile(r"^(Effet|Produit)\s+([IVX\d][\s\dIVX.\-]*?)\s*:[\s:]*(.*)$", re.IGNORECASE)
_CONTEXT = re.compile(r"^(?:Axe\s+Strat[ée]gique|Objectif\s+Strat[ée]gique|[IVX]+\s*:)", re.IGNORECASE)
_RULE = re.compile(r"^[-\s]+$")
UNKNOWN = {"non connu", "nc", "nd", "n.d.", "?"}


def find_annex(lines: Sequence[str], start: int) -> int | None:
    """Index of the "Annexe 2" heading at or after `start`, if the text has one."""
    for index in range(start, len(lines)):
        if _ANNEX.match(lines[index].strip()):
            return index
    return None


def _kind(values: list[str]) -> str:
    """percentage if any value has a %; number if every value is a number (or unknown); a scale (Faible … Elevé)
    or a stage (Non … Opérationnel) when every word is one of theirs; else qualitative."""
    if any("%" in v for v in values):
        return "percentage"
    if all(parse_number(v) is not None or v.lower() in UNKNOWN for v in values):
        return "number"
    return kind_of(values) or "qualitative"


def _responsible_and_source(text: str) -> tuple[str, str]:
    """ "ONP/Rapport d'étude" → ("ONP", "Rapport d'étude"); "CNLTdP/CNCLTdP/ Rapport …" keeps both bodies."""
    if "/" not in text:
        return text.strip(), ""
    body, source = text.rsplit("/", 1)
    return body.strip(), source.strip()


def read_annex(
    lines: Sequence[str],
    start: int,
    *,
    start_year: int,
    end_year: int,
    objectives: set[str],
    actions: set[str],
) -> list[IndicatorDoc]:
    """Read the framework's rows from the "Annexe 2" heading to the end of its table.

    Effects are tied to the matrix's objectives and products to its actions by code ("Effet 1.2" is the effect of
    objective I.2, "Produit 1.1.1" the product of action I.1.1); a code the matrix lacks is an error.
    """
    indicators: list[IndicatorDoc] = []
    seen: dict[tuple[str, str], int] = {}
    columns: dict[int, int] | None = None
    in_table = False
    for index in range(start + 1, len(lines)):
        number = index + 1
        raw = lines[index]
        cells = split_cells(raw)
        if not any(cells) or _RULE.match(raw.replace("\t", " ")):
            continue
        if "\t" not in raw:
            if in_table:
                break  # the text after the table
            continue
        in_table = True
        label = cells[0]
        if _HEADING.match(label):
            continue
        if is_year_row(cells):
            columns = {i: parse_year(c, line=number, start=start_year, end=end_year) for i, c in enumerate(cells) if c}
            continue
        if _CONTEXT.match(label):
            continue
        match = _ROW.match(label)
        if match is None:
            raise PlanParseError(number, f"ligne inattendue dans le cadre de performance : « {label[:80]} »")
        if columns is None:
            raise PlanParseError(number, "des valeurs précèdent l'en-tête des années du cadre de performance")
        level = "effect" if match.group(1).lower() == "effet" else "product"
        written = " ".join(match.group(2).split())
        code = normalise_code(written)
        known = objectives if level == "effect" else actions
        if code not in known:
            what = "aucun objectif" if level == "effect" else "aucune action"
            raise PlanParseError(number, f"« {match.group(1)} {written} » ne correspond à {what} de la matrice")
        if (level, code) in seen:
            raise PlanParseError(number, f"indicateur de {code} déjà donné ligne {seen[level, code]}")
        seen[level, code] = number
        last = max(columns)
        cells += [""] * (last + 2 - len(cells))
        values = {year: cells[i] for i, year in columns.items()}
        if not cells[1]:
            raise PlanParseError(number, "indicateur sans libellé")
        tail = [c for c in cells[last + 1 :] if c]
        responsible, source = _responsible_and_source(tail[0] if tail else "")
        baseline_year = min(values)
        indicators.append(
            IndicatorDoc(
                level=level,
                code=code,
                code_as_written=written,
                result=" ".join(match.group(3).split()),
                name=" ".join(cells[1].split()),
                kind=_kind(list(values.values())),
                values={y: IndicatorValue(text=t, number=parse_number(t)) for y, t in values.items()},
                baseline_year=baseline_year,
                responsible=responsible,
                source=source,
                line=number,
            )
        )
    return indicators
