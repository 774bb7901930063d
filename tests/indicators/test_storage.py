"""Stored counts: the same figures as the live computation at every level, used for large scopes only, replaced by a
refresh, and read without touching the register."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sosteci.access.models import AuditEvent
from sosteci.indicators.computing import IndicatorRequestError, Source, compute, compute_table
from sosteci.indicators.models import StoredCount, StoredPeriod
from sosteci.indicators.periods import parse_period, recent_periods
from sosteci.indicators.services import counts_refresh
from sosteci.territory.models import Level
from tests.conftest import MiniTerritory, Team
from tests.indicators.conftest import AS_OF, World, visit

pytestmark = pytest.mark.django_db
DIMS = ["sex", "age_band", "category"]


@pytest.mark.parametrize("period", ["2026", "2026Q1", "202602", "2025"])
def test_stored_figures_equal_live_ones_at_every_level(world: World, territory: MiniTerritory, period: str) -> None:
    counts_refresh(period=parse_period(period), as_of=AS_OF)
    for unit, level in [
        (territory.pays, Level.PAYS),
        (territory.pays, Level.DISTRICT),
        (territory.pays, Level.REGION),
        (territory.pays, Level.SOUS_PREFECTURE),
        (territory.r1, Level.DEPARTEMENT),
        (territory.sp1, Level.SOUS_PREFECTURE),
    ]:
        kwargs = {"unit": unit, "level": level, "period": parse_period(period), "dimensions": DIMS, "as_of": AS_OF}
        stored = compute_table(**kwargs, source=Source.STORED)
        assert stored.stored and stored.as_of == AS_OF
        assert stored.rows == compute(**kwargs, source=Source.LIVE)


def test_large_scopes_read_stored_counts_small_ones_count_live(world: World, territory: MiniTerritory) -> None:
    year = parse_period("2026")
    assert not compute_table(unit=territory.pays, period=year).stored  # nothing stored yet: live
    counts_refresh(period=year, as_of=AS_OF)
    assert compute_table(unit=territory.pays, period=year).stored
    assert compute_table(unit=territory.r1, period=year).stored
    assert compute_table(unit=territory.dep1, period=year).stored
    assert not compute_table(unit=territory.sp1, period=year).stored  # a sous-préfecture: live, always fresh
    # Its own totals (a trend, a breakdown) are stored cells kept current: read stored, equal to the live ones.
    own = {"unit": territory.sp1, "level": Level.SOUS_PREFECTURE, "period": year, "dimensions": ["sex", "age_band"]}
    assert compute_table(**own).stored and compute_table(**own).rows == compute(**own, source=Source.LIVE)
    assert not compute_table(unit=territory.pays, period=year, level=Level.LOCALITE).stored  # below the grain
    assert not compute_table(unit=territory.pays, period=parse_period("2026-01-01..2026-06-30")).stored
    with pytest.raises(IndicatorRequestError, match="indicators_refresh"):
        compute_table(unit=territory.pays, period=parse_period("2026Q2"), source=Source.STORED)


def test_reading_stored_counts_does_not_touch_the_register(world: World, territory: MiniTerritory) -> None:
    counts_refresh(period=parse_period("2026"), as_of=AS_OF)
    with CaptureQueriesContext(connection) as queries:
        rows = compute(unit=territory.pays, level=Level.REGION, period=parse_period("2026"), dimensions=DIMS)
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    # The sub-units, the stored periods, one read per stored base (children, households, referrals), alerts, the
    # seven small coordination bases and the plans (planned, executed) live.
    assert len(selects) <= 6 + 7 + 2
    assert not any("registry_visit" in sql for sql in selects)
    # Nawa's 6 children monitored, as counted live in test_computing.
    assert next(r for r in rows if r.indicator == "CH_MONITORED" and r.unit == "CI26" and r.sex is None).numerator == 6


def test_a_refresh_replaces_the_stored_counts(world: World, team: Team, territory: MiniTerritory) -> None:
    year = parse_period("2026")
    counts_refresh(period=year, as_of=AS_OF)
    assert StoredPeriod.objects.filter(period="2026").count() == 3
    assert AuditEvent.objects.filter(action="indicators.refresh").count() == 3

    def monitored() -> int | None:
        rows = compute(unit=territory.pays, level=Level.PAYS, period=year, indicators=["CH_MONITORED"])
        return rows[0].numerator

    # Eric (seen in 2025 only) visited again: stored figures wait for the next refresh, live ones see him at once.
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), attends_school=True)
    assert monitored() == 8
    assert compute(unit=territory.sp1, period=year, indicators=["CH_MONITORED"])[0].numerator == 7  # live: 6 + Eric
    counts_refresh(period=year, as_of=AS_OF)
    assert monitored() == 9
    # Replaced, not added to: each child monitored is in exactly one stored cell of the measure "every child".
    stored = StoredCount.objects.filter(base="children", period="2026", flags="")
    assert sum(stored.values_list("count", flat=True)) == 9
    assert StoredPeriod.objects.filter(period="2026").count() == 3


def test_a_measure_added_since_the_refresh_is_counted_live(world: World, territory: MiniTerritory) -> None:
    year = parse_period("2026")
    counts_refresh(period=year, as_of=AS_OF)
    StoredPeriod.objects.filter(base="children").update(measures=[""])  # as if stored before the cascade indicators
    assert compute_table(unit=territory.pays, period=year, indicators=["CH_MONITORED"]).stored
    assert not compute_table(unit=territory.pays, period=year, indicators=["CH_SERVED_PCT"]).stored


def test_only_standard_periods_are_stored(territory: MiniTerritory) -> None:
    with pytest.raises(ValueError, match="années, trimestres et mois"):
        counts_refresh(period=parse_period("2026-01-01..2026-01-31"))


def test_the_nightly_periods() -> None:
    assert [p.code for p in recent_periods(date(2026, 1, 15))] == [
        "2026",
        "2025",
        "2026Q1",
        "2025Q4",
        "202601",
        "202512",
    ]


def test_the_refresh_command(world: World, territory: MiniTerritory, capsys) -> None:
    call_command("indicators_refresh", "--period", "2026Q1", "--base", "children")
    assert list(StoredPeriod.objects.values_list("base", "period")) == [("children", "2026Q1")]
    assert "1 périodes comptées" in capsys.readouterr().err


def test_the_background_task(world: World, territory: MiniTerritory) -> None:
    from sosteci.indicators.tasks import counts_refresh_in_background

    result = counts_refresh_in_background.enqueue("2026Q1")  # the test settings run tasks at once
    assert set(result.return_value) == {"children", "households", "referrals"}
    assert StoredPeriod.objects.filter(period="2026Q1").count() == 3
