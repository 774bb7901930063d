"""Plans fixtures: the reference plan as parsed once per session, and imported into the test database."""

from __future__ import annotations

import copy
from functools import cache

import pytest

from sosteci.plans.document import PlanDoc
from sosteci.plans.loading import REFERENCE_TEXT
from sosteci.plans.models import Plan
from sosteci.plans.parsing import parse_plan
from sosteci.plans.services import plan_import


@cache
def _parsed() -> PlanDoc:
    return parse_plan(REFERENCE_TEXT.read_text(encoding="utf-8"), source_name=REFERENCE_TEXT.name)


@pytest.fixture
def document() -> PlanDoc:
    """The national plan against trafficking 2016-2020, parsed from the seed (a copy each test may change)."""
    return copy.deepcopy(_parsed())


@pytest.fixture
def plan(db: None, document: PlanDoc) -> Plan:
    return plan_import(document=document, by=None, actor_label="tests").plan
