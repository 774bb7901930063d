"""Turning stored submissions into records, in the background; a failure is kept with its reason.

Each form has a handler. Submissions of tools whose module does not exist yet are kept "held" and processed
when it does (`manage.py collect_process --held`). An edit (deprecatedID) corrects what the original created.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.cases.models import Alert
from sosteci.cases.services import AlertInput, alert_correct, alert_create
from sosteci.collect import catalog, xmldata
from sosteci.collect.models import Submission
from sosteci.coordination import intake as coordination_intake
from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.models import Child, Household, Visit
from sosteci.registry.selectors import children_for
from sosteci.registry.services import (
    child_register,
    child_update,
    household_register,
    household_update,
    visit_record,
    visit_update,
)
from sosteci.territory.models import AdminUnit

OBSERVATION = frozenset({"attends_school", "hazardous_tasks", "indicators", "night_work", "apprenticeship"})
MIN_INTERVIEW_MINUTES = 5
MAX_GPS_ACCURACY_M = 20.0
CHILD, ACTIVITY = "child", "activity"


class ProcessingError(Exception):
    """A submission that cannot become records; the message (French) is kept on the submission."""


@dataclass
class Outcome:
    result: dict[str, Any] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)

    def flag(self, code: str, message: str) -> None:
        self.flags.append({"code": code, "message": message})


# --- Reading answers -------------------------------------------------------------------------------------------


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "oui", "1", "true"}


def _tri(value: str) -> bool | None:
    return None if not value else _yes(value)


def _multi(value: str) -> list[str]:
    return [v for v in value.split() if v]


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ProcessingError(_("%(field)s : date illisible « %(value)s ».") % {"field": name, "value": value}) from exc


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str, name: str) -> int | None:
    if not value:
        return None
    try:
        return int(Decimal(value))
    except InvalidOperation as exc:
        raise ProcessingError(
            _("%(field)s : nombre illisible « %(value)s ».") % {"field": name, "value": value}
        ) from exc


def _visit_input(answers: dict[str, str], activities: list[Any], visited_on: date, kind: str) -> VisitInput:
    return VisitInput(
        visited_on=visited_on,
        kind=kind,
        activities=[
            {"code": xmldata.text(a, "code"), "hours": float(xmldata.text(a, "hours") or 0)}
            for a in activities
            if xmldata.text(a, "code")
        ],
        hazardous_tasks=_multi(answers.get("hazardous_tasks", "")),
        indicators=_multi(answers.get("indicators", "")),
        night_work=_yes(answers.get("night_work", "")),
        works_during_school_hours=_yes(answers.get("works_during_school_hours", "")),
        attends_school=_tri(answers.get("attends_school", "")),
        apprenticeship=_yes(answers.get("apprenticeship", "")),
        injured_at_work=_yes(answers.get("injured_at_work", "")),
        injury_note=answers.get("injury_note", "")[:255],
        notes=answers.get("notes", ""),
    )


def _nationality(a: dict[str, str]) -> str:
    code = a.get("nationality") or "CI"
    if code == "other":
        code = a.get("nationality_other", "")
    return code.strip()[:2].upper()


def _child_repeats(root: Any, answers: dict[str, str]) -> list[tuple[Any, dict[str, str]]]:
    """The children of the roster with their answers: Collect keeps repeat instances past a lowered count and
    sends them empty."""
    found = xmldata.repeats(root, CHILD)
    declared = answers.get("children_count", "")
    if declared.isdigit():
        found = found[: int(declared)]
    read = ((r, xmldata.leaves(r, skip=frozenset({ACTIVITY}))) for r in found)
    return [(r, a) for r, a in read if any(a.values())]


def _child_input(a: dict[str, str], index: int) -> ChildInput:
    known = _yes(a.get("dob_known", "yes" if a.get("date_of_birth") else "no"))
    return ChildInput(
        family_name=a.get("family_name", ""),
        given_names=a.get("given_names", ""),
        sex=a.get("sex", ""),
        schooling=a.get("schooling", ""),
        date_of_birth=_day(a.get("date_of_birth", ""), f"child[{index}].date_of_birth") if known else None,
        declared_age=None if known else _int(a.get("declared_age", ""), f"child[{index}].declared_age"),
        birth_certificate=a.get("birth_certificate") or "no",
        nationality=_nationality(a),
        place_of_origin=a.get("place_of_origin", ""),
        arrived_on=_day(a.get("arrived_on", ""), f"child[{index}].arrived_on"),
        lives_with_parents=a.get("lives_with_parents") or "both",
        relation_to_head=a.get("relation_to_head") or "child",
        grade=a.get("grade", ""),
        disability=_yes(a.get("disability", "")),
        guardian_name=a.get("guardian_name", ""),
    )


def _source(submission: Submission) -> str:
    return Visit.Source.DESK if submission.source == "desk" else Visit.Source.MOBILE


def _visit_date(answers: dict[str, str], submission: Submission) -> date:
    for name in ("visit_date", "today", "start", "end"):
        value = _day(answers.get(name, ""), name)
        if value is not None:
            return value
    return timezone.localdate(submission.received_at)


# --- Data quality -------------------------------------------------------------------------------------------------


def _quality(answers: dict[str, str], outcome: Outcome, children: list[ChildInput], desk: bool = False) -> None:
    start, end = _moment(answers.get("start", "")), _moment(answers.get("end", ""))
    if start and end:
        minutes = (end - start).total_seconds() / 60
        if minutes < MIN_INTERVIEW_MINUTES:
            outcome.flag(
                "short_interview",
                _("Entretien trop court : %(m).0f min (minimum %(min)s).")
                % {"m": minutes, "min": MIN_INTERVIEW_MINUTES},
            )
    gps = answers.get("gps", "").split()
    if desk:
        pass  # typed at the office: no interview timing nor GPS to check
    elif len(gps) < 2:
        outcome.flag("gps_missing", _("Position GPS manquante."))
    elif len(gps) >= 4 and float(gps[3]) > MAX_GPS_ACCURACY_M:
        outcome.flag(
            "gps_inaccurate",
            _("GPS imprécis : %(acc).0f m (maximum %(max).0f m).") % {"acc": float(gps[3]), "max": MAX_GPS_ACCURACY_M},
        )
    names = [(c.family_name.strip().upper(), c.given_names.strip().upper()) for c in children]
    if len(set(names)) < len(names):
        outcome.flag("roster_duplicate", _("Le même enfant figure deux fois dans la liste du ménage."))
    today = timezone.localdate()
    for index, child in enumerate(children):
        age = child.declared_age
        if child.date_of_birth is not None:
            age = today.year - child.date_of_birth.year
        if age is not None and child.grade in {"CP1", "CP2"} and age > 12:
            outcome.flag(
                "age_grade",
                _("Enfant %(n)s : %(age)s ans en %(grade)s, âge incohérent avec la classe.")
                % {"n": index + 1, "age": age, "grade": child.grade},
            )
        if age is not None and child.grade in {"2nde", "1re", "Tle"} and age < 12:
            outcome.flag(
                "age_grade",
                _("Enfant %(n)s : %(age)s ans en %(grade)s, âge incohérent avec la classe.")
                % {"n": index + 1, "age": age, "grade": child.grade},
            )
        if child.schooling == "preschool" and age is not None and age >= 7:
            outcome.flag(
                "age_schooling",
                _("Enfant %(n)s : %(age)s ans déclaré « pas encore en âge » d'école.") % {"n": index + 1, "age": age},
            )


# --- Handlers -------------------------------------------------------------------------------------------------------


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ; ".join(f"{k} : {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ; ".join(exc.messages)


def household_visit(submission: Submission, root: Any, original: Submission | None) -> Outcome:
    outcome = Outcome()
    answers = xmldata.leaves(root, skip=frozenset({CHILD}))
    if answers.get("consent") and not _yes(answers["consent"]):
        outcome.flag("no_consent", _("Le ménage n'a pas donné son consentement : aucune donnée enregistrée."))
        return outcome
    if not answers.get("consent"):
        outcome.flag("consent_missing", _("Consentement non renseigné."))
    locality = AdminUnit.objects.filter(pcode=answers.get("locality", "")).first()
    if locality is None:
        raise ProcessingError(_("Localité inconnue : « %(code)s ».") % {"code": answers.get("locality", "")})
    roster = _child_repeats(root, answers)
    repeats, child_answers = [r for r, _a in roster], [a for _r, a in roster]
    children = [_child_input(a, i) for i, a in enumerate(child_answers)]
    gps = answers.get("gps", "").split()
    household = HouseholdInput(
        head_family_name=answers.get("head_family_name", ""),
        head_given_names=answers.get("head_given_names", ""),
        head_sex=answers.get("head_sex", ""),
        size=_int(answers.get("size", ""), "size") or 0,
        head_phone=answers.get("head_phone", ""),
        lat=Decimal(gps[0]).quantize(Decimal("0.000001")) if len(gps) >= 2 else None,
        lon=Decimal(gps[1]).quantize(Decimal("0.000001")) if len(gps) >= 2 else None,
        gps_accuracy_m=int(float(gps[3])) if len(gps) >= 4 else None,
        main_crops=_multi(answers.get("main_crops", "")),
        cooperative_id=_int(answers.get("cooperative", ""), "cooperative"),
    )
    _quality(answers, outcome, children, desk=submission.source == "desk")
    visited_on = _visit_date(answers, submission)
    by = submission.submitted_by
    # A child observed during the visit gets a visit; a desk registration may list children without one.
    visits: list[VisitInput | None] = [
        _visit_input(a, xmldata.repeats(r, ACTIVITY), visited_on, Visit.Kind.HOUSEHOLD)
        if OBSERVATION & a.keys() or xmldata.repeats(r, ACTIVITY)
        else None
        for a, r in zip(child_answers, repeats, strict=True)
    ]
    if original is not None and original.result.get("household"):
        return _correct_household(submission, original, household, children, visits, outcome)
    record = household_register(by=by, locality=locality, household=household, children=children, submission=submission)
    created = list(record.children.order_by("id"))
    visit_ids = [
        None
        if data is None
        else visit_record(by=by, child=child, data=data, source=_source(submission), submission=submission).pk
        for child, data in zip(created, visits, strict=True)
    ]
    outcome.result = {"household": record.pk, "children": [c.pk for c in created], "visits": visit_ids}
    return outcome


def _correct_household(
    submission: Submission,
    original: Submission,
    household: HouseholdInput,
    children: list[ChildInput],
    visits: list[VisitInput | None],
    outcome: Outcome,
) -> Outcome:
    """An edit: the household, its children (by position) and their visits are corrected; new children added."""
    by = submission.submitted_by
    record = Household.objects.get(pk=original.result["household"])
    household_update(by=by, household=record, data=household)
    child_ids, visit_ids = list(original.result.get("children", [])), list(original.result.get("visits", []))
    kept_children: list[int] = []
    kept_visits: list[int | None] = []
    for index, (data, visit) in enumerate(zip(children, visits, strict=True)):
        if index < len(child_ids):
            child = child_update(by=by, child=Child.objects.get(pk=child_ids[index]), data=data)
        else:
            child = child_register(by=by, household=record, data=data)
        old_id = visit_ids[index] if index < len(visit_ids) else None
        updated: Visit | None = None
        if visit is not None and old_id is not None:
            updated = visit_update(by=by, visit=Visit.objects.get(pk=old_id), data=visit)
            Visit.objects.filter(pk=updated.pk).update(submission=submission)
        elif visit is not None:
            updated = visit_record(by=by, child=child, data=visit, source=_source(submission), submission=submission)
        kept_children.append(child.pk)
        kept_visits.append(updated.pk if updated is not None else old_id)
    if len(children) < len(child_ids):
        outcome.flag(
            "children_removed",
            _("La correction retire %(n)s enfant(s) de la liste : leurs fiches sont conservées, à vérifier.")
            % {"n": len(child_ids) - len(children)},
        )
    outcome.result = {
        "household": record.pk,
        "children": kept_children,
        "visits": kept_visits,
        "corrects": original.instance_id,
    }
    return outcome


def follow_up(submission: Submission, root: Any, original: Submission | None) -> Outcome:
    outcome = Outcome()
    answers = xmldata.leaves(root, skip=frozenset({ACTIVITY}))
    code = answers.get("child", "")
    child = children_for(submission.submitted_by).filter(code=code).first()
    if child is None:
        raise ProcessingError(
            _("Enfant « %(code)s » introuvable dans votre ressort (fusionné ou hors ressort ?).") % {"code": code}
        )
    kind = answers.get("visit_kind") or Visit.Kind.FOLLOW_UP
    data = _visit_input(answers, xmldata.repeats(root, ACTIVITY), _visit_date(answers, submission), kind)
    if answers.get("still_working"):
        data.notes = (data.notes + "\n" if data.notes else "") + _("Travaille encore : %(v)s") % {
            "v": _("oui") if _yes(answers["still_working"]) else _("non")
        }
    if original is not None and original.result.get("visits"):
        visit = visit_update(
            by=submission.submitted_by, visit=Visit.objects.get(pk=original.result["visits"][0]), data=data
        )
        Visit.objects.filter(pk=visit.pk).update(submission=submission)
    else:
        visit = visit_record(
            by=submission.submitted_by, child=child, data=data, source=_source(submission), submission=submission
        )
    outcome.result = {
        "child": child.pk,
        "visits": [visit.pk],
        "still_working": answers.get("still_working", ""),
        "services": _multi(answers.get("services_received", "")),
    }
    return outcome


def alert_report(submission: Submission, root: Any, original: Submission | None) -> Outcome:
    """A report (signalement) becomes an alert to triage; its limit runs from when the server received it."""
    outcome = Outcome()
    answers = xmldata.leaves(root)
    locality = AdminUnit.objects.filter(pcode=answers.get("locality", "")).first()
    if locality is None:
        raise ProcessingError(_("Localité inconnue : « %(code)s ».") % {"code": answers.get("locality", "")})
    observed = _moment(answers.get("observed_at", ""))
    if observed is not None and timezone.is_naive(observed):
        observed = timezone.make_aware(observed)
    known = _yes(answers.get("child_known", ""))
    data = AlertInput(
        source=answers.get("source", ""),
        urgency=answers.get("urgency", "") or Alert.Urgency.MEDIUM,
        situation=answers.get("situation", ""),
        locality=locality,
        description=answers.get("description", "").strip(),
        place_detail=answers.get("place_detail", ""),
        observed_at=observed,
        children_count=_int(answers.get("children_count", ""), "children_count") or 1,
        child_name=answers.get("child_name", "") if known else "",
        child_age=_int(answers.get("child_age", ""), "child_age"),
        child_sex=answers.get("child_sex", ""),
        reporter_name=answers.get("reporter_name", ""),
        reporter_phone=answers.get("reporter_phone", ""),
    )
    if original is not None and original.result.get("alert"):
        previous = Alert.objects.get(pk=original.result["alert"])
        alert = alert_correct(by=submission.submitted_by, alert=previous, data=data)
        Alert.objects.filter(pk=alert.pk).update(submission=submission)
    else:
        alert = alert_create(
            by=submission.submitted_by, data=data, submission=submission, received_at=submission.received_at
        )
    if observed is None:
        outcome.flag("observed_at_missing", _("Date des faits non renseignée."))
    outcome.result = {"alert": alert.pk, "code": alert.code}
    return outcome


Handler = Callable[[Submission, Any, Submission | None], Outcome]
HANDLERS: dict[str, Handler] = {
    catalog.HOUSEHOLD_VISIT: household_visit,
    catalog.FOLLOW_UP: follow_up,
    catalog.ALERT: alert_report,
    catalog.AWARENESS: coordination_intake.awareness_session,
    catalog.PARTNER_REPORT: coordination_intake.partner_report,
}


@transaction.atomic
def run(submission: Submission, handler: Handler, original: Submission | None) -> Outcome:
    """Apply the handler and mark the submission processed, all or nothing; errors propagate."""
    root = xmldata.parse(submission.xml.encode("utf-8"))
    outcome = handler(submission, root, original)
    submission.status = Submission.Status.PROCESSED
    submission.error = ""
    submission.result = outcome.result
    submission.flags = outcome.flags
    submission.processed_at = timezone.now()
    submission.attempts += 1
    submission.save(update_fields=["status", "error", "result", "flags", "processed_at", "attempts"])
    if original is not None:
        Submission.objects.filter(pk=original.pk).update(status=Submission.Status.SUPERSEDED)
    audit_record(
        actor=None,
        actor_label="traitement des soumissions",
        action="submission.process",
        obj=submission,
        object_repr=submission.instance_id,
        after={"result": outcome.result, "flags": [f["code"] for f in outcome.flags]},
    )
    return outcome


def process(submission_id: int) -> Submission:
    """Process one stored submission; whatever happens, it stays stored with its status and reason."""
    submission = Submission.objects.select_related("submitted_by", "submitted_by__jurisdiction").get(pk=submission_id)
    if submission.status in {Submission.Status.PROCESSED, Submission.Status.SUPERSEDED}:
        return submission
    handler = HANDLERS.get(submission.form_id)
    if handler is None:
        tool = catalog.TOOLS.get(submission.form_id)
        module = tool.module if tool else "?"
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.HELD,
            error=_("Conservée : le module « %(module)s » qui traitera ce formulaire n'est pas encore en service.")
            % {"module": module},
        )
        submission.refresh_from_db()
        return submission
    original = None
    if submission.deprecated_id:
        original = Submission.objects.filter(instance_id=submission.deprecated_id).first()
        if original is None or original.status != Submission.Status.PROCESSED:
            return _fail(
                submission,
                _("La soumission corrigée (%(id)s) n'a pas encore été traitée.") % {"id": submission.deprecated_id},
            )
    try:
        run(submission, handler, original)
    except ProcessingError as exc:
        return _fail(submission, str(exc))
    except ValidationError as exc:
        return _fail(submission, _("Données refusées : %(errors)s") % {"errors": _errors(exc)})
    except PermissionDenied:
        return _fail(submission, _("L'auteur n'a pas (ou plus) le droit d'enregistrer ces données."))
    except xmldata.InstanceError as exc:
        return _fail(submission, str(exc))
    except Exception as exc:
        return _fail(submission, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}")
    return submission


def _fail(submission: Submission, reason: str) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.FAILED, error=reason[:4000], attempts=submission.attempts + 1
    )
    submission.refresh_from_db()
    return submission
