"""Directory fixtures: structures of each kind of interest in both branches of the mini territory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sosteci.directory.models import Structure
from sosteci.directory.services import StructureData, structure_create
from tests.conftest import MiniTerritory, Team

SOUBRE = (Decimal("5.783800"), Decimal("-6.593900"))
KORHOGO = (Decimal("9.458000"), Decimal("-5.629600"))


def data(name: str, unit: Any, **kwargs: Any) -> StructureData:
    values: dict[str, Any] = {"kind": "shelter"}
    values.update(kwargs)
    return StructureData(name=name, admin_unit=unit, **values)


@dataclass
class Directory:
    shelter: Structure  # dep1, shelter with free places, serving its région too
    full: Structure  # dep1, shelter, full
    ngo: Structure  # sp1, school kits and psychosocial support, places not tracked
    national: Structure  # pays, police: family tracing
    korhogo: Structure  # dep2, shelter with places
    expired: Structure  # r1, shelter whose authorisation has run out
    inactive: Structure  # dep1, shelter no longer active


@pytest.fixture
def directory(team: Team, territory: MiniTerritory) -> Directory:
    t = territory

    def make(name: str, unit: Any, **kwargs: Any) -> Structure:
        return structure_create(by=None, data=data(name, unit, **kwargs))

    return Directory(
        shelter=make(
            "Centre de transit de Soubré",
            t.dep1,
            acronym="CTS",
            services=["shelter", "psychosocial"],
            coverage=[t.r1],
            capacity=20,
            places_free=4,
            lat=SOUBRE[0],
            lon=SOUBRE[1],
            contact_name="Adjoua Konan",
            phone="07 07 12 34 56",
            authorised_from=date(2020, 1, 1),
            authorised_until=date(2099, 12, 31),
        ),
        full=make("Foyer Saint-Joseph", t.dep1, services=["shelter"], capacity=10, places_free=0),
        ngo=make(
            "ONG Lumière",
            t.sp1,
            kind="ngo",
            services=["school_kit", "psychosocial"],
            lat=Decimal("5.79"),
            lon=Decimal("-6.61"),
        ),
        national=make("Brigade nationale des mineurs", t.pays, kind="police", services=["family_tracing"]),
        korhogo=make(
            "Centre d'accueil de Korhogo",
            t.dep2,
            services=["shelter"],
            capacity=15,
            places_free=6,
            lat=KORHOGO[0],
            lon=KORHOGO[1],
        ),
        expired=make(
            "Refuge de la Nawa",
            t.r1,
            services=["shelter"],
            authorised_from=date(2015, 1, 1),
            authorised_until=date(2020, 12, 31),
        ),
        inactive=make("Ancien centre de Soubré", t.dep1, services=["shelter"], is_active=False),
    )


__all__ = ["Directory", "data"]
