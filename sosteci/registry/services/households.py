"""Registering households and their children."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.indicators.marking import children_changed
from sosteci.registry.inputs import ChildInput, HouseholdInput
from sosteci.registry.models import Child, Cooperative, Household
from sosteci.registry.phonetic import phonetic, tokens
from sosteci.registry.rulesets import active_ruleset
from sosteci.registry.services.common import check_locality
from sosteci.registry.validators import normalise_phone
from sosteci.territory.models import AdminUnit

CHILD_FIELDS = (
    "family_name",
    "given_names",
    "sex",
    "date_of_birth",
    "declared_age",
    "birth_certificate",
    "nationality",
    "place_of_origin",
    "arrived_on",
    "lives_with_parents",
    "relation_to_head",
    "schooling",
    "grade",
    "disability",
    "guardian_name",
)
# What the indicators read of a child itself (the rest they read from its visits).
COUNTED_CHILD_FIELDS = frozenset({"sex", "schooling"})
HOUSEHOLD_FIELDS = (
    "locality",
    "head_family_name",
    "head_given_names",
    "head_sex",
    "head_phone",
    "lat",
    "lon",
    "size",
    "main_crops",
    "cooperative",
)


def _first(name: str) -> str:
    words = tokens(name)
    return phonetic(words[0]) if words else ""


def estimate_birth_date(age: int, on: date) -> date:
    """A birth date giving `age` on `on`, about half a year after the last birthday."""
    try:
        anniversary = on.replace(year=on.year - age)
    except ValueError:  # 29 February
        anniversary = on.replace(year=on.year - age, day=28)
    return anniversary - timedelta(days=182)


def _apply_child(child: Child, data: ChildInput, today: date) -> None:
    for name in CHILD_FIELDS:
        setattr(child, name, getattr(data, name))
    child.family_name = " ".join(data.family_name.split()).upper()
    child.given_names = " ".join(data.given_names.split()).title()
    child.family_phonetic = _first(child.family_name)
    child.given_phonetic = _first(child.given_names)
    errors: dict[str, list[str]] = {}
    adult = int(active_ruleset().param("adult_age"))
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            errors["date_of_birth"] = [_("La date de naissance ne peut pas être dans le futur.")]
        child.estimated_birth_date = data.date_of_birth
        child.birth_date_estimated = False
        age = (
            today.year
            - data.date_of_birth.year
            - ((today.month, today.day) < (data.date_of_birth.month, data.date_of_birth.day))
        )
        field = "date_of_birth"
    elif data.declared_age is not None:
        child.estimated_birth_date = estimate_birth_date(data.declared_age, today)
        child.birth_date_estimated = True
        age, field = data.declared_age, "declared_age"
    else:
        raise ValidationError({"date_of_birth": [_("Indiquez la date de naissance ou, à défaut, l'âge déclaré.")]})
    if age >= adult and field not in errors:
        errors[field] = [
            _("L'enfant a %(age)s ans : le registre suit les enfants de moins de %(adult)s ans.")
            % {"age": age, "adult": adult}
        ]
    if data.arrived_on is not None and data.arrived_on > today:
        errors["arrived_on"] = [_("La date d'arrivée ne peut pas être dans le futur.")]
    if errors:
        raise ValidationError(errors)


def _register_child(*, by: User | None, household: Household, data: ChildInput) -> Child:
    child = Child(household=household, created_by=by)
    child.place_in(household.locality)
    _apply_child(child, data, timezone.localdate())
    child.full_clean()
    child.save()
    audit_record(
        actor=by,
        action="child.create",
        obj=child,
        object_repr=child.code,
        after={"household": household.code, **snapshot(child, CHILD_FIELDS)},
    )
    transaction.on_commit(lambda: _detect_duplicates(child.pk))
    return child


def _detect_duplicates(child_id: int) -> None:
    """Look for possible duplicates in the background once the registration is committed."""
    from sosteci.registry.tasks import detect_duplicates

    detect_duplicates.enqueue(child_id)


def _household_from(data: HouseholdInput, household: Household) -> None:
    household.head_family_name = " ".join(data.head_family_name.split()).upper()
    household.head_given_names = " ".join(data.head_given_names.split()).title()
    household.head_sex = data.head_sex
    household.head_phone = normalise_phone(data.head_phone) if data.head_phone else ""
    household.lat, household.lon, household.gps_accuracy_m = data.lat, data.lon, data.gps_accuracy_m
    household.size = data.size
    household.main_crops = list(data.main_crops)
    household.cooperative = Cooperative.objects.get(pk=data.cooperative_id) if data.cooperative_id else None


@transaction.atomic
def household_register(
    *,
    by: User | None,
    locality: AdminUnit,
    household: HouseholdInput,
    children: list[ChildInput],
    submission: Any = None,
) -> Household:
    """A household with its children, all or nothing. Errors name the field (children: "children[i].field")."""
    check_locality(by=by, locality=locality)
    record = Household(locality=locality, created_by=by, submission=submission)
    try:
        _household_from(household, record)
    except ValidationError as exc:
        raise ValidationError({"head_phone": exc.messages}) from exc
    if len(children) > record.size:
        raise ValidationError(
            {
                "size": [
                    _("Le ménage compte %(size)s personnes mais %(n)s enfants sont déclarés.")
                    % {"size": record.size, "n": len(children)}
                ]
            }
        )
    record.full_clean()
    record.save()
    audit_record(
        actor=by,
        action="household.create",
        obj=record,
        object_repr=record.code,
        after=snapshot(record, HOUSEHOLD_FIELDS),
    )
    for index, data in enumerate(children):
        try:
            _register_child(by=by, household=record, data=data)
        except ValidationError as exc:
            raise ValidationError({f"children[{index}].{k}": v for k, v in exc.message_dict.items()}) from exc
    return record


@transaction.atomic
def child_register(*, by: User | None, household: Household, data: ChildInput) -> Child:
    check_locality(by=by, locality=household.locality)
    return _register_child(by=by, household=household, data=data)


@transaction.atomic
def child_update(*, by: User | None, child: Child, data: ChildInput) -> Child:
    if by is not None and not may(by, Perm.CHILD_EDIT, child.locality):
        raise PermissionDenied
    before = snapshot(child, CHILD_FIELDS)
    _apply_child(child, data, timezone.localdate())
    child.full_clean()
    child.save()
    old, new = diff(before, snapshot(child, CHILD_FIELDS))
    if COUNTED_CHILD_FIELDS & new.keys():
        children_changed([child.pk])  # the stored counts follow (indicators.following)
    if new:
        audit_record(actor=by, action="child.update", obj=child, object_repr=child.code, before=old, after=new)
    return child


@transaction.atomic
def household_update(*, by: User | None, household: Household, data: HouseholdInput) -> Household:
    """Correct a household (from the desk, or an edited mobile submission)."""
    check_locality(by=by, locality=household.locality)
    before = snapshot(household, HOUSEHOLD_FIELDS)
    try:
        _household_from(data, household)
    except ValidationError as exc:
        raise ValidationError({"head_phone": exc.messages}) from exc
    household.full_clean()
    household.save()
    old, new = diff(before, snapshot(household, HOUSEHOLD_FIELDS))
    if new:
        audit_record(
            actor=by, action="household.update", obj=household, object_repr=household.code, before=old, after=new
        )
    return household


def child_input_from(child: Child) -> ChildInput:
    """The editable fields of a child, as an input (for forms)."""
    return ChildInput(**{f.name: getattr(child, f.name) for f in fields(ChildInput)})
