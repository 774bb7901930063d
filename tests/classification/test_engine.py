"""Table-driven tests of every rule and every boundary age, and properties that must always hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sosteci.classification import Activity, Category, Profile, ProfileError, classify, default_ruleset

RS = default_ruleset()
VISIT = date(2026, 6, 15)


def born(age: int) -> date:
    """A birth date giving exactly `age` on VISIT (birthday the day before)."""
    return date(VISIT.year - age, 6, 14)


def profile(age: int, *activities: tuple[str, float], **kwargs) -> Profile:
    return Profile(
        visit_date=VISIT, date_of_birth=born(age), activities=tuple(Activity(c, h) for c, h in activities), **kwargs
    )


CASES = [
    # (id, profile, category, rules that must fire)
    ("nothing", profile(10), Category.NOT_WORKING, set()),
    ("chores-only", profile(10, ("MENAGE", 10)), Category.NOT_WORKING, set()),
    ("chores-28h", profile(10, ("MENAGE", 28)), Category.CHILD_LABOUR, {"CL_CHORES_HOURS"}),
    ("chores-27h", profile(10, ("MENAGE", 27)), Category.NOT_WORKING, set()),
    # Boundary 12/13: light work starts at 13.
    ("12-light", profile(12, ("L_RAMASSAGE", 4)), Category.CHILD_LABOUR, {"CL_UNDER_MIN_AGE"}),
    ("13-light", profile(13, ("L_RAMASSAGE", 4)), Category.PERMITTED_WORK, {"OK_LIGHT"}),
    ("13-light-14h", profile(13, ("L_RAMASSAGE", 14)), Category.PERMITTED_WORK, {"OK_LIGHT"}),
    ("13-light-15h", profile(13, ("L_RAMASSAGE", 15)), Category.CHILD_LABOUR, {"CL_LIGHT_HOURS"}),
    ("13-not-light", profile(13, ("CACAO", 4)), Category.CHILD_LABOUR, {"CL_NOT_LIGHT"}),
    (
        "13-school-hours",
        profile(13, ("L_TRI", 4), works_during_school_hours=True),
        Category.CHILD_LABOUR,
        {"CL_SCHOOL_HOURS"},
    ),
    # Apprenticeship from 14.
    ("13-apprentice", profile(13, ("ARTISANAT", 10), apprenticeship=True), Category.CHILD_LABOUR, {"CL_NOT_LIGHT"}),
    ("14-apprentice", profile(14, ("ARTISANAT", 30), apprenticeship=True), Category.PERMITTED_WORK, {"OK_APPRENTICE"}),
    # Boundary 15/16: minimum age for employment 16.
    ("15-not-light", profile(15, ("CACAO", 10)), Category.CHILD_LABOUR, {"CL_NOT_LIGHT"}),
    ("16-not-light", profile(16, ("CACAO", 10)), Category.PERMITTED_WORK, {"OK_WORKING_AGE"}),
    ("16-42h", profile(16, ("CACAO", 42)), Category.PERMITTED_WORK, {"OK_WORKING_AGE"}),
    ("16-43h", profile(16, ("CACAO", 43)), Category.HAZARDOUS, {"HZ_HOURS"}),
    # Boundary 17/18: hazardous work forbidden under 18; 18 is out of the register.
    (
        "17-machete",
        profile(17, ("CACAO", 6), hazardous_tasks=frozenset({"H_MACHETTE"})),
        Category.HAZARDOUS,
        {"HZ_TASK"},
    ),
    ("17-night", profile(17, ("COMMERCE", 6), night_work=True), Category.HAZARDOUS, {"HZ_NIGHT"}),
    ("17-injury", profile(17, ("CACAO", 6), injured_at_work=True), Category.HAZARDOUS, {"HZ_INJURY"}),
    ("night-without-work", profile(15, night_work=True), Category.NOT_WORKING, set()),
    (
        "hazard-alone-is-work",
        profile(9, hazardous_tasks=frozenset({"H_CHARGE"})),
        Category.HAZARDOUS,
        {"HZ_TASK", "CL_UNDER_MIN_AGE"},
    ),
    # Worst forms.
    (
        "trafficked",
        profile(14, ("CACAO", 30), indicators=frozenset({"T_DEPLACE_TIERS"})),
        Category.WORST_FORMS,
        {"WF_TRAFFICKING", "CL_NOT_LIGHT", "CL_LIGHT_HOURS"},
    ),
    ("forced", profile(16, ("DOMESTIQUE", 30), indicators=frozenset({"F_DETTE"})), Category.WORST_FORMS, {"WF_FORCED"}),
    ("forced-sign-without-work", profile(16, indicators=frozenset({"F_DETTE"})), Category.NOT_WORKING, set()),
    ("sexual", profile(15, indicators=frozenset({"S_EXPLOITATION"})), Category.WORST_FORMS, {"WF_SEXUAL"}),
    ("illicit", profile(11, indicators=frozenset({"I_ILLICITE"})), Category.WORST_FORMS, {"WF_ILLICIT"}),
    (
        "moved-not-working",
        profile(12, indicators=frozenset({"T_RECRUTE_TIERS"})),
        Category.AT_RISK,
        {"RK_TRAFFICKING_SIGNS"},
    ),
    # At risk.
    ("out-of-school-15", profile(15, attends_school=False), Category.AT_RISK, {"RK_OUT_OF_SCHOOL"}),
    ("out-of-school-16", profile(16, attends_school=False), Category.NOT_WORKING, set()),
    ("out-of-school-5", profile(5, attends_school=False), Category.NOT_WORKING, set()),
    ("out-of-school-6", profile(6, attends_school=False), Category.AT_RISK, {"RK_OUT_OF_SCHOOL"}),
    ("separated", profile(8, lives_with_parents=False), Category.AT_RISK, {"RK_SEPARATED"}),
    (
        "light-but-out-of-school",
        profile(14, ("L_TRI", 5), attends_school=False),
        Category.AT_RISK,
        {"RK_OUT_OF_SCHOOL"},
    ),
]


@pytest.mark.parametrize(("profile_", "category", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(profile_: Profile, category: Category, rules: set[str]) -> None:
    result = classify(profile_, RS)
    assert result.category == category
    assert set(result.rules) == rules
    assert result.ruleset_version == "2026.1"
    for reason in result.reasons:
        assert reason.text_fr and reason.text_en and reason.source


def test_every_rule_is_covered_by_a_case() -> None:
    from sosteci.classification.engine import RULES

    fired = {rule for _, p, _, _ in CASES for rule in classify(p, RS).rules}
    assert len(RULES) == 15
    assert fired == {
        "WF_SEXUAL",
        "WF_ILLICIT",
        "WF_FORCED",
        "WF_TRAFFICKING",
        "HZ_TASK",
        "HZ_NIGHT",
        "HZ_HOURS",
        "HZ_INJURY",
        "CL_UNDER_MIN_AGE",
        "CL_NOT_LIGHT",
        "CL_LIGHT_HOURS",
        "CL_SCHOOL_HOURS",
        "CL_CHORES_HOURS",
        "OK_LIGHT",
        "OK_APPRENTICE",
        "OK_WORKING_AGE",
        "RK_OUT_OF_SCHOOL",
        "RK_SEPARATED",
        "RK_TRAFFICKING_SIGNS",
    }


def test_reasons_are_sorted_most_serious_first_and_cite_the_law() -> None:
    result = classify(
        profile(
            14, ("CACAO", 30), hazardous_tasks=frozenset({"H_MACHETTE"}), indicators=frozenset({"T_RECRUTE_TIERS"})
        ),
        RS,
    )
    ranks = [r.category.rank for r in result.reasons]
    assert ranks == sorted(ranks, reverse=True)
    assert result.reasons[0].rule == "WF_TRAFFICKING"
    assert "Palerme" in result.reasons[0].source
    machete = next(r for r in result.reasons if r.rule == "HZ_TASK")
    assert "machette" in machete.text_fr
    assert "2 juin 2017" in machete.source


def test_age_is_taken_at_the_visit_date() -> None:
    birth = date(2013, 6, 16)  # 13 on 2026-06-16, still 12 the day before
    work = (Activity("L_RAMASSAGE", 4),)
    assert classify(Profile(visit_date=date(2026, 6, 15), date_of_birth=birth, activities=work), RS).age == 12
    on_birthday = classify(Profile(visit_date=date(2026, 6, 16), date_of_birth=birth, activities=work), RS)
    assert (on_birthday.age, on_birthday.category) == (13, Category.PERMITTED_WORK)


def test_declared_age_is_marked_estimated() -> None:
    result = classify(Profile(visit_date=VISIT, declared_age=11), RS)
    assert (result.age, result.age_estimated) == (11, True)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (Profile(visit_date=VISIT, date_of_birth=date(2027, 1, 1)), "date_of_birth"),
        (profile(18), "date_of_birth"),
        (Profile(visit_date=VISIT, declared_age=19), "declared_age"),
        (Profile(visit_date=VISIT), "date_of_birth"),
        (profile(12, ("CACAO", 169)), "activities[0]"),
        (profile(12, ("CACAO", 100), ("VIVRIER", 100)), "activities"),
        (profile(12, ("INCONNU", 3)), "activities[0]"),
        (profile(12, hazardous_tasks=frozenset({"H_XYZ"})), "hazardous_tasks"),
        (profile(12, indicators=frozenset({"X"})), "indicators"),
    ],
)
def test_bad_profiles_name_the_field(bad: Profile, field: str) -> None:
    with pytest.raises(ProfileError) as error:
        classify(bad, RS)
    assert error.value.field == field
    assert error.value.message  # French sentence


def test_profile_from_dict_reports_bad_dates() -> None:
    with pytest.raises(ProfileError) as error:
        Profile.from_dict({"visit_date": "2026-02-30"})
    assert error.value.field == "visit_date"


# Properties.

ages = st.integers(min_value=5, max_value=17)
codes = st.sampled_from(sorted(RS.activity_codes))
activities = st.lists(st.tuples(codes, st.integers(min_value=0, max_value=40)), max_size=4)
hazards = st.frozensets(st.sampled_from(sorted(RS.hazardous_codes)), max_size=3)
indicators = st.frozensets(st.sampled_from(sorted(RS.indicator_codes())), max_size=3)
profiles = st.builds(
    lambda age, acts, hz, ind, night, school, parents: profile(
        age,
        *acts,
        hazardous_tasks=hz,
        indicators=ind,
        night_work=night,
        attends_school=school,
        lives_with_parents=parents,
    ),
    ages,
    activities,
    hazards,
    indicators,
    st.booleans(),
    st.sampled_from([True, False, None]),
    st.sampled_from([True, False, None]),
)


@settings(max_examples=300, deadline=None)
@given(profiles, st.sampled_from(sorted(RS.hazardous_codes)))
def test_adding_a_hazardous_task_never_lowers_the_category(p: Profile, task: str) -> None:
    before = classify(p, RS).category
    after = classify(replace(p, hazardous_tasks=p.hazardous_tasks | {task}), RS).category
    assert after.rank >= before.rank
    assert after.rank >= Category.HAZARDOUS.rank


@settings(max_examples=300, deadline=None)
@given(profiles, st.sampled_from(sorted(RS.indicator_codes())))
def test_adding_an_indicator_never_lowers_the_category(p: Profile, indicator: str) -> None:
    before = classify(p, RS).category
    after = classify(replace(p, indicators=p.indicators | {indicator}), RS).category
    assert after.rank >= before.rank


@settings(max_examples=300, deadline=None)
@given(profiles, st.integers(min_value=1, max_value=20))
def test_more_hours_never_lower_the_category(p: Profile, extra: int) -> None:
    if not p.activities or sum(a.hours for a in p.activities) + extra > 168:
        return
    first, *rest = p.activities
    longer = replace(p, activities=(Activity(first.code, first.hours + extra), *rest))
    assert classify(longer, RS).category.rank >= classify(p, RS).category.rank


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_result_is_the_most_serious_reason_and_is_deterministic(p: Profile) -> None:
    result = classify(p, RS)
    assert result == classify(p, RS)
    if result.reasons:
        assert result.category == max((r.category for r in result.reasons), key=lambda c: c.rank)
    else:
        assert result.category == Category.NOT_WORKING
    if result.category.is_child_labour:
        assert p.activities or p.hazardous_tasks or p.indicators


def test_ruleset_round_trips_through_plain_data() -> None:
    from sosteci.classification import RuleSet

    assert RuleSet.from_dict(RS.as_dict()) == RS
