"""The coordination indicators on the hand-built dataset of coordination_world.py equal the figures worked out by
hand: committees set up, active and trained, members trained, awareness sessions and people reached, partners'
actions, beneficiaries and amounts; rejected and invalid rows never count."""

from __future__ import annotations

import pytest

from sosteci.indicators.computing import Row, compute
from sosteci.indicators.periods import parse_period
from sosteci.territory.models import Level
from tests.conftest import MiniTerritory, Team
from tests.indicators.coordination_world import CoordinationWorld, build_coordination

pytestmark = pytest.mark.django_db
YEAR = parse_period("2026")
Q1 = parse_period("2026Q1")
COMMITTEES = ["COM_SET_UP", "COM_ACTIVE", "COM_ACTIVE_PCT", "COM_TRAINED", "COM_TRAINED_PCT", "COM_MEMBERS_TRAINED"]
AWARENESS = ["AW_SESSIONS", "AW_REACHED"]
EFFORTS = ["EF_ACTIVITIES", "EF_BENEFICIARIES", "EF_AMOUNT"]


@pytest.fixture
def coordination(team: Team, territory: MiniTerritory) -> CoordinationWorld:
    return build_coordination(team, territory)


def figures(rows: list[Row], unit: str = "CI", **coords) -> dict[str, tuple]:
    wanted = {"sex": None, "age_band": None, "category": None, **coords}
    return {
        r.indicator: (r.numerator, r.denominator, r.value)
        for r in rows
        if r.unit == unit and all(getattr(r, k) == v for k, v in wanted.items())
    }


def test_committees_nationally_in_2026(coordination: CoordinationWorld, territory: MiniTerritory) -> None:
    rows = compute(unit=territory.pays, level=Level.REGION, period=YEAR, indicators=COMMITTEES)
    assert figures(rows) == {
        # Set up: CIM, CNLTP, Nawa, Soubré, Soubre, Badayo, Natiokobadara, Korhogo (founded 01/05) = 8; Galéa 1 is
        # dissolved.
        "COM_SET_UP": (8, None, 8.0),
        # Met in 2026: CIM and CNLTP (joint, 10/03), Soubré (01/04), Natiokobadara (01/08), Korhogo (10/06) = 5;
        # Soubre's meeting was cancelled, Badayo's was in 2025, Soubré's December meeting is only planned.
        "COM_ACTIVE": (5, None, 5.0),
        "COM_ACTIVE_PCT": (5, 8, 62.5),
        # Trained by 31/12/2026: CNLTP (2025), Nawa, Soubre, Natiokobadara = 4; 4/8 = 50 %.
        "COM_TRAINED": (4, None, 4.0),
        "COM_TRAINED_PCT": (4, 8, 50.0),
        # Participants in 2026: Nawa 8 + 2, Soubre 3 + 6, Natiokobadara 4 + 1 = 24 (the CNLTP's was in 2025).
        "COM_MEMBERS_TRAINED": (24, None, 24.0),
    }
    # Nawa: its own committee, Soubré, Soubre, Badayo = 4; active: Soubré = 1; trained: Nawa, Soubre = 2.
    assert figures(rows, "CI26") == {
        "COM_SET_UP": (4, None, 4.0),
        "COM_ACTIVE": (1, None, 1.0),
        "COM_ACTIVE_PCT": (1, 4, 25.0),
        "COM_TRAINED": (2, None, 2.0),
        "COM_TRAINED_PCT": (2, 4, 50.0),
        "COM_MEMBERS_TRAINED": (19, None, 19.0),
    }
    # Poro: Natiokobadara and Korhogo, both active, Natiokobadara trained.
    assert figures(rows, "CI27")["COM_ACTIVE_PCT"] == (2, 2, 100.0)
    assert figures(rows, "CI27")["COM_TRAINED_PCT"] == (1, 2, 50.0)
    # The national committees sit in no région: the country's 8 = Nawa's 4 + Poro's 2 + CIM and CNLTP.


def test_committees_by_level_and_members_by_sex(coordination: CoordinationWorld, territory: MiniTerritory) -> None:
    rows = compute(
        unit=territory.pays, level=Level.PAYS, period=YEAR, indicators=COMMITTEES, dimensions=["sex", "category"]
    )
    set_up = {r.category: r.numerator for r in rows if r.indicator == "COM_SET_UP" and r.category}
    assert set_up == {
        "village": 2,  # Badayo, Natiokobadara
        "sous_prefecture": 1,
        "departement": 2,  # Soubré, Korhogo
        "task_force": 0,
        "region": 1,
        "national": 2,
    }
    trained = {(r.sex, r.category): r.numerator for r in rows if r.indicator == "COM_MEMBERS_TRAINED" and r.numerator}
    # Men 8 + 3 + 4 = 15, women 2 + 6 + 1 = 9; by level: région 10, sous-préfecture 9, village 5.
    assert trained[("M", None)] == 15 and trained[("F", None)] == 9
    assert trained[(None, "region")] == 10 and trained[(None, "sous_prefecture")] == 9
    assert trained[(None, "village")] == 5 and trained[("M", "village")] == 4


def test_committees_in_the_first_quarter(coordination: CoordinationWorld, territory: MiniTerritory) -> None:
    rows = compute(unit=territory.pays, level=Level.PAYS, period=Q1, indicators=COMMITTEES)
    # Korhogo was founded on 01/05: 7 set up; met in Q1: CIM, CNLTP = 2; trained by 31/03: CNLTP, Nawa = 2;
    # participants in Q1: Nawa's 10.
    assert figures(rows) == {
        "COM_SET_UP": (7, None, 7.0),
        "COM_ACTIVE": (2, None, 2.0),
        "COM_ACTIVE_PCT": (2, 7, 28.6),
        "COM_TRAINED": (2, None, 2.0),
        "COM_TRAINED_PCT": (2, 7, 28.6),
        "COM_MEMBERS_TRAINED": (10, None, 10.0),
    }


def test_a_committee_above_the_level_counts_in_the_unit_shown(
    coordination: CoordinationWorld, territory: MiniTerritory
) -> None:
    rows = compute(
        unit=territory.sp1, level=Level.LOCALITE, period=YEAR, indicators=["COM_SET_UP", "COM_MEMBERS_TRAINED"]
    )
    # Soubre: its own committee and Badayo's = 2; Badayo 1; Galéa 1 none (dissolved). Soubre's training (9) sits at
    # the sous-préfecture, not in a locality.
    assert figures(rows, "CI260401") == {"COM_SET_UP": (2, None, 2.0), "COM_MEMBERS_TRAINED": (9, None, 9.0)}
    assert figures(rows, "CI260401001") == {"COM_SET_UP": (1, None, 1.0), "COM_MEMBERS_TRAINED": (0, None, 0.0)}
    assert figures(rows, "CI260401002") == {"COM_SET_UP": (0, None, 0.0), "COM_MEMBERS_TRAINED": (0, None, 0.0)}
    # A supervisor's sous-préfecture seen from its département: the départemental committee is the département's.
    dep = compute(unit=territory.dep1, level=Level.SOUS_PREFECTURE, period=YEAR, indicators=["COM_SET_UP"])
    assert figures(dep, "CI2604") == {"COM_SET_UP": (3, None, 3.0)}
    assert figures(dep, "CI260401") == {"COM_SET_UP": (2, None, 2.0)}


def test_awareness_in_2026(coordination: CoordinationWorld, territory: MiniTerritory) -> None:
    rows = compute(
        unit=territory.pays,
        level=Level.REGION,
        period=YEAR,
        indicators=AWARENESS,
        dimensions=["sex", "age_band", "category"],
    )
    # S1, S2, S3 = 3 (S4 came from a rejected submission, S5 was held in 2025); 29 + 12 + 35 = 76 people.
    assert figures(rows) == {"AW_SESSIONS": (3, None, 3.0), "AW_REACHED": (76, None, 76.0)}
    # Nawa: S1 and S2, 41 people; Poro: S3, 35.
    assert figures(rows, "CI26") == {"AW_SESSIONS": (2, None, 2.0), "AW_REACHED": (41, None, 41.0)}
    assert figures(rows, "CI27") == {"AW_SESSIONS": (1, None, 1.0), "AW_REACHED": (35, None, 35.0)}
    # Men and boys: 10 + 5 + 0 + 3 + 0 + 6 = 24; women and girls: 12 + 5 + 20 + 4 + 2 + 9 = 52.
    assert figures(rows, sex="M")["AW_REACHED"][0] == 24
    assert figures(rows, sex="F")["AW_REACHED"][0] == 52
    # Adults: 10 + 12 + 5 + 5 + 0 + 20 = 52; children: 3 + 4 + 0 + 2 + 6 + 9 = 24; girls: 4 + 2 + 9 = 15.
    assert figures(rows, age_band="18+")["AW_REACHED"][0] == 52
    assert figures(rows, age_band="0-17")["AW_REACHED"][0] == 24
    assert figures(rows, sex="F", age_band="0-17")["AW_REACHED"][0] == 15
    # By theme: child labour S1 (29), trafficking S2 (12), schooling S3 (35).
    assert figures(rows, category="child_labour") == {"AW_SESSIONS": (1, None, 1.0), "AW_REACHED": (29, None, 29.0)}
    assert figures(rows, category="schooling")["AW_REACHED"][0] == 35
    assert figures(rows, category="other") == {"AW_SESSIONS": (0, None, 0.0), "AW_REACHED": (0, None, 0.0)}


def test_partners_efforts_in_2026(coordination: CoordinationWorld, territory: MiniTerritory) -> None:
    rows = compute(
        unit=territory.pays,
        level=Level.REGION,
        period=YEAR,
        indicators=EFFORTS,
        dimensions=["sex", "age_band", "category"],
    )
    # E1, E2 (report A), E3 (report B) = 3; report C spans 2025 and 2026, report D came from a rejected submission.
    # Beneficiaries 22 + 48 + 10 = 80; 1,500,000 + 250,000 + 300,000 = 2,050,000 FCFA.
    assert figures(rows) == {
        "EF_ACTIVITIES": (3, None, 3.0),
        "EF_BENEFICIARIES": (80, None, 80.0),
        "EF_AMOUNT": (2_050_000, None, 2_050_000.0),
    }
    # Nawa: E1 (L1) and E3 (L2); Poro: E2 (L3).
    assert figures(rows, "CI26") == {
        "EF_ACTIVITIES": (2, None, 2.0),
        "EF_BENEFICIARIES": (32, None, 32.0),
        "EF_AMOUNT": (1_800_000, None, 1_800_000.0),
    }
    assert figures(rows, "CI27")["EF_BENEFICIARIES"][0] == 48
    # Boys 10 + 20 men + 4 = 34; girls and women 12 + 25 + 3 + 6 = 46.
    assert figures(rows, sex="M")["EF_BENEFICIARIES"][0] == 34
    assert figures(rows, sex="F")["EF_BENEFICIARIES"][0] == 46
    bands = {b: figures(rows, age_band=b)["EF_BENEFICIARIES"][0] for b in ("5-11", "12-14", "15-17", "18+")}
    assert bands == {"5-11": 22, "12-14": 10, "15-17": 3, "18+": 45}
    assert figures(rows, category="school_kits")["EF_AMOUNT"][0] == 1_500_000
    assert figures(rows, category="training")["EF_ACTIVITIES"][0] == 0  # E5 was rejected


def test_partners_efforts_by_quarter_and_locality(coordination: CoordinationWorld, territory: MiniTerritory) -> None:
    q1 = compute(unit=territory.pays, level=Level.PAYS, period=Q1, indicators=EFFORTS)
    # Only report A lies within Q1 (report C began in 2025): E1 and E2.
    assert figures(q1) == {
        "EF_ACTIVITIES": (2, None, 2.0),
        "EF_BENEFICIARIES": (70, None, 70.0),
        "EF_AMOUNT": (1_750_000, None, 1_750_000.0),
    }
    # A month holds no quarterly report.
    assert figures(
        compute(unit=territory.pays, level=Level.PAYS, period=parse_period("202602"), indicators=EFFORTS)
    ) == {
        "EF_ACTIVITIES": (0, None, 0.0),
        "EF_BENEFICIARIES": (0, None, 0.0),
        "EF_AMOUNT": (0, None, 0.0),
    }
    localities = compute(unit=territory.sp1, level=Level.LOCALITE, period=YEAR, indicators=["EF_AMOUNT"])
    assert figures(localities, "CI260401001")["EF_AMOUNT"][0] == 1_500_000
    assert figures(localities, "CI260401002")["EF_AMOUNT"][0] == 300_000
    assert figures(localities, "CI260401")["EF_AMOUNT"][0] == 1_800_000
