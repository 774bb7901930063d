"""The knowledge base's starting content: the source documents the project holds, and the reference figures they
state, each with the line it comes from. Only figures written in these documents are here; none is estimated.

The national plan against trafficking (its text is sosteci/plans/data/panltdp_2016_2020.txt) states, in its annex 2
(performance framework), a 2016 baseline for each indicator; the 2017-2020 columns are targets, not measurements,
and are left to the plan's pages. No survey figure (NORC 2018/19, ENSETE 2013…) is stated in these documents, so
none is loaded: add them from the surveys' own reports, with their page, through the series pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAN_FILE = "sosteci/plans/data/panltdp_2016_2020.txt"
ROADMAP_FILE = "sosteci/plans/data/feuille_de_route_tf87_2021.txt"


@dataclass(frozen=True)
class SeedDocument:
    key: str
    title: str
    year: int | None
    kind: str
    publisher: str
    authors: str
    themes: list[str]
    abstract: str
    reference: str
    external_url: str = ""


@dataclass(frozen=True)
class SeedValue:
    year: int
    value: str
    line: int
    period_label: str = ""


@dataclass(frozen=True)
class SeedSeries:
    code: str
    name: str
    document: str
    unit: str
    line_note: str
    values: list[SeedValue] = field(default_factory=list)
    indicator_code: str = ""


DOCUMENTS = [
    SeedDocument(
        key="pan-tdp-2016-2020",
        title="Plan d'action national de lutte contre la traite des personnes 2016-2020",
        year=2016,
        kind="plan",
        publisher="Ministère de la Solidarité, de la Famille, de la Femme et de l'Enfant (DGSCS)",
        authors="Comité de rédaction (DGSCS, MEMPD, MEMIS, ONP, CNLVBG, LIDHO, DLTEDJ, INTERPOL), avec l'appui de "
        "l'ONUDC et de l'ICMPD (MIEUX)",
        themes=["trafficking", "social_protection", "justice", "coordination"],
        abstract="Opérationnalise la Stratégie nationale de lutte contre la traite des personnes (validée en février "
        "2015 pour 2016-2020) : quatre axes (prévention ; protection et prise en charge des victimes ; répression et "
        "poursuites ; coordination et coopération) et un dispositif de mise en œuvre, 94 activités budgétisées pour "
        "8 802 000 000 FCFA (22 % État, 78 % partenaires) et un cadre de mesure de performance (annexe 2, base 2016, "
        "cibles 2017-2020).",
        reference=f"Texte intégral : {PAN_FILE} (lignes 9, 31-58, 111-126, 206 ; annexe 2 lignes 594-677).",
    ),
    SeedDocument(
        key="feuille-de-route-tf87-2021",
        title="Feuille de route des actions prioritaires de la Task Force Alliance 8.7 des acteurs de lutte contre le "
        "travail des enfants et la traite des personnes en Côte d'Ivoire",
        year=2021,
        kind="plan",
        publisher="Task Force Alliance 8.7 (CIM, CNS, CNLTP)",
        authors="Atelier d'identification des priorités stratégiques pour atteindre la cible 8.7 des ODD, "
        "07-08 octobre 2021, Abidjan-Plateau",
        themes=["child_labour", "trafficking", "coordination", "data"],
        abstract="Priorités : coordination des interventions (matrice d'activités conjointes, validation conjointe "
        "CIM/CNLTP des programmes, répertoires pour le corps préfectoral) ; suivi, collecte de données et partage de "
        "connaissances (indicateurs de traite dans l'outil 4, digitalisation des outils du SOSTECI, extension "
        "nationale, rapports consolidés, enquêtes statistiques en 2022 et 2025) ; politiques et lois ; financement.",
        reference=f"Texte intégral : {ROADMAP_FILE} (lignes 3-9, 11-44).",
    ),
    SeedDocument(
        key="engagement-meps-sosteci",
        title="Mettre en œuvre le Système d'Observation et de Suivi du Travail des Enfants (SOSTECI) dans deux régions "
        "de la Côte d'Ivoire",
        year=None,
        kind="plan",
        publisher="Ministère de l'Emploi et de la Protection Sociale",
        authors="",
        themes=["child_labour", "trafficking", "cocoa", "coordination", "data"],
        abstract="Engagement du ministère : comités départementaux, sous-préfectoraux et villageois de protection de "
        "l'enfance ; renforcement de leurs capacités ; sensibilisation ; identification des enfants à risque ou en "
        "situation de travail, victimes de traite ou d'exploitation ; assistance par un dispositif de référencement ; "
        "base de données et de connaissance nationale ; coordination des programmes ; évaluations internes et "
        "externes ; traçabilité dans les chaînes de valeur (devoir de diligence).",
        reference="Texte de l'engagement (non daté).",
        external_url="http://emploi.gouv.ci",
    ),
]

PAN_NOTE = (
    "Situation de référence (base 2016) du cadre de mesure de performance du plan (annexe 2). Source des données "
    "indiquée par le plan : {source}. Les colonnes 2017 à 2020 du plan sont des cibles, non des mesures : elles ne "
    "sont pas enregistrées ici."
)


def _pan(code: str, name: str, unit: str, value: str, line: int, source: str, indicator: str = "") -> SeedSeries:
    return SeedSeries(
        code=code,
        name=name,
        document="pan-tdp-2016-2020",
        unit=unit,
        line_note=PAN_NOTE.format(source=source),
        values=[SeedValue(year=2016, value=value, line=line)],
        indicator_code=indicator,
    )


SERIES = [
    _pan(
        "pan-tdp-cas-signales",
        "Nombre de cas de traite des personnes signalés",
        "number",
        "40",
        620,
        "CNCLTdP, rapport d'activité",
        indicator="CH_WORST",
    ),
    _pan(
        "pan-tdp-victimes-protegees",
        "Nombre de victimes de traite protégées",
        "number",
        "40",
        623,
        "CNCLTdP, rapport d'activité",
    ),
    _pan(
        "pan-tdp-victimes-accompagnees",
        "Nombre de victimes de traite ayant bénéficié d'un accompagnement approprié",
        "number",
        "50",
        626,
        "CNCLTdP, rapport d'activité",
    ),
    _pan(
        "pan-tdp-connaissance",
        "Proportion de personnes ayant connaissance de la traite des personnes",
        "percent",
        "2",
        608,
        "CNCLTdP, rapport d'activité",
    ),
    _pan(
        "pan-tdp-vulnerabilite",
        "Proportion de populations exposées aux facteurs de vulnérabilité à la traite",
        "percent",
        "95",
        606,
        "CNCLTdP, rapport d'activité",
    ),
    _pan(
        "pan-tdp-protection-judiciaire",
        "Proportion de victimes de traite bénéficiant de protection judiciaire",
        "percent",
        "20",
        644,
        "MJDHLP, rapport d'activité",
    ),
    _pan(
        "pan-tdp-assistance-judiciaire",
        "Nombre de victimes de traite bénéficiant d'assistance judiciaire",
        "number",
        "50",
        646,
        "MJDHLP, rapport d'activité",
    ),
]
