"""Shared fixtures: a small territory with two branches, and one user per role in it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from sosteci.access.models import User
from sosteci.access.roles import Role
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit, Level
from tests.factories import PASSWORD, AdminUnitFactory, StructureFactory, UserFactory


@dataclass
class MiniTerritory:
    """CI › D1 › R1 › DEP1 › SP1 › {L1, L2}; and a second branch D2 › R2 › DEP2 › SP2 › L3."""

    pays: AdminUnit
    d1: AdminUnit
    r1: AdminUnit
    dep1: AdminUnit
    sp1: AdminUnit
    l1: AdminUnit
    l2: AdminUnit
    d2: AdminUnit
    r2: AdminUnit
    dep2: AdminUnit
    sp2: AdminUnit
    l3: AdminUnit


@pytest.fixture
def territory(db: None) -> MiniTerritory:
    make = AdminUnitFactory
    pays = make(level=Level.PAYS, pcode="CI", name="Côte d'Ivoire", lat="7.5", lon="-5.5")
    d1 = make(level=Level.DISTRICT, pcode="CI-BS", name="Bas-Sassandra", parent=pays)
    r1 = make(level=Level.REGION, pcode="CI26", name="Nawa", parent=d1, lat="5.8", lon="-6.6")
    dep1 = make(level=Level.DEPARTEMENT, pcode="CI2604", name="Soubré", parent=r1)
    sp1 = make(level=Level.SOUS_PREFECTURE, pcode="CI260401", name="Soubre", parent=dep1, lat="5.78", lon="-6.6")
    l1 = make(level=Level.LOCALITE, pcode="CI260401001", name="Badayo", parent=sp1, population=1200)
    l2 = make(level=Level.LOCALITE, pcode="CI260401002", name="Galéa 1", parent=sp1, population=800)
    d2 = make(level=Level.DISTRICT, pcode="CI-SV", name="Savanes", parent=pays)
    r2 = make(level=Level.REGION, pcode="CI27", name="Poro", parent=d2)
    dep2 = make(level=Level.DEPARTEMENT, pcode="CI2701", name="Korhogo", parent=r2)
    sp2 = make(level=Level.SOUS_PREFECTURE, pcode="CI270101", name="Korhogo", parent=dep2)
    l3 = make(level=Level.LOCALITE, pcode="CI270101001", name="Natiokobadara", parent=sp2, population=3000)
    return MiniTerritory(pays, d1, r1, dep1, sp1, l1, l2, d2, r2, dep2, sp2, l3)


@dataclass
class Team:
    """One user per role in branch 1, a regional administrator, and users of branch 2."""

    admin: User
    admin_r1: User
    analyste: User
    operateur: User
    pointfocal: User
    superviseur: User
    agent: User
    prestataire: User
    partenaire: User
    agent_sp2: User
    superviseur_sp2: User
    structure: Structure

    def by_role(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "admin_r1": self.admin_r1,
            "analyste": self.analyste,
            "operateur": self.operateur,
            "pointfocal": self.pointfocal,
            "superviseur": self.superviseur,
            "agent": self.agent,
            "prestataire": self.prestataire,
            "partenaire": self.partenaire,
        }


@pytest.fixture
def team(territory: MiniTerritory) -> Team:
    t = territory
    structure = StructureFactory(name="Centre social de Soubré", admin_unit=t.dep1)
    return Team(
        admin=UserFactory(username="admin", role=Role.ADMIN, jurisdiction=t.pays),
        admin_r1=UserFactory(username="admin_nawa", role=Role.ADMIN, jurisdiction=t.r1),
        analyste=UserFactory(username="analyste", role=Role.ANALYSTE, jurisdiction=t.pays),
        operateur=UserFactory(username="operateur", role=Role.OPERATEUR, jurisdiction=t.pays),
        pointfocal=UserFactory(username="pointfocal", role=Role.POINT_FOCAL, jurisdiction=t.dep1),
        superviseur=UserFactory(username="superviseur", role=Role.SUPERVISEUR, jurisdiction=t.sp1),
        agent=UserFactory(username="agent", role=Role.AGENT, jurisdiction=t.l1),
        prestataire=UserFactory(
            username="prestataire", role=Role.PRESTATAIRE, jurisdiction=t.dep1, structure=structure
        ),
        partenaire=UserFactory(username="partenaire", role=Role.PARTENAIRE, jurisdiction=t.r1, structure=structure),
        agent_sp2=UserFactory(username="agent_korhogo", role=Role.AGENT, jurisdiction=t.l3),
        superviseur_sp2=UserFactory(username="superviseur_korhogo", role=Role.SUPERVISEUR, jurisdiction=t.sp2),
        structure=structure,
    )


@pytest.fixture
def login(client: Client):
    """login(user) -> the test client signed in as that user."""

    def _login(user: User) -> Client:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


__all__ = ["PASSWORD"]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Per-process caches of the collection server must not carry rows of an earlier test."""
    from sosteci.collect import auth, receiving

    auth.clear_cache()
    receiving.clear_caches()
