"""Checking many households, children and visits at once in plain Python: the rules of the one-by-one
services (`household_register`, `visit_record`) and of the models' `full_clean()`, without the ORM."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.classification import RuleSet
from sosteci.classification.engine import HOURS_IN_A_WEEK
from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.models import Child, Crop, Sex, Visit
from sosteci.registry.services.households import estimate_birth_date
from sosteci.registry.validators import normalise_phone
from sosteci.territory.models import AdminUnit, Level

QUERY_CHUNK = 900  # values per IN (...) lookup: under SQLite's historical 999-variable limit
_NATIONALITY = re.compile(r"^[A-Z]{2}$")


@dataclass
class ChildEntry:
    data: ChildInput
    visit: VisitInput | None = None


@dataclass
class HouseholdEntry:
    """One household to register: its localité (P-code), head, children and their optional first visits."""

    locality_pcode: str
    household: HouseholdInput
    children: list[ChildEntry] = field(default_factory=list)
    ref: str = ""  # the reference the file gave it (menage_ref), for reports


@dataclass(frozen=True)
class EntryError:
    """A broken rule; `path` names the input: "locality", "household.size", "children[2].visit.activities"."""

    path: str
    message: str  # French, lower-case start, ends with a period


@dataclass(frozen=True)
class Locality:
    pcode: str
    id: int | None
    error: str = ""
    sous_prefecture_id: int | None = None
    ancestor_ids: tuple[int | None, ...] = (None, None, None, None)  # district, région, département, SP


@dataclass
class BulkResult:
    households: int = 0
    children: int = 0
    visits: int = 0
    categories: dict[str, int] = field(default_factory=dict)  # current category of the new children
    household_codes: list[str] = field(default_factory=list)  # in the order of the entries
    # Where the new children live: what a duplicate scan (services.duplicate_scan) should look at.
    sous_prefecture_ids: list[int] = field(default_factory=list)


def resolve_localities(*, by: User | None, pcodes: Iterable[str]) -> dict[str, Locality]:
    """Each P-code with its unit id, or the French reason it cannot take households (one query per 900)."""
    wanted = sorted({p for p in pcodes if p})
    found: dict[str, AdminUnit] = {}
    columns = ("id", "pcode", "name", "level", "district_id", "region_id", "departement_id", "sous_prefecture_id")
    for start in range(0, len(wanted), QUERY_CHUNK):
        chunk = wanted[start : start + QUERY_CHUNK]
        found.update((u.pcode, u) for u in AdminUnit.objects.filter(pcode__in=chunk).only(*columns))
    result: dict[str, Locality] = {}
    for pcode in wanted:
        unit = found.get(pcode)
        if unit is None:
            error = _("aucune localité ne porte le P-code « %(pcode)s ».") % {"pcode": pcode}
        elif unit.level != Level.LOCALITE:
            error = _("« %(unit)s » (%(pcode)s) n'est pas une localité.") % {"unit": unit.name, "pcode": pcode}
        elif by is not None and not may(by, Perm.CHILD_IMPORT, unit):
            error = _("la localité « %(unit)s » est hors de votre ressort territorial.") % {"unit": unit.name}
        else:
            error = ""
        sous_prefecture = unit.sous_prefecture_id if unit else None
        ancestors = (unit.district_id, unit.region_id, unit.departement_id, sous_prefecture) if unit else (None,) * 4
        result[pcode] = Locality(pcode, unit.pk if unit else None, error, sous_prefecture, ancestors)
    return result


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_of(data: ChildInput, today: date) -> tuple[date, bool] | None:
    """The birth date the register keeps (known, or estimated from the declared age) and whether estimated."""
    if data.date_of_birth is not None:
        return data.date_of_birth, False
    if data.declared_age is not None and data.declared_age >= 0:
        return estimate_birth_date(data.declared_age, today), True
    return None


class HouseholdChecker:
    """The rules of `household_register`, `visit_record` and the models' `full_clean()`, in plain Python."""

    def __init__(self, *, ruleset: RuleSet, today: date, localities: dict[str, Locality]) -> None:
        self.ruleset, self.today, self.localities = ruleset, today, localities
        self.adult = int(ruleset.param("adult_age"))
        self.activity_codes = ruleset.activity_codes
        self.hazardous_codes = ruleset.hazardous_codes
        self.indicator_codes = ruleset.indicator_codes()
        self.sexes = frozenset(Sex.values)
        self.crops = frozenset(Crop.values)
        self.choices = (
            ("birth_certificate", frozenset(Child.BirthCertificate.values)),
            ("lives_with_parents", frozenset(Child.Parents.values)),
            ("relation_to_head", frozenset(Child.Relation.values)),
            ("schooling", frozenset(Child.Schooling.values)),
            ("grade", frozenset(Child.Grade.values) | {""}),
        )
        self.kinds = frozenset(Visit.Kind.values)

    def errors(self, entry: HouseholdEntry) -> list[EntryError]:
        errors: list[EntryError] = []
        locality = self.localities.get(entry.locality_pcode)
        if locality is None or locality.error:
            message = locality.error if locality else _("le P-code de la localité est obligatoire.")
            errors.append(EntryError("locality", message))
        self._household(entry.household, len(entry.children), errors)
        for index, child in enumerate(entry.children):
            self._child(index, child, errors)
        return errors

    @staticmethod
    def _missing(value: str) -> str:
        return "" if value else _("cette information est obligatoire.")

    @staticmethod
    def _text(path: str, value: str, max_length: int, errors: list[EntryError], required: bool) -> None:
        if len(value) <= max_length and (not required or (value and not value.isspace())):
            return  # the common case, decided without building anything
        length = len(" ".join(value.split()))
        if required and not length:
            errors.append(EntryError(path, _("cette information est obligatoire.")))
        elif length > max_length:
            message = _("%(max)s caractères au plus (ici %(n)s).") % {"max": max_length, "n": length}
            errors.append(EntryError(path, message))

    def _household(self, data: HouseholdInput, children: int, errors: list[EntryError]) -> None:
        self._text("household.head_family_name", data.head_family_name, 120, errors, True)
        self._text("household.head_given_names", data.head_given_names, 160, errors, False)
        if data.head_sex not in self.sexes:
            errors.append(EntryError("household.head_sex", self._missing(data.head_sex) or _("sexe attendu : F ou M.")))
        if data.head_phone:
            try:
                normalise_phone(data.head_phone)
            except ValidationError as exc:
                errors.append(EntryError("household.head_phone", _lower(" ".join(exc.messages))))
        if not 1 <= data.size <= 32767:
            errors.append(
                EntryError("household.size", _("la taille du ménage est un nombre de personnes (1 ou plus)."))
            )
        elif children > data.size:
            message = _("le ménage compte %(size)s personnes mais %(n)s enfants sont déclarés.") % {
                "size": data.size,
                "n": children,
            }
            errors.append(EntryError("household.size", message))
        unknown = [c for c in data.main_crops if c not in self.crops]
        if unknown:
            errors.append(
                EntryError("household.main_crops", _("culture inconnue « %(code)s ».") % {"code": unknown[0]})
            )
        if data.gps_accuracy_m is not None and data.gps_accuracy_m < 0:
            errors.append(EntryError("household.gps_accuracy_m", _("la précision ne peut pas être négative.")))
        if (data.lat is None) != (data.lon is None):
            errors.append(EntryError("household.lat", _("la latitude et la longitude vont ensemble.")))
        for name, value, limit in (("lat", data.lat, 90), ("lon", data.lon, 180)):
            if value is not None and not -limit <= value <= limit:
                message = _("%(value)s est hors des bornes (±%(limit)s).") % {"value": value, "limit": limit}
                errors.append(EntryError(f"household.{name}", message))

    def _child(self, index: int, entry: ChildEntry, errors: list[EntryError]) -> None:
        data, prefix = entry.data, f"children[{index}]."
        self._text(prefix + "family_name", data.family_name, 120, errors, True)
        self._text(prefix + "given_names", data.given_names, 160, errors, True)
        self._text(prefix + "place_of_origin", data.place_of_origin, 160, errors, False)
        self._text(prefix + "guardian_name", data.guardian_name, 160, errors, False)
        if data.sex not in self.sexes:
            errors.append(EntryError(prefix + "sex", self._missing(data.sex) or _("sexe attendu : F ou M.")))
        for name, allowed in self.choices:
            value = getattr(data, name)
            if value not in allowed:
                message = self._missing(value) or _("valeur inconnue « %(value)s ».") % {"value": value}
                errors.append(EntryError(prefix + name, message))
        if len(data.nationality) != 2 or not _NATIONALITY.match(data.nationality):
            errors.append(EntryError(prefix + "nationality", _("code pays à deux lettres attendu (CI, BF, ML…).")))
        if data.arrived_on is not None and data.arrived_on > self.today:
            errors.append(EntryError(prefix + "arrived_on", _("la date est dans le futur.")))
        if data.declared_age is not None and data.declared_age < 0:
            errors.append(EntryError(prefix + "declared_age", _("l'âge ne peut pas être négatif.")))
            return
        birth = birth_of(data, self.today)
        if birth is None:
            message = _("indiquez la date de naissance ou, à défaut, l'âge déclaré.")
            errors.append(EntryError(prefix + "date_of_birth", message))
            return
        day, estimated = birth
        where = prefix + ("declared_age" if estimated else "date_of_birth")
        if day > self.today:
            errors.append(EntryError(where, _("la date est dans le futur.")))
            return
        age = cast(int, data.declared_age) if estimated else _age(day, self.today)
        if age >= self.adult:
            message = _("l'enfant a %(age)s ans : le registre suit les enfants de moins de %(adult)s ans.") % {
                "age": age,
                "adult": self.adult,
            }
            errors.append(EntryError(where, message))
            return
        if entry.visit is not None:
            self._visit(prefix + "visit.", entry.visit, day, errors)

    def _visit(self, prefix: str, visit: VisitInput, birth: date, errors: list[EntryError]) -> None:
        if visit.visited_on > self.today:
            errors.append(EntryError(prefix + "visited_on", _("la date est dans le futur.")))
        elif visit.visited_on < birth:
            message = _("la visite (%(visit)s) précède la naissance (%(birth)s).") % {
                "visit": f"{visit.visited_on:%d/%m/%Y}",
                "birth": f"{birth:%d/%m/%Y}",
            }
            errors.append(EntryError(prefix + "visited_on", message))
        if visit.kind not in self.kinds:
            errors.append(EntryError(prefix + "kind", _("valeur inconnue « %(value)s ».") % {"value": visit.kind}))
        total = 0.0
        for item in visit.activities:
            code, hours = str(item["code"]), float(item.get("hours") or 0)
            if code not in self.activity_codes:
                message = _("code d'activité inconnu « %(code)s ».") % {"code": code}
                errors.append(EntryError(prefix + "activities", message))
            elif not 0 <= hours <= HOURS_IN_A_WEEK:
                message = _("%(code)s : %(hours)s heures, il en faut entre 0 et 168 par semaine.") % {
                    "code": code,
                    "hours": f"{hours:g}",
                }
                errors.append(EntryError(prefix + "activities", message))
            total += hours
        if total > HOURS_IN_A_WEEK:
            message = _("%(hours)s heures en 7 jours : une semaine n'en compte que 168.") % {"hours": f"{total:g}"}
            errors.append(EntryError(prefix + "activities", message))
        unknown = sorted(set(visit.hazardous_tasks) - self.hazardous_codes)
        if unknown:
            message = _("tâche dangereuse inconnue « %(code)s ».") % {"code": unknown[0]}
            errors.append(EntryError(prefix + "hazardous_tasks", message))
        unknown = sorted(set(visit.indicators) - self.indicator_codes)
        if unknown:
            errors.append(
                EntryError(prefix + "indicators", _("indicateur inconnu « %(code)s ».") % {"code": unknown[0]})
            )


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:] if message else message
