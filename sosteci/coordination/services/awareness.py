"""Writes to awareness sessions, from the pages, the API or the collection form `sosteci_seance_sensibilisation`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.collect.models import Submission
from sosteci.coordination import policy
from sosteci.coordination.models import AwarenessSession, Committee
from sosteci.coordination.services.common import Errors, check_unit, clean_model, one_line, raise_if, require, text
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit

SESSION_FIELDS = (
    "locality",
    "held_on",
    "theme",
    "theme_other",
    "facilitator",
    "men",
    "women",
    "boys",
    "girls",
    "committee",
    "structure",
    "notes",
)


@dataclass
class SessionData:
    locality: AdminUnit
    held_on: date
    theme: str
    facilitator: str
    men: int = 0
    women: int = 0
    boys: int = 0
    girls: int = 0
    theme_other: str = ""
    committee: Committee | None = None
    structure: Structure | None = None
    notes: str = ""


def session_data_from(session: AwarenessSession) -> SessionData:
    return SessionData(**{name: getattr(session, name) for name in SESSION_FIELDS})


def may_edit_session(user: User, session: AwarenessSession) -> bool:
    """Partners their own structure's sessions; others the sessions of their jurisdiction."""
    if not may(user, Perm.AWARENESS_RECORD):
        return False
    if policy.acts_for_structure(user):
        return session.structure_id is not None and session.structure_id == user.structure_id
    return may(user, Perm.AWARENESS_RECORD, session.locality)


def _apply(session: AwarenessSession, data: SessionData, by: User | None) -> None:
    session.locality = data.locality
    session.held_on = data.held_on
    session.theme = data.theme
    session.theme_other = one_line(data.theme_other) if data.theme == "other" else ""
    session.facilitator = one_line(data.facilitator)
    session.men, session.women, session.boys, session.girls = data.men, data.women, data.boys, data.girls
    session.committee = data.committee
    # A partner's session is its structure's.
    session.structure = by.structure if by is not None and policy.acts_for_structure(by) else data.structure
    session.notes = text(data.notes)


def _check(by: User | None, session: AwarenessSession, data: SessionData) -> None:
    errors: Errors = {}
    check_unit(errors, "locality", by, Perm.AWARENESS_RECORD, session.locality)
    if (
        by is not None
        and policy.acts_for_structure(by)
        and data.structure is not None
        and data.structure.pk != by.structure_id
    ):
        errors["structure"] = [_("Vous ne pouvez enregistrer que les séances de votre structure.")]
    clean_model(errors, session)
    raise_if(errors)


@transaction.atomic
def session_record(
    *,
    by: User | None,
    data: SessionData,
    submission: Submission | None = None,
    actor_label: str = "",
) -> AwarenessSession:
    require(by, Perm.AWARENESS_RECORD)
    session = AwarenessSession(recorded_by=by, submission=submission)
    _apply(session, data, by)
    _check(by, session, data)
    session.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="awareness_session.create",
        obj=session,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


@transaction.atomic
def session_update(
    *,
    by: User | None,
    session: AwarenessSession,
    data: SessionData,
    submission: Submission | None = None,
    actor_label: str = "",
) -> AwarenessSession:
    """Correct a session (from its page, or an edited form whose original created it)."""
    require(by, Perm.AWARENESS_RECORD)
    if by is not None and not may_edit_session(by, session):
        raise PermissionDenied(Perm.AWARENESS_RECORD.value)
    before = snapshot(session, SESSION_FIELDS)
    _apply(session, data, by)
    _check(by, session, data)
    if submission is not None:
        session.submission = submission
    old, new = diff(before, snapshot(session, SESSION_FIELDS))
    if not new and submission is None:
        return session
    session.save()
    if new:
        audit_record(
            actor=by, actor_label=actor_label, action="awareness_session.update", obj=session, before=old, after=new
        )
    return session
