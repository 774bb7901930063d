"""The knowledge base's starting content: the source documents the project holds, and the reference figures they
state, each with where it comes from. Only figures written in these documents are here; none is estimated.

The national plan against trafficking (its text is sosteci/plans/data/panltdp_2016_2020.txt) states, in its annex 2
(performance framework), a 2016 baseline for each indicator; the 2017-2020 columns are targets, not measurements,
and are left to the plan's pages. The NORC survey of 2018/19 (final report, October 2020) gives Côte d'Ivoire's
prevalence of child labour and of hazardous child labour in cocoa production, and the number of children concerned;
other surveys (ENSETE 2013…) are added from their own reports, with their page, through the series pages.
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
    scope: str = "national"
    language: str = "fr"


@dataclass(frozen=True)
class SeedValue:
    year: int
    value: str
    location: str  # where in the document the value is stated
    period_label: str = ""
    note: str = ""


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
    SeedDocument(
        key="norc-2020",
        title="NORC Final Report: Assessing Progress in Reducing Child Labor in Cocoa Production in Cocoa Growing "
        "Areas of Côte d'Ivoire and Ghana",
        year=2020,
        kind="survey",
        publisher="NORC at the University of Chicago, pour le Bureau of International Labor Affairs (U.S. Department "
        "of Labor)",
        authors="Santadarshan Sadhu, Kareem Kysia, Letitia Onyango, Clifford Zinnes, Sarah Lord, Alexandre Monnard, "
        "Ingrid Rojas Arellano",
        themes=["child_labour", "cocoa", "data"],
        abstract="Enquête représentative des enfants de 5 à 17 ans des ménages agricoles des zones de production de "
        "cacao de Côte d'Ivoire et du Ghana pendant la campagne 2018/19 : prévalence du travail des enfants et du "
        "travail dangereux dans la production de cacao, comparée aux enquêtes de 2008/09 et 2013/14, et efficacité des "
        "interventions.",
        reference="Rapport final, octobre 2020 (enquête 2018/19).",
        external_url="https://www.norc.org/research/projects/assessing-child-labor-in-west-africa-cocoa-farming.html",
        scope="international",
        language="en",
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
        values=[SeedValue(year=2016, value=value, location=f"{PAN_FILE}, ligne {line} (annexe 2, base 2016)")],
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

NORC_POPULATION = (
    "Enquête NORC 2018/19 (campagne de récolte du cacao) : échantillon représentatif des enfants de 5 à 17 ans vivant "
    "dans les ménages agricoles des zones de production de cacao de Côte d'Ivoire ; {what} dans la production de cacao "
    "seulement, selon les définitions de l'enquête."
)
NORC_NOTE = (
    NORC_POPULATION + " L'indicateur SOSTECI placé à côté porte sur une autre population : les enfants suivis par les "
    "comités dans les localités couvertes par le SOSTECI, toutes activités confondues, classés selon les règles du "
    "droit ivoirien à leur dernière visite de l'année. Les deux chiffres ne mesurent pas la même population : ils se "
    "lisent côte à côte, ne se comparent qu'en ordre de grandeur et ne sont jamais fusionnés."
)
NORC_LOCATION = "Résumé analytique (Executive Summary), résultats de la Côte d'Ivoire"


def _norc(
    code: str, name: str, unit: str, value: str, note: str, indicator: str = "", value_note: str = ""
) -> SeedSeries:
    return SeedSeries(
        code=code,
        name=name,
        document="norc-2020",
        unit=unit,
        line_note=note,
        values=[SeedValue(year=2019, value=value, location=NORC_LOCATION, period_label="2018/19", note=value_note)],
        indicator_code=indicator,
    )


SERIES += [
    _norc(
        "norc-travail-enfants-cacao",
        "Prévalence du travail des enfants dans la production de cacao (enfants de 5-17 ans des ménages agricoles des "
        "zones cacaoyères)",
        "percent",
        "38",
        NORC_NOTE.format(what="travail des enfants"),
        indicator="CH_LABOUR_PCT",
    ),
    _norc(
        "norc-travail-dangereux-cacao",
        "Prévalence du travail dangereux des enfants dans la production de cacao (enfants de 5-17 ans des ménages "
        "agricoles des zones cacaoyères)",
        "percent",
        "37",
        NORC_NOTE.format(what="travail dangereux des enfants"),
        indicator="CH_HAZARDOUS_PCT",
    ),
    _norc(
        "norc-enfants-travail-cacao",
        "Nombre d'enfants en situation de travail des enfants dans la production de cacao",
        "number",
        "790000",
        NORC_POPULATION.format(what="travail des enfants")
        + " Estimation pour l'ensemble de la population couverte par l'enquête ; aucun indicateur SOSTECI n'y est "
        "rattaché (le registre ne compte que les enfants suivis).",
        value_note="Environ 790 000 : estimation arrondie du rapport.",
    ),
]
