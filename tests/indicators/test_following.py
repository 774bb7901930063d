"""Stored counts kept current: a few sous-préfectures counted again give the live figures, every writer of counted
rows marks its sous-préfecture and day, and the follower counts them again for the periods the change reaches,
keeping the "counted at" of the dashboards honest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from sosteci.access.roles import Role
from sosteci.cases import services as cases
from sosteci.cases.models import Case, Referral
from sosteci.collect.services import submission_review
from sosteci.indicators import following, marking
from sosteci.indicators.computing import Source, compute, compute_table
from sosteci.indicators.marking import EVERY_DAY, counts_changed, wake_follower
from sosteci.indicators.models import PendingRefresh, StoredCount, StoredPeriod, StoredUnit
from sosteci.indicators.periods import Period, parse_period
from sosteci.indicators.services import counts_refresh, counts_refresh_units
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import DuplicateCandidate, Visit
from sosteci.registry.services import child_update, duplicate_merge, reclassify, visit_record, visit_update
from sosteci.registry.services.bulk import ChildEntry, HouseholdEntry, bulk_register
from sosteci.registry.services.households import child_input_from
from sosteci.territory.models import AdminUnit, Level
from sosteci.territory.signals import units_moved
from tests.conftest import MiniTerritory, Team
from tests.factories import UserFactory
from tests.indicators.conftest import AS_OF, CACAO, World, visit
from tests.registry.conftest import child_input, household_input

pytestmark = pytest.mark.django_db
DIMS = ["sex", "age_band", "category"]
LATER = AS_OF + timedelta(hours=1)


def national(period: Period, source: Source, level: Level = Level.REGION):
    country = AdminUnit.objects.get(level=Level.PAYS)
    return compute_table(unit=country, level=level, period=period, dimensions=DIMS, as_of=AS_OF, source=source)


def assert_stored_equal_live(*periods: str) -> None:
    for code in periods:
        period = parse_period(code)
        for level in (Level.PAYS, Level.REGION, Level.SOUS_PREFECTURE):
            assert national(period, Source.STORED, level).rows == national(period, Source.LIVE, level).rows, code


def rows_of(unit: AdminUnit, code: str) -> list[tuple]:
    return sorted(
        StoredCount.objects.filter(unit=unit, period=code).values_list(
            "pk", "base", "sex", "age_band", "category", "flags", "count"
        )
    )


def marks() -> list[tuple[str, date]]:
    return sorted(PendingRefresh.objects.values_list("unit__pcode", "since"))


# --- Counting a few sous-préfectures again ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["2026", "2026Q3", "202607"])
def test_a_sous_prefecture_counted_again_gives_the_live_national_figures(
    world: World, team: Team, territory: MiniTerritory, code: str
) -> None:
    period = parse_period(code)
    counts_refresh(period=period, as_of=AS_OF)
    untouched = rows_of(territory.sp2, code)
    # Eric (Soubré, seen in 2025 only) visited again in July, at work: the stored figures do not know yet.
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), activities=CACAO, attends_school=False)
    assert national(period, Source.STORED).rows != national(period, Source.LIVE).rows

    done = counts_refresh_units(period=period, units=[territory.sp1], as_of=LATER)

    assert {(d.base, d.units) for d in done} == {("children", 1), ("households", 1), ("referrals", 1)}
    assert_stored_equal_live(code)
    assert rows_of(territory.sp2, code) == untouched  # the other sous-préfecture's rows: the very same rows
    assert set(StoredUnit.objects.filter(period=code).values_list("base", "unit__pcode", "computed_at")) == {
        (base, "CI260401", LATER) for base in ("children", "households", "referrals")
    }
    stored = StoredPeriod.objects.get(base="children", period=code)
    assert stored.computed_at == AS_OF and stored.current_at == AS_OF  # the other units are as they were
    assert stored.cells == StoredCount.objects.filter(base="children", period=code).count()
    assert national(period, Source.STORED).as_of == AS_OF


def test_counting_units_again_needs_a_full_count_and_sous_prefectures(world: World, territory: MiniTerritory) -> None:
    year = parse_period("2026")
    assert counts_refresh_units(period=year, units=[territory.sp1]) == []  # nothing stored: nothing to follow
    counts_refresh(period=year, bases=["children"], as_of=AS_OF)
    assert [d.base for d in counts_refresh_units(period=year, units=[territory.sp1.pk])] == ["children"]
    with pytest.raises(ValueError, match="CI2604"):
        counts_refresh_units(period=year, units=[territory.dep1])
    with pytest.raises(ValueError, match="sous-préfectures existantes"):
        counts_refresh_units(period=year, units=[987654])


def test_a_full_count_keeps_units_counted_since_it_began(world: World, team: Team, territory: MiniTerritory) -> None:
    year = parse_period("2026")
    counts_refresh(period=year, as_of=AS_OF)
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), attends_school=True)
    counts_refresh_units(period=year, units=[territory.sp1], as_of=AS_OF + timedelta(hours=2))
    counted_again = rows_of(territory.sp1, "2026")
    # A full count that began before the units were counted again (it was counting while they were) writes now:
    # it keeps their newer rows, and replaces the others'.
    other = rows_of(territory.sp2, "2026")
    counts_refresh(period=year, as_of=LATER)
    assert rows_of(territory.sp1, "2026") == counted_again
    assert rows_of(territory.sp2, "2026") != other  # new rows (same figures)
    assert StoredUnit.objects.filter(period="2026", unit=territory.sp1).count() == 3
    assert_stored_equal_live("2026")
    # The other way round: units counted from a moment before the last full count change nothing.
    assert counts_refresh_units(period=year, units=[territory.sp2], as_of=AS_OF) == []
    # A full count begun after them replaces them, and forgets that they were counted apart.
    counts_refresh(period=year, as_of=AS_OF + timedelta(hours=3))
    assert not StoredUnit.objects.exists()
    assert StoredPeriod.objects.get(base="children", period="2026").current_at == AS_OF + timedelta(hours=3)


# --- Marking ----------------------------------------------------------------------------------------------------------


def test_visits_mark_their_sous_prefecture_from_their_day(world: World, team: Team, territory: MiniTerritory) -> None:
    PendingRefresh.objects.all().delete()
    eric, lassina = world.children["Eric"], world.children["Lassina"]
    made = visit_record(by=team.agent, child=eric, data=VisitInput(visited_on=date(2026, 7, 1), attends_school=True))
    assert marks() == [("CI260401", date(2026, 7, 1))]
    visit_update(by=team.agent, visit=made, data=VisitInput(visited_on=date(2026, 6, 1), attends_school=True))
    assert marks() == [("CI260401", date(2026, 6, 1)), ("CI260401", date(2026, 7, 1))]  # the earlier of the days
    PendingRefresh.objects.all().delete()
    visit_update(by=team.agent, visit=made, data=VisitInput(visited_on=date(2026, 6, 1), attends_school=True))
    assert marks() == []  # nothing changed
    data = child_input_from(lassina)
    data.guardian_name = "Coulibaly Siaka"
    child_update(by=team.agent_sp2, child=lassina, data=data)
    assert marks() == []  # nothing the indicators read
    data.sex = "F"
    child_update(by=team.agent_sp2, child=lassina, data=data)
    assert marks() == [("CI270101", date(2026, 10, 1))]  # from the first visit


def test_cases_mark_the_referral_place_and_the_child_served(world: World, team: Team, territory: MiniTerritory) -> None:
    PendingRefresh.objects.all().delete()
    pending = world.referrals["pending"]  # Bakary, Soubré, referred on 1 April
    accepted = cases.referral_respond(by=team.prestataire, referral=pending, accept=True)
    assert marks() == [("CI260401", date(2026, 4, 1))]
    PendingRefresh.objects.all().delete()
    case = Case.objects.get(pk=accepted.case_id)
    cases.service_record(
        by=team.prestataire, case=case, service="shelter", delivered_on=date(2026, 4, 3), referral=accepted
    )
    assert marks() == [("CI260401", date(2026, 4, 1))]  # served on 3 April, referral completed (1 April)
    assert Referral.objects.get(pk=accepted.pk).status == Referral.Status.COMPLETED


def test_a_review_marks_what_the_submission_brought(world: World, team: Team, territory: MiniTerritory) -> None:
    PendingRefresh.objects.all().delete()
    submission_review(by=team.superviseur, submission=world.rejected, approve=True)
    # Rose's household (Galéa 1, visited 1 June) and Awa's machete visit (1 September), all in Soubré.
    assert marks() == [("CI260401", date(2026, 6, 1))]
    PendingRefresh.objects.all().delete()
    submission_review(by=team.superviseur, submission=world.rejected, approve=True)
    assert marks() == []  # approved again: nothing counts differently
    submission_review(by=team.superviseur, submission=world.rejected, approve=False, note="Doublon.")
    assert marks() == [("CI260401", date(2026, 6, 1))]


def test_bulk_writers_mark_once_per_import(team: Team, territory: MiniTerritory) -> None:
    def entry(pcode: str, *days: date) -> HouseholdEntry:
        kids = [ChildEntry(child_input("KONE", f"Enfant {d.month}"), VisitInput(visited_on=d)) for d in days]
        return HouseholdEntry(pcode, household_input(size=6), kids, ref=pcode)

    bulk_register(
        by=None,
        households=[
            entry(territory.l1.pcode, date(2026, 3, 1), date(2026, 2, 1)),
            entry(territory.l2.pcode, date(2026, 5, 1)),
            entry(territory.l3.pcode, date(2026, 4, 1)),
        ],
    )
    assert marks() == [("CI260401", date(2026, 2, 1)), ("CI270101", date(2026, 4, 1))]


def test_a_merge_marks_where_the_visits_leave_and_arrive(world: World, team: Team, territory: MiniTerritory) -> None:
    PendingRefresh.objects.all().delete()
    eric, lassina = world.children["Eric"], world.children["Lassina"]
    candidate = DuplicateCandidate.objects.create(child_a=eric, child_b=lassina, score="0.900")
    focal = UserFactory(username="pf_national", role=Role.POINT_FOCAL, jurisdiction=territory.pays)
    duplicate_merge(by=focal, candidate=candidate, keep=lassina)
    # Eric's visit (1 June 2025) leaves Soubré for Korhogo, where Lassina was seen on 1 October 2026.
    assert marks() == [("CI260401", date(2025, 6, 1)), ("CI270101", date(2025, 6, 1))]


def test_reclassifying_marks_the_visits_whose_category_changes(world: World, territory: MiniTerritory) -> None:
    version = Visit.objects.values_list("ruleset_version", flat=True).first()
    Visit.objects.filter(child=world.children["Kadi"]).update(category="child_labour")  # as if classified wrongly
    PendingRefresh.objects.all().delete()
    reclassify(version=version, dry_run=False)
    assert marks() == [("CI270101", date(2026, 2, 1))]  # her visit only: the others keep their category


def test_deletions_and_moved_localities_mark_too(world: World, territory: MiniTerritory) -> None:
    PendingRefresh.objects.all().delete()
    Visit.objects.filter(child=world.children["Kadi"]).delete()
    assert marks() == [("CI270101", date(2026, 2, 1))]
    units_moved.send(sender=AdminUnit, units=[territory.sp1])  # a sous-préfecture keeps its children
    assert len(marks()) == 1
    units_moved.send(sender=AdminUnit, units=[territory.l2])
    assert marks()[0] == ("CI", EVERY_DAY)


# --- The follower -----------------------------------------------------------------------------------------------------


@pytest.fixture
def stored(world: World) -> list[str]:
    codes = ["2026", "2026Q3", "202607", "2026Q1", "2025"]
    for code in codes:
        counts_refresh(period=parse_period(code), as_of=AS_OF)
    PendingRefresh.objects.all().delete()  # the world's own marks: counted by the full counts
    return codes


def test_the_follower_counts_again_what_changed(
    stored: list[str], world: World, team: Team, territory: MiniTerritory
) -> None:
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), activities=CACAO, attends_school=False)
    counts_changed([(territory.sp2.pk, date(2026, 9, 30))])  # a change in Korhogo, later in the year

    result = following.counts_follow()

    assert result.marks == result.handled == 2 and not result.failed
    assert not PendingRefresh.objects.exists()
    assert_stored_equal_live(*stored)
    # Periods ending before the day of a change are not counted again.
    recounted = set(StoredUnit.objects.values_list("period", "unit__pcode").distinct())
    assert recounted == {("2026", "CI260401"), ("2026Q3", "CI260401"), ("202607", "CI260401")} | {
        ("2026", "CI270101"),
        ("2026Q3", "CI270101"),
    }
    # Every change marked before the pass began is counted: the dashboards say so.
    assert set(StoredPeriod.objects.values_list("current_at", flat=True)) == {result.started}
    assert national(parse_period("2026"), Source.STORED).as_of == result.started


def test_a_mark_written_during_a_pass_stays_for_the_next(
    stored: list[str], world: World, team: Team, territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), attends_school=True)
    counting = following.counts_refresh_units

    def meanwhile(**kwargs):
        if not PendingRefresh.objects.filter(unit=territory.sp2).exists():
            counts_changed([(territory.sp2.pk, date(2026, 8, 1))])  # committed by another writer during the pass
        return counting(**kwargs)

    monkeypatch.setattr(following, "counts_refresh_units", meanwhile)
    following.counts_follow()
    assert marks() == [("CI270101", date(2026, 8, 1))]
    monkeypatch.setattr(following, "counts_refresh_units", counting)
    following.counts_follow()
    assert marks() == []


def test_a_period_that_fails_keeps_its_marks_and_its_moment(
    stored: list[str], world: World, team: Team, territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), attends_school=True)
    counting = following.counts_refresh_units

    def broken(*, period: Period, **kwargs):
        if period.code == "2026":
            raise RuntimeError("base de données indisponible")
        return counting(period=period, **kwargs)

    monkeypatch.setattr(following, "counts_refresh_units", broken)
    result = following.counts_follow()
    assert result.failed == ["2026"] and result.handled == 0
    assert marks() == [("CI260401", date(2026, 7, 1))]  # tried again by the next pass
    current = dict(StoredPeriod.objects.filter(base="children").values_list("period", "current_at"))
    assert current["2026"] == AS_OF and current["202607"] == result.started
    assert national(parse_period("2026"), Source.STORED).as_of == AS_OF  # honest: not counted since
    monkeypatch.setattr(following, "counts_refresh_units", counting)
    assert following.counts_follow().handled == 1
    assert_stored_equal_live("2026")


def test_a_country_mark_counts_the_periods_in_full(stored: list[str], territory: MiniTerritory) -> None:
    counts_changed([(territory.pays.pk, date(2026, 7, 15))])
    result = following.counts_follow()
    assert result.full == ["202607", "2026Q3", "2026"]  # months first
    counted = dict(StoredPeriod.objects.filter(base="children").values_list("period", "computed_at"))
    assert counted["2026"] >= result.started and counted["2026Q1"] == AS_OF  # the first quarter ended before
    assert not PendingRefresh.objects.exists()


def test_changes_are_followed_once_committed(
    stored: list[str], world: World, team: Team, django_capture_on_commit_callbacks
) -> None:
    # The test settings run tasks at once: the follower's pass runs when the visits' transaction commits.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        visit(team.agent, world.children["Eric"], date(2026, 7, 1), activities=CACAO, attends_school=False)
        visit(team.agent, world.children["Chantal"], date(2026, 7, 2), attends_school=True)
        assert PendingRefresh.objects.count() == 2
    assert not PendingRefresh.objects.exists()
    assert_stored_equal_live("2026", "202607")


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_at_most_one_pass_waits_for_the_worker(db, monkeypatch: pytest.MonkeyPatch) -> None:
    from django_tasks_db.models import DBTaskResult

    wake_follower()
    wake_follower()
    waiting = DBTaskResult.objects.filter(task_path__endswith="counts_follow_in_background")
    assert waiting.count() == 1
    assert waiting.get().run_after > datetime.now(tz=UTC)  # a moment later: the burst's marks together
    DBTaskResult.objects.update(status="RUNNING")  # taken by the worker (its moment came): the next mark asks again
    monkeypatch.setattr(marking, "_asked_until", [0.0])
    wake_follower()
    assert waiting.count() == 2


def test_the_follow_command(stored: list[str], world: World, team: Team, capsys) -> None:
    visit(team.agent, world.children["Eric"], date(2026, 7, 1), attends_school=True)
    call_command("indicators_follow", "--once")
    assert "1 marques lues, 3 sous-préfectures × périodes recomptées" in capsys.readouterr().out
    assert not PendingRefresh.objects.exists()
    assert (
        compute(unit=AdminUnit.objects.get(level=Level.PAYS), period=parse_period("2026"), indicators=["CH_MONITORED"])[
            0
        ].numerator
        == 9
    )
