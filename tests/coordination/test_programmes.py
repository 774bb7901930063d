"""Programmes: drafting, the joint CIM/CNLTP validation (both approve, either refuses), partners' own structure,
the prefect's repertoire on a date and its XLSX export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from sosteci.access.models import AuditEvent
from sosteci.coordination import selectors
from sosteci.coordination.exporting import export_repertoire_xlsx
from sosteci.coordination.models import Programme, ProgrammeDecision
from sosteci.coordination.services import programmes
from tests.conftest import MiniTerritory, Team
from tests.coordination.conftest import Coordination
from tests.coordination.factories import MemberFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
S, V = Programme.Status, ProgrammeDecision.Verdict


def data(team: Team, zones=None, **kwargs) -> programmes.ProgrammeData:
    values = {
        "title": "Écoles pour tous",
        "structure": team.structure,
        "period_start": date(2026, 1, 1),
        "period_end": date(2027, 12, 31),
        "budget": 250_000_000,
        "zones": zones,
    }
    values.update(kwargs)
    return programmes.ProgrammeData(**values)


@pytest.fixture
def submitted(team: Team, coord: Coordination, territory: MiniTerritory) -> Programme:
    programme = programmes.programme_create(
        by=team.partenaire, data=data(team, [territory.dep1], funders=[coord.donor], target_groups=["households"])
    )
    return programmes.programme_submit(by=team.partenaire, programme=programme)


def test_a_partner_drafts_its_own_programme_audited(team: Team, coord: Coordination, territory) -> None:
    programme = programmes.programme_create(by=team.partenaire, data=data(team, [territory.dep1, territory.sp1]))
    assert (programme.status, programme.round, programme.created_by) == (S.DRAFT, 0, team.partenaire)
    assert programme.code.startswith("PRG-")
    event = AuditEvent.objects.get(action="programme.create")
    assert event.after["zones"] == ["CI2604", "CI260401"] and event.after["budget"] == 250_000_000
    with pytest.raises(ValidationError) as caught:
        programmes.programme_create(by=team.partenaire, data=data(team, [territory.dep1], structure=coord.other_ngo))
    assert caught.value.message_dict["structure"] == [
        "Vous ne pouvez déclarer que les programmes de votre structure (Centre social de Soubré)."
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": date(2025, 12, 31)}, "period_end"),
        ({"budget": -1}, "budget"),
        ({"zones": []}, "zones"),
        ({"target_groups": ["aliens"]}, "target_groups"),
    ],
)
def test_bad_programmes_are_refused_naming_the_field(team: Team, territory, change, field) -> None:
    with pytest.raises(ValidationError) as caught:
        programmes.programme_create(by=team.pointfocal, data=data(team, **{"zones": [territory.dep1], **change}))
    assert field in caught.value.message_dict
    assert not Programme.objects.exists()


def test_the_period_error_says_which_dates(team: Team, territory) -> None:
    with pytest.raises(ValidationError) as caught:
        programmes.programme_create(by=team.pointfocal, data=data(team, [territory.dep1], period_end=date(2025, 6, 30)))
    assert caught.value.message_dict["period_end"] == [
        "La fin de la période (30/06/2025) précède son début (01/01/2026)."
    ]


def test_zones_lie_in_the_jurisdiction(team: Team, territory) -> None:
    with pytest.raises(ValidationError) as caught:
        programmes.programme_create(by=team.pointfocal, data=data(team, [territory.dep1, territory.dep2]))
    assert caught.value.message_dict["zones"] == ["Zones hors de votre ressort territorial : Korhogo (CI2701)."]


# --- Joint validation ------------------------------------------------------------------------------------------------

OUTCOMES = [
    # CIM, CNLTP, status after both (None: that committee does not decide)
    (V.APPROVED, V.APPROVED, S.VALIDATED),
    (V.APPROVED, None, S.SUBMITTED),
    (None, V.APPROVED, S.SUBMITTED),
    (V.REFUSED, None, S.REFUSED),
    (None, V.REFUSED, S.REFUSED),
    (V.APPROVED, V.REFUSED, S.REFUSED),
]


@pytest.mark.parametrize(("cim", "cnltp", "status"), OUTCOMES)
def test_validated_only_when_both_approve_refused_when_either_refuses(
    submitted: Programme, coord: Coordination, cim, cnltp, status
) -> None:
    for user, verdict in ((coord.cim_staff, cim), (coord.cnltp_staff, cnltp)):
        if verdict is not None:
            programmes.programme_decide(by=user, programme=submitted, verdict=verdict, reason="Motif")
    submitted.refresh_from_db()
    assert submitted.status == status
    assert (submitted.decided_at is not None) is (status != S.SUBMITTED)


def test_a_refusal_closes_the_round_for_the_other_committee(submitted: Programme, coord: Coordination) -> None:
    programmes.programme_decide(by=coord.cnltp_staff, programme=submitted, verdict=V.REFUSED, reason="Doublon")
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED)
    assert caught.value.message_dict["status"] == ["Ce programme n'attend pas de validation (état : Refusé)."]


def test_only_cim_or_cnltp_staff_decide(submitted: Programme, team: Team, coord: Coordination) -> None:
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.outsider, programme=submitted, verdict=V.APPROVED)
    assert list(caught.value.message_dict) == ["body"]
    assert "seuls les membres du CIM ou du CNLTP valident les programmes" in caught.value.message_dict["body"][0]
    # A national administrator is no member either; a regional one does not even hold the permission.
    for user in (team.admin, team.admin_r1, team.pointfocal):
        with pytest.raises(ValidationError):
            programmes.programme_decide(by=user, programme=submitted, verdict=V.APPROVED)
    # A member of the CIM cannot speak for the CNLTP.
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED, body="cnltp")
    assert caught.value.message_dict["body"] == ["« Organe » : vous n'êtes pas membre du CNLTP."]
    assert not ProgrammeDecision.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_a_former_member_no_longer_decides(submitted: Programme, coord: Coordination) -> None:
    coord.cim.members.filter(user=coord.cim_staff).update(is_active=False)
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED)
    assert "body" in caught.value.message_dict


def test_a_member_of_both_names_the_committee(submitted: Programme, coord: Coordination) -> None:
    MemberFactory.create(committee=coord.cnltp, full_name="Aussi au CNLTP", user=coord.cim_staff)
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED)
    assert caught.value.message_dict["body"] == [
        "« Organe » : précisez au nom de quel comité (CIM ou CNLTP) vous décidez."
    ]
    programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED, body="cim")
    programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED, body="cnltp")
    submitted.refresh_from_db()
    assert submitted.status == S.VALIDATED


def test_one_opinion_per_committee_per_round_and_reasons_for_refusals(
    submitted: Programme, coord: Coordination
) -> None:
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.REFUSED)
    assert caught.value.message_dict["reason"] == ["« Motif » : un avis défavorable doit être motivé."]
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict="maybe")
    assert "verdict" in caught.value.message_dict
    programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED)
    with pytest.raises(ValidationError) as caught:
        programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.APPROVED)
    assert caught.value.message_dict["body"][0].startswith(
        "Le CIM a déjà donné son avis sur ce programme (avis favorable"
    )
    event = AuditEvent.objects.get(action="programme.decide")
    assert event.actor == coord.cim_staff
    assert event.after | {"reason": ""} == {
        "status": S.SUBMITTED,
        "body": "cim",
        "round": 1,
        "verdict": V.APPROVED,
        "reason": "",
    }


def test_a_refused_programme_is_revised_and_submitted_again(submitted: Programme, team: Team, coord) -> None:
    with pytest.raises(ValidationError):
        programmes.programme_update(
            by=team.partenaire, programme=submitted, data=programmes.programme_data_from(submitted)
        )
    programmes.programme_decide(by=coord.cim_staff, programme=submitted, verdict=V.REFUSED, reason="Budget flou")
    submitted.refresh_from_db()
    revised = programmes.programme_data_from(submitted)
    revised.budget = 200_000_000
    programmes.programme_update(by=team.partenaire, programme=submitted, data=revised)
    again = programmes.programme_submit(by=team.partenaire, programme=submitted)
    assert (again.status, again.round) == (S.SUBMITTED, 2)
    # A new round: both committees decide afresh; the refusal of round 1 stays in the history.
    programmes.programme_decide(by=coord.cim_staff, programme=again, verdict=V.APPROVED)
    programmes.programme_decide(by=coord.cnltp_staff, programme=again, verdict=V.APPROVED)
    again.refresh_from_db()
    assert again.status == S.VALIDATED
    assert [(d.round, d.body, d.verdict) for d in selectors.programme_decisions(again)] == [
        (1, "cim", V.REFUSED),
        (2, "cim", V.APPROVED),
        (2, "cnltp", V.APPROVED),
    ]
    with pytest.raises(ValidationError):
        programmes.programme_submit(by=team.partenaire, programme=again)


def test_partners_see_and_change_only_their_structure_programmes(team: Team, coord: Coordination, territory) -> None:
    own = ProgrammeFactory.create(structure=team.structure, zones=[territory.dep1])
    funded = ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.dep2], funders=[team.structure])
    other = ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.dep1])
    assert set(selectors.programmes_for(team.partenaire)) == {own, funded}
    assert set(selectors.programmes_for(team.prestataire)) == {own, funded}
    with pytest.raises(PermissionDenied):
        programmes.programme_update(by=team.partenaire, programme=other, data=programmes.programme_data_from(other))
    with pytest.raises(PermissionDenied):
        programmes.programme_update(by=team.partenaire, programme=funded, data=programmes.programme_data_from(funded))
    # The focal point of Soubré sees what touches Soubré, and national programmes.
    national = ProgrammeFactory.create(structure=coord.other_ngo, zones=[territory.pays])
    assert set(selectors.programmes_for(team.pointfocal)) == {own, other, national}
    assert set(selectors.programmes_for(team.analyste)) == {own, funded, other, national}
    assert not selectors.programmes_for(team.operateur).exists()


# --- The prefect's repertoire --------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(team: Team, coord: Coordination, territory: MiniTerritory) -> dict[str, Programme]:
    def make(title: str, zones, status=S.VALIDATED, start=date(2025, 1, 1), end=date(2027, 12, 31)):
        return ProgrammeFactory.create(
            title=title, structure=team.structure, zones=zones, status=status, period_start=start, period_end=end
        )

    return {
        "dep": make("Soubré", [territory.dep1]),
        "village": make("Badayo", [territory.l1]),
        "region": make("Nawa", [territory.r1]),
        "national": make("National", [territory.pays]),
        "korhogo": make("Korhogo", [territory.dep2]),
        "pending": make("En attente", [territory.dep1], status=S.SUBMITTED),
        "refused": make("Refusé", [territory.dep1], status=S.REFUSED),
        "ended": make("Fini", [territory.dep1], end=date(2025, 12, 31)),
        "later": make("Plus tard", [territory.dep1], start=date(2027, 1, 1)),
    }


def test_the_repertoire_lists_validated_programmes_in_force_in_the_departement(
    catalogue: dict[str, Programme], team: Team, territory
) -> None:
    rows = selectors.repertoire(user=team.pointfocal, departement=territory.dep1, on=date(2026, 6, 1))
    assert {p.title for p in rows} == {"Soubré", "Badayo", "Nawa", "National"}
    rows = selectors.repertoire(user=team.analyste, departement=territory.dep1, on=date(2027, 3, 1))
    assert {p.title for p in rows} == {"Soubré", "Badayo", "Nawa", "National", "Plus tard"}
    rows = selectors.repertoire(user=team.analyste, departement=territory.dep2, on=date(2026, 6, 1))
    assert {p.title for p in rows} == {"Korhogo", "National"}
    assert set(selectors.departements_for(team.pointfocal)) == {territory.dep1}
    assert set(selectors.departements_for(team.superviseur)) == {territory.dep1}
    assert set(selectors.departements_for(team.analyste)) == {territory.dep1, territory.dep2}


def test_the_repertoire_as_xlsx(catalogue: dict[str, Programme], coord: Coordination, team: Team, territory) -> None:
    catalogue["dep"].funders.set([coord.donor])
    rows = selectors.repertoire(user=team.pointfocal, departement=territory.dep1, on=date(2026, 6, 1))
    buffer = io.BytesIO()
    assert export_repertoire_xlsx(rows, territory.dep1, date(2026, 6, 1), buffer) == 4
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert "Soubré (CI2604), en vigueur le 01/06/2026" in sheet["A2"].value
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["Code", "Intitulé", "Structure de mise en œuvre"]
    body = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert set(body) == {"Soubré", "Badayo", "Nawa", "National"}
    assert body["Soubré"][3] == "Bailleur" and body["Soubré"][7] == 100_000_000
    assert body["Badayo"][4] == "Badayo (CI260401001)"
