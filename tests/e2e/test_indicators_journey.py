"""In a real browser, on the real territory and demo data: the national analyst drills down the dashboards, opens an
indicator and downloads its CSV, reads the map and gets a national annual report made in the background; the
demo exporter reads the suppressed aggregates of its declared sourcing; anyone reads the public statistics."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _run_pending_reports() -> int:
    """Run in this process the report requests still waiting (the demo worker is not running in tests; with the
    immediate task backend of the test settings they are already done and nothing is left)."""
    from sosteci.reports.models import ReportRequest
    from sosteci.reports.services import report_run

    pending = list(ReportRequest.objects.filter(status=ReportRequest.Status.PENDING).values_list("pk", flat=True))
    for pk in pending:
        report_run(request_id=pk)
    return len(pending)


def test_indicators_maps_reports_diligence_and_public_statistics(demo_site: Any, page: Any, shot: Any) -> None:
    base = demo_site.url
    sign_in(page, base, "analyste")

    # Dashboards: the nation, then a click down to the Nawa, the Soubré département and the Soubre sous-préfecture.
    page.goto(f"{base}/indicateurs/")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{base}/indicateurs/CI/")
    assert page.locator("#key-figures").is_visible()
    assert page.locator("#sub-units tbody tr").count() >= 31  # the régions (and the autonomous districts)
    assert page.locator("#catalogue a[href*='/PLAN_SPENT_PCT/']").count() == 1  # national: plans' budget execution
    shot(page, "40-indicators-nation")
    page.click("#sub-units a:text-is('Nawa')")
    page.wait_for_load_state("networkidle")
    assert "/indicateurs/CI26/" in page.url
    assert page.locator("#catalogue a[href*='/PLAN_SPENT_PCT/']").count() == 0
    page.click("#sub-units a:text-is('Soubré')")
    page.wait_for_load_state("networkidle")
    assert "/indicateurs/CI2604/" in page.url
    assert page.locator("#sub-units tbody tr").count() == 5  # its five sous-préfectures
    shot(page, "41-indicators-departement")
    page.click("#sub-units a:text-is('Soubre')")
    page.wait_for_load_state("networkidle")
    assert "/indicateurs/CI260401/" in page.url
    monitored = page.locator("#key-figures").inner_text()
    assert "Enfants suivis" in monitored
    shot(page, "42-indicators-sous-prefecture")

    # An indicator's page, then its CSV: one row per unit and breakdown, the sous-préfecture's first.
    page.click("#catalogue a[href*='/CH_LABOUR_PCT/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("#definition").is_visible()
    assert page.locator("#indicator-table tbody tr").count() > 1  # the sous-préfecture and its localités
    shot(page, "43-indicator-page")
    with page.expect_download() as download_info:
        page.click("text=Télécharger (CSV)")
    download = download_info.value
    assert download.suggested_filename.startswith("CH_LABOUR_PCT_CI260401_")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    top = next(r for r in rows if r["unit"] == "CI260401" and not r["sex"] and not r["category"])
    assert int(top["denominator"]) > 0 and 0 < float(top["value"]) < 100
    assert {r["parent"] for r in rows if r["unit"] != "CI260401"} == {"CI260401"}

    # The plans' budget execution, national: the demo plan was executed in 2016-2018.
    page.goto(f"{base}/indicateurs/CI/PLAN_SPENT_PCT/?periode=2017")
    figure = page.locator("#indicator-table tbody tr").first.inner_text()
    assert "Côte d'Ivoire" in figure and "%" in figure
    shot(page, "43b-indicator-plan-budget-execution")

    # The map: Leaflet draws the régions' outlines as SVG paths, offline.
    page.goto(f"{base}/cartes/")
    # The background (districts) comes first, then the indicator's régions and their table.
    page.wait_for_function(
        "document.querySelectorAll('#indicator-map svg path').length >= 31"
        " && document.querySelectorAll('#map-table-body tr').length >= 31",
        timeout=60_000,
    )
    assert page.locator("#map-error").is_hidden()
    shot(page, "44-map")

    # A national annual report: too large to wait for, so made in the background, then listed ready to download.
    page.goto(f"{base}/rapports/")
    page.select_option("#id_kind", "annual")
    page.click("#report-form button[value=pdf]")
    page.wait_for_load_state("networkidle")
    assert "/rapports/demandes/" in page.url
    assert page.locator("text=Rapport demandé").is_visible()
    _run_pending_reports()
    page.reload()
    page.wait_for_load_state("networkidle")
    done = page.locator("#requests tbody tr[data-status=done]")
    assert done.count() == 1
    shot(page, "45-report-ready")
    with page.expect_download() as download_info:
        done.locator("a:has-text('Télécharger')").click()
    report = download_info.value
    assert report.suggested_filename.endswith(".pdf")
    assert Path(report.path()).read_bytes().startswith(b"%PDF")

    # The demo exporter: its submitted sourcing, figures with the small cells hidden.
    sign_in(page, base, "entreprise")
    page.goto(f"{base}/diligence/")
    assert page.locator("#declarations tbody tr").count() == 1
    assert "Déclarée" in page.locator("#declarations tbody tr").inner_text()
    page.click("#declarations a:has-text('Ouvrir')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#sources li").count() >= 2
    figures = page.locator("td.num")
    hidden = page.locator("td.num.hidden-cell")
    assert hidden.count() > 0 and figures.count() > hidden.count()
    assert page.locator("td.hidden-cell:text-is('< 5')").count() > 0
    shot(page, "46-diligence-exporter")

    # Anyone: the public statistics, without signing in.
    page.context.clear_cookies()
    page.goto(f"{base}/statistiques/")
    page.wait_for_load_state("networkidle")
    assert "/connexion/" not in page.url
    assert page.locator("#key-figures").is_visible()
    assert page.locator("#public-form").is_visible()
    shot(page, "47-public-statistics")
