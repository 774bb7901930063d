"""Writes for access: creating and changing users, always checked against the actor and audited."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, assignable_roles, may, may_manage_user, role_fits_level
from sosteci.access.roles import ROLE_LEVELS, STRUCTURE_ROLES, Role
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit

AUDITED_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "jurisdiction",
    "structure",
    "is_active",
)


def _check_assignment(*, by: User, role: Role, jurisdiction: AdminUnit, structure: Structure | None) -> None:
    """The actor may give this role here, the level suits the role, the structure suits the role."""
    errors: dict[str, list[str]] = {}
    if not by.is_superuser and role not in assignable_roles(by):
        errors.setdefault("role", []).append(
            _("Vous ne pouvez pas attribuer le rôle « %(role)s ».") % {"role": role.label}
        )
    if not may(by, Perm.USER_MANAGE, jurisdiction):
        errors.setdefault("jurisdiction", []).append(
            _("« %(unit)s » est hors de votre ressort territorial.") % {"unit": jurisdiction.name}
        )
    if not role_fits_level(role, jurisdiction):
        levels = ", ".join(str(level.label).lower() for level in ROLE_LEVELS[role])
        errors.setdefault("jurisdiction", []).append(
            _("Le rôle « %(role)s » s'exerce sur : %(levels)s.") % {"role": role.label, "levels": levels}
        )
    if role in STRUCTURE_ROLES and structure is None:
        errors.setdefault("structure", []).append(_("Ce rôle exige une structure de rattachement."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    role: Role,
    jurisdiction: AdminUnit,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    structure: Structure | None = None,
) -> User:
    if not may(by, Perm.USER_MANAGE):
        raise PermissionDenied
    _check_assignment(by=by, role=role, jurisdiction=jurisdiction, structure=structure)
    user = User(
        username=username,
        role=role,
        jurisdiction=jurisdiction,
        structure=structure,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=by, action="user.create", obj=user, after=snapshot(user, AUDITED_FIELDS))
    return user


@transaction.atomic
def user_update(*, by: User, user: User, **changes: Any) -> User:
    """Change a user's profile, role, jurisdiction, structure or active flag."""
    if not may_manage_user(by, user):
        raise PermissionDenied
    allowed = {"first_name", "last_name", "email", "phone", "role", "jurisdiction", "structure", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown user fields: {sorted(unknown)}")
    before = snapshot(user, AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    assert user.jurisdiction is not None
    _check_assignment(by=by, role=Role(user.role), jurisdiction=user.jurisdiction, structure=user.structure)
    user.full_clean()
    user.save()
    old, new = diff(before, snapshot(user, AUDITED_FIELDS))
    if new:
        audit_record(actor=by, action="user.update", obj=user, before=old, after=new)
    return user


@transaction.atomic
def user_set_password(*, by: User, user: User, password: str) -> None:
    """An administrator sets a new password for a user of its jurisdiction (the value is never logged)."""
    if not may_manage_user(by, user):
        raise PermissionDenied
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=by, action="user.set_password", obj=user)


@transaction.atomic
def user_change_own_password(*, user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.change_own_password", obj=user)


@transaction.atomic
def user_unlock(*, by: User, user: User) -> int:
    """Lift a login lockout; returns the number of failure records removed."""
    if not may_manage_user(by, user):
        raise PermissionDenied
    removed = axes_reset(username=user.username)
    audit_record(actor=by, action="user.unlock", obj=user, after={"failures_removed": removed})
    return int(removed)


@transaction.atomic
def user_provision(
    *,
    username: str,
    role: Role,
    jurisdiction: AdminUnit,
    password: str,
    actor_label: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    structure: Structure | None = None,
) -> User:
    """Create or refresh an account from a management command (no signed-in actor; audited as the command).

    Role, level and structure rules still apply; web pages use user_create/user_update instead.
    """
    if not role_fits_level(role, jurisdiction):
        raise ValidationError({"jurisdiction": _("Niveau de ressort incompatible avec le rôle.")})
    if role in STRUCTURE_ROLES and structure is None:
        raise ValidationError({"structure": _("Ce rôle exige une structure de rattachement.")})
    user = User.objects.filter(username=username).first()
    before = snapshot(user, AUDITED_FIELDS) if user else {}
    user = user or User(username=username)
    for name, value in {
        "role": role,
        "jurisdiction": jurisdiction,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
        "structure": structure,
        "is_active": True,
    }.items():
        setattr(user, name, value)
    user.set_password(password)
    user.full_clean()
    user.save()
    old, new = diff(before, snapshot(user, AUDITED_FIELDS))
    action = "user.update" if before else "user.create"
    if new or not before:
        audit_record(actor=None, actor_label=actor_label, action=action, obj=user, before=old, after=new)
    return user
