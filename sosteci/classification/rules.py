"""Plain data of the classification: categories, a child's profile, rule sets, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any


class Category(StrEnum):
    """From the least to the most serious; a result takes the most serious category a rule gives."""

    NOT_WORKING = "not_working"
    PERMITTED_WORK = "permitted_work"
    AT_RISK = "at_risk"
    CHILD_LABOUR = "child_labour"
    HAZARDOUS = "hazardous_child_labour"
    WORST_FORMS = "worst_forms"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label_fr(self) -> str:
        return CATEGORY_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return CATEGORY_LABELS[self][1]

    @property
    def is_child_labour(self) -> bool:
        """Child labour in the statistical sense (the three categories that open a case)."""
        return self.rank >= Category.CHILD_LABOUR.rank


CATEGORY_ORDER: list[Category] = list(Category)
_RANKS: dict[Category, int] = {category: index for index, category in enumerate(CATEGORY_ORDER)}
CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.NOT_WORKING: ("Ne travaille pas", "Not working"),
    Category.PERMITTED_WORK: ("Travail autorisé", "Permitted work"),
    Category.AT_RISK: ("À risque", "At risk"),
    Category.CHILD_LABOUR: ("Travail des enfants", "Child labour"),
    Category.HAZARDOUS: ("Travail dangereux", "Hazardous child labour"),
    Category.WORST_FORMS: ("Pires formes (traite, travail forcé)", "Worst forms (trafficking, forced labour)"),
}


class IndicatorKind(StrEnum):
    TRAFFICKING_ACT = "trafficking_act"  # recruited, moved, harboured by a third party (Palermo art. 3 (a), (c))
    FORCED_LABOUR = "forced_labour"  # unpaid, debt, confinement, documents withheld, threats
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    ILLICIT = "illicit"  # use of children in illicit activities (loi 2010-272)


class ProfileError(ValueError):
    """A profile that cannot be classified; `field` names the input at fault, `message` is French."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Activity:
    """Something the child did in the last 7 days, with the hours it took."""

    code: str
    hours: float = 0.0


@dataclass(frozen=True)
class Profile:
    """What a visit observed about a child; age is taken at the visit date."""

    visit_date: date
    date_of_birth: date | None = None
    declared_age: int | None = None  # years at the visit date, when the birth date is unknown
    activities: tuple[Activity, ...] = ()
    hazardous_tasks: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    night_work: bool = False
    works_during_school_hours: bool = False
    attends_school: bool | None = None
    apprenticeship: bool = False
    injured_at_work: bool = False
    lives_with_parents: bool | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """From JSON-like data (dates as ISO strings); raises ProfileError on a bad field."""

        def day(name: str) -> date | None:
            value = data.get(name)
            if value in (None, ""):
                return None
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError as exc:
                raise ProfileError(name, f"date invalide « {value} » (attendu AAAA-MM-JJ)") from exc

        visit = day("visit_date")
        if visit is None:
            raise ProfileError("visit_date", "la date de visite est obligatoire")
        activities = []
        for index, item in enumerate(data.get("activities") or []):
            if isinstance(item, str):
                item = {"code": item, "hours": 0}
            try:
                activities.append(Activity(code=str(item["code"]), hours=float(item.get("hours") or 0)))
            except (KeyError, TypeError, ValueError) as exc:
                raise ProfileError(f"activities[{index}]", "activité illisible (code et heures attendus)") from exc
        age = data.get("declared_age")
        return cls(
            visit_date=visit,
            date_of_birth=day("date_of_birth"),
            declared_age=int(age) if age not in (None, "") else None,
            activities=tuple(activities),
            hazardous_tasks=frozenset(data.get("hazardous_tasks") or ()),
            indicators=frozenset(data.get("indicators") or ()),
            night_work=bool(data.get("night_work")),
            works_during_school_hours=bool(data.get("works_during_school_hours")),
            attends_school=data.get("attends_school"),
            apprenticeship=bool(data.get("apprenticeship")),
            injured_at_work=bool(data.get("injured_at_work")),
            lives_with_parents=data.get("lives_with_parents"),
        )


@dataclass(frozen=True)
class ListItem:
    """An entry of a reference list: a code with French and English labels and its source."""

    code: str
    label_fr: str
    label_en: str = ""
    source: str = ""
    kind: str = ""  # indicators: an IndicatorKind; activities: "economic" or "household"


@dataclass(frozen=True)
class RuleSet:
    """A versioned set of legal parameters and reference lists, each with its source."""

    version: str
    title: str
    valid_from: date
    sources: dict[str, str]
    parameters: dict[str, float]
    activities: tuple[ListItem, ...]
    light_tasks: tuple[ListItem, ...]
    hazardous_tasks: tuple[ListItem, ...]
    indicators: tuple[ListItem, ...]

    def param(self, name: str) -> float:
        return self.parameters[name]

    # Code sets are derived once per rule set (classify runs millions of times on one rule set).
    @cached_property
    def activity_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.activities) | self.light_codes

    @cached_property
    def light_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.light_tasks)

    @cached_property
    def household_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.activities if i.kind == "household")

    @cached_property
    def hazardous_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.hazardous_tasks)

    @cached_property
    def _indicators_by_kind(self) -> dict[str | None, frozenset[str]]:
        by_kind: dict[str | None, frozenset[str]] = {None: frozenset(i.code for i in self.indicators)}
        for kind in IndicatorKind:
            by_kind[kind] = frozenset(i.code for i in self.indicators if i.kind == kind)
        return by_kind

    def indicator_codes(self, kind: IndicatorKind | None = None) -> frozenset[str]:
        return self._indicators_by_kind[kind]

    @cached_property
    def _labels(self) -> dict[str, tuple[str, str]]:
        items = (*self.activities, *self.light_tasks, *self.hazardous_tasks, *self.indicators)
        return {i.code: (i.label_fr, i.label_en or i.label_fr) for i in items}

    def label(self, code: str) -> tuple[str, str]:
        return self._labels.get(code, (code, code))

    def as_dict(self) -> dict[str, Any]:
        def items(values: tuple[ListItem, ...]) -> list[dict[str, str]]:
            return [{k: v for k, v in vars(i).items() if v} for i in values]

        return {
            "version": self.version,
            "title": self.title,
            "valid_from": self.valid_from.isoformat(),
            "sources": self.sources,
            "parameters": self.parameters,
            "activities": items(self.activities),
            "light_tasks": items(self.light_tasks),
            "hazardous_tasks": items(self.hazardous_tasks),
            "indicators": items(self.indicators),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        def items(key: str) -> tuple[ListItem, ...]:
            return tuple(ListItem(**entry) for entry in data.get(key, []))

        return cls(
            version=str(data["version"]),
            title=data.get("title", ""),
            valid_from=date.fromisoformat(data["valid_from"]),
            sources=dict(data.get("sources", {})),
            parameters={k: float(v) for k, v in data["parameters"].items()},
            activities=items("activities"),
            light_tasks=items("light_tasks"),
            hazardous_tasks=items("hazardous_tasks"),
            indicators=items("indicators"),
        )


@dataclass(frozen=True)
class Reason:
    """One rule that fired: its code, the category it gives, a sentence in French and English, its source."""

    rule: str
    category: Category
    text_fr: str
    text_en: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "category": self.category.value,
            "text_fr": self.text_fr,
            "text_en": self.text_en,
            "source": self.source,
        }


@dataclass(frozen=True)
class Result:
    category: Category
    reasons: tuple[Reason, ...]
    ruleset_version: str
    age: int
    age_estimated: bool
    weekly_hours: float = 0.0

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r.rule for r in self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "reasons": [r.as_dict() for r in self.reasons],
            "ruleset_version": self.ruleset_version,
            "age": self.age,
            "age_estimated": self.age_estimated,
            "weekly_hours": self.weekly_hours,
        }
