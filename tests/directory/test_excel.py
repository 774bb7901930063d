"""Excel: export of the filtered list (also the template), dry-run import reported row by row, then applied."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sosteci.access.models import AuditEvent
from sosteci.directory.excel import plan_file, structure_import_check, structure_import_confirm
from sosteci.directory.excel.columns import COLUMNS
from sosteci.directory.models import Structure, StructureImport
from tests.conftest import MiniTerritory, Team
from tests.directory.conftest import Directory

pytestmark = pytest.mark.django_db

HEADER = [
    "nom",
    "sigle",
    "type",
    "code_unite",
    "services",
    "zones",
    "latitude",
    "longitude",
    "capacite",
    "places_libres",
    "telephone",
    "agrement_du",
    "agrement_au",
]
GOOD: list[list[Any]] = [
    ["Centre d'écoute de Galéa", "CEG", "ngo", "CI260401002", "psychosocial; legal_aid", "CI260401", "", "", "", ""],
    [
        "Abri de Badayo",
        "",
        "Centre d'accueil / de transit",  # the French label is accepted too
        "CI260401001",
        "Hébergement (centre d'accueil ou de transit)",
        "",
        5.79,
        -6.61,
        12,
        3,
        707123456,  # Excel dropped the leading zero
        datetime(2024, 1, 1),
        "31/12/2030",
    ],
]


def workbook(rows: list[list[Any]], header: list[str] = HEADER, title: str = "Structures") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_good_file_checked_then_applied(team: Team, territory: MiniTerritory) -> None:
    record = structure_import_check(by=team.pointfocal, filename="structures.xlsx", content=workbook(GOOD))
    assert record.status == StructureImport.Status.CHECKED
    assert record.report["counts"] == {"create": 2, "update": 0, "unchanged": 0, "reject": 0}
    assert [r["row"] for r in record.report["rows"]] == [2, 3]
    assert not Structure.objects.filter(name="Abri de Badayo").exists()  # a dry run writes nothing

    result = structure_import_confirm(by=team.pointfocal, record=record)
    assert (result.created, result.updated) == (2, 0)
    abri = Structure.objects.get(name="Abri de Badayo")
    assert (abri.kind, abri.admin_unit, abri.services) == ("shelter", territory.l1, ["shelter"])
    assert (abri.lat, abri.lon, abri.capacity, abri.places_free) == (Decimal("5.790000"), Decimal("-6.610000"), 12, 3)
    assert abri.phone == "+2250707123456"
    assert (abri.authorised_from, abri.authorised_until) == (date(2024, 1, 1), date(2030, 12, 31))
    ecoute = Structure.objects.get(name="Centre d'écoute de Galéa")
    assert ecoute.services == ["psychosocial", "legal_aid"]
    assert list(ecoute.coverage.values_list("pcode", flat=True)) == ["CI260401"]
    assert AuditEvent.objects.filter(action="structure.create", actor=team.pointfocal).count() == 2
    assert AuditEvent.objects.filter(action="structure.import").count() == 1
    record.refresh_from_db()
    assert record.status == StructureImport.Status.APPLIED
    assert record.report["applied"]["created"] == 2


def test_the_same_file_again_changes_nothing(team: Team, territory: MiniTerritory) -> None:
    content = workbook(GOOD)
    structure_import_confirm(
        by=team.pointfocal, record=structure_import_check(by=team.pointfocal, filename="a.xlsx", content=content)
    )
    before = list(Structure.objects.order_by("pk").values_list("pk", "code", "updated_at"))
    events = AuditEvent.objects.count()
    again = structure_import_check(by=team.pointfocal, filename="a.xlsx", content=content)
    assert again.report["counts"] == {"create": 0, "update": 0, "unchanged": 2, "reject": 0}
    with pytest.raises(Exception, match="Rien à appliquer"):
        structure_import_confirm(by=team.pointfocal, record=again)
    assert list(Structure.objects.order_by("pk").values_list("pk", "code", "updated_at")) == before
    assert AuditEvent.objects.count() == events


def test_bad_rows_are_reported_with_their_row_and_column_in_french(
    team: Team, territory: MiniTerritory, directory: Directory
) -> None:
    rows = [
        ["", "X", "ngo", "CI2604"],  # row 2: no name
        ["Centre A", "", "cinéma", "CI2604"],  # row 3: unknown type
        ["Centre B", "", "ngo", "CI9999"],  # row 4: unknown P-code
        ["Centre C", "", "ngo", "CI2701"],  # row 5: outside the focal point's jurisdiction
        ["Centre D", "", "ngo", "CI2604", "shelter;piscine"],  # row 6: unknown service
        ["Centre E", "", "ngo", "CI2604", "", "NOPE"],  # row 7: unknown zone
        ["Centre F", "", "ngo", "CI2604", "", "", 48.85, 2.35],  # row 8: outside Côte d'Ivoire
        ["Centre G", "", "ngo", "CI2604", "", "", "", "", 5, 9],  # row 9: more free places than places
        ["Centre H", "", "ngo", "CI2604", "", "", "", "", "", "", "12"],  # row 10: phone
        ["Centre I", "", "ngo", "CI2604", "", "", "", "", "", "", "", "01/01/2025", "01/01/2024"],  # row 11
        ["Centre I", "", "ngo", "CI2604"],  # row 12: the row 11 structure again
        ["Centre J", "", "ngo", "CI2604", "", "", "", "", -3],  # row 13: negative capacity
        ["Centre K", "", "ngo", "CI2604", "", "", "", "", "", "", "", "le 3 mars"],  # row 14: not a date
        ["Centre de transit de Soubré", "", "shelter", "CI2604"],  # row 15: existing, fine (an update)
        ["Centre d'accueil de Korhogo", "", "shelter", "CI2701"],  # row 16: existing, not the focal point's
    ]
    record = structure_import_check(by=team.pointfocal, filename="bad.xlsx", content=workbook(rows))
    errors = {r["row"]: r["errors"] for r in record.report["rows"] if r["action"] == "reject"}
    assert errors == {
        2: ["Ligne 2, nom : cette information est obligatoire."],
        3: ["Ligne 3, type : type inconnu « cinéma » (voir la feuille Listes)."],
        4: ["Ligne 4, code_unite : P-code inconnu « CI9999 »."],
        5: ["Ligne 5, code_unite : « Korhogo » est hors de votre ressort territorial."],
        6: ["Ligne 6, services : service inconnu « piscine » (voir la feuille Listes)."],
        7: ["Ligne 7, zones : P-codes inconnus : NOPE."],
        8: ["Ligne 8, latitude : Le point (48.850000, 2.350000) est hors de la Côte d'Ivoire."],
        9: ["Ligne 9, places_libres : Les places libres (9) dépassent la capacité d'accueil (5)."],
        10: [
            "Ligne 10, telephone : Numéro invalide « 12 » : 10 chiffres commençant par 01, 05, 07, 21, 25 ou 27 (+225)."
        ],
        11: ["Ligne 11, agrement_au : La fin de l'agrément précède son début."],
        12: ["Ligne 12, nom : la même structure figure déjà à la ligne 11."],
        13: ["Ligne 13, capacite : « -3 » : un nombre positif ou nul est attendu."],
        14: ["Ligne 14, agrement_du : « le 3 mars » n'est pas une date valide (JJ/MM/AAAA)."],
        16: [
            "Ligne 16, code_unite : la structure « Centre d'accueil de Korhogo » est hors de votre ressort "
            "territorial : vous ne pouvez pas la modifier."
        ],
    }
    assert record.report["counts"] == {"create": 0, "update": 1, "unchanged": 0, "reject": 14}
    row_15 = next(r for r in record.report["rows"] if r["row"] == 15)
    assert row_15["code"] == directory.shelter.code
    # Blank cells erase; columns absent from the file (contact, adresse…) keep their values.
    assert set(row_15["changes"]) == {
        "sigle",
        "services",
        "zones",
        "latitude",
        "longitude",
        "capacite",
        "places_libres",
        "telephone",
        "agrement_du",
        "agrement_au",
    }


def test_a_code_updates_that_structure_and_an_unknown_code_is_an_error(team: Team, directory: Directory) -> None:
    header = ["code", "nom", "type", "code_unite", "places_libres"]
    rows = [
        [directory.shelter.code, "Centre de transit de Soubré (CTS)", "shelter", "CI2604", 2],
        ["S-ZZZZZZZZ", "Inconnu", "ngo", "CI2604", ""],
    ]
    plan = plan_file(by=team.pointfocal, content=workbook(rows, header))
    first, second = plan.rows
    assert (first.action, set(first.changes)) == ("update", {"nom", "places_libres"})
    assert second.texts() == ["Ligne 3, code : aucune structure ne porte le code « S-ZZZZZZZZ »."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"nom;type\nA;ngo\n", "n'est pas un classeur Excel (.xlsx)"),
        (workbook([["A", "ngo"]], ["nom", "type"]), "Colonnes obligatoires absentes : code_unite."),
        (workbook([], HEADER), "aucune structure sous la ligne des en-têtes"),
        (workbook([["A"]], ["name"]), "Aucune feuille n'a de colonne « nom »"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(team: Team, content: bytes, message: str) -> None:
    record = structure_import_check(by=team.pointfocal, filename="x.xlsx", content=content)
    assert record.status == StructureImport.Status.FAILED
    assert message in record.report["error"]


def test_export_then_import_is_a_round_trip(team: Team, directory: Directory, login) -> None:
    response = login(team.admin).get(reverse("directory:structure-export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Structures", "Notice", "Listes"]
    rows = list(book["Structures"].iter_rows(values_only=True))
    assert list(rows[0]) == [c.name for c in COLUMNS]
    by_name = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert len(by_name) == 8
    shelter = by_name["Centre de transit de Soubré"]
    assert (shelter["code"], shelter["type"], shelter["code_unite"]) == (directory.shelter.code, "shelter", "CI2604")
    assert (shelter["services"], shelter["zones"], shelter["telephone"]) == (
        "psychosocial;shelter",
        "CI26",
        "+2250707123456",
    )
    assert (shelter["latitude"], shelter["capacite"], shelter["agrement_au"]) == (5.7838, 20, datetime(2099, 12, 31))

    before = list(Structure.objects.order_by("pk").values_list("pk", "updated_at"))
    record = structure_import_check(by=team.admin, filename="export.xlsx", content=response.content)
    assert record.report["counts"] == {"create": 0, "update": 0, "unchanged": 8, "reject": 0}
    assert list(Structure.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_export_follows_the_filters(team: Team, directory: Directory, login) -> None:
    response = login(team.agent).get(reverse("directory:structure-export"), {"kind": "police"})
    rows = list(load_workbook(io.BytesIO(response.content))["Structures"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Brigade nationale des mineurs"]


def test_upload_pages(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.pointfocal)
    template = client.get(reverse("directory:import-template"))
    rows = list(load_workbook(io.BytesIO(template.content))["Structures"].iter_rows(values_only=True))
    assert rows == [tuple(c.name for c in COLUMNS)]
    response = client.post(
        reverse("directory:import-list"), {"file": SimpleUploadedFile("s.xlsx", workbook([*GOOD, [""] * 4]))}
    )
    record = StructureImport.objects.get()
    assert response["Location"] == reverse("directory:import-detail", args=[record.pk])
    page = client.get(reverse("directory:import-detail", args=[record.pk]))
    assert "Appliquer" in page.content.decode()
    assert client.post(reverse("directory:import-confirm", args=[record.pk])).status_code == 302
    assert Structure.objects.filter(name__in=["Abri de Badayo", "Centre d'écoute de Galéa"]).count() == 2
    # Another editor does not see nor apply my imports; others may not import at all.
    assert login(team.admin).get(reverse("directory:import-detail", args=[record.pk])).status_code == 404
    assert login(team.agent).get(reverse("directory:import-template")).status_code == 403
    assert login(team.prestataire).post(reverse("directory:import-list"), {}).status_code == 403
