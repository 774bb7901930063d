"""Territory imports: good files, bad rows with their reasons, dry runs, idempotence, one transaction."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from sosteci.access.models import AuditEvent
from sosteci.territory.importing import ImportFileError, build_plan, read_units
from sosteci.territory.models import AdminBoundary, AdminUnit, Level
from sosteci.territory.services import territory_import_apply
from tests.conftest import MiniTerritory

pytestmark = pytest.mark.django_db

CODAB_HEADER = "ADM1_FR,ADM1_PCODE,ADM2_FR,ADM2_PCODE,ADM3_FR,ADM3_PCODE,ADM4_FR,ADM4_PCODE,lat,lon\n"
GOOD_CODAB = CODAB_HEADER + (
    "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Kpéhiri,CI260401003,5.80,-6.58\n"
    "Nawa,CI26,Méagui,CI2603,Méagui,CI260301,Gnititoigui,CI260301001,5.40,-6.56\n"
    "Nawa,CI26,Méagui,CI2603,Méagui,CI260301,Zakoua,CI260301002,,\n"
)


def plan_for(text: str | bytes, filename: str = "fichier.csv"):
    content = text.encode() if isinstance(text, str) else text
    return build_plan(read_units(filename, content))


def apply(plan) -> None:
    territory_import_apply(plan=plan, by=None, filename="fichier.csv", actor_label="test")


def outcome(plan, pcode: str):
    return next(o for o in plan.outcomes if o.pcode == pcode)


def test_codab_table_creates_missing_units_under_existing_ones(territory: MiniTerritory) -> None:
    plan = plan_for(GOOD_CODAB)
    assert plan.row_counts == {"create": 3, "update": 0, "unchanged": 0, "reject": 0}
    apply(plan)
    village = AdminUnit.objects.get(pcode="CI260301001")
    assert village.level == Level.LOCALITE
    assert village.parent.pcode == "CI260301"
    assert (village.lat, village.lon) == (Decimal("5.400000"), Decimal("-6.560000"))
    assert village.region_id == territory.r1.pk
    assert village.departement.pcode == "CI2603"
    assert AdminUnit.objects.within(territory.r1).filter(level=Level.LOCALITE).count() == 5
    meagui = AdminUnit.objects.get(pcode="CI2603")
    assert meagui.departement_id == meagui.pk


def test_dry_run_writes_nothing(territory: MiniTerritory) -> None:
    before = AdminUnit.objects.count()
    plan = plan_for(GOOD_CODAB)
    assert plan.has_changes
    assert AdminUnit.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_reimporting_the_same_file_changes_nothing(territory: MiniTerritory) -> None:
    apply(plan_for(GOOD_CODAB))
    snapshot = list(AdminUnit.objects.order_by("pk").values())
    events = AuditEvent.objects.count()
    again = plan_for(GOOD_CODAB)
    assert not again.has_changes
    assert again.row_counts["unchanged"] == 3
    apply(again)
    assert list(AdminUnit.objects.order_by("pk").values()) == snapshot
    assert AuditEvent.objects.count() == events


def test_import_writes_one_summary_audit_row(territory: MiniTerritory) -> None:
    apply(plan_for(GOOD_CODAB))
    event = AuditEvent.objects.get(action="territory.import")
    assert event.after["created"] == {"departement": 1, "sous_prefecture": 1, "localite": 3}
    assert event.actor_label == "test"


def test_changed_coordinates_are_an_update_with_before_and_after(territory: MiniTerritory) -> None:
    apply(plan_for(GOOD_CODAB))
    moved = GOOD_CODAB.replace("5.40,-6.56", "5.41,-6.57")
    plan = plan_for(moved)
    row = outcome(plan, "CI260301001")
    assert row.action == "update"
    assert row.changes["lat"][1] == Decimal("5.41")
    apply(plan)
    assert AdminUnit.objects.get(pcode="CI260301001").lat == Decimal("5.410000")
    event = AuditEvent.objects.get(action="territory.unit.update")
    assert event.before == {"lat": "5.400000", "lon": "-6.560000"}
    assert event.after == {"lat": "5.41", "lon": "-6.57"}


def test_unknown_parent_pcode_is_rejected(territory: MiniTerritory) -> None:
    plan = plan_for("level,pcode,name,parent_pcode\nlocalite,CI999999001,Nulle-Part,CI999999\n")
    row = plan.outcomes[0]
    assert row.action == "reject"
    assert row.messages == ["P-code parent inconnu : CI999999."]
    assert not plan.has_changes


def test_pcode_reused_with_another_name_is_rejected(territory: MiniTerritory) -> None:
    text = CODAB_HEADER + "Nawa,CI26,Soubré,CI2604,Okrouyo,CI260401,,,,\n"
    row = plan_for(text).outcomes[0]
    assert row.action == "reject"
    assert "Le P-code CI260401 est déjà utilisé pour « Soubre »" in row.messages[0]
    assert "« Okrouyo »" in row.messages[0]


def test_same_name_with_other_accents_or_case_is_the_same_unit(territory: MiniTerritory) -> None:
    text = CODAB_HEADER + "NAWA,CI26,Soubre,CI2604,SOUBRÉ,CI260401,,,,\n"
    assert plan_for(text).outcomes[0].action == "unchanged"


def test_pcode_reused_within_the_file_is_rejected(territory: MiniTerritory) -> None:
    text = CODAB_HEADER + (
        "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Kpéhiri,CI260401003,,\n"
        "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Autre nom,CI260401003,,\n"
    )
    plan = plan_for(text)
    assert [o.action for o in plan.outcomes] == ["create", "reject"]
    assert "ligne 2" in plan.outcomes[1].messages[0]


def test_skipped_level_in_a_codab_row_is_rejected(territory: MiniTerritory) -> None:
    text = CODAB_HEADER + "Nawa,CI26,,,Soubre,CI260401,Kpéhiri,CI260401003,,\n"
    row = plan_for(text).outcomes[0]
    assert row.action == "reject"
    assert row.messages == ["Niveau sauté : ADM2 est vide alors que ADM4 est rempli."]


def test_skipped_level_in_a_flat_table_is_rejected(territory: MiniTerritory) -> None:
    row = plan_for("level,pcode,name,parent_pcode\nlocalite,CI260499001,Sautée,CI2604\n").outcomes[0]
    assert row.action == "reject"
    assert row.messages[0].startswith("Niveau sauté : localité « Sautée » ne peut pas être directement sous")
    assert "(attendu : sous-préfecture)" in row.messages[0]


def test_coordinates_outside_cote_divoire_are_rejected(territory: MiniTerritory) -> None:
    # Accra, Ghana; and a point in the ocean south of Sassandra.
    text = CODAB_HEADER + (
        "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Accra,CI260401003,5.60,-0.19\n"
        "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Océan,CI260401004,3.90,-6.10\n"
        "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Bien,CI260401005,5.79,-6.60\n"
    )
    plan = plan_for(text)
    assert [o.action for o in plan.outcomes] == ["reject", "reject", "create"]
    assert plan.outcomes[0].messages == ["Coordonnées hors de Côte d'Ivoire : latitude 5.60, longitude -0.19."]


def test_unreadable_numbers_are_named(territory: MiniTerritory) -> None:
    text = CODAB_HEADER + "Nawa,CI26,Soubré,CI2604,Soubre,CI260401,Kpéhiri,CI260401003,cinq,-6.6\n"
    row = plan_for(text).outcomes[0]
    assert row.messages == ["Coordonnées illisibles : « cinq » n'est pas un nombre."]


def test_a_file_that_is_not_utf8_is_refused_with_a_french_message(territory: MiniTerritory) -> None:
    latin1 = GOOD_CODAB.replace("Kpéhiri", "Kpéhiri").encode("latin-1")
    with pytest.raises(ImportFileError, match="n'est pas encodé en UTF-8"):
        read_units("fichier.csv", latin1)


@pytest.mark.parametrize(
    "content",
    [b"bonjour tout le monde\nceci n'est pas un tableau\n", b"nom;age\nAwa;12\n", b""],
)
def test_a_file_that_is_not_a_territory_table_is_refused(territory: MiniTerritory, content: bytes) -> None:
    with pytest.raises(ImportFileError):
        read_units("fichier.csv", content)


def test_binary_and_broken_xlsx_are_refused(territory: MiniTerritory) -> None:
    with pytest.raises(ImportFileError, match="Excel est illisible"):
        read_units("fichier.xlsx", b"PK\x03\x04 pas vraiment un classeur")
    with pytest.raises(ImportFileError, match="binaire"):
        read_units("fichier.csv", b"\x00\x01\x02\x03")


def test_xlsx_codab_table(territory: MiniTerritory) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in GOOD_CODAB.strip().splitlines():
        sheet.append([float(c) if c and c[0] in "-0123456789" and "." in c else c for c in line.split(",")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_for(buffer.getvalue(), "territoire.xlsx")
    assert plan.row_counts["create"] == 3


def test_semicolon_csv_with_french_decimal_commas(territory: MiniTerritory) -> None:
    text = "ADM1_FR;ADM1_PCODE;ADM2_FR;ADM2_PCODE;ADM3_FR;ADM3_PCODE;ADM4_FR;ADM4_PCODE;lat;lon\n" + (
        "Nawa;CI26;Soubré;CI2604;Soubre;CI260401;Kpéhiri;CI260401003;5,80;-6,58\n"
    )
    plan = plan_for(text)
    assert plan.outcomes[0].action == "create"
    apply(plan)
    assert AdminUnit.objects.get(pcode="CI260401003").lat == Decimal("5.800000")


def test_rejected_rows_do_not_stop_the_good_ones(territory: MiniTerritory) -> None:
    text = GOOD_CODAB + "Nawa,CI26,,,Soubre,CI260401,Kpéhiri,CI260401009,,\n"
    plan = plan_for(text)
    apply(plan)
    assert AdminUnit.objects.filter(pcode="CI260301002").exists()
    assert not AdminUnit.objects.filter(pcode="CI260401009").exists()


def test_an_import_is_one_transaction(territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch) -> None:
    from sosteci.territory import services

    def explode(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(services, "_write_boundaries", explode)
    before = AdminUnit.objects.count()
    with pytest.raises(RuntimeError):
        apply(plan_for(GOOD_CODAB))
    assert AdminUnit.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_moving_a_sous_prefecture_moves_its_localites(territory: MiniTerritory) -> None:
    plan = plan_for("level,pcode,name,parent_pcode\nsous_prefecture,CI260401,Soubre,CI2701\n")
    assert plan.outcomes[0].action == "update"
    assert plan.outcomes[0].changes == {"parent": ["CI2604", "CI2701"]}
    apply(plan)
    assert AdminUnit.objects.within(territory.r2).filter(level=Level.LOCALITE).count() == 3
    assert AdminUnit.objects.within(territory.r1).filter(level=Level.LOCALITE).count() == 0
    l1 = AdminUnit.objects.get(pk=territory.l1.pk)
    assert (l1.district_id, l1.region_id, l1.departement_id, l1.sous_prefecture_id) == (
        territory.d2.pk,
        territory.r2.pk,
        territory.dep2.pk,
        territory.sp1.pk,
    )
    assert AuditEvent.objects.filter(action="territory.unit.move", object_id=str(territory.sp1.pk)).exists()


SQUARE = {"type": "Polygon", "coordinates": [[[-6.7, 5.7], [-6.5, 5.7], [-6.5, 5.9], [-6.7, 5.9], [-6.7, 5.7]]]}


def test_geojson_sets_a_boundary_and_reimport_is_idempotent(territory: MiniTerritory) -> None:
    feature = {
        "type": "Feature",
        "geometry": SQUARE,
        "properties": {
            "ADM1_FR": "Nawa",
            "ADM1_PCODE": "CI26",
            "ADM2_FR": "Soubré",
            "ADM2_PCODE": "CI2604",
            "ADM3_FR": "Soubre",
            "ADM3_PCODE": "CI260401",
        },
    }
    content = json.dumps({"type": "FeatureCollection", "features": [feature]})
    plan = plan_for(content, "limites.geojson")
    assert plan.outcomes[0].action == "update"
    apply(plan)
    assert AdminBoundary.objects.get(unit=territory.sp1).geometry["type"] == "Polygon"
    assert not plan_for(content, "limites.geojson").has_changes


def test_geojson_errors_are_named(territory: MiniTerritory) -> None:
    with pytest.raises(ImportFileError, match="GeoJSON illisible"):
        read_units("limites.geojson", b'{"type": "FeatureCollection", "features": [')
    with pytest.raises(ImportFileError, match="FeatureCollection"):
        read_units("limites.geojson", b'{"type": "Feature"}')
    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-6, 6]},
        "properties": {"pcode": "CI26", "name": "Nawa", "level": "region"},
    }
    rows = read_units("x.geojson", json.dumps({"type": "FeatureCollection", "features": [point]}).encode())
    assert "Polygon/MultiPolygon attendu" in rows[0].errors[0]


def test_import_command_dry_run_then_real(territory: MiniTerritory, tmp_path, capsys) -> None:
    path = tmp_path / "territoire.csv"
    path.write_text(GOOD_CODAB, encoding="utf-8")
    call_command("import_territory", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "essai à blanc, rien n'est écrit : 3 lignes créées" in out
    assert not AdminUnit.objects.filter(pcode="CI2603").exists()
    call_command("import_territory", str(path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] is True
    assert report["units"]["localite"] == {"create": 3}
    assert AdminUnit.objects.filter(pcode="CI2603").exists()


def test_import_command_refuses_a_non_utf8_file(territory: MiniTerritory, tmp_path) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "territoire.csv"
    path.write_bytes("ADM1_FR,ADM1_PCODE\nBéré,CI99\n".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_territory", str(path))
