"""The demo's exporter: its sourcing of the last twelve months declared and submitted through the services, over the
home sous-préfecture's covered localités and the cooperative; figures at once, small cells hidden; written once."""

from __future__ import annotations

from datetime import date

import pytest

from sosteci.access.models import AuditEvent
from sosteci.diligence import selectors
from sosteci.diligence.models import SourcingDeclaration
from sosteci.web.demo import diligence as demo_diligence
from tests.conftest import MiniTerritory

pytestmark = pytest.mark.django_db


def test_the_exporter_declares_its_sourcing_once(sourcing, territory: MiniTerritory) -> None:
    t = territory
    for unit in (t.sp1, t.l1, t.l2, t.l3):
        unit.covered_since = date(2020, 1, 1)
        unit.save(update_fields=["covered_since"])
    sourcing.cooperative.acronym = "CCN"
    sourcing.cooperative.save(update_fields=["acronym"])
    buyer = sourcing.buyer_a

    result = demo_diligence.build(
        home_sp="CI260401", username=buyer.username, cooperative="CCN", today=date(2026, 12, 6)
    )
    assert (result.declarations, result.localities, result.cooperatives) == (1, 2, 1)
    declaration = SourcingDeclaration.objects.get(structure=sourcing.company_a)
    assert declaration.is_submitted and declaration.submitted_by == buyer
    assert (declaration.period_start, declaration.period_end) == (date(2025, 12, 7), date(2026, 12, 6))
    # The covered localités of the home sous-préfecture (not Natiokobadara, elsewhere) and the cooperative.
    assert sorted(str(line) for line in declaration.lines.all()) == [
        "Badayo",
        "Coopérative Cacao Nawa (CCN)",
        "Galéa 1",
    ]
    assert AuditEvent.objects.filter(action="diligence.declaration_submit", actor=buyer).count() == 1

    # As the exporter reads it: 13 children (Badayo 6, Galéa 1 2, members elsewhere 5), 5 in child labour; Galéa 1's
    # two children are hidden, and Badayo's with them (otherwise the whole less the others would give them away).
    table = selectors.diligence_table(user=buyer, declaration=declaration)
    assert table.whole.rows["CH_MONITORED"].numerator == 13
    assert table.whole.rows["CH_LABOUR_PCT"].value == 38.5
    lines = {line.key: line.rows["CH_MONITORED"] for line in table.lines}
    assert lines["CI260401002"].suppressed and lines["CI260401002"].numerator is None
    assert any(row.suppressed for key, row in lines.items() if key != "CI260401002")

    again = demo_diligence.build(
        home_sp="CI260401", username=buyer.username, cooperative="CCN", today=date(2026, 12, 7)
    )
    assert again.declarations == 0
    assert SourcingDeclaration.objects.filter(structure=sourcing.company_a).count() == 1


def test_nothing_without_the_exporter_account(territory: MiniTerritory) -> None:
    assert demo_diligence.build(home_sp="CI260401").declarations == 0
    assert not SourcingDeclaration.objects.exists()
