"""The nightly refresh: the default periods, stored counts and plan values after it, the same figures when run twice,
a failing step that does not stop the others, the background task and the page of national administrators."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.indicators import nightly
from sosteci.indicators.models import StoredCount, StoredPeriod
from sosteci.indicators.nightly import REQUEST_ACTION, nightly_periods, nightly_run
from sosteci.indicators.storage import STORED_BASES
from sosteci.plans.models import Indicator, IndicatorActual, Plan
from sosteci.plans.services import plan_import
from sosteci.plans.services.performance import indicator_link
from tests.conftest import MiniTerritory, Team
from tests.indicators.conftest import AS_OF, World
from tests.plans.conftest import small_document

pytestmark = pytest.mark.django_db
DEFAULT_CODES = [
    "2025",
    "2026",
    "2026Q3",
    "2026Q4",
    *[f"2025{m:02d}" for m in (12,)],
    *[f"2026{m:02d}" for m in range(1, 12)],
]


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF.date())
    return AS_OF.date()


@pytest.fixture
def linked_plan(db: None) -> Plan:
    """A plan of 2024-2026 whose indicator I.1.1 is SOSTECI's « enfants suivis »."""
    plan = plan_import(document=small_document(code="PT-2024-2026", start=2024, end=2026), by=None).plan
    indicator_link(by=None, indicator=Indicator.objects.get(plan=plan, code="I.1.1"), code="CH_MONITORED")
    return plan


def stored_state() -> tuple[set[tuple], set[tuple], set[tuple]]:
    return (
        set(
            StoredCount.objects.values_list(
                "base", "period", "unit_id", "sex", "age_band", "category", "flags", "count"
            )
        ),
        set(StoredPeriod.objects.values_list("base", "period", "cells")),
        set(IndicatorActual.objects.values_list("indicator__code", "year", "text", "origin")),
    )


def test_the_default_periods_are_those_the_dashboards_show() -> None:
    # This and last year, this and last quarter, the twelve months of the dashboards' default trend.
    assert [p.code for p in nightly_periods(AS_OF.date())] == DEFAULT_CODES
    assert [p.code for p in nightly_periods(date(2026, 1, 15))][:4] == ["2025", "2026", "2025Q4", "2026Q1"]


def test_after_a_run_the_figures_are_stored_and_a_second_run_changes_nothing(
    world: World, territory: MiniTerritory, linked_plan: Plan, today: date, capsys
) -> None:
    call_command("nightly")
    out = capsys.readouterr().out
    assert f"✓ indicators_refresh 2026 : {len(STORED_BASES)} bases," in out and "✓ reports_clean : 0 fichiers" in out
    assert "1 indicateurs reliés : 3 valeurs écrites, 0 inchangées" in out
    assert out.strip().splitlines()[-1].startswith("Actualisation de nuit : 18 étapes réussies, 0 en échec")
    assert set(StoredPeriod.objects.values_list("period", flat=True)) == set(DEFAULT_CODES)
    assert StoredPeriod.objects.count() == len(STORED_BASES) * len(DEFAULT_CODES)
    # The eight children monitored in 2026 (Eric was last seen in 2025), counted ahead and on the plan.
    monitored = StoredCount.objects.filter(base="children", period="2026", flags="")
    assert sum(monitored.values_list("count", flat=True)) == 8
    assert IndicatorActual.objects.get(indicator__code="I.1.1", year=2026).text == "8"
    first = stored_state()
    plan_audits = AuditEvent.objects.filter(action="plans.indicators.refresh").count()

    call_command("nightly")
    out = capsys.readouterr().out
    assert "0 valeurs écrites, 3 inchangées" in out
    assert stored_state() == first
    assert AuditEvent.objects.filter(action="plans.indicators.refresh").count() == plan_audits
    runs = AuditEvent.objects.filter(action="indicators.nightly").order_by("pk")
    assert [(r.actor_label, r.after["ok"], r.after["failed"]) for r in runs] == [
        ("manage.py nightly", 18, 0),
        ("manage.py nightly", 18, 0),
    ]


def test_a_failing_step_is_logged_and_the_others_still_run(
    world: World, territory: MiniTerritory, linked_plan: Plan, today: date, monkeypatch, caplog, capsys
) -> None:
    counts = nightly.counts_refresh

    def broken(*, period, **kwargs):
        if period.code == "2025":
            raise RuntimeError("base de données indisponible")
        return counts(period=period, **kwargs)

    monkeypatch.setattr(nightly, "counts_refresh", broken)
    with caplog.at_level(logging.ERROR, logger="sosteci.nightly"), pytest.raises(CommandError) as error:
        call_command("nightly")
    assert str(error.value) == "Étapes en échec : indicators_refresh 2025."
    assert "Nightly step indicators_refresh 2025 failed" in caplog.text
    out = capsys.readouterr().out
    assert "✗ indicators_refresh 2025 : RuntimeError: base de données indisponible" in out
    assert "17 étapes réussies, 1 en échec" in out
    assert set(StoredPeriod.objects.values_list("period", flat=True)) == set(DEFAULT_CODES) - {"2025"}
    assert IndicatorActual.objects.filter(indicator__code="I.1.1").count() == 3  # the plan step still ran
    run = AuditEvent.objects.get(action="indicators.nightly")
    assert run.after["failed"] == 1 and run.after["steps"][0]["name"] == "indicators_refresh 2025"


def test_chosen_periods_and_bad_options(territory: MiniTerritory, capsys) -> None:
    call_command("nightly", "--period", "2024Q2", "--days", "30")
    assert list(StoredPeriod.objects.values_list("period", flat=True).distinct()) == ["2024Q2"]
    assert "3 étapes réussies" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Période illisible"):
        call_command("nightly", "--period", "hier")
    with pytest.raises(CommandError, match="--days"):
        call_command("nightly", "--days", "-1")


def test_the_background_task(territory: MiniTerritory, today: date) -> None:
    from sosteci.indicators.tasks import nightly_in_background

    result = nightly_in_background.enqueue("admin")  # the test settings run tasks at once
    assert result.return_value is not None
    assert (result.return_value["ok"], result.return_value["failed"]) == (len(DEFAULT_CODES) + 2, 0)
    assert AuditEvent.objects.get(action="indicators.nightly").actor_label == "nightly (admin)"


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("admin_r1", 403), ("analyste", 403), ("superviseur", 403)]
)
def test_only_national_administrators_open_the_page(team: Team, login, role: str, status: int) -> None:
    client = login(team.by_role()[role])
    assert client.get(reverse("indicators:refresh")).status_code == status
    assert client.post(reverse("indicators:refresh-run")).status_code == (302 if status == 200 else 403)
    labels = [str(item["label"]) for item in client.get(reverse("home")).context["nav_items"]]
    assert ("Actualisation des chiffres" in labels) is (status == 200)


def test_the_button_runs_the_refresh_in_the_background(team: Team, territory: MiniTerritory, login) -> None:
    client = login(team.admin)
    page = client.get(reverse("indicators:refresh")).content.decode()
    assert "Aucune actualisation enregistrée." in page and 'id="refresh-run"' in page
    response = client.post(reverse("indicators:refresh-run"), follow=True)
    page = response.content.decode()
    assert "Actualisation lancée en tâche de fond" in page
    assert AuditEvent.objects.filter(action=REQUEST_ACTION, actor=team.admin).count() == 1
    run = AuditEvent.objects.get(action="indicators.nightly")
    assert run.actor_label == f"nightly ({team.admin.username})" and run.after["failed"] == 0
    assert response.context["status"].runs == [run]
    stored = [line.period for line in response.context["status"].stored]
    periods = nightly_periods(timezone.localdate())
    assert stored[:2] == [periods[1].code, periods[0].code]  # this year first, then the previous one
    assert len(stored) == len(periods) and stored[-1] == periods[4].code  # the oldest month last


def test_a_request_waiting_for_the_worker_is_not_queued_twice(team: Team, territory: MiniTerritory, login) -> None:
    nightly_run(periods=[], actor_label="nightly")
    nightly.nightly_request(by=team.admin)  # asked, the worker has not started it yet
    client = login(team.admin)
    page = client.get(reverse("indicators:refresh")).content.decode()
    assert 'id="refresh-pending"' in page and 'id="refresh-run"' not in page
    response = client.post(reverse("indicators:refresh-run"), follow=True)
    assert "attend déjà son tour ou est en cours" in response.content.decode()
    assert AuditEvent.objects.filter(action=REQUEST_ACTION).count() == 1
    assert AuditEvent.objects.filter(action="indicators.nightly").count() == 1
