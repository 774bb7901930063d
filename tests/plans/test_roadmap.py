"""The Alliance 8.7 task force's roadmap, read from its seed text and imported as a plan with costs to define."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from sosteci.plans.document import TBD, Amount, PlanDoc
from sosteci.plans.loading import REFERENCE_TEXT, ROADMAP_JSON, ROADMAP_TEXT, document_json, read_plan_file
from sosteci.plans.models import Activity, ActivityYear, Axis, Plan, PlanKind
from sosteci.plans.parsing import PlanParseError, is_roadmap, parse_document, parse_roadmap
from sosteci.plans.parsing.roadmap import split_partners, strategies
from sosteci.plans.selectors import plan_document
from sosteci.plans.services import plan_import

SEED = ROADMAP_TEXT.read_text(encoding="utf-8")
HEADING = "Priorités\tActions\tStratégies\tPartenaires\tDurée\tBudget"
SMALL = "\n".join(
    [
        "### FEUILLE DE ROUTE DES ACTIONS PRIORITAIRES",
        "07-08 Octobre 2021, Abidjan",
        HEADING,
        "<b>Priorité A</b>\tAction un\t- Stratégie a ; - stratégie b\tCIM/ PTF\tA court terme\tA définir",
        "\tAction deux\tStratégie c\tCNLPT\tA long terme\t{budget}",
    ]
)


@pytest.fixture(scope="module")
def roadmap() -> PlanDoc:
    return parse_roadmap(SEED, source_name=ROADMAP_TEXT.name)


def test_the_seed_is_told_apart_from_the_action_plan() -> None:
    assert is_roadmap(SEED)
    assert not is_roadmap(REFERENCE_TEXT.read_text(encoding="utf-8"))
    assert parse_document(SEED).kind == "roadmap"
    assert read_plan_file(REFERENCE_TEXT).kind == "plan"


def test_priorities_and_actions_as_in_the_document(roadmap: PlanDoc) -> None:
    assert roadmap.code == "FDR-TF87-2021-2025"
    assert roadmap.title.startswith("Feuille de route des actions prioritaires de la Task Force Alliance 8.7")
    assert (roadmap.start_year, roadmap.end_year) == (2021, 2025)
    assert [a.title for a in roadmap.axes] == [
        "Coordination des interventions pour accélérer l'atteinte de la cible 8.7",
        "Suivi, collecte de données, partage de connaissances",
        "Politiques et lois",
        "Financement des efforts de lutte contre le travail des enfants, le travail forcé et la traite des personnes",
    ]
    # Four tables; the blank lines inside a table do not start a new priority.
    assert [len(list(a.objectives[0].actions)) for a in roadmap.axes] == [7, 7, 5, 4]
    assert sum(1 for _ in roadmap.activities()) == 40
    assert all(len(a.objectives) == 1 and a.objectives[0].title == a.title for a in roadmap.axes)


def test_strategies_become_activities_with_partners_duration_and_budget(roadmap: PlanDoc) -> None:
    digitise = next(a for a in roadmap.actions() if a.title == "Digitaliser les outils du SOSTECI")
    assert digitise.code == "II.1.2"
    assert [(a.code, a.title) for a in digitise.activities] == [
        ("II-1.2.1", "Recruter un consultant développeur d'application"),
        ("II-1.2.2", "Concevoir une application permettant de digitaliser les outils du SOSTECI"),
        ("II-1.2.3", "Organiser une réunion de validation de l'application"),
        ("II-1.2.4", "Opérationnaliser l'application en l'installant dans des smartphones."),
    ]
    first = digitise.activities[0]
    assert (first.responsible, first.partners, first.duration, first.budget.total) == (
        "CIM/CNS",
        "",
        "A court terme",
        TBD,
    )
    dialogue = next(a for a in roadmap.activities() if a.code == "I-1.4.1")
    assert (dialogue.responsible, dialogue.partners) == ("CIM/CNS/CNLTP", "PTF / Privé / société civile...")
    means = next(a for a in roadmap.activities() if a.code == "III-1.2.2")
    assert means.duration == "A court terme ; A moyen terme ; A long terme"
    totals = [a.budget.total for a in roadmap.activities()]
    assert totals.count(TBD) == 38
    # Advocacy has no cost ("-"): nil, which is not "to be defined".
    assert [a.code for a in roadmap.activities() if a.budget.total == Amount(0)] == ["III-1.4.1", "III-1.5.1"]


def test_a_title_spilled_onto_its_own_line_is_joined(roadmap: PlanDoc) -> None:
    align = next(a for a in roadmap.actions() if a.code == "III.1.3")
    assert align.title.endswith("(période 2021-2025) concernant les domaines de synergie.")
    assert any(note.startswith("Ligne 36 : la fin d'un intitulé") for note in roadmap.notes)


def test_cells_helpers() -> None:
    assert strategies("<ul><li>- Un ;</li> <li>- deux.</li></ul>") == ["Un", "Deux."]
    assert strategies("-Recruter ; -concevoir ; -organiser.") == ["Recruter", "Concevoir", "Organiser."]
    assert strategies("Organiser des tables rondes ;") == ["Organiser des tables rondes"]
    assert split_partners("CIM/CNS/ CNLPT/ PTF / Privé / société civile...)") == (
        "CIM/CNS/CNLTP",
        "PTF / Privé / société civile...",
    )


def test_an_unreadable_budget_names_its_line() -> None:
    with pytest.raises(PlanParseError) as error:
        parse_roadmap(SMALL.format(budget="beaucoup"))
    assert error.value.line == 5
    assert "montant illisible « beaucoup » (colonne Budget)" in str(error.value)
    small = parse_roadmap(SMALL.format(budget="1 500 000"))
    assert [(a.code, a.responsible, a.partners, a.budget.total) for a in small.activities()] == [
        ("I-1.1.1", "CIM", "PTF", TBD),
        ("I-1.1.2", "CIM", "PTF", TBD),
        ("I-1.2.1", "CNLTP", "", Amount(1_500_000)),
    ]


def test_a_roadmap_without_its_table_is_refused() -> None:
    with pytest.raises(PlanParseError, match="aucune priorité lue"):
        parse_roadmap(
            "FEUILLE DE ROUTE\n07-08 Octobre 2021\nPriorités\tActions\tStratégies\tPartenaires\tDurée\tBudget"
        )


def test_the_kept_json_is_up_to_date(roadmap: PlanDoc) -> None:
    assert ROADMAP_JSON.read_text(encoding="utf-8") == document_json(roadmap)


@pytest.mark.django_db
def test_import_stores_costs_to_define_and_is_idempotent(roadmap: PlanDoc) -> None:
    result = plan_import(document=roadmap, by=None, actor_label="tests")
    plan = result.plan
    assert plan.kind == PlanKind.ROADMAP
    assert (Axis.objects.filter(plan=plan).count(), Activity.objects.count()) == (4, 40)
    assert Activity.objects.filter(total_cost_tbd=True, total_cost__isnull=True, total_cost_pm=False).count() == 38
    assert Activity.objects.filter(total_cost=0, total_cost_tbd=False).count() == 2
    assert not ActivityYear.objects.exists()
    assert Activity.objects.get(code="II-1.2.1").total == TBD
    assert plan_document(plan=plan).to_json() == roadmap.to_json()
    again = plan_import(document=parse_roadmap(SEED, source_name=ROADMAP_TEXT.name), by=None)
    assert not again.changed
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_import_plan_command_on_the_roadmap(capsys) -> None:
    call_command("import_plan", str(ROADMAP_TEXT), "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["plan"], report["kind"], report["activities"], report["to_be_defined"]) == (
        "FDR-TF87-2021-2025",
        "roadmap",
        40,
        38,
    )
    call_command("import_plan", str(ROADMAP_TEXT))
    assert "FDR-TF87-2021-2025 inchangé : 4 axes, 4 objectifs, 23 actions, 40 activités" in capsys.readouterr().out
