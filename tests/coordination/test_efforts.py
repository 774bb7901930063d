"""Outil 4: amounts as typed, whole reports or nothing, partners' isolation, and the consolidation's sums."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.coordination import consolidation, selectors
from sosteci.coordination.models import PartnerEffort, PartnerReport
from sosteci.coordination.parsing import amount_from_text, count_from_text
from sosteci.coordination.services import efforts
from tests.conftest import MiniTerritory, Team
from tests.coordination.conftest import Coordination
from tests.coordination.factories import EffortFactory, ProgrammeFactory, ReportFactory

pytestmark = pytest.mark.django_db
Q1 = (date(2026, 1, 1), date(2026, 3, 31))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150000", 150_000),
        ("150 000", 150_000),
        ("150\u202f000", 150_000),
        ("1.500.000", 1_500_000),
        ("150 000 FCFA", 150_000),
        ("75000 F CFA", 75_000),
        ("2500,00", 2500),
        (12, 12),
        (0, 0),
    ],
)
def test_amounts_as_people_type_them(typed, amount) -> None:
    assert amount_from_text(typed, "Montant") == amount


@pytest.mark.parametrize("typed", ["abc", "12,5", "1 2x", "", "1.50", "-500", True, 12.5])
def test_unreadable_amounts_name_the_field(typed) -> None:
    with pytest.raises(ValidationError) as caught:
        amount_from_text(typed, "Montant dépensé (FCFA)")
    assert caught.value.messages[0].startswith("« Montant dépensé (FCFA) » :")


def test_counts() -> None:
    assert count_from_text("", "Garçons") == 0
    assert count_from_text(" 12 ", "Garçons") == 12
    with pytest.raises(ValidationError, match="« Garçons » : nombre illisible « 1,5 »"):
        count_from_text("1,5", "Garçons")


def effort(unit, kind: str = "school_kits", amount: int = 100_000, **counts) -> efforts.EffortData:
    return efforts.EffortData(locality=unit, activity_type=kind, amount_spent=amount, **counts)


def report_data(team: Team, actions, period=Q1, **kwargs) -> efforts.ReportData:
    return efforts.ReportData(
        structure=kwargs.pop("structure", team.structure),
        period_start=period[0],
        period_end=period[1],
        efforts=actions,
        **kwargs,
    )


def test_a_partner_reports_its_efforts_whole_and_audited(team: Team, territory: MiniTerritory) -> None:
    report = efforts.report_create(
        by=team.partenaire,
        data=report_data(
            team,
            [
                effort(territory.l1, boys_5_11=3, girls_12_14=4),
                effort(territory.l2, "awareness", 50_000, adult_women=9),
            ],
            victims_identified_girls=2,
            victims_assisted=1,
        ),
    )
    assert report.zone == territory.sp1  # the smallest unit holding Badayo and Galéa 1
    assert report.efforts.count() == 2 and report.victims_identified == 2
    event = AuditEvent.objects.get(action="partner_report.create")
    assert event.actor == team.partenaire
    assert [e["locality"] for e in event.after["efforts"]] == ["CI260401001", "CI260401002"]
    assert event.after["victims_identified_girls"] == 2


def test_zone_of_a_report(team: Team, territory) -> None:
    assert efforts.common_zone([territory.l1], territory.dep1) == territory.l1
    assert efforts.common_zone([territory.l1, territory.l2], territory.dep1) == territory.sp1
    assert efforts.common_zone([territory.l1, territory.l3], territory.dep1) == territory.pays
    assert efforts.common_zone([], territory.dep1) == territory.dep1


def test_nothing_partial_one_bad_action_refuses_the_report(team: Team, territory) -> None:
    bad = report_data(team, [effort(territory.l1), effort(territory.sp1), effort(territory.l2, "other")])
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(by=team.partenaire, data=bad)
    assert caught.value.message_dict["efforts"] == [
        "Action 2, « localité » : Choisissez une localité (village ou quartier).",
        "Action 3, « autre type » : Précisez le type d'action.",
    ]
    assert not PartnerReport.objects.exists() and not PartnerEffort.objects.exists()
    assert not AuditEvent.objects.filter(action="partner_report.create").exists()


def test_a_period_ending_before_it_starts(team: Team, territory) -> None:
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(
            by=team.partenaire,
            data=report_data(team, [effort(territory.l1)], period=(date(2026, 3, 31), date(2026, 1, 1))),
        )
    assert caught.value.message_dict["period_end"] == [
        "La fin de la période (01/01/2026) précède son début (31/03/2026)."
    ]
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(by=team.partenaire, data=report_data(team, [], period=(future, future)))
    assert "period_start" in caught.value.message_dict


def test_one_report_per_structure_and_period(team: Team, territory) -> None:
    efforts.report_create(by=team.partenaire, data=report_data(team, [effort(territory.l1)]))
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(by=team.partenaire, data=report_data(team, [effort(territory.l2)]))
    assert caught.value.message_dict["period_start"] == [
        "Centre social de Soubré a déjà un rapport pour la période du 01/01/2026 au 31/03/2026 : complétez-le."
    ]


def test_partners_report_only_for_their_structure_and_in_their_jurisdiction(
    team: Team, coord: Coordination, territory
) -> None:
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(
            by=team.partenaire, data=report_data(team, [effort(territory.l1)], structure=coord.other_ngo)
        )
    assert caught.value.message_dict["structure"] == [
        "Vous ne pouvez rendre compte que des efforts de votre structure (Centre social de Soubré)."
    ]
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(by=team.partenaire, data=report_data(team, [effort(territory.l3)]))
    assert caught.value.message_dict["efforts"] == [
        "Action 1, « localité » : « Natiokobadara » est hors de votre ressort territorial."
    ]
    # A programme named must be the structure's own.
    other_programme = ProgrammeFactory.create(structure=coord.other_ngo)
    with pytest.raises(ValidationError) as caught:
        efforts.report_create(
            by=team.partenaire, data=report_data(team, [effort(territory.l1)], programme=other_programme)
        )
    assert "programme" in caught.value.message_dict
    # Focal points type reports for any structure, in their jurisdiction.
    typed = efforts.report_create(
        by=team.pointfocal, data=report_data(team, [effort(territory.l1)], structure=coord.other_ngo)
    )
    assert typed.recorded_by == team.pointfocal
    with pytest.raises(PermissionDenied):
        efforts.report_create(by=team.agent, data=report_data(team, [effort(territory.l1)]))


def test_partners_see_and_correct_only_their_own_reports(team: Team, coord: Coordination, territory) -> None:
    own = ReportFactory.create(structure=team.structure, zone=territory.l1)
    EffortFactory.create(report=own, locality=territory.l1)
    other = ReportFactory.create(structure=coord.other_ngo, zone=territory.l1)
    EffortFactory.create(report=other, locality=territory.l1)
    korhogo = ReportFactory.create(structure=coord.other_ngo, zone=territory.l3, period_start=Q2[0], period_end=Q2[1])
    EffortFactory.create(report=korhogo, locality=territory.l3)
    assert list(selectors.reports_for(team.partenaire)) == [own]
    assert list(selectors.reports_for(team.prestataire)) == [own]
    assert set(selectors.reports_for(team.pointfocal)) == {own, other}
    assert set(selectors.reports_for(team.analyste)) == {own, other, korhogo}
    assert not selectors.reports_for(team.agent).exists()
    with pytest.raises(PermissionDenied):
        efforts.report_update(by=team.partenaire, report=other, data=efforts.report_data_from(other))
    changed = efforts.report_data_from(own)
    changed.efforts[0].amount_spent = 999
    efforts.report_update(by=team.partenaire, report=own, data=changed)
    assert own.efforts.get().amount_spent == 999
    event = AuditEvent.objects.get(action="partner_report.update")
    assert event.before["efforts"][0]["amount_spent"] == 10_000 and event.after["efforts"][0]["amount_spent"] == 999


# --- Consolidation -------------------------------------------------------------------------------------------------


@pytest.fixture
def reports(team: Team, coord: Coordination, territory: MiniTerritory) -> None:
    """Three reports with known figures: two of the partner's structure in Soubre, one of another NGO at Korhogo."""
    efforts.report_create(
        by=None,
        data=report_data(
            team,
            [
                effort(territory.l1, "school_kits", 1_000_000, boys_5_11=10, girls_5_11=12, boys_12_14=3),
                effort(territory.l2, "awareness", 250_000, adult_men=20, adult_women=30, girls_15_17=5),
            ],
            victims_identified_boys=2,
            victims_assisted=2,
        ),
    )
    efforts.report_create(
        by=None,
        data=report_data(
            team,
            [effort(territory.l1, "birth_certificates", 400_000, boys_5_11=7, girls_5_11=8)],
            period=Q2,
            victims_identified_girls=1,
            victims_referred=1,
        ),
    )
    efforts.report_create(
        by=None,
        data=report_data(
            team,
            [effort(territory.l3, "school_kits", 2_000_000, boys_5_11=50, girls_5_11=40)],
            structure=coord.other_ngo,
            victims_repatriated=3,
        ),
    )


def test_consolidation_sums_per_unit_type_and_period(reports: None, team: Team, territory) -> None:
    result = consolidation.consolidate(user=team.analyste, unit=territory.pays)
    assert result.total.efforts == 4
    assert (result.total.boys, result.total.girls, result.total.adults) == (10 + 3 + 7 + 50, 12 + 5 + 8 + 40, 50)
    assert result.total.amount == 1_000_000 + 250_000 + 400_000 + 2_000_000
    assert [(r.label, r.amount, r.efforts) for r in result.by_unit] == [
        ("Bas-Sassandra", 1_650_000, 3),
        ("Savanes", 2_000_000, 1),
    ]
    by_type = {r.key: (r.efforts, r.amount, r.children) for r in result.by_type}
    assert by_type == {
        "awareness": (1, 250_000, 5),
        "school_kits": (2, 3_000_000, 25 + 90),
        "birth_certificates": (1, 400_000, 15),
    }
    assert [(r.key, r.amount) for r in result.by_period] == [(Q1, 3_250_000), (Q2, 400_000)]
    assert result.trafficking == {
        "victims_identified_boys": 2,
        "victims_identified_girls": 1,
        "victims_identified_adults": 0,
        "victims_assisted": 2,
        "victims_referred": 1,
        "victims_repatriated": 3,
        "prosecutions_reported": 0,
    }
    assert (result.reports, result.structures, result.victims_identified) == (3, 2, 3)


def test_consolidation_of_a_sous_prefecture_over_one_period(reports: None, team: Team, territory) -> None:
    result = consolidation.consolidate(user=team.superviseur, unit=territory.sp1, start=Q1[0], end=Q1[1])
    assert (result.total.efforts, result.total.amount, result.total.children) == (2, 1_250_000, 30)
    assert [(r.label, r.amount) for r in result.by_unit] == [("Badayo", 1_000_000), ("Galéa 1", 250_000)]
    assert result.trafficking["victims_identified_boys"] == 2 and result.reports == 1
    # A report spanning both villages counts its trafficking figures at the sous-préfecture, not in a village.
    village = consolidation.consolidate(user=team.superviseur, unit=territory.l1, start=Q1[0], end=Q1[1])
    assert (village.total.amount, village.reports, village.by_unit) == (1_000_000, 0, [])
    only_kits = consolidation.consolidate(user=team.superviseur, unit=territory.sp1, activity_types=["school_kits"])
    assert only_kits.total.amount == 1_000_000


def test_consolidation_shows_each_only_what_it_may_see(
    reports: None, team: Team, coord: Coordination, territory
) -> None:
    # The partner: its structure's actions only, wherever the unit asked.
    partner = consolidation.consolidate(user=team.partenaire, unit=territory.pays)
    assert (partner.total.amount, partner.structures, partner.reports) == (1_650_000, 1, 2)
    # The supervisor of Korhogo: its sous-préfecture's action, nothing of Soubre.
    korhogo = consolidation.consolidate(user=team.superviseur_sp2, unit=territory.pays)
    assert (korhogo.total.efforts, korhogo.total.amount, korhogo.trafficking["victims_repatriated"]) == (
        1,
        2_000_000,
        3,
    )
    # The focal point of Soubré asking for the whole country still gets its département only.
    focal = consolidation.consolidate(user=team.pointfocal, unit=territory.pays)
    assert (focal.total.amount, focal.trafficking["victims_repatriated"]) == (1_650_000, 0)
