"""Writes to evaluations (of a programme, or of SOSTECI itself), their report file, their recommendations and
the recommendations' follow-up (the same steps as a meeting's decisions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.coordination import policy, selectors
from sosteci.coordination.models import Evaluation, Programme, Recommendation
from sosteci.coordination.services.common import (
    Errors,
    clean_model,
    follow_up_move,
    one_line,
    raise_if,
    require,
    text,
)
from sosteci.core.documents import check_document, download_name
from sosteci.territory.models import AdminUnit

EVALUATION_FIELDS = ("title", "evaluated_on", "kind", "stage", "evaluator", "programme", "summary", "findings")
RECOMMENDATION_FIELDS = ("text", "owner", "due_on")


@dataclass
class EvaluationData:
    title: str
    evaluated_on: date
    kind: str
    stage: str
    evaluator: str
    findings: str
    programme: Programme | None = None
    units: list[AdminUnit] = field(default_factory=list)
    summary: str = ""


@dataclass
class RecommendationData:
    text: str
    owner: str
    due_on: date


def evaluation_data_from(evaluation: Evaluation) -> EvaluationData:
    values = {name: getattr(evaluation, name) for name in EVALUATION_FIELDS}
    return EvaluationData(**values, units=list(evaluation.units.all()))


def _state(evaluation: Evaluation, units: list[AdminUnit]) -> dict[str, Any]:
    return {**snapshot(evaluation, EVALUATION_FIELDS), "units": sorted(u.pcode for u in units)}


def _apply(evaluation: Evaluation, data: EvaluationData) -> None:
    evaluation.title = one_line(data.title)
    evaluation.evaluated_on = data.evaluated_on
    evaluation.kind = data.kind
    evaluation.stage = data.stage
    evaluation.evaluator = one_line(data.evaluator)
    evaluation.programme = data.programme
    evaluation.summary = text(data.summary)
    evaluation.findings = text(data.findings)


def _check(by: User | None, evaluation: Evaluation, units: list[AdminUnit]) -> None:
    errors: Errors = {}
    if by is not None:
        outside = policy.evaluation_units_out_of_reach(by, units)
        if outside:
            errors["units"] = [
                _("Zones hors de votre ressort territorial : %(zones)s.") % {"zones": ", ".join(outside)}
            ]
        programme = evaluation.programme
        if programme is not None and not selectors.programmes_for(by).filter(pk=programme.pk).exists():
            errors["programme"] = [_("Programme inconnu ou hors de votre ressort.")]
    clean_model(errors, evaluation, exclude=["report", "report_name", "report_size"])
    raise_if(errors)


def _attach_report(evaluation: Evaluation, report: UploadedFile | None) -> dict[str, Any]:
    """Check and keep the report file (PDF, DOCX or XLSX only); returns what the audit trail records of it."""
    if report is None:
        return {}
    try:
        check_document(report, _("Rapport"))
    except ValidationError as exc:
        raise ValidationError({"report": exc.messages}) from exc
    original = download_name(report.name or "", "rapport")
    evaluation.report.save(original, report, save=False)
    evaluation.report_name = original
    evaluation.report_size = report.size
    return {"report": original, "report_size": report.size}


@transaction.atomic
def evaluation_create(
    *, by: User | None, data: EvaluationData, report: UploadedFile | None = None, actor_label: str = ""
) -> Evaluation:
    require(by, Perm.EVALUATION_EDIT)
    evaluation = Evaluation(recorded_by=by)
    units = list(dict.fromkeys(data.units))
    _apply(evaluation, data)
    _check(by, evaluation, units)
    file_state = _attach_report(evaluation, report)
    evaluation.save()
    evaluation.units.set(units)
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="evaluation.create",
        obj=evaluation,
        after={**_state(evaluation, units), **file_state},
    )
    return evaluation


def _require_editor(by: User | None, evaluation: Evaluation) -> None:
    require(by, Perm.EVALUATION_EDIT)
    if by is not None and not policy.may_edit_evaluation(by, evaluation):
        raise PermissionDenied(Perm.EVALUATION_EDIT.value)


@transaction.atomic
def evaluation_update(
    *,
    by: User | None,
    evaluation: Evaluation,
    data: EvaluationData,
    report: UploadedFile | None = None,
    actor_label: str = "",
) -> Evaluation:
    """Change the evaluation; a new report file replaces the former one (kept on disk for the audit trail)."""
    _require_editor(by, evaluation)
    current = list(evaluation.units.all())
    units = list(dict.fromkeys(data.units))
    before = {**_state(evaluation, current), "report": evaluation.report_name}
    _apply(evaluation, data)
    _check(by, evaluation, units)
    _attach_report(evaluation, report)
    old, new = diff(before, {**_state(evaluation, units), "report": evaluation.report_name})
    if not new and report is None:
        return evaluation
    evaluation.save()
    if "units" in new:
        evaluation.units.set(units)
    audit_record(actor=by, actor_label=actor_label, action="evaluation.update", obj=evaluation, before=old, after=new)
    return evaluation


# --- Recommendations and their follow-up -------------------------------------------------------------------------


def _apply_recommendation(recommendation: Recommendation, data: RecommendationData) -> None:
    recommendation.text = text(data.text)
    recommendation.owner = one_line(data.owner)
    recommendation.due_on = data.due_on


@transaction.atomic
def recommendation_add(
    *, by: User | None, evaluation: Evaluation, data: RecommendationData, actor_label: str = ""
) -> Recommendation:
    _require_editor(by, evaluation)
    recommendation = Recommendation(evaluation=evaluation)
    _apply_recommendation(recommendation, data)
    errors: Errors = {}
    clean_model(errors, recommendation)
    if recommendation.due_on and evaluation.evaluated_on and recommendation.due_on < evaluation.evaluated_on:
        errors.setdefault("due_on", []).append(_("L'échéance précède le rapport d'évaluation qui la recommande."))
    raise_if(errors)
    recommendation.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="recommendation.create",
        obj=recommendation,
        object_repr=recommendation.text[:120],
        after={"evaluation": evaluation.pk, **snapshot(recommendation, RECOMMENDATION_FIELDS)},
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *, by: User | None, recommendation: Recommendation, data: RecommendationData, actor_label: str = ""
) -> Recommendation:
    _require_editor(by, recommendation.evaluation)
    before = snapshot(recommendation, RECOMMENDATION_FIELDS)
    _apply_recommendation(recommendation, data)
    errors: Errors = {}
    clean_model(errors, recommendation)
    evaluated_on = recommendation.evaluation.evaluated_on
    if recommendation.due_on and recommendation.due_on < evaluated_on:
        errors.setdefault("due_on", []).append(_("L'échéance précède le rapport d'évaluation qui la recommande."))
    raise_if(errors)
    old, new = diff(before, snapshot(recommendation, RECOMMENDATION_FIELDS))
    if not new:
        return recommendation
    recommendation.save()
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="recommendation.update",
        obj=recommendation,
        object_repr=recommendation.text[:120],
        before=old,
        after=new,
    )
    return recommendation


@transaction.atomic
def recommendation_follow_up(
    *,
    by: User | None,
    recommendation: Recommendation,
    status: str,
    note: str = "",
    done_on: date | None = None,
    actor_label: str = "",
) -> Recommendation:
    """Move a recommendation along its follow-up (DECISION_MOVES), or only add a dated note."""
    _require_editor(by, recommendation.evaluation)
    old, new = follow_up_move(recommendation, status=status, note=note, done_on=done_on)
    if not new:
        return recommendation
    recommendation.save(update_fields=[*new, "updated_at"])
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="recommendation.follow_up",
        obj=recommendation,
        object_repr=recommendation.text[:120],
        before=old,
        after=new,
    )
    return recommendation
