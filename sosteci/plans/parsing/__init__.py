"""Parsing a national action plan exported as text (French, tab-separated tables) into plain data; no ORM.

`parse_document(text)` tells a roadmap of priority actions (parsing/roadmap.py) from an action plan and reads either.
`parse_plan(text)` returns a `PlanDoc`: the title and period, the matrix (axes › strategic objectives › actions ›
activities with responsible body, partners, total and yearly budgets), every subtotal and total as the document
states it, the summary table of the financing, and the performance framework of annex 2 when present.
It raises `PlanParseError` (French message, 1-based line number) on anything it cannot read.
"""

from __future__ import annotations

import hashlib
import re

from sosteci.core.text import name_key
from sosteci.plans.document import PlanDoc
from sosteci.plans.parsing.annex import find_annex, read_annex
from sosteci.plans.parsing.cells import PlanParseError, parse_amount
from sosteci.plans.parsing.matrix import MatrixReader, matrix_start
from sosteci.plans.parsing.recap import Recap, find_recap, read_recap
from sosteci.plans.parsing.roadmap import is_roadmap, parse_roadmap

__all__ = ["PlanParseError", "parse_amount", "parse_document", "parse_plan", "parse_roadmap"]

_TITLE = re.compile(r"^(PLAN\s+D['’]\s*ACTIONS?\b.*?)\s*(\d{4})\s*[-–]\s*(\d{4})\s*$", re.IGNORECASE)
_ACRONYM = re.compile(r"Plan\s+d['’]\s*Actions?\s+National[^()\n]*\(\s*([A-Za-z]{3,})\s*\)")


def _title_and_period(lines: list[str]) -> tuple[str, int, int]:
    for index, raw in enumerate(lines):
        match = _TITLE.match(raw.strip())
        if match:
            start, end = int(match.group(2)), int(match.group(3))
            if start > end:
                raise PlanParseError(index + 1, f"période du plan inversée ({start}-{end})")
            words = " ".join(match.group(1).split())
            title = words[:1].upper() + words[1:].lower() if words.isupper() else words
            return f"{title} {start}-{end}", start, end
    raise PlanParseError(1, "titre du plan introuvable (« PLAN D'ACTION … AAAA-AAAA » attendu)")


def _attach_recap(plan: PlanDoc, recap: Recap) -> None:
    """Give each summary row to its axis: by its code, else by its title ("Dispositif de mise en œuvre")."""
    by_code = {axis.code: axis for axis in plan.axes}
    by_title = {name_key(axis.title): axis for axis in plan.axes}
    for row in recap.axes:
        axis = by_code.get(row.code) if row.code else by_title.get(name_key(row.title))
        if axis is None:
            raise PlanParseError(
                row.row.line, f"tableau récapitulatif : axe introuvable dans la matrice « {row.title} »"
            )
        if axis.recap is not None:
            raise PlanParseError(row.row.line, f"tableau récapitulatif : l'axe {axis.code} y figure deux fois")
        axis.recap = row.row
    plan.recap = recap.total
    plan.state_share = recap.state_share
    plan.partner_share = recap.partner_share


def parse_plan(text: str, *, source_name: str = "", code: str = "") -> PlanDoc:
    """Read the whole document; `code` defaults to the plan's acronym and period ("PANLTdP-2016-2020")."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title, start_year, end_year = _title_and_period(lines)
    if not code:
        acronym = _ACRONYM.search(text)
        code = f"{acronym.group(1) if acronym else 'PLAN'}-{start_year}-{end_year}"
    plan = PlanDoc(
        code=code,
        title=title,
        start_year=start_year,
        end_year=end_year,
        source_name=source_name,
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    start = matrix_start(lines)
    if start is None:
        raise PlanParseError(len(lines), "matrice du plan introuvable (« AXE STRATEGIQUE I: … » attendu)")
    reader = MatrixReader(lines=lines, start_year=start_year, end_year=end_year)
    after = reader.read(start)
    plan.axes, plan.stated = reader.axes, reader.total
    plan.notes.extend(reader.notes)
    recap_at = find_recap(lines, start)
    if recap_at is not None:
        _attach_recap(plan, read_recap(lines, recap_at, start_year=start_year, end_year=end_year))
    annex_at = find_annex(lines, after)
    if annex_at is not None:
        plan.indicators = read_annex(
            lines,
            annex_at,
            start_year=start_year,
            end_year=end_year,
            objectives={o.code for o in plan.objectives()},
            actions={a.code for a in plan.actions()},
        )
    return plan


def parse_document(text: str, *, source_name: str = "", code: str = "") -> PlanDoc:
    """A roadmap ("FEUILLE DE ROUTE", a "Priorités ⇥ Actions ⇥ Stratégies" table) or an action plan."""
    if is_roadmap(text):
        return parse_roadmap(text, source_name=source_name, code=code)
    return parse_plan(text, source_name=source_name, code=code)
