"""Execution and financing: sums by year and axis, the stated split against the mobilised one, every bad input
refused with its field (and row), spreadsheet import all or nothing, pages by role."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sosteci.access.models import AuditEvent
from sosteci.directory.models import StructureKind
from sosteci.plans.excel.execution import read_execution_sheet
from sosteci.plans.models import Activity, ActivityExecution, Financing, Plan
from sosteci.plans.selectors.execution import execution_summary
from sosteci.plans.services import plan_import
from sosteci.plans.services.execution import (
    ExecutionImportError,
    ExecutionRow,
    execution_import,
    execution_record,
    financing_record,
)
from tests.conftest import Team
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


def act(code: str, plan: str = "PT-2020-2022") -> Activity:
    return Activity.objects.select_related("action__objective__axis__plan").get(
        code=code, action__objective__axis__plan__code=plan
    )


def record(code: str, year: int, status: str = "under_way", **values: object) -> ActivityExecution:
    return execution_record(by=None, activity=act(code), year=year, status=status, **values)[0]


def test_sums_by_year_and_axis(small_plan: Plan) -> None:
    record("I-1.1.1", 2020, "done", committed="100", spent="90")
    record("I-1.1.1", 2021, committed="150 000", spent=50, progress="40 %")
    record("II-1.1.1", 2022, committed=300, spent=0, progress=5)
    summary = execution_summary(plan=small_plan)
    assert [(y.key, y.planned, y.committed, y.spent) for y in summary.years] == [
        ("2020", 100, 100, 90),
        ("2021", 200, 150_000, 50),
        ("2022", 300, 300, 0),
    ]
    assert [(a.key, a.planned, a.committed, a.spent) for a in summary.axes] == [
        ("I", 300, 150_100, 140),
        ("II", 300, 300, 0),
    ]
    total = summary.total
    assert (total.planned, total.committed, total.spent, total.executed_pct) == (600, 150_400, 140, 23.3)
    assert summary.years[0].executed_pct == 90.0
    assert {code: n for code, _label, n in summary.statuses} == {
        "not_started": 0,
        "under_way": 2,
        "done": 1,
        "abandoned": 0,
    }
    assert (summary.recorded, summary.activity_years) == (3, 9)
    assert summary.warnings == ["I-1.1.1 2021"]  # committed beyond 2021's budget of 200


def test_a_commitment_beyond_the_budget_is_a_warning_not_an_error(small_plan: Plan) -> None:
    row, warnings = execution_record(by=None, activity=act("I-1.1.1"), year=2021, status="En cours", committed=500)
    assert row.committed == 500
    assert warnings == ["Activité I-1.1.1, 2021 : l'engagement (500 F CFA) dépasse le budget prévu (200 F CFA)."]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"year": 2023}, "year", "« année » : 2023 est hors de la période du plan (2020-2022)."),
        ({"year": "deux mille"}, "year", "« année » : « deux mille » n'est pas une année."),
        ({"committed": "beaucoup"}, "committed", "« montant engagé » : montant illisible « beaucoup »"),
        ({"spent": "-5"}, "spent", "« montant dépensé » : le montant ne peut pas être négatif"),
        (
            {"committed": 10, "spent": 20},
            "spent",
            "« montant dépensé » : 20 F CFA dépasse le montant engagé (10 F CFA).",
        ),
        ({"progress": "150"}, "progress", "un nombre entier de 0 à 100 est attendu"),
        ({"progress": "moitié"}, "progress", "« moitié » n'est pas un pourcentage"),
        ({"status": "fini"}, "status", "« état » : valeur inconnue « fini »"),
        ({"status": "done", "progress": 80}, "progress", "une activité réalisée est avancée à 100 %"),
        ({"status": "not_started", "spent": 5, "committed": 5}, "status", "ni avancement ni dépense"),
    ],
)
def test_bad_input_is_refused_naming_its_field(small_plan: Plan, values: dict, field: str, message: str) -> None:
    entry = {"year": 2021, "status": "under_way", **values}
    with pytest.raises(ValidationError) as error:
        execution_record(by=None, activity=act("I-1.1.1"), **entry)
    assert field in error.value.message_dict
    assert any(message in text for text in error.value.message_dict[field]), error.value.message_dict
    assert not ActivityExecution.objects.exists()


def test_a_second_entry_replaces_the_first_and_is_audited_once(small_plan: Plan, team: Team) -> None:
    record("I-1.1.1", 2021, committed=100, spent=10)
    row = execution_record(
        by=team.analyste, activity=act("I-1.1.1"), year=2021, status="en cours", committed=100, spent=60
    )[0]
    execution_record(by=team.analyste, activity=act("I-1.1.1"), year=2021, status="en cours", committed=100, spent=60)
    assert ActivityExecution.objects.count() == 1
    assert row.spent == 60
    events = AuditEvent.objects.filter(action="plans.execution.record").order_by("pk")
    assert [(e.before, {k: v for k, v in e.after.items() if k != "created"}) for e in events][1] == (
        {"spent": 10},
        {"spent": 60},
    )
    assert events.count() == 2  # the unchanged third entry writes nothing


def test_only_national_editors_record(small_plan: Plan, team: Team) -> None:
    with pytest.raises(PermissionDenied):
        execution_record(by=team.pointfocal, activity=act("I-1.1.1"), year=2021, status="under_way")
    with pytest.raises(PermissionDenied):
        financing_record(by=team.partenaire, plan=small_plan, year=2021, source="state", amount=1)


def test_import_is_all_or_nothing_with_errors_per_row(small_plan: Plan) -> None:
    rows = [
        ExecutionRow(row=2, activity="I-1.1.1", year=2020, status="Réalisée", committed="100", spent="100"),
        ExecutionRow(row=3, activity="X-9", year=2020, status="En cours"),
        ExecutionRow(row=4, activity="I-1.1.1", year=2031, status="En cours"),
        ExecutionRow(row=5, activity="II-1.1.1", year=2022, status="En cours", committed="abc"),
        ExecutionRow(row=6, activity="I-1.1.1", year=2020, status="En cours"),
    ]
    with pytest.raises(ExecutionImportError) as error:
        execution_import(by=None, plan=small_plan, rows=rows)
    assert error.value.errors == [
        "Ligne 3, activité : activité inconnue dans le plan PT-2020-2022 : « X-9 ».",
        "Ligne 4, année : « année » : 2031 est hors de la période du plan (2020-2022).",
        "Ligne 5, montant engagé : « montant engagé » : montant illisible « abc ». Saisissez un nombre entier de "
        "francs CFA, par exemple 150000.",
        "Ligne 6, activité : I-1.1.1 en 2020 figure déjà ligne 2.",
    ]
    assert not ActivityExecution.objects.exists()
    result = execution_import(by=None, plan=small_plan, rows=rows[:1])
    assert (result.created, result.updated) == (1, 0)
    assert execution_import(by=None, plan=small_plan, rows=rows[:1]).unchanged == 1


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_the_sheet_downloaded_then_filled_imports(small_plan: Plan, team: Team, login) -> None:
    client = login(team.analyste)
    response = client.get(reverse("plans:execution-sheet", args=[small_plan.code]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Exécution"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        "activité",
        "année",
        "état",
        "avancement (%)",
        "montant engagé",
        "montant dépensé",
        "observation",
    ]
    codes = [(row[0].value, row[1].value, row[8].value) for row in sheet.iter_rows(min_row=2, max_row=10)]
    assert codes[:4] == [
        ("I-1.1.1", 2020, 100),
        ("I-1.1.1", 2021, 200),
        ("I-1.1.1", 2022, None),
        ("I-1.1.2", 2020, None),
    ]
    sheet["C2"], sheet["E2"], sheet["F2"] = "Réalisée", 100, 100
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "execution.xlsx"
    response = client.post(reverse("plans:execution-import", args=[small_plan.code]), {"file": stream})
    assert response.status_code == 302
    row = ActivityExecution.objects.get()
    assert (row.activity.code, row.year, row.status, row.progress, row.spent) == ("I-1.1.1", 2020, "done", 100, 100)


def test_a_sheet_with_errors_shows_them_and_saves_nothing(small_plan: Plan, team: Team, login) -> None:
    content = _xlsx(
        [
            ["activité", "année", "état", "montant engagé", "montant dépensé"],
            ["I-1.1.1", 2020, "En cours", 10, 5],
            ["I-1.1.1", 2021, "En cours", 10, 50],
        ]
    )
    assert [r.row for r in read_execution_sheet(content)] == [2, 3]
    upload = io.BytesIO(content)
    upload.name = "x.xlsx"
    response = login(team.analyste).post(reverse("plans:execution-import", args=[small_plan.code]), {"file": upload})
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Ligne 3, montant dépensé : « montant dépensé » : 50 F CFA dépasse le montant engagé (10 F CFA)."
    ]
    assert not ActivityExecution.objects.exists()
    with pytest.raises(ExecutionImportError, match="pas un classeur Excel"):
        read_execution_sheet(b"activite;annee")


def test_financing_split_stated_against_mobilised(small_plan: Plan, territory) -> None:
    donor = StructureFactory(kind=StructureKind.DONOR, name="Fonds d'appui", admin_unit=territory.pays)
    financing_record(by=None, plan=small_plan, year=2020, source="state", amount="100", activity=act("I-1.1.1"))
    financing_record(by=None, plan=small_plan, year=2021, source="Partenaires", amount=300, funder=donor)
    # The same year, source, partner and activity again replaces the amount.
    financing_record(by=None, plan=small_plan, year=2021, source="partner", amount="100", funder=donor)
    financing_record(
        by=None, plan=small_plan, year=2022, source="partner", amount=200, funder=donor, activity=act("II-1.1.1")
    )
    assert Financing.objects.count() == 3
    summary = execution_summary(plan=small_plan)
    state, partners = summary.split
    assert (state.stated, state.stated_pct, state.mobilised, state.mobilised_pct) == (150, 25.0, 100, 25.0)
    assert (partners.stated, partners.stated_pct, partners.mobilised, partners.mobilised_pct) == (450, 75.0, 300, 75.0)
    assert [(y.key, y.mobilised) for y in summary.years] == [("2020", 100), ("2021", 100), ("2022", 200)]
    assert [(a.key, a.mobilised) for a in summary.axes] == [("I", 100), ("II", 200)]
    assert (summary.unassigned, summary.total.mobilised, summary.funders) == (100, 400, [("Fonds d'appui", 300)])


def test_the_reference_plan_states_22_and_78_percent(plan: Plan) -> None:
    state, partners = execution_summary(plan=plan).split
    assert (state.stated, state.stated_pct, partners.stated, partners.stated_pct) == (
        1_936_440_000,
        22.0,
        6_865_560_000,
        78.0,
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"source": "partner"}, "funder", "obligatoire quand la source est un partenaire"),
        ({"source": "state", "funder": "donor"}, "funder", "à laisser vide quand la source est l'État"),
        ({"source": "partner", "funder": "school"}, "funder", "pas un partenaire technique et financier"),
        ({"year": 2019}, "year", "2019 est hors de la période du plan (2020-2022)"),
        ({"amount": "1,5 million"}, "amount", "« montant mobilisé » : montant illisible"),
        ({"source": "banque"}, "source", "« source » : valeur inconnue « banque »"),
        ({"activity": "foreign"}, "activity", "n'appartient pas au plan PT-2020-2022"),
    ],
)
def test_bad_financing_is_refused_naming_its_field(
    small_plan: Plan, document, territory, values: dict, field: str, message: str
) -> None:
    structures = {
        "donor": StructureFactory(kind=StructureKind.DONOR, admin_unit=territory.pays),
        "school": StructureFactory(kind=StructureKind.SCHOOL, admin_unit=territory.l1),
    }
    entry: dict = {"year": 2021, "source": "state", "amount": 10, **values}
    if "funder" in entry:
        entry["funder"] = structures[entry["funder"]]
    if entry.get("activity") == "foreign":
        plan_import(document=document, by=None)
        entry["activity"] = act("I-1.1.1", plan="PANLTdP-2016-2020")
    with pytest.raises(ValidationError) as error:
        financing_record(by=None, plan=small_plan, **entry)
    assert any(message in text for text in error.value.message_dict[field]), error.value.message_dict
    assert not Financing.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("analyste", 200), ("pointfocal", 403), ("partenaire", 403)])
def test_entry_pages_are_for_national_editors(small_plan: Plan, team: Team, login, role: str, status: int) -> None:
    client = login(team.by_role()[role])
    assert client.get(reverse("plans:execution-entry", args=[small_plan.code])).status_code == status
    assert client.get(reverse("plans:execution-import", args=[small_plan.code])).status_code == status
    assert client.get(reverse("plans:execution", args=[small_plan.code])).status_code == 200
    assert client.get(reverse("plans:financing", args=[small_plan.code])).status_code == 200


def test_the_entry_form_shows_the_service_errors(small_plan: Plan, team: Team, login) -> None:
    client = login(team.analyste)
    url = reverse("plans:execution-entry", args=[small_plan.code])
    response = client.post(
        url, {"activity": "I-1.1.1", "year": 2021, "status": "under_way", "committed": "10", "spent": "30"}
    )
    assert response.status_code == 200
    assert "dépasse le montant engagé" in response.content.decode()
    response = client.post(
        url,
        {
            "activity": "I-1.1.1",
            "year": 2021,
            "status": "under_way",
            "committed": "1 000",
            "spent": "300",
            "progress": "30",
        },
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("plans:execution", args=[small_plan.code]))
    assert dashboard.context["summary"].total.spent == 300
    assert "50,0 %" in dashboard.content.decode() or "50.0 %" in dashboard.content.decode()
