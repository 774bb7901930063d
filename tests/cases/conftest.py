"""Case fixtures: the register (whose hazardous visit of Aya opened a case), a structure offering services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sosteci.cases.models import Case
from sosteci.directory.models import Structure
from tests.conftest import Team
from tests.registry.conftest import Register, register  # noqa: F401  (the register fixture, reused here)


@pytest.fixture
def centre(team: Team) -> Structure:
    """The provider's structure (team.prestataire belongs to it): school kits and shelter, two places."""
    Structure.objects.filter(pk=team.structure.pk).update(
        services=["school_kit", "shelter", "psychosocial"], capacity=10, places_free=2
    )
    team.structure.refresh_from_db()
    return team.structure


@pytest.fixture
def aya_case(register: Register) -> Case:  # noqa: F811
    """Opened by the fixture's hazardous visit; dated two months back so that follow-ups can follow it."""
    Case.objects.filter(child=register.aya).update(opened_at=timezone.now() - timedelta(days=60))
    return Case.objects.get(child=register.aya)
