"""Indicator fixtures: a small register, its cases, referrals and alerts, built through the services, whose every
indicator is worked out by hand in the tests.

Who is where (ages at the visit; R1 = Nawa: L1 Badayo and L2 Galéa 1; R2 = Poro: L3 Natiokobadara):

- Awa (L1, household Kone, F): 10/02 cacao (child labour); follow-ups 10/05 and 10/08, no work, at school.
  Latest in 2026: not working, 10, at school.
- Bakary (L1, Kone, M): 15/03 machete (hazardous), not at school. Latest: hazardous, 13.
- Chantal (L1, Yao, F): 01/04 cacao 10 h at 16 (permitted). Latest: permitted, 16, declared enrolled.
- Djeneba (L1, Yao, F): 01/03 no work, not at school (at risk). Latest: at risk, 9.
- Eric (L1, Bamba, M): visited on 01/06/2025 only. Not monitored in 2026.
- Fatou (L2, Traore, F): 01/11/2025 cacao at 13 (child labour); follow-up 20/01, no work. Latest: not working, 14.
- Gaston (L2, Traore, M): 01/06 cacao 30 h, brought by a third party (worst forms), at school. Latest: worst, 10.
- Kadi (L3, Coulibaly, F): 01/02 no work, at school. Latest: not working, 17.
- Lassina (L3, Coulibaly, M): 01/10 cacao at 12, not at school (child labour). Latest: child labour, 12.

Not counted: household H5 in L2 (its submission was rejected: Rose, a hazardous visit), and a visit of Awa on 01/09
(machete) from a rejected submission. Services: Awa a school kit on 01/03; Lassina a school kit on 05/10 through an
accepted referral. Referrals: Lassina school kit (accepted, then delivered) 02/10; Awa psychosocial (declined) 05/03;
Bakary shelter (pending) 01/04. Alerts (computed as at 21/11/2026 12:00): A green line L1 01/03 triaged the next day
(in time), B green line L3 01/03 triaged 10/03 (late), C police L1 01/05 never triaged (late), D community relay L2
20/11 10:00 not yet due, E police L1 31/12/2025 (another year), F green line L1 from a rejected submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from sosteci.cases import services as cases
from sosteci.cases.models import Alert, Case, Referral
from sosteci.collect.models import Submission
from sosteci.directory.models import Structure
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import Child
from sosteci.registry.services import household_register, visit_record
from tests.conftest import MiniTerritory, Team
from tests.registry.conftest import child_input, household_input

AS_OF = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # Africa/Abidjan is UTC all year


@dataclass
class World:
    children: dict[str, Child]
    referrals: dict[str, Referral]
    alerts: dict[str, Alert]
    rejected: Submission


def rejected_submission(team: Team, locality, instance: str) -> Submission:
    return Submission.objects.create(
        instance_id=instance,
        form_id="sosteci_visite_menage",
        submitted_by=team.agent,
        xml="<data/>",
        sha256="0" * 64,
        locality=locality,
        review=Submission.Review.REJECTED,
    )


def _household(by, locality, head: str, kids: list[tuple[str, str, date]], submission=None) -> list[Child]:
    household = household_register(
        by=by,
        locality=locality,
        household=household_input(head_family_name=head),
        children=[child_input(head.upper(), given, sex=sex, date_of_birth=born) for given, sex, born in kids],
        submission=submission,
    )
    by_name = {child.given_names: child for child in household.children.all()}
    return [by_name[given] for given, _sex, _born in kids]


def visit(by, child: Child, day: date, kind: str = "household", submission=None, **observed) -> None:
    visit_record(by=by, child=child, data=VisitInput(visited_on=day, kind=kind, **observed), submission=submission)


CACAO = [{"code": "CACAO", "hours": 5}]


def _plan(case: Case, by) -> Case:
    case = cases.case_transition(by=by, case=case, name="assess", version=case.version, text="Évaluation.")
    return cases.case_transition(by=by, case=case, name="plan", version=case.version, text="Plan.")


def _refer(case: Case, by, structure: Structure, service: str, on: datetime) -> Referral:
    case.refresh_from_db()
    referral = cases.referral_create(
        by=by,
        case=case,
        version=case.version,
        structure=structure,
        service=service,
        consent_child=True,
        consent_guardian=True,
    )
    Referral.objects.filter(pk=referral.pk).update(referred_at=on)
    return referral


# Each role of the team -> (its jurisdiction's P-code, whether figures under 5 are suppressed for it).
ROLE_SCOPES: dict[str, tuple[str, bool]] = {
    "admin": ("CI", True),
    "admin_r1": ("CI26", True),
    "analyste": ("CI", False),
    "operateur": ("CI", True),
    "pointfocal": ("CI2604", False),
    "superviseur": ("CI260401", False),
    "agent": ("CI260401001", False),
    "prestataire": ("CI2604", True),
    "partenaire": ("CI26", True),
}


@pytest.fixture
def world(team: Team, territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch) -> World:
    # The register is built as on the day the figures are computed: ages are checked against "today" (Kadi, born
    # 1 December 2008, may be registered until she turns 18).
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF.date())
        return build_world(team, territory)


def build_world(team: Team, territory: MiniTerritory) -> World:
    t = territory
    Structure.objects.filter(pk=team.structure.pk).update(
        services=["school_kit", "shelter", "psychosocial"], capacity=10, places_free=5
    )
    centre = Structure.objects.get(pk=team.structure.pk)
    centre.coverage.add(t.dep2)  # it also takes children of Korhogo (Lassina)
    rejected = rejected_submission(team, t.l2, "uuid:rejected")
    agent, supervisor, agent3 = team.agent, team.superviseur, team.agent_sp2

    awa, bakary = _household(agent, t.l1, "Kone", [("Awa", "F", date(2016, 1, 1)), ("Bakary", "M", date(2013, 1, 1))])
    chantal, djeneba = _household(
        agent, t.l1, "Yao", [("Chantal", "F", date(2010, 1, 1)), ("Djeneba", "F", date(2016, 6, 1))]
    )
    (eric,) = _household(agent, t.l1, "Bamba", [("Eric", "M", date(2016, 1, 1))])
    fatou, gaston = _household(
        supervisor, t.l2, "Traore", [("Fatou", "F", date(2012, 1, 1)), ("Gaston", "M", date(2016, 1, 1))]
    )
    (rose,) = _household(supervisor, t.l2, "Faux", [("Rose", "F", date(2012, 1, 1))], submission=rejected)
    kadi, lassina = _household(
        agent3, t.l3, "Coulibaly", [("Kadi", "F", date(2008, 12, 1)), ("Lassina", "M", date(2014, 1, 1))]
    )

    # Awa: identified in February, a school kit, a referral declined, two follow-ups out of work.
    visit(agent, awa, date(2026, 2, 10), activities=CACAO, attends_school=True)
    awa_case = _plan(Case.objects.get(child=awa), agent)
    cases.service_record(by=agent, case=awa_case, service="school_kit", delivered_on=date(2026, 3, 1))
    declined = _refer(awa_case, agent, centre, "psychosocial", datetime(2026, 3, 5, 9, tzinfo=UTC))
    cases.referral_respond(by=team.prestataire, referral=declined, accept=False, note="Pas de place adaptée.")
    visit(agent, awa, date(2026, 5, 10), kind="follow_up", attends_school=True)
    visit(agent, awa, date(2026, 8, 10), kind="follow_up", attends_school=True)
    visit(agent, awa, date(2026, 9, 1), activities=CACAO, hazardous_tasks=["H_MACHETTE"], submission=rejected)

    visit(agent, bakary, date(2026, 3, 15), activities=CACAO, hazardous_tasks=["H_MACHETTE"], attends_school=False)
    pending = _refer(
        _plan(Case.objects.get(child=bakary), agent), agent, centre, "shelter", datetime(2026, 4, 1, tzinfo=UTC)
    )
    visit(agent, chantal, date(2026, 4, 1), activities=[{"code": "CACAO", "hours": 10}])
    visit(agent, djeneba, date(2026, 3, 1), attends_school=False)
    visit(agent, eric, date(2025, 6, 1), attends_school=True)

    visit(supervisor, fatou, date(2025, 11, 1), activities=CACAO, attends_school=True)
    visit(supervisor, fatou, date(2026, 1, 20), kind="follow_up", attends_school=True)
    visit(
        supervisor,
        gaston,
        date(2026, 6, 1),
        activities=[{"code": "CACAO", "hours": 30}],
        indicators=["T_DEPLACE_TIERS"],
        attends_school=True,
    )
    visit(supervisor, rose, date(2026, 6, 1), activities=CACAO, hazardous_tasks=["H_MACHETTE"])

    visit(agent3, kadi, date(2026, 2, 1), attends_school=True)
    visit(agent3, lassina, date(2026, 10, 1), activities=CACAO, attends_school=False)
    lassina_case = _plan(Case.objects.get(child=lassina), agent3)
    accepted = _refer(lassina_case, agent3, centre, "school_kit", datetime(2026, 10, 2, tzinfo=UTC))
    accepted = cases.referral_respond(by=team.prestataire, referral=accepted, accept=True)
    cases.service_record(
        by=team.prestataire, case=lassina_case, service="school_kit", delivered_on=date(2026, 10, 5), referral=accepted
    )

    def alert(name: str, source: str, where, received: datetime, triaged: datetime | None = None, **extra) -> Alert:
        data = cases.AlertInput(source=source, situation="child_labour", locality=where, description=f"Alerte {name}")
        made = cases.alert_create(by=team.operateur, data=data, received_at=received, **extra)
        if triaged is not None:
            cases.alert_triage(by=team.operateur, alert=made, decision="dismiss", note="Déjà suivi.")
            Alert.objects.filter(pk=made.pk).update(triaged_at=triaged)
        made.refresh_from_db()
        return made

    alerts = {
        "A": alert("A", "green_line", t.l1, datetime(2026, 3, 1, 8, tzinfo=UTC), datetime(2026, 3, 2, 8, tzinfo=UTC)),
        "B": alert("B", "green_line", t.l3, datetime(2026, 3, 1, 8, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC)),
        "C": alert("C", "police", t.l1, datetime(2026, 5, 1, tzinfo=UTC)),
        "D": alert("D", "community_relay", t.l2, datetime(2026, 11, 20, 10, tzinfo=UTC)),
        "E": alert("E", "police", t.l1, datetime(2025, 12, 31, 23, 30, tzinfo=UTC)),
        "F": alert("F", "green_line", t.l1, datetime(2026, 4, 1, tzinfo=UTC), submission=rejected),
    }
    return World(
        children={c.given_names: c for c in (awa, bakary, chantal, djeneba, eric, fatou, gaston, rose, kadi, lassina)},
        referrals={"accepted": accepted, "declined": declined, "pending": pending},
        alerts=alerts,
        rejected=rejected,
    )


__all__ = ["AS_OF", "World", "rejected_submission"]
