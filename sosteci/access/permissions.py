"""The one place that answers "may this user do this, here?" (rules predicates over role and jurisdiction)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from sosteci.access.roles import ASSIGNABLE_ROLES, ROLE_LEVELS, Role
from sosteci.territory.models import AdminUnit


class Perm(StrEnum):
    """Permissions; each view or API endpoint declares the one it needs."""

    TERRITORY_VIEW = "territory.view"
    TERRITORY_EDIT = "territory.edit_coverage"
    TERRITORY_IMPORT = "territory.import"
    USER_MANAGE = "access.manage_users"
    AUDIT_VIEW = "access.view_audit"
    CHILD_VIEW = "registry.view_children"
    CHILD_EDIT = "registry.edit_children"
    CHILD_EXPORT = "registry.export_children"
    CHILD_IMPORT = "registry.import_children"
    DUPLICATE_REVIEW = "registry.review_duplicates"
    RULESET_MANAGE = "registry.manage_rulesets"
    SUBMISSION_REVIEW = "collect.review_submissions"
    SUBMISSION_ADMIN = "collect.administer_submissions"
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_EDIT = "directory.edit"
    ALERT_CREATE = "cases.create_alerts"
    ALERT_TRIAGE = "cases.triage_alerts"
    CASE_VIEW = "cases.view_cases"
    CASE_EDIT = "cases.edit_cases"
    CASE_SUPERVISE = "cases.supervise_cases"
    CASE_EXPORT = "cases.export_cases"
    REFERRAL_RESPOND = "cases.respond_referrals"
    PLAN_VIEW = "plans.view"
    PLAN_EDIT = "plans.edit"
    COORDINATION_VIEW = "coordination.view"
    COORDINATION_EDIT = "coordination.edit"
    AWARENESS_RECORD = "coordination.record_awareness"
    PROGRAMME_VIEW = "coordination.view_programmes"
    PROGRAMME_EDIT = "coordination.edit_programmes"
    PROGRAMME_VALIDATE = "coordination.validate_programmes"
    EFFORT_VIEW = "coordination.view_efforts"
    EFFORT_EDIT = "coordination.edit_efforts"
    EVALUATION_EDIT = "coordination.edit_evaluations"
    INDICATOR_VIEW = "indicators.view"
    INDICATOR_REFRESH = "indicators.run_refresh"
    DILIGENCE_DECLARE = "diligence.declare_sourcing"
    KNOWLEDGE_VIEW = "knowledge.view"
    KNOWLEDGE_EDIT = "knowledge.edit"


ALL_ROLES = frozenset(Role)
NATIONAL_ONLY = frozenset(
    {
        Perm.TERRITORY_IMPORT,
        Perm.RULESET_MANAGE,
        Perm.PLAN_EDIT,
        Perm.PROGRAMME_VALIDATE,
        Perm.KNOWLEDGE_EDIT,
        Perm.INDICATOR_REFRESH,
    }
)
# Personal data of children: never partners, providers (until a child is referred to them) or the hotline.
CHILD_READERS = frozenset({Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE})

# Which roles hold each permission. Where it applies ("here") is checked against the jurisdiction.
ROLE_PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.TERRITORY_VIEW: ALL_ROLES,
    Perm.TERRITORY_EDIT: frozenset({Role.ADMIN}),
    Perm.TERRITORY_IMPORT: frozenset({Role.ADMIN}),
    Perm.USER_MANAGE: frozenset({Role.ADMIN, Role.POINT_FOCAL}),
    Perm.AUDIT_VIEW: frozenset({Role.ADMIN}),
    Perm.CHILD_VIEW: CHILD_READERS,
    Perm.CHILD_EDIT: frozenset({Role.AGENT, Role.SUPERVISEUR}),
    Perm.CHILD_EXPORT: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE}),
    Perm.CHILD_IMPORT: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.DUPLICATE_REVIEW: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.RULESET_MANAGE: frozenset({Role.ADMIN}),
    Perm.SUBMISSION_REVIEW: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.SUBMISSION_ADMIN: frozenset({Role.ADMIN}),
    # The repertoire of structures is public to every user; national and departmental staff keep it.
    Perm.DIRECTORY_VIEW: ALL_ROLES,
    Perm.DIRECTORY_EDIT: frozenset({Role.ADMIN, Role.POINT_FOCAL}),
    # Alerts come from the hotline, the field and focal points; triage is done by the hotline and supervisors.
    Perm.ALERT_CREATE: frozenset({Role.OPERATEUR, Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.ALERT_TRIAGE: frozenset({Role.OPERATEUR, Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.CASE_VIEW: frozenset({Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE}),
    Perm.CASE_EDIT: frozenset({Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.CASE_SUPERVISE: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL}),
    Perm.CASE_EXPORT: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL}),
    # Providers answer the referrals made to their structure (checked against the structure, not the territory).
    Perm.REFERRAL_RESPOND: frozenset({Role.PRESTATAIRE}),
    # National action plans (budgets, no personal data): those who coordinate, supervise or finance read them;
    # national analysts and administrators import them.
    Perm.PLAN_VIEW: frozenset({Role.ANALYSTE, Role.POINT_FOCAL, Role.ADMIN, Role.SUPERVISEUR, Role.PARTENAIRE}),
    Perm.PLAN_EDIT: frozenset({Role.ANALYSTE, Role.ADMIN}),
    # Committees, meetings, trainings (no child data): read by the field and those who coordinate, kept by
    # supervisors, focal points and national staff, in their jurisdiction.
    Perm.COORDINATION_VIEW: frozenset({Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN}),
    Perm.COORDINATION_EDIT: frozenset({Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN}),
    # Awareness sessions: also recorded by agents and partners (the collection form's roles).
    Perm.AWARENESS_RECORD: frozenset(
        {Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN, Role.PARTENAIRE}
    ),
    # Programmes and outil 4 reports: partners and providers for their own structure only (coordination.policy);
    # a programme is validated by national staff who are members of the CIM or of the CNLTP.
    Perm.PROGRAMME_VIEW: frozenset(
        {Role.AGENT, Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN, Role.PARTENAIRE, Role.PRESTATAIRE}
    ),
    Perm.PROGRAMME_EDIT: frozenset({Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN, Role.PARTENAIRE, Role.PRESTATAIRE}),
    Perm.PROGRAMME_VALIDATE: frozenset({Role.ANALYSTE, Role.ADMIN}),
    Perm.EFFORT_VIEW: frozenset(
        {Role.SUPERVISEUR, Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN, Role.PARTENAIRE, Role.PRESTATAIRE}
    ),
    Perm.EFFORT_EDIT: frozenset({Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN, Role.PARTENAIRE, Role.PRESTATAIRE}),
    # Evaluations of programmes and of SOSTECI: recorded by focal points and national staff in their jurisdiction;
    # read by those who see the programme (partners: their own structure's) or, for SOSTECI, coordination readers.
    Perm.EVALUATION_EDIT: frozenset({Role.POINT_FOCAL, Role.ANALYSTE, Role.ADMIN}),
    # Aggregate indicators of one's jurisdiction: every role; cells under 5 are suppressed for those who may not
    # read children's records (indicators.selectors).
    Perm.INDICATOR_VIEW: ALL_ROLES,
    # The nightly refresh of the stored figures, run on demand: national administrators.
    Perm.INDICATOR_REFRESH: frozenset({Role.ADMIN}),
    # Due diligence: a company or cooperative (a partner account of such a structure, diligence.policy) declares its
    # sourcing and reads aggregates over it, cells under 5 suppressed; wherever the sourcing is.
    Perm.DILIGENCE_DECLARE: frozenset({Role.PARTENAIRE}),
    # The knowledge base (studies, surveys, reports; no personal data): read by every user, kept by national staff.
    Perm.KNOWLEDGE_VIEW: ALL_ROLES,
    Perm.KNOWLEDGE_EDIT: frozenset({Role.ANALYSTE, Role.ADMIN}),
}


def _unit_of(target: Any) -> AdminUnit | None:
    """The admin unit an object is attached to (a unit, or anything with a jurisdiction)."""
    if target is None or isinstance(target, AdminUnit):
        return target
    unit = getattr(target, "jurisdiction", None)
    return unit if isinstance(unit, AdminUnit) else None


@rules.predicate
def has_jurisdiction(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "jurisdiction_id", None))


@rules.predicate
def is_national(user: Any) -> bool:
    return bool(user.jurisdiction_id) and user.jurisdiction.parent_id is None


@rules.predicate
def target_in_jurisdiction(user: Any, target: Any) -> bool:
    """No target means "somewhere in my jurisdiction"; otherwise the target must lie within it."""
    if target is None:
        return True
    unit = _unit_of(target)
    return unit is not None and user.jurisdiction.contains(unit)


def _role_in(roles: frozenset[Role]) -> Any:
    @rules.predicate(name=f"role_in_{'_'.join(sorted(roles))}")
    def predicate(user: Any) -> bool:
        return getattr(user, "role", None) in roles

    return predicate


for _perm, _roles in ROLE_PERMISSIONS.items():
    _rule = has_jurisdiction & _role_in(_roles) & target_in_jurisdiction
    if _perm in NATIONAL_ONLY:
        _rule = _rule & is_national
    rules.add_perm(_perm.value, _rule)


def may(user: Any, perm: Perm, target: Any = None) -> bool:
    """May `user` do `perm` at `target` (an admin unit, or an object with a jurisdiction)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_perm(perm.value, target))


def require(user: Any, perm: Perm, target: Any = None) -> None:
    if not may(user, perm, target):
        raise PermissionDenied(perm.value)


def assignable_roles(user: Any) -> list[Role]:
    """Roles `user` may give to the users it manages."""
    if user.is_superuser:
        return list(Role)
    allowed = ASSIGNABLE_ROLES.get(Role(user.role), frozenset())
    return [role for role in Role if role in allowed]


def may_manage_user(manager: Any, target: Any) -> bool:
    """A manager acts on users of its jurisdiction whose role it may assign, never on itself."""
    if manager.pk == target.pk:
        return False
    if not may(manager, Perm.USER_MANAGE, target):
        return False
    return Role(target.role) in assignable_roles(manager)


def role_fits_level(role: Role, unit: AdminUnit) -> bool:
    return unit.level_enum in ROLE_LEVELS[role]
