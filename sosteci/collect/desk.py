"""Desk entry through the collection pipeline: the web forms become an instance of the same tool, stored as a
submission (source "desk") and processed at once by the same handler, in the request's transaction.

A refused entry raises the services' ValidationError (fields named as in the forms) and stores nothing: the
person is there to correct it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape

from django.db import transaction

from sosteci.access.models import User
from sosteci.collect import catalog
from sosteci.collect.models import Submission, XForm
from sosteci.collect.processing import HANDLERS, Outcome, run
from sosteci.collect.receiving import SubmissionRefused, submission_receive
from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.models import Child
from sosteci.territory.models import AdminUnit


def _e(name: str, value: object) -> str:
    if value is None or value == "":
        return f"<{name}/>"
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, date):
        value = value.isoformat()
    return f"<{name}>{escape(str(value))}</{name}>"


def _codes(values: Iterable[str]) -> str:
    return " ".join(values)


def _observation(visit: VisitInput) -> str:
    activities = "".join(
        f"<activity>{_e('code', a['code'])}{_e('hours', a.get('hours') or 0)}</activity>" for a in visit.activities
    )
    return (
        _e("attends_school", "" if visit.attends_school is None else visit.attends_school)
        + _e("works_during_school_hours", visit.works_during_school_hours)
        + _e("night_work", visit.night_work)
        + _e("apprenticeship", visit.apprenticeship)
        + activities
        + _e("hazardous_tasks", _codes(visit.hazardous_tasks))
        + _e("indicators", _codes(visit.indicators))
        + _e("injured_at_work", visit.injured_at_work)
        + _e("injury_note", visit.injury_note)
    )


def _child(data: ChildInput) -> str:
    known = data.date_of_birth is not None
    return (
        "<child>"
        + _e("family_name", data.family_name)
        + _e("given_names", data.given_names)
        + _e("sex", data.sex)
        + _e("dob_known", known)
        + _e("date_of_birth", data.date_of_birth)
        + _e("declared_age", data.declared_age)
        + _e("birth_certificate", data.birth_certificate)
        + _e("nationality", data.nationality)
        + _e("place_of_origin", data.place_of_origin)
        + _e("arrived_on", data.arrived_on)
        + _e("lives_with_parents", data.lives_with_parents)
        + _e("relation_to_head", data.relation_to_head)
        + _e("schooling", data.schooling)
        + _e("grade", data.grade)
        + _e("disability", data.disability)
        + _e("guardian_name", data.guardian_name)
        + "</child>"
    )


def _version(form_id: str) -> str:
    active = XForm.objects.filter(form_id=form_id, is_active=True).values_list("version", flat=True).first()
    return active or "desk"


def _document(form_id: str, body: str) -> bytes:
    meta = f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta>"
    return f'<data id="{form_id}" version="{_version(form_id)}">{body}{meta}</data>'.encode()


def household_instance(*, locality: AdminUnit, household: HouseholdInput, children: list[ChildInput]) -> bytes:
    gps = f"{household.lat} {household.lon} 0 0" if household.lat is not None and household.lon is not None else ""
    body = (
        _e("visit_date", date.today())
        + _e("consent", True)
        + _e("locality", locality.pcode)
        + _e("gps", gps)
        + "<household>"
        + _e("head_family_name", household.head_family_name)
        + _e("head_given_names", household.head_given_names)
        + _e("head_sex", household.head_sex)
        + _e("head_phone", household.head_phone)
        + _e("size", household.size)
        + _e("main_crops", _codes(household.main_crops))
        + _e("cooperative", household.cooperative_id)
        + "</household>"
        + "".join(_child(c) for c in children)
    )
    return _document(catalog.HOUSEHOLD_VISIT, body)


def visit_instance(*, child: Child, visit: VisitInput) -> bytes:
    body = (
        _e("visit_date", visit.visited_on)
        + _e("visit_kind", visit.kind)
        + _e("child", child.code)
        + _observation(visit)
        + _e("notes", visit.notes)
    )
    return _document(catalog.FOLLOW_UP, body)


@transaction.atomic
def desk_submit(*, by: User, xml: bytes) -> tuple[Submission, Outcome]:
    """Store and process a desk entry at once; any refusal propagates and nothing is kept."""
    try:
        received = submission_receive(user=by, xml=xml, uploads=[], source="desk")
    except SubmissionRefused as exc:
        from django.core.exceptions import PermissionDenied, ValidationError

        if exc.status == 403:
            raise ValidationError({"locality": [exc.message]}) from exc
        raise PermissionDenied(exc.message) if exc.status == 401 else ValidationError(exc.message) from exc
    submission = received.submission
    outcome = run(submission, HANDLERS[submission.form_id], None)
    return submission, outcome
