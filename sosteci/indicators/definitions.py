"""The indicators as data: each is a numerator (and a denominator) counted over one base of the register or the cases.

Adding an indicator is adding one `Indicator(...)` to INDICATORS: a measure names a base (bases.py: what is counted,
and over which tables), the flags a counted row must carry and, optionally, the categories it must fall in. Codes
are stable (DHIS2 data elements use them); a change of meaning takes a new code and a new VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import get_language

VERSION = "2026.1"


class Unit(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    AMOUNT = "fcfa"  # a sum of money, in francs CFA


class Dimension(StrEnum):
    """The disaggregations; a base says what its `category` is (classification, alert source, service)."""

    SEX = "sex"
    AGE_BAND = "age_band"
    CATEGORY = "category"


DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
# The classification categories that are child labour (the cases app opens a case for each).
LABOUR = frozenset({"child_labour", "hazardous_child_labour", "worst_forms"})


@dataclass(frozen=True)
class Measure:
    """What is counted: the rows of `base` that carry every flag of `flags`, in `categories` (None: any)."""

    base: str
    flags: frozenset[str] = frozenset()
    categories: frozenset[str] | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    name_fr: str
    name_en: str
    unit: Unit
    numerator: Measure
    numerator_fr: str
    numerator_en: str
    source: str
    denominator: Measure | None = None
    denominator_fr: str = ""
    denominator_en: str = ""
    disaggregations: frozenset[Dimension] = field(default_factory=frozenset)
    # Counted for the country only (action plans are national): no row for any other unit, never on a map.
    national_only: bool = False

    @property
    def name(self) -> str:
        """The name in the active language (French unless English is chosen)."""
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr

    @property
    def bases(self) -> frozenset[str]:
        return frozenset(m.base for m in (self.numerator, self.denominator) if m is not None)


def _children(*flags: str, categories: frozenset[str] | None = None) -> Measure:
    return Measure("children", frozenset(flags), categories)


ALL_CHILD_DIMENSIONS = frozenset(DIMENSIONS)
SEX_AND_AGE = frozenset({Dimension.SEX, Dimension.AGE_BAND})
MONITORED_FR = (
    "Enfants suivis : enfants comptés (ni fusionnés, ni d'une soumission rejetée) ayant au moins une visite comptée "
    "dans la période ; sexe, tranche d'âge (âge à la visite) et catégorie de leur dernière visite de la période."
)
MONITORED_EN = (
    "Children monitored: counted children (neither merged nor from a rejected submission) with at least one counted "
    "visit in the period; sex, age band (age at the visit) and category of their latest visit in the period."
)
IDENTIFIED_FR = (
    "Enfants identifiés : enfants suivis dans la période qui ont, au plus tard à la fin de la période, une visite "
    "comptée classée travail des enfants, travail dangereux ou pires formes (registry_visit.category)."
)
IDENTIFIED_EN = (
    "Identified children: children monitored in the period who have, by the end of the period, a counted visit "
    "classified child labour, hazardous child labour or worst forms (registry_visit.category)."
)
SOSTECI = "Engagement du MEPS : mettre en œuvre le SOSTECI — identifier les enfants, les assister, suivre (seeds/004)"
CLMRS = "SOSTECI — cascade de prise en charge (identification, service, suivi, sortie), comme les SSRTE/CLMRS (ICI)"
TRAFFICKING_PLAN = "PAN traite 2016-2020, produit II.1.1 « Nombre de cas de traite signalés » (seeds/003)"
REFERRALS = "PAN traite 2016-2020, axe II (assistance et prise en charge) ; dispositif de référencement (seeds/004)"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="HH_MONITORED",
        name_fr="Ménages suivis",
        name_en="Households monitored",
        unit=Unit.NUMBER,
        numerator=Measure("households"),
        numerator_fr="Ménages comptés (registry_household hors soumission rejetée) dont au moins un enfant compté a "
        "une visite comptée dans la période.",
        numerator_en="Counted households (registry_household not from a rejected submission) with at least one "
        "counted child visited (counted visit) in the period.",
        source=SOSTECI,
    ),
    Indicator(
        code="CH_MONITORED",
        name_fr="Enfants suivis",
        name_en="Children monitored",
        unit=Unit.NUMBER,
        numerator=_children(),
        numerator_fr=MONITORED_FR,
        numerator_en=MONITORED_EN,
        source=SOSTECI,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_LABOUR",
        name_fr="Enfants identifiés en situation de travail des enfants",
        name_en="Children identified in child labour",
        unit=Unit.NUMBER,
        numerator=_children(categories=LABOUR),
        numerator_fr="Enfants suivis dont la dernière visite de la période est classée travail des enfants, travail "
        "dangereux ou pires formes.",
        numerator_en="Children monitored whose latest visit in the period is classified child labour, hazardous "
        "child labour or worst forms.",
        source=SOSTECI,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_LABOUR_PCT",
        name_fr="Part des enfants suivis en situation de travail des enfants (%)",
        name_en="Share of children monitored in child labour (%)",
        unit=Unit.PERCENT,
        numerator=_children(categories=LABOUR),
        numerator_fr="Enfants suivis dont la dernière visite de la période est classée travail des enfants, travail "
        "dangereux ou pires formes.",
        numerator_en="Children monitored whose latest visit in the period is classified child labour, hazardous "
        "child labour or worst forms.",
        denominator=_children(),
        denominator_fr=MONITORED_FR,
        denominator_en=MONITORED_EN,
        source="NORC 2018/19 (38 % des enfants des ménages cacaoyers) ; " + SOSTECI,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_HAZARDOUS",
        name_fr="Enfants identifiés en travail dangereux",
        name_en="Children identified in hazardous work",
        unit=Unit.NUMBER,
        numerator=_children(categories=frozenset({"hazardous_child_labour"})),
        numerator_fr="Enfants suivis dont la dernière visite de la période est classée travail dangereux (arrêté du "
        "2 juin 2017).",
        numerator_en="Children monitored whose latest visit in the period is classified hazardous child labour "
        "(order of 2 June 2017).",
        source=SOSTECI,
        disaggregations=SEX_AND_AGE,
    ),
    Indicator(
        code="CH_HAZARDOUS_PCT",
        name_fr="Part des enfants suivis en travail dangereux (%)",
        name_en="Share of children monitored in hazardous work (%)",
        unit=Unit.PERCENT,
        numerator=_children(categories=frozenset({"hazardous_child_labour"})),
        numerator_fr="Enfants suivis dont la dernière visite de la période est classée travail dangereux.",
        numerator_en="Children monitored whose latest visit in the period is classified hazardous child labour.",
        denominator=_children(),
        denominator_fr=MONITORED_FR,
        denominator_en=MONITORED_EN,
        source=SOSTECI,
        disaggregations=SEX_AND_AGE,
    ),
    Indicator(
        code="CH_WORST",
        name_fr="Enfants identifiés dans les pires formes (traite, travail forcé)",
        name_en="Children identified in the worst forms (trafficking, forced labour)",
        unit=Unit.NUMBER,
        numerator=_children(categories=frozenset({"worst_forms"})),
        numerator_fr="Enfants suivis dont la dernière visite de la période est classée pires formes (loi 2010-272, "
        "loi de 2016 sur la traite).",
        numerator_en="Children monitored whose latest visit in the period is classified worst forms (law 2010-272, "
        "2016 trafficking law).",
        source=SOSTECI + " ; " + TRAFFICKING_PLAN,
        disaggregations=SEX_AND_AGE,
    ),
    Indicator(
        code="CH_WORST_PCT",
        name_fr="Part des enfants suivis dans les pires formes (%)",
        name_en="Share of children monitored in the worst forms (%)",
        unit=Unit.PERCENT,
        numerator=_children(categories=frozenset({"worst_forms"})),
        numerator_fr="Enfants suivis dont la dernière visite de la période est classée pires formes.",
        numerator_en="Children monitored whose latest visit in the period is classified worst forms.",
        denominator=_children(),
        denominator_fr=MONITORED_FR,
        denominator_en=MONITORED_EN,
        source=SOSTECI,
        disaggregations=SEX_AND_AGE,
    ),
    Indicator(
        code="CH_SERVED_PCT",
        name_fr="Part des enfants identifiés ayant reçu au moins un service (%)",
        name_en="Share of identified children who received at least one service (%)",
        unit=Unit.PERCENT,
        numerator=_children("identified", "served"),
        numerator_fr="Enfants identifiés ayant au moins un service rendu (cases_servicedelivery, sur un de leurs "
        "dossiers) daté au plus tard de la fin de la période.",
        numerator_en="Identified children with at least one service delivered (cases_servicedelivery, on one of "
        "their cases) dated no later than the end of the period.",
        denominator=_children("identified"),
        denominator_fr=IDENTIFIED_FR,
        denominator_en=IDENTIFIED_EN,
        source=CLMRS,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_FOLLOWED_TWICE_PCT",
        name_fr="Part des enfants identifiés ayant eu au moins deux visites de suivi (%)",
        name_en="Share of identified children with two or more follow-up visits (%)",
        unit=Unit.PERCENT,
        numerator=_children("identified", "followed_twice"),
        numerator_fr="Enfants identifiés ayant au moins deux visites comptées de type « suivi » datées au plus tard "
        "de la fin de la période.",
        numerator_en="Identified children with at least two counted visits of kind “follow-up” dated no later than "
        "the end of the period.",
        denominator=_children("identified"),
        denominator_fr=IDENTIFIED_FR,
        denominator_en=IDENTIFIED_EN,
        source=CLMRS,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_OUT_OF_LABOUR_PCT",
        name_fr="Part des enfants identifiés sortis du travail des enfants au dernier suivi (%)",
        name_en="Share of identified children out of child labour at the last follow-up (%)",
        unit=Unit.PERCENT,
        numerator=_children("identified", "followed", "out_at_last_follow_up"),
        numerator_fr="Enfants identifiés dont la dernière visite comptée de suivi (au plus tard à la fin de la "
        "période) n'est classée ni travail des enfants, ni travail dangereux, ni pires formes.",
        numerator_en="Identified children whose latest counted follow-up visit (no later than the end of the period) "
        "is classified neither child labour, nor hazardous child labour, nor worst forms.",
        denominator=_children("identified", "followed"),
        denominator_fr="Enfants identifiés ayant au moins une visite comptée de suivi au plus tard à la fin de la "
        "période.",
        denominator_en="Identified children with at least one counted follow-up visit by the end of the period.",
        source=CLMRS,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_IN_SCHOOL",
        name_fr="Enfants suivis scolarisés",
        name_en="Children monitored attending school",
        unit=Unit.NUMBER,
        numerator=_children("in_school"),
        numerator_fr="Enfants suivis qui fréquentent l'école à leur dernière visite de la période "
        "(registry_visit.attends_school ; à défaut, la scolarisation déclarée de l'enfant).",
        numerator_en="Children monitored attending school at their latest visit in the period "
        "(registry_visit.attends_school; when not recorded, the child's declared schooling).",
        source=SOSTECI,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="CH_IN_SCHOOL_PCT",
        name_fr="Part des enfants suivis scolarisés (%)",
        name_en="Share of children monitored attending school (%)",
        unit=Unit.PERCENT,
        numerator=_children("in_school"),
        numerator_fr="Enfants suivis qui fréquentent l'école à leur dernière visite de la période.",
        numerator_en="Children monitored attending school at their latest visit in the period.",
        denominator=_children(),
        denominator_fr=MONITORED_FR,
        denominator_en=MONITORED_EN,
        source=SOSTECI,
        disaggregations=ALL_CHILD_DIMENSIONS,
    ),
    Indicator(
        code="AL_RECEIVED",
        name_fr="Alertes reçues, par source",
        name_en="Alerts received, by source",
        unit=Unit.NUMBER,
        numerator=Measure("alerts"),
        numerator_fr="Alertes (cases_alert, hors soumission rejetée) reçues dans la période ; catégorie = source "
        "(ligne verte, relais, police…).",
        numerator_en="Alerts (cases_alert, not from a rejected submission) received in the period; category = "
        "source (green line, relay, police…).",
        source=TRAFFICKING_PLAN,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="AL_TRIAGED_IN_TIME_PCT",
        name_fr="Part des alertes triées dans le délai (%)",
        name_en="Share of alerts triaged in time (%)",
        unit=Unit.PERCENT,
        numerator=Measure("alerts", frozenset({"due", "in_time"})),
        numerator_fr="Alertes reçues dans la période et triées avant leur échéance (triaged_at ≤ triage_due_at).",
        numerator_en="Alerts received in the period and triaged before their limit (triaged_at ≤ triage_due_at).",
        denominator=Measure("alerts", frozenset({"due"})),
        denominator_fr="Alertes reçues dans la période déjà triées ou dont l'échéance de tri est passée au moment du "
        "calcul.",
        denominator_en="Alerts received in the period that are triaged or whose triage limit has passed when the "
        "figures are computed.",
        source=TRAFFICKING_PLAN,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="RF_MADE",
        name_fr="Orientations effectuées",
        name_en="Referrals made",
        unit=Unit.NUMBER,
        numerator=Measure("referrals"),
        numerator_fr="Orientations (cases_referral) faites dans la période, hors dossiers non comptés ; sexe de "
        "l'enfant, catégorie = service demandé.",
        numerator_en="Referrals (cases_referral) made in the period, cases that do not count left out; the child's "
        "sex, category = service requested.",
        source=REFERRALS,
        disaggregations=frozenset({Dimension.SEX, Dimension.CATEGORY}),
    ),
    Indicator(
        code="RF_ACCEPTED_PCT",
        name_fr="Part des orientations acceptées (%)",
        name_en="Share of referrals accepted (%)",
        unit=Unit.PERCENT,
        numerator=Measure("referrals", frozenset({"answered", "accepted"})),
        numerator_fr="Orientations faites dans la période et acceptées (état « acceptée » ou « service rendu »).",
        numerator_en="Referrals made in the period and accepted (status “accepted” or “service delivered”).",
        denominator=Measure("referrals", frozenset({"answered"})),
        denominator_fr="Orientations faites dans la période qui ont reçu une réponse (acceptée, refusée ou service "
        "rendu).",
        denominator_en="Referrals made in the period that were answered (accepted, declined or service delivered).",
        source=REFERRALS,
        disaggregations=frozenset({Dimension.SEX, Dimension.CATEGORY}),
    ),
)

COMMITTEES = (
    "Engagement du MEPS : mettre en place les comités départementaux, sous-préfectoraux et villageois, les former "
    "(seeds/004)"
)
AWARENESS = (
    "Engagement du MEPS : mener des actions de sensibilisation (seeds/004) ; PAN traite 2016-2020, axe I, "
    "prévention (seeds/003)"
)
OUTIL4 = "Feuille de route Alliance 8.7 (2021) : outil 4 de SOSTECI, efforts des partenaires (seeds/000)"
SET_UP_FR = (
    "Comités en place : comités actifs de la zone (coordination_committee.is_active) créés au plus tard à la fin de "
    "la période (date de l'arrêté ; à défaut, date d'enregistrement) ; catégorie = niveau du comité."
)
SET_UP_EN = (
    "Committees set up: active committees of the area (coordination_committee.is_active) founded no later than the "
    "end of the period (date of the act; when none, date recorded); category = the committee's level."
)
EFFORTS_PERIOD_FR = "actions des rapports (outil 4) dont toute la période est dans la période, hors soumission rejetée"
EFFORTS_PERIOD_EN = (
    "actions of the reports (outil 4) whose whole period lies in the period, not from a rejected submission"
)

COORDINATION_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="COM_SET_UP",
        name_fr="Comités de protection en place",
        name_en="Protection committees set up",
        unit=Unit.NUMBER,
        numerator=Measure("committees"),
        numerator_fr=SET_UP_FR,
        numerator_en=SET_UP_EN,
        source=COMMITTEES,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="COM_ACTIVE",
        name_fr="Comités actifs (au moins une réunion tenue)",
        name_en="Active committees (at least one meeting held)",
        unit=Unit.NUMBER,
        numerator=Measure("committees", frozenset({"met"})),
        numerator_fr="Comités en place ayant tenu au moins une réunion dans la période (réunion à l'état « tenue », "
        "seule ou conjointe).",
        numerator_en="Committees set up that held at least one meeting in the period (a meeting marked “held”, alone "
        "or joint).",
        source=COMMITTEES,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="COM_ACTIVE_PCT",
        name_fr="Part des comités actifs (%)",
        name_en="Share of committees active (%)",
        unit=Unit.PERCENT,
        numerator=Measure("committees", frozenset({"met"})),
        numerator_fr="Comités en place ayant tenu au moins une réunion dans la période.",
        numerator_en="Committees set up that held at least one meeting in the period.",
        denominator=Measure("committees"),
        denominator_fr=SET_UP_FR,
        denominator_en=SET_UP_EN,
        source=COMMITTEES,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="COM_TRAINED",
        name_fr="Comités formés",
        name_en="Committees trained",
        unit=Unit.NUMBER,
        numerator=Measure("committees", frozenset({"trained"})),
        numerator_fr="Comités en place dont les membres ont reçu au moins une formation (coordination_training) datée "
        "au plus tard de la fin de la période.",
        numerator_en="Committees set up whose members received at least one training (coordination_training) dated "
        "no later than the end of the period.",
        source=COMMITTEES,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="COM_TRAINED_PCT",
        name_fr="Part des comités formés (%)",
        name_en="Share of committees trained (%)",
        unit=Unit.PERCENT,
        numerator=Measure("committees", frozenset({"trained"})),
        numerator_fr="Comités en place dont les membres ont reçu au moins une formation au plus tard à la fin de la "
        "période.",
        numerator_en="Committees set up whose members received at least one training by the end of the period.",
        denominator=Measure("committees"),
        denominator_fr=SET_UP_FR,
        denominator_en=SET_UP_EN,
        source=COMMITTEES,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="COM_MEMBERS_TRAINED",
        name_fr="Membres de comités formés (participants)",
        name_en="Committee members trained (participants)",
        unit=Unit.NUMBER,
        numerator=Measure("trainees"),
        numerator_fr="Participants (hommes, femmes) aux formations des comités de la zone tenues dans la période ; "
        "catégorie = niveau du comité formé.",
        numerator_en="Participants (men, women) in the trainings of the area's committees held in the period; "
        "category = the level of the committee trained.",
        source=COMMITTEES,
        disaggregations=frozenset({Dimension.SEX, Dimension.CATEGORY}),
    ),
    Indicator(
        code="AW_SESSIONS",
        name_fr="Séances de sensibilisation tenues",
        name_en="Awareness sessions held",
        unit=Unit.NUMBER,
        numerator=Measure("sessions"),
        numerator_fr="Séances de sensibilisation (coordination_awarenesssession, hors soumission rejetée) tenues "
        "dans la période dans une localité de la zone ; catégorie = thème.",
        numerator_en="Awareness sessions (coordination_awarenesssession, not from a rejected submission) held in "
        "the period in a locality of the area; category = theme.",
        source=AWARENESS,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="AW_REACHED",
        name_fr="Personnes touchées par la sensibilisation",
        name_en="People reached by awareness sessions",
        unit=Unit.NUMBER,
        numerator=Measure("reached"),
        numerator_fr="Participants aux séances de sensibilisation tenues dans la période : hommes et femmes "
        "(tranche 18+), garçons et filles (tranche 0-17) ; catégorie = thème.",
        numerator_en="Participants in the awareness sessions held in the period: men and women (band 18+), boys and "
        "girls (band 0-17); category = theme.",
        source=AWARENESS,
        disaggregations=frozenset({Dimension.SEX, Dimension.AGE_BAND, Dimension.CATEGORY}),
    ),
    Indicator(
        code="EF_ACTIVITIES",
        name_fr="Actions des partenaires (outil 4)",
        name_en="Partners' actions (outil 4)",
        unit=Unit.NUMBER,
        numerator=Measure("efforts"),
        numerator_fr="Nombre d'" + EFFORTS_PERIOD_FR + ", comptées à leur localité ; catégorie = type d'action.",
        numerator_en="Number of " + EFFORTS_PERIOD_EN + ", counted at their locality; category = type of action.",
        source=OUTIL4,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
    Indicator(
        code="EF_BENEFICIARIES",
        name_fr="Bénéficiaires des actions des partenaires (outil 4)",
        name_en="Beneficiaries of partners' actions (outil 4)",
        unit=Unit.NUMBER,
        numerator=Measure("beneficiaries"),
        numerator_fr="Bénéficiaires des " + EFFORTS_PERIOD_FR + " : garçons et filles de 5-11, 12-14 et 15-17 ans, "
        "hommes et femmes adultes (18+) ; catégorie = type d'action.",
        numerator_en="Beneficiaries of the " + EFFORTS_PERIOD_EN + ": boys and girls aged 5-11, 12-14 and 15-17, "
        "adult men and women (18+); category = type of action.",
        source=OUTIL4,
        disaggregations=frozenset({Dimension.SEX, Dimension.AGE_BAND, Dimension.CATEGORY}),
    ),
    Indicator(
        code="EF_AMOUNT",
        name_fr="Montants dépensés par les partenaires (FCFA)",
        name_en="Amounts spent by partners (FCFA)",
        unit=Unit.AMOUNT,
        numerator=Measure("amounts"),
        numerator_fr="Somme des montants dépensés (FCFA) des " + EFFORTS_PERIOD_FR + " ; catégorie = type d'action.",
        numerator_en="Sum of the amounts spent (FCFA) of the " + EFFORTS_PERIOD_EN + "; category = type of action.",
        source=OUTIL4,
        disaggregations=frozenset({Dimension.CATEGORY}),
    ),
)
PLANS = (
    "Plans d'action nationaux : budget annuel de chaque activité (PAN traite 2016-2020, seeds/003) et exécution "
    "saisie par activité et par année"
)
PLAN_YEARS_FR = (
    "années entières de la période comprises dans les années d'un plan d'action (toutes les années pour une année, "
    "aucune pour un trimestre ou un mois), tous plans confondus"
)
PLAN_YEARS_EN = (
    "whole years of the period within the years of an action plan (the year itself for a year, none for a quarter "
    "or a month), all plans together"
)
PLAN_BUDGET_FR = "Budget prévu (FCFA) des activités pour les " + PLAN_YEARS_FR + " ; une cellule PM ou vide compte 0."
PLAN_BUDGET_EN = "Planned budget (FCFA) of the activities for the " + PLAN_YEARS_EN + "; a PM or blank cell counts 0."

PLAN_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="PLAN_BUDGET",
        name_fr="Budget prévu des plans d'action (FCFA)",
        name_en="Planned budget of the action plans (FCFA)",
        unit=Unit.AMOUNT,
        numerator=Measure("plan_amounts"),
        numerator_fr=PLAN_BUDGET_FR,
        numerator_en=PLAN_BUDGET_EN,
        source=PLANS,
        national_only=True,
    ),
    Indicator(
        code="PLAN_COMMITTED",
        name_fr="Montants engagés sur les plans d'action (FCFA)",
        name_en="Amounts committed on the action plans (FCFA)",
        unit=Unit.AMOUNT,
        numerator=Measure("plan_amounts", frozenset({"committed"})),
        numerator_fr="Montants engagés (FCFA) inscrits à l'exécution des activités pour les " + PLAN_YEARS_FR + ".",
        numerator_en="Amounts committed (FCFA) recorded in the activities' execution for the " + PLAN_YEARS_EN + ".",
        source=PLANS,
        national_only=True,
    ),
    Indicator(
        code="PLAN_SPENT",
        name_fr="Montants dépensés sur les plans d'action (FCFA)",
        name_en="Amounts spent on the action plans (FCFA)",
        unit=Unit.AMOUNT,
        numerator=Measure("plan_amounts", frozenset({"spent"})),
        numerator_fr="Montants dépensés (FCFA) inscrits à l'exécution des activités pour les " + PLAN_YEARS_FR + ".",
        numerator_en="Amounts spent (FCFA) recorded in the activities' execution for the " + PLAN_YEARS_EN + ".",
        source=PLANS,
        national_only=True,
    ),
    Indicator(
        code="PLAN_COMMITTED_PCT",
        name_fr="Part du budget prévu des plans d'action engagée (%)",
        name_en="Share of the action plans' planned budget committed (%)",
        unit=Unit.PERCENT,
        numerator=Measure("plan_amounts", frozenset({"committed"})),
        numerator_fr="Montants engagés (FCFA) pour les " + PLAN_YEARS_FR + ".",
        numerator_en="Amounts committed (FCFA) for the " + PLAN_YEARS_EN + ".",
        denominator=Measure("plan_amounts"),
        denominator_fr=PLAN_BUDGET_FR,
        denominator_en=PLAN_BUDGET_EN,
        source=PLANS,
        national_only=True,
    ),
    Indicator(
        code="PLAN_SPENT_PCT",
        name_fr="Part du budget prévu des plans d'action dépensée (%)",
        name_en="Share of the action plans' planned budget spent (%)",
        unit=Unit.PERCENT,
        numerator=Measure("plan_amounts", frozenset({"spent"})),
        numerator_fr="Montants dépensés (FCFA) pour les " + PLAN_YEARS_FR + ".",
        numerator_en="Amounts spent (FCFA) for the " + PLAN_YEARS_EN + ".",
        denominator=Measure("plan_amounts"),
        denominator_fr=PLAN_BUDGET_FR,
        denominator_en=PLAN_BUDGET_EN,
        source=PLANS,
        national_only=True,
    ),
)
INDICATORS = (*INDICATORS, *COORDINATION_INDICATORS, *PLAN_INDICATORS)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def indicator(code: str) -> Indicator:
    return BY_CODE[code]
