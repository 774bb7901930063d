"""Who may see and change coordination data: the jurisdiction for committees, the own structure for partners.

Partners and providers act for one structure: they see and change only its programmes and outil 4 reports,
wherever these are. Everyone else works within the jurisdiction. A programme is validated for the CIM (or the
CNLTP) only by a national user who is an active member of that committee, linked to the member by its account.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sosteci.access.permissions import Perm, may
from sosteci.access.roles import STRUCTURE_ROLES
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination.models import (
    VALIDATING_BODIES,
    Committee,
    CommitteeMember,
    Evaluation,
    Meeting,
    PartnerReport,
    Programme,
)
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit, Level


def acts_for_structure(user: Any) -> bool:
    """A partner or provider account: its rights follow its structure, not the territory."""
    return bool(getattr(user, "is_authenticated", False) and user.role in STRUCTURE_ROLES)


def own_structure_id(user: Any) -> int | None:
    return user.structure_id if acts_for_structure(user) else None


# --- Committees --------------------------------------------------------------------------------------------------


def may_edit_committee(user: Any, committee: Committee) -> bool:
    return may(user, Perm.COORDINATION_EDIT, committee.admin_unit)


def may_edit_meeting(user: Any, meeting: Meeting, committees: list[Committee] | None = None) -> bool:
    """Every committee of the meeting lies in the user's jurisdiction (a joint national meeting: national staff)."""
    chosen = committees if committees is not None else list(meeting.committees.all())
    return bool(chosen) and all(may_edit_committee(user, c) for c in chosen)


def validating_bodies(user: Any) -> list[str]:
    """The bodies (CIM, CNLTP) for which the user may decide on programmes: its active memberships of them."""
    if not may(user, Perm.PROGRAMME_VALIDATE):
        return []
    found = set(
        CommitteeMember.objects.filter(
            user=user,
            is_active=True,
            committee__is_active=True,
            committee__national_body__in=[b.value for b in VALIDATING_BODIES],
        ).values_list("committee__national_body", flat=True)
    )
    return [b.value for b in VALIDATING_BODIES if b.value in found]


# --- Programmes ----------------------------------------------------------------------------------------------------


def may_create_programme(user: Any, structure: Structure | None = None) -> bool:
    if not may(user, Perm.PROGRAMME_EDIT):
        return False
    if acts_for_structure(user):
        return structure is None or structure.pk == user.structure_id
    return True


def zones_out_of_reach(user: Any, zones: list[AdminUnit]) -> list[AdminUnit]:
    """The zones outside the user's jurisdiction (a partner's account too has one, as for the collection forms)."""
    return [z for z in zones if not may(user, Perm.PROGRAMME_EDIT, z)]


def may_edit_programme(user: Any, programme: Programme) -> bool:
    """The implementing structure's own accounts; otherwise editors whose jurisdiction holds every zone."""
    if not may(user, Perm.PROGRAMME_EDIT):
        return False
    if acts_for_structure(user):
        return programme.structure_id == user.structure_id
    zones = list(programme.zones.all())
    return bool(zones) and not zones_out_of_reach(user, zones)


# --- Outil 4 ---------------------------------------------------------------------------------------------------------


def may_report_for(user: Any, structure: Structure) -> bool:
    """Partners and providers report for their own structure; focal points and national staff for any."""
    if not may(user, Perm.EFFORT_EDIT):
        return False
    if acts_for_structure(user):
        return structure.pk == user.structure_id
    return True


def may_edit_report(user: Any, report: PartnerReport) -> bool:
    if not may(user, Perm.EFFORT_EDIT):
        return False
    if acts_for_structure(user):
        return report.structure_id == user.structure_id
    return may(user, Perm.EFFORT_EDIT, report.zone)


# --- Evaluations -------------------------------------------------------------------------------------------------


def may_record_evaluation(user: Any) -> bool:
    return may(user, Perm.EVALUATION_EDIT)


def evaluation_units_out_of_reach(user: Any, units: list[AdminUnit]) -> list[str]:
    """The names of the evaluated units outside the user's jurisdiction; no unit means the whole country, which
    only national staff answer for."""
    if not units:
        unit = jurisdiction_of(user)
        return [] if unit is not None and unit.level == Level.PAYS else [str(_("tout le pays"))]
    return [f"{u.name} ({u.pcode})" for u in units if not may(user, Perm.EVALUATION_EDIT, u)]


def may_edit_evaluation(user: Any, evaluation: Evaluation, units: list[AdminUnit] | None = None) -> bool:
    """Editors whose jurisdiction holds every evaluated unit (an evaluation of the whole country: national staff)."""
    if not may(user, Perm.EVALUATION_EDIT):
        return False
    chosen = units if units is not None else list(evaluation.units.all())
    return not evaluation_units_out_of_reach(user, chosen)
