"""manage.py import_plan, reconcile_plan and write_plan_fixture: output, --json, errors, the kept JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sosteci.plans.document import PlanDoc
from sosteci.plans.loading import REFERENCE_JSON, REFERENCE_TEXT, document_json
from sosteci.plans.models import Activity, Plan
from sosteci.plans.selectors import plan_document

CODE = "PANLTdP-2016-2020"


@pytest.mark.django_db
def test_import_plan_shows_a_summary_then_reports_nothing_changed(capsys) -> None:
    call_command("import_plan", str(REFERENCE_TEXT))
    flat = capsys.readouterr().out
    assert f"{CODE} créé" in flat
    assert "94 activités (créées 94, modifiées 0, supprimées 0), 40 indicateurs" in flat
    assert (
        "total déclaré 8\u202f802\u202f000\u202f000 F CFA, somme des activités 8\u202f692\u202f000\u202f000 F CFA"
        in flat
    )
    assert "46 écarts" in flat
    assert "Ligne 416 : 1 cellule(s) vide(s) de trop" in flat
    call_command("import_plan", str(REFERENCE_TEXT))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"{CODE} inchangé : 5 axes, 16 objectifs, 24 actions, 94 activités (créées 0, ")
    assert Plan.objects.count() == 1
    assert Activity.objects.count() == 94


@pytest.mark.django_db
def test_import_plan_json_output(capsys) -> None:
    call_command("import_plan", str(REFERENCE_TEXT), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["plan"] == CODE
    assert (report["created"], report["changed"], report["activities"]) == (True, True, 94)
    assert (report["stated_total"], report["computed_total"], report["disagreements"]) == (
        8_802_000_000,
        8_692_000_000,
        46,
    )
    assert report["counts"]["indicators"]["created"] == 40
    call_command("import_plan", str(REFERENCE_TEXT), "--json")
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["changed"]) == (False, False)


@pytest.mark.django_db
def test_the_kept_json_imports_the_same_plan(capsys) -> None:
    call_command("import_plan", str(REFERENCE_TEXT), "--json")
    from_text = plan_document(plan=Plan.objects.get()).to_json()
    call_command("import_plan", str(REFERENCE_JSON), "--json")
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["changed"] is False
    assert plan_document(plan=Plan.objects.get()).to_json() == from_text


@pytest.mark.django_db
def test_import_plan_refuses_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    text = REFERENCE_TEXT.read_text(encoding="utf-8").replace("\t45 000 000\t10 000 000", "\t45 000 000\t10 000 O00")
    bad = tmp_path / "plan.txt"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"^plan.txt : Ligne 362 : montant illisible « 10 000 O00 » \(colonne 2016\)"
    ):
        call_command("import_plan", str(bad))
    assert not Plan.objects.exists()
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_plan", str(tmp_path / "absent.txt"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("PLAN D'ACTION 2016-2020\nAXE STRATÉGIQUE".encode("latin-1"))
    with pytest.raises(CommandError, match=r"Ligne 2 : le fichier n'est pas en UTF-8"):
        call_command("import_plan", str(latin))


@pytest.mark.django_db
def test_reconcile_plan_json_lists_each_disagreement_with_stated_and_computed(capsys) -> None:
    call_command("import_plan", str(REFERENCE_TEXT), "--json")
    capsys.readouterr()
    call_command("reconcile_plan", CODE, "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["plan"] == CODE
    assert (report["checks"], report["agreements"], len(report["disagreements"])) == (459, 413, 46)
    by_key = {(d["scope"], d["code"], d["source"], d["column"]): d for d in report["disagreements"]}
    assert by_key["objective", "II.2", "matrix", "total"] == {
        "kind": "lines",
        "scope": "objective",
        "code": "II.2",
        "source": "matrix",
        "label": "Sous Total OS II.2:",
        "line": 384,
        "column": "total",
        "stated": 2_636_000_000,
        "computed": 2_426_000_000,
        "difference": 210_000_000,
        "pm_lines": 0,
    }
    action = by_key["action", "IV.2.1", "matrix", 2019]
    assert (action["stated"], action["computed"], action["line"]) == (120_000_000, 220_000_000, 502)
    plan = by_key["plan", "", "recap", "total"]
    assert (plan["stated"], plan["computed"], plan["line"], plan["pm_lines"]) == (8_802_000_000, 8_692_000_000, 222, 5)


@pytest.mark.django_db
def test_reconcile_plan_table_and_unknown_plan(capsys) -> None:
    call_command("import_plan", str(REFERENCE_TEXT), "--json")
    capsys.readouterr()
    call_command("reconcile_plan", CODE)
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == f"{CODE} : 459 montants déclarés contrôlés, 413 concordent, 46 écarts."
    assert "II.2" in out
    with pytest.raises(CommandError, match=f"Plan inconnu : « PNLT » \\(plans importés : {CODE}\\)"):
        call_command("reconcile_plan", "PNLT")


def test_the_kept_json_is_what_the_seed_parses_to(tmp_path: Path, capsys) -> None:
    from sosteci.plans.loading import read_plan_file

    assert REFERENCE_JSON.read_text(encoding="utf-8") == document_json(read_plan_file(REFERENCE_TEXT))
    call_command("write_plan_fixture", "--check")
    assert "est à jour" in capsys.readouterr().out
    written = tmp_path / "plan.json"
    call_command("write_plan_fixture", str(REFERENCE_TEXT), "--output", str(written))
    assert written.read_text(encoding="utf-8") == REFERENCE_JSON.read_text(encoding="utf-8")
    written.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas à jour"):
        call_command("write_plan_fixture", "--output", str(written), "--check")


def test_the_json_round_trips(document: PlanDoc) -> None:
    data = json.loads(document_json(document))
    assert PlanDoc.from_json(data).to_json() == data
