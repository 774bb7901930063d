"""A hand-built coordination dataset (committees, meetings, trainings, awareness sessions, outil 4 reports) whose
indicators are worked out by hand in test_coordination.py.

Committees (is_active unless said; act dates before 2026 unless said):
- CIM and CNLTP (national, the pays): a joint meeting held 10/03/2026; the CNLTP trained on 01/06/2025.
- Nawa (région R1): no meeting; trained 01/02/2026 (8 men, 2 women).
- Soubré (département DEP1): a meeting held 01/04/2026, another planned on 20/12/2026.
- Soubre (sous-préfecture SP1): its meeting of 05/05/2026 was cancelled; trained 01/07/2026 (3 men, 6 women).
- Badayo (village L1): a meeting held 15/12/2025 only.
- Galéa 1 (village L2): dissolved (inactive), though it met on 01/06/2026.
- Natiokobadara (village L3): a meeting held 01/08/2026; trained 15/08/2026 (4 men, 1 woman).
- Korhogo (département DEP2): founded by an act of 01/05/2026; a meeting held 10/06/2026.

Awareness sessions: S1 L1 08/03/2026 child labour (10 men, 12 women, 3 boys, 4 girls); S2 L1 12/06/2026
trafficking (5, 5, 0, 2); S3 L3 01/09/2026 schooling (0, 20, 6, 9); S4 L2 04/04/2026 from a rejected submission
(50 men); S5 L2 30/11/2025 (7 men).

Outil 4: report A (the team's structure, Q1 2026): E1 L1 school kits (10 boys and 12 girls of 5-11, 1,500,000 FCFA),
E2 L3 awareness (20 men, 25 women, 3 girls of 15-17, 250,000 FCFA); report B (another NGO, Q2 2026): E3 L2 birth
certificates (4 boys and 6 girls of 12-14, 300,000 FCFA); report C (another NGO, 01/10/2025-31/03/2026, across the
years): E4 L1 school kits (100 boys, 9,000,000 FCFA); report D (Q3 2026) from a rejected submission: E5 L1 training
(30 men, 700,000 FCFA).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sosteci.coordination.models import AwarenessTheme, Committee, CommitteeLevel, EffortType, Meeting, NationalBody
from tests.conftest import MiniTerritory, Team
from tests.coordination.factories import (
    CommitteeFactory,
    EffortFactory,
    MeetingFactory,
    ReportFactory,
    SessionFactory,
    TrainingFactory,
)
from tests.factories import StructureFactory
from tests.indicators.conftest import rejected_submission


@dataclass
class CoordinationWorld:
    committees: dict[str, Committee]


def _committee(level: str, unit, name: str, body: str = "", **extra) -> Committee:
    return CommitteeFactory.create(
        level=level, admin_unit=unit, name=name, national_body=body, act_date=date(2019, 6, 1), **extra
    )


def build_coordination(team: Team, territory: MiniTerritory) -> CoordinationWorld:
    t = territory
    c = {
        "cim": _committee(CommitteeLevel.NATIONAL, t.pays, "CIM", NationalBody.CIM),
        "cnltp": _committee(CommitteeLevel.NATIONAL, t.pays, "CNLTP", NationalBody.CNLTP),
        "nawa": _committee(CommitteeLevel.REGION, t.r1, "Comité régional de la Nawa"),
        "soubre_dep": _committee(CommitteeLevel.DEPARTEMENT, t.dep1, "Comité départemental de Soubré"),
        "soubre_sp": _committee(CommitteeLevel.SOUS_PREFECTURE, t.sp1, "Comité sous-préfectoral de Soubre"),
        "badayo": _committee(CommitteeLevel.VILLAGE, t.l1, "Comité villageois de Badayo"),
        "galea": _committee(CommitteeLevel.VILLAGE, t.l2, "Comité villageois de Galéa 1", is_active=False),
        "natio": _committee(CommitteeLevel.VILLAGE, t.l3, "Comité villageois de Natiokobadara"),
    }
    c["korhogo"] = CommitteeFactory.create(
        level=CommitteeLevel.DEPARTEMENT,
        admin_unit=t.dep2,
        name="Comité départemental de Korhogo",
        act_date=date(2026, 5, 1),
    )
    held, planned, cancelled = Meeting.Status.HELD, Meeting.Status.PLANNED, Meeting.Status.CANCELLED
    MeetingFactory.create(held_on=date(2026, 3, 10), status=held, committees=[c["cim"], c["cnltp"]])
    MeetingFactory.create(held_on=date(2026, 4, 1), status=held, committees=[c["soubre_dep"]])
    MeetingFactory.create(held_on=date(2026, 12, 20), status=planned, committees=[c["soubre_dep"], c["nawa"]])
    MeetingFactory.create(held_on=date(2026, 5, 5), status=cancelled, committees=[c["soubre_sp"]])
    MeetingFactory.create(held_on=date(2025, 12, 15), status=held, committees=[c["badayo"]])
    MeetingFactory.create(held_on=date(2026, 6, 1), status=held, committees=[c["galea"]])
    MeetingFactory.create(held_on=date(2026, 8, 1), status=held, committees=[c["natio"]])
    MeetingFactory.create(held_on=date(2026, 6, 10), status=held, committees=[c["korhogo"]])

    TrainingFactory.create(committee=c["cnltp"], held_on=date(2025, 6, 1), participants_men=6, participants_women=6)
    TrainingFactory.create(committee=c["nawa"], held_on=date(2026, 2, 1), participants_men=8, participants_women=2)
    TrainingFactory.create(committee=c["soubre_sp"], held_on=date(2026, 7, 1), participants_men=3, participants_women=6)
    TrainingFactory.create(committee=c["natio"], held_on=date(2026, 8, 15), participants_men=4, participants_women=1)

    rejected = rejected_submission(team, t.l2, "uuid:rejected-coordination")
    theme = AwarenessTheme
    SessionFactory.create(
        locality=t.l1, held_on=date(2026, 3, 8), theme=theme.CHILD_LABOUR, men=10, women=12, boys=3, girls=4
    )
    SessionFactory.create(
        locality=t.l1, held_on=date(2026, 6, 12), theme=theme.TRAFFICKING, men=5, women=5, boys=0, girls=2
    )
    SessionFactory.create(
        locality=t.l3, held_on=date(2026, 9, 1), theme=theme.SCHOOLING, men=0, women=20, boys=6, girls=9
    )
    SessionFactory.create(
        locality=t.l2,
        held_on=date(2026, 4, 4),
        theme=theme.CHILD_LABOUR,
        men=50,
        women=0,
        boys=0,
        girls=0,
        submission=rejected,
    )
    SessionFactory.create(
        locality=t.l2, held_on=date(2025, 11, 30), theme=theme.CHILD_LABOUR, men=7, women=0, boys=0, girls=0
    )

    other = StructureFactory(name="ONG de la Nawa", admin_unit=t.r1)
    zero = {"boys_5_11": 0, "girls_5_11": 0}
    a = ReportFactory.create(
        structure=team.structure, zone=t.pays, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31)
    )
    EffortFactory.create(
        report=a,
        locality=t.l1,
        activity_type=EffortType.SCHOOL_KITS,
        boys_5_11=10,
        girls_5_11=12,
        amount_spent=1_500_000,
    )
    EffortFactory.create(
        report=a,
        locality=t.l3,
        activity_type=EffortType.AWARENESS,
        **zero,
        adult_men=20,
        adult_women=25,
        girls_15_17=3,
        amount_spent=250_000,
    )
    b = ReportFactory.create(structure=other, zone=t.sp1, period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    EffortFactory.create(
        report=b,
        locality=t.l2,
        activity_type=EffortType.BIRTH_CERTIFICATES,
        **zero,
        boys_12_14=4,
        girls_12_14=6,
        amount_spent=300_000,
    )
    r_c = ReportFactory.create(structure=other, zone=t.l1, period_start=date(2025, 10, 1), period_end=date(2026, 3, 31))
    EffortFactory.create(
        report=r_c,
        locality=t.l1,
        activity_type=EffortType.SCHOOL_KITS,
        boys_5_11=100,
        girls_5_11=0,
        amount_spent=9_000_000,
    )
    d = ReportFactory.create(
        structure=team.structure,
        zone=t.l1,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        submission=rejected,
    )
    EffortFactory.create(
        report=d, locality=t.l1, activity_type=EffortType.TRAINING, **zero, adult_men=30, amount_spent=700_000
    )
    return CoordinationWorld(committees=c)
