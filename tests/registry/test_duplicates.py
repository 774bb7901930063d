"""Duplicate children: the scoring table, the blocked scan, and the supervisor's merge and dismiss."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import combinations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sosteci.access.models import AuditEvent
from sosteci.registry.duplicates import ChildFacts, find_pairs, matches_for, score
from sosteci.registry.inputs import ChildInput, VisitInput
from sosteci.registry.models import Child, DuplicateCandidate, Visit
from sosteci.registry.services import (
    duplicate_dismiss,
    duplicate_merge,
    duplicate_scan,
    duplicates_for_child,
    household_register,
    visit_record,
)
from sosteci.registry.services.duplicates import child_facts
from sosteci.territory.models import AdminUnit
from tests.conftest import MiniTerritory, Team
from tests.registry.conftest import Register, child_input, household_input

# ---------------------------------------------------------------------------------------------------------------
# Scoring (pure)

AYA = ChildFacts("KOUASSI", "Aya", "F", 2012, locality_id=1, household_id=10)
ELSEWHERE = replace(AYA, household_id=11)  # same locality, another household
SAME = "Noms identiques"
SOUND = "Noms de même prononciation"
YEAR = "Même année de naissance"
LOCALITY = "Même localité"
HOUSEHOLD = "Même ménage"

SCORES = [
    # (id, a, b, score, reasons that must be given)
    ("identical-same-locality", ELSEWHERE, AYA, 0.90, {SAME, SOUND, YEAR, LOCALITY}),
    ("typo", ELSEWHERE, replace(AYA, family_name="KOUASI"), 0.84, {"Noms très proches (95 %)", SOUND, YEAR}),
    ("order-insensitive", ELSEWHERE, replace(AYA, family_name="Aya", given_names="Kouassi"), 0.90, {SAME}),
    ("accent-and-case-insensitive", ELSEWHERE, replace(AYA, family_name="Kouassï", given_names="ayà"), 0.90, {SAME}),
    (
        "extra-given-name",
        replace(ELSEWHERE, family_name="KOUAME", given_names="Jean"),
        replace(AYA, family_name="KOUAME", given_names="Jean-Baptiste"),
        0.804,
        {"Tous les mots d'un nom figurent dans l'autre, qui a des prénoms en plus", YEAR},
    ),
    ("same-household", AYA, replace(AYA, given_names="Aya"), 0.95, {HOUSEHOLD}),
    ("another-locality", replace(AYA, locality_id=2, household_id=20), AYA, 0.80, {SAME, YEAR}),
    ("one-year-exact", ELSEWHERE, replace(AYA, birth_year=2013), 0.82, {"Années de naissance à 1 an d'écart"}),
    (
        "one-year-estimated",
        ELSEWHERE,
        replace(AYA, birth_year=2011, birth_date_estimated=True),
        0.85,
        {"Années de naissance à 1 an d'écart, date estimée"},
    ),
    (
        "three-years-estimated",
        replace(ELSEWHERE, birth_date_estimated=True),
        replace(AYA, birth_year=2015),
        0.75,
        {"Années de naissance à 3 ans d'écart, date estimée"},
    ),
    (
        "two-years-exact",
        ELSEWHERE,
        replace(AYA, birth_year=2014),
        0.35,
        {"Années de naissance trop éloignées (2 ans d'écart)"},
    ),
    (
        "four-years-estimated",
        ELSEWHERE,
        replace(AYA, birth_year=2016, birth_date_estimated=True),
        0.35,
        {"Années de naissance trop éloignées (4 ans d'écart)"},
    ),
    ("different-sex", ELSEWHERE, replace(AYA, sex="M"), 0.50, {SAME, "Sexes différents"}),
    (
        "same-guardian-capped-at-1",
        replace(AYA, guardian_name="KOUASSI Konan"),
        replace(AYA, guardian_name="Konan Kouassi"),
        1.0,
        {HOUSEHOLD, "Même tuteur"},
    ),
    (
        "close-guardian",
        replace(ELSEWHERE, guardian_name="KOUASSI Konan"),
        replace(AYA, guardian_name="KOUASSI Konan Paul"),
        0.95,
        {"Tuteurs aux noms proches (84 %)"},
    ),
    (
        "other-guardian-brings-nothing",
        replace(ELSEWHERE, guardian_name="KOUASSI Konan"),
        replace(AYA, guardian_name="KOUASSI Koffi"),
        0.90,
        set(),
    ),
    ("different-names", ELSEWHERE, replace(AYA, family_name="KONE", given_names="Moussa"), 0.30, {YEAR, LOCALITY}),
    (
        "sister-a-year-younger",
        replace(AYA, guardian_name="KOUASSI Konan"),
        replace(AYA, given_names="Ahou", birth_year=2013, guardian_name="KOUASSI Konan"),
        0.698,
        {"Noms proches (78 %)", HOUSEHOLD, "Même tuteur"},
    ),
    ("brother-yao", AYA, replace(AYA, given_names="Yao", sex="M", birth_year=2015), 0.0, {"Sexes différents"}),
]


@pytest.mark.parametrize(("a", "b", "expected", "reasons"), [c[1:] for c in SCORES], ids=[c[0] for c in SCORES])
def test_score_table(a: ChildFacts, b: ChildFacts, expected: float, reasons: set[str]) -> None:
    match = score(a, b)
    assert match.score == pytest.approx(expected, abs=0.001)
    assert reasons <= set(match.reasons), match.reasons
    assert score(b, a) == match  # symmetric
    assert 0 <= match.score <= 1


def test_the_default_threshold_separates_the_table() -> None:
    proposed = {case[0] for case in SCORES if score(case[1], case[2]).score >= 0.75}
    assert proposed == {
        "identical-same-locality",
        "typo",
        "order-insensitive",
        "accent-and-case-insensitive",
        "extra-given-name",
        "same-household",
        "another-locality",
        "one-year-exact",
        "one-year-estimated",
        "three-years-estimated",
        "same-guardian-capped-at-1",
        "close-guardian",
        "other-guardian-brings-nothing",
    }


FAMILY = ["KOUASSI", "KOUASI", "KONE", "KOUADIO", "KONAN", "N'GUESSAN", "COULIBALY", "KOULIBALY", "TRAORE", "YAO"]
GIVEN = ["Aya", "Awa", "Ahou", "Affoue", "Akissi", "Yao", "Koffi", "Moussa", "Fatou", "Jean", "Jean Baptiste"]


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.75, 0.9])
def test_blocked_search_finds_what_comparing_every_pair_finds(threshold: float) -> None:
    rng = random.Random(7)
    children = {
        n: ChildFacts(
            rng.choice(FAMILY),
            rng.choice(GIVEN),
            rng.choice("FM"),
            rng.randint(2008, 2022),
            birth_date_estimated=rng.random() < 0.3,
            locality_id=rng.randint(1, 4),
            household_id=rng.randint(1, 60),
            guardian_name=rng.choice(["", "KOUASSI Konan", "KONE Adama"]),
        )
        for n in range(400)
    }
    found = {(p.low, p.high): p.match for p in find_pairs(children, threshold)}
    expected = {
        (i, j): score(children[i], children[j])
        for i, j in combinations(children, 2)
        if children[i].block_keys & children[j].block_keys and score(children[i], children[j]).score >= threshold
    }
    assert found == expected
    assert found  # the sample does contain pairs
    one = next(iter(expected))[0]
    assert {(p.low, p.high) for p in matches_for(one, children[one], children, threshold)} == {
        pair for pair in expected if one in pair
    }


def test_names_sharing_no_phonetic_key_are_never_compared() -> None:
    a = ChildFacts("KOUASSI", "Aya", "F", 2012)
    b = ChildFacts("GOUASSI", "Iya", "F", 2012)  # close spelling, other keys: not in the same block
    assert not a.block_keys & b.block_keys
    assert find_pairs({1: a, 2: b}, 0.1) == []


# ---------------------------------------------------------------------------------------------------------------
# Scan and detection


def add_household(locality: AdminUnit, *children: ChildInput, head: str = "KOUADIO") -> list[Child]:
    """A household registered by a system import (no actor), with its children in the given order."""
    household = household_register(
        by=None, locality=locality, household=household_input(head_family_name=head), children=list(children)
    )
    return list(household.children.order_by("pk"))


def pair_of(a: Child, b: Child) -> DuplicateCandidate:
    low, high = sorted((a.pk, b.pk))
    return DuplicateCandidate.objects.get(child_a_id=low, child_b_id=high)


def test_scan_proposes_a_misspelt_child_of_the_same_locality(register: Register, territory: MiniTerritory) -> None:
    [dup] = add_household(territory.l1, child_input("KOUASI", "Aya"))
    assert duplicate_scan(unit=territory.sp1) == 1
    candidate = pair_of(register.aya, dup)
    assert candidate.child_a_id < candidate.child_b_id
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert float(candidate.score) == pytest.approx(0.84)
    assert "Noms très proches (95 %)" in candidate.reasons
    assert AuditEvent.objects.filter(action="duplicate.scan", object_id=str(territory.sp1.pk)).count() == 1
    assert duplicate_scan(unit=territory.sp1) == 0  # nothing new the second time
    assert DuplicateCandidate.objects.count() == 1


@pytest.mark.parametrize(
    "other",
    [
        child_input("KOUASSI", "Aya", sex="M"),
        child_input("KOUASSI", "Aya", date_of_birth=date(2015, 3, 1)),
        child_input("KONE", "Moussa"),
    ],
    ids=["different-sex", "three-years-apart", "other-names"],
)
def test_scan_leaves_different_children_alone(register: Register, territory: MiniTerritory, other: ChildInput) -> None:
    add_household(territory.l1, other)
    assert duplicate_scan(unit=territory.pays) == 0
    assert not DuplicateCandidate.objects.exists()


def test_scan_never_brings_back_a_dismissed_pair(register: Register, territory: MiniTerritory, team: Team) -> None:
    [dup] = add_household(territory.l1, child_input("KOUASI", "Aya"))
    duplicate_scan(unit=territory.sp1)
    duplicate_dismiss(by=team.superviseur, candidate=pair_of(register.aya, dup))
    assert duplicate_scan(unit=territory.sp1) == 0
    assert duplicates_for_child(child=dup) == 0
    assert list(DuplicateCandidate.objects.values_list("status", flat=True)) == ["dismissed"]


def test_scan_does_not_compare_across_sous_prefectures(register: Register, territory: MiniTerritory) -> None:
    [in_sp2] = add_household(territory.l3, child_input("KOUASSI", "Aya"))
    assert duplicate_scan(unit=territory.pays) == 0
    assert duplicates_for_child(child=in_sp2) == 0
    [in_l2] = add_household(territory.l2, child_input("KOUASSI", "Aya"))  # same sous-préfecture as Aya
    assert duplicate_scan(unit=territory.pays) == 1
    assert DuplicateCandidate.objects.get() == pair_of(register.aya, in_l2)


def test_scan_is_limited_to_the_unit(register: Register, territory: MiniTerritory) -> None:
    add_household(territory.l2, child_input("KOUASSI", "Aya"))
    assert duplicate_scan(unit=territory.l2) == 0  # Aya lives in l1, outside the scanned unit
    assert duplicate_scan(unit=territory.sp2) == 0
    assert duplicate_scan(unit=territory.dep1) == 1


def test_merged_children_are_not_scanned(register: Register, territory: MiniTerritory) -> None:
    [dup, twin] = add_household(territory.l1, child_input("KOUASI", "Aya"), child_input("KOUASSI", "Ayah"))
    Child.objects.filter(pk=dup.pk).update(merged_into=twin)
    dup.refresh_from_db()
    assert duplicates_for_child(child=dup) == 0
    duplicate_scan(unit=territory.sp1)
    assert not DuplicateCandidate.objects.filter(child_b=dup).exists()
    assert not DuplicateCandidate.objects.filter(child_a=dup).exists()


def test_a_newly_registered_child_is_compared_with_its_sous_prefecture(
    register: Register, territory: MiniTerritory
) -> None:
    [dup] = add_household(territory.l2, child_input("Aya", "Kouassi", guardian_name="KOUASSI Konan"))
    assert duplicates_for_child(child=dup) == 1
    candidate = pair_of(register.aya, dup)
    assert "Noms identiques" in candidate.reasons
    assert AuditEvent.objects.get(action="duplicate.detect").after["with"] == [register.aya.pk]
    assert duplicates_for_child(child=dup) == 0


# ---------------------------------------------------------------------------------------------------------------
# Merge and dismiss


def age_today(born: date) -> int:
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.fixture
def duplicate(register: Register, territory: MiniTerritory, team: Team) -> Child:
    """Aya registered again in another household of l1: misspelt, age declared, a guardian, a later visit."""
    [dup] = add_household(
        territory.l1,
        child_input(
            "KOUASI",
            "Aya",
            date_of_birth=None,
            declared_age=age_today(date(2012, 3, 1)),
            guardian_name="KOUASSI Konan",
            place_of_origin="Daloa",
        ),
    )
    visit_record(by=team.agent, child=dup, data=VisitInput(visited_on=date(2026, 5, 1), attends_school=True))
    assert duplicates_for_child(child=dup) == 1
    return dup


def test_merge_moves_visits_fills_the_gaps_and_keeps_the_history(
    register: Register, duplicate: Child, team: Team
) -> None:
    aya = register.aya
    candidate = pair_of(aya, duplicate)
    audit_before = AuditEvent.objects.count()

    kept = duplicate_merge(by=team.superviseur, candidate=candidate, keep=aya)

    assert kept.pk == aya.pk
    assert Visit.objects.filter(child=aya).count() == 2
    assert not Visit.objects.filter(child=duplicate).exists()
    aya.refresh_from_db()
    assert (aya.guardian_name, aya.place_of_origin) == ("KOUASSI Konan", "Daloa")
    assert (aya.date_of_birth, aya.birth_date_estimated) == (date(2012, 3, 1), False)  # already exact: kept
    assert (aya.category, aya.classified_on) == ("not_working", date(2026, 5, 1))  # the latest visit now
    duplicate.refresh_from_db()  # the record stays, pointing to the kept child, with no category of its own
    assert duplicate.merged_into_id == aya.pk
    assert duplicate.category == ""
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED
    assert candidate.reviewed_by == team.superviseur
    assert candidate.reviewed_at is not None
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.get(action="child.merge")
    assert (event.object_id, event.actor) == (str(aya.pk), team.superviseur)
    assert event.after["merged"] == duplicate.code
    assert event.after["visits_moved"] == 1
    assert event.after["filled"] == ["guardian_name", "place_of_origin"]
    assert (event.before["category"], event.after["category"]) == ("hazardous_child_labour", "not_working")
    with pytest.raises(ValidationError):  # the merged-away record takes no more visits
        visit_record(by=team.agent, child=duplicate, data=VisitInput(visited_on=date(2026, 6, 1)))


def test_keeping_the_estimated_record_takes_the_exact_birth_date(
    register: Register, duplicate: Child, team: Team
) -> None:
    duplicate_merge(by=team.pointfocal, candidate=pair_of(register.aya, duplicate), keep=duplicate)
    duplicate.refresh_from_db()
    assert (duplicate.date_of_birth, duplicate.estimated_birth_date) == (date(2012, 3, 1), date(2012, 3, 1))
    assert not duplicate.birth_date_estimated
    assert duplicate.guardian_name == "KOUASSI Konan"  # not replaced: it was not empty
    assert Visit.objects.filter(child=duplicate).count() == 2
    assert AuditEvent.objects.get(action="child.merge").after["filled"] == ["date_of_birth"]


def propose(a: Child, b: Child) -> DuplicateCandidate:
    low, high = sorted((a.pk, b.pk))
    return DuplicateCandidate.objects.create(child_a_id=low, child_b_id=high, score="0.800", reasons=["test"])


def test_merge_repoints_or_closes_the_other_open_pairs(
    register: Register, duplicate: Child, territory: MiniTerritory, team: Team
) -> None:
    aya = register.aya
    [third, fourth] = add_household(territory.l2, child_input("KOUASSI", "Aya"), child_input("KOUASSI", "Aya Marie"))
    DuplicateCandidate.objects.exclude(pk=pair_of(aya, duplicate).pk).delete()
    with_third, kept_with_third, with_fourth = propose(aya, third), propose(duplicate, third), propose(aya, fourth)

    duplicate_merge(by=team.superviseur, candidate=pair_of(aya, duplicate), keep=duplicate)

    with_third.refresh_from_db()  # (duplicate, third) exists already: this one is closed
    assert (with_third.status, with_third.reviewed_by) == (DuplicateCandidate.Status.DISMISSED, team.superviseur)
    kept_with_third.refresh_from_db()
    assert kept_with_third.status == DuplicateCandidate.Status.OPEN
    with_fourth.refresh_from_db()  # re-pointed to the kept child, scored again, still to review
    assert with_fourth.status == DuplicateCandidate.Status.OPEN
    assert (with_fourth.child_a_id, with_fourth.child_b_id) == tuple(sorted((duplicate.pk, fourth.pk)))
    assert with_fourth.reasons != ["test"]
    assert with_fourth.score == score_of(duplicate, fourth)
    event = AuditEvent.objects.get(action="child.merge")
    assert (event.after["candidates_repointed"], event.after["candidates_dismissed"]) == (
        [with_fourth.pk],
        [with_third.pk],
    )


def score_of(a: Child, b: Child) -> Decimal:
    a.refresh_from_db()
    b.refresh_from_db()
    return Decimal(str(score(child_facts(a), child_facts(b)).score)).quantize(Decimal("0.001"))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("superviseur", True),
        ("pointfocal", True),
        ("superviseur_sp2", False),
        ("agent", False),
        ("analyste", False),
        ("admin", False),
        ("partenaire", False),
        ("prestataire", False),
        ("operateur", False),
    ],
)
def test_who_may_merge_and_dismiss(register: Register, duplicate: Child, team: Team, role: str, allowed: bool) -> None:
    user = getattr(team, role)
    candidate = pair_of(register.aya, duplicate)
    if allowed:
        duplicate_dismiss(by=user, candidate=candidate)
        candidate.refresh_from_db()
        assert candidate.status == DuplicateCandidate.Status.DISMISSED
        event = AuditEvent.objects.get(action="duplicate.dismiss")
        assert (event.actor, event.after["status"]) == (user, "dismissed")
        return
    with pytest.raises(PermissionDenied):
        duplicate_merge(by=user, candidate=candidate, keep=register.aya)
    with pytest.raises(PermissionDenied):
        duplicate_dismiss(by=user, candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert Visit.objects.filter(child=duplicate).count() == 1
    assert not AuditEvent.objects.filter(action__in=["child.merge", "duplicate.dismiss"]).exists()


def test_a_pair_with_a_child_outside_the_jurisdiction_is_refused(
    register: Register, territory: MiniTerritory, team: Team
) -> None:
    [far] = add_household(territory.l3, child_input("KOUASI", "Aya"))
    low, high = sorted((register.aya.pk, far.pk))
    candidate = DuplicateCandidate.objects.create(child_a_id=low, child_b_id=high, score="0.900")
    for user in (team.superviseur, team.superviseur_sp2):
        with pytest.raises(PermissionDenied):
            duplicate_merge(by=user, candidate=candidate, keep=register.aya)


def test_a_decided_pair_cannot_be_decided_again(register: Register, duplicate: Child, team: Team) -> None:
    candidate = pair_of(register.aya, duplicate)
    duplicate_dismiss(by=team.superviseur, candidate=candidate)
    with pytest.raises(ValidationError) as error:
        duplicate_merge(by=team.superviseur, candidate=candidate, keep=register.aya)
    assert "déjà été traité" in error.value.messages[0]
    with pytest.raises(ValidationError):
        duplicate_dismiss(by=team.superviseur, candidate=candidate)
    assert Visit.objects.filter(child=duplicate).count() == 1
    assert AuditEvent.objects.filter(action="duplicate.dismiss").count() == 1


def test_the_kept_child_must_belong_to_the_pair(register: Register, duplicate: Child, team: Team) -> None:
    with pytest.raises(ValidationError) as error:
        duplicate_merge(by=team.superviseur, candidate=pair_of(register.aya, duplicate), keep=register.yao)
    assert "keep" in error.value.message_dict


def test_a_failure_inside_the_merge_changes_nothing(
    register: Register, duplicate: Child, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr("sosteci.registry.services.duplicates.audit_record", broken)
    candidate = pair_of(register.aya, duplicate)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        duplicate_merge(by=team.superviseur, candidate=candidate, keep=register.aya)
    aya = Child.objects.get(pk=register.aya.pk)
    assert (aya.guardian_name, aya.category) == ("", "hazardous_child_labour")
    assert Visit.objects.filter(child=aya).count() == 1
    assert Visit.objects.filter(child=duplicate).count() == 1
    duplicate.refresh_from_db()
    assert (duplicate.merged_into_id, duplicate.category) == (None, "not_working")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reviewed_by) == (DuplicateCandidate.Status.OPEN, None)
    assert AuditEvent.objects.count() == audit_before
