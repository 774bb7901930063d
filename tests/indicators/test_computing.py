"""Every indicator on the hand-built register of conftest.py equals the figure worked out by hand; roll-up, periods,
rejected submissions, and the number of queries."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sosteci.collect.models import Submission
from sosteci.indicators.computing import IndicatorRequestError, Row, compute
from sosteci.indicators.definitions import COORDINATION_INDICATORS, INDICATORS, PLAN_INDICATORS
from sosteci.indicators.periods import parse_period
from sosteci.registry.models import Household
from sosteci.territory.models import Level
from tests.conftest import MiniTerritory
from tests.indicators.conftest import AS_OF, World

pytestmark = pytest.mark.django_db
YEAR = parse_period("2026")
# The register's and the cases' indicators (coordination's are worked out in test_coordination.py).
REGISTER_CODES = [i.code for i in INDICATORS if i not in COORDINATION_INDICATORS and i not in PLAN_INDICATORS]


def table(rows: list[Row]) -> dict[tuple, Row]:
    return {(r.indicator, r.unit, r.sex, r.age_band, r.category): r for r in rows}


def figures(rows: list[Row], unit: str = "CI", **coords) -> dict[str, tuple]:
    """indicator -> (numerator, denominator, value) of the rows of `unit` at the given coordinates."""
    wanted = {"sex": None, "age_band": None, "category": None, **coords}
    return {
        r.indicator: (r.numerator, r.denominator, r.value)
        for r in rows
        if r.unit == unit and all(getattr(r, k) == v for k, v in wanted.items())
    }


@pytest.fixture
def national(world: World, territory: MiniTerritory) -> list[Row]:
    return compute(unit=territory.pays, level=Level.REGION, period=YEAR, indicators=REGISTER_CODES, as_of=AS_OF)


def test_every_indicator_nationally_in_2026(national: list[Row]) -> None:
    assert figures(national) == {
        # Households with a counted visit in 2026: Kone (H1), Yao (H2), Traore (H4), Coulibaly (H6) = 4
        # (Bamba was visited in 2025 only; Faux came from a rejected submission).
        "HH_MONITORED": (4, None, 4.0),
        # Children with a counted visit in 2026: Awa, Bakary, Chantal, Djeneba, Fatou, Gaston, Kadi, Lassina = 8.
        "CH_MONITORED": (8, None, 8.0),
        # Latest 2026 visit in child labour, hazardous or worst forms: Bakary, Gaston, Lassina = 3; 3/8 = 37.5 %.
        # (Awa's latest counted visit is a follow-up out of work; her rejected machete visit of 01/09 does not count.)
        "CH_LABOUR": (3, None, 3.0),
        "CH_LABOUR_PCT": (3, 8, 37.5),
        # Hazardous: Bakary = 1; 1/8 = 12.5 %. Worst forms: Gaston = 1; 1/8 = 12.5 %.
        "CH_HAZARDOUS": (1, None, 1.0),
        "CH_HAZARDOUS_PCT": (1, 8, 12.5),
        "CH_WORST": (1, None, 1.0),
        "CH_WORST_PCT": (1, 8, 12.5),
        # Identified (a labour visit by 31/12/2026, monitored in 2026): Awa, Bakary, Fatou (2025), Gaston, Lassina = 5.
        # Served: Awa (kit 01/03), Lassina (kit 05/10) = 2; 2/5 = 40 %.
        "CH_SERVED_PCT": (2, 5, 40.0),
        # Two follow-ups or more: Awa = 1; 1/5 = 20 %.
        "CH_FOLLOWED_TWICE_PCT": (1, 5, 20.0),
        # With a follow-up: Awa, Fatou = 2; both out of child labour at the last one: 2/2 = 100 %.
        "CH_OUT_OF_LABOUR_PCT": (2, 2, 100.0),
        # At school at the latest visit: Awa, Chantal (declared enrolled), Fatou, Gaston, Kadi = 5; 5/8 = 62.5 %.
        "CH_IN_SCHOOL": (5, None, 5.0),
        "CH_IN_SCHOOL_PCT": (5, 8, 62.5),
        # Alerts received in 2026: A, B, C, D = 4 (E is of 2025, F from a rejected submission).
        "AL_RECEIVED": (4, None, 4.0),
        # Due on 21/11 12:00 or triaged: A, B, C (D is due on 23/11) = 3; in time: A = 1; 1/3 = 33.3 %.
        "AL_TRIAGED_IN_TIME_PCT": (1, 3, 33.3),
        # Referrals made in 2026: Lassina (kit), Awa (psychosocial), Bakary (shelter) = 3.
        "RF_MADE": (3, None, 3.0),
        # Answered: Lassina (accepted, then delivered), Awa (declined) = 2; accepted: 1; 1/2 = 50 %.
        "RF_ACCEPTED_PCT": (1, 2, 50.0),
    }


def test_by_region(national: list[Row]) -> None:
    nawa, poro = figures(national, "CI26"), figures(national, "CI27")
    # Nawa: Awa, Bakary, Chantal, Djeneba, Fatou, Gaston = 6, of whom Bakary, Gaston in labour: 2/6 = 33.3 %.
    # Poro: Kadi, Lassina = 2, Lassina in labour: 1/2 = 50 %. The nation: 3/8 = 37.5 %, not (33.3 + 50) / 2.
    assert (nawa["CH_MONITORED"], nawa["CH_LABOUR_PCT"]) == ((6, None, 6.0), (2, 6, 33.3))
    assert (poro["CH_MONITORED"], poro["CH_LABOUR_PCT"]) == ((2, None, 2.0), (1, 2, 50.0))
    # Households: Kone, Yao, Traore in Nawa = 3; Coulibaly in Poro = 1.
    assert (nawa["HH_MONITORED"][0], poro["HH_MONITORED"][0]) == (3, 1)
    # Alerts: A, C, D in Nawa, B in Poro; due: A, C (1 in time: 1/2 = 50 %) and B (late: 0/1 = 0 %).
    assert (nawa["AL_RECEIVED"][0], nawa["AL_TRIAGED_IN_TIME_PCT"]) == (3, (1, 2, 50.0))
    assert (poro["AL_RECEIVED"][0], poro["AL_TRIAGED_IN_TIME_PCT"]) == (1, (0, 1, 0.0))
    # Referrals: Awa's (declined) and Bakary's (pending) in Nawa: 0 of 1 answered; Lassina's in Poro: 1/1.
    assert (nawa["RF_MADE"][0], nawa["RF_ACCEPTED_PCT"]) == (2, (0, 1, 0.0))
    assert (poro["RF_MADE"][0], poro["RF_ACCEPTED_PCT"]) == (1, (1, 1, 100.0))
    # Identified in Nawa: Awa, Bakary, Fatou, Gaston = 4, served: Awa = 1 (25 %); in Poro: Lassina, served (100 %).
    assert (nawa["CH_SERVED_PCT"], poro["CH_SERVED_PCT"]) == ((1, 4, 25.0), (1, 1, 100.0))
    assert [r.unit for r in national if r.indicator == "CH_MONITORED"] == ["CI", "CI26", "CI27"]
    assert {r.parent for r in national if r.unit != "CI"} == {"CI"} and {
        r.parent for r in national if r.unit == "CI"
    } == {None}


def test_disaggregated(world: World, territory: MiniTerritory) -> None:
    rows = compute(
        unit=territory.pays,
        level=Level.PAYS,
        period=YEAR,
        indicators=["CH_MONITORED", "CH_LABOUR", "CH_HAZARDOUS", "AL_RECEIVED", "RF_MADE", "HH_MONITORED"],
        dimensions=["sex", "age_band", "category"],
        as_of=AS_OF,
    )
    cells = table(rows)

    def n(code: str, sex=None, age=None, category=None) -> int | None:
        return cells[(code, "CI", sex, age, category)].numerator

    # Girls: Awa, Chantal, Djeneba, Fatou, Kadi = 5; boys: Bakary, Gaston, Lassina = 3.
    assert (n("CH_MONITORED", "F"), n("CH_MONITORED", "M")) == (5, 3)
    # 5-11: Awa (10), Djeneba (9), Gaston (10) = 3; 12-14: Bakary (13), Fatou (14), Lassina (12) = 3;
    # 15-17: Chantal (16), Kadi (17) = 2; under 5: none.
    assert [n("CH_MONITORED", age=b) for b in ("0-4", "5-11", "12-14", "15-17")] == [0, 3, 3, 2]
    # Latest categories: not working Awa, Fatou, Kadi = 3; permitted Chantal; at risk Djeneba; child labour Lassina;
    # hazardous Bakary; worst forms Gaston.
    assert {c: n("CH_MONITORED", category=c) for c in ("not_working", "permitted_work", "at_risk")} == {
        "not_working": 3,
        "permitted_work": 1,
        "at_risk": 1,
    }
    # Child labour by category: 1 + 1 + 1 = the 3 of the total; no girl among them.
    assert [n("CH_LABOUR", category=c) for c in ("child_labour", "hazardous_child_labour", "worst_forms")] == [1, 1, 1]
    assert (n("CH_LABOUR", "F"), n("CH_LABOUR", "M")) == (0, 3)
    # Girls 12-14 monitored: Fatou = 1; boys 12-14 in hazardous work: Bakary = 1.
    assert n("CH_MONITORED", "F", "12-14") == 1 and n("CH_HAZARDOUS", "M", "12-14") == 1
    # CH_HAZARDOUS has no category breakdown: only sex and age band rows, with their totals (3 x 5 = 15 rows).
    assert len([r for r in rows if r.indicator == "CH_HAZARDOUS"]) == 15
    # Alerts by source: green line A, B = 2; police C = 1; community relay D = 1.
    assert (n("AL_RECEIVED", category="green_line"), n("AL_RECEIVED", category="police")) == (2, 1)
    assert n("AL_RECEIVED", category="community_relay") == 1
    # Referrals by the child's sex and service: Awa (F, psychosocial); Bakary (M, shelter), Lassina (M, school kit).
    assert (n("RF_MADE", "F"), n("RF_MADE", "M"), n("RF_MADE", category="school_kit")) == (1, 2, 1)
    assert n("RF_MADE", "M", category="shelter") == 1 and n("RF_MADE", "F", category="shelter") == 0
    # Households are not split: one row only.
    assert [r.sex for r in rows if r.indicator == "HH_MONITORED"] == [None]


def test_percentages_by_sex_are_recomputed(world: World, territory: MiniTerritory) -> None:
    rows = compute(
        unit=territory.pays, level=Level.PAYS, period=YEAR, indicators=["CH_IN_SCHOOL_PCT"], dimensions=["sex"]
    )
    got = {r.sex: (r.numerator, r.denominator, r.value) for r in rows}
    # Girls at school: Awa, Chantal, Fatou, Kadi = 4 of 5 (80 %); boys: Gaston = 1 of 3 (33.3 %); all: 5/8 = 62.5 %.
    assert got == {"F": (4, 5, 80.0), "M": (1, 3, 33.3), None: (5, 8, 62.5)}


def known(figure: int | None) -> int:
    assert figure is not None  # the computation never leaves a figure out; only suppression does
    return figure


def _sums_hold(rows: list[Row]) -> None:
    """Each parent row is the sum of its sub-units' rows; each total the sum of its options."""
    children: dict[tuple, list[Row]] = defaultdict(list)
    index = {(r.indicator, r.unit, r.sex, r.age_band, r.category): r for r in rows}
    for r in rows:
        if r.parent:
            children[(r.indicator, r.parent, r.sex, r.age_band, r.category)].append(r)
    assert children
    for key, parts in children.items():
        total = index[key]
        assert total.numerator == sum(known(p.numerator) for p in parts)
        if total.denominator is not None:
            assert total.denominator == sum(known(p.denominator) for p in parts)
            expected = None if not total.denominator else round(100 * total.numerator / total.denominator, 1)
            assert total.value == expected


@pytest.mark.parametrize(
    "level", [Level.DISTRICT, Level.REGION, Level.DEPARTEMENT, Level.SOUS_PREFECTURE, Level.LOCALITE]
)
def test_roll_up_at_every_level(world: World, territory: MiniTerritory, level: Level) -> None:
    rows = compute(unit=territory.pays, level=level, period=YEAR, dimensions=["sex", "category"], as_of=AS_OF)
    _sums_hold(rows)
    national = compute(unit=territory.pays, level=Level.PAYS, period=YEAR, dimensions=["sex", "category"], as_of=AS_OF)
    assert table([r for r in rows if r.unit == "CI"]) == table(national)


def test_a_region_is_the_sum_of_its_departements(world: World, territory: MiniTerritory) -> None:
    by_region = figures(compute(unit=territory.pays, level=Level.REGION, period=YEAR, as_of=AS_OF), "CI26")
    nawa = compute(unit=territory.r1, level=Level.LOCALITE, period=YEAR, as_of=AS_OF)
    assert figures(nawa, "CI26") == by_region
    # Badayo (L1): Awa, Bakary, Chantal, Djeneba = 4; Galéa 1 (L2): Fatou, Gaston = 2; 4 + 2 = Nawa's 6.
    assert [figures(nawa, pcode)["CH_MONITORED"][0] for pcode in ("CI260401001", "CI260401002")] == [4, 2]


@pytest.mark.parametrize(
    ("period", "monitored", "labour", "identified_served", "out_of_labour", "alerts"),
    [
        # Q1: Awa (10/02, still in child labour then), Bakary (15/03), Djeneba (01/03), Fatou (20/01), Kadi (01/02) = 5;
        # labour: Awa, Bakary = 2. Identified: Awa, Bakary, Fatou (2025) = 3, served by 31/03: Awa = 1.
        # Followed by 31/03: Fatou, out. Alerts: A and B (01/03) = 2.
        ("2026Q1", 5, 2, (1, 3), (1, 1), 2),
        # February: Awa (10/02, labour), Kadi (01/02) = 2; identified: Awa, not yet served; no follow-up; no alert.
        ("202602", 2, 1, (0, 1), (0, 0), 0),
        # From 20/01 to 10/02, both days included: Fatou (20/01), Kadi (01/02), Awa (10/02) = 3.
        ("2026-01-20..2026-02-10", 3, 1, (0, 2), (1, 1), 0),
        # One day less at each end: Kadi only.
        ("2026-01-21..2026-02-09", 1, 0, (0, 0), (0, 0), 0),
        # 2025: Eric (01/06), Fatou (01/11, labour) = 2; Fatou identified, not served, no follow-up yet; alert E.
        ("2025", 2, 1, (0, 1), (0, 0), 1),
    ],
)
def test_period_boundaries(
    world: World, territory: MiniTerritory, period, monitored, labour, identified_served, out_of_labour, alerts
) -> None:
    rows = compute(unit=territory.pays, level=Level.PAYS, period=parse_period(period), as_of=AS_OF)
    got = figures(rows)
    assert got["CH_MONITORED"][0] == monitored
    assert got["CH_LABOUR"][0] == labour
    assert got["CH_SERVED_PCT"][:2] == identified_served
    assert got["CH_OUT_OF_LABOUR_PCT"][:2] == out_of_labour
    assert got["AL_RECEIVED"][0] == alerts


def test_rejected_submissions_never_count(world: World, territory: MiniTerritory) -> None:
    codes = ["HH_MONITORED", "CH_MONITORED", "CH_HAZARDOUS", "AL_RECEIVED"]
    before = figures(compute(unit=territory.pays, level=Level.PAYS, period=YEAR, indicators=codes))
    # With the rejection lifted, Faux's household and Rose count, Awa's machete visit of 01/09 is her latest (she
    # becomes hazardous, as does Rose), and alert F counts.
    Submission.objects.filter(pk=world.rejected.pk).update(review=Submission.Review.APPROVED)
    after = figures(compute(unit=territory.pays, level=Level.PAYS, period=YEAR, indicators=codes))
    assert {k: v[0] for k, v in before.items()} == {
        "HH_MONITORED": 4,
        "CH_MONITORED": 8,
        "CH_HAZARDOUS": 1,
        "AL_RECEIVED": 4,
    }
    assert {k: v[0] for k, v in after.items()} == {
        "HH_MONITORED": 5,
        "CH_MONITORED": 9,
        "CH_HAZARDOUS": 3,
        "AL_RECEIVED": 5,
    }
    assert Household.objects.filter(submission=world.rejected).exists()


def test_a_few_queries_whatever_the_size(world: World, territory: MiniTerritory) -> None:
    with CaptureQueriesContext(connection) as queries:
        rows = compute(
            unit=territory.pays, level=Level.LOCALITE, period=YEAR, dimensions=["sex", "age_band", "category"]
        )
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    # One per base (children, households, alerts, referrals; committees, trainees, sessions, people reached,
    # partners' actions, beneficiaries, amounts), two for the plans (planned, executed) and one for the sub-units;
    # no query per child.
    assert len(selects) == 4 + 7 + 2 + 1
    assert {r.indicator for r in rows} == {i.code for i in INDICATORS}


def test_requests_that_cannot_be_computed(territory: MiniTerritory) -> None:
    with pytest.raises(IndicatorRequestError, match="au-dessus"):
        compute(unit=territory.sp1, level=Level.REGION, period=YEAR)
    with pytest.raises(IndicatorRequestError, match="inconnu"):
        compute(unit=territory.pays, period=YEAR, indicators=["NOPE"])
    with pytest.raises(IndicatorRequestError, match="Ventilation inconnue"):
        compute(unit=territory.pays, period=YEAR, dimensions=["colour"])


def test_a_unit_at_its_own_level_has_one_row_per_cell(world: World, territory: MiniTerritory) -> None:
    rows = compute(unit=territory.l1, period=YEAR, indicators=["CH_MONITORED"])
    # A localité has no sub-unit: its own row only. Badayo: Awa, Bakary, Chantal, Djeneba = 4.
    assert [(r.unit, r.parent, r.numerator) for r in rows] == [("CI260401001", None, 4)]
