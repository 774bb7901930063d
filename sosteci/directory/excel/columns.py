"""The columns of the structures workbook (export, template and import share them), with their French notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

SHEET_NAME = "Structures"


@dataclass(frozen=True)
class Column:
    name: str  # the header of row 1, as the import expects it
    field: str  # the StructureData attribute it fills
    note: Any  # what to write there (lazy French text)
    required: bool = False
    width: int = 16


COLUMNS = [
    Column("code", "code", _("Code SOSTECI (S-…) ; vide pour une nouvelle structure."), width=13),
    Column("nom", "name", _("Nom complet de la structure."), required=True, width=42),
    Column("sigle", "acronym", _("Sigle ou nom court.")),
    Column("type", "kind", _("Type : code ou libellé de la feuille Listes."), required=True, width=20),
    Column("code_unite", "admin_unit", _("P-code de l'unité où la structure est implantée."), required=True, width=13),
    Column("services", "services", _("Services offerts : codes de la feuille Listes séparés par « ; »."), width=44),
    Column(
        "zones",
        "coverage",
        _("Zones desservies : P-codes séparés par « ; » (vide : sa zone d'implantation)."),
        width=22,
    ),
    Column("adresse", "address", _("Adresse ou repère."), width=30),
    Column("latitude", "lat", _("Latitude en degrés décimaux (ex. 5.7838), en Côte d'Ivoire."), width=11),
    Column("longitude", "lon", _("Longitude en degrés décimaux (ex. -6.5939), en Côte d'Ivoire."), width=11),
    Column("capacite", "capacity", _("Capacité d'accueil (nombre de places), si la structure héberge."), width=10),
    Column("places_libres", "places_free", _("Places libres aujourd'hui ; pas plus que la capacité."), width=10),
    Column("contact", "contact_name", _("Personne à contacter."), width=24),
    Column("telephone", "phone", _("Téléphone à 10 chiffres (01, 05, 07, 21, 25 ou 27), +225 facultatif."), width=16),
    Column("email", "email", _("Adresse électronique."), width=28),
    Column("agrement", "authorisation_number", _("Numéro de l'agrément ou de l'autorisation."), width=22),
    Column("agrement_du", "authorised_from", _("Début de l'agrément (JJ/MM/AAAA)."), width=12),
    Column("agrement_au", "authorised_until", _("Fin de l'agrément (JJ/MM/AAAA) ; vide si sans limite."), width=12),
    Column("description", "description", _("Description libre."), width=40),
]
BY_NAME = {c.name: c for c in COLUMNS}
COLUMN_OF_FIELD = {c.field: c.name for c in COLUMNS}
REQUIRED = [c.name for c in COLUMNS if c.required]
