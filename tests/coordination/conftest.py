"""Coordination fixtures: committees at every level of the mini territory, CIM and CNLTP staff, a second NGO."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sosteci.access.models import User
from sosteci.access.roles import Role
from sosteci.coordination.models import Committee, CommitteeLevel, MemberRole, NationalBody
from sosteci.directory.models import Structure, StructureKind
from tests.conftest import MiniTerritory, Team
from tests.coordination.factories import CommitteeFactory, MemberFactory
from tests.factories import StructureFactory, UserFactory


@dataclass
class Coordination:
    cim: Committee
    cnltp: Committee
    region: Committee  # r1 (Nawa)
    departement: Committee  # dep1 (Soubré)
    task_force: Committee  # dep1
    sous_prefecture: Committee  # sp1
    village: Committee  # l1 (Badayo)
    korhogo: Committee  # dep2, the other branch
    cim_staff: User  # team.analyste, member of the CIM secretariat
    cnltp_staff: User  # a national analyst, member of the CNLTP secretariat
    outsider: User  # a national analyst, member of neither
    other_ngo: Structure  # a structure the partner does not belong to (dep2)
    donor: Structure


def committee(level: str, unit, name: str, body: str = "") -> Committee:
    return CommitteeFactory.create(level=level, admin_unit=unit, name=name, national_body=body)


@pytest.fixture
def coord(team: Team, territory: MiniTerritory) -> Coordination:
    t = territory
    cim = committee(CommitteeLevel.NATIONAL, t.pays, "CIM", NationalBody.CIM)
    cnltp = committee(CommitteeLevel.NATIONAL, t.pays, "CNLTP", NationalBody.CNLTP)
    cnltp_staff = UserFactory(username="cnltp", role=Role.ANALYSTE, jurisdiction=t.pays)
    MemberFactory.create(committee=cim, full_name="Secrétaire du CIM", role=MemberRole.SECRETARY, user=team.analyste)
    MemberFactory.create(committee=cnltp, full_name="Secrétaire du CNLTP", role=MemberRole.SECRETARY, user=cnltp_staff)
    return Coordination(
        cim=cim,
        cnltp=cnltp,
        region=committee(CommitteeLevel.REGION, t.r1, "Comité régional de la Nawa"),
        departement=committee(CommitteeLevel.DEPARTEMENT, t.dep1, "Comité départemental de Soubré"),
        task_force=committee(CommitteeLevel.TASK_FORCE, t.dep1, "Task Force 8.7 de Soubré"),
        sous_prefecture=committee(CommitteeLevel.SOUS_PREFECTURE, t.sp1, "Comité sous-préfectoral de Soubre"),
        village=committee(CommitteeLevel.VILLAGE, t.l1, "Comité villageois de Badayo"),
        korhogo=committee(CommitteeLevel.DEPARTEMENT, t.dep2, "Comité départemental de Korhogo"),
        cim_staff=team.analyste,
        cnltp_staff=cnltp_staff,
        outsider=UserFactory(username="analyste2", role=Role.ANALYSTE, jurisdiction=t.pays),
        other_ngo=StructureFactory(name="ONG du Poro", admin_unit=t.dep2),
        donor=StructureFactory(name="Bailleur", kind=StructureKind.DONOR, admin_unit=t.pays),
    )


__all__ = ["Coordination", "committee"]
