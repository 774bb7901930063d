"""The bases' own readings of the register: the same rows as the registry's `counted()`, latest visits."""

from __future__ import annotations

import pytest

from sosteci.indicators.bases import counted_visits, latest_visits
from sosteci.indicators.periods import parse_period
from sosteci.registry.models import Visit
from tests.indicators.conftest import World

pytestmark = pytest.mark.django_db


def test_counted_visits_are_the_registrys(world: World) -> None:
    ours = set(counted_visits().values_list("pk", flat=True))
    assert ours == set(Visit.objects.counted().values_list("pk", flat=True))
    # Left out: Rose's visit (her household came from a rejected submission) and Awa's visit of 01/09 (rejected).
    assert Visit.objects.exclude(pk__in=ours).count() == 2


def test_the_latest_visit_of_each_child_in_the_period(world: World) -> None:
    latest = {v.child.given_names: (v.visited_on.isoformat(), v.category) for v in latest_visits(parse_period("2026"))}
    # Awa: her follow-up of 10/08 (the rejected visit of 01/09 does not count); Fatou: her follow-up of 20/01.
    assert latest["Awa"] == ("2026-08-10", "not_working")
    assert latest["Fatou"] == ("2026-01-20", "not_working")
    assert set(latest) == {"Awa", "Bakary", "Chantal", "Djeneba", "Fatou", "Gaston", "Kadi", "Lassina"}
    q1 = {v.child.given_names: v.category for v in latest_visits(parse_period("2026Q1"))}
    assert q1["Awa"] == "child_labour"
