"""In a real browser, on the demo: the national analyst opens the 2016-2020 plan against trafficking, filters its tree
by a responsible body, reads the reconciliation (46 disagreements) and the execution dashboard with its charts,
enters an execution line (refused first, spent beyond committed), downloads the plan's matrix and opens the joint
matrix of the two plans."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sosteci.plans.models import Activity, ActivityExecution
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLAN = "PANLTdP-2016-2020"


def _free_activity_year() -> tuple[str, int]:
    """An activity-year of the plan with nothing recorded yet in the demo."""
    recorded = set(
        ActivityExecution.objects.filter(activity__action__objective__axis__plan__code=PLAN).values_list(
            "activity_id", "year"
        )
    )
    for activity in Activity.objects.filter(action__objective__axis__plan__code=PLAN).order_by("line"):
        for year in range(2016, 2021):
            if (activity.pk, year) not in recorded:
                return activity.code, year
    raise AssertionError("every activity-year of the demo plan is recorded")


def test_the_analyst_follows_the_plan_against_trafficking(demo_site: Any, page: Any, shot: Any) -> None:
    base = demo_site.url
    sign_in(page, base, "analyste")

    # The list of plans, then the 2016-2020 plan's tree.
    page.goto(f"{base}/plans/")
    assert page.locator("#plans tbody tr").count() == 2
    shot(page, "50-plans-list")
    page.click(f"#plans a[href='/plans/{PLAN}/']")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base}/plans/{PLAN}/"
    assert page.locator("#axis-I").is_visible()

    # Filtered by a responsible body: only its two activities stay.
    page.fill("#f-responsable", "msffe")
    page.locator("#tree-filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "responsable=msffe" in page.url
    assert page.locator("#filter-count").inner_text().strip() == "2 activités correspondent au filtre."
    shot(page, "51-plan-tree-filtered")

    # The reconciliation lists each stated amount its lines do not add up to.
    page.click("a.nav-link:has-text('Rapprochement')")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base}/plans/{PLAN}/rapprochement/"
    assert page.locator("#disagreements tbody tr").count() == 46
    shot(page, "52-plan-reconciliation")

    # The execution dashboard: four charts, each with its figures as a table.
    page.click("a.nav-link:has-text('Exécution')")
    page.wait_for_load_state("networkidle")
    charts = page.locator("#execution-charts svg.chart")
    assert charts.count() == 4
    assert all(charts.nth(i).is_visible() for i in range(4))
    assert (
        page.locator("#execution-charts figcaption").first.inner_text() == "Prévu, engagé et dépensé par année (F CFA)"
    )
    assert "22,0 %" in page.locator("#execution-charts").inner_text()  # the State's stated share
    shot(page, "53-plan-execution-dashboard")

    # An execution line: spent beyond committed is refused in French, then corrected and recorded.
    code, year = _free_activity_year()
    page.click("a:has-text(\"Saisir l'exécution d'une activité\")")
    page.wait_for_load_state("networkidle")
    page.fill("#id_activity", code)
    page.select_option("#id_year", str(year))
    page.select_option("#id_status", "under_way")
    page.fill("#id_progress", "40")
    page.fill("#id_committed", "1 000 000")
    page.fill("#id_spent", "2 500 000")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    error = page.locator(".invalid-feedback").first.inner_text()
    assert (
        error
        == "« montant dépensé » : 2\u202f500\u202f000 F CFA dépasse le montant engagé (1\u202f000\u202f000 F CFA)."
    )
    assert not ActivityExecution.objects.filter(activity__code=code, year=year).exists()
    shot(page, "54-plan-execution-refused")
    page.fill("#id_spent", "400 000")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base}/plans/{PLAN}/execution/"
    assert f"Exécution de {code} en {year} enregistrée." in page.locator("main").inner_text()
    row = ActivityExecution.objects.get(
        activity__code=code, activity__action__objective__axis__plan__code=PLAN, year=year
    )
    assert (row.status, row.progress, row.committed, row.spent) == ("under_way", 40, 1_000_000, 400_000)
    shot(page, "55-plan-execution-recorded")

    # The plan's matrix as a workbook: downloaded, and it opens.
    with page.expect_download() as info:
        page.click(f"a[href='/plans/{PLAN}/matrice.xlsx']")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    content = Path(download.path()).read_bytes()
    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = [str(v) for row in book.worksheets[0].iter_rows(max_row=40, values_only=True) for v in row if v]
    assert any(code.startswith("I-") for code in cells)
    book.close()

    # The joint matrix of the two plans.
    page.goto(f"{base}/plans/")
    page.click("a[href='/plans/matrice-conjointe/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("#joint").is_visible()
    assert page.locator(f"#total-{PLAN}").is_visible()
    shot(page, "56-plans-joint-matrix")
