"""Due-diligence fixtures: a register of 16 children built through the services, two companies and a cooperative.

Everything in 2026 (ages 10, born 1 January 2016; "cacao" 5 h a week at 10 is child labour):
- Badayo (L1): A1, A2, A3 in child labour (01/02), A4, A5, A6 not working — A4-A6's household belongs to the
  cooperative. A1 and A2 receive a school kit (01/03); A1 has a follow-up visit (01/06), no work: out of labour.
  Latest visits: A2, A3 in child labour. Identified 3, served 2, followed 1, out 1.
- Galéa 1 (L2): B1 in child labour, B2 not working.
- Natiokobadara (L3): C1, C2 in child labour, C3, C4, C5 not working, household of the cooperative; D1 in child
  labour, in no cooperative.
Company A declares Badayo, Galéa 1 and the cooperative: 13 children (L1 6, L2 2, members elsewhere 5), 5 in child
labour, 6 identified, 2 served, 1 followed, 1 out. Company B declares Natiokobadara.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import pytest

from sosteci.access.models import User
from sosteci.access.roles import Role
from sosteci.cases import services as cases
from sosteci.cases.models import Case
from sosteci.directory.models import Structure, StructureKind
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import Child, Cooperative
from sosteci.registry.services import household_register, visit_record
from tests.conftest import MiniTerritory, Team
from tests.factories import StructureFactory, UserFactory
from tests.registry.conftest import child_input, household_input

CACAO = [{"code": "CACAO", "hours": 5}]
BORN = date(2016, 1, 1)


@dataclass
class Sourcing:
    company_a: Structure
    company_b: Structure
    cooperative: Structure
    buyer_a: User
    buyer_b: User
    ngo_partner: User
    children: dict[str, Child]


def _household(by, locality, head: str, names: list[str], cooperative: Cooperative | None = None) -> list[Child]:
    household = household_register(
        by=by,
        locality=locality,
        household=household_input(head_family_name=head, cooperative_id=cooperative.pk if cooperative else None),
        children=[
            child_input(head.upper(), name, sex="F" if i % 2 else "M", date_of_birth=BORN)
            for i, name in enumerate(names)
        ],
    )
    found = {c.given_names: c for c in household.children.all()}
    return [found[name] for name in names]


def _visit(by, child: Child, day: date, labour: bool = False, kind: str = "household") -> None:
    visit_record(
        by=by,
        child=child,
        data=VisitInput(visited_on=day, kind=kind, activities=CACAO if labour else [], attends_school=True),
    )


@pytest.fixture
def sourcing(team: Team, territory: MiniTerritory) -> Sourcing:
    t = territory
    coop = cast(
        Structure, StructureFactory(name="Coopérative Cacao Nawa", kind=StructureKind.COOPERATIVE, admin_unit=t.sp1)
    )
    registry_coop = Cooperative.objects.create(name="SCOOP Nawa", admin_unit=t.sp1, structure=coop)
    company_a = StructureFactory(name="Chocolat A", kind=StructureKind.COMPANY, admin_unit=t.pays)
    company_b = StructureFactory(name="Négoce B", kind=StructureKind.COMPANY, admin_unit=t.pays)
    agent, supervisor, agent3 = team.agent, team.superviseur, team.agent_sp2
    a1, a2, a3 = _household(agent, t.l1, "Kone", ["A1", "A2", "A3"])
    a4, a5, a6 = _household(agent, t.l1, "Yao", ["A4", "A5", "A6"], registry_coop)
    b1, b2 = _household(supervisor, t.l2, "Traore", ["B1", "B2"])
    c1, c2, c3, c4, c5 = _household(agent3, t.l3, "Coulibaly", ["C1", "C2", "C3", "C4", "C5"], registry_coop)
    (d1,) = _household(agent3, t.l3, "Ouattara", ["D1"])
    collector = {t.l1.pk: agent, t.l2.pk: supervisor, t.l3.pk: agent3}
    for child in (a1, a2, a3, b1, c1, c2, d1):
        _visit(collector[child.locality_id], child, date(2026, 2, 1), labour=True)
    for child in (a4, a5, a6):
        _visit(agent, child, date(2026, 2, 1))
    _visit(supervisor, b2, date(2026, 2, 1))
    for child in (c3, c4, c5):
        _visit(agent3, child, date(2026, 2, 1))
    for child in (a1, a2):
        case = Case.objects.get(child=child)
        case = cases.case_transition(by=agent, case=case, name="assess", version=case.version, text="Évaluation.")
        case = cases.case_transition(by=agent, case=case, name="plan", version=case.version, text="Plan.")
        cases.service_record(by=agent, case=case, service="school_kit", delivered_on=date(2026, 3, 1))
    _visit(agent, a1, date(2026, 6, 1), kind="follow_up")
    buyer_a = UserFactory(username="acheteur_a", role=Role.PARTENAIRE, jurisdiction=t.pays, structure=company_a)
    buyer_b = UserFactory(username="acheteur_b", role=Role.PARTENAIRE, jurisdiction=t.pays, structure=company_b)
    children = {c.given_names: c for c in Child.objects.all()}
    return Sourcing(company_a, company_b, coop, buyer_a, buyer_b, team.partenaire, children)
