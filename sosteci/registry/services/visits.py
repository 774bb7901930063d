"""Recording visits (each classified under the rule set in force) and re-classifying under another."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.classification import Activity, Profile, ProfileError, Result, RuleSet, classify
from sosteci.indicators.marking import counts_changed
from sosteci.registry.events import visit_recorded
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import Child, ClassificationChange, Visit
from sosteci.registry.rulesets import active_ruleset, ruleset_for

# Names of the classification inputs as the visit form and the import template call them.
PROFILE_FIELDS = {
    "activities": "activities",
    "hazardous_tasks": "hazardous_tasks",
    "indicators": "indicators",
    "date_of_birth": "visited_on",
    "declared_age": "visited_on",
}


def _age_on(child: Child, day: date) -> int:
    birth = child.estimated_birth_date
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def profile_for(child: Child, visit: VisitInput | Visit) -> Profile:
    """The classification profile of a child as a visit observed it."""
    day = visit.visited_on
    attends = visit.attends_school
    if attends is None:
        attends = child.schooling == Child.Schooling.ENROLLED
    return Profile(
        visit_date=day,
        date_of_birth=None if child.birth_date_estimated else child.date_of_birth,
        declared_age=_age_on(child, day) if child.birth_date_estimated else None,
        activities=tuple(Activity(str(a["code"]), float(a.get("hours") or 0)) for a in visit.activities),
        hazardous_tasks=frozenset(visit.hazardous_tasks),
        indicators=frozenset(visit.indicators),
        night_work=visit.night_work,
        works_during_school_hours=visit.works_during_school_hours,
        attends_school=attends,
        apprenticeship=visit.apprenticeship,
        injured_at_work=visit.injured_at_work,
        lives_with_parents=child.lives_with_parents != Child.Parents.NEITHER,
    )


def _classify(child: Child, visit: VisitInput | Visit, ruleset: RuleSet) -> Result:
    try:
        return classify(profile_for(child, visit), ruleset)
    except ProfileError as exc:
        field_name = exc.field.split("[")[0]
        field_name = PROFILE_FIELDS.get(field_name, field_name)
        raise ValidationError(
            {field_name: [_("%(message)s (%(field)s).") % {"message": exc.message, "field": exc.field}]}
        ) from exc


def _refresh_child_category(child: Child) -> None:
    latest = child.visits.order_by("-visited_on", "-id").values("category", "visited_on").first()
    child.category = latest["category"] if latest else ""
    child.classified_on = latest["visited_on"] if latest else None
    Child.objects.filter(pk=child.pk).update(category=child.category, classified_on=child.classified_on)


@transaction.atomic
def visit_record(
    *,
    by: User | None,
    child: Child,
    data: VisitInput,
    agent: User | None = None,
    source: str = Visit.Source.DESK,
    submission: Any = None,
) -> Visit:
    """Record a visit, classify the child under the rule set in force, update the child's category."""
    if by is not None and not may(by, Perm.CHILD_EDIT, child.locality):
        raise PermissionDenied
    if data.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": [_("La date de visite ne peut pas être dans le futur.")]})
    if child.merged_into_id:
        raise ValidationError({"child": [_("Cet enfant a été fusionné dans une autre fiche.")]})
    ruleset = active_ruleset()
    result = _classify(child, data, ruleset)
    visit = Visit(
        child=child,
        submission=submission,
        visited_on=data.visited_on,
        kind=data.kind,
        source=source,
        agent=agent or by,
        recorded_by=by,
        activities=[{"code": str(a["code"]), "hours": float(a.get("hours") or 0)} for a in data.activities],
        hazardous_tasks=sorted(data.hazardous_tasks),
        indicators=sorted(data.indicators),
        night_work=data.night_work,
        works_during_school_hours=data.works_during_school_hours,
        attends_school=data.attends_school,
        apprenticeship=data.apprenticeship,
        injured_at_work=data.injured_at_work,
        injury_note=data.injury_note,
        notes=data.notes,
        category=result.category.value,
        reasons=[r.as_dict() for r in result.reasons],
        ruleset_version=result.ruleset_version,
        age_at_visit=result.age,
        weekly_hours=Decimal(str(round(result.weekly_hours, 1))),
    )
    visit.full_clean()
    visit.save()
    _refresh_child_category(child)
    counts_changed([(child.sous_prefecture_id, visit.visited_on)])  # the stored counts follow (indicators.following)
    audit_record(
        actor=by,
        action="visit.create",
        obj=visit,
        object_repr=f"{child.code} {visit.visited_on}",
        after={
            "child": child.code,
            "category": visit.category,
            "rules": [r.rule for r in result.reasons],
            "ruleset": visit.ruleset_version,
        },
    )
    visit_recorded.send(sender=Visit, visit=visit)
    return visit


VISIT_FIELDS = (
    "visited_on",
    "kind",
    "activities",
    "hazardous_tasks",
    "indicators",
    "night_work",
    "works_during_school_hours",
    "attends_school",
    "apprenticeship",
    "injured_at_work",
    "injury_note",
    "notes",
)


@transaction.atomic
def visit_update(*, by: User | None, visit: Visit, data: VisitInput) -> Visit:
    """Correct a visit's observation and classify it again under the rule set in force."""
    child = visit.child
    if by is not None and not may(by, Perm.CHILD_EDIT, child.locality):
        raise PermissionDenied
    if data.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": [_("La date de visite ne peut pas être dans le futur.")]})
    result = _classify(child, data, active_ruleset())
    before = {"category": visit.category, **{name: getattr(visit, name) for name in VISIT_FIELDS}}
    first_day = visit.visited_on
    for name in VISIT_FIELDS:
        setattr(visit, name, getattr(data, name))
    visit.activities = [{"code": str(a["code"]), "hours": float(a.get("hours") or 0)} for a in data.activities]
    visit.hazardous_tasks, visit.indicators = sorted(data.hazardous_tasks), sorted(data.indicators)
    visit.category = result.category.value
    visit.reasons = [r.as_dict() for r in result.reasons]
    visit.ruleset_version, visit.age_at_visit = result.ruleset_version, result.age
    visit.weekly_hours = Decimal(str(round(result.weekly_hours, 1)))
    visit.full_clean()
    visit.save()
    _refresh_child_category(child)
    after = {"category": visit.category, **{name: getattr(visit, name) for name in VISIT_FIELDS}}
    changed = [k for k in after if str(after[k]) != str(before[k])]
    if changed:
        counts_changed([(child.sous_prefecture_id, min(first_day, visit.visited_on))])
        audit_record(
            actor=by,
            action="visit.update",
            obj=visit,
            object_repr=f"{child.code} {visit.visited_on}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return visit


@dataclass
class ReclassifySummary:
    version: str
    visits: int = 0
    changed: int = 0
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    applied: bool = False


def reclassify(
    *, version: str, dry_run: bool = True, batch_size: int = 2000, actor_label: str = ""
) -> ReclassifySummary:
    """Classify every visit again under rule set `version`; report changes; apply them unless dry_run.

    Each batch is its own transaction, so that a national re-run does not hold one huge lock; a visit
    already under `version` is skipped, so an interrupted run can simply be started again.
    """
    ruleset = ruleset_for(version)
    summary = ReclassifySummary(version=version)
    last_id = 0
    while True:
        batch = list(Visit.objects.select_related("child").filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        last_id = batch[-1].id
        changes, touched = [], set()
        for visit in batch:
            summary.visits += 1
            try:
                result = classify(profile_for(visit.child, visit), ruleset)
            except ProfileError as exc:
                summary.errors.append((visit.pk, f"{exc.field}: {exc.message}"))
                continue
            if result.category.value != visit.category:
                summary.changed += 1
                summary.transitions[(visit.category, result.category.value)] += 1
            if visit.ruleset_version != version or result.category.value != visit.category:
                changes.append((visit, result))
        if not dry_run and changes:
            with transaction.atomic():
                recounted = [
                    (v.child.sous_prefecture_id, v.visited_on) for v, r in changes if r.category.value != v.category
                ]
                for visit, result in changes:
                    ClassificationChange.objects.create(
                        visit=visit,
                        from_version=visit.ruleset_version,
                        to_version=version,
                        from_category=visit.category,
                        to_category=result.category.value,
                        from_reasons=visit.reasons,
                    )
                    visit.category = result.category.value
                    visit.reasons = [r.as_dict() for r in result.reasons]
                    visit.ruleset_version = version
                    touched.add(visit.child_id)
                Visit.objects.bulk_update([v for v, _ in changes], ["category", "reasons", "ruleset_version"])
                counts_changed(recounted)  # the stored counts follow (indicators.following)
                for child in Child.objects.filter(pk__in=touched):
                    _refresh_child_category(child)
    if not dry_run:
        summary.applied = True
        with transaction.atomic():
            audit_record(
                actor=None,
                actor_label=actor_label or "reclassify",
                action="visit.reclassify",
                object_type="registry.rulesetversion",
                object_id=version,
                after={
                    "visits": summary.visits,
                    "changed": summary.changed,
                    "transitions": {f"{a}→{b}": n for (a, b), n in summary.transitions.items()},
                },
            )
    return summary
