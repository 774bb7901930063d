"""Bulk registration: same results as the one-by-one services, all or nothing, one audit row, no per-row query."""

from __future__ import annotations

import os
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import Child, Household, Visit
from sosteci.registry.services import household_register, visit_record
from sosteci.registry.services.bulk import ChildEntry, HouseholdEntry, bulk_register
from sosteci.registry.services.bulk import writing as bulk
from tests.conftest import MiniTerritory, Team
from tests.registry.conftest import child_input, household_input

pytestmark = pytest.mark.django_db

CHILD_COMPARED = (
    "family_name",
    "given_names",
    "family_phonetic",
    "given_phonetic",
    "sex",
    "date_of_birth",
    "declared_age",
    "birth_date_estimated",
    "estimated_birth_date",
    "birth_certificate",
    "nationality",
    "lives_with_parents",
    "relation_to_head",
    "schooling",
    "grade",
    "disability",
    "guardian_name",
    "category",
    "classified_on",
    "locality_id",
    "created_by_id",
)
VISIT_COMPARED = (
    "visited_on",
    "kind",
    "activities",
    "hazardous_tasks",
    "indicators",
    "night_work",
    "works_during_school_hours",
    "attends_school",
    "category",
    "reasons",
    "ruleset_version",
    "age_at_visit",
    "weekly_hours",
    "agent_id",
    "recorded_by_id",
)


def _visit(**kwargs) -> VisitInput:
    values = {
        "visited_on": date(2026, 3, 10),
        "activities": [{"code": "L_TRI", "hours": 3}, {"code": "CACAO", "hours": 12}],
        "hazardous_tasks": ["H_MACHETTE", "H_CHARGE"],
    }
    values.update(kwargs)
    return VisitInput(**values)


def _entry(pcode: str, *children: ChildEntry, ref: str = "M01", **household) -> HouseholdEntry:
    return HouseholdEntry(pcode, household_input(**household), list(children), ref=ref)


def test_bulk_register_computes_what_the_services_compute(team: Team, territory: MiniTerritory) -> None:
    children = [
        (child_input(" kouassi ", "aya  marie", guardian_name="Konan"), _visit()),
        (child_input("N'GUESSAN", "Yao", sex="M", date_of_birth=None, declared_age=9), _visit(indicators=["F_DETTE"])),
        (child_input("KOUASSI", "Ahou", date_of_birth=date(2019, 5, 2)), None),
    ]
    one_by_one = household_register(
        by=team.superviseur,
        locality=territory.l1,
        household=household_input(),
        children=[data for data, _visit_input in children],
    )
    for child, (_data, visit) in zip(one_by_one.children.order_by("id"), children, strict=True):
        if visit is not None:
            visit_record(by=team.superviseur, child=child, data=visit, source=Visit.Source.IMPORT)

    result = bulk_register(
        by=team.superviseur,
        households=[_entry(territory.l1.pcode, *(ChildEntry(data, visit) for data, visit in children))],
    )

    bulked = Household.objects.get(code=result.household_codes[0])
    fields = ("head_family_name", "head_given_names", "head_sex", "head_phone", "size", "main_crops", "locality_id")
    assert [getattr(bulked, f) for f in fields] == [getattr(one_by_one, f) for f in fields]
    pairs = zip(one_by_one.children.order_by("id"), bulked.children.order_by("id"), strict=True)
    for expected, got in pairs:
        assert [getattr(got, f) for f in CHILD_COMPARED] == [getattr(expected, f) for f in CHILD_COMPARED]
        assert got.code.startswith("E-") and len(got.code) == 10
        assert uuid.UUID(str(got.uuid)).version == 4
        expected_visits = list(expected.visits.values(*VISIT_COMPARED))
        assert list(got.visits.values(*VISIT_COMPARED)) == expected_visits
    assert bulked.code.startswith("M-") and len(bulked.code) == 10
    assert result.households == 1 and result.children == 3 and result.visits == 2
    categories = dict(bulked.children.values_list("given_names", "category"))
    assert categories["Ahou"] == ""
    assert categories["Aya Marie"] == "hazardous_child_labour"
    assert sum(result.categories.values()) == 3 and result.categories["unclassified"] == 1


def test_one_audit_row_per_import_with_counts_and_codes(
    team: Team, territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "AUDIT_MAX_CODES", 2)
    entries = [
        _entry(territory.l1.pcode, ChildEntry(child_input(), _visit()), ref="A"),
        _entry(territory.l2.pcode, ChildEntry(child_input(given="Adjoua")), ref="B"),
        _entry(territory.l2.pcode, ChildEntry(child_input(given="Affoué")), ref="C"),
    ]
    result = bulk_register(by=team.pointfocal, households=entries, filename="campagne.xlsx", record_id=7)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id, event.object_repr) == (
        "register.import",
        team.pointfocal,
        "7",
        "campagne.xlsx",
    )
    assert event.after["households"] == 3 and event.after["children"] == 3 and event.after["visits"] == 1
    assert event.after["household_codes"] == result.household_codes[:2]
    assert set(Household.objects.values_list("code", flat=True)) == set(result.household_codes)
    assert Visit.objects.get().source == Visit.Source.IMPORT
    assert result.sous_prefecture_ids == [territory.sp1.pk]


def test_a_bad_entry_refuses_the_whole_call(team: Team, territory: MiniTerritory) -> None:
    entries = [
        _entry(territory.l1.pcode, ChildEntry(child_input()), ref="A"),
        _entry(territory.l1.pcode, ChildEntry(child_input(date_of_birth=date(2001, 1, 1))), ref="B"),
        _entry(territory.l1.pcode, ChildEntry(child_input(), _visit(activities=[{"code": "CACAO", "hours": 200}]))),
    ]
    with pytest.raises(ValidationError) as error:
        bulk_register(by=team.superviseur, households=entries)
    keys = set(error.value.message_dict)
    assert keys == {"entry[1] (B).children[0].date_of_birth", "entry[2] (M01).children[0].visit.activities"}
    assert "moins de 18 ans" in error.value.message_dict["entry[1] (B).children[0].date_of_birth"][0]
    assert not Household.objects.exists() and not Child.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("household", "child", "visit", "path", "fragment"),
    [
        ({"size": 0}, {}, None, "household.size", "1 ou plus"),
        ({"head_phone": "12345"}, {}, None, "household.head_phone", "numéro invalide"),
        ({"head_sex": "X"}, {}, None, "household.head_sex", "F ou M"),
        ({"main_crops": ["tabac"]}, {}, None, "household.main_crops", "tabac"),
        ({"lat": Decimal("95"), "lon": Decimal("-6")}, {}, None, "household.lat", "hors des bornes"),
        ({"lat": Decimal("5")}, {}, None, "household.lat", "vont ensemble"),
        ({}, {"family": "  "}, None, "children[0].family_name", "obligatoire"),
        ({}, {"given": "A" * 200}, None, "children[0].given_names", "160 caractères"),
        ({}, {"sex": "X"}, None, "children[0].sex", "F ou M"),
        ({}, {"schooling": ""}, None, "children[0].schooling", "obligatoire"),
        ({}, {"grade": "CM3"}, None, "children[0].grade", "CM3"),
        ({}, {"nationality": "CIV"}, None, "children[0].nationality", "deux lettres"),
        ({}, {"date_of_birth": None}, None, "children[0].date_of_birth", "âge déclaré"),
        ({}, {"date_of_birth": None, "declared_age": 18}, None, "children[0].declared_age", "moins de 18"),
        ({}, {"date_of_birth": date.today() + timedelta(days=2)}, None, "children[0].date_of_birth", "futur"),
        ({}, {"arrived_on": date.today() + timedelta(days=2)}, None, "children[0].arrived_on", "futur"),
        ({}, {}, {"visited_on": date.today() + timedelta(days=1)}, "children[0].visit.visited_on", "futur"),
        ({}, {}, {"visited_on": date(2011, 1, 1)}, "children[0].visit.visited_on", "précède la naissance"),
        ({}, {}, {"kind": "party"}, "children[0].visit.kind", "party"),
        ({}, {}, {"activities": [{"code": "GOLF", "hours": 1}]}, "children[0].visit.activities", "GOLF"),
        (
            {},
            {},
            {"activities": [{"code": "CACAO", "hours": 100}, {"code": "CAFE", "hours": 100}]},
            "children[0].visit.activities",
            "168",
        ),
        ({}, {}, {"hazardous_tasks": ["H_NOPE"]}, "children[0].visit.hazardous_tasks", "H_NOPE"),
        ({}, {}, {"indicators": ["Z_NOPE"]}, "children[0].visit.indicators", "Z_NOPE"),
    ],
)
def test_each_rule_names_the_input(
    team: Team, territory: MiniTerritory, household, child, visit, path, fragment
) -> None:
    entry = _entry(
        territory.l1.pcode,
        ChildEntry(child_input(**child), _visit(**visit) if visit is not None else None),
        **household,
    )
    errors, _localities = bulk.check_entries(
        by=team.superviseur, households=[entry], ruleset=bulk.active_ruleset(), today=timezone.localdate()
    )
    messages = {e.path: e.message for e in errors[0]}
    assert path in messages, messages
    assert fragment.lower() in messages[path].lower()


def test_more_children_than_the_household_size(team: Team, territory: MiniTerritory) -> None:
    entry = _entry(territory.l1.pcode, ChildEntry(child_input()), ChildEntry(child_input(given="Ahou")), size=1)
    with pytest.raises(ValidationError) as error:
        bulk_register(by=team.superviseur, households=[entry])
    assert "2 enfants" in error.value.message_dict["entry[0] (M01).household.size"][0]


def test_localities_are_checked_against_the_jurisdiction(team: Team, territory: MiniTerritory) -> None:
    with pytest.raises(ValidationError) as error:
        bulk_register(by=team.superviseur, households=[_entry(territory.l3.pcode, ChildEntry(child_input()))])
    assert "hors de votre ressort" in error.value.message_dict["entry[0] (M01).locality"][0]
    with pytest.raises(ValidationError) as error:
        bulk_register(by=team.superviseur, households=[_entry(territory.sp1.pcode, ChildEntry(child_input()))])
    assert "n'est pas une localité" in error.value.message_dict["entry[0] (M01).locality"][0]
    with pytest.raises(ValidationError) as error:
        bulk_register(by=team.superviseur, households=[_entry("CI999", ChildEntry(child_input()))])
    assert "CI999" in error.value.message_dict["entry[0] (M01).locality"][0]
    for user in (team.agent, team.analyste, team.partenaire, team.admin):
        with pytest.raises(PermissionDenied):
            bulk_register(by=user, households=[_entry(territory.l1.pcode, ChildEntry(child_input()))])
    assert not Household.objects.exists()
    result = bulk_register(by=None, households=[_entry(territory.l3.pcode, ChildEntry(child_input()))])
    assert result.children == 1  # a system import (by=None) still needs a localité, nothing else


def test_queries_do_not_grow_with_the_rows(team: Team, territory: MiniTerritory) -> None:
    def entries(count: int, prefix: str) -> list[HouseholdEntry]:
        return [
            _entry(
                (territory.l1, territory.l2)[i % 2].pcode,
                *(ChildEntry(child_input(given=f"Aya{k}"), _visit()) for k in range(3)),
                ref=f"{prefix}{i}",
            )
            for i in range(count)
        ]

    with CaptureQueriesContext(connection) as small:
        bulk_register(by=team.superviseur, households=entries(2, "s"))
    with CaptureQueriesContext(connection) as large:
        bulk_register(by=team.superviseur, households=entries(60, "l"))
    assert len(large.captured_queries) == len(small.captured_queries) <= 25
    assert Child.objects.count() == 186 and Visit.objects.count() == 186


def test_new_codes_avoid_codes_in_use(territory: MiniTerritory, monkeypatch: pytest.MonkeyPatch) -> None:
    household_register(by=None, locality=territory.l1, household=household_input(), children=[])
    taken = Household.objects.get()
    Household.objects.filter(pk=taken.pk).update(code="M-22222222")
    draws = iter([bytes(8), os.urandom(8)])  # zero bytes give "M-22222222" first
    monkeypatch.setattr(bulk.secrets, "token_bytes", lambda n: next(draws) if n == 8 else os.urandom(n))
    assert bulk._new_codes(Household, "M", 1) != ["M-22222222"]


def test_nothing_to_register(team: Team) -> None:
    result = bulk_register(by=team.superviseur, households=[])
    assert (result.households, result.children, result.visits) == (0, 0, 0)
    assert not AuditEvent.objects.exists()
