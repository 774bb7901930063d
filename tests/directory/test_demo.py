"""The demo repertoire: built on whatever part of the territory is loaded, and a second run writes nothing."""

from __future__ import annotations

import pytest

from sosteci.access.models import AuditEvent
from sosteci.directory.models import Structure
from sosteci.web.demo import directory as demo_directory
from tests.conftest import MiniTerritory, Team

pytestmark = pytest.mark.django_db


def test_demo_directory_is_idempotent(team: Team, territory: MiniTerritory) -> None:
    first = demo_directory.build(seed=7, home_sp="CI260401")
    # Only the structures whose unit exists in the mini territory; the team's social centre gets its details.
    assert (first.created, first.updated) == (first.total - 1, 1)
    shelter = Structure.objects.get(acronym="CTE Soubré")
    assert (shelter.capacity, shelter.places_free, shelter.services[0]) == (40, 12, "psychosocial")
    assert list(shelter.coverage.values_list("pcode", flat=True)) == ["CI26"]
    assert Structure.objects.filter(kind="school", admin_unit__parent=territory.sp1).count() == 2
    assert Structure.objects.get(acronym="CAPN").lat is not None  # placed near the seat of its région
    snapshot = list(Structure.objects.order_by("pk").values_list("pk", "code", "updated_at"))
    events = AuditEvent.objects.count()

    second = demo_directory.build(seed=7, home_sp="CI260401")
    assert (second.created, second.updated, second.total) == (0, 0, first.total)
    assert list(Structure.objects.order_by("pk").values_list("pk", "code", "updated_at")) == snapshot
    assert AuditEvent.objects.count() == events
