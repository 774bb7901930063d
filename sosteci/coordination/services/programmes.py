"""Writes to programmes: drafting, submission, and the joint validation by the CIM and the CNLTP.

    draft ──submit──▶ submitted ──(CIM and CNLTP both approve)──▶ validated
      ▲                   │
      └── (edited) ── refused ◀──(CIM or CNLTP refuses)──┘     refused ──submit──▶ submitted (a new round)

Each submission opens a round in which the CIM and the CNLTP each give one opinion; the programme is validated
only when both approve, and refused as soon as either refuses. Only a national user who is an active member of
the committee (its account linked to the member) decides in its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.coordination import policy
from sosteci.coordination.models import BODY_SHORT, VALIDATING_BODIES, Programme, ProgrammeDecision
from sosteci.coordination.services.common import Errors, clean_model, one_line, raise_if, require, text
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit

PROGRAMME_FIELDS = ("title", "description", "structure", "period_start", "period_end", "budget", "target_groups")
S = Programme.Status


@dataclass
class ProgrammeData:
    title: str
    structure: Structure
    period_start: date
    period_end: date
    budget: int
    zones: list[AdminUnit] = field(default_factory=list)
    funders: list[Structure] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    description: str = ""


def programme_data_from(programme: Programme) -> ProgrammeData:
    values = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    return ProgrammeData(**values, zones=list(programme.zones.all()), funders=list(programme.funders.all()))


def _state(programme: Programme, zones: list[AdminUnit], funders: list[Structure]) -> dict[str, Any]:
    return {
        **snapshot(programme, PROGRAMME_FIELDS),
        "zones": sorted(z.pcode for z in zones),
        "funders": sorted(f.pk for f in funders),
    }


def _apply(programme: Programme, data: ProgrammeData) -> None:
    programme.title = one_line(data.title)
    programme.description = text(data.description)
    programme.structure = data.structure
    programme.period_start = data.period_start
    programme.period_end = data.period_end
    programme.budget = data.budget
    groups = dict.fromkeys(data.target_groups)
    programme.target_groups = list(groups)


def _check(by: User | None, programme: Programme, data: ProgrammeData) -> None:
    errors: Errors = {}
    if by is not None and not policy.may_create_programme(by, data.structure):
        errors["structure"] = [
            _("Vous ne pouvez déclarer que les programmes de votre structure (%(name)s).")
            % {"name": by.structure.name if by.structure else "—"}
        ]
    if not data.zones:
        errors["zones"] = [_("Indiquez au moins une zone d'intervention.")]
    elif by is not None:
        outside = policy.zones_out_of_reach(by, data.zones)
        if outside:
            errors["zones"] = [
                _("Zones hors de votre ressort territorial : %(zones)s.")
                % {"zones": ", ".join(f"{z.name} ({z.pcode})" for z in outside)}
            ]
    clean_model(errors, programme, exclude=["code"])
    raise_if(errors)


@transaction.atomic
def programme_create(*, by: User | None, data: ProgrammeData, actor_label: str = "") -> Programme:
    """A new programme, as a draft to complete and submit."""
    require(by, Perm.PROGRAMME_EDIT)
    programme = Programme(created_by=by, status=S.DRAFT)
    _apply(programme, data)
    _check(by, programme, data)
    programme.save()
    programme.zones.set(data.zones)
    programme.funders.set(data.funders)
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="programme.create",
        obj=programme,
        after=_state(programme, data.zones, data.funders),
    )
    return programme


def _require_editor(by: User | None, programme: Programme) -> None:
    require(by, Perm.PROGRAMME_EDIT)
    if by is not None and not policy.may_edit_programme(by, programme):
        raise PermissionDenied(Perm.PROGRAMME_EDIT.value)


@transaction.atomic
def programme_update(*, by: User | None, programme: Programme, data: ProgrammeData, actor_label: str = "") -> Programme:
    """Change a draft or a refused programme; once submitted or validated, its content no longer changes."""
    _require_editor(by, programme)
    if not programme.is_editable:
        raise ValidationError(
            {
                "__all__": [
                    _("Un programme « %(status)s » ne se modifie plus : seuls les brouillons et les refusés changent.")
                    % {"status": programme.get_status_display()}
                ]
            }
        )
    zones, funders = list(programme.zones.all()), list(programme.funders.all())
    before = _state(programme, zones, funders)
    _apply(programme, data)
    _check(by, programme, data)
    old, new = diff(before, _state(programme, data.zones, data.funders))
    if not new:
        return programme
    programme.save()
    if "zones" in new:
        programme.zones.set(data.zones)
    if "funders" in new:
        programme.funders.set(data.funders)
    audit_record(actor=by, actor_label=actor_label, action="programme.update", obj=programme, before=old, after=new)
    return programme


@transaction.atomic
def programme_submit(*, by: User | None, programme: Programme, actor_label: str = "") -> Programme:
    """Send a draft (or a refused programme, revised) to the CIM and the CNLTP: a new round of validation."""
    _require_editor(by, programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in {S.DRAFT, S.REFUSED}:
        raise ValidationError(
            {"status": [_("Ce programme est déjà « %(status)s ».") % {"status": programme.get_status_display()}]}
        )
    before = snapshot(programme, ("status", "round"))
    programme.status = S.SUBMITTED
    programme.round += 1
    programme.submitted_at = timezone.now()
    programme.decided_at = None
    programme.save(update_fields=["status", "round", "submitted_at", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        actor_label=actor_label,
        action="programme.submit",
        obj=programme,
        before=before,
        after=snapshot(programme, ("status", "round")),
    )
    return programme


def _body_for(by: User, body: str | None) -> str:
    """The body the user decides for: its only one, or the one it names among its memberships."""
    bodies = policy.validating_bodies(by)
    if not bodies:
        raise ValidationError(
            {
                "body": [
                    _(
                        "« Organe » : seuls les membres du CIM ou du CNLTP valident les programmes, et votre compte "
                        "n'est lié à aucun membre en fonction de ces comités."
                    )
                ]
            }
        )
    if body:
        if body not in BODY_SHORT or body not in {b.value for b in VALIDATING_BODIES}:
            raise ValidationError({"body": [_("« Organe » : choisissez le CIM ou le CNLTP.")]})
        if body not in bodies:
            raise ValidationError(
                {"body": [_("« Organe » : vous n'êtes pas membre du %(body)s.") % {"body": BODY_SHORT[body]}]}
            )
        return body
    if len(bodies) > 1:
        raise ValidationError({"body": [_("« Organe » : précisez au nom de quel comité (CIM ou CNLTP) vous décidez.")]})
    return bodies[0]


@transaction.atomic
def programme_decide(
    *,
    by: User,
    programme: Programme,
    verdict: str,
    reason: str = "",
    body: str | None = None,
) -> ProgrammeDecision:
    """Record the CIM's or the CNLTP's opinion in the current round, then settle the programme's status."""
    chosen = _body_for(by, body)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != S.SUBMITTED:
        raise ValidationError(
            {
                "status": [
                    _("Ce programme n'attend pas de validation (état : %(status)s).")
                    % {"status": programme.get_status_display()}
                ]
            }
        )
    errors: Errors = {}
    if verdict not in ProgrammeDecision.Verdict.values:
        errors["verdict"] = [_("« Avis » : choisissez un avis favorable ou défavorable.")]
    elif verdict == ProgrammeDecision.Verdict.REFUSED and not reason.strip():
        errors["reason"] = [_("« Motif » : un avis défavorable doit être motivé.")]
    earlier = ProgrammeDecision.objects.filter(programme=programme, body=chosen, round=programme.round).first()
    if earlier is not None:
        errors["body"] = [
            _("Le %(body)s a déjà donné son avis sur ce programme (%(verdict)s, le %(day)s).")
            % {
                "body": BODY_SHORT[chosen],
                "verdict": earlier.get_verdict_display().lower(),
                "day": f"{timezone.localtime(earlier.decided_at):%d/%m/%Y}",
            }
        ]
    raise_if(errors)
    now = timezone.now()
    decision = ProgrammeDecision.objects.create(
        programme=programme,
        body=chosen,
        round=programme.round,
        verdict=verdict,
        reason=text(reason),
        decided_by=by,
        decided_at=now,
    )
    verdicts = dict(
        ProgrammeDecision.objects.filter(programme=programme, round=programme.round).values_list("body", "verdict")
    )
    before = programme.status
    if ProgrammeDecision.Verdict.REFUSED in verdicts.values():
        programme.status = S.REFUSED
    elif all(verdicts.get(b.value) == ProgrammeDecision.Verdict.APPROVED for b in VALIDATING_BODIES):
        programme.status = S.VALIDATED
    if programme.status != before:
        programme.decided_at = now
        programme.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        action="programme.decide",
        obj=programme,
        before={"status": before},
        after={
            "status": programme.status,
            "body": chosen,
            "round": programme.round,
            "verdict": verdict,
            "reason": decision.reason,
        },
    )
    return decision
