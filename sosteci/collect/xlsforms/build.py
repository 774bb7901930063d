"""The six SOSTECI collection tools as Python tables, written out as the XLSForm workbooks committees edit in Excel.

`python -m sosteci.collect.xlsforms.build` rewrites the .xlsx files beside this module; `--check` only says
whether they still hold what these tables produce (a test runs it). Change a form here, bump its version,
regenerate. Choice names are the codes the processing code stores: the rule set's activity, light-task,
hazardous-task and indicator codes (read from the rule set itself), the register's codes (registry/models.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sosteci.classification.rules import ListItem
from sosteci.classification.rulesets import load_ruleset

FOLDER = Path(__file__).resolve().parent
FR, EN = "Français (fr)", "English (en)"
LANGUAGES = (FR, EN)
RULESET_VERSION = "2026.1"  # the rule set whose codes the activity, task and indicator lists carry

Text = tuple[str, str]  # (French, English)
Row = dict[str, str]
TRANSLATED = ("label", "hint", "constraint_message")
SURVEY_COLUMNS = (
    "type",
    "name",
    *(f"label::{lang}" for lang in LANGUAGES),
    *(f"hint::{lang}" for lang in LANGUAGES),
    "required",
    "constraint",
    *(f"constraint_message::{lang}" for lang in LANGUAGES),
    "relevant",
    "calculation",
    "default",
    "appearance",
    "choice_filter",
    "parameters",
    "repeat_count",
)
CHOICES_COLUMNS = ("list_name", "name", *(f"label::{lang}" for lang in LANGUAGES))
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language", "instance_name")


def q(
    kind: str,
    name: str,
    label: Text | None = None,
    *,
    hint: Text | None = None,
    required: bool = False,
    constraint: str = "",
    constraint_message: Text | None = None,
    relevant: str = "",
    calculation: str = "",
    default: str = "",
    appearance: str = "",
    choice_filter: str = "",
    parameters: str = "",
    repeat_count: str = "",
) -> Row:
    """One survey row; texts are (French, English) pairs."""
    row: Row = {"type": kind, "name": name}
    for column, text in (("label", label), ("hint", hint), ("constraint_message", constraint_message)):
        if text is not None:
            row[f"{column}::{FR}"], row[f"{column}::{EN}"] = text
    plain = {
        "required": "yes" if required else "",
        "constraint": constraint,
        "relevant": relevant,
        "calculation": calculation,
        "default": default,
        "appearance": appearance,
        "choice_filter": choice_filter,
        "parameters": parameters,
        "repeat_count": repeat_count,
    }
    row.update({k: v for k, v in plain.items() if v})
    return row


def end(kind: str) -> Row:
    return {"type": f"end_{kind}"}


@dataclass(frozen=True)
class Form:
    form_id: str
    title: str
    version: str  # yyyymmddNN: bump it on every change, Collect and the server tell versions apart by it
    instance_name: str
    survey: list[Row]

    @property
    def path(self) -> Path:
        return FOLDER / f"{self.form_id}.xlsx"


# --- Choice lists ---------------------------------------------------------------------------------------------------

YES_NO = [("yes", "Oui", "Yes"), ("no", "Non", "No")]
SEX = [("F", "Féminin", "Female"), ("M", "Masculin", "Male")]  # registry Sex
CROP = [  # registry Crop
    ("cacao", "Cacao", "Cocoa"),
    ("cafe", "Café", "Coffee"),
    ("hevea", "Hévéa", "Rubber"),
    ("palmier", "Palmier à huile", "Oil palm"),
    ("anacarde", "Anacarde", "Cashew"),
    ("coton", "Coton", "Cotton"),
    ("vivrier", "Vivrier", "Food crops"),
    ("autre", "Autre", "Other"),
]
BIRTH_CERTIFICATE = [("yes", "Oui", "Yes"), ("no", "Non", "No"), ("in_progress", "En cours", "In progress")]
NATIONALITY = [
    ("CI", "Ivoirienne", "Ivorian"),
    ("BF", "Burkinabè", "Burkinabe"),
    ("ML", "Malienne", "Malian"),
    ("GN", "Guinéenne", "Guinean"),
    ("GH", "Ghanéenne", "Ghanaian"),
    ("LR", "Libérienne", "Liberian"),
    ("NE", "Nigérienne", "Nigerien"),
    ("TG", "Togolaise", "Togolese"),
    ("BJ", "Béninoise", "Beninese"),
    ("other", "Autre", "Other"),
]
PARENTS = [  # registry Child.Parents
    ("both", "Avec ses deux parents", "With both parents"),
    ("mother", "Avec sa mère seulement", "With mother only"),
    ("father", "Avec son père seulement", "With father only"),
    ("neither", "Sans ses parents", "With neither parent"),
]
RELATION = [  # registry Child.Relation
    ("child", "Fils / fille", "Son / daughter"),
    ("grandchild", "Petit-fils / petite-fille", "Grandchild"),
    ("nephew", "Neveu / nièce", "Nephew / niece"),
    ("sibling", "Frère / sœur", "Brother / sister"),
    ("other_relative", "Autre parent", "Other relative"),
    ("fostered", "Enfant confié (sans lien de parenté)", "Fostered child (not a relative)"),
    ("worker", "Employé du ménage", "Household employee"),
]
SCHOOLING = [  # registry Child.Schooling
    ("enrolled", "Scolarisé", "In school"),
    ("dropped_out", "Déscolarisé", "Dropped out"),
    ("never", "Jamais scolarisé", "Never been to school"),
    ("preschool", "Pas encore en âge", "Not yet of school age"),
]
GRADE = [  # registry Child.Grade
    ("CP1", "CP1", "CP1 (primary, year 1)"),
    ("CP2", "CP2", "CP2 (primary, year 2)"),
    ("CE1", "CE1", "CE1 (primary, year 3)"),
    ("CE2", "CE2", "CE2 (primary, year 4)"),
    ("CM1", "CM1", "CM1 (primary, year 5)"),
    ("CM2", "CM2", "CM2 (primary, year 6)"),
    ("6e", "6e", "6e (lower secondary, year 1)"),
    ("5e", "5e", "5e (lower secondary, year 2)"),
    ("4e", "4e", "4e (lower secondary, year 3)"),
    ("3e", "3e", "3e (lower secondary, year 4)"),
    ("2nde", "2nde", "2nde (upper secondary, year 1)"),
    ("1re", "1re", "1re (upper secondary, year 2)"),
    ("Tle", "Terminale", "Terminale (final year)"),
    ("pro", "Formation professionnelle", "Vocational training"),
    ("coranique", "École coranique", "Quranic school"),
]
SERVICE = [
    ("school_reintegration", "Réinsertion scolaire", "Return to school"),
    ("school_kit", "Kit scolaire", "School kit"),
    ("birth_certificate", "Établissement de l'acte de naissance", "Birth certificate issued"),
    ("vocational_training", "Formation professionnelle", "Vocational training"),
    ("apprenticeship", "Placement en apprentissage", "Apprenticeship placement"),
    ("psychosocial", "Soutien psychosocial", "Psychosocial support"),
    ("medical", "Soins médicaux", "Medical care"),
    ("shelter", "Hébergement (centre d'accueil ou de transit)", "Shelter (reception or transit centre)"),
    ("family_tracing", "Recherche de la famille", "Family tracing"),
    ("repatriation", "Rapatriement", "Repatriation"),
    ("legal_aid", "Assistance juridique", "Legal aid"),
    (
        "household_income",
        "Activité génératrice de revenus pour le ménage",
        "Income-generating activity for the household",
    ),
]
THEME = [
    ("child_labour", "Travail des enfants", "Child labour"),
    ("trafficking", "Traite des enfants", "Child trafficking"),
    ("birth_registration", "Déclaration des naissances", "Birth registration"),
    ("schooling", "Scolarisation", "Schooling"),
    ("hazardous_work", "Travaux dangereux", "Hazardous work"),
    ("other", "Autre", "Other"),
]
ALERT_SOURCE = [
    ("green_line", "Ligne verte", "Helpline (green line)"),
    ("community_relay", "Relais communautaire", "Community relay"),
    ("police", "Police ou gendarmerie", "Police or gendarmerie"),
    ("border_post", "Poste frontière", "Border post"),
    ("reception_centre", "Centre d'accueil", "Reception centre"),
    ("school", "École", "School"),
    ("anonymous", "Anonyme", "Anonymous"),
]
URGENCY = [
    ("high", "Haute : enfant en danger immédiat", "High: child in immediate danger"),
    ("medium", "Moyenne", "Medium"),
    ("low", "Basse", "Low"),
]
SITUATION = [
    ("child_labour", "Travail des enfants", "Child labour"),
    ("hazardous_work", "Travail dangereux", "Hazardous work"),
    ("trafficking", "Traite", "Trafficking"),
    ("forced_labour", "Travail forcé", "Forced labour"),
    ("sexual_exploitation", "Exploitation sexuelle", "Sexual exploitation"),
    ("other", "Autre", "Other"),
]
EFFORT_TYPE = [
    ("awareness", "Sensibilisation", "Awareness raising"),
    ("school_kits", "Kits scolaires", "School kits"),
    ("birth_certificates", "Actes de naissance", "Birth certificates"),
    ("income_generating", "Activités génératrices de revenus", "Income-generating activities"),
    ("infrastructure", "Infrastructures (écoles, centres, forages)", "Infrastructure (schools, centres, boreholes)"),
    ("training", "Formation", "Training"),
    ("victim_assistance", "Assistance aux victimes", "Victim assistance"),
    ("other", "Autre", "Other"),
]


def _items(items: Iterable[ListItem]) -> list[tuple[str, str, str]]:
    return [(i.code, i.label_fr, i.label_en or i.label_fr) for i in items]


_RULESET = load_ruleset(RULESET_VERSION)
ACTIVITY = _items((*_RULESET.activities, *_RULESET.light_tasks))
HAZARD = _items(_RULESET.hazardous_tasks)
INDICATOR = _items(_RULESET.indicators)

CHOICE_LISTS: dict[str, list[tuple[str, str, str]]] = {
    "yes_no": YES_NO,
    "sex": SEX,
    "crop": CROP,
    "birth_certificate": BIRTH_CERTIFICATE,
    "nationality": NATIONALITY,
    "parents": PARENTS,
    "relation": RELATION,
    "schooling": SCHOOLING,
    "grade": GRADE,
    "activity": ACTIVITY,
    "hazard": HAZARD,
    "indicator": INDICATOR,
    "service": SERVICE,
    "theme": THEME,
    "alert_source": ALERT_SOURCE,
    "urgency": URGENCY,
    "situation": SITUATION,
    "effort_type": EFFORT_TYPE,
}


# --- Blocks shared by several forms -----------------------------------------------------------------------------

META = [q("start", "start"), q("end", "end"), q("username", "username"), q("deviceid", "deviceid")]
NOT_FUTURE = ". <= today()"
NOT_FUTURE_MESSAGE = ("La date ne peut pas être dans le futur.", "The date cannot be in the future.")
COUNT = ". >= 0 and . <= 100000"
COUNT_MESSAGE = ("Un nombre entier, de 0 à 100 000.", "A whole number, 0 to 100,000.")
PHONE = "regex(., '^(01|05|07|21|25|27)[0-9]{8}$')"
PHONE_MESSAGE = (
    "Numéro ivoirien à 10 chiffres commençant par 01, 05, 07, 21, 25 ou 27, sans espace ni +225.",
    "Ivorian 10-digit number starting with 01, 05, 07, 21, 25 or 27, without spaces or +225.",
)
# Hours of one activity, and of all the activities of the same child (rows still empty do not count). From
# observation/activity/activity_details/hours, ../../.. is the child's observation group.
HOURS = ". >= 0 and . <= 168 and sum(../../../activity/activity_details/hours[string-length(.) > 0]) <= 168"


def counted_repeat(name: str, label: Text, count: str, *, relevant: str = "") -> list[Row]:
    """A repeat with as many instances as the count question says; close it with `end_counted_repeat()`.

    pyxform always writes a first instance, and Collect never removes instances when a count goes down: the
    repeat is not relevant at a count of 0, and the questions of instances past the count sit in a group that is
    not relevant, so Collect neither asks them nor sends their answers (an instance past the count arrives empty).
    """
    some = f"${{{count}}} > 0"
    return [
        q(
            "begin_repeat",
            name,
            label,
            relevant=f"{relevant} and {some}" if relevant else some,
            repeat_count=f"${{{count}}}",
        ),
        q("begin_group", f"{name}_details", relevant=f"position(..) <= ${{{count}}}"),
    ]


def end_counted_repeat() -> list[Row]:
    return [end("group"), end("repeat")]


def date_today(name: str, label: Text) -> Row:
    return q(
        "date",
        name,
        label,
        required=True,
        default="today()",
        constraint=NOT_FUTURE,
        constraint_message=NOT_FUTURE_MESSAGE,
    )


def locality(*, relevant: str = "", with_label: bool = True) -> list[Row]:
    """The localité, from the list of the user's jurisdiction the server sends (localites.csv)."""
    rows = [
        q(
            "select_one_from_file localites.csv",
            "locality",
            ("Localité", "Locality"),
            hint=("Tapez les premières lettres du nom.", "Type the first letters of the name."),
            required=True,
            relevant=relevant,
            appearance="minimal autocomplete",
        )
    ]
    if with_label:
        rows.append(
            q("calculate", "locality_label", calculation="instance('localites')/root/item[name=${locality}]/label")
        )
    return rows


def count(
    name: str,
    label: Text,
    *,
    hint: Text | None = None,
    constraint: str = COUNT,
    constraint_message: Text = COUNT_MESSAGE,
) -> Row:
    return q(
        "integer",
        name,
        label,
        hint=hint,
        required=True,
        constraint=constraint,
        constraint_message=constraint_message,
    )


def observation(group_label: Text) -> list[Row]:
    """The last 7 days of one child: school, work, activities with hours, hazardous tasks, indicators, injuries."""
    none_ticked = (
        "Cochez tout ce qui est constaté ou déclaré ; aucun : ne cochez rien.",
        "Tick all that are seen or reported; none: tick nothing.",
    )
    return [
        q("begin_group", "observation", group_label),
        q(
            "select_one yes_no",
            "attends_school",
            ("Est allé(e) à l'école au cours des 7 derniers jours ?", "Went to school during the last 7 days?"),
            required=True,
        ),
        q(
            "select_one yes_no",
            "works_during_school_hours",
            ("A travaillé pendant les heures de classe ?", "Worked during school hours?"),
            required=True,
        ),
        q("select_one yes_no", "night_work", ("A travaillé la nuit ?", "Worked at night?"), required=True),
        q(
            "select_one yes_no",
            "apprenticeship",
            (
                "Est en apprentissage (chez un maître artisan ou sous contrat) ?",
                "Is an apprentice (with a master craftsman or under contract)?",
            ),
            required=True,
        ),
        q(
            "integer",
            "activity_count",
            (
                "Nombre d'activités différentes au cours des 7 derniers jours, tâches ménagères comprises",
                "Number of different activities during the last 7 days, household chores included",
            ),
            hint=(
                "Aucune : 0. Chaque activité est ensuite décrite une fois, avec ses heures.",
                "None: 0. Each activity is then described once, with its hours.",
            ),
            required=True,
            constraint=f". >= 0 and . <= {len(ACTIVITY)}",
            constraint_message=(f"Entre 0 et {len(ACTIVITY)}.", f"Between 0 and {len(ACTIVITY)}."),
        ),
        *counted_repeat("activity", ("Activité", "Activity"), "activity_count"),
        q("select_one activity", "code", ("Activité ou tâche", "Activity or task"), required=True),
        q(
            "decimal",
            "hours",
            ("Heures au cours des 7 derniers jours", "Hours during the last 7 days"),
            hint=("Total sur la semaine, de 0 à 168.", "Total for the week, 0 to 168."),
            required=True,
            constraint=HOURS,
            constraint_message=(
                "Entre 0 et 168 heures, et pas plus de 168 heures en tout pour cet enfant sur 7 jours.",
                "Between 0 and 168 hours, and no more than 168 hours in all for this child over 7 days.",
            ),
        ),
        *end_counted_repeat(),
        q(
            "select_multiple hazard",
            "hazardous_tasks",
            ("Tâches dangereuses effectuées", "Hazardous tasks performed"),
            hint=none_ticked,
        ),
        q(
            "select_multiple indicator",
            "indicators",
            (
                "Signes de traite, de travail forcé ou d'exploitation",
                "Signs of trafficking, forced labour or exploitation",
            ),
            hint=none_ticked,
        ),
        q(
            "select_one yes_no",
            "injured_at_work",
            ("S'est blessé(e) en travaillant ?", "Got injured while working?"),
            required=True,
        ),
        q(
            "text",
            "injury_note",
            ("Blessure : que s'est-il passé ?", "Injury: what happened?"),
            required=True,
            relevant="${injured_at_work} = 'yes'",
            constraint="string-length(.) <= 255",
            constraint_message=("255 caractères au plus.", "255 characters at most."),
        ),
        end("group"),
    ]


NOTES = q("text", "notes", ("Observations", "Notes"), appearance="multiline")


# --- The six forms ----------------------------------------------------------------------------------------------

FICHE_LOCALITE = Form(
    form_id="sosteci_fiche_localite",
    title="Fiche localité",
    version="2026112301",
    instance_name="concat(${locality_label}, ' — ', ${survey_date})",
    survey=[
        *META,
        *locality(),
        date_today("survey_date", ("Date de la fiche", "Date of the profile")),
        count(
            "population_estimate",
            ("Population estimée (habitants)", "Estimated population (inhabitants)"),
            constraint=". >= 0 and . <= 1000000",
            constraint_message=("Un nombre entier, de 0 à 1 000 000.", "A whole number, 0 to 1,000,000."),
        ),
        q(
            "select_one yes_no",
            "has_primary_school",
            ("Une école primaire dans la localité ?", "A primary school in the locality?"),
            required=True,
        ),
        q(
            "decimal",
            "school_distance_km",
            ("Distance jusqu'à l'école primaire la plus proche (km)", "Distance to the nearest primary school (km)"),
            required=True,
            relevant="${has_primary_school} = 'no'",
            constraint=". > 0 and . <= 200",
            constraint_message=("Plus de 0 km et au plus 200 km.", "More than 0 km and at most 200 km."),
        ),
        q(
            "select_one yes_no",
            "has_health_centre",
            ("Un centre de santé dans la localité ?", "A health centre in the locality?"),
            required=True,
        ),
        q(
            "select_one yes_no",
            "has_protection_committee",
            (
                "Un comité villageois de protection de l'enfant en activité ?",
                "An active village child-protection committee?",
            ),
            required=True,
        ),
        q("select_multiple crop", "main_crops", ("Cultures principales", "Main crops"), required=True),
        q(
            "text",
            "cooperatives",
            ("Coopératives présentes", "Cooperatives present"),
            hint=(
                "Noms ou sigles, séparés par des virgules ; aucune : laissez vide.",
                "Names or acronyms, comma-separated; none: leave empty.",
            ),
        ),
        NOTES,
    ],
)

CONSENT_YES = "${consent} = 'yes'"
VISITE_MENAGE = Form(
    form_id="sosteci_visite_menage",
    title="Visite ménage",
    version="2026112301",
    instance_name=(
        "if(${consent} = 'yes', concat(${head_family_name}, ' ', ${head_given_names}, ' — ', ${locality_label}), "
        "concat('Refus — ', ${visit_date}))"
    ),
    survey=[
        *META,
        date_today("visit_date", ("Date de la visite", "Date of the visit")),
        q(
            "note",
            "consent_text",
            (
                "Lisez : « Nous sommes du comité de protection de l'enfant. Nous recensons les enfants des ménages "
                "pour les protéger du travail dangereux et de la traite. Vos réponses restent confidentielles et ne "
                "servent qu'à protéger les enfants. Vous pouvez refuser ou arrêter à tout moment. »",
                "Read: “We are from the child-protection committee. We record the children of each household to "
                "protect them from hazardous work and trafficking. Your answers stay confidential and serve only to "
                "protect children. You may refuse or stop at any time.”",
            ),
        ),
        q(
            "select_one yes_no",
            "consent",
            ("Le ménage accepte-t-il de répondre ?", "Does the household agree to answer?"),
            required=True,
        ),
        q(
            "note",
            "consent_refused",
            (
                "Refus : n'insistez pas. Enregistrez et finalisez le formulaire ; "
                "aucune donnée du ménage ne sera conservée.",
                "Refusal: do not insist. Save and finalise the form; no household data will be kept.",
            ),
            relevant="${consent} = 'no'",
        ),
        *locality(relevant=CONSENT_YES),
        q(
            "geopoint",
            "gps",
            ("Position GPS de la maison", "GPS position of the house"),
            hint=(
                "Dehors, attendez une précision de 20 m ou mieux.",
                "Outdoors, wait for an accuracy of 20 m or better.",
            ),
            relevant=CONSENT_YES,
            parameters="capture-accuracy=10 warning-accuracy=20",
        ),
        q("begin_group", "household", ("Ménage", "Household"), relevant=CONSENT_YES),
        q(
            "text",
            "head_family_name",
            ("Nom du chef de ménage", "Family name of the household head"),
            required=True,
            constraint="string-length(normalize-space(.)) >= 2",
            constraint_message=("Au moins 2 lettres.", "At least 2 letters."),
        ),
        q("text", "head_given_names", ("Prénoms du chef de ménage", "Given names of the household head")),
        q("select_one sex", "head_sex", ("Sexe du chef de ménage", "Sex of the household head"), required=True),
        q(
            "text",
            "head_phone",
            ("Téléphone du chef de ménage", "Phone number of the household head"),
            hint=("10 chiffres, par exemple 0707123456.", "10 digits, for example 0707123456."),
            constraint=PHONE,
            constraint_message=PHONE_MESSAGE,
            appearance="numbers",
        ),
        q(
            "integer",
            "size",
            ("Nombre de personnes dans le ménage", "Number of people in the household"),
            hint=("Adultes et enfants, chef de ménage compris.", "Adults and children, the head included."),
            required=True,
            constraint=". >= 1 and . <= 100",
            constraint_message=("Entre 1 et 100 personnes.", "Between 1 and 100 people."),
        ),
        q("select_multiple crop", "main_crops", ("Cultures principales du ménage", "Main crops of the household")),
        q(
            "integer",
            "children_count",
            ("Nombre d'enfants de moins de 18 ans dans le ménage", "Number of children under 18 in the household"),
            hint=(
                "Tous les enfants qui vivent dans le ménage, y compris confiés ou employés.",
                "All children living in the household, fostered or employed ones included.",
            ),
            required=True,
            constraint=". >= 0 and . <= ${size}",
            constraint_message=(
                "Pas plus d'enfants que de personnes dans le ménage.",
                "No more children than people in the household.",
            ),
        ),
        end("group"),
        *counted_repeat(
            "child", ("Enfant de moins de 18 ans", "Child under 18"), "children_count", relevant=CONSENT_YES
        ),
        q(
            "text",
            "family_name",
            ("Nom de l'enfant", "Child's family name"),
            required=True,
            constraint="string-length(normalize-space(.)) >= 2",
            constraint_message=("Au moins 2 lettres.", "At least 2 letters."),
        ),
        q("text", "given_names", ("Prénoms", "Given names"), required=True),
        q("select_one sex", "sex", ("Sexe", "Sex"), required=True),
        q("select_one yes_no", "dob_known", ("Date de naissance connue ?", "Date of birth known?"), required=True),
        q(
            "date",
            "date_of_birth",
            ("Date de naissance", "Date of birth"),
            required=True,
            relevant="${dob_known} = 'yes'",
            constraint=". <= today() and int((decimal-date-time(today()) - decimal-date-time(.)) div 365.25) < 18",
            constraint_message=(
                "Pas dans le futur, et l'enfant doit avoir moins de 18 ans.",
                "Not in the future, and the child must be under 18.",
            ),
        ),
        q(
            "integer",
            "declared_age",
            ("Âge déclaré (années révolues)", "Declared age (completed years)"),
            required=True,
            relevant="${dob_known} = 'no'",
            constraint=". >= 0 and . <= 17",
            constraint_message=("Entre 0 et 17 ans.", "Between 0 and 17 years."),
        ),
        q(
            "select_one birth_certificate",
            "birth_certificate",
            ("A un acte de naissance ?", "Has a birth certificate?"),
            required=True,
        ),
        q("select_one nationality", "nationality", ("Nationalité", "Nationality"), required=True, default="CI"),
        q(
            "text",
            "nationality_other",
            ("Autre nationalité : code pays à 2 lettres", "Other nationality: 2-letter country code"),
            hint=("Par exemple SN pour le Sénégal, NG pour le Nigeria.", "For example SN for Senegal, NG for Nigeria."),
            required=True,
            relevant="${nationality} = 'other'",
            constraint="regex(., '^[A-Z]{2}$')",
            constraint_message=("Deux lettres majuscules.", "Two capital letters."),
        ),
        q(
            "text",
            "place_of_origin",
            ("Lieu d'origine (village ou ville, pays)", "Place of origin (village or town, country)"),
            hint=("Si l'enfant n'est pas né dans la localité.", "If the child was not born in the locality."),
        ),
        q(
            "date",
            "arrived_on",
            ("Arrivé(e) dans la localité le", "Arrived in the locality on"),
            hint=(
                "Si l'enfant est venu d'ailleurs ; date approximative acceptée.",
                "If the child came from elsewhere; an approximate date will do.",
            ),
            constraint=". <= today() and (${dob_known} != 'yes' or . >= ${date_of_birth})",
            constraint_message=("Pas dans le futur, ni avant la naissance.", "Not in the future, nor before birth."),
        ),
        q("select_one parents", "lives_with_parents", ("Vit avec", "Lives with"), required=True),
        q(
            "select_one relation",
            "relation_to_head",
            ("Lien avec le chef de ménage", "Relation to the household head"),
            required=True,
        ),
        q("select_one schooling", "schooling", ("Scolarisation", "Schooling"), required=True),
        q("select_one grade", "grade", ("Classe", "Grade"), required=True, relevant="${schooling} = 'enrolled'"),
        q("select_one yes_no", "disability", ("Handicap ?", "Disability?"), required=True),
        q(
            "text",
            "guardian_name",
            ("Nom du parent ou tuteur", "Name of the parent or guardian"),
            hint=(
                "Surtout si l'enfant ne vit pas avec ses parents.",
                "Especially if the child does not live with their parents.",
            ),
        ),
        *observation(("Les 7 derniers jours de ${given_names}", "${given_names}: the last 7 days")),
        *end_counted_repeat(),
        NOTES,
    ],
)

SUIVI_ENFANT = Form(
    form_id="sosteci_suivi_enfant",
    title="Suivi enfant",
    version="2026112301",
    instance_name="concat(${child_label}, ' — ', ${visit_date})",
    survey=[
        *META,
        date_today("visit_date", ("Date de la visite", "Date of the visit")),
        *locality(with_label=False),
        q(
            "select_one_from_file enfants.csv",
            "child",
            ("Enfant suivi", "Child followed up"),
            hint=(
                "Enfants enregistrés de la localité ; la liste se met à jour à chaque connexion au serveur.",
                "Registered children of the locality; the list is refreshed at each connection to the server.",
            ),
            required=True,
            appearance="minimal autocomplete",
            choice_filter="locality=${locality}",
        ),
        q("calculate", "child_label", calculation="instance('enfants')/root/item[name=${child}]/label"),
        *observation(("Les 7 derniers jours de l'enfant", "The child's last 7 days")),
        q(
            "select_one yes_no",
            "still_working",
            ("L'enfant est-il toujours astreint à un travail interdit ?", "Is the child still doing forbidden work?"),
            required=True,
        ),
        q(
            "select_multiple service",
            "services_received",
            ("Services reçus depuis la dernière visite", "Services received since the last visit"),
            hint=("Aucun : ne cochez rien.", "None: tick nothing."),
        ),
        NOTES,
    ],
)

SEANCE_SENSIBILISATION = Form(
    form_id="sosteci_seance_sensibilisation",
    title="Séance de sensibilisation",
    version="2026112301",
    instance_name="concat(${locality_label}, ' — ', ${session_date})",
    survey=[
        *META,
        *locality(),
        date_today("session_date", ("Date de la séance", "Date of the session")),
        q("select_one theme", "theme", ("Thème principal", "Main theme"), required=True),
        q(
            "text",
            "theme_other",
            ("Autre thème : lequel ?", "Other theme: which one?"),
            required=True,
            relevant="${theme} = 'other'",
        ),
        q("text", "facilitator", ("Animateur ou animatrice", "Facilitator"), required=True),
        q("begin_group", "audience", ("Participants", "Audience")),
        count("men", ("Hommes", "Men")),
        count("women", ("Femmes", "Women")),
        count("boys", ("Garçons (moins de 18 ans)", "Boys (under 18)")),
        q(
            "integer",
            "girls",
            ("Filles (moins de 18 ans)", "Girls (under 18)"),
            required=True,
            constraint=f"{COUNT} and ${{men}} + ${{women}} + ${{boys}} + . > 0",
            constraint_message=(
                "Un nombre entier, de 0 à 100 000 ; au moins un participant en tout.",
                "A whole number, 0 to 100,000; at least one participant in all.",
            ),
        ),
        end("group"),
        NOTES,
    ],
)

SIGNALEMENT = Form(
    form_id="sosteci_signalement",
    title="Signalement",
    version="2026112301",
    instance_name="concat(${locality_label}, ' — ', jr:choice-name(${situation}, '${situation}'))",
    survey=[
        *META,
        q("select_one alert_source", "source", ("Source du signalement", "Source of the alert"), required=True),
        q("select_one urgency", "urgency", ("Urgence", "Urgency"), required=True),
        *locality(),
        q(
            "text",
            "place_detail",
            ("Lieu précis", "Exact place"),
            hint=("Champ, campement, marché, gare, poste frontière…", "Farm, camp, market, bus station, border post…"),
        ),
        q(
            "dateTime",
            "observed_at",
            ("Date et heure des faits observés", "Date and time of the facts observed"),
            required=True,
            default="now()",
            constraint=". <= now()",
            constraint_message=NOT_FUTURE_MESSAGE,
        ),
        q(
            "select_one situation",
            "situation",
            ("Situation soupçonnée", "Suspected situation"),
            required=True,
        ),
        q(
            "text",
            "description",
            ("Description des faits", "Description of the facts"),
            required=True,
            appearance="multiline",
        ),
        count(
            "children_count",
            ("Nombre d'enfants concernés", "Number of children concerned"),
            constraint=". >= 1 and . <= 1000",
            constraint_message=("Au moins 1 enfant, au plus 1000.", "At least 1 child, at most 1000."),
        ),
        q(
            "select_one yes_no",
            "child_known",
            ("L'enfant est-il identifié (nom connu) ?", "Is the child identified (name known)?"),
            required=True,
        ),
        q(
            "text",
            "child_name",
            ("Nom et prénoms de l'enfant", "Child's family and given names"),
            required=True,
            relevant="${child_known} = 'yes'",
        ),
        q(
            "integer",
            "child_age",
            ("Âge approximatif de l'enfant", "Approximate age of the child"),
            hint=("Laissez vide si inconnu.", "Leave empty if unknown."),
            constraint=". >= 0 and . <= 17",
            constraint_message=("Entre 0 et 17 ans.", "Between 0 and 17 years."),
        ),
        q(
            "select_one sex",
            "child_sex",
            ("Sexe de l'enfant", "Sex of the child"),
            hint=("Laissez vide si inconnu.", "Leave empty if unknown."),
        ),
        q(
            "text",
            "reporter_name",
            ("Nom de la personne qui signale", "Name of the person reporting"),
            relevant="${source} != 'anonymous'",
        ),
        q(
            "text",
            "reporter_phone",
            ("Téléphone de la personne qui signale", "Phone number of the person reporting"),
            relevant="${source} != 'anonymous'",
            constraint=PHONE,
            constraint_message=PHONE_MESSAGE,
            appearance="numbers",
        ),
    ],
)

RAPPORT_PARTENAIRE = Form(
    form_id="sosteci_rapport_partenaire",
    title="Rapport d'activités partenaire (outil 4)",
    version="2026112301",
    instance_name="concat(${structure_code}, ' ', ${period_start}, ' → ', ${period_end})",
    survey=[
        *META,
        q(
            "text",
            "structure_code",
            ("Code de la structure", "Code of the organisation"),
            hint=("Le code communiqué par SOSTECI, ou le sigle.", "The code given by SOSTECI, or the acronym."),
            required=True,
            constraint="string-length(normalize-space(.)) >= 2",
            constraint_message=("Au moins 2 caractères.", "At least 2 characters."),
        ),
        q(
            "date",
            "period_start",
            ("Début de la période", "Start of the period"),
            required=True,
            constraint=NOT_FUTURE,
            constraint_message=NOT_FUTURE_MESSAGE,
        ),
        q(
            "date",
            "period_end",
            ("Fin de la période", "End of the period"),
            required=True,
            constraint=". >= ${period_start}",
            constraint_message=("La fin ne peut pas précéder le début.", "The end cannot come before the start."),
        ),
        count(
            "effort_count",
            ("Nombre d'actions menées pendant la période", "Number of actions carried out during the period"),
            hint=(
                "Une action par localité et par type ; chacune est ensuite décrite.",
                "One action per locality and type; each is then described.",
            ),
            constraint=". >= 0 and . <= 200",
            constraint_message=("Un nombre entier, de 0 à 200.", "A whole number, 0 to 200."),
        ),
        *counted_repeat("effort", ("Action menée", "Action carried out"), "effort_count"),
        *locality(with_label=False),
        q("select_one effort_type", "activity_type", ("Type d'action", "Type of action"), required=True),
        q(
            "text",
            "activity_type_other",
            ("Autre type : lequel ?", "Other type: which one?"),
            required=True,
            relevant="${activity_type} = 'other'",
        ),
        q("begin_group", "beneficiaries", ("Bénéficiaires", "Beneficiaries")),
        count("boys_5_11", ("Garçons de 5 à 11 ans", "Boys aged 5 to 11")),
        count("boys_12_14", ("Garçons de 12 à 14 ans", "Boys aged 12 to 14")),
        count("boys_15_17", ("Garçons de 15 à 17 ans", "Boys aged 15 to 17")),
        count("girls_5_11", ("Filles de 5 à 11 ans", "Girls aged 5 to 11")),
        count("girls_12_14", ("Filles de 12 à 14 ans", "Girls aged 12 to 14")),
        count("girls_15_17", ("Filles de 15 à 17 ans", "Girls aged 15 to 17")),
        count("adult_men", ("Hommes adultes", "Adult men")),
        count("adult_women", ("Femmes adultes", "Adult women")),
        end("group"),
        q(
            "integer",
            "amount_spent",
            ("Montant dépensé (FCFA)", "Amount spent (FCFA)"),
            required=True,
            constraint=". >= 0",
            constraint_message=("Un montant entier en FCFA, 0 ou plus.", "A whole amount in FCFA, 0 or more."),
        ),
        *end_counted_repeat(),
        q(
            "begin_group",
            "trafficking",
            ("Indicateurs de traite de la période", "Trafficking indicators for the period"),
        ),
        count(
            "victims_identified_boys", ("Victimes présumées identifiées : garçons", "Presumed victims identified: boys")
        ),
        count(
            "victims_identified_girls",
            ("Victimes présumées identifiées : filles", "Presumed victims identified: girls"),
        ),
        count(
            "victims_identified_adults",
            ("Victimes présumées identifiées : adultes", "Presumed victims identified: adults"),
        ),
        count("victims_assisted", ("Victimes assistées", "Victims assisted")),
        count("victims_referred", ("Victimes orientées vers un service", "Victims referred to a service")),
        count("victims_repatriated", ("Victimes rapatriées", "Victims repatriated")),
        count("prosecutions_reported", ("Poursuites judiciaires signalées", "Prosecutions reported")),
        end("group"),
        NOTES,
    ],
)

FORMS: tuple[Form, ...] = (
    FICHE_LOCALITE,
    VISITE_MENAGE,
    SUIVI_ENFANT,
    SEANCE_SENSIBILISATION,
    SIGNALEMENT,
    RAPPORT_PARTENAIRE,
)


# --- Writing and checking the workbooks -------------------------------------------------------------------------


def lists_used(form: Form) -> list[str]:
    """The choice lists a form's select questions name, in order of first use."""
    names: list[str] = []
    for row in form.survey:
        parts = row["type"].split()
        if parts[0] in {"select_one", "select_multiple"} and parts[1] not in names:
            names.append(parts[1])
    return names


def sheets(form: Form) -> dict[str, list[list[str]]]:
    """The workbook of a form as rows of cell values, sheet by sheet (header first)."""
    survey = [list(SURVEY_COLUMNS)] + [[row.get(column, "") for column in SURVEY_COLUMNS] for row in form.survey]
    choices = [list(CHOICES_COLUMNS)]
    for list_name in lists_used(form):
        choices.extend([list_name, name, fr, en] for name, fr, en in CHOICE_LISTS[list_name])
    settings = [list(SETTINGS_COLUMNS), [form.title, form.form_id, form.version, FR, form.instance_name]]
    return {"survey": survey, "choices": choices, "settings": settings}


def write(form: Form, path: Path | None = None) -> Path:
    path = path or form.path
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets(form).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([value or None for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(zip(*rows, strict=True), start=1):
            width = min(60, max(10, *(len(value) for value in column)) + 2)
            sheet.column_dimensions[get_column_letter(index)].width = width
    workbook.properties.creator = "sosteci.collect.xlsforms.build"
    workbook.save(path)
    return path


def read(path: Path) -> dict[str, list[list[str]]]:
    """A workbook's cell values as strings, sheet by sheet, trailing empty cells and rows dropped."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    found: dict[str, list[list[str]]] = {}
    for sheet in workbook.worksheets:
        rows = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        found[sheet.title] = _trimmed(rows)
    workbook.close()
    return found


def _trimmed(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    out = [list(row) for row in rows]
    for row in out:
        while row and row[-1] == "":
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def differences(form: Form) -> list[str]:
    """How the workbook on disk differs from what the tables produce ([] when identical)."""
    if not form.path.is_file():
        return [f"{form.path.name}: missing"]
    expected = {title: _trimmed(rows) for title, rows in sheets(form).items()}
    found = read(form.path)
    problems = (
        [f"{form.path.name}: sheets {sorted(found)} instead of {sorted(expected)}"]
        if found.keys() != expected.keys()
        else []
    )
    for title, rows in expected.items():
        actual = found.get(title, [])
        for number, (want, got) in enumerate(zip(rows, actual, strict=False), start=1):
            if want != got:
                problems.append(f"{form.path.name} {title} row {number}: {got} instead of {want}")
        if len(rows) != len(actual):
            problems.append(f"{form.path.name} {title}: {len(actual)} rows instead of {len(rows)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Écrit (ou vérifie) les XLSForms SOSTECI à partir de leurs tables.")
    parser.add_argument("--check", action="store_true", help="vérifie seulement que les .xlsx sont à jour")
    args = parser.parse_args(argv)
    if args.check:
        problems = [p for form in FORMS for p in differences(form)]
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(FORMS)} formulaires : {'à jour' if not problems else f'{len(problems)} différence(s)'}.")
        return 1 if problems else 0
    for form in FORMS:
        print(f"{write(form).name} (version {form.version})")
    print(f"{len(FORMS)} formulaires écrits dans {FOLDER}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
