"""Writes to committees, their members and their trainings, within the author's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination import policy
from sosteci.coordination.models import BODY_SHORT, Committee, CommitteeMember, Training
from sosteci.coordination.services.common import (
    Errors,
    check_unit,
    clean_model,
    one_line,
    phone,
    raise_if,
    require,
    text,
)
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit

COMMITTEE_FIELDS = (
    "name",
    "level",
    "admin_unit",
    "national_body",
    "act_number",
    "act_date",
    "description",
    "is_active",
)
MEMBER_FIELDS = ("full_name", "function", "organisation", "sex", "phone", "role", "user", "is_active")
TRAINING_FIELDS = (
    "committee",
    "theme",
    "held_on",
    "ends_on",
    "place",
    "trainers",
    "participants_men",
    "participants_women",
    "notes",
)


@dataclass
class CommitteeData:
    name: str
    level: str
    admin_unit: AdminUnit
    national_body: str = ""
    act_number: str = ""
    act_date: date | None = None
    description: str = ""
    is_active: bool = True


@dataclass
class MemberData:
    full_name: str
    sex: str
    role: str
    function: str = ""
    organisation: Structure | None = None
    phone: str = ""
    user: User | None = None
    is_active: bool = True


@dataclass
class TrainingData:
    committee: Committee
    theme: str
    held_on: date
    trainers: str
    participants_men: int = 0
    participants_women: int = 0
    ends_on: date | None = None
    place: str = ""
    notes: str = ""


# --- Committees ----------------------------------------------------------------------------------------------------


def committee_data_from(committee: Committee) -> CommitteeData:
    return CommitteeData(**{name: getattr(committee, name) for name in COMMITTEE_FIELDS})


def _apply_committee(committee: Committee, data: CommitteeData) -> None:
    committee.name = one_line(data.name)
    committee.level = data.level
    committee.admin_unit = data.admin_unit
    committee.national_body = data.national_body or ""
    committee.act_number = one_line(data.act_number)
    committee.act_date = data.act_date
    committee.description = text(data.description)
    committee.is_active = data.is_active


def _check_committee(by: User | None, committee: Committee) -> None:
    errors: Errors = {}
    check_unit(errors, "admin_unit", by, Perm.COORDINATION_EDIT, committee.admin_unit)
    clean_model(errors, committee)
    others = Committee.objects.exclude(pk=committee.pk)
    if committee.national_body:
        twin = others.filter(national_body=committee.national_body).first()
        if twin is not None:
            errors.setdefault("national_body", []).append(
                _("Le %(body)s existe déjà : « %(name)s ».")
                % {"body": BODY_SHORT[committee.national_body], "name": twin.name}
            )
    elif "admin_unit" not in errors:
        twin = others.filter(level=committee.level, admin_unit=committee.admin_unit, national_body="").first()
        if twin is not None:
            errors.setdefault("admin_unit", []).append(
                _("%(unit)s a déjà ce comité : « %(name)s ».") % {"unit": committee.admin_unit.name, "name": twin.name}
            )
    raise_if(errors)


@transaction.atomic
def committee_create(*, by: User | None, data: CommitteeData, actor_label: str = "") -> Committee:
    require(by, Perm.COORDINATION_EDIT)
    committee = Committee()
    _apply_committee(committee, data)
    _check_committee(by, committee)
    committee.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="committee.create",
        obj=committee,
        after=snapshot(committee, COMMITTEE_FIELDS),
    )
    return committee


@transaction.atomic
def committee_update(*, by: User | None, committee: Committee, data: CommitteeData, actor_label: str = "") -> Committee:
    """Change a committee (the author holds it, and its new unit if it moves); nothing written when unchanged."""
    require(by, Perm.COORDINATION_EDIT)
    if by is not None and not policy.may_edit_committee(by, committee):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    before = snapshot(committee, COMMITTEE_FIELDS)
    _apply_committee(committee, data)
    _check_committee(by, committee)
    old, new = diff(before, snapshot(committee, COMMITTEE_FIELDS))
    if not new:
        return committee
    committee.save()
    audit_record(actor=by, actor_label=actor_label, action="committee.update", obj=committee, before=old, after=new)
    return committee


# --- Members -------------------------------------------------------------------------------------------------------


def member_data_from(member: CommitteeMember) -> MemberData:
    return MemberData(**{name: getattr(member, name) for name in MEMBER_FIELDS})


def _apply_member(member: CommitteeMember, data: MemberData) -> None:
    member.full_name = one_line(data.full_name)
    member.function = one_line(data.function)
    member.organisation = data.organisation
    member.sex = data.sex
    member.phone = phone(data.phone)
    member.role = data.role
    member.user = data.user
    member.is_active = data.is_active


def _check_member(by: User | None, member: CommitteeMember, account_before: int | None = None) -> None:
    errors: Errors = {}
    clean_model(errors, member)
    if by is not None and member.user is not None and member.user_id != account_before:
        scope = jurisdiction_of(by)
        account_unit = member.user.jurisdiction
        if not member.user.is_active or scope is None or account_unit is None or not scope.contains(account_unit):
            errors.setdefault("user", []).append(
                _("Aucun compte actif « %(name)s » dans votre ressort.") % {"name": member.user.username}
            )
    if member.user_id is not None:
        twin = (
            CommitteeMember.objects.filter(committee=member.committee, user_id=member.user_id)
            .exclude(pk=member.pk)
            .first()
        )
        if twin is not None:
            errors.setdefault("user", []).append(
                _("Ce compte est déjà celui de « %(name)s » dans ce comité.") % {"name": twin.full_name}
            )
    raise_if(errors)


def _require_committee_editor(by: User | None, committee: Committee) -> None:
    require(by, Perm.COORDINATION_EDIT)
    if by is not None and not policy.may_edit_committee(by, committee):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)


@transaction.atomic
def member_add(*, by: User | None, committee: Committee, data: MemberData, actor_label: str = "") -> CommitteeMember:
    _require_committee_editor(by, committee)
    member = CommitteeMember(committee=committee)
    _apply_member(member, data)
    _check_member(by, member)
    member.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="committee_member.add",
        obj=member,
        after={"committee": committee.pk, **snapshot(member, MEMBER_FIELDS)},
    )
    return member


@transaction.atomic
def member_update(
    *, by: User | None, member: CommitteeMember, data: MemberData, actor_label: str = ""
) -> CommitteeMember:
    """Change a member; a member leaves the committee by no longer being in office (is_active), never deleted."""
    _require_committee_editor(by, member.committee)
    before = snapshot(member, MEMBER_FIELDS)
    account_before = member.user_id
    _apply_member(member, data)
    _check_member(by, member, account_before)
    old, new = diff(before, snapshot(member, MEMBER_FIELDS))
    if not new:
        return member
    member.save()
    audit_record(actor=by, actor_label=actor_label, action="committee_member.update", obj=member, before=old, after=new)
    return member


# --- Trainings -----------------------------------------------------------------------------------------------------


def training_data_from(training: Training) -> TrainingData:
    return TrainingData(**{name: getattr(training, name) for name in TRAINING_FIELDS})


def _apply_training(training: Training, data: TrainingData) -> None:
    training.committee = data.committee
    training.theme = one_line(data.theme)
    training.held_on = data.held_on
    training.ends_on = data.ends_on
    training.place = one_line(data.place)
    training.trainers = one_line(data.trainers)
    training.participants_men = data.participants_men
    training.participants_women = data.participants_women
    training.notes = text(data.notes)


@transaction.atomic
def training_record(*, by: User | None, data: TrainingData, actor_label: str = "") -> Training:
    _require_committee_editor(by, data.committee)
    training = Training()
    _apply_training(training, data)
    errors: Errors = {}
    clean_model(errors, training)
    raise_if(errors)
    training.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="training.create",
        obj=training,
        after=snapshot(training, TRAINING_FIELDS),
    )
    return training


@transaction.atomic
def training_update(*, by: User | None, training: Training, data: TrainingData, actor_label: str = "") -> Training:
    _require_committee_editor(by, training.committee)
    if data.committee.pk != training.committee_id:
        _require_committee_editor(by, data.committee)
    before = snapshot(training, TRAINING_FIELDS)
    _apply_training(training, data)
    errors: Errors = {}
    clean_model(errors, training)
    raise_if(errors)
    old, new = diff(before, snapshot(training, TRAINING_FIELDS))
    if not new:
        return training
    training.save()
    audit_record(actor=by, actor_label=actor_label, action="training.update", obj=training, before=old, after=new)
    return training
