"""The parser on the national plan against trafficking 2016-2020 itself, and on small crafted texts."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from sosteci.plans.document import BLANK, PM, Amount, PlanDoc
from sosteci.plans.loading import REFERENCE_TEXT
from sosteci.plans.parsing import PlanParseError, parse_amount, parse_plan

SEED_SHA256 = "1a908c2bd5c8350833aa01a64acb81cca78212460c8448b21ee70aefd911b7d6"  # seeds/003_4caee1318e8f1ecd.txt
M = 1_000_000


def activity(document: PlanDoc, code: str):
    return next(a for a in document.activities() if a.code == code)


def years(*values: int | None) -> dict[int, Amount]:
    return {2016 + i: BLANK if v is None else Amount(v) for i, v in enumerate(values)}


# -- the seed -----------------------------------------------------------------------------------------------------


def test_the_data_file_is_the_seed_unchanged() -> None:
    assert hashlib.sha256(REFERENCE_TEXT.read_bytes()).hexdigest() == SEED_SHA256


def test_plan_header_period_and_code(document: PlanDoc) -> None:
    assert document.code == "PANLTdP-2016-2020"
    assert document.title == "Plan d'action national de lutte contre la traite des personnes 2016-2020"
    assert (document.start_year, document.end_year, document.currency) == (2016, 2020, "FCFA")
    assert document.source_sha256 == SEED_SHA256


def test_ninety_four_activities_and_the_stated_total(document: PlanDoc) -> None:
    activities = list(document.activities())
    assert len(activities) == 94
    assert len({a.code for a in activities}) == 94
    assert document.stated is not None
    assert document.stated.line == 592
    assert document.stated.budget.total == Amount(8_802_000_000)
    assert document.stated.budget.years == years(
        1_007_500_000, 3_144_000_000, 2_226_000_000, 1_485_000_000, 939_500_000
    )
    # The activities themselves add up to less: see test_reconcile for where the 110 000 000 come from.
    assert sum(a.budget.total.figure for a in activities) == 8_692_000_000


def test_the_tree_matches_the_narrative_of_each_axis(document: PlanDoc) -> None:
    shape = {
        axis.code: (len(axis.objectives), sum(len(o.actions) for o in axis.objectives), len(list(axis.activities())))
        for axis in document.axes
    }
    # "six (06) actions déclinées en vingt-six (26) activités", "trois (03) … dix-sept (17)", "sept (07) … vingt
    # (20)", "trois (03) … douze (12)", "cinq (5) actions … dix-neuf (19) activités".
    assert shape == {"I": (3, 6, 26), "II": (3, 3, 17), "III": (4, 7, 20), "IV": (2, 3, 12), "V": (4, 5, 19)}
    assert [a.title for a in document.axes][:1] == ["Prévention du phénomène de la Traite des Personnes"]
    assert document.axes[-1].title == "DISPOSITIF DE MISE EN ŒUVRE"
    objective = document.axes[0].objectives[0]
    assert objective.code == "I.1"
    assert objective.effect.startswith("Les acteurs de lutte contre la TdP ont une meilleure connaissance")
    assert objective.indicator == "Niveau de connaissance des acteurs sur le phénomène de la TdP"
    action = objective.actions[0]
    assert action.code == "I.1.1"
    assert action.product == "Le phénomène est mieux appréhendé à travers des études et des recherches"
    assert action.indicator == "Nombre d'études et de recherches nationales sur la TdP réalisées"


@pytest.mark.parametrize(
    ("code", "line", "responsible", "partners", "total", "by_year"),
    [
        ("I-1.1.1", 289, "CNCLTdP", "ONP / INS, PTF", 75 * M, years(37_500_000, None, None, None, 37_500_000)),
        ("I-2.1.7", 316, "CNCLTdP", "CIGG, PTF", 20 * M, years(None, 6_500_000, 6_500_000, 5 * M, 2 * M)),
        ("II-2.2.9", 383, "CNCLTdP", "OSC, PTF", 460 * M, years(160 * M, 100 * M, 100 * M, 100 * M, None)),
        ("III-1.1.5", 415, "CNCLTdP", "Ministères techniques, OSC, PTF", 40 * M, years(None, 40 * M, None, None, None)),
        ("IV-2.1.2", 506, "Conseil National de Veille Stratégique", "MEMAE, PTF", 50 * M, years(None, None, 50 * M)),
        ("IV-2.1.7", 513, "CNCLTdP", "Ministères Techniques PTF, OSC", 100 * M, years(None, None, None, 100 * M)),
        ("V-1.2.5", 550, "CNCLTdP", "DGDCN, ONP, PTF", 60 * M, years(20 * M, 20 * M, None, 20 * M, None)),
        ("V-4.1.2", 589, "CNCLTdP", "Ministère du Budget, OSC, PTF", 60 * M, years(None, 20 * M, 20 * M, 20 * M)),
    ],
)
def test_activities_read_from_the_file(
    document: PlanDoc, code: str, line: int, responsible: str, partners: str, total: int, by_year: dict
) -> None:
    found = activity(document, code)
    assert (found.line, found.responsible, found.partners) == (line, responsible, partners)
    assert found.budget.total == Amount(total)
    assert found.budget.years == {**years(None, None, None, None, None), **by_year}


@pytest.mark.parametrize(
    ("code", "responsible"),
    [
        ("III-2.1.3", "CNCLTdP"),
        ("III-2.1.4", "CNCLTdP"),
        ("III-3.1.1", "CNLTdP"),
        ("III-4.1.1", "CNCLTdP"),
        ("IV-1.1.1", "MSFFE"),
    ],
)
def test_pm_activities_stay_pm_not_zero(document: PlanDoc, code: str, responsible: str) -> None:
    found = activity(document, code)
    assert found.budget.total == PM
    assert found.budget.total.value is None
    assert found.budget.total.to_json() == "PM"
    assert all(cell.is_blank for cell in found.budget.years.values())
    assert found.responsible == responsible


def test_exactly_five_pm_activities(document: PlanDoc) -> None:
    assert sorted(a.code for a in document.activities() if a.budget.total.pm) == [
        "III-2.1.3",
        "III-2.1.4",
        "III-3.1.1",
        "III-4.1.1",
        "IV-1.1.1",
    ]


def test_titles_spilling_onto_the_next_line_are_joined(document: PlanDoc) -> None:
    assert activity(document, "III-1.1.4").title == (
        "Elaborer des procédures de saisie / confiscation systématique des biens des trafiquants pour la prise "
        "en charge des victimes de la traite des personnes"
    )
    assert activity(document, "V-1.2.5").title == (
        "Organiser trois (03) sessions de renforcement de capacités des acteurs de l'Unité de suivi évaluation"
    )
    assert activity(document, "IV-2.1.4").title.endswith(
        "du réseau sous régional des structures de lutte contre la TdP"
    )
    assert "Ligne 414 : suite du titre de l'activité III-1.1.4." in document.notes


def test_codes_are_kept_as_written_even_out_of_sequence(document: PlanDoc) -> None:
    action = next(a for a in document.actions() if a.code == "II.2.1")
    assert [a.code for a in action.activities] == ["II-2.1.1", *(f"II-2.2.{n}" for n in range(2, 10))]
    action = next(a for a in document.actions() if a.code == "IV.1.2")
    assert [a.code for a in action.activities] == ["IV-1.4.1", "IV-1.4.2"]
    # "Activité I-2.1.6. Développer …" and "Activité V-1.1.5.: Renforcer …"
    assert activity(document, "I-2.1.6").title.startswith("Développer des partenariats")
    assert activity(document, "V-1.1.5").title.startswith("Renforcer les capacités des Organisations")


def test_stated_subtotals_as_written(document: PlanDoc) -> None:
    objectives = {o.code: o for o in document.objectives()}
    actions = {a.code: a for a in document.actions()}
    # Written without spaces: "1306000000 80000000 619000000 …".
    assert objectives["V.1"].stated.budget.total == Amount(1_306_000_000)
    assert objectives["V.1"].stated.budget.years[2017] == Amount(619 * M)
    # "-" and "0" are nil figures, not blanks.
    assert actions["II.3.1"].stated.budget.years[2020] == Amount(0)
    assert actions["V.4.1"].stated.budget.years[2020] == Amount(0)
    # Line 416 has an empty cell too many: its 125 000 000 belongs to 2017, as in action III.1.1 (line 406).
    assert objectives["III.1"].stated.budget.years == years(25 * M, 125 * M, None, None, None)
    assert actions["III.1.1"].stated.budget.years == years(25 * M, 125 * M, 0, 0, 0)
    assert any(n.startswith("Ligne 416 : 1 cellule(s) vide(s) de trop") for n in document.notes)
    # Mislabelled subtotals close the objective being read.
    assert objectives["III.4"].stated.label == "Sous Total OS I.1:"
    assert objectives["III.4"].stated.line == 473
    assert objectives["V.2"].stated.line == 565
    assert objectives["I.1"].stated.line == 299


def test_summary_table_and_financing_split(document: PlanDoc) -> None:
    recap = {axis.code: axis.recap for axis in document.axes}
    assert recap["I"].line == 217
    assert recap["V"].label == "Dispositif de mise en œuvre"  # matched to axis V by its title
    assert recap["V"].budget.total == Amount(1_751_000_000)
    assert recap["II"].budget.years[2017] == Amount(1_226_000_000)
    assert document.recap.budget.total == Amount(8_802_000_000)
    assert document.state_share.budget.total == Amount(1_936_440_000)
    assert document.partner_share.budget.total == Amount(6_865_560_000)


def test_performance_framework_of_annex_2(document: PlanDoc) -> None:
    indicators = {(i.level, i.code): i for i in document.indicators}
    assert len(indicators) == 40
    assert sum(1 for level, _ in indicators if level == "effect") == 16
    assert {code for level, code in indicators if level == "effect"} == {o.code for o in document.objectives()}
    assert {code for level, code in indicators if level == "product"} == {a.code for a in document.actions()}

    effect = indicators["effect", "I.1"]
    assert (effect.code_as_written, effect.kind, effect.baseline_year, effect.line) == ("1.1", "scale", 2016, 602)
    assert [v.text for v in effect.values.values()] == ["Faible", "Moyen", "Bon", "Bon", "Elevé"]
    assert (effect.responsible, effect.source) == ("", "")
    # Stages of setting up a system are told apart from the quality scale; both are compared by rank.
    assert indicators["product", "I.1.2"].kind == "stage"
    assert {i.kind for i in indicators.values()} == {"scale", "stage", "number", "percentage"}

    product = indicators["product", "I.1.1"]
    assert product.name == "Nombre d'études et de recherches nationales sur la TdP réalisées"
    assert [v.number for v in product.values.values()] == [0, 2, 4, 5, 6]
    assert (product.kind, product.responsible, product.source) == ("number", "ONP", "Rapport d'étude")

    vulnerable = indicators["effect", "I.2"]
    assert vulnerable.kind == "percentage"
    assert vulnerable.values[2020].text == "75 %"
    assert vulnerable.values[2020].number == Decimal(75)

    unknown = indicators["product", "III.3.1"]
    assert (unknown.values[2016].text, unknown.values[2016].number) == ("Non Connu", None)
    assert unknown.kind == "number"

    reports = indicators["product", "V.3.1"]
    assert reports.values[2016].number == 5  # written "05"
    assert reports.responsible == "CNLTdP/CNCLTdP"

    resources = indicators["product", "V.4.1"]
    assert resources.values[2017].number == 1_007_500_000
    assert indicators["product", "I.1.2"].result == "Le phénomène est mieux cerné grâce aux informations disponibles"


def test_crlf_line_endings_read_the_same() -> None:
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    assert parse_plan(text.replace("\n", "\r\n")).to_json()["axes"] == parse_plan(text).to_json()["axes"]


# -- amounts --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("37 500 000", Amount(37_500_000)),
        ("1\u00a0007\u00a0500\u00a0000", Amount(1_007_500_000)),
        ("1\u202f000", Amount(1000)),
        ("2.045.000.000", Amount(2_045_000_000)),
        ("1306000000", Amount(1_306_000_000)),
        (" 25 000 000 ", Amount(25_000_000)),
        ("-", Amount(0)),
        ("0", Amount(0)),
        ("PM", PM),
        ("pm", PM),
        ("P.M.", PM),
        ("", BLANK),
    ],
)
def test_french_amounts(text: str, expected: Amount) -> None:
    assert parse_amount(text, line=7, column="2017") == expected


@pytest.mark.parametrize("text", ["12,5", "1 00 000", "25 000 000 F", "environ 5", "-5", "1.5"])
def test_unreadable_amounts_name_their_line_and_column(text: str) -> None:
    with pytest.raises(PlanParseError) as caught:
        parse_amount(text, line=42, column="2018")
    assert caught.value.line == 42
    assert str(caught.value) == (
        f"Ligne 42 : montant illisible « {text.strip()} » (colonne 2018) : un nombre en F CFA, « - » ou « PM » est "
        "attendu"
    )


def test_pm_and_blank_are_distinct_from_zero() -> None:
    assert PM != Amount(0) != BLANK
    assert PM.figure == BLANK.figure == Amount(0).figure == 0
    assert (PM.to_json(), BLANK.to_json(), Amount(0).to_json()) == ("PM", None, 0)
    with pytest.raises(ValueError, match="PM"):
        Amount(5, pm=True)


# -- crafted texts ----------------------------------------------------------------------------------------------------

HEAD = "\t\t\t\t\t2016\t2017\t2018\t2019\t2020"
SMALL = [
    "PLAN D'ACTION NATIONAL DE TEST 2016-2020",  # 1
    "",  # 2
    "AXE STRATEGIQUE I: Prévention",  # 3
    "Objectif Stratégique I.1 : Savoir",  # 4
    "Effet I.1: Mieux savoir",  # 5
    "Indicateur I.1: Niveau de connaissance",  # 6
    "\tActivités\tStructure Responsable\tPartenaires d'exécution\tCout Total\tBudget par année\t\t\t\t",  # 7
    HEAD,  # 8
    "Action I.1.1: Étudier\t\t\t\t30 000 000\t10 000 000\t20 000 000\t-\t-\t-",  # 9
    "Produit I.1.1: Des études",  # 10
    "Indicateur I.1.1: Nombre d'études",  # 11
    "\tActivité I-1.1.1: Réaliser une étude\tCNCLTdP\tINS, PTF\t20 000 000\t10 000 000\t10 000 000\t\t\t",  # 12
    "\tActivité I-1.1.2: Adopter un texte\tMSFFE\tPTF\tPM\t\t\t\t\t",  # 13
    "Activité I-1.1.3 : Diffuser\tCNCLTdP\tOSC\t10\u00a0000\u00a0000\t\t10\u202f000\u202f000\t\t",  # 14
    "Sous Total OS I.1:\t\t\t30 000 000\t10 000 000\t20 000 000\t\t\t",  # 15
    "TOTAL AXE STRATEGIQUE I\t\t\t\t30 000 000\t10 000 000\t20 000 000\t\t\t",  # 16
    "BUDGET TOTAL\t\t\t\t30 000 000\t10 000 000\t20 000 000\t\t\t",  # 17
]


def small(**changes: str) -> str:
    """The small plan with some lines replaced: small(l12="…") replaces line 12."""
    lines = list(SMALL)
    for key, value in changes.items():
        lines[int(key[1:]) - 1] = value
    return "\n".join(lines)


def test_a_small_plan_is_read_whole() -> None:
    document = parse_plan(small(), code="TEST")
    assert document.code == "TEST"
    assert [a.code for a in document.activities()] == ["I-1.1.1", "I-1.1.2", "I-1.1.3"]
    third = list(document.activities())[2]
    assert third.budget.total == Amount(10 * M)
    assert third.budget.years == years(None, 10 * M, None, None, None)  # a 9-cell row, non-breaking spaces
    assert list(document.activities())[1].budget.total == PM
    assert document.axes[0].stated.budget.total == Amount(30 * M)
    assert document.indicators == []
    assert document.recap is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"l12": "\tActivité I-1.1.1: Réaliser\tCNCLTdP\tINS\t20 000 000\t10 000 000 F\t10 000 000\t\t\t"},
            "Ligne 12 : montant illisible « 10 000 000 F » (colonne 2016)",
        ),
        (
            {"l15": "Sous Total OS I.1:\t\t\t30 000 000\t12,5\t\t\t\t"},
            "Ligne 15 : montant illisible « 12,5 » (colonne 2016)",
        ),
        (
            {"l9": "Action I.1.1: Étudier\t\t\t\ttrente\t\t\t\t\t"},
            "Ligne 9 : montant illisible « trente » (colonne Coût total)",
        ),
        (
            {"l8": "\t\t\t\t\t2016\t2017\t2018\t2019\t2021"},
            "Ligne 8 : l'année 2021 est hors de la période du plan (2016-2020)",
        ),
        (
            {"l8": "\t\t\t\t\t2015\t2016\t2017\t2018\t2019"},
            "Ligne 8 : l'année 2015 est hors de la période du plan (2016-2020)",
        ),
        ({"l8": ""}, "Ligne 9 : des montants précèdent l'en-tête des années"),
        ({"l10": "Texte libre au milieu de la matrice"}, "Ligne 10 : ligne inattendue dans la matrice"),
        (
            {"l13": "\tActivité I-1.1.1: Encore\tMSFFE\tPTF\tPM\t\t\t\t\t"},
            "Ligne 13 : l'activité I-1.1.1 figure déjà ligne 12",
        ),
        ({"l9": "", "l10": "", "l11": ""}, "Ligne 12 : une activité apparaît avant la ligne qui doit le contenir"),
        ({"l17": ""}, "Ligne 17 : la matrice ne se termine pas par une ligne « BUDGET TOTAL »"),
        ({"l1": "UN DOCUMENT"}, "Ligne 1 : titre du plan introuvable"),
        ({"l1": "PLAN D'ACTION NATIONAL DE TEST 2020-2016"}, "Ligne 1 : période du plan inversée (2020-2016)"),
        (
            {"l16": "TOTAL AXE STRATEGIQUE I\t\t\t\t\t\t\t\t\t"},
            "Ligne 16 : « TOTAL AXE STRATEGIQUE I » : aucun montant",
        ),
        (
            {"l12": "\tActivité I-1.1.1: Réaliser\tCNCLTdP\tINS\t20 000 000\t1\t2\t3\t4\t5\t6"},
            "Ligne 12 : montant hors des colonnes de l'en-tête : « 6 »",
        ),
        (
            {"l14": "Activité I-1.1.3 : Diffuser\tCNCLTdP\tOSC\t10 000 000\t1\t2\t3\t4\t5\t6"},
            "Ligne 14 : 6 montants pour 5 années",
        ),
    ],
)
def test_errors_name_the_line_in_french(changes: dict[str, str], message: str) -> None:
    with pytest.raises(PlanParseError) as caught:
        parse_plan(small(**changes))
    assert str(caught.value).startswith(message)
    assert caught.value.line == int(message.split()[1])


def test_a_row_with_an_empty_cell_too_many_is_aligned_and_noted() -> None:
    # As line 415 of the seed: no leading cell, yet as many cells as the heading: one empty cell too many.
    row = "Activité I-1.1.3 : Diffuser\tCNCLTdP\tOSC\t10 000 000\t\t\t10 000 000\t\t\t"
    document = parse_plan(small(l14=row))
    assert list(document.activities())[2].budget.years == years(None, 10 * M, None, None, None)
    assert (
        "Ligne 14 : 1 cellule(s) vide(s) de trop parmi les années ; retirée(s) en tête pour aligner les montants."
        in (document.notes)
    )


def test_annex_errors_name_the_line() -> None:
    annex = [
        "Annexe 2 :",
        "Résultats\tIndicateur de suivi\tBase\tCible\t\t\t\t\tResponsable et sources de données",
        "\t\t2016\t2017\t2018\t2019\t2020\t\t",
        "Effet 1.1 : Mieux savoir\tNiveau\tFaible\tMoyen\tBon\tBon\tElevé\tINS/Rapport\t",
        "Produit 1.1.1 : Des études\tNombre d'études\t0\t2\t4\t5\t6\tONP/Rapport d'étude\t",
    ]
    text = small() + "\n" + "\n".join(annex)
    indicators = parse_plan(text).indicators
    assert [(i.level, i.code, i.responsible, i.source) for i in indicators] == [
        ("effect", "I.1", "INS", "Rapport"),
        ("product", "I.1.1", "ONP", "Rapport d'étude"),
    ]
    with pytest.raises(PlanParseError, match=r"^Ligne 22 : « Produit 1.9.1 » ne correspond à aucune action"):
        parse_plan(text.replace("Produit 1.1.1", "Produit 1.9.1"))
    with pytest.raises(PlanParseError, match=r"^Ligne 20 : l'année 2022 est hors de la période du plan"):
        parse_plan(text.replace("\t2020\t\t", "\t2022\t\t"))
