"""Registering households and children, recording visits, re-classifying: validation, audit, atomicity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import Child, ClassificationChange, Household, RuleSetVersion, Visit
from sosteci.registry.services import household_register, reclassify, visit_record
from tests.conftest import MiniTerritory, Team
from tests.registry.conftest import Register, child_input, household_input

pytestmark = pytest.mark.django_db


def test_register_a_household_with_children(team: Team, territory: MiniTerritory) -> None:
    household = household_register(
        by=team.agent,
        locality=territory.l1,
        household=household_input(),
        children=[
            child_input("kouassi ", " aya  marie"),
            child_input("KOUASSI", "Yao", sex="M", declared_age=9, date_of_birth=None),
        ],
    )
    assert household.head_phone == "+2250707123456"
    assert household.head_family_name == "KOUASSI"
    aya, yao = household.children.order_by("given_names")
    assert (aya.given_names, aya.locality_id, aya.family_phonetic) == ("Aya Marie", territory.l1.pk, "KS")
    assert yao.birth_date_estimated
    today = timezone.localdate()
    assert today.year - yao.estimated_birth_date.year - 1 <= 9 <= today.year - yao.estimated_birth_date.year
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["child.create", "child.create", "household.create"]


@pytest.mark.parametrize(
    ("children", "household", "field"),
    [
        ([child_input(date_of_birth=date.today() + timedelta(days=3))], {}, "children[0].date_of_birth"),
        ([child_input(date_of_birth=date(2000, 1, 1))], {}, "children[0].date_of_birth"),
        ([child_input(date_of_birth=None, declared_age=18)], {}, "children[0].declared_age"),
        ([child_input(date_of_birth=None)], {}, "children[0].date_of_birth"),
        ([child_input(), child_input(given="Ahou")], {"size": 1}, "size"),
        ([child_input()], {"head_phone": "12345"}, "head_phone"),
        ([child_input(sex="X")], {}, "children[0].sex"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    team: Team, territory: MiniTerritory, children, household, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        household_register(
            by=team.agent, locality=territory.l1, household=household_input(**household), children=children
        )
    assert field in error.value.message_dict
    assert all(m for m in error.value.message_dict[field])
    assert not Household.objects.exists()
    assert not Child.objects.exists()
    assert not AuditEvent.objects.exists()


def test_locality_outside_the_agents_jurisdiction_is_refused(team: Team, territory: MiniTerritory) -> None:
    with pytest.raises(ValidationError) as error:
        household_register(by=team.agent, locality=territory.l2, household=household_input(), children=[])
    assert "hors de votre ressort" in error.value.message_dict["locality"][0]
    with pytest.raises(ValidationError):
        household_register(by=team.agent, locality=territory.sp1, household=household_input(), children=[])
    with pytest.raises(PermissionDenied):
        household_register(by=team.partenaire, locality=territory.l1, household=household_input(), children=[])


def test_visit_classifies_and_updates_the_child(register: Register) -> None:
    visit = Visit.objects.get(child=register.aya)
    assert visit.category == "hazardous_child_labour"
    assert [r["rule"] for r in visit.reasons] == ["HZ_TASK", "CL_NOT_LIGHT"]
    assert visit.ruleset_version == "2026.1"
    assert visit.age_at_visit == 14
    register.aya.refresh_from_db()
    assert (register.aya.category, register.aya.classified_on) == ("hazardous_child_labour", date(2026, 3, 10))
    event = AuditEvent.objects.get(action="visit.create")
    assert event.after["rules"] == ["HZ_TASK", "CL_NOT_LIGHT"]


def test_an_older_visit_does_not_replace_the_current_category(team: Team, register: Register) -> None:
    visit_record(by=team.agent, child=register.aya, data=VisitInput(visited_on=date(2025, 1, 1)))
    register.aya.refresh_from_db()
    assert register.aya.category == "hazardous_child_labour"
    visit_record(by=team.agent, child=register.aya, data=VisitInput(visited_on=date(2026, 4, 1), attends_school=True))
    register.aya.refresh_from_db()
    assert register.aya.category == "not_working"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (VisitInput(visited_on=date(2026, 3, 1), activities=[{"code": "CACAO", "hours": 170}]), "activities"),
        (VisitInput(visited_on=date(2026, 3, 1), activities=[{"code": "NOPE", "hours": 2}]), "activities"),
        (VisitInput(visited_on=date(2026, 3, 1), hazardous_tasks=["H_NOPE"]), "hazardous_tasks"),
        (VisitInput(visited_on=date.today() + timedelta(days=1)), "visited_on"),
        (VisitInput(visited_on=date(2011, 1, 1)), "visited_on"),  # before the birth date
    ],
)
def test_bad_visits_name_the_field_and_save_nothing(
    team: Team, register: Register, data: VisitInput, field: str
) -> None:
    count = Visit.objects.count()
    with pytest.raises(ValidationError) as error:
        visit_record(by=team.agent, child=register.aya, data=data)
    assert field in error.value.message_dict, error.value.message_dict
    assert Visit.objects.count() == count


def test_visit_outside_jurisdiction_is_refused(team: Team, register: Register) -> None:
    with pytest.raises(PermissionDenied):
        visit_record(by=team.agent, child=register.moussa, data=VisitInput(visited_on=date(2026, 3, 1)))


def test_reclassify_dry_run_then_apply(register: Register) -> None:
    data = RuleSetVersion.objects.get(version="2026.1").data
    stricter = {**data, "version": "2026.2", "parameters": {**data["parameters"], "light_work_max_hours": 10}}
    RuleSetVersion.objects.create(version="2026.2", title="Test", data=stricter)
    child = register.yao
    visit_record(
        by=None, child=child, data=VisitInput(visited_on=date(2026, 3, 1), activities=[{"code": "L_TRI", "hours": 12}])
    )
    # Yao is 10: child labour under both versions. Give the light-work case to a 13-year-old instead.
    teen = register.household_l1.children.create(
        family_name="KOUASSI",
        given_names="Ama",
        sex="F",
        schooling="enrolled",
        date_of_birth=date(2012, 10, 1),
        estimated_birth_date=date(2012, 10, 1),
        locality=register.household_l1.locality,
    )
    visit_record(
        by=None, child=teen, data=VisitInput(visited_on=date(2026, 3, 1), activities=[{"code": "L_TRI", "hours": 12}])
    )
    assert Visit.objects.get(child=teen).category == "permitted_work"
    dry = reclassify(version="2026.2", dry_run=True)
    assert dry.changed == 1
    assert dry.transitions == {("permitted_work", "child_labour"): 1}
    assert Visit.objects.get(child=teen).category == "permitted_work"
    applied = reclassify(version="2026.2", dry_run=False)
    assert applied.applied
    visit = Visit.objects.get(child=teen)
    assert (visit.category, visit.ruleset_version) == ("child_labour", "2026.2")
    change = ClassificationChange.objects.get(visit=visit)
    assert (change.from_category, change.from_version) == ("permitted_work", "2026.1")
    teen.refresh_from_db()
    assert teen.category == "child_labour"
    assert reclassify(version="2026.2", dry_run=True).changed == 0


def test_children_carry_their_localitys_ancestors_and_follow_a_territory_move(
    register: Register, territory: MiniTerritory
) -> None:
    from sosteci.territory.importing import build_plan, read_units
    from sosteci.territory.services import territory_import_apply

    aya = Child.objects.get(pk=register.aya.pk)
    assert (aya.district_id, aya.region_id, aya.departement_id, aya.sous_prefecture_id) == (
        territory.d1.pk,
        territory.r1.pk,
        territory.dep1.pk,
        territory.sp1.pk,
    )
    plan = build_plan(
        read_units("move.csv", b"level,pcode,name,parent_pcode\nsous_prefecture,CI260401,Soubre,CI2701\n")
    )
    territory_import_apply(plan=plan, by=None, filename="move.csv")
    aya.refresh_from_db()
    assert (aya.district_id, aya.region_id, aya.departement_id, aya.sous_prefecture_id) == (
        territory.d2.pk,
        territory.r2.pk,
        territory.dep2.pk,
        territory.sp1.pk,
    )
