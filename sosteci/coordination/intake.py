"""Collection handlers: a partner's report (outil 4) and an awareness session sent from ODK Collect become records.

Registered in sosteci.collect.processing.HANDLERS; each reads the answers by question name, refuses what does not
parse with a French message naming the question, and calls the services (which check the author's rights and
write everything or nothing). An edited form (deprecatedID) corrects what its original created.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sosteci.access.roles import Role
from sosteci.collect import xmldata
from sosteci.collect.models import Submission
from sosteci.coordination.models import (
    BENEFICIARY_FIELDS,
    TRAFFICKING_FIELDS,
    AwarenessSession,
    Committee,
    CommitteeLevel,
    PartnerReport,
)
from sosteci.coordination.parsing import amount_from_text, count_from_text
from sosteci.coordination.services.awareness import SessionData, session_record, session_update
from sosteci.coordination.services.efforts import (
    EffortData,
    ReportData,
    report_create,
    report_update,
    structure_for_code,
)
from sosteci.territory.models import AdminUnit

if TYPE_CHECKING:
    from sosteci.collect.processing import Outcome

EFFORT = "effort"


def _outcome() -> Outcome:
    # collect.processing imports this module for its HANDLERS: import it back only when a handler runs.
    from sosteci.collect.processing import Outcome

    return Outcome()


def _day(answers: dict[str, str], name: str, label: str) -> date:
    value = answers.get(name, "")
    if not value:
        raise ValidationError({name: [_("« %(field)s » : non renseigné.") % {"field": label}]})
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ValidationError(
            {name: [_("« %(field)s » : date illisible « %(value)s ».") % {"field": label, "value": value}]}
        ) from exc


def _count(answers: dict[str, str], name: str, label: Any, field: str) -> int:
    try:
        return count_from_text(answers.get(name, ""), str(label))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _locality(code: str, field: str, prefix: str = "") -> AdminUnit:
    unit = AdminUnit.objects.filter(pcode=code).first()
    if unit is None:
        raise ValidationError({field: [prefix + _("« Localité » : localité inconnue « %(code)s ».") % {"code": code}]})
    return unit


def _efforts(root: Any, declared: str) -> list[EffortData]:
    """The actions of the repeat, up to the declared count (Collect sends instances past a lowered count empty)."""
    found = xmldata.repeats(root, EFFORT)
    if declared.isdigit():
        found = found[: int(declared)]
    result = []
    for index, node in enumerate(found, start=1):
        answers = xmldata.leaves(node)
        if not any(answers.values()):
            continue
        prefix = _("Action %(n)s, ") % {"n": index}
        try:
            counts = {
                name: count_from_text(answers.get(name, ""), str(label)) for name, label in BENEFICIARY_FIELDS.items()
            }
            amount = amount_from_text(answers.get("amount_spent", ""), _("Montant dépensé (FCFA)"))
        except ValidationError as exc:
            raise ValidationError({"efforts": [prefix + m for m in exc.messages]}) from exc
        result.append(
            EffortData(
                locality=_locality(answers.get("locality", ""), "efforts", prefix),
                activity_type=answers.get("activity_type", ""),
                activity_type_other=answers.get("activity_type_other", ""),
                amount_spent=amount,
                **counts,
            )
        )
    return result


def partner_report(submission: Submission, root: Any, original: Submission | None) -> Outcome:
    """`sosteci_rapport_partenaire`: the structure (by code or acronym), the period, its actions, the trafficking
    indicators; a partner reports only for its own structure."""
    outcome = _outcome()
    by = submission.submitted_by
    answers = xmldata.leaves(root, skip=frozenset({EFFORT}))
    structure = structure_for_code(by=by, code=answers.get("structure_code", ""))
    data = ReportData(
        structure=structure,
        period_start=_day(answers, "period_start", _("Début de la période")),
        period_end=_day(answers, "period_end", _("Fin de la période")),
        efforts=_efforts(root, answers.get("effort_count", "")),
        notes=answers.get("notes", ""),
    )
    for name, label in TRAFFICKING_FIELDS.items():
        setattr(data, name, _count(answers, name, label, name))
    previous = original.result.get("partner_report") if original is not None else None
    if previous:
        report = report_update(by=by, report=PartnerReport.objects.get(pk=previous), data=data, submission=submission)
    else:
        report = report_create(by=by, data=data, source=PartnerReport.Source.MOBILE, submission=submission)
    if not data.efforts:
        outcome.flag("no_efforts", _("Aucune action décrite pour la période."))
    outcome.result = {"partner_report": report.pk, "efforts": len(data.efforts), "structure": structure.code}
    return outcome


def _village_committee(locality: AdminUnit) -> Committee | None:
    return Committee.objects.filter(level=CommitteeLevel.VILLAGE, admin_unit=locality, is_active=True).first()


def awareness_session(submission: Submission, root: Any, original: Submission | None) -> Outcome:
    """`sosteci_seance_sensibilisation`: a session in a locality. Sent by a community agent or a supervisor, it is
    the village committee's (when the village has one); sent by a partner, its structure's."""
    outcome = _outcome()
    by = submission.submitted_by
    answers = xmldata.leaves(root)
    locality = _locality(answers.get("locality", ""), "locality")
    field_role = by.role in {Role.AGENT, Role.SUPERVISEUR}
    data = SessionData(
        locality=locality,
        held_on=_day(answers, "session_date", _("Date de la séance")),
        theme=answers.get("theme", ""),
        theme_other=answers.get("theme_other", ""),
        facilitator=answers.get("facilitator", ""),
        men=_count(answers, "men", _("Hommes"), "men"),
        women=_count(answers, "women", _("Femmes"), "women"),
        boys=_count(answers, "boys", _("Garçons"), "boys"),
        girls=_count(answers, "girls", _("Filles"), "girls"),
        committee=_village_committee(locality) if field_role else None,
        notes=answers.get("notes", ""),
    )
    previous = original.result.get("awareness_session") if original is not None else None
    if previous:
        session = session_update(
            by=by, session=AwarenessSession.objects.get(pk=previous), data=data, submission=submission
        )
    else:
        session = session_record(by=by, data=data, submission=submission)
    if data.committee is None and field_role:
        outcome.flag("no_committee", _("Pas de comité villageois enregistré pour %(name)s.") % {"name": locality.name})
    outcome.result = {"awareness_session": session.pk}
    return outcome
