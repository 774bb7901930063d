"""Each report read back from its workbook (openpyxl): the figures are the computed ones; its PDF is produced."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from sosteci.coordination.models import EffortType
from sosteci.indicators.computing import compute
from sosteci.indicators.periods import year
from sosteci.plans.services.execution import execution_record
from sosteci.reports.builders import Params, ReportError, build_report
from sosteci.reports.rendering import render_pdf, render_pdf_html, write_xlsx
from sosteci.territory.models import Level
from tests.coordination.factories import EffortFactory, ReportFactory
from tests.factories import StructureFactory
from tests.plans.conftest import small_plan

__all__ = ["small_plan"]


def workbook(report):
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    buffer.seek(0)
    return load_workbook(buffer, read_only=True)


def table(book, sheet: str) -> tuple[list, dict[str, list]]:
    """The header and the rows of a table sheet, keyed by their first two cells joined."""
    rows = list(book[sheet].iter_rows(values_only=True))
    header = list(rows[2])
    body = {}
    for row in rows[3:]:
        if row and row[0] is not None:
            body[str(row[0])] = list(row)
        elif row and len(row) > 1 and row[1] is not None:
            body[str(row[1])] = list(row)
    return header, body


def test_annual_report_figures_are_the_computed_ones(world, team, territory) -> None:
    report = build_report(kind="annual", user=team.analyste, params=Params(unit="CI", period="2026"))
    book = workbook(report)
    assert book.sheetnames[0] == "Synthèse"
    header, body = table(book, "Enfants par zone")
    assert header[:4] == ["Districts", "P-code", "Ménages suivis", "Enfants suivis"]
    rows = compute(unit=territory.pays, level=Level.DISTRICT, period=year(2026), indicators=None)
    value = {
        (r.indicator, r.unit): r.value for r in rows if r.sex is None and r.age_band is None and r.category is None
    }
    for name, pcode in (("Bas-Sassandra", "CI-BS"), ("Savanes", "CI-SV")):
        line = body[name]
        assert line[1] == pcode
        assert line[2] == value[("HH_MONITORED", pcode)]
        assert line[3] == value[("CH_MONITORED", pcode)]
        assert line[4] == value[("CH_LABOUR", pcode)]
        assert line[5] == value[("CH_LABOUR_PCT", pcode)]
    total = body["Total — Côte d'Ivoire"]
    # Eight children monitored in 2026, three in child labour (Bakary, Gaston, Lassina).
    assert (total[3], total[4], total[5]) == (8, 3, 37.5)
    _, keys = table(book, "Chiffres clés")
    before = {r.indicator: r.value for r in compute(unit=territory.pays, level=Level.PAYS, period=year(2025))}
    assert keys["Enfants suivis"][1:3] == [8, before["CH_MONITORED"]]
    assert before["CH_MONITORED"] == 2  # Eric and Fatou were visited in 2025


def test_annual_report_by_sex_and_age(world, team, territory) -> None:
    report = build_report(kind="annual", user=team.analyste, params=Params(unit="CI26", period="2026"))
    _, body = table(workbook(report), "Sexe et âge")
    # Nawa: girls Awa, Chantal, Djeneba, Fatou; boys Bakary (hazardous) and Gaston (worst forms).
    every_age = body["Tous âges"]
    assert every_age[1:4] == [4, 0, 0.0]
    assert every_age[4:7] == [2, 2, 100.0]
    assert every_age[7:10] == [6, 2, 33.3]


def test_annual_report_is_for_a_year(world, team) -> None:
    with pytest.raises(ReportError, match="une année"):
        build_report(kind="annual", user=team.analyste, params=Params(unit="CI", period="2026Q1"))


def test_prevalence_per_locality(world, team, territory) -> None:
    report = build_report(kind="prevalence", user=team.analyste, params=Params(unit="CI", period="2026"))
    rows = list(workbook(report)["Localités"].iter_rows(values_only=True))
    assert rows[2][:6] == (
        "Sous-préfecture",
        "Localité",
        "P-code",
        "Enfants suivis",
        "Travail des enfants",
        "Travail des enfants (%)",
    )
    by_pcode = {row[2]: row for row in rows[3:] if row and row[2]}
    computed = compute(unit=territory.pays, level=Level.LOCALITE, period=year(2026))
    value = {(r.indicator, r.unit): r.value for r in computed}
    for pcode in ("CI260401001", "CI260401002", "CI270101001"):
        line = by_pcode[pcode]
        for column, code in enumerate(
            (
                "CH_MONITORED",
                "CH_LABOUR",
                "CH_LABOUR_PCT",
                "CH_HAZARDOUS",
                "CH_HAZARDOUS_PCT",
                "CH_WORST",
                "CH_WORST_PCT",
            ),
            start=3,
        ):
            assert line[column] == value[(code, pcode)], (pcode, code)
    # Badayo: Bakary hazardous among 4; Galéa 1: Gaston in the worst forms among 2; Natiokobadara: Lassina among 2.
    assert by_pcode["CI260401001"][3:8] == (4, 1, 25.0, 1, 25.0)
    assert by_pcode["CI260401002"][8:10] == (1, 50.0)
    assert by_pcode["CI"][3] == 8


def test_prevalence_for_a_partner_hides_small_cells(world, team) -> None:
    report = build_report(kind="prevalence", user=team.partenaire, params=Params(unit="CI26", period="2026"))
    assert report.suppressed
    rows = list(workbook(report)["Localités"].iter_rows(values_only=True))
    figures = [value for row in rows[3:] if row and row[2] for value in row[3:10]]
    numbers = [v for v in figures if isinstance(v, int | float)]
    assert all(v == 0 or v >= 5 for v in numbers if float(v).is_integer() and v < 100)
    assert "< 5" in figures
    # Badayo (4 children), Galéa 1 (2) are under 5: not a figure of them is shown.
    lines = {row[2]: row for row in rows[3:] if row and row[2]}
    assert lines["CI260401001"][3] == "< 5" and lines["CI260401002"][3] == "< 5"
    html = render_pdf_html(report)
    assert "« &lt; 5 »" in html or "« < 5 »" in html  # the note explains the sign


def test_activities_report(world, team, territory) -> None:
    ngo = StructureFactory(name="ONG Enfance", admin_unit=territory.dep1)
    first = ReportFactory(structure=ngo, zone=territory.sp1, victims_identified_girls=2, victims_identified_boys=7)
    EffortFactory(
        report=first,
        locality=territory.l1,
        activity_type=EffortType.SCHOOL_KITS,
        boys_5_11=10,
        girls_5_11=12,
        amount_spent=250_000,
    )
    EffortFactory(
        report=first,
        locality=territory.l3,
        activity_type=EffortType.AWARENESS,
        boys_5_11=3,
        girls_5_11=4,
        adult_men=20,
        amount_spent=50_000,
    )
    ReportFactory(structure=ngo, zone=territory.sp1, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31))
    report = build_report(kind="activities", user=team.analyste, params=Params(unit="CI", period="2026"))
    book = workbook(report)
    header, by_zone = table(book, "Par zone")
    assert header[:8] == [
        "Zone",
        "Actions",
        "Garçons",
        "Filles",
        "Enfants",
        "Adultes",
        "Bénéficiaires",
        "Montant dépensé (FCFA)",
    ]
    assert by_zone["Bas-Sassandra"][1:8] == [1, 10, 12, 22, 0, 22, 250_000]
    assert by_zone["Savanes"][1:8] == [1, 3, 4, 7, 20, 27, 50_000]
    assert by_zone["Total"][1:8] == [2, 13, 16, 29, 20, 49, 300_000]
    _, by_type = table(book, "Par type")
    assert by_type["Kits scolaires"][7] == 250_000
    _, trafficking = table(book, "Traite")
    assert trafficking["Victimes présumées identifiées : filles"][1] == 2
    assert trafficking["Victimes présumées identifiées : total"][1] == 9


def test_activities_report_hides_few_victims_for_administrators(world, team, territory) -> None:
    ngo = StructureFactory(name="ONG Enfance", admin_unit=territory.dep1)
    report = ReportFactory(structure=ngo, zone=territory.sp1, victims_identified_girls=2, victims_identified_boys=7)
    EffortFactory(report=report, locality=territory.l1)
    built = build_report(kind="activities", user=team.admin, params=Params(unit="CI", period="2026"))
    _, trafficking = table(workbook(built), "Traite")
    assert trafficking["Victimes présumées identifiées : filles"][1] == "< 5"
    assert trafficking["Victimes présumées identifiées : garçons"][1] == "—"  # or girls = 9 - 7
    assert trafficking["Victimes présumées identifiées : total"][1] == 9


def test_plan_execution_report(team, small_plan) -> None:
    activity = small_plan.axes.get(code="I").objectives.first().actions.first().activities.get(code="I-1.1.1")
    execution_record(
        by=team.analyste, activity=activity, year=2020, status="under_way", progress=50, committed=80, spent=60
    )
    report = build_report(kind="plan", user=team.analyste, params=Params(plan=small_plan.code))
    book = workbook(report)
    _, years = table(book, "Par année")
    assert years["2020"][1:5] == [100, 80, 60, 60.0]
    assert years["2022"][1] == 300
    assert years["Total"][1:4] == [600, 80, 60]
    _, axes = table(book, "Par axe")
    assert axes["I — Prévention"][1:4] == [300, 80, 60]
    assert axes["II — Protection"][1] == 300
    _, matrix = table(book, "Prévu axe × année")
    assert matrix["I — Prévention"][1:5] == [100, 200, 0, 300]
    _, split = table(book, "Financement")
    assert split["État de Côte d'Ivoire"][1:3] == [150, 25.0]
    assert split["Partenaires"][1:3] == [450, 75.0]


def test_plan_report_refused_without_the_permission(team, small_plan) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        build_report(kind="plan", user=team.agent, params=Params(plan=small_plan.code))


@pytest.mark.parametrize("kind", ["annual", "prevalence", "activities"])
def test_pdf_is_produced(world, team, kind) -> None:
    report = build_report(kind=kind, user=team.pointfocal, params=Params(period="2026"))
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5_000
    html = render_pdf_html(report)
    assert "<svg" in html or kind == "activities"
    assert 'src="' not in html and "url(" not in html and "<link" not in html  # nothing for WeasyPrint to fetch


def test_unit_out_of_jurisdiction_is_refused(world, team) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        build_report(kind="annual", user=team.superviseur, params=Params(unit="CI27", period="2026"))
    with pytest.raises(ReportError, match="P-code inconnu"):
        build_report(kind="prevalence", user=team.analyste, params=Params(unit="CI99", period="2026"))
