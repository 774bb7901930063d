"""Writes of execution (per activity and year) and of financing mobilised: checked, all or nothing, audited.

Values arrive as typed (a form, a spreadsheet cell, JSON): every one is read here, and anything unreadable or
inconsistent is refused with a French message naming its field; a spreadsheet names its row too. A commitment
beyond the year's planned budget is allowed but returned as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.coordination.parsing import amount_from_text
from sosteci.core.text import name_key
from sosteci.directory.models import Structure
from sosteci.plans.document import Amount
from sosteci.plans.models import (
    FUNDER_KINDS,
    Activity,
    ActivityExecution,
    ActivityYear,
    ExecutionStatus,
    Financing,
    FinancingSource,
    Plan,
)

EXECUTION_FIELDS = ("status", "progress", "committed", "spent", "note")
FINANCING_FIELDS = ("amount", "note")


def _require_edit(by: User | None) -> None:
    if by is not None and not may(by, Perm.PLAN_EDIT):
        raise PermissionDenied(Perm.PLAN_EDIT.value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choice(value: Any, choices: Any, label: str) -> str:
    """A code or its French label, whatever the case and accents ("en cours", "REALISEE", "done")."""
    key = name_key(str(value))
    for code, text in choices:
        if key in {name_key(code), name_key(str(text))}:
            return str(code)
    known = ", ".join(str(text) for _code, text in choices)
    raise ValidationError(
        _("« %(field)s » : valeur inconnue « %(value)s » (attendu : %(known)s).")
        % {"field": label, "value": value, "known": known}
    )


def parse_year(value: Any, plan: Plan) -> int:
    """A year of the plan's period; anything else is refused naming the period."""
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value == int(value):
        text = str(int(value))
    if not re.fullmatch(r"\d{4}", text):
        raise ValidationError(_("« année » : « %(value)s » n'est pas une année.") % {"value": text})
    year = int(text)
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            _("« année » : %(year)s est hors de la période du plan (%(start)s-%(end)s).")
            % {"year": year, "start": plan.start_year, "end": plan.end_year}
        )
    return year


def _progress(value: Any) -> int | None:
    if _blank(value):
        return None
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValidationError(
            _("« avancement (%%) » : « %(value)s » n'est pas un pourcentage.") % {"value": value}
        ) from exc
    if number != int(number) or not 0 <= number <= 100:
        raise ValidationError(
            _("« avancement (%%) » : un nombre entier de 0 à 100 est attendu, pas « %(value)s ».") % {"value": value}
        )
    return int(number)


def _amount(value: Any, label: str) -> int:
    return 0 if _blank(value) else amount_from_text(value, label)


@dataclass
class CleanExecution:
    activity: Activity
    year: int
    status: str
    progress: int
    committed: int
    spent: int
    note: str
    warnings: list[str] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EXECUTION_FIELDS}


def planned_amount(activity: Activity, year: int) -> Amount:
    cell = ActivityYear.objects.filter(activity=activity, year=year).first()
    return cell.as_amount if cell is not None else Amount()


def clean_execution(
    *,
    activity: Activity,
    year: Any,
    status: Any,
    progress: Any = None,
    committed: Any = None,
    spent: Any = None,
    note: Any = "",
    planned: Amount | None = None,
) -> CleanExecution:
    """Read and check one activity-year; raises ValidationError {field: [message]} with every problem found."""
    plan = activity.action.objective.axis.plan
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    readers = {
        "year": lambda: parse_year(year, plan),
        "status": lambda: _choice(status, ExecutionStatus.choices, _("état")),
        "progress": lambda: _progress(progress),
        "committed": lambda: _amount(committed, _("montant engagé")),
        "spent": lambda: _amount(spent, _("montant dépensé")),
    }
    for name, read in readers.items():
        try:
            values[name] = read()
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    state = values["status"]
    progress_value = values["progress"]
    if progress_value is None:
        progress_value = 100 if state == ExecutionStatus.DONE else 0
    if state == ExecutionStatus.DONE and progress_value != 100:
        errors["progress"] = [
            _("« avancement (%%) » : une activité réalisée est avancée à 100 %%, pas à %(value)s %%.")
            % {"value": progress_value}
        ]
    if state == ExecutionStatus.NOT_STARTED and (progress_value or values["spent"]):
        errors["status"] = [_("« état » : une activité non démarrée n'a ni avancement ni dépense.")]
    if values["spent"] > values["committed"]:
        errors["spent"] = [
            _("« montant dépensé » : %(spent)s F CFA dépasse le montant engagé (%(committed)s F CFA).")
            % {"spent": Amount(values["spent"]), "committed": Amount(values["committed"])}
        ]
    if errors:
        raise ValidationError(errors)
    clean = CleanExecution(
        activity=activity,
        year=values["year"],
        status=state,
        progress=progress_value,
        committed=values["committed"],
        spent=values["spent"],
        note=str(note or "").strip(),
    )
    budget = planned if planned is not None else planned_amount(activity, clean.year)
    if budget.value is not None and clean.committed > budget.value:
        clean.warnings.append(
            _(
                "Activité %(code)s, %(year)s : l'engagement (%(committed)s F CFA) dépasse le budget prévu "
                "(%(planned)s F CFA)."
            )
            % {"code": activity.code, "year": clean.year, "committed": Amount(clean.committed), "planned": budget}
        )
    return clean


def _save_execution(
    clean: CleanExecution, by: User | None, *, known: dict[tuple[int, int], ActivityExecution] | None = None
) -> tuple[ActivityExecution, dict[str, Any], bool]:
    """Create or update the row; returns it, the changed fields (before, after) and whether it was created. `known`:
    the plan's rows read once by an import, by (activity, year), instead of one query per line."""
    if known is None:
        current = ActivityExecution.objects.filter(activity=clean.activity, year=clean.year).first()
    else:
        current = known.get((clean.activity.pk, clean.year))
    if current is None:
        row = ActivityExecution(activity=clean.activity, year=clean.year, recorded_by=by, **clean.values())
        row.full_clean()
        row.save()
        return row, {"before": {}, "after": snapshot(row, EXECUTION_FIELDS)}, True
    before = snapshot(current, EXECUTION_FIELDS)
    for name, value in clean.values().items():
        setattr(current, name, value)
    old, new = diff(before, snapshot(current, EXECUTION_FIELDS))
    if new:
        current.recorded_by = by
        current.full_clean()
        current.save()
    return current, {"before": old, "after": new}, False


@transaction.atomic
def execution_record(
    *,
    by: User | None,
    activity: Activity,
    year: Any,
    status: Any,
    progress: Any = None,
    committed: Any = None,
    spent: Any = None,
    note: Any = "",
    actor_label: str = "",
) -> tuple[ActivityExecution, list[str]]:
    """Record where an activity stands in a year (created or updated); returns the row and warnings."""
    _require_edit(by)
    clean = clean_execution(
        activity=activity, year=year, status=status, progress=progress, committed=committed, spent=spent, note=note
    )
    row, change, created = _save_execution(clean, by)
    if created or change["after"]:
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="plans.execution.record",
            obj=row,
            before=change["before"],
            after={**change["after"], "created": created},
        )
    return row, clean.warnings


@dataclass
class ExecutionRow:
    """One spreadsheet row as read: its number and its cells (activity code, year, status, …) as typed."""

    row: int
    activity: Any
    year: Any
    status: Any
    progress: Any = None
    committed: Any = None
    spent: Any = None
    note: Any = ""


COLUMN_LABELS = {
    "activity": "activité",
    "year": "année",
    "status": "état",
    "progress": "avancement (%)",
    "committed": "montant engagé",
    "spent": "montant dépensé",
}


class ExecutionImportError(Exception):
    """The rows that cannot be read, each "Ligne N, colonne : message"; nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ExecutionImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def execution_import(
    *, by: User | None, plan: Plan, rows: Sequence[ExecutionRow], actor_label: str = ""
) -> ExecutionImportResult:
    """Record every row, or none: any row in error refuses the whole file, listing every error by row."""
    _require_edit(by)
    activities = {
        a.code: a for a in Activity.objects.filter(action__objective__axis__plan=plan).select_related("action")
    }
    planned = {
        (cell.activity_id, cell.year): cell.as_amount
        for cell in ActivityYear.objects.filter(activity__action__objective__axis__plan=plan)
    }
    errors: list[str] = []
    cleaned: list[CleanExecution] = []
    seen: dict[tuple[str, int], int] = {}

    def error(row: int, column: str, message: str) -> None:
        errors.append(_("Ligne %(row)s, %(column)s : %(message)s") % {"row": row, "column": column, "message": message})

    if not rows:
        raise ExecutionImportError([_("Le fichier ne contient aucune ligne d'exécution sous les en-têtes.")])
    for entry in rows:
        code = str(entry.activity or "").strip()
        activity = activities.get(code)
        if activity is None:
            error(
                entry.row,
                COLUMN_LABELS["activity"],
                _("activité inconnue dans le plan %(plan)s : « %(code)s ».") % {"plan": plan.code, "code": code},
            )
            continue
        activity.action.objective.axis.plan = plan  # what clean_execution reads, without a query per row
        try:
            year = parse_year(entry.year, plan)
        except ValidationError as exc:
            error(entry.row, COLUMN_LABELS["year"], exc.messages[0])
            continue
        try:
            clean = clean_execution(
                activity=activity,
                year=year,
                status=entry.status,
                progress=entry.progress,
                committed=entry.committed,
                spent=entry.spent,
                note=entry.note,
                planned=planned.get((activity.pk, year), Amount()),
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    error(entry.row, COLUMN_LABELS.get(name, name), message)
            continue
        if (code, year) in seen:
            error(
                entry.row,
                COLUMN_LABELS["activity"],
                _("%(code)s en %(year)s figure déjà ligne %(first)s.")
                % {"code": code, "year": year, "first": seen[code, year]},
            )
            continue
        seen[code, year] = entry.row
        cleaned.append(clean)
    if errors:
        raise ExecutionImportError(errors)
    result = ExecutionImportResult()
    changes: list[dict[str, Any]] = []
    known = {
        (row.activity_id, row.year): row
        for row in ActivityExecution.objects.filter(activity__action__objective__axis__plan=plan)
    }
    for clean in cleaned:
        _row, change, created = _save_execution(clean, by, known=known)
        result.warnings.extend(clean.warnings)
        if created:
            result.created += 1
        elif change["after"]:
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        changes.append({"activity": clean.activity.code, "year": clean.year, **change})
    if changes:
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="plans.execution.import",
            obj=plan,
            after={"created": result.created, "updated": result.updated, "rows": changes[:100]},
        )
    return result


# -- financing -----------------------------------------------------------------------------------------------------


def clean_financing(
    *, plan: Plan, year: Any, source: Any, amount: Any, funder: Structure | None, activity: Activity | None
) -> tuple[int, str, int]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    readers = {
        "year": lambda: parse_year(year, plan),
        "source": lambda: _choice(source, FinancingSource.choices, _("source")),
        "amount": lambda: amount_from_text(amount, _("montant mobilisé")),
    }
    for name, read in readers.items():
        try:
            values[name] = read()
        except ValidationError as exc:
            errors[name] = exc.messages
    if "source" in values:
        if values["source"] == FinancingSource.PARTNER and funder is None:
            errors["funder"] = [_("« partenaire financier » : obligatoire quand la source est un partenaire.")]
        if values["source"] == FinancingSource.STATE and funder is not None:
            errors["funder"] = [_("« partenaire financier » : à laisser vide quand la source est l'État.")]
    if funder is not None and funder.kind not in FUNDER_KINDS:
        errors["funder"] = [
            _("« partenaire financier » : %(name)s est un(e) « %(kind)s », pas un partenaire technique et financier.")
            % {"name": funder.name, "kind": funder.get_kind_display()}
        ]
    if activity is not None and activity.action.objective.axis.plan_id != plan.pk:
        errors["activity"] = [
            _("« activité » : %(code)s n'appartient pas au plan %(plan)s.") % {"code": activity.code, "plan": plan.code}
        ]
    if errors:
        raise ValidationError(errors)
    return values["year"], values["source"], values["amount"]


@transaction.atomic
def financing_record(
    *,
    by: User | None,
    plan: Plan,
    year: Any,
    source: Any,
    amount: Any,
    funder: Structure | None = None,
    activity: Activity | None = None,
    note: str = "",
    actor_label: str = "",
) -> Financing:
    """Record the amount mobilised in a year by a source (and partner) for an activity or the whole plan; the same
    year, source, partner and activity again replaces the amount."""
    _require_edit(by)
    year_value, source_value, amount_value = clean_financing(
        plan=plan, year=year, source=source, amount=amount, funder=funder, activity=activity
    )
    row = Financing.objects.filter(
        plan=plan, activity=activity, year=year_value, source=source_value, funder=funder
    ).first()
    created = row is None
    if row is None:
        row = Financing(plan=plan, activity=activity, year=year_value, source=source_value, funder=funder)
        before: dict[str, Any] = {}
    else:
        before = snapshot(row, FINANCING_FIELDS)
    row.amount, row.note, row.recorded_by = amount_value, note.strip(), by
    old, new = diff(before, snapshot(row, FINANCING_FIELDS))
    if created or new:
        row.full_clean()
        row.save()
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="plans.financing.record",
            obj=row,
            before=old,
            after={**new, "created": created, "year": year_value, "source": source_value},
        )
    return row


@transaction.atomic
def financing_delete(*, by: User | None, financing: Financing) -> None:
    _require_edit(by)
    audit_record(
        actor=by,
        action="plans.financing.delete",
        obj=financing,
        before=snapshot(financing, ("plan", "activity", "year", "source", "funder", "amount")),
    )
    financing.delete()
