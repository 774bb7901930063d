"""Import of the financing mobilised for a plan from a spreadsheet: every row checked, all or nothing, audited.

A row names a year, a source (the State or partners), the partner (a technical and financial partner of the
directory, by name, acronym or code), an activity of the plan (blank: the plan as a whole) and the amount mobilised.
The same year, source, partner and activity as a row already recorded replaces its amount; nothing is deleted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.core.text import name_key
from sosteci.directory.models import Structure
from sosteci.plans.models import Activity, Financing, FinancingSource, Plan
from sosteci.plans.selectors.execution import funder_list
from sosteci.plans.services.execution import (
    FINANCING_FIELDS,
    ExecutionImportError,
    ExecutionImportResult,
    clean_financing,
)

FINANCING_COLUMNS = {
    "year": "année",
    "source": "source",
    "funder": "partenaire financier",
    "activity": "activité",
    "amount": "montant mobilisé",
    "note": "observation",
}
_CODE_IN_BRACKETS = re.compile(r"\(([A-Za-z0-9-]+)\)\s*$")
STATE_WORDS = frozenset(name_key(w) for w in ("État", "state", "État ivoirien", "Trésor", "Trésor public"))
PARTNER_WORDS = frozenset(name_key(w) for w in ("partenaire", "partenaires", "partner", "partners", "PTF"))


@dataclass
class FinancingRow:
    """One spreadsheet row as read: its number and its cells as typed."""

    row: int
    year: Any = None
    source: Any = None
    funder: Any = None
    activity: Any = None
    amount: Any = None
    note: Any = ""


class FinancingImportError(ExecutionImportError):
    """The rows that cannot be read, each "Ligne N, colonne : message"; nothing was saved."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class FunderIndex:
    """The directory's technical and financial partners, found by code, "name (code)", name or acronym (whatever the
    case and accents)."""

    def __init__(self) -> None:
        funders = list(funder_list())
        self.by_code = {f.code.upper(): f for f in funders}
        self.by_key: dict[str, list[Structure]] = {}
        for funder in funders:
            for text in {funder.name, funder.acronym}:
                if text:
                    self.by_key.setdefault(name_key(text), []).append(funder)

    def find(self, value: Any) -> Structure:
        text = str(value).strip()
        found = self.by_code.get(text.upper())
        if found is None and (match := _CODE_IN_BRACKETS.search(text)):
            found = self.by_code.get(match[1].upper())
        if found is not None:
            return found
        matches = list({f.pk: f for f in self.by_key.get(name_key(text), [])}.values())
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("plusieurs partenaires s'appellent « %(name)s » : écrivez leur code (%(codes)s).")
                % {"name": text, "codes": ", ".join(f.code for f in matches)}
            )
        raise ValidationError(
            _(
                "partenaire financier inconnu : « %(name)s » (attendu : un partenaire technique et financier du "
                "répertoire, voir la feuille « Partenaires » du modèle)."
            )
            % {"name": text}
        )


def _source(value: Any, funder: Any) -> Any:
    """The source as typed; left blank it follows the partner column (a partner named: partners; none: the State).
    "État" and "PTF" are understood too."""
    if _blank(value):
        return FinancingSource.STATE if _blank(funder) else FinancingSource.PARTNER
    key = name_key(str(value))
    if key in STATE_WORDS:
        return FinancingSource.STATE
    if key in PARTNER_WORDS:
        return FinancingSource.PARTNER
    return value


@dataclass
class _Clean:
    row: int
    year: int
    source: str
    funder: Structure | None
    activity: Activity | None
    amount: int
    note: str


@transaction.atomic
def financing_import(
    *, by: User | None, plan: Plan, rows: Sequence[FinancingRow], actor_label: str = ""
) -> ExecutionImportResult:
    """Record every row, or none: any row in error refuses the whole file, listing every error by row and column."""
    if by is not None and not may(by, Perm.PLAN_EDIT):
        raise PermissionDenied(Perm.PLAN_EDIT.value)
    if not rows:
        raise FinancingImportError([_("Le fichier ne contient aucune ligne de financement sous les en-têtes.")])
    activities = {
        a.code.upper(): a
        for a in Activity.objects.filter(action__objective__axis__plan=plan).select_related("action__objective__axis")
    }
    funders = FunderIndex()
    errors: list[str] = []
    cleaned: list[_Clean] = []
    seen: dict[tuple[int, str, int | None, int | None], int] = {}

    def error(row: int, field: str, message: str) -> None:
        errors.append(
            _("Ligne %(row)s, %(column)s : %(message)s")
            % {"row": row, "column": FINANCING_COLUMNS.get(field, field), "message": message}
        )

    for entry in rows:
        failed = False
        activity = None
        if not _blank(entry.activity):
            code = str(entry.activity).strip()
            activity = activities.get(code.upper())
            if activity is None:
                error(
                    entry.row,
                    "activity",
                    _("activité inconnue dans le plan %(plan)s : « %(code)s ».") % {"plan": plan.code, "code": code},
                )
                failed = True
        funder = None
        if not _blank(entry.funder):
            try:
                funder = funders.find(entry.funder)
            except ValidationError as exc:
                error(entry.row, "funder", exc.messages[0])
                failed = True
        if _blank(entry.amount):
            error(entry.row, "amount", _("« montant mobilisé » : obligatoire."))
            failed = True
        try:
            year, source, amount = clean_financing(
                plan=plan,
                year=entry.year,
                source=_source(entry.source, entry.funder),
                amount=entry.amount if not _blank(entry.amount) else 0,
                funder=funder,
                activity=activity,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if failed and field == "funder" and not _blank(entry.funder):
                    continue  # the unknown partner is already reported
                for message in messages:
                    error(entry.row, field, message)
            continue
        if failed:
            continue
        key = (year, source, funder.pk if funder else None, activity.pk if activity else None)
        if key in seen:
            error(
                entry.row,
                "activity",
                _("même année, source, partenaire et activité que la ligne %(first)s.") % {"first": seen[key]},
            )
            continue
        seen[key] = entry.row
        cleaned.append(_Clean(entry.row, year, source, funder, activity, amount, str(entry.note or "").strip()))
    if errors:
        raise FinancingImportError(errors)
    return _save(by=by, plan=plan, cleaned=cleaned, actor_label=actor_label)


def _save(*, by: User | None, plan: Plan, cleaned: list[_Clean], actor_label: str) -> ExecutionImportResult:
    result = ExecutionImportResult()
    changes: list[dict[str, Any]] = []
    # The plan's financings read once, by what identifies a line, instead of one query per line.
    known = {(f.activity_id, f.year, f.source, f.funder_id): f for f in Financing.objects.filter(plan=plan)}
    for clean in cleaned:
        row = known.get(
            (getattr(clean.activity, "pk", None), clean.year, clean.source, getattr(clean.funder, "pk", None))
        )
        created = row is None
        if row is None:
            row = Financing(
                plan=plan, activity=clean.activity, year=clean.year, source=clean.source, funder=clean.funder
            )
            before: dict[str, Any] = {}
        else:
            before = snapshot(row, FINANCING_FIELDS)
        row.amount, row.note = clean.amount, clean.note
        old, new = diff(before, snapshot(row, FINANCING_FIELDS))
        if not created and not new:
            result.unchanged += 1
            continue
        row.recorded_by = by
        row.full_clean()
        row.save()
        if created:
            result.created += 1
        else:
            result.updated += 1
        changes.append(
            {
                "row": clean.row,
                "year": clean.year,
                "source": clean.source,
                "funder": clean.funder.code if clean.funder else None,
                "activity": clean.activity.code if clean.activity else None,
                "before": old,
                "after": new,
            }
        )
    if changes:
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="plans.financing.import",
            obj=plan,
            after={"created": result.created, "updated": result.updated, "rows": changes[:100]},
        )
    return result
