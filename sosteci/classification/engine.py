"""The rules of Ivorian law on child labour and trafficking, applied to one profile.

Each rule is a small function returning the reasons it fires; `classify` runs them all and takes the most
serious category. Thresholds and lists come from the rule set, never from this code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sosteci.classification.rules import (
    Category,
    IndicatorKind,
    Profile,
    ProfileError,
    Reason,
    Result,
    RuleSet,
)

HOURS_IN_A_WEEK = 168


@dataclass(frozen=True)
class Facts:
    """What the rules look at, derived once from the profile."""

    profile: Profile
    ruleset: RuleSet
    age: int
    age_estimated: bool
    economic_hours: float
    chores_hours: float
    economic_codes: frozenset[str]

    @property
    def working(self) -> bool:
        """Economic activity in the last 7 days (any hours), or any hazardous task."""
        return bool(self.economic_codes) or bool(self.profile.hazardous_tasks)

    def indicators(self, kind: IndicatorKind) -> frozenset[str]:
        return self.profile.indicators & self.ruleset.indicator_codes(kind)


def age_at(visit: date, birth: date) -> int:
    return visit.year - birth.year - ((visit.month, visit.day) < (birth.month, birth.day))


def _validate(profile: Profile, ruleset: RuleSet) -> tuple[int, bool]:
    """Check the profile against the rule set; return (age, estimated) or raise ProfileError."""
    if profile.date_of_birth is not None:
        if profile.date_of_birth > profile.visit_date:
            raise ProfileError("date_of_birth", "la date de naissance est postérieure à la date de visite")
        age, estimated = age_at(profile.visit_date, profile.date_of_birth), False
    elif profile.declared_age is not None:
        age, estimated = profile.declared_age, True
    else:
        raise ProfileError("date_of_birth", "date de naissance ou âge déclaré obligatoire")
    adult = int(ruleset.param("adult_age"))
    if age < 0:
        raise ProfileError("declared_age", "l'âge ne peut pas être négatif")
    if age >= adult:
        raise ProfileError(
            "date_of_birth" if not estimated else "declared_age",
            f"l'enfant a {age} ans à la date de visite : le registre suit les enfants de moins de {adult} ans",
        )
    known = ruleset.activity_codes
    for index, activity in enumerate(profile.activities):
        if activity.code not in known:
            raise ProfileError(f"activities[{index}]", f"code d'activité inconnu « {activity.code} »")
        if not 0 <= activity.hours <= HOURS_IN_A_WEEK:
            raise ProfileError(f"activities[{index}]", f"{activity.hours:g} heures : entre 0 et 168 par semaine")
    total = sum(a.hours for a in profile.activities)
    if total > HOURS_IN_A_WEEK:
        raise ProfileError("activities", f"{total:g} heures en 7 jours : une semaine n'en compte que 168")
    unknown = profile.hazardous_tasks - ruleset.hazardous_codes
    if unknown:
        raise ProfileError("hazardous_tasks", f"tâche dangereuse inconnue « {sorted(unknown)[0]} »")
    unknown = profile.indicators - ruleset.indicator_codes()
    if unknown:
        raise ProfileError("indicators", f"indicateur inconnu « {sorted(unknown)[0]} »")
    return age, estimated


def _facts(profile: Profile, ruleset: RuleSet) -> Facts:
    age, estimated = _validate(profile, ruleset)
    household = ruleset.household_codes
    economic = [a for a in profile.activities if a.code not in household and a.hours > 0]
    return Facts(
        profile=profile,
        ruleset=ruleset,
        age=age,
        age_estimated=estimated,
        economic_hours=sum(a.hours for a in economic),
        chores_hours=sum(a.hours for a in profile.activities if a.code in household),
        economic_codes=frozenset(a.code for a in economic),
    )


Rule = Callable[[Facts], Iterator[Reason]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def _reason(facts: Facts, code: str, category: Category, fr: str, en: str, source: str) -> Reason:
    return Reason(
        rule=code, category=category, text_fr=fr, text_en=en, source=facts.ruleset.sources.get(source, source)
    )


def _labels(facts: Facts, codes: frozenset[str]) -> tuple[str, str]:
    labels = [facts.ruleset.label(code) for code in sorted(codes)]
    return ", ".join(fr for fr, _ in labels), ", ".join(en for _, en in labels)


# Worst forms: trafficking, forced labour, sexual exploitation, illicit activities.


@rule
def worst_sexual_exploitation(f: Facts) -> Iterator[Reason]:
    found = f.indicators(IndicatorKind.SEXUAL_EXPLOITATION)
    if found:
        fr, en = _labels(f, found)
        yield _reason(
            f,
            "WF_SEXUAL",
            Category.WORST_FORMS,
            f"Exploitation sexuelle : {fr}.",
            f"Sexual exploitation: {en}.",
            "loi_2010_272",
        )


@rule
def worst_illicit(f: Facts) -> Iterator[Reason]:
    found = f.indicators(IndicatorKind.ILLICIT)
    if found:
        fr, en = _labels(f, found)
        yield _reason(
            f,
            "WF_ILLICIT",
            Category.WORST_FORMS,
            f"Utilisation dans des activités illicites : {fr}.",
            f"Used in illicit activities: {en}.",
            "loi_2010_272",
        )


@rule
def worst_forced_labour(f: Facts) -> Iterator[Reason]:
    found = f.indicators(IndicatorKind.FORCED_LABOUR)
    if found and f.working:
        fr, en = _labels(f, found)
        yield _reason(
            f, "WF_FORCED", Category.WORST_FORMS, f"Travail forcé : {fr}.", f"Forced labour: {en}.", "loi_2010_272"
        )


@rule
def worst_trafficking(f: Facts) -> Iterator[Reason]:
    acts = f.indicators(IndicatorKind.TRAFFICKING_ACT)
    exploited = (
        f.working or f.indicators(IndicatorKind.FORCED_LABOUR) or f.indicators(IndicatorKind.SEXUAL_EXPLOITATION)
    )
    if acts and exploited:
        fr, en = _labels(f, acts)
        yield _reason(
            f,
            "WF_TRAFFICKING",
            Category.WORST_FORMS,
            f"Traite d'enfant : {fr}, à des fins d'exploitation (les moyens ne sont pas requis pour un enfant).",
            f"Child trafficking: {en}, for exploitation (no means required for a child).",
            "palermo_art3",
        )


# Hazardous work, forbidden under 18.


@rule
def hazardous_tasks(f: Facts) -> Iterator[Reason]:
    if f.profile.hazardous_tasks:
        fr, en = _labels(f, f.profile.hazardous_tasks)
        yield _reason(
            f,
            "HZ_TASK",
            Category.HAZARDOUS,
            f"Travaux dangereux interdits avant 18 ans : {fr}.",
            f"Hazardous work forbidden under 18: {en}.",
            "arrete_2017_dangereux",
        )


@rule
def hazardous_night(f: Facts) -> Iterator[Reason]:
    if f.profile.night_work and f.working:
        yield _reason(
            f,
            "HZ_NIGHT",
            Category.HAZARDOUS,
            "Travail de nuit, interdit avant 18 ans.",
            "Night work, forbidden under 18.",
            "arrete_2017_dangereux",
        )


@rule
def hazardous_long_hours(f: Facts) -> Iterator[Reason]:
    limit = f.ruleset.param("long_hours_threshold")
    if f.economic_hours >= limit:
        yield _reason(
            f,
            "HZ_HOURS",
            Category.HAZARDOUS,
            f"{f.economic_hours:g} heures de travail en 7 jours (seuil des longues heures : {limit:g} h).",
            f"{f.economic_hours:g} hours of work in 7 days (long-hours threshold: {limit:g} h).",
            "icls_2008",
        )


@rule
def hazardous_injury(f: Facts) -> Iterator[Reason]:
    if f.profile.injured_at_work and f.working:
        yield _reason(
            f, "HZ_INJURY", Category.HAZARDOUS, "Blessure survenue au travail.", "Injured while working.", "icls_2008"
        )


# Child labour: under the minimum ages, or beyond what light work allows.


@rule
def below_light_work_age(f: Facts) -> Iterator[Reason]:
    minimum = int(f.ruleset.param("light_work_min_age"))
    if f.age < minimum and f.working:
        yield _reason(
            f,
            "CL_UNDER_MIN_AGE",
            Category.CHILD_LABOUR,
            f"Activité économique à {f.age} ans : aucun travail n'est permis avant {minimum} ans.",
            f"Economic activity at age {f.age}: no work is allowed under {minimum}.",
            "arrete_2017_legers",
        )


def _light_age(f: Facts) -> bool:
    return int(f.ruleset.param("light_work_min_age")) <= f.age < int(f.ruleset.param("min_age_employment"))


def _apprentice(f: Facts) -> bool:
    return f.profile.apprenticeship and f.age >= int(f.ruleset.param("apprenticeship_min_age"))


@rule
def light_work_limits(f: Facts) -> Iterator[Reason]:
    if not (_light_age(f) and f.working):
        return
    minimum = int(f.ruleset.param("min_age_employment"))
    not_light = f.economic_codes - f.ruleset.light_codes
    if not_light and not _apprentice(f):
        fr, en = _labels(f, not_light)
        yield _reason(
            f,
            "CL_NOT_LIGHT",
            Category.CHILD_LABOUR,
            f"À {f.age} ans, seuls les travaux légers de la liste sont permis ; hors liste : {fr}.",
            f"At age {f.age}, only listed light work is allowed; not listed: {en}.",
            "arrete_2017_legers",
        )
    limit = f.ruleset.param("light_work_max_hours")
    if f.economic_hours > limit and not _apprentice(f):
        yield _reason(
            f,
            "CL_LIGHT_HOURS",
            Category.CHILD_LABOUR,
            f"{f.economic_hours:g} heures en 7 jours : au-delà de {limit:g} h, ce n'est plus du travail léger "
            f"(moins de {minimum} ans).",
            f"{f.economic_hours:g} hours in 7 days: above {limit:g} h it is no longer light work (under {minimum}).",
            "icls_2008",
        )
    if f.profile.works_during_school_hours:
        yield _reason(
            f,
            "CL_SCHOOL_HOURS",
            Category.CHILD_LABOUR,
            "Travaille pendant les heures de classe : le travail léger doit laisser l'école intacte.",
            "Works during school hours: light work must not harm schooling.",
            "arrete_2017_legers",
        )


@rule
def household_chores(f: Facts) -> Iterator[Reason]:
    limit = f.ruleset.param("household_chores_max_hours")
    if f.chores_hours >= limit:
        yield _reason(
            f,
            "CL_CHORES_HOURS",
            Category.CHILD_LABOUR,
            f"{f.chores_hours:g} heures de tâches ménagères en 7 jours (seuil : {limit:g} h).",
            f"{f.chores_hours:g} hours of household chores in 7 days (threshold: {limit:g} h).",
            "icls_2008",
        )


# Permitted work.


@rule
def permitted(f: Facts) -> Iterator[Reason]:
    if not f.working:
        return
    minimum = int(f.ruleset.param("min_age_employment"))
    if f.age >= minimum:
        yield _reason(
            f,
            "OK_WORKING_AGE",
            Category.PERMITTED_WORK,
            f"À {f.age} ans, un travail non dangereux est permis (âge minimum : {minimum} ans).",
            f"At {f.age}, non-hazardous work is allowed (minimum age: {minimum}).",
            "code_travail_2015",
        )
    elif _apprentice(f):
        yield _reason(
            f,
            "OK_APPRENTICE",
            Category.PERMITTED_WORK,
            f"Apprentissage à {f.age} ans, permis à partir de {int(f.ruleset.param('apprenticeship_min_age'))} ans.",
            f"Apprenticeship at {f.age}, allowed from {int(f.ruleset.param('apprenticeship_min_age'))}.",
            "code_travail_2015",
        )
    elif _light_age(f):
        yield _reason(
            f,
            "OK_LIGHT",
            Category.PERMITTED_WORK,
            f"Travaux légers de la liste à {f.age} ans.",
            f"Listed light work at age {f.age}.",
            "arrete_2017_legers",
        )


# At risk: not (yet) in child labour, but exposed.


@rule
def out_of_school(f: Facts) -> Iterator[Reason]:
    start = int(f.ruleset.param("compulsory_school_from"))
    end = int(f.ruleset.param("compulsory_school_until"))
    if f.profile.attends_school is False and start <= f.age < end:
        yield _reason(
            f,
            "RK_OUT_OF_SCHOOL",
            Category.AT_RISK,
            f"Non scolarisé à {f.age} ans alors que l'école est obligatoire de {start} à {end} ans.",
            f"Out of school at {f.age} while school is compulsory from {start} to {end}.",
            "loi_2015_ecole",
        )


@rule
def separated(f: Facts) -> Iterator[Reason]:
    if f.profile.lives_with_parents is False:
        yield _reason(
            f, "RK_SEPARATED", Category.AT_RISK, "Vit sans ses parents.", "Lives without their parents.", "palermo_art3"
        )


@rule
def moved_without_work(f: Facts) -> Iterator[Reason]:
    acts = f.indicators(IndicatorKind.TRAFFICKING_ACT)
    if acts and not f.working:
        fr, en = _labels(f, acts)
        yield _reason(
            f,
            "RK_TRAFFICKING_SIGNS",
            Category.AT_RISK,
            f"Signes de traite sans exploitation constatée : {fr}.",
            f"Signs of trafficking without observed exploitation: {en}.",
            "loi_2016_traite",
        )


def classify(profile: Profile, ruleset: RuleSet) -> Result:
    """The category of the child at the visit, with every rule that fired (most serious first)."""
    facts = _facts(profile, ruleset)
    reasons = [reason for check in RULES for reason in check(facts)]
    category = max((r.category for r in reasons), key=lambda c: c.rank, default=Category.NOT_WORKING)
    if category.rank > Category.PERMITTED_WORK.rank:
        # "Permitted" reasons no longer describe the situation once a more serious rule fired.
        reasons = [r for r in reasons if r.category != Category.PERMITTED_WORK]
    reasons.sort(key=lambda r: -r.category.rank)
    return Result(
        category=category,
        reasons=tuple(reasons),
        ruleset_version=ruleset.version,
        age=facts.age,
        age_estimated=facts.age_estimated,
        weekly_hours=facts.economic_hours,
    )
