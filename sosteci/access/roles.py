"""Roles of DESIGN.md and the jurisdiction levels each may hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sosteci.territory.models import Level


class Role(models.TextChoices):
    AGENT = "agent", _("Agent communautaire")
    SUPERVISEUR = "superviseur", _("Superviseur (sous-préfecture)")
    POINT_FOCAL = "point_focal", _("Point focal départemental")
    ANALYSTE = "analyste", _("Analyste national")
    PRESTATAIRE = "prestataire", _("Prestataire de services")
    PARTENAIRE = "partenaire", _("Partenaire")
    OPERATEUR = "operateur", _("Opérateur ligne verte")
    ADMIN = "admin", _("Administrateur")


ALL_LEVELS = frozenset(Level)
# The levels of the jurisdiction each role may be given.
ROLE_LEVELS: dict[Role, frozenset[Level]] = {
    Role.AGENT: frozenset({Level.LOCALITE}),
    Role.SUPERVISEUR: frozenset({Level.SOUS_PREFECTURE}),
    Role.POINT_FOCAL: frozenset({Level.DEPARTEMENT, Level.REGION}),
    Role.ANALYSTE: frozenset({Level.PAYS}),
    Role.PRESTATAIRE: ALL_LEVELS,
    Role.PARTENAIRE: ALL_LEVELS,
    Role.OPERATEUR: frozenset({Level.PAYS}),
    Role.ADMIN: ALL_LEVELS,
}
# Roles that belong to a structure (a provider or a partner acts for one).
STRUCTURE_ROLES = frozenset({Role.PRESTATAIRE, Role.PARTENAIRE})
# Roles a manager may give: administrators any; a focal point the field and structure roles below it.
ASSIGNABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.ADMIN: frozenset(Role),
    Role.POINT_FOCAL: frozenset({Role.AGENT, Role.SUPERVISEUR, Role.PRESTATAIRE, Role.PARTENAIRE}),
}
