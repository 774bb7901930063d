"""Writes to action plans: importing a parsed document, all or nothing, idempotent, audited.

A plan is matched by its code and every row below it by its natural key (axis, objective, action and activity
codes; years; the scope and source of a stated total), so a second import of the same document changes nothing
and an amended document updates rows in place (their ids survive) and removes the rows it no longer has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.plans.document import AmountMap, PlanDoc, StatedRow
from sosteci.plans.models import (
    Action,
    Activity,
    ActivityYear,
    Axis,
    Indicator,
    IndicatorValue,
    Plan,
    StatedTotal,
    StatedYear,
    StrategicObjective,
)

M = TypeVar("M", bound=models.Model)
PLAN_FIELDS = ("title", "kind", "start_year", "end_year", "currency", "source_name", "source_sha256", "notes")
CHANGED_SAMPLE = 50  # changed keys listed in the audit row, per kind


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    changed_keys: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "changed": self.changed_keys[:CHANGED_SAMPLE],
        }


@dataclass
class ImportResult:
    plan: Plan
    plan_created: bool
    counts: dict[str, Counts]

    @property
    def changed(self) -> bool:
        return self.plan_created or any(c.changed for c in self.counts.values())


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _label(key: Iterable[Any]) -> str:
    """A row's key for the audit trail: "IV.2.1/IV-2.1.1", "IV-2.1.1/2018" (parents by their code)."""
    return "/".join(str(getattr(v, "code", v.pk) if isinstance(v, models.Model) else v) for v in key)


def _sync(
    model: type[M],
    existing: QuerySet[M],
    rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    counts: Counts,
) -> list[M]:
    """Make `existing` exactly `rows` ((key fields, other fields) pairs): create in bulk, update what changed,
    delete what is no longer there. Returns the objects in the order of `rows`."""
    rows = list(rows)
    if not rows:
        counts.deleted += existing.count()
        existing.delete()
        return []
    attnames = {f.name: f.attname for f in model._meta.concrete_fields}
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    key_names = tuple(rows[0][0])
    by_key = {tuple(getattr(obj, attnames[name]) for name in key_names): obj for obj in existing}
    result: list[M] = []
    created: list[M] = []
    for key, values in rows:
        found = by_key.pop(tuple(_plain(v) for v in key.values()), None)
        label = _label(key.values())
        if found is None:
            obj = model(**key, **values)
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            created.append(obj)
            counts.created += 1
            counts.changed_keys.append(f"+{label}")
        else:
            obj = found
            changed = [name for name, value in values.items() if getattr(obj, attnames[name]) != _plain(value)]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
                obj.save(update_fields=changed)
                counts.updated += 1
                counts.changed_keys.append(f"~{label}")
            else:
                counts.unchanged += 1
        result.append(obj)
    model._default_manager.bulk_create(created)
    if by_key:
        gone = [obj.pk for obj in by_key.values()]
        counts.deleted += len(gone)
        counts.changed_keys.extend("-" + _label(getattr(obj, name) for name in key_names) for obj in by_key.values())
        model._default_manager.filter(pk__in=gone).delete()
    return result


def _cells(owner: str, rows: list[tuple[models.Model, AmountMap]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        ({owner: obj, "year": year}, {"amount": cell.value, "is_pm": cell.pm})
        for obj, years in rows
        for year, cell in sorted(years.items())
    ]


@dataclass
class _Stated:
    scope: str
    source: str
    subject: str
    row: StatedRow
    links: dict[str, Any]


STEPS = ("axes", "objectifs", "actions", "activités", "budgets annuels", "totaux déclarés", "indicateurs")


class _Importer:
    """Writes one document under one plan, level by level (one read and one bulk insert per level)."""

    def __init__(self, plan: Plan, document: PlanDoc, progress: Callable[[str], None] | None) -> None:
        self.plan = plan
        self.document = document
        self.progress = progress or (lambda _step: None)
        kinds = ("axes", "objectives", "actions", "activities", "activity_years", "stated_totals", "stated_years")
        self.counts = {kind: Counts() for kind in (*kinds, "indicators", "indicator_values")}

    def run(self) -> None:
        doc, plan, counts = self.document, self.plan, self.counts
        axis_docs = doc.axes
        axes = _sync(
            Axis,
            Axis.objects.filter(plan=plan),
            [
                ({"plan": plan, "code": a.code}, {"title": a.title, "position": i, "line": a.line})
                for i, a in enumerate(axis_docs)
            ],
            counts["axes"],
        )
        self.progress(STEPS[0])
        objective_docs = [
            (axis, o, i) for axis, a in zip(axes, axis_docs, strict=True) for i, o in enumerate(a.objectives)
        ]
        objectives = _sync(
            StrategicObjective,
            StrategicObjective.objects.filter(axis__plan=plan),
            [
                (
                    {"axis": axis, "code": o.code},
                    {"title": o.title, "effect": o.effect, "indicator": o.indicator, "position": i, "line": o.line},
                )
                for axis, o, i in objective_docs
            ],
            counts["objectives"],
        )
        self.progress(STEPS[1])
        action_docs = [
            (objective, a, i)
            for objective, (_, o, _) in zip(objectives, objective_docs, strict=True)
            for i, a in enumerate(o.actions)
        ]
        actions = _sync(
            Action,
            Action.objects.filter(objective__axis__plan=plan),
            [
                (
                    {"objective": objective, "code": a.code},
                    {"title": a.title, "product": a.product, "indicator": a.indicator, "position": i, "line": a.line},
                )
                for objective, a, i in action_docs
            ],
            counts["actions"],
        )
        self.progress(STEPS[2])
        activity_docs = [
            (action, a, i)
            for action, (_, d, _) in zip(actions, action_docs, strict=True)
            for i, a in enumerate(d.activities)
        ]
        activities = _sync(
            Activity,
            Activity.objects.filter(action__objective__axis__plan=plan),
            [
                (
                    {"action": action, "code": a.code},
                    {
                        "title": a.title,
                        "responsible": a.responsible,
                        "partners": a.partners,
                        "total_cost": a.budget.total.value,
                        "total_cost_pm": a.budget.total.pm,
                        "total_cost_tbd": a.budget.total.tbd,
                        "duration": a.duration[:120],
                        "position": i,
                        "line": a.line,
                    },
                )
                for action, a, i in activity_docs
            ],
            counts["activities"],
        )
        self.progress(STEPS[3])
        _sync(
            ActivityYear,
            ActivityYear.objects.filter(activity__action__objective__axis__plan=plan),
            _cells(
                "activity", [(obj, d.budget.years) for obj, (_, d, _) in zip(activities, activity_docs, strict=True)]
            ),
            counts["activity_years"],
        )
        self.progress(STEPS[4])
        stated = self._stated(axes, objectives, actions)
        totals = _sync(
            StatedTotal,
            StatedTotal.objects.filter(plan=plan),
            [
                (
                    {"plan": plan, "scope": s.scope, "source": s.source, "subject": s.subject},
                    {
                        "axis": s.links.get("axis"),
                        "objective": s.links.get("objective"),
                        "action": s.links.get("action"),
                        "label": s.row.label[:300],
                        "line": s.row.line,
                        "total_amount": s.row.budget.total.value,
                        "total_pm": s.row.budget.total.pm,
                    },
                )
                for s in stated
            ],
            counts["stated_totals"],
        )
        _sync(
            StatedYear,
            StatedYear.objects.filter(stated__plan=plan),
            _cells("stated", [(obj, s.row.budget.years) for obj, s in zip(totals, stated, strict=True)]),
            counts["stated_years"],
        )
        self.progress(STEPS[5])
        self._indicators({o.code: o for o in objectives}, {a.code: a for a in actions})
        self.progress(STEPS[6])

    def _stated(self, axes: list[Axis], objectives: list[StrategicObjective], actions: list[Action]) -> list[_Stated]:
        doc = self.document
        scope, source = StatedTotal.Scope, StatedTotal.Source
        stated: list[_Stated] = []
        by_code = {a.code: a for a in actions}
        for action in doc.actions():
            if action.stated is not None:
                stated.append(
                    _Stated(scope.ACTION, source.MATRIX, action.code, action.stated, {"action": by_code[action.code]})
                )
        objective_by_code = {o.code: o for o in objectives}
        for objective in doc.objectives():
            if objective.stated is not None:
                stated.append(
                    _Stated(
                        scope.OBJECTIVE,
                        source.MATRIX,
                        objective.code,
                        objective.stated,
                        {"objective": objective_by_code[objective.code]},
                    )
                )
        for axis, axis_doc in zip(axes, doc.axes, strict=True):
            for where, row in ((source.MATRIX, axis_doc.stated), (source.RECAP, axis_doc.recap)):
                if row is not None:
                    stated.append(_Stated(scope.AXIS, where, axis.code, row, {"axis": axis}))
        for where, row in ((source.MATRIX, doc.stated), (source.RECAP, doc.recap)):
            if row is not None:
                stated.append(_Stated(scope.PLAN, where, "", row, {}))
        for share, row in ((scope.STATE_SHARE, doc.state_share), (scope.PARTNER_SHARE, doc.partner_share)):
            if row is not None:
                stated.append(_Stated(share, source.RECAP, "", row, {}))
        return stated

    def _indicators(self, objectives: dict[str, StrategicObjective], actions: dict[str, Action]) -> None:
        docs = self.document.indicators
        rows = []
        for i, doc in enumerate(docs):
            effect = doc.level == Indicator.Level.EFFECT
            rows.append(
                (
                    {"plan": self.plan, "level": doc.level, "code": doc.code},
                    {
                        "code_as_written": doc.code_as_written,
                        "objective": objectives[doc.code] if effect else None,
                        "action": None if effect else actions[doc.code],
                        "result": doc.result,
                        "name": doc.name,
                        "kind": doc.kind,
                        "baseline_year": doc.baseline_year,
                        "responsible": doc.responsible[:255],
                        "source": doc.source[:255],
                        "position": i,
                        "line": doc.line,
                    },
                )
            )
        indicators = _sync(Indicator, Indicator.objects.filter(plan=self.plan), rows, self.counts["indicators"])
        values = [
            ({"indicator": indicator, "year": year}, {"text": value.text[:100], "number": value.number})
            for indicator, doc in zip(indicators, docs, strict=True)
            for year, value in sorted(doc.values.items())
        ]
        _sync(
            IndicatorValue,
            IndicatorValue.objects.filter(indicator__plan=self.plan),
            values,
            self.counts["indicator_values"],
        )


@transaction.atomic
def plan_import(
    *,
    document: PlanDoc,
    by: User | None,
    actor_label: str = "",
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Create or update the plan `document.code` to match the document exactly, in one transaction.

    `progress(step)` is called after each level is written (see STEPS). One audit row records what changed
    (none if nothing did).
    """
    if by is not None and not may(by, Perm.PLAN_EDIT):
        raise PermissionDenied(Perm.PLAN_EDIT.value)
    values = {
        "title": document.title,
        "kind": document.kind,
        "start_year": document.start_year,
        "end_year": document.end_year,
        "currency": document.currency,
        "source_name": document.source_name,
        "source_sha256": document.source_sha256,
        "notes": list(document.notes),
    }
    plan = Plan.objects.select_for_update().filter(code=document.code).first()
    created = plan is None
    if plan is None:
        plan = Plan(code=document.code, **values)
        before: dict[str, Any] = {}
    else:
        before = {name: getattr(plan, name) for name in PLAN_FIELDS}
        for name, value in values.items():
            setattr(plan, name, value)
    plan_changed = {name: values[name] for name in PLAN_FIELDS if before.get(name) != values[name]}
    if created or plan_changed:
        plan.full_clean(validate_unique=False)
        plan.save()
    importer = _Importer(plan, document, progress)
    importer.run()
    result = ImportResult(plan=plan, plan_created=created, counts=importer.counts)
    if result.changed or plan_changed:
        plan.imported_at = timezone.now()
        plan.save(update_fields=["imported_at", "updated_at"])
        audit_record(
            actor=by,
            actor_label=actor_label,
            action="plans.import",
            obj=plan,
            before={name: before[name] for name in plan_changed if name in before and name != "notes"},
            after={
                **{name: value for name, value in plan_changed.items() if name != "notes"},
                "created": created,
                "rows": {kind: counts.as_dict() for kind, counts in importer.counts.items()},
            },
        )
    return result
