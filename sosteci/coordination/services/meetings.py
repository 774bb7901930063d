"""Writes to meetings (of one committee or joint), the decisions taken there and their follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.coordination import policy
from sosteci.coordination.models import Committee, Decision, Meeting
from sosteci.coordination.services.common import (
    Errors,
    clean_model,
    follow_up_move,
    one_line,
    raise_if,
    require,
    text,
)
from sosteci.coordination.services.common import allowed_moves as allowed_moves  # the pages' follow-up choices

MEETING_FIELDS = ("title", "held_on", "starts_at", "place", "status", "agenda", "minutes")
DECISION_FIELDS = ("text", "owner", "due_on")


@dataclass
class MeetingData:
    title: str
    held_on: date
    committees: list[Committee] = field(default_factory=list)
    starts_at: time | None = None
    place: str = ""
    status: str = Meeting.Status.PLANNED
    agenda: str = ""
    minutes: str = ""


@dataclass
class DecisionData:
    text: str
    owner: str
    due_on: date


def meeting_data_from(meeting: Meeting) -> MeetingData:
    values = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    return MeetingData(**values, committees=list(meeting.committees.all()))


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.title = one_line(data.title)
    meeting.held_on = data.held_on
    meeting.starts_at = data.starts_at
    meeting.place = one_line(data.place)
    meeting.status = data.status
    meeting.agenda = text(data.agenda)
    meeting.minutes = text(data.minutes)


def _state(meeting: Meeting, committees: list[Committee]) -> dict[str, object]:
    return {**snapshot(meeting, MEETING_FIELDS), "committees": sorted(c.pk for c in committees)}


def _check(by: User | None, meeting: Meeting, committees: list[Committee]) -> None:
    errors: Errors = {}
    if not committees:
        errors["committees"] = [_("Choisissez au moins un comité.")]
    elif by is not None and not policy.may_edit_meeting(by, meeting, committees):
        outside = [c.name for c in committees if not policy.may_edit_committee(by, c)]
        errors["committees"] = [
            _("Comités hors de votre ressort territorial : %(names)s.") % {"names": ", ".join(outside)}
        ]
    clean_model(errors, meeting)
    raise_if(errors)


@transaction.atomic
def meeting_create(*, by: User | None, data: MeetingData, actor_label: str = "") -> Meeting:
    require(by, Perm.COORDINATION_EDIT)
    meeting = Meeting()
    committees = list(dict.fromkeys(data.committees))
    _apply(meeting, data)
    _check(by, meeting, committees)
    meeting.save()
    meeting.committees.set(committees)
    audit_record(
        actor=by, actor_label=actor_label, action="meeting.create", obj=meeting, after=_state(meeting, committees)
    )
    return meeting


def _require_meeting_editor(by: User | None, meeting: Meeting) -> None:
    require(by, Perm.COORDINATION_EDIT)
    if by is not None and not policy.may_edit_meeting(by, meeting):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)


@transaction.atomic
def meeting_update(*, by: User | None, meeting: Meeting, data: MeetingData, actor_label: str = "") -> Meeting:
    _require_meeting_editor(by, meeting)
    current = list(meeting.committees.all())
    committees = list(dict.fromkeys(data.committees))
    before = _state(meeting, current)
    _apply(meeting, data)
    _check(by, meeting, committees)
    old, new = diff(before, _state(meeting, committees))
    if not new:
        return meeting
    meeting.save()
    if "committees" in new:
        meeting.committees.set(committees)
    audit_record(actor=by, actor_label=actor_label, action="meeting.update", obj=meeting, before=old, after=new)
    return meeting


# --- Decisions and their follow-up ---------------------------------------------------------------------------------


def _apply_decision(decision: Decision, data: DecisionData) -> None:
    decision.text = text(data.text)
    decision.owner = one_line(data.owner)
    decision.due_on = data.due_on


@transaction.atomic
def decision_add(*, by: User | None, meeting: Meeting, data: DecisionData, actor_label: str = "") -> Decision:
    _require_meeting_editor(by, meeting)
    decision = Decision(meeting=meeting)
    _apply_decision(decision, data)
    errors: Errors = {}
    clean_model(errors, decision)
    if decision.due_on and meeting.held_on and decision.due_on < meeting.held_on:
        errors.setdefault("due_on", []).append(_("L'échéance précède la réunion qui a pris la décision."))
    raise_if(errors)
    decision.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="decision.create",
        obj=decision,
        object_repr=decision.text[:120],
        after={"meeting": meeting.pk, **snapshot(decision, DECISION_FIELDS)},
    )
    return decision


@transaction.atomic
def decision_update(*, by: User | None, decision: Decision, data: DecisionData, actor_label: str = "") -> Decision:
    _require_meeting_editor(by, decision.meeting)
    before = snapshot(decision, DECISION_FIELDS)
    _apply_decision(decision, data)
    errors: Errors = {}
    clean_model(errors, decision)
    raise_if(errors)
    old, new = diff(before, snapshot(decision, DECISION_FIELDS))
    if not new:
        return decision
    decision.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="decision.update",
        obj=decision,
        object_repr=decision.text[:120],
        before=old,
        after=new,
    )
    return decision


@transaction.atomic
def decision_follow_up(
    *,
    by: User | None,
    decision: Decision,
    status: str,
    note: str = "",
    done_on: date | None = None,
    actor_label: str = "",
) -> Decision:
    """Move a decision along its follow-up (DECISION_MOVES), or only add a note while keeping its status.

    Done: the day it was done (today by default, never in the future); any other status clears that day.
    """
    _require_meeting_editor(by, decision.meeting)
    old, new = follow_up_move(decision, status=status, note=note, done_on=done_on)
    if not new:
        return decision
    decision.save(update_fields=[*new, "updated_at"])
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="decision.follow_up",
        obj=decision,
        object_repr=decision.text[:120],
        before=old,
        after=new,
    )
    return decision
