"""Writes to the repertoire of structures: checked against the actor's jurisdiction, validated, audited."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.core.text import clean_spaces
from sosteci.directory.models import Structure, ordered_services
from sosteci.directory.policy import may_edit, may_update_places
from sosteci.registry.validators import normalise_phone
from sosteci.territory.models import AdminUnit

COORD_STEP = Decimal("0.000001")  # the 6 decimal places stored
AUDITED_FIELDS = (
    "name",
    "acronym",
    "kind",
    "admin_unit",
    "services",
    "address",
    "lat",
    "lon",
    "capacity",
    "places_free",
    "contact_name",
    "phone",
    "email",
    "authorisation_number",
    "authorised_from",
    "authorised_until",
    "description",
    "is_active",
)
PLACES_FIELDS = ("places_free", "contact_name", "phone", "email")


@dataclass
class StructureData:
    """The editable fields of a structure, as forms, Excel imports, the API and the demo give them."""

    name: str
    kind: str
    admin_unit: AdminUnit
    acronym: str = ""
    services: list[str] = field(default_factory=list)
    coverage: list[AdminUnit] = field(default_factory=list)
    address: str = ""
    lat: Decimal | None = None
    lon: Decimal | None = None
    capacity: int | None = None
    places_free: int | None = None
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    authorisation_number: str = ""
    authorised_from: date | None = None
    authorised_until: date | None = None
    description: str = ""
    is_active: bool = True


def structure_data_from(structure: Structure) -> StructureData:
    """The editable fields of a structure, as an input (for forms and comparisons)."""
    values = {f.name: getattr(structure, f.name) for f in fields(StructureData) if f.name != "coverage"}
    return StructureData(**values, coverage=list(structure.coverage.all()))


def _coord(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(COORD_STEP)


def _phone(value: str) -> str:
    """The number in its +225 form; an invalid one is kept as typed for the field's validator to report."""
    value = value.strip()
    try:
        return normalise_phone(value) if value else ""
    except ValidationError:
        return value


def _apply(structure: Structure, data: StructureData) -> None:
    """Copy the input onto the structure, normalised (spaces, phone, order of services, 6 decimals)."""
    structure.name = clean_spaces(data.name)
    structure.acronym = clean_spaces(data.acronym)
    structure.kind = data.kind
    structure.admin_unit = data.admin_unit
    structure.services = ordered_services(data.services)
    structure.address = clean_spaces(data.address)
    structure.lat, structure.lon = _coord(data.lat), _coord(data.lon)
    structure.capacity, structure.places_free = data.capacity, data.places_free
    structure.contact_name = clean_spaces(data.contact_name)
    structure.phone = _phone(data.phone)
    structure.email = data.email.strip()
    structure.authorisation_number = clean_spaces(data.authorisation_number)
    structure.authorised_from, structure.authorised_until = data.authorised_from, data.authorised_until
    structure.description = data.description.replace("\r\n", "\n").strip()
    structure.is_active = data.is_active


def _state(structure: Structure, coverage: list[AdminUnit]) -> dict[str, Any]:
    """What the audit trail records of a structure (the coverage as sorted P-codes)."""
    return {**snapshot(structure, AUDITED_FIELDS), "coverage": sorted(unit.pcode for unit in coverage)}


def _outside(unit: AdminUnit) -> str:
    return _("« %(unit)s » est hors de votre ressort territorial.") % {"unit": unit.name}


def _check(*, by: User | None, structure: Structure, data: StructureData, kept: frozenset[int] = frozenset()) -> None:
    """Jurisdiction of the unit and of the zones added (`kept`: ids of the zones already served), the name free
    at that unit, and the model's own rules."""
    errors: dict[str, list[str]] = {}
    if by is not None:
        if not may(by, Perm.DIRECTORY_EDIT, data.admin_unit):
            errors["admin_unit"] = [_outside(data.admin_unit)]
        # A zone added lies in the editor's jurisdiction, or holds the structure (a shelter serving its région).
        outside = [
            z
            for z in data.coverage
            if z.pk not in kept and not may(by, Perm.DIRECTORY_EDIT, z) and not z.contains(data.admin_unit)
        ]
        if outside:
            errors["coverage"] = [
                _(
                    "Zones hors de votre ressort territorial : %(zones)s (une zone desservie doit être dans votre "
                    "ressort ou englober l'implantation)."
                )
                % {"zones": ", ".join(f"{z.name} ({z.pcode})" for z in outside)}
            ]
    twin = (
        Structure.objects.filter(name__iexact=structure.name, admin_unit=data.admin_unit)
        .exclude(pk=structure.pk)
        .values_list("code", flat=True)
        .first()
    )
    if twin:
        errors["name"] = [
            _("La structure « %(name)s » existe déjà à %(unit)s (code %(code)s).")
            % {"name": structure.name, "unit": data.admin_unit.name, "code": twin}
        ]
    try:
        structure.full_clean(exclude=["code"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def structure_check(*, by: User | None, data: StructureData, structure: Structure | None = None) -> dict[str, Any]:
    """Validate an input as a creation (or an update of `structure`) without writing anything.

    Returns the fields that would change, {field: (before, after)} ({} for an unchanged structure; every field
    for a new one); raises ValidationError naming the fields, as the services would.
    """
    target = copy.copy(structure) if structure is not None else Structure()
    current = list(structure.coverage.all()) if structure is not None else []
    before = _state(structure, current) if structure is not None else {}
    _apply(target, data)
    _check(by=by, structure=target, data=data, kept=frozenset(z.pk for z in current))
    old, new = diff(before, _state(target, data.coverage))
    return {name: (old.get(name), new[name]) for name in new}


def _require_editor(by: User | None) -> None:
    if by is not None and not may(by, Perm.DIRECTORY_EDIT):
        raise PermissionDenied(Perm.DIRECTORY_EDIT.value)


@transaction.atomic
def structure_create(*, by: User | None, data: StructureData, actor_label: str = "") -> Structure:
    """A new structure at a unit of the actor's jurisdiction (by=None: the system, e.g. the demo)."""
    _require_editor(by)
    structure = Structure()
    _apply(structure, data)
    _check(by=by, structure=structure, data=data)
    structure.save()
    structure.coverage.set(data.coverage)
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="structure.create",
        obj=structure,
        object_repr=f"{structure.code} {structure.name}",
        after=_state(structure, data.coverage),
    )
    return structure


@transaction.atomic
def structure_update(*, by: User | None, structure: Structure, data: StructureData, actor_label: str = "") -> Structure:
    """Change a structure; the actor must hold the repertoire at its unit, and at the new unit if it moves.
    Nothing is written (nor audited) when nothing changes."""
    _require_editor(by)
    if by is not None and not may_edit(by, structure):
        raise PermissionDenied(Perm.DIRECTORY_EDIT.value)
    current = list(structure.coverage.all())
    before = _state(structure, current)
    _apply(structure, data)
    _check(by=by, structure=structure, data=data, kept=frozenset(z.pk for z in current))
    old, new = diff(before, _state(structure, data.coverage))
    if not new:
        return structure
    structure.save()
    if "coverage" in new:
        structure.coverage.set(data.coverage)
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="structure.update",
        obj=structure,
        object_repr=f"{structure.code} {structure.name}",
        before=old,
        after=new,
    )
    return structure


@transaction.atomic
def structure_places_update(
    *,
    by: User,
    structure: Structure,
    places_free: int | None,
    contact_name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> Structure:
    """Free places and contacts, by the editors or by the structure's own providers (None: left as is)."""
    if not may_update_places(by, structure):
        raise PermissionDenied(_("Seuls les gestionnaires du répertoire et les agents de la structure le peuvent."))
    before = snapshot(structure, PLACES_FIELDS)
    structure.places_free = places_free
    if contact_name is not None:
        structure.contact_name = clean_spaces(contact_name)
    if phone is not None:
        structure.phone = _phone(phone)
    if email is not None:
        structure.email = email.strip()
    structure.full_clean(exclude=["code"], validate_unique=False, validate_constraints=False)
    old, new = diff(before, snapshot(structure, PLACES_FIELDS))
    if not new:
        return structure
    structure.save(update_fields=[*new, "updated_at"])
    audit_record(
        actor=by,
        action="structure.places",
        obj=structure,
        object_repr=f"{structure.code} {structure.name}",
        before=old,
        after=new,
    )
    return structure
