"""Plain inputs of the register services, shared by web forms, Excel imports and mobile submissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class ChildInput:
    family_name: str
    given_names: str
    sex: str
    schooling: str
    date_of_birth: date | None = None
    declared_age: int | None = None
    birth_certificate: str = "no"
    nationality: str = "CI"
    place_of_origin: str = ""
    arrived_on: date | None = None
    lives_with_parents: str = "both"
    relation_to_head: str = "child"
    grade: str = ""
    disability: bool = False
    guardian_name: str = ""


@dataclass
class HouseholdInput:
    head_family_name: str
    head_sex: str
    size: int
    head_given_names: str = ""
    head_phone: str = ""
    lat: Decimal | None = None
    lon: Decimal | None = None
    gps_accuracy_m: int | None = None
    main_crops: list[str] = field(default_factory=list)
    cooperative_id: int | None = None


@dataclass
class VisitInput:
    visited_on: date
    kind: str = "household"
    activities: list[dict[str, float | str]] = field(default_factory=list)  # [{"code": "CACAO", "hours": 12}]
    hazardous_tasks: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    night_work: bool = False
    works_during_school_hours: bool = False
    attends_school: bool | None = None
    apprenticeship: bool = False
    injured_at_work: bool = False
    injury_note: str = ""
    notes: str = ""
