"""Register fixtures: a household with children in each branch of the mini territory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.models import Child, Household
from sosteci.registry.services import household_register, visit_record
from tests.conftest import MiniTerritory, Team


def child_input(family: str = "KOUASSI", given: str = "Aya", **kwargs) -> ChildInput:
    values = {"sex": "F", "schooling": "enrolled", "date_of_birth": date(2012, 3, 1)}
    values.update(kwargs)
    return ChildInput(family_name=family, given_names=given, **values)


def household_input(**kwargs) -> HouseholdInput:
    values = {
        "head_family_name": "Kouassi",
        "head_given_names": "Konan",
        "head_sex": "M",
        "size": 6,
        "head_phone": "07 07 12 34 56",
        "main_crops": ["cacao"],
    }
    values.update(kwargs)
    return HouseholdInput(**values)


@dataclass
class Register:
    household_l1: Household
    aya: Child
    yao: Child
    household_l3: Household
    moussa: Child


@pytest.fixture
def register(team: Team, territory: MiniTerritory) -> Register:
    h1 = household_register(
        by=team.agent,
        locality=territory.l1,
        household=household_input(),
        children=[
            child_input("KOUASSI", "Aya"),
            child_input("KOUASSI", "Yao", sex="M", date_of_birth=date(2015, 7, 9)),
        ],
    )
    h3 = household_register(
        by=team.agent_sp2,
        locality=territory.l3,
        household=household_input(head_family_name="Coulibaly"),
        children=[child_input("COULIBALY", "Moussa", sex="M", date_of_birth=date(2011, 1, 5))],
    )
    aya, yao = h1.children.order_by("given_names")
    visit_record(
        by=team.agent,
        child=aya,
        data=VisitInput(
            visited_on=date(2026, 3, 10), activities=[{"code": "CACAO", "hours": 12}], hazardous_tasks=["H_MACHETTE"]
        ),
    )
    return Register(h1, aya, yao, h3, h3.children.get())


__all__ = ["Register", "child_input", "household_input"]
