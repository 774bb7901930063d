"""Writes to outil 4 reports: a structure's efforts over a period, whole or not at all, from the web, API or phone."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record, diff, snapshot
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.collect.models import Submission
from sosteci.coordination import policy
from sosteci.coordination.models import (
    BENEFICIARY_FIELDS,
    TRAFFICKING_FIELDS,
    EffortType,
    PartnerEffort,
    PartnerReport,
    Programme,
)
from sosteci.coordination.services.common import Errors, clean_model, one_line, outside, raise_if, require, text
from sosteci.directory.models import Structure
from sosteci.territory.models import ANCESTOR_FIELDS, AdminUnit, Level

REPORT_FIELDS = ("structure", "period_start", "period_end", "zone", "programme", *TRAFFICKING_FIELDS, "notes")


@dataclass
class EffortData:
    locality: AdminUnit
    activity_type: str
    activity_type_other: str = ""
    boys_5_11: int = 0
    boys_12_14: int = 0
    boys_15_17: int = 0
    girls_5_11: int = 0
    girls_12_14: int = 0
    girls_15_17: int = 0
    adult_men: int = 0
    adult_women: int = 0
    amount_spent: int = 0


@dataclass
class ReportData:
    structure: Structure
    period_start: date
    period_end: date
    efforts: list[EffortData] = field(default_factory=list)
    programme: Programme | None = None
    victims_identified_boys: int = 0
    victims_identified_girls: int = 0
    victims_identified_adults: int = 0
    victims_assisted: int = 0
    victims_referred: int = 0
    victims_repatriated: int = 0
    prosecutions_reported: int = 0
    notes: str = ""


EFFORT_NAMES = [f.name for f in fields(EffortData)]


def effort_data_from(effort: PartnerEffort) -> EffortData:
    return EffortData(**{name: getattr(effort, name) for name in EFFORT_NAMES})


def report_data_from(report: PartnerReport) -> ReportData:
    values = {name: getattr(report, name) for name in ("structure", "period_start", "period_end", "programme")}
    counts = {name: getattr(report, name) for name in TRAFFICKING_FIELDS}
    efforts = [effort_data_from(e) for e in report.efforts.select_related("locality").order_by("id")]
    return ReportData(**values, **counts, notes=report.notes, efforts=efforts)


def common_zone(localities: list[AdminUnit], fallback: AdminUnit) -> AdminUnit:
    """The smallest unit holding every locality (the pays when they lie in different districts)."""
    if not localities:
        return fallback
    chains = [[*(getattr(u, f"{name}_id") for name in ANCESTOR_FIELDS.values()), u.pk] for u in localities]
    shared: int | None = None
    for ids in zip(*chains, strict=True):
        if len(set(ids)) != 1 or ids[0] is None:
            break
        shared = ids[0]
    if shared is None:
        return AdminUnit.objects.get(level=Level.PAYS)
    return next((u for u in localities if u.pk == shared), None) or AdminUnit.objects.get(pk=shared)


def _effort(report: PartnerReport, data: EffortData) -> PartnerEffort:
    effort = PartnerEffort(report=report, locality=data.locality, activity_type=data.activity_type)
    effort.activity_type_other = one_line(data.activity_type_other) if data.activity_type == EffortType.OTHER else ""
    for name in (*BENEFICIARY_FIELDS, "amount_spent"):
        setattr(effort, name, getattr(data, name))
    return effort


def _efforts_errors(by: User | None, report: PartnerReport, efforts: list[PartnerEffort], errors: Errors) -> None:
    """Each action validated; its messages say which action ("Action 2 : …") and which field."""
    for index, effort in enumerate(efforts, start=1):
        problems: Errors = {}
        clean_model(problems, effort, exclude=["report"])
        if by is not None and not may(by, Perm.EFFORT_EDIT, effort.locality) and "locality" not in problems:
            problems["locality"] = [outside(effort.locality)]
        for name, messages in problems.items():
            label = str(getattr(PartnerEffort._meta.get_field(name), "verbose_name", name))
            for message in messages:
                errors.setdefault("efforts", []).append(
                    _("Action %(n)s, « %(field)s » : %(message)s") % {"n": index, "field": label, "message": message}
                )


def _check(by: User | None, report: PartnerReport, data: ReportData, efforts: list[PartnerEffort]) -> None:
    errors: Errors = {}
    if by is not None and not policy.may_report_for(by, data.structure):
        errors["structure"] = [
            _("Vous ne pouvez rendre compte que des efforts de votre structure (%(name)s).")
            % {"name": by.structure.name if by.structure else "—"}
        ]
    if data.programme is not None and data.programme.structure_id != data.structure.pk:
        errors["programme"] = [
            _("Le programme « %(title)s » n'est pas mis en œuvre par %(structure)s.")
            % {"title": data.programme.title, "structure": data.structure.name}
        ]
    clean_model(errors, report)
    _efforts_errors(by, report, efforts, errors)
    if (
        by is not None
        and not efforts
        and not policy.acts_for_structure(by)
        and not may(by, Perm.EFFORT_EDIT, report.zone)
    ):
        errors.setdefault("efforts", []).append(
            _("Sans action dans votre ressort, ce rapport relève de %(unit)s : décrivez au moins une action.")
            % {"unit": report.zone.name}
        )
    if report.period_start and report.period_end and "structure" not in errors:
        twin = (
            PartnerReport.objects.filter(
                structure=data.structure, period_start=report.period_start, period_end=report.period_end
            )
            .exclude(pk=report.pk)
            .first()
        )
        if twin is not None:
            errors.setdefault("period_start", []).append(
                _("%(structure)s a déjà un rapport pour la période du %(start)s au %(end)s : complétez-le.")
                % {
                    "structure": data.structure.name,
                    "start": f"{report.period_start:%d/%m/%Y}",
                    "end": f"{report.period_end:%d/%m/%Y}",
                }
            )
    raise_if(errors)


def _apply(report: PartnerReport, data: ReportData) -> list[PartnerEffort]:
    report.structure = data.structure
    report.period_start, report.period_end = data.period_start, data.period_end
    report.programme = data.programme
    for name in TRAFFICKING_FIELDS:
        setattr(report, name, getattr(data, name))
    report.notes = text(data.notes)
    report.zone = common_zone([e.locality for e in data.efforts], data.structure.admin_unit)
    return [_effort(report, e) for e in data.efforts]


def _efforts_state(efforts: list[PartnerEffort]) -> list[dict[str, Any]]:
    return [
        {"locality": e.locality.pcode, "activity_type": e.activity_type, "activity_type_other": e.activity_type_other}
        | {name: getattr(e, name) for name in (*BENEFICIARY_FIELDS, "amount_spent")}
        for e in efforts
    ]


def _state(report: PartnerReport, efforts: list[PartnerEffort]) -> dict[str, Any]:
    return {**snapshot(report, REPORT_FIELDS), "efforts": _efforts_state(efforts)}


@transaction.atomic
def report_create(
    *,
    by: User | None,
    data: ReportData,
    source: str = PartnerReport.Source.WEB,
    submission: Submission | None = None,
    actor_label: str = "",
) -> PartnerReport:
    """A structure's report over a period with its actions; every field is checked before anything is written."""
    require(by, Perm.EFFORT_EDIT)
    report = PartnerReport(source=source, submission=submission, recorded_by=by)
    efforts = _apply(report, data)
    _check(by, report, data, efforts)
    report.save()
    for effort in efforts:
        effort.report = report
    PartnerEffort.objects.bulk_create(efforts)
    audit_record(
        actor=by, actor_label=actor_label, action="partner_report.create", obj=report, after=_state(report, efforts)
    )
    return report


@transaction.atomic
def report_update(
    *,
    by: User | None,
    report: PartnerReport,
    data: ReportData,
    submission: Submission | None = None,
    actor_label: str = "",
) -> PartnerReport:
    """Replace a report's content and actions (a correction from its page, the API or an edited form)."""
    require(by, Perm.EFFORT_EDIT)
    if by is not None and not policy.may_edit_report(by, report):
        raise PermissionDenied(Perm.EFFORT_EDIT.value)
    current = list(report.efforts.select_related("locality").order_by("id"))
    before = _state(report, current)
    efforts = _apply(report, data)
    _check(by, report, data, efforts)
    old, new = diff(before, _state(report, efforts))
    if not new and submission is None:
        return report
    if submission is not None:
        report.submission = submission
    report.save()
    if "efforts" in new:
        report.efforts.all().delete()
        PartnerEffort.objects.bulk_create(efforts)
    if new:
        audit_record(
            actor=by, actor_label=actor_label, action="partner_report.update", obj=report, before=old, after=new
        )
    return report


def structure_for_code(*, by: User, code: str) -> Structure:
    """The structure a collection form names by its SOSTECI code or acronym; a partner's own one wins a tie."""
    value = " ".join(code.split())
    if not value:
        raise ValidationError({"structure_code": [_("« Code de la structure » : non renseigné.")]})
    found = list(Structure.objects.filter(code__iexact=value)) or list(Structure.objects.filter(acronym__iexact=value))
    if len(found) > 1 and by.structure_id in {s.pk for s in found}:
        found = [s for s in found if s.pk == by.structure_id]
    if not found:
        raise ValidationError(
            {"structure_code": [_("« Code de la structure » : aucune structure « %(code)s ».") % {"code": value}]}
        )
    if len(found) > 1:
        raise ValidationError(
            {
                "structure_code": [
                    _("« Code de la structure » : le sigle « %(code)s » désigne plusieurs structures ; donnez le code.")
                    % {"code": value}
                ]
            }
        )
    return found[0]
