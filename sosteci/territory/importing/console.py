"""Printing an import plan on the console (management commands)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from sosteci.territory.importing.plan import CREATE, REJECT, UPDATE, ImportPlan
from sosteci.territory.models import Level

ACTION_LABELS = {"create": "créé", "update": "modifié", "unchanged": "inchangé", "reject": "rejeté"}


def print_plan(
    console: Console, plan: ImportPlan, *, verbose: bool = False, rejects: bool = True, limit: int = 200
) -> None:
    """The rows that matter (rejected, created, changed), then counts per level."""
    shown = [
        o
        for o in plan.outcomes
        if (rejects and o.action == REJECT) or (verbose and (o.warnings or o.action != "unchanged"))
    ]
    warned = sum(1 for o in plan.outcomes if o.warnings)
    if shown:
        table = Table(title="Lignes à examiner" if not verbose else "Lignes", show_lines=False)
        for column in ("ligne", "action", "niveau", "P-code", "nom", "motif / changements"):
            table.add_column(column, overflow="fold")
        for outcome in shown[:limit]:
            detail: list[str] = list(outcome.messages) + [f"⚠ {w}" for w in outcome.warnings]
            if outcome.action == UPDATE:
                detail += [f"{k}: {v[0]} → {v[1]}" for k, v in outcome.changes.items()]
            if outcome.action == CREATE and len(outcome.created) > 1:
                detail.append("crée aussi : " + ", ".join(outcome.created[:-1]))
            style = "red" if outcome.action == REJECT else None
            table.add_row(
                outcome.row,
                ACTION_LABELS[outcome.action],
                outcome.level,
                outcome.pcode,
                outcome.name,
                "\n".join(detail),
                style=style,
            )
        console.print(table)
        if len(shown) > limit:
            console.print(f"… et {len(shown) - limit} autres lignes.")
    if warned and not verbose:
        console.print(f"{warned} lignes avec avertissement (--verbose-rows pour les voir).")
    counts = Table(title="Unités par niveau")
    counts.add_column("niveau")
    for action in ("create", "update", "unchanged"):
        counts.add_column(ACTION_LABELS[action], justify="right")
    for level in Level:
        row: dict[str, Any] = plan.unit_counts.get(level.value, {})
        if row:
            counts.add_row(str(level.label), *(str(row.get(a, 0)) for a in ("create", "update", "unchanged")))
    console.print(counts)


def summary_line(plan: ImportPlan, *, applied: bool) -> str:
    rows = plan.row_counts
    if not plan.has_changes:
        verb = "rien à changer"
    elif applied:
        verb = "appliqué"
    else:
        verb = "essai à blanc, rien n'est écrit"
    return (
        f"{verb} : {rows['create']} lignes créées, {rows['update']} modifiées, {rows['unchanged']} inchangées, "
        f"{rows['reject']} rejetées."
    )
