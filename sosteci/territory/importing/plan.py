"""Compare the rows of a file with the territory held and decide, row by row, what an import would do."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sosteci.core.text import name_key
from sosteci.territory import geo
from sosteci.territory.importing.readers import FileRow, UnitRow
from sosteci.territory.models import AdminBoundary, AdminUnit, Level

CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"
# Attributes an import may set; a blank cell never erases a value already held.
UPDATABLE = (
    "lat",
    "lon",
    "population",
    "chef_lieu",
    "external_code",
    "source",
    "population_source",
    "network_2g",
    "network_3g",
    "network_4g",
    "pcode_source",
    "alt_names",
    "location_note",
)


@dataclass
class UnitState:
    """What is known of a unit: held in the database (id set) or planned by an earlier row of the file."""

    level: Level
    name: str
    keys: set[str]
    parent_pcode: str | None
    id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    digest: str = ""


@dataclass
class RowOutcome:
    row: str
    action: str
    level: str
    pcode: str
    name: str
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, list[Any]] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The outcome of every row, and the unit operations an apply would run."""

    outcomes: list[RowOutcome]
    creates: dict[str, UnitRow]
    updates: dict[str, dict[str, Any]]
    moves: dict[str, str]
    geometries: dict[str, dict[str, Any]]
    unit_counts: dict[str, dict[str, int]]

    @property
    def row_counts(self) -> dict[str, int]:
        counts = Counter(o.action for o in self.outcomes)
        return {action: counts.get(action, 0) for action in (CREATE, UPDATE, UNCHANGED, REJECT)}

    @property
    def has_changes(self) -> bool:
        return bool(self.creates or self.updates or self.moves or self.geometries)

    def rejected(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action == REJECT]

    def as_report(self, max_rows: int = 2000) -> dict[str, Any]:
        """A JSON-serialisable report; every rejected row is kept, other rows up to max_rows."""
        kept = [o for o in self.outcomes if o.action == REJECT or o.warnings]
        others = [o for o in self.outcomes if o.action != REJECT and not o.warnings]
        kept += others[: max(0, max_rows - len(kept))]
        order = {id(o): i for i, o in enumerate(self.outcomes)}
        kept.sort(key=lambda o: order[id(o)])
        return {
            "rows": self.row_counts,
            "units": self.unit_counts,
            "total_rows": len(self.outcomes),
            "outcomes": [_jsonable(asdict(o)) for o in kept],
            "truncated": len(kept) < len(self.outcomes),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot() -> dict[str, UnitState]:
    """The territory held, keyed by P-code (two queries, no geometry loaded)."""
    digests = dict(AdminBoundary.objects.values_list("unit_id", "digest"))
    state: dict[str, UnitState] = {}
    rows = AdminUnit.objects.values("id", "pcode", "name", "alt_names", "level", "parent__pcode", *UPDATABLE)
    for row in rows:
        keys = {name_key(row["name"])} | {name_key(a) for a in row["alt_names"] or []}
        values = {k: row[k] for k in UPDATABLE}
        state[row["pcode"]] = UnitState(
            level=Level(row["level"]),
            name=row["name"],
            keys=keys,
            parent_pcode=row["parent__pcode"],
            id=row["id"],
            values=values,
            digest=digests.get(row["id"], ""),
        )
    return state


def _level_label(level: Level) -> str:
    return str(level.label).lower()


class _Planner:
    def __init__(self, state: dict[str, UnitState]) -> None:
        self.state = state
        self.root = next((p for p, s in state.items() if s.level == Level.PAYS), None)
        self.creates: dict[str, UnitRow] = {}
        self.updates: dict[str, dict[str, Any]] = {}
        self.moves: dict[str, str] = {}
        self.geometries: dict[str, dict[str, Any]] = {}  # to write
        self.file_geometries: dict[str, dict[str, Any]] = {}  # every outline in the file, for checks
        self.declared_by: dict[str, str] = {}
        self.unit_counts: dict[str, Counter[str]] = {}

    def check_unit(self, unit: UnitRow, row: str) -> tuple[list[str], dict[str, list[Any]], str | None]:
        """Errors, field changes and the parent's P-code for one unit of a row."""
        errors: list[str] = []
        changes: dict[str, list[Any]] = {}
        known = self.state.get(unit.pcode)
        key = name_key(unit.name)
        parent = unit.parent_pcode
        if parent is None and unit.level == Level.DISTRICT:
            parent = self.root
        if known is not None:
            if known.level != unit.level:
                errors.append(
                    _("Le P-code %(pcode)s désigne déjà %(level)s « %(name)s », pas %(new_level)s.")
                    % {
                        "pcode": unit.pcode,
                        "level": _level_label(known.level),
                        "name": known.name,
                        "new_level": _level_label(unit.level),
                    }
                )
                return errors, changes, parent
            if key not in known.keys:
                where = _("ligne %(row)s") % {"row": self.declared_by[unit.pcode]} if known.id is None else ""
                errors.append(
                    _(
                        "Le P-code %(pcode)s est déjà utilisé pour « %(name)s » %(where)s; il ne peut pas désigner "
                        "« %(new)s »."
                    )
                    % {"pcode": unit.pcode, "name": known.name, "new": unit.name, "where": where}
                )
            if parent is None:
                parent = known.parent_pcode
        elif parent is None and unit.level != Level.PAYS:
            errors.append(
                _("%(level)s « %(name)s » (%(pcode)s) n'existe pas et son parent n'est pas indiqué.")
                % {"level": str(unit.level.label), "name": unit.name, "pcode": unit.pcode}
            )
        if parent is not None:
            parent_state = self.state.get(parent)
            if parent_state is None:
                errors.append(_("P-code parent inconnu : %(parent)s.") % {"parent": parent})
            elif parent_state.level != unit.level.parent:
                errors.append(
                    _(
                        "Niveau sauté : %(level)s « %(name)s » ne peut pas être directement sous %(plevel)s "
                        "« %(pname)s » (attendu : %(expected)s)."
                    )
                    % {
                        "level": _level_label(unit.level),
                        "name": unit.name,
                        "plevel": _level_label(parent_state.level),
                        "pname": parent_state.name,
                        "expected": _level_label(unit.level.parent) if unit.level.parent else "-",
                    }
                )
            elif known is not None and known.parent_pcode != parent:
                if known.id is None:
                    errors.append(
                        _("%(pcode)s est déclaré ligne %(row)s sous %(before)s, ici sous %(after)s.")
                        % {
                            "pcode": unit.pcode,
                            "row": self.declared_by[unit.pcode],
                            "before": known.parent_pcode,
                            "after": parent,
                        }
                    )
                else:
                    changes["parent"] = [known.parent_pcode, parent]
        if unit.lat is not None and unit.lon is not None and not geo.in_country(unit.lat, unit.lon):
            errors.append(
                _("Coordonnées hors de Côte d'Ivoire : latitude %(lat)s, longitude %(lon)s.")
                % {"lat": unit.lat, "lon": unit.lon}
            )
        if known is not None and known.id is not None:
            proposed: dict[str, Any] = {"lat": unit.lat, "lon": unit.lon, "population": unit.population}
            proposed.update(unit.fields)
            for name, value in proposed.items():
                if value is None or value == "" or value == []:
                    continue
                old = known.values.get(name)
                if name in {"lat", "lon"} and old is not None:
                    equal = Decimal(old).quantize(Decimal("0.000001")) == Decimal(value).quantize(Decimal("0.000001"))
                else:
                    equal = old == value
                if not equal:
                    changes[name] = [old, value]
            if unit.geometry is not None and geo.geometry_digest(geo.round_coords(unit.geometry)) != known.digest:
                changes["geometry"] = [bool(known.digest), True]
        return errors, changes, parent

    def warn_outside_parent(self, unit: UnitRow, parent: str | None) -> list[str]:
        if unit.lat is None or unit.lon is None or parent is None:
            return []
        geometry = self.file_geometries.get(parent)
        if geometry is None:
            return []
        distance = geo.distance_km_outside(geometry, unit.lat, unit.lon)
        if distance <= 1.0:
            return []
        return [
            _("Le point est à %(km).1f km hors des limites de %(parent)s.")
            % {"km": distance, "parent": self.state[parent].name}
        ]

    def plan_row(self, file_row: FileRow) -> RowOutcome:
        deepest = file_row.units[-1] if file_row.units else None
        outcome = RowOutcome(
            row=file_row.label,
            action=REJECT,
            level=str(deepest.level.value) if deepest else "",
            pcode=deepest.pcode if deepest else "",
            name=deepest.name if deepest else "",
            messages=list(file_row.errors),
        )
        if outcome.messages or deepest is None:
            return outcome
        checked = []
        tentative: list[str] = []  # new units of this row, known to the next units of the chain
        for unit in file_row.units:
            errors, changes, parent = self.check_unit(unit, file_row.label)
            outcome.messages.extend(errors)
            checked.append((unit, changes, parent))
            if not errors and unit.pcode not in self.state:
                self.state[unit.pcode] = UnitState(
                    level=unit.level, name=unit.name, keys={name_key(unit.name)}, parent_pcode=parent
                )
                tentative.append(unit.pcode)
        for pcode in tentative:
            del self.state[pcode]
        if outcome.messages:
            return outcome
        outcome.warnings = self.warn_outside_parent(deepest, checked[-1][2])
        if outcome.warnings:
            # The point is kept, with the reason it is doubtful (maps leave such points out).
            deepest.fields["location_note"] = outcome.warnings[0]
            known = self.state.get(deepest.pcode)
            if known is not None and known.id is not None and known.values.get("location_note") != outcome.warnings[0]:
                checked[-1][1]["location_note"] = [known.values.get("location_note"), outcome.warnings[0]]
        # Accepted: record the row's units in the planned state.
        for unit, changes, parent in checked:
            known = self.state.get(unit.pcode)
            counts = self.unit_counts.setdefault(unit.level.value, Counter())
            if known is None:
                self.state[unit.pcode] = UnitState(
                    level=unit.level, name=unit.name, keys={name_key(unit.name)}, parent_pcode=parent
                )
                unit.parent_pcode = parent
                self.creates[unit.pcode] = unit
                self.declared_by[unit.pcode] = file_row.label
                if unit.level == Level.PAYS:
                    self.root = self.root or unit.pcode
                if unit.geometry is not None:
                    self.geometries[unit.pcode] = geo.round_coords(unit.geometry)
                counts[CREATE] += 1
                outcome.created.append(unit.pcode)
                if unit is deepest:
                    outcome.action = CREATE
            elif known.id is None:
                if unit is deepest:
                    outcome.action = UNCHANGED
            else:
                self.declared_by.setdefault(unit.pcode, file_row.label)
                if changes:
                    if "parent" in changes:
                        self.moves[unit.pcode] = changes["parent"][1]
                        known.parent_pcode = changes["parent"][1]
                    if "geometry" in changes and unit.geometry is not None:
                        self.geometries[unit.pcode] = geo.round_coords(unit.geometry)
                    field_changes = {k: v[1] for k, v in changes.items() if k not in {"parent", "geometry"}}
                    if field_changes:
                        self.updates.setdefault(unit.pcode, {}).update(field_changes)
                        known.values.update(field_changes)
                    counts[UPDATE] += 1
                    outcome.changes.update(dict(changes.items()))
                    if unit is deepest:
                        outcome.action = UPDATE
                elif unit is deepest:
                    counts[UNCHANGED] += 1
                    outcome.action = UNCHANGED
        return outcome


def build_plan(rows: list[FileRow], state: dict[str, UnitState] | None = None) -> ImportPlan:
    """Plan an import: rows are taken top level first, so a file may list children before parents."""
    planner = _Planner(snapshot() if state is None else state)

    def depth(file_row: FileRow) -> int:
        return file_row.units[-1].level.depth if file_row.units else 0

    for file_row in rows:
        for unit in file_row.units:
            if unit.geometry is not None:
                planner.file_geometries.setdefault(unit.pcode, unit.geometry)
    outcomes_by_row: dict[int, RowOutcome] = {}
    for index, file_row in sorted(enumerate(rows), key=lambda pair: depth(pair[1])):
        outcomes_by_row[index] = planner.plan_row(file_row)
    return ImportPlan(
        outcomes=[outcomes_by_row[i] for i in range(len(rows))],
        creates=planner.creates,
        updates=planner.updates,
        moves=planner.moves,
        geometries=planner.geometries,
        unit_counts={level: dict(c) for level, c in planner.unit_counts.items()},
    )
