"""The columns of the register import template: machine names, French labels, and the codes each accepts.

Row 1 of the "Enfants" sheet holds the machine names below (the reader keys on them, in any order); row 2
holds the French labels (optional in an uploaded file: the reader skips it when it recognises it). A CSV
file uses the same machine names in its first line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sosteci.classification import RuleSet
from sosteci.core.text import name_key
from sosteci.registry.models import Child, Crop, Sex, Visit

HOUSEHOLD, CHILD, VISIT = "household", "child", "visit"


@dataclass(frozen=True)
class Column:
    name: str  # machine name, row 1
    label: Callable[[], str]  # French label, row 2 (called at use: gettext follows the active language)
    group: str  # HOUSEHOLD, CHILD or VISIT
    help: Callable[[], str]  # format and allowed values, shown in the Notice and the header comment
    field: str = ""  # the HouseholdInput / ChildInput / VisitInput attribute it fills
    choices: str = ""  # the name of a list of the "Listes" sheet (drop-down)
    multi: bool = False  # several codes separated by ";"
    required: bool = False
    width: int = 14


COLUMNS: tuple[Column, ...] = (
    Column(
        "menage_ref",
        lambda: _("Référence du ménage"),
        HOUSEHOLD,
        lambda: _("Un repère libre (M01, 12…) : toutes les lignes d'un même ménage portent la même référence."),
        required=True,
        width=12,
    ),
    Column(
        "localite_pcode",
        lambda: _("P-code de la localité"),
        HOUSEHOLD,
        lambda: _("Le P-code de la localité (ex. CI260401001), dans votre ressort territorial."),
        field="locality",
        required=True,
    ),
    Column(
        "chef_nom",
        lambda: _("Nom du chef de ménage"),
        HOUSEHOLD,
        lambda: _("Obligatoire sur la première ligne du ménage ; les lignes suivantes peuvent rester vides."),
        field="head_family_name",
        required=True,
        width=18,
    ),
    Column(
        "chef_prenoms",
        lambda: _("Prénoms du chef de ménage"),
        HOUSEHOLD,
        lambda: _("Facultatif."),
        field="head_given_names",
        width=18,
    ),
    Column(
        "chef_sexe",
        lambda: _("Sexe du chef de ménage"),
        HOUSEHOLD,
        lambda: _("F ou M."),
        field="head_sex",
        choices="sexe",
        required=True,
        width=10,
    ),
    Column(
        "chef_telephone",
        lambda: _("Téléphone du chef de ménage"),
        HOUSEHOLD,
        lambda: _("10 chiffres commençant par 01, 05, 07, 21, 25 ou 27 (+225 facultatif)."),
        field="head_phone",
    ),
    Column(
        "taille_menage",
        lambda: _("Taille du ménage"),
        HOUSEHOLD,
        lambda: _("Nombre de personnes vivant dans le ménage (au moins le nombre d'enfants déclarés)."),
        field="size",
        required=True,
        width=10,
    ),
    Column(
        "cultures",
        lambda: _("Cultures principales"),
        HOUSEHOLD,
        lambda: _("Codes de la liste « cultures », séparés par « ; » (ex. cacao;vivrier)."),
        field="main_crops",
        choices="cultures",
        multi=True,
    ),
    Column("gps_lat", lambda: _("Latitude"), HOUSEHOLD, lambda: _("Degrés décimaux (ex. 5.7834)."), field="lat"),
    Column("gps_lon", lambda: _("Longitude"), HOUSEHOLD, lambda: _("Degrés décimaux (ex. -6.6012)."), field="lon"),
    Column(
        "enfant_nom",
        lambda: _("Nom de l'enfant"),
        CHILD,
        lambda: _("Obligatoire."),
        field="family_name",
        required=True,
        width=18,
    ),
    Column(
        "enfant_prenoms",
        lambda: _("Prénoms de l'enfant"),
        CHILD,
        lambda: _("Obligatoire."),
        field="given_names",
        required=True,
        width=18,
    ),
    Column("sexe", lambda: _("Sexe"), CHILD, lambda: _("F ou M."), field="sex", choices="sexe", required=True, width=8),
    Column(
        "date_naissance",
        lambda: _("Date de naissance"),
        CHILD,
        lambda: _("Une date Excel ou JJ/MM/AAAA ; à défaut, remplissez l'âge déclaré."),
        field="date_of_birth",
        width=12,
    ),
    Column(
        "age_declare",
        lambda: _("Âge déclaré"),
        CHILD,
        lambda: _("En années, quand la date de naissance est inconnue (moins de 18 ans)."),
        field="declared_age",
        width=8,
    ),
    Column(
        "acte_naissance",
        lambda: _("Acte de naissance"),
        CHILD,
        lambda: _("oui, non ou en_cours (non si vide)."),
        field="birth_certificate",
        choices="acte_naissance",
        width=10,
    ),
    Column(
        "nationalite",
        lambda: _("Nationalité"),
        CHILD,
        lambda: _("Code pays à deux lettres (CI si vide)."),
        field="nationality",
        choices="nationalite",
        width=8,
    ),
    Column(
        "lieu_origine",
        lambda: _("Lieu d'origine"),
        CHILD,
        lambda: _("Facultatif : village, ville ou pays d'origine."),
        field="place_of_origin",
    ),
    Column(
        "date_arrivee",
        lambda: _("Date d'arrivée dans la localité"),
        CHILD,
        lambda: _("Facultatif : une date Excel ou JJ/MM/AAAA."),
        field="arrived_on",
        width=12,
    ),
    Column(
        "vit_avec",
        lambda: _("Vit avec"),
        CHILD,
        lambda: _("deux_parents, mere, pere ou sans_parents (deux_parents si vide)."),
        field="lives_with_parents",
        choices="vit_avec",
    ),
    Column(
        "lien_chef",
        lambda: _("Lien avec le chef de ménage"),
        CHILD,
        lambda: _("Code de la liste « lien_chef » (enfant si vide)."),
        field="relation_to_head",
        choices="lien_chef",
    ),
    Column(
        "scolarisation",
        lambda: _("Scolarisation"),
        CHILD,
        lambda: _("Code de la liste « scolarisation »."),
        field="schooling",
        choices="scolarisation",
        required=True,
    ),
    Column(
        "classe",
        lambda: _("Classe"),
        CHILD,
        lambda: _("Code de la liste « classe » (facultatif)."),
        field="grade",
        choices="classe",
        width=8,
    ),
    Column(
        "handicap",
        lambda: _("Handicap"),
        CHILD,
        lambda: _("oui ou non (non si vide)."),
        field="disability",
        choices="oui_non",
        width=8,
    ),
    Column(
        "tuteur",
        lambda: _("Parent ou tuteur"),
        CHILD,
        lambda: _("Facultatif : nom du parent ou du tuteur."),
        field="guardian_name",
        width=18,
    ),
    Column(
        "visite_date",
        lambda: _("Date de la visite"),
        VISIT,
        lambda: _("Remplir pour enregistrer une visite : une date Excel ou JJ/MM/AAAA, pas dans le futur."),
        field="visited_on",
        width=12,
    ),
    Column(
        "visite_type",
        lambda: _("Type de visite"),
        VISIT,
        lambda: _("Code de la liste « visite_type » (menage si vide)."),
        field="kind",
        choices="visite_type",
        width=10,
    ),
    Column(
        "activites",
        lambda: _("Activités des 7 derniers jours"),
        VISIT,
        lambda: _("CODE:heures séparés par « ; » (ex. CACAO:12;L_TRI:3), codes de la liste « activites »."),
        field="activities",
        multi=True,
        width=22,
    ),
    Column(
        "taches_dangereuses",
        lambda: _("Tâches dangereuses"),
        VISIT,
        lambda: _("Codes de la liste « taches_dangereuses » séparés par « ; » (ex. H_MACHETTE;H_CHARGE)."),
        field="hazardous_tasks",
        multi=True,
        width=22,
    ),
    Column(
        "indicateurs",
        lambda: _("Indicateurs de traite ou d'exploitation"),
        VISIT,
        lambda: _("Codes de la liste « indicateurs » séparés par « ; »."),
        field="indicators",
        multi=True,
        width=22,
    ),
    Column(
        "travail_nuit",
        lambda: _("Travail de nuit"),
        VISIT,
        lambda: _("oui ou non."),
        field="night_work",
        choices="oui_non",
        width=8,
    ),
    Column(
        "pendant_heures_classe",
        lambda: _("Travaille pendant les heures de classe"),
        VISIT,
        lambda: _("oui ou non."),
        field="works_during_school_hours",
        choices="oui_non",
        width=8,
    ),
    Column(
        "frequente_ecole",
        lambda: _("Fréquente l'école"),
        VISIT,
        lambda: _("oui ou non ; si vide, déduit de la scolarisation."),
        field="attends_school",
        choices="oui_non",
        width=8,
    ),
    Column(
        "apprentissage",
        lambda: _("En apprentissage"),
        VISIT,
        lambda: _("oui ou non."),
        field="apprenticeship",
        choices="oui_non",
        width=8,
    ),
    Column(
        "blesse",
        lambda: _("Blessé au travail"),
        VISIT,
        lambda: _("oui ou non."),
        field="injured_at_work",
        choices="oui_non",
        width=8,
    ),
)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
# A file missing one of these is not the template.
KEY_COLUMNS: tuple[str, ...] = (
    "menage_ref",
    "localite_pcode",
    "chef_nom",
    "chef_sexe",
    "taille_menage",
    "enfant_nom",
    "enfant_prenoms",
    "sexe",
    "scolarisation",
)
HOUSEHOLD_NAMES = tuple(c.name for c in COLUMNS if c.group == HOUSEHOLD and c.name != "menage_ref")
VISIT_NAMES = tuple(c.name for c in COLUMNS if c.group == VISIT)
# Input paths of services.bulk errors -> column: "household.size" -> taille_menage, "visit.kind" -> visite_type.
COLUMN_OF_PATH: dict[str, str] = {
    **{c.field: c.name for c in COLUMNS if c.group == HOUSEHOLD and c.field == "locality"},
    **{f"household.{c.field}": c.name for c in COLUMNS if c.group == HOUSEHOLD and c.field != "locality"},
    **{c.field: c.name for c in COLUMNS if c.group == CHILD},
    **{f"visit.{c.field}": c.name for c in COLUMNS if c.group == VISIT},
}

# File codes of the single-choice lists, mapped to the values the models store.
FILE_CODES: dict[str, dict[str, str]] = {
    "sexe": {"F": Sex.FEMALE.value, "M": Sex.MALE.value},
    "acte_naissance": {"oui": "yes", "non": "no", "en_cours": "in_progress"},
    "vit_avec": {"deux_parents": "both", "mere": "mother", "pere": "father", "sans_parents": "neither"},
    "lien_chef": {
        "enfant": "child",
        "petit_enfant": "grandchild",
        "neveu_niece": "nephew",
        "frere_soeur": "sibling",
        "autre_parent": "other_relative",
        "confie": "fostered",
        "employe": "worker",
    },
    "scolarisation": {
        "scolarise": "enrolled",
        "descolarise": "dropped_out",
        "jamais_scolarise": "never",
        "pas_en_age": "preschool",
    },
    "classe": {g.value: g.value for g in Child.Grade},
    "visite_type": {"menage": "household", "parcelle": "farm", "ecole": "school", "suivi": "follow_up"},
    "cultures": {c.value: c.value for c in Crop},
    "oui_non": {"oui": "oui", "non": "non"},
}
# Other spellings accepted (compared as name_key: no accents, case or punctuation).
ALIASES: dict[str, dict[str, str]] = {
    "sexe": {"FILLE": "F", "FEMME": "F", "GARCON": "M", "HOMME": "M"},
    "oui_non": {"O": "oui", "N": "non", "1": "oui", "0": "non", "VRAI": "oui", "FAUX": "non", "X": "oui"},
}
NATIONALITIES: dict[str, Callable[[], str]] = {
    "CI": lambda: _("Côte d'Ivoire"),
    "BF": lambda: _("Burkina Faso"),
    "ML": lambda: _("Mali"),
    "GN": lambda: _("Guinée"),
    "GH": lambda: _("Ghana"),
    "LR": lambda: _("Liberia"),
    "NE": lambda: _("Niger"),
    "TG": lambda: _("Togo"),
    "BJ": lambda: _("Bénin"),
    "NG": lambda: _("Nigeria"),
    "SN": lambda: _("Sénégal"),
}


def _model_labels() -> dict[str, dict[str, Any]]:
    """The French label of each model value, per list."""
    return {
        "sexe": dict(Sex.choices),
        "acte_naissance": dict(Child.BirthCertificate.choices),
        "vit_avec": dict(Child.Parents.choices),
        "lien_chef": dict(Child.Relation.choices),
        "scolarisation": dict(Child.Schooling.choices),
        "classe": dict(Child.Grade.choices),
        "visite_type": dict(Visit.Kind.choices),
        "cultures": dict(Crop.choices),
        "oui_non": {"oui": _("Oui"), "non": _("Non")},
    }


def reference_lists(ruleset: RuleSet) -> dict[str, list[tuple[str, str]]]:
    """Every list of the "Listes" sheet: (file code, French label), in display order."""
    labels = _model_labels()
    lists = {
        name: [(code, str(labels[name][value])) for code, value in codes.items()] for name, codes in FILE_CODES.items()
    }
    lists["nationalite"] = [(code, label()) for code, label in NATIONALITIES.items()]
    lists["activites"] = [(i.code, i.label_fr) for i in (*ruleset.activities, *ruleset.light_tasks)]
    lists["taches_dangereuses"] = [(i.code, i.label_fr) for i in ruleset.hazardous_tasks]
    lists["indicateurs"] = [(i.code, i.label_fr) for i in ruleset.indicators]
    return lists


def choice_lookup() -> dict[str, dict[str, str]]:
    """For each single-choice list: name_key of a code, a stored value or a French label -> stored value."""
    labels = _model_labels()
    lookup: dict[str, dict[str, str]] = {}
    for name, codes in FILE_CODES.items():
        table: dict[str, str] = {}
        for code, value in codes.items():
            for spelling in (str(labels[name][value]), value, code):
                table[name_key(spelling)] = value
        for alias, code in ALIASES.get(name, {}).items():
            table[alias] = codes[code]
        lookup[name] = table
    return lookup
