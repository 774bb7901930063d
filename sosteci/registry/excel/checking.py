"""Check the rows of a register file: parse each cell, group rows into households, apply the register's rules.

Cells are read by `cells.RowReader` (dates, numbers, codes, oui/non); the rules themselves (ages, dates, codes
of the rule set, jurisdiction, household size) are those of `services.bulk.HouseholdChecker`, which
`bulk_register` applies again before writing. A household with any error is rejected whole; the others go through.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.classification import RuleSet
from sosteci.core.text import name_key
from sosteci.registry.excel.cells import RowReader, parse_text
from sosteci.registry.excel.columns import COLUMN_NAMES, COLUMN_OF_PATH
from sosteci.registry.excel.reading import Sheet
from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.rulesets import active_ruleset
from sosteci.registry.services.bulk import ChildEntry, HouseholdChecker, HouseholdEntry, resolve_localities

OK, ERROR, REJECTED = "ok", "error", "rejected"
_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True)
class Issue:
    row: int
    column: str
    message: str
    household: str = ""

    @property
    def text(self) -> str:
        return _("Ligne %(row)s, %(column)s : %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "household": self.household, "message": self.message}


@dataclass
class Group:
    """The rows of one household of the file and what became of them."""

    ref: str
    rows: list[int] = field(default_factory=list)
    entry: HouseholdEntry | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.entry is not None and not self.issues


@dataclass
class RegisterPlan:
    """Every household of the file, valid or rejected, with the issues found; what an import would create."""

    format: str
    total_rows: int
    groups: list[Group]
    warnings: list[str] = field(default_factory=list)

    def valid_entries(self) -> list[HouseholdEntry]:
        return [g.entry for g in self.groups if g.valid and g.entry is not None]

    @property
    def issues(self) -> list[Issue]:
        """Every issue, in the order of the file (row, then column)."""
        order = {name: i for i, name in enumerate(COLUMN_NAMES)}
        found = [issue for g in self.groups for issue in g.issues]
        return sorted(found, key=lambda i: (i.row, order.get(i.column, len(order))))

    def counts(self) -> dict[str, int]:
        entries = self.valid_entries()
        return {
            "households": len(entries),
            "children": sum(len(e.children) for e in entries),
            "visits": sum(1 for e in entries for c in e.children if c.visit is not None),
        }

    def row_statuses(self) -> dict[int, str]:
        statuses: dict[int, str] = {}
        for group in self.groups:
            bad = {issue.row for issue in group.issues}
            for row in group.rows:
                statuses[row] = ERROR if row in bad else (REJECTED if group.issues else OK)
        return statuses

    def as_report(self, max_rows: int = 2000, max_issues: int = 10_000) -> dict[str, Any]:
        """JSON-ready: counts, every issue (up to max_issues) and the status of the rows.

        Rows in error or rejected with their household are all listed (up to max_issues); rows that go
        through are listed while the list stays under max_rows; `truncated` says when some were left out.
        """
        statuses = self.row_statuses()
        issues = self.issues
        by_row: dict[int, list[str]] = {}
        for issue in issues[:max_issues]:
            by_row.setdefault(issue.row, []).append(issue.text)
        household_of = {row: g.ref for g in self.groups for row in g.rows}
        problem_rows = [r for r, s in statuses.items() if s != OK][:max_issues]
        ok_rows = [r for r, s in statuses.items() if s == OK][: max(0, max_rows - len(problem_rows))]
        rows = sorted([*problem_rows, *ok_rows])
        rejected = [g for g in self.groups if not g.valid]
        status_counts = Counter(statuses.values())
        return {
            "format": self.format,
            "total_rows": self.total_rows,
            "households": {
                "total": len(self.groups),
                "valid": len(self.groups) - len(rejected),
                "rejected": len(rejected),
            },
            "rows_by_status": {s: status_counts.get(s, 0) for s in (OK, ERROR, REJECTED)},
            "create": self.counts(),
            "issues": [{**i.as_dict(), "text": i.text} for i in issues[:max_issues]],
            "issues_total": len(issues),
            "rejected_households": [{"ref": g.ref, "rows": g.rows} for g in rejected[:max_issues]],
            "rows": [
                {"row": r, "household": household_of[r], "status": statuses[r], "errors": by_row.get(r, [])}
                for r in rows
            ],
            "warnings": self.warnings,
            "truncated": len(rows) < len(statuses) or len(issues) > max_issues,
        }


def _same(name: str, a: Any, b: Any) -> bool:
    """Household values from two rows agree (names ignoring case and accents, phones by their digits)."""
    if name in ("chef_nom", "chef_prenoms"):
        return bool(name_key(a) == name_key(b))
    if name == "chef_telephone":
        return _DIGITS.sub("", a)[-10:] == _DIGITS.sub("", b)[-10:]
    if name == "cultures":
        return sorted(a) == sorted(b)
    return bool(a == b)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


@dataclass
class _Pending:
    """A household being assembled from its rows."""

    group: Group
    values: dict[str, Any] = field(default_factory=dict)  # household column -> parsed value
    source: dict[str, int] = field(default_factory=dict)  # household column -> row it came from
    children: list[ChildEntry] = field(default_factory=list)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)

    def issue(self, row: int, column: str, message: str) -> None:
        if (row, column) not in self.bad_cells:
            self.bad_cells.add((row, column))
            self.group.issues.append(Issue(row, column, message, self.group.ref))


def _child_and_visit(reader: RowReader, values: tuple[Any, ...], row: int, pending: _Pending) -> ChildEntry:
    parsed = reader.read(values, reader.child_plan, lambda column, message: pending.issue(row, column, message))
    child = ChildInput(
        family_name=parsed.get("enfant_nom") or "",
        given_names=parsed.get("enfant_prenoms") or "",
        sex=parsed.get("sexe") or "",
        schooling=parsed.get("scolarisation") or "",
        date_of_birth=parsed.get("date_naissance"),
        declared_age=parsed.get("age_declare"),
        birth_certificate=parsed.get("acte_naissance") or "no",
        nationality=parsed.get("nationalite") or "CI",
        place_of_origin=parsed.get("lieu_origine") or "",
        arrived_on=parsed.get("date_arrivee"),
        lives_with_parents=parsed.get("vit_avec") or "both",
        relation_to_head=parsed.get("lien_chef") or "child",
        grade=parsed.get("classe") or "",
        disability=bool(parsed.get("handicap")),
        guardian_name=parsed.get("tuteur") or "",
    )
    visit = None
    described = [n for n in reader.visit_columns if parsed.get(n) is not None or (row, n) in pending.bad_cells]
    if described:
        visited_on = parsed.get("visite_date")
        if visited_on is None:
            if (row, "visite_date") not in pending.bad_cells:
                pending.issue(row, "visite_date", _("la date de visite est obligatoire quand une visite est décrite."))
            visited_on = timezone.localdate()
        visit = VisitInput(
            visited_on=visited_on,
            kind=parsed.get("visite_type") or "household",
            activities=parsed.get("activites") or [],
            hazardous_tasks=parsed.get("taches_dangereuses") or [],
            indicators=parsed.get("indicateurs") or [],
            night_work=bool(parsed.get("travail_nuit")),
            works_during_school_hours=bool(parsed.get("pendant_heures_classe")),
            attends_school=parsed.get("frequente_ecole"),
            apprenticeship=bool(parsed.get("apprentissage")),
            injured_at_work=bool(parsed.get("blesse")),
        )
    return ChildEntry(child, visit)


def _household_cells(reader: RowReader, values: tuple[Any, ...], row: int, pending: _Pending) -> None:
    def on_error(column: str, message: str) -> None:
        pending.issue(row, column, message)

    for name, value in reader.read(values, reader.household_plan, on_error).items():
        if name not in pending.values:
            pending.values[name], pending.source[name] = value, row
        elif not _same(name, pending.values[name], value):
            pending.issue(
                row,
                name,
                _("« %(value)s » diffère de la ligne %(first)s (« %(expected)s ») pour le même ménage « %(ref)s ».")
                % {
                    "value": _show(value),
                    "first": pending.source[name],
                    "expected": _show(pending.values[name]),
                    "ref": pending.group.ref,
                },
            )


def _entry(pending: _Pending) -> HouseholdEntry:
    values, first = pending.values, pending.group.rows[0]
    for name in ("localite_pcode", "chef_nom", "chef_sexe", "taille_menage"):
        if name not in values:
            pending.issue(first, name, _("cette information est obligatoire (sur au moins une ligne du ménage)."))
    size = values.get("taille_menage")
    household = HouseholdInput(
        head_family_name=values.get("chef_nom", ""),
        head_given_names=values.get("chef_prenoms", ""),
        head_sex=values.get("chef_sexe", ""),
        head_phone=values.get("chef_telephone", ""),
        size=size if size is not None else max(1, len(pending.children)),
        lat=values.get("gps_lat"),
        lon=values.get("gps_lon"),
        main_crops=values.get("cultures", []),
    )
    return HouseholdEntry(values.get("localite_pcode", ""), household, pending.children, ref=pending.group.ref)


def _place(path: str, pending: _Pending) -> tuple[int, str]:
    """The row and column an input path of services.bulk refers to."""
    rows = pending.group.rows
    if path.startswith("children["):
        index, _dot, rest = path[len("children[") :].partition("].")
        return rows[int(index)], COLUMN_OF_PATH.get(rest, rest)
    column = COLUMN_OF_PATH.get(path, path)
    return pending.source.get(column, rows[0]), column


def check_sheet(
    sheet: Sheet, *, by: User | None, ruleset: RuleSet | None = None, today: date | None = None
) -> RegisterPlan:
    """Parse and check every row; group them by menage_ref; reject any household with an issue."""
    ruleset = ruleset or active_ruleset()
    today = today or timezone.localdate()
    reader = RowReader(sheet.columns)
    pendings: dict[str, _Pending] = {}
    for row, values in sheet.rows:
        ref = parse_text(reader.raw(values, "menage_ref"))
        if not ref:
            group = Group(ref="", rows=[row])
            group.issues.append(Issue(row, "menage_ref", _("la référence du ménage est obligatoire.")))
            pendings[f"\0{row}"] = _Pending(group)
            continue
        pending = pendings.get(ref)
        if pending is None:
            pending = pendings[ref] = _Pending(Group(ref=ref))
        pending.group.rows.append(row)
        _household_cells(reader, values, row, pending)
        pending.children.append(_child_and_visit(reader, values, row, pending))
    built = [(p, _entry(p)) for p in pendings.values() if p.group.ref]
    localities = resolve_localities(by=by, pcodes=(entry.locality_pcode for _p, entry in built))
    checker = HouseholdChecker(ruleset=ruleset, today=today, localities=localities)
    for pending, entry in built:
        for error in checker.errors(entry):
            row, column = _place(error.path, pending)
            pending.issue(row, column, error.message)
        pending.group.entry = entry
    plan = RegisterPlan(format=sheet.format, total_rows=len(sheet.rows), groups=[p.group for p in pendings.values()])
    if sheet.ignored_columns:
        plan.warnings.append(
            _("Colonnes ignorées (inconnues du modèle) : %(columns)s.") % {"columns": ", ".join(sheet.ignored_columns)}
        )
    return plan
