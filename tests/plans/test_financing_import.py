"""The financing workbook: a template with what is recorded, every activity-year and the known partners; its import
all or nothing, every error named by row and column; the partner found by name, acronym or code."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sosteci.access.models import AuditEvent
from sosteci.directory.models import Structure, StructureKind
from sosteci.plans.excel.financing import read_financing_sheet
from sosteci.plans.models import Activity, Financing, Plan
from sosteci.plans.selectors.execution import execution_summary
from sosteci.plans.services.execution import financing_record
from sosteci.plans.services.financing import FinancingImportError, FinancingRow, financing_import
from tests.conftest import Team
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db
HEADER = ["année", "source", "partenaire financier", "activité", "montant mobilisé", "observation"]


def act(code: str) -> Activity:
    return Activity.objects.get(code=code, action__objective__axis__plan__code="PT-2020-2022")


@pytest.fixture
def donor(territory) -> Structure:
    donor = StructureFactory(
        kind=StructureKind.DONOR, name="Fonds d'appui à la protection", acronym="FAP", admin_unit=territory.pays
    )
    assert isinstance(donor, Structure)
    return donor


def xlsx(rows: Sequence[Sequence[object]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "financement.xlsx"
    return stream


def test_the_template_lists_what_is_recorded_every_activity_year_and_the_partners(
    small_plan: Plan, donor: Structure, territory, team: Team, login
) -> None:
    StructureFactory(kind=StructureKind.SCHOOL, name="École de Soubré", admin_unit=territory.l1)
    financing_record(by=None, plan=small_plan, year=2021, source="state", amount=500, note="loi de finances")
    financing_record(
        by=None, plan=small_plan, year=2020, source="partner", amount=80, funder=donor, activity=act("I-1.1.1")
    )
    response = login(team.partenaire).get(reverse("plans:financing-sheet", args=[small_plan.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="financement-PT-2020-2022.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Financement"]
    assert [c.value for c in sheet[1]][:6] == HEADER
    rows = [tuple(c.value for c in row[:8]) for row in sheet.iter_rows(min_row=2, max_row=12)]
    label = f"Fonds d'appui à la protection ({donor.code})"
    assert rows[:5] == [
        (2021, "État de Côte d'Ivoire", None, None, 500, "loi de finances", "plan entier", None),
        (2020, "Partenaires", label, "I-1.1.1", 80, None, "Étude nationale", 100),
        (2021, None, None, "I-1.1.1", None, None, "Étude nationale", 200),
        (2022, None, None, "I-1.1.1", None, None, "Étude nationale", None),
        (2020, None, None, "I-1.1.2", None, None, "Base de données", None),
    ]
    assert len([r for r in sheet.iter_rows(min_row=2, values_only=True) if r[3]]) == 9  # 3 activities × 3 years
    partners = [row[:3] for row in book["Partenaires"].iter_rows(min_row=2, values_only=True)]
    assert ("Fonds d'appui à la protection", "FAP", donor.code) in partners
    assert all(name != "École de Soubré" for name, _acronym, _code in partners)
    # Downloaded then uploaded unchanged: nothing changes.
    upload = io.BytesIO(response.content)
    upload.name = "financement.xlsx"
    response = login(team.analyste).post(
        reverse("plans:financing-import", args=[small_plan.code]), {"file": upload}, follow=True
    )
    assert "0 montants créés, 0 modifiés, 2 inchangés" in response.content.decode()
    assert Financing.objects.count() == 2
    assert not AuditEvent.objects.filter(action="plans.financing.import").exists()


def test_the_template_filled_in_imports(small_plan: Plan, donor: Structure, team: Team, login) -> None:
    client = login(team.analyste)
    book = load_workbook(io.BytesIO(client.get(reverse("plans:financing-sheet", args=[small_plan.code])).content))
    sheet = book["Financement"]
    assert [sheet.cell(row=r, column=4).value for r in (2, 3)] == ["I-1.1.1", "I-1.1.1"]
    sheet["B2"], sheet["E2"] = "État", "1 500 000"  # I-1.1.1 in 2020, by the State
    sheet["C3"], sheet["E3"] = "FAP", 250_000  # I-1.1.1 in 2021, by the donor (source left blank: partners)
    sheet.append([2022, "Partenaires", f"Fonds d'appui à la protection ({donor.code})", None, "300000", "appel"])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "financement.xlsx"
    response = client.post(reverse("plans:financing-import", args=[small_plan.code]), {"file": stream}, follow=True)
    assert "3 montants créés, 0 modifiés, 0 inchangés" in response.content.decode()
    found = sorted(
        (f.year, f.source, f.funder.acronym if f.funder else None, f.activity.code if f.activity else None, f.amount)
        for f in Financing.objects.select_related("funder", "activity")
    )
    assert found == [
        (2020, "state", None, "I-1.1.1", 1_500_000),
        (2021, "partner", "FAP", "I-1.1.1", 250_000),
        (2022, "partner", "FAP", None, 300_000),
    ]
    assert execution_summary(plan=small_plan).total.mobilised == 2_050_000
    event = AuditEvent.objects.get(action="plans.financing.import")
    assert event.actor == team.analyste and event.after["created"] == 3


def test_every_bad_row_is_named_and_nothing_is_saved(small_plan: Plan, donor: Structure, territory) -> None:
    StructureFactory(kind=StructureKind.NGO, name="Espoir", admin_unit=territory.pays)
    StructureFactory(kind=StructureKind.NGO, name="ESPOIR", admin_unit=territory.pays)
    rows = [
        FinancingRow(row=2, year=2020, source="État", amount=100, activity="I-1.1.1"),  # valid, yet not saved
        FinancingRow(row=3, year=2021, source="Partenaires", funder="Banque inconnue", amount=10),
        FinancingRow(row=4, year=2021, source="État", amount="beaucoup"),
        FinancingRow(row=5, year=2024, source="État", amount=10),
        FinancingRow(row=6, year=2021, source="État", amount=10, activity="IX-9.9.9"),
        FinancingRow(row=7, year=2021, source="banque", amount=10),
        FinancingRow(row=8, year=2021, source="État", funder="FAP", amount=10),
        FinancingRow(row=9, year=2021, funder="espoir", amount=10),
        FinancingRow(row=10, year=2021, source="Partenaires", funder="FAP", amount=None),
        FinancingRow(row=11, year=2020, source="state", amount=5, activity="i-1.1.1"),
    ]
    with pytest.raises(FinancingImportError) as error:
        financing_import(by=None, plan=small_plan, rows=rows)
    assert error.value.errors == [
        "Ligne 3, partenaire financier : partenaire financier inconnu : « Banque inconnue » (attendu : un partenaire "
        "technique et financier du répertoire, voir la feuille « Partenaires » du modèle).",
        "Ligne 4, montant mobilisé : « montant mobilisé » : montant illisible « beaucoup ». Saisissez un nombre "
        "entier de francs CFA, par exemple 150000.",
        "Ligne 5, année : « année » : 2024 est hors de la période du plan (2020-2022).",
        "Ligne 6, activité : activité inconnue dans le plan PT-2020-2022 : « IX-9.9.9 ».",
        "Ligne 7, source : « source » : valeur inconnue « banque » (attendu : État de Côte d'Ivoire, Partenaires).",
        "Ligne 8, partenaire financier : « partenaire financier » : à laisser vide quand la source est l'État.",
        error.value.errors[6],
        "Ligne 10, montant mobilisé : « montant mobilisé » : obligatoire.",
        "Ligne 11, activité : même année, source, partenaire et activité que la ligne 2.",
    ]
    assert error.value.errors[6].startswith(
        "Ligne 9, partenaire financier : plusieurs partenaires s'appellent « espoir » : écrivez leur code ("
    )
    assert not Financing.objects.exists()


def test_a_row_again_replaces_its_amount(small_plan: Plan, donor: Structure) -> None:
    financing_record(by=None, plan=small_plan, year=2021, source="partner", amount=100, funder=donor)
    result = financing_import(
        by=None,
        plan=small_plan,
        rows=[
            FinancingRow(row=2, year=2021, source="Partenaires", funder=donor.code, amount="400"),
            FinancingRow(row=3, year="2022", source="Etat", amount=0),
        ],
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert sorted(Financing.objects.values_list("year", "amount")) == [(2021, 400), (2022, 0)]
    event = AuditEvent.objects.get(action="plans.financing.import")
    assert event.after["rows"][0]["before"] == {"amount": 100} and event.after["rows"][0]["after"] == {"amount": 400}


def test_reading_the_sheet(small_plan: Plan) -> None:
    stream = xlsx(
        [
            HEADER,
            [2020, "État", None, "I-1.1.1", 10, None],
            [2021, None, None, "I-1.1.1", None, None],  # an activity-year left empty
            [2022, None, "FAP", None, "20", "x"],
        ]
    )
    rows = read_financing_sheet(stream.getvalue())
    assert [(r.row, r.year, r.funder, r.amount) for r in rows] == [(2, 2020, None, 10), (4, 2022, "FAP", "20")]
    with pytest.raises(FinancingImportError, match="pas un classeur Excel"):
        read_financing_sheet(b"annee;montant")
    with pytest.raises(FinancingImportError, match="Colonnes obligatoires absentes : source, activité"):
        read_financing_sheet(xlsx([["année", "partenaire financier", "montant mobilisé"]]).getvalue())
    with pytest.raises(FinancingImportError, match="aucune ligne de financement"):
        financing_import(by=None, plan=small_plan, rows=read_financing_sheet(xlsx([HEADER]).getvalue()))


def test_the_page_lists_the_errors(small_plan: Plan, team: Team, login) -> None:
    upload = xlsx([HEADER, [2020, "État", None, None, 10, None], [2031, "État", None, None, 10, None]])
    response = login(team.analyste).post(reverse("plans:financing-import", args=[small_plan.code]), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 erreur : rien n&#x27;a été enregistré." in page or "1 erreur : rien n'a été enregistré." in page
    assert "Ligne 3, année : « année » : 2031 est hors de la période du plan (2020-2022)." in page
    assert not Financing.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("analyste", 200), ("admin", 200), ("pointfocal", 403), ("partenaire", 403)]
)
def test_only_national_editors_import(small_plan: Plan, team: Team, login, role: str, status: int) -> None:
    client = login(team.by_role()[role])
    assert client.get(reverse("plans:financing-import", args=[small_plan.code])).status_code == status
    page = client.get(reverse("plans:financing", args=[small_plan.code])).content.decode()
    assert (reverse("plans:financing-import", args=[small_plan.code]) in page) is (status == 200)
