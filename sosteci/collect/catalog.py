"""The collection tools: which roles may fill each form, and what processing each submission gets."""

from __future__ import annotations

from dataclasses import dataclass

from sosteci.access.roles import Role

HOUSEHOLD_VISIT = "sosteci_visite_menage"
FOLLOW_UP = "sosteci_suivi_enfant"
LOCALITY_PROFILE = "sosteci_fiche_localite"
AWARENESS = "sosteci_seance_sensibilisation"
ALERT = "sosteci_signalement"
PARTNER_REPORT = "sosteci_rapport_partenaire"

FIELD_ROLES = frozenset({Role.AGENT, Role.SUPERVISEUR})


@dataclass(frozen=True)
class Tool:
    form_id: str
    roles: frozenset[Role]
    # The module that turns its submissions into records; until it exists, submissions are kept "held".
    module: str


TOOLS: dict[str, Tool] = {
    HOUSEHOLD_VISIT: Tool(HOUSEHOLD_VISIT, FIELD_ROLES, "registry"),
    FOLLOW_UP: Tool(FOLLOW_UP, FIELD_ROLES, "registry"),
    LOCALITY_PROFILE: Tool(LOCALITY_PROFILE, FIELD_ROLES, "coordination"),
    AWARENESS: Tool(AWARENESS, FIELD_ROLES | {Role.POINT_FOCAL, Role.PARTENAIRE}, "coordination"),
    ALERT: Tool(ALERT, FIELD_ROLES | {Role.OPERATEUR, Role.POINT_FOCAL}, "cases"),
    PARTNER_REPORT: Tool(
        PARTNER_REPORT, frozenset({Role.PARTENAIRE, Role.PRESTATAIRE, Role.POINT_FOCAL}), "coordination"
    ),
}


def may_fill(role: str, form_id: str) -> bool:
    tool = TOOLS.get(form_id)
    return tool is not None and role in tool.roles
