"""Joint matrix: links between plans, totals counting each activity once, the XLSX matrices read back; tree filters."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from sosteci.plans.models import Activity, JointLink, Plan
from sosteci.plans.selectors.joint import joint_matrix
from sosteci.plans.services import plan_import
from sosteci.plans.services.joint import joint_link_create
from tests.conftest import Team
from tests.plans.conftest import small_document

pytestmark = pytest.mark.django_db


def act(plan: str, code: str) -> Activity:
    return Activity.objects.select_related("action__objective__axis__plan").get(
        code=code, action__objective__axis__plan__code=plan
    )


@pytest.fixture
def two_plans(small_plan: Plan) -> tuple[Plan, Plan]:
    other = plan_import(document=small_document(code="PB-2021-2023", start=2021, end=2023), by=None).plan
    return small_plan, other


def test_joint_totals_count_each_activity_once(two_plans: tuple[Plan, Plan]) -> None:
    joint_link_create(by=None, activity=act("PT-2020-2022", "I-1.1.1"), other=act("PB-2021-2023", "I-1.1.1"))
    joint_link_create(
        by=None, activity=act("PB-2021-2023", "II-1.1.1"), other=act("PT-2020-2022", "I-1.1.1"), note="Centres et étude"
    )
    # Linking B–A again is the same pair: its note changes, no second link.
    joint_link_create(
        by=None, activity=act("PT-2020-2022", "I-1.1.1"), other=act("PB-2021-2023", "I-1.1.1"), note="Étude commune"
    )
    assert JointLink.objects.count() == 2
    matrix = joint_matrix()
    assert matrix.years == [2020, 2021, 2022, 2023]
    assert [
        (r.sides[0].plan, r.sides[0].activity.code, r.sides[1].plan, r.sides[1].activity.code) for r in matrix.rows
    ] == [
        ("PB-2021-2023", "I-1.1.1", "PT-2020-2022", "I-1.1.1"),
        ("PB-2021-2023", "II-1.1.1", "PT-2020-2022", "I-1.1.1"),
    ]
    totals = {t.plan: t for t in matrix.totals}
    # PT's I-1.1.1 appears in both links but counts once: 100 + 200.
    assert (totals["PT-2020-2022"].activities, totals["PT-2020-2022"].total) == (1, 300)
    assert totals["PT-2020-2022"].years == {2020: 100, 2021: 200}
    assert (totals["PB-2021-2023"].activities, totals["PB-2021-2023"].total) == (2, 600)
    assert totals["PB-2021-2023"].years == {2021: 100, 2022: 200, 2023: 300}
    assert (matrix.grand_total, matrix.grand_years) == (900, {2020: 100, 2021: 300, 2022: 200, 2023: 300})


def test_activities_of_the_same_plan_are_not_joint(small_plan: Plan) -> None:
    with pytest.raises(ValidationError, match="sont du même plan"):
        joint_link_create(by=None, activity=act("PT-2020-2022", "I-1.1.1"), other=act("PT-2020-2022", "II-1.1.1"))


def test_the_joint_matrix_xlsx_reads_back(two_plans: tuple[Plan, Plan], team: Team, login) -> None:
    joint_link_create(
        by=None, activity=act("PT-2020-2022", "I-1.1.2"), other=act("PB-2021-2023", "II-1.1.1"), note="Base et centres"
    )
    response = login(team.partenaire).get(reverse("plans:joint-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[0] == [
        "Lien",
        "Plan",
        "Code",
        "Activité",
        "Structure responsable",
        "Partenaires d'exécution",
        "Coût total (F CFA)",
        "2020",
        "2021",
        "2022",
        "2023",
        "Note",
    ]
    assert rows[1][:7] == [
        1,
        "PB-2021-2023",
        "II-1.1.1",
        "Centres d'accueil",
        "Ministère de la Solidarité",
        "Société civile",
        300,
    ]
    assert rows[1][7:] == [None, None, None, 300, "Base et centres"]
    assert rows[2][1:3] == ["PT-2020-2022", "I-1.1.2"] and rows[2][6] == "PM"
    assert rows[3][1] == "PB-2021-2023" and rows[3][6] == 300
    assert rows[4][1] == "PT-2020-2022" and rows[4][6] == 0
    assert rows[5][3] == "Total général" and rows[5][6:11] == [300, 0, 0, 0, 300]


def test_the_plan_matrix_xlsx_has_the_document_layout(plan: Plan, team: Team, login) -> None:
    response = login(team.analyste).get(reverse("plans:plan-matrix-xlsx", args=[plan.code]))
    assert response["Content-Disposition"] == f'attachment; filename="matrice-{plan.code}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[0] == [
        "Code",
        "Intitulé",
        "Structure responsable",
        "Partenaires d'exécution",
        "Durée",
        "Coût total (F CFA)",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
    ]
    assert rows[1][1].startswith("Axe stratégique I : ")
    assert rows[2][1].startswith("Objectif stratégique I.1 : ")
    assert rows[3][1].startswith("Action I.1.1 : ")
    by_label = {r[1]: r for r in rows if r[1]}
    # Subtotals are the sums of the activities: objective II.2 is 2 426 000 000 (the document states 2 636 000 000).
    assert by_label["Sous-total objectif II.2"][5] == 2_426_000_000
    assert by_label["Total axe II"][5] == 2_791_000_000
    assert by_label["Budget total"][5:] == [
        8_692_000_000,
        *[sum(r[6 + i] for r in rows if r[0] and "-" in str(r[0]) and isinstance(r[6 + i], int)) for i in range(5)],
    ]
    pm = next(r for r in rows if r[0] == "III-2.1.3")
    assert pm[5] == "PM"
    activity = next(r for r in rows if r[0] == "III-1.1.5")
    assert activity[6:] == [None, 40_000_000, None, None, None]
    assert sum(1 for r in rows if r[0] and "-" in str(r[0])) == 94


def test_the_roadmap_matrix_writes_costs_to_define(db: None, team: Team, login) -> None:
    from sosteci.plans.loading import ROADMAP_TEXT, read_plan_file

    roadmap = plan_import(document=read_plan_file(ROADMAP_TEXT), by=None).plan
    response = login(team.analyste).get(reverse("plans:plan-matrix-xlsx", args=[roadmap.code]))
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=6)]
    first = next(r for r in rows if r[0] == "II-1.2.1")
    assert first[1:6] == [
        "Recruter un consultant développeur d'application",
        "CIM/CNS",
        None,
        "A court terme",
        "A définir",
    ]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"responsable": "cnltdp"}, ["I-1.1.1"]),
        ({"responsable": "ministere de la solidarite"}, ["I-1.1.2", "II-1.1.1"]),
        ({"partenaire": "unicef"}, ["I-1.1.2"]),
        ({"responsable": "ministère", "partenaire": "SOCIETE"}, ["II-1.1.1"]),
        ({"partenaire": "banque"}, []),
    ],
)
def test_the_tree_filters_by_responsible_and_partner(
    small_plan: Plan, team: Team, login, query: dict, codes: list[str]
) -> None:
    response = login(team.superviseur).get(reverse("plans:plan-detail", args=[small_plan.code]), query)
    tables = response.context["tables"]
    assert [r.code for t in tables for r in t.rows if r.kind == "activity"] == codes
    kept_axes = {c.split("-")[0] for c in codes}
    assert {t.code for t in tables} == kept_axes
