"""Excel and CSV: the template, checking an upload (dry run), confirming it, and exporting children."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sosteci.access.models import AuditEvent
from sosteci.registry.excel import (
    build_template,
    export_children_xlsx,
    iter_children_csv,
    register_import_check,
    register_import_confirm,
)
from sosteci.registry.excel.columns import COLUMN_NAMES
from sosteci.registry.models import Child, Household, RegisterImport, Visit
from sosteci.registry.rulesets import active_ruleset
from tests.conftest import MiniTerritory, Team
from tests.registry.conftest import Register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def row(ref: str = "M01", **values: Any) -> dict[str, Any]:
    """A child row of household `ref` in Badayo (CI260401001), with a visit unless told otherwise."""
    base: dict[str, Any] = {
        "menage_ref": ref,
        "localite_pcode": "CI260401001",
        "chef_nom": "Kouassi",
        "chef_prenoms": "Konan",
        "chef_sexe": "M",
        "chef_telephone": "07 07 12 34 56",
        "taille_menage": 6,
        "cultures": "cacao;vivrier",
        "enfant_nom": "KOUASSI",
        "enfant_prenoms": "Aya",
        "sexe": "F",
        "date_naissance": date(2012, 3, 1),
        "scolarisation": "scolarise",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not None}


def filled_template(rows: list[dict[str, Any]]) -> bytes:
    """The template filled with openpyxl from row 3 (rows 1 and 2 are the headers), as a user would."""
    workbook = load_workbook(io.BytesIO(build_template()))
    sheet = workbook["Enfants"]
    header = [cell.value for cell in sheet[1]]
    for offset, values in enumerate(rows):
        for name, value in values.items():
            sheet.cell(row=3 + offset, column=header.index(name) + 1, value=value)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def as_csv(rows: list[dict[str, Any]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMN_NAMES), delimiter=delimiter)
    writer.writeheader()
    for values in rows:
        writer.writerow({k: f"{v:%d/%m/%Y}" if isinstance(v, date) else v for k, v in values.items()})
    return buffer.getvalue().encode("utf-8")


def texts(record: RegisterImport) -> list[str]:
    return [issue["text"] for issue in record.report["issues"]]


def test_template_has_the_columns_the_lists_and_the_drop_downs() -> None:
    workbook = load_workbook(io.BytesIO(build_template()))
    assert workbook.sheetnames == ["Notice", "Enfants", "Listes"]
    sheet = workbook["Enfants"]
    assert tuple(cell.value for cell in sheet[1]) == COLUMN_NAMES
    assert sheet.cell(row=2, column=1).value == "Référence du ménage"
    assert "JJ/MM/AAAA" in sheet.cell(row=1, column=COLUMN_NAMES.index("date_naissance") + 1).comment.text
    listed = {(r[0], r[1]) for r in workbook["Listes"].iter_rows(min_row=2, values_only=True)}
    ruleset = active_ruleset()
    for code in ruleset.activity_codes:
        assert ("activites", code) in listed
    for code in ruleset.hazardous_codes | ruleset.indicator_codes():
        assert ("taches_dangereuses", code) in listed or ("indicateurs", code) in listed
    for expected in [("sexe", "F"), ("vit_avec", "sans_parents"), ("acte_naissance", "en_cours"), ("classe", "CM2")]:
        assert expected in listed
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    sexe = validations[f"{chr(ord('A') + COLUMN_NAMES.index('sexe'))}3"]
    assert (sexe.type, sexe.formula1) == ("list", "liste_sexe")
    assert "liste_sexe" in workbook.defined_names


def test_template_can_list_the_users_localites() -> None:
    workbook = load_workbook(
        io.BytesIO(build_template(localities=[("CI260401001", "Badayo"), ("CI260401002", "Galéa 1")]))
    )
    listed = [r for r in workbook["Listes"].iter_rows(min_row=2, values_only=True) if r[0] == "localites"]
    assert listed == [("localites", "CI260401001", "Badayo"), ("localites", "CI260401002", "Galéa 1")]
    validations = {str(v.sqref).split(":")[0]: v for v in workbook["Enfants"].data_validations.dataValidation}
    assert validations["B3"].formula1 == "liste_localites"
    assert "liste_localites" not in load_workbook(io.BytesIO(build_template(localities=[]))).defined_names


def test_template_round_trip_dry_run_then_confirm(team: Team, territory: MiniTerritory) -> None:
    rows = [
        row(visite_date=date(2026, 3, 10), activites="CACAO:12;L_TRI:3", taches_dangereuses="H_MACHETTE"),
        row(
            enfant_nom="KOUASSI",
            enfant_prenoms="Yao",
            sexe="M",
            date_naissance=None,
            age_declare=9,
            chef_nom=None,  # household columns may stay blank after the first row
            localite_pcode=None,
            lien_chef="neveu_niece",
            vit_avec="sans_parents",
        ),
        row(
            "M02",
            localite_pcode="CI260401002",
            chef_nom="Bamba",
            chef_sexe="F",
            taille_menage=3,
            enfant_nom="BAMBA",
            enfant_prenoms="Awa",
            date_naissance="05/06/2014",
            visite_date="01/10/2026",
            visite_type="parcelle",
            travail_nuit="non",
        ),
    ]
    record = register_import_check(by=team.superviseur, filename="campagne.xlsx", content=filled_template(rows))

    assert record.status == RegisterImport.Status.CHECKED
    assert record.report["create"] == {"households": 2, "children": 3, "visits": 2}
    assert record.report["rows_by_status"] == {"ok": 3, "error": 0, "rejected": 0}
    assert [r["row"] for r in record.report["rows"]] == [3, 4, 5]
    assert record.report["issues"] == []
    assert not Household.objects.exists() and not Child.objects.exists() and not Visit.objects.exists()
    assert not AuditEvent.objects.filter(action="register.import").exists()

    result = register_import_confirm(by=team.superviseur, record=record)

    assert (result.households, result.children, result.visits) == (2, 3, 2)
    record.refresh_from_db()
    assert record.status == RegisterImport.Status.APPLIED and record.applied_at is not None
    assert set(record.report["applied"]["household_codes"]) == {"M01", "M02"}
    aya = Child.objects.get(given_names="Aya")
    assert (aya.category, aya.classified_on, aya.locality, aya.household.head_phone) == (
        "hazardous_child_labour",
        date(2026, 3, 10),
        territory.l1,
        "+2250707123456",
    )
    assert aya.household.main_crops == ["cacao", "vivrier"]
    visit = aya.visits.get()
    assert visit.source == Visit.Source.IMPORT and visit.recorded_by == team.superviseur
    assert visit.activities == [{"code": "CACAO", "hours": 12.0}, {"code": "L_TRI", "hours": 3.0}]
    yao = Child.objects.get(given_names="Yao")
    assert yao.birth_date_estimated and yao.category == "" and yao.household_id == aya.household_id
    assert (yao.relation_to_head, yao.lives_with_parents) == ("nephew", "neither")
    awa = Child.objects.get(given_names="Awa")
    assert awa.date_of_birth == date(2014, 6, 5) and awa.locality == territory.l2
    assert awa.visits.get().kind == Visit.Kind.FARM
    event = AuditEvent.objects.get(action="register.import")
    assert event.after["children"] == 3 and event.object_id == str(record.pk)
    assert sorted(event.after["household_codes"]) == sorted(Household.objects.values_list("code", flat=True))
    with pytest.raises(ValidationError):
        register_import_confirm(by=team.superviseur, record=record)  # only once


@pytest.mark.parametrize(
    ("values", "column", "fragment"),
    [
        ({"date_naissance": TODAY + timedelta(days=3)}, "date_naissance", "la date est dans le futur."),
        ({"date_naissance": "31/02/2015"}, "date_naissance", "n'est pas une date valide"),
        ({"date_naissance": date(2001, 1, 1)}, "date_naissance", "moins de 18 ans"),
        ({"date_naissance": None, "age_declare": 18}, "age_declare", "moins de 18 ans"),
        ({"date_naissance": None, "age_declare": "douze"}, "age_declare", "nombre entier"),
        ({"date_naissance": None}, "date_naissance", "âge déclaré"),
        ({"sexe": "X"}, "sexe", "valeur inconnue « X »"),
        ({"scolarisation": None}, "scolarisation", "obligatoire"),
        ({"enfant_prenoms": None}, "enfant_prenoms", "obligatoire"),
        ({"chef_telephone": "12345"}, "chef_telephone", "numéro invalide"),
        ({"taille_menage": "six"}, "taille_menage", "nombre entier"),
        ({"cultures": "cacao;tabac"}, "cultures", "tabac"),
        ({"gps_lat": "5,78"}, "gps_lat", "vont ensemble"),
        ({"localite_pcode": "CI000"}, "localite_pcode", "aucune localité ne porte le P-code « CI000 »"),
        ({"localite_pcode": "CI260401"}, "localite_pcode", "n'est pas une localité"),
        ({"menage_ref": None}, "menage_ref", "obligatoire"),
        ({"visite_date": TODAY + timedelta(days=1)}, "visite_date", "futur"),
        ({"activites": "CACAO:12"}, "visite_date", "obligatoire quand une visite est décrite"),
        ({"visite_date": TODAY, "activites": "CACAO:200"}, "activites", "entre 0 et 168"),
        ({"visite_date": TODAY, "activites": "CACAO:100;CAFE:80"}, "activites", "une semaine n'en compte que 168"),
        ({"visite_date": TODAY, "activites": "GOLF:2"}, "activites", "code d'activité inconnu « GOLF »"),
        ({"visite_date": TODAY, "activites": "CACAO"}, "activites", "CODE:heures"),
        ({"visite_date": TODAY, "taches_dangereuses": "H_MACHETTE;H_NOPE"}, "taches_dangereuses", "H_NOPE"),
        ({"visite_date": TODAY, "indicateurs": "F_DETTE;Z_NOPE"}, "indicateurs", "Z_NOPE"),
        ({"visite_date": TODAY, "travail_nuit": "parfois"}, "travail_nuit", "valeur inconnue"),
        ({"visite_date": TODAY, "visite_type": "fete"}, "visite_type", "valeur inconnue"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_row_and_column(
    team: Team, territory: MiniTerritory, values: dict[str, Any], column: str, fragment: str
) -> None:
    record = register_import_check(by=team.superviseur, filename="f.xlsx", content=filled_template([row(**values)]))
    assert record.status == RegisterImport.Status.CHECKED
    assert any(t.startswith(f"Ligne 3, {column} : ") and fragment in t for t in texts(record)), texts(record)
    assert record.report["create"] == {"households": 0, "children": 0, "visits": 0}
    assert record.report["rows"][0]["status"] == "error"


def test_rows_of_one_household_must_agree_and_fit_its_size(team: Team, territory: MiniTerritory) -> None:
    rows = [
        row(taille_menage=2),
        row(enfant_prenoms="Yao", chef_nom="Kone"),
        row(enfant_prenoms="Ahou", localite_pcode="CI260401002"),
    ]
    record = register_import_check(by=team.superviseur, filename="f.xlsx", content=filled_template(rows))
    found = texts(record)
    assert any(t.startswith("Ligne 4, chef_nom : « Kone » diffère de la ligne 3") for t in found), found
    assert any(t.startswith("Ligne 5, localite_pcode : ") and "diffère" in t for t in found), found
    assert "Ligne 3, taille_menage : le ménage compte 2 personnes mais 3 enfants sont déclarés." in found


def test_a_household_with_one_bad_row_is_rejected_whole_the_others_go_through(
    team: Team, territory: MiniTerritory
) -> None:
    rows = [
        row("A", enfant_prenoms="Aya"),
        row("B", chef_nom="Bamba", enfant_nom="BAMBA", enfant_prenoms="Awa"),
        row("A", enfant_prenoms="Yao", date_naissance=TODAY + timedelta(days=10)),
    ]
    record = register_import_check(by=team.superviseur, filename="f.xlsx", content=filled_template(rows))
    statuses = {r["row"]: r["status"] for r in record.report["rows"]}
    assert statuses == {3: "rejected", 4: "ok", 5: "error"}
    assert record.report["households"] == {"total": 2, "valid": 1, "rejected": 1}
    assert record.report["rejected_households"] == [{"ref": "A", "rows": [3, 5]}]
    register_import_confirm(by=team.superviseur, record=record)
    assert list(Child.objects.values_list("given_names", flat=True)) == ["Awa"]
    assert Household.objects.get().head_family_name == "BAMBA"


def test_confirming_a_file_without_any_valid_household_is_refused(team: Team, territory: MiniTerritory) -> None:
    content = filled_template([row(sexe="X"), row("M02", localite_pcode="CI000")])
    record = register_import_check(by=team.superviseur, filename="f.xlsx", content=content)
    with pytest.raises(ValidationError) as error:
        register_import_confirm(by=team.superviseur, record=record)
    assert "Aucun ménage valide" in error.value.messages[0]
    record.refresh_from_db()
    assert record.status == RegisterImport.Status.CHECKED
    assert not Household.objects.exists() and not AuditEvent.objects.filter(action="register.import").exists()


def test_localities_outside_the_uploaders_jurisdiction_are_refused(team: Team, territory: MiniTerritory) -> None:
    content = filled_template([row("A"), row("B", localite_pcode="CI270101001")])
    record = register_import_check(by=team.superviseur, filename="f.xlsx", content=content)
    assert "Ligne 4, localite_pcode : la localité « Natiokobadara » est hors de votre ressort territorial." in texts(
        record
    )
    assert record.report["create"]["households"] == 1
    other = register_import_check(by=team.superviseur_sp2, filename="f.xlsx", content=content)
    assert other.report["create"]["households"] == 1
    assert any(t.startswith("Ligne 3, localite_pcode : la localité « Badayo »") for t in texts(other))
    for user in (team.agent, team.analyste, team.admin, team.partenaire):
        with pytest.raises(PermissionDenied):
            register_import_check(by=user, filename="f.xlsx", content=content)
    with pytest.raises(PermissionDenied):
        register_import_confirm(by=team.agent, record=record)


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _other_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["nom", "prenom", "age"])
    workbook.active.append(["Kouassi", "Aya", 9])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize(
    ("filename", "content", "fragment"),
    [
        ("rapport.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "ni un classeur Excel (.xlsx) ni un fichier CSV"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ni un classeur Excel (.xlsx) ni un fichier CSV"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Ancien format Excel (.xls)"),
        ("lettre.docx", _zip_without_workbook(), "n'est pas un classeur Excel lisible"),
        ("autre.xlsx", _other_workbook(), "ne suit pas le modèle d'import du registre"),
        ("latin1.csv", "menage_ref;enfant_nom\nM1;Bédié".encode("latin-1"), "UTF-8"),
        ("vide.csv", b"", "vide"),
        ("entetes.csv", ";".join(COLUMN_NAMES).encode(), "aucune ligne"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_in_french(
    team: Team, filename: str, content: bytes, fragment: str
) -> None:
    record = register_import_check(by=team.superviseur, filename=filename, content=content)
    assert record.status == RegisterImport.Status.FAILED
    assert fragment in record.report["error"]
    with pytest.raises(ValidationError):
        register_import_confirm(by=team.superviseur, record=record)


def test_a_csv_with_the_same_headers_is_imported(team: Team, territory: MiniTerritory) -> None:
    rows = [
        row(visite_date=date(2026, 3, 10), activites="CACAO:12,5", taches_dangereuses="H_MACHETTE"),
        row(enfant_prenoms="Yao", sexe="Masculin", date_naissance="2015-07-09", scolarisation="Déscolarisé"),
    ]
    record = register_import_check(by=team.pointfocal, filename="menages.csv", content=as_csv(rows))
    assert record.report["format"] == "csv" and record.report["issues"] == []
    register_import_confirm(by=team.pointfocal, record=record)
    yao = Child.objects.get(given_names="Yao")
    assert (yao.sex, yao.schooling, yao.date_of_birth) == ("M", "dropped_out", date(2015, 7, 9))
    assert Visit.objects.get().weekly_hours == 12.5


def test_a_renamed_sheet_or_a_removed_label_row_is_still_read(team: Team, territory: MiniTerritory) -> None:
    workbook = load_workbook(io.BytesIO(filled_template([row(), row(enfant_prenoms="Yao")])))
    workbook["Enfants"].title = "Données"
    workbook["Données"].delete_rows(2)  # the label row
    output = io.BytesIO()
    workbook.save(output)
    record = register_import_check(by=team.superviseur, filename="f.xlsx", content=output.getvalue())
    assert record.report["create"] == {"households": 1, "children": 2, "visits": 0}
    assert [r["row"] for r in record.report["rows"]] == [2, 3]


def test_the_same_file_twice_is_flagged(team: Team, territory: MiniTerritory) -> None:
    content = filled_template([row()])
    register_import_confirm(
        by=team.superviseur, record=register_import_check(by=team.superviseur, filename="f.xlsx", content=content)
    )
    again = register_import_check(by=team.superviseur, filename="copie.xlsx", content=content)
    assert any("déjà été importé" in w for w in again.report["warnings"])


def test_csv_export_content(register: Register) -> None:
    lines = list(iter_children_csv(Child.objects.order_by("family_name", "given_names")))
    assert lines[0].startswith("\ufeffCode;Nom;Prénoms;Sexe;Date de naissance;Date estimée;Âge;Localité;")
    table = list(csv.reader(io.StringIO("".join(lines).lstrip("\ufeff")), delimiter=";"))
    assert len(table) == 4
    aya = next(r for r in table if r[2] == "Aya")
    today = timezone.localdate()
    age = today.year - 2012 - ((today.month, today.day) < (3, 1))
    assert aya == [
        register.aya.code,
        "KOUASSI",
        "Aya",
        "Féminin",
        "01/03/2012",
        "Non",
        str(age),
        "Badayo",
        "CI260401001",
        register.household_l1.code,
        "Travail dangereux",
        "10/03/2026",
        "Scolarisé",
    ]
    yao = next(r for r in table if r[2] == "Yao")
    assert (yao[10], yao[11]) == ("Non classé", "")


def test_csv_export_never_starts_a_cell_with_a_formula(register: Register) -> None:
    Child.objects.filter(pk=register.aya.pk).update(given_names="=HYPERLINK(1)")
    lines = "".join(iter_children_csv(Child.objects.filter(pk=register.aya.pk)))
    assert ";'=HYPERLINK(1);" in lines


def test_xlsx_export_opens_with_openpyxl(register: Register) -> None:
    output = io.BytesIO()
    count = export_children_xlsx(Child.objects.order_by("family_name", "given_names"), output)
    assert count == 3
    sheet = load_workbook(io.BytesIO(output.getvalue()), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Code", "Nom", "Prénoms", "Sexe")
    aya = next(r for r in rows[1:] if r[2] == "Aya")
    assert aya[4] == datetime(2012, 3, 1) and aya[10] == "Travail dangereux" and aya[11] == datetime(2026, 3, 10)
    assert {r[0] for r in rows[1:]} == set(Child.objects.values_list("code", flat=True))
