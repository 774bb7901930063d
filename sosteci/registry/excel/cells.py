"""Reading the cells of a register file: dates, numbers, codes and oui/non, as the template describes them.

Each parser takes a cell as openpyxl or csv gives it (text, number, date, boolean) and returns the input value
or raises CellError with a French message (lower-case start, ends with a period).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from sosteci.core.text import name_key
from sosteci.registry.excel.columns import BY_NAME, HOUSEHOLD_NAMES, VISIT_NAMES, choice_lookup

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
_AGE = re.compile(r"^(\d{1,3})(?:[.,]0+)?(?:\s*ans?)?$", re.IGNORECASE)
_SPLIT = re.compile(r"[;\n]+")
_SPLIT_CODES = re.compile(r"[;,\n]+")
_HOURS_UNIT = re.compile(r"\s*h(?:eures?)?$", re.IGNORECASE)  # "12h", "12 heures"


class CellError(ValueError):
    """A cell that cannot be read; the message is French, lower-case start, ends with a period."""


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = parse_text(value)
    match = _DMY.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (match := _YMD.match(text)):
        parts = (match.group(1), match.group(2), match.group(3))
    try:
        if parts is None:
            raise ValueError(text)
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError as exc:
        raise CellError(_("« %(value)s » n'est pas une date valide (JJ/MM/AAAA).") % {"value": text}) from exc
    if day.year < 1900:
        raise CellError(_("« %(value)s » n'est pas une date valide (JJ/MM/AAAA).") % {"value": text})
    return day


def parse_int(value: Any, *, age: bool = False) -> int:
    if isinstance(value, bool):
        raise CellError(_("« %(value)s » n'est pas un nombre entier.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = parse_text(value)
    match = _AGE.match(text) if age else re.fullmatch(r"(\d+)(?:[.,]0+)?", text)
    if not match:
        raise CellError(_("« %(value)s » n'est pas un nombre entier.") % {"value": text})
    return int(match.group(1))


def parse_decimal(value: Any) -> Decimal:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = parse_text(value).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(_("« %(value)s » n'est pas un nombre.") % {"value": text}) from exc
    if not number.is_finite():
        raise CellError(_("« %(value)s » n'est pas un nombre.") % {"value": text})
    return number


def parse_phone(value: Any) -> str:
    """As typed; a number Excel stored without its leading zero (9 digits) gets it back."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value))
        return "0" + digits if len(digits) == 9 else digits
    return parse_text(value)


def parse_codes(value: Any) -> list[str]:
    codes = [c.strip().upper() for c in _SPLIT_CODES.split(parse_text(value)) if c.strip()]
    return list(dict.fromkeys(codes))


def parse_activities(value: Any) -> list[dict[str, float | str]]:
    activities: list[dict[str, float | str]] = []
    for part in _SPLIT.split(parse_text(value)):
        if not part.strip():
            continue
        code, colon, hours = part.partition(":")
        code = code.strip().upper()
        if not colon or not hours.strip():
            raise CellError(
                _("indiquez les heures de chaque activité (CODE:heures), ici « %(part)s ».") % {"part": part.strip()}
            )
        try:
            number = float(_HOURS_UNIT.sub("", hours.strip()).replace(",", "."))
        except ValueError as exc:
            raise CellError(
                _("« %(value)s » n'est pas un nombre d'heures (%(code)s).") % {"value": hours.strip(), "code": code}
            ) from exc
        activities.append({"code": code, "hours": number})
    return activities


CHILD_NAMES = (
    "enfant_nom",
    "enfant_prenoms",
    "sexe",
    "date_naissance",
    "age_declare",
    "acte_naissance",
    "nationalite",
    "lieu_origine",
    "date_arrivee",
    "vit_avec",
    "lien_chef",
    "scolarisation",
    "classe",
    "handicap",
    "tuteur",
)
Parser = Callable[[Any], Any]


class RowReader:
    """Reads the cells of a row into input values; one parser per column, chosen once for the file."""

    def __init__(self, columns: list[str]) -> None:
        self.index = {name: i for i, name in enumerate(columns) if name in BY_NAME}
        self.lookup = choice_lookup()
        self.memo: dict[tuple[str, Any], Any] = {}  # (list, cell) -> stored value: lists repeat a few values
        self.visit_columns = [name for name in VISIT_NAMES if name in self.index]
        self.household_plan = self._plan(HOUSEHOLD_NAMES)
        self.child_plan = self._plan((*CHILD_NAMES, *self.visit_columns))

    def _plan(self, names: tuple[str, ...] | list[str]) -> list[tuple[str, int, Parser]]:
        return [(name, self.index[name], self._parser(name)) for name in names if name in self.index]

    def raw(self, values: tuple[Any, ...], name: str) -> Any:
        position = self.index.get(name)
        return None if position is None else values[position]

    def _parser(self, name: str) -> Parser:
        fixed: dict[str, Parser] = {
            "date_naissance": parse_date,
            "date_arrivee": parse_date,
            "visite_date": parse_date,
            "age_declare": lambda v: parse_int(v, age=True),
            "taille_menage": parse_int,
            "gps_lat": parse_decimal,
            "gps_lon": parse_decimal,
            "chef_telephone": parse_phone,
            "cultures": self.crops,
            "activites": parse_activities,
            "taches_dangereuses": parse_codes,
            "indicateurs": parse_codes,
            "nationalite": lambda v: parse_text(v).upper(),
        }
        if name in fixed:
            return fixed[name]
        list_name = BY_NAME[name].choices
        if list_name == "oui_non":
            return lambda v: self.choice(v, list_name) == "oui"
        if list_name:
            return lambda v: self.choice(v, list_name)
        return parse_text

    def choice(self, value: Any, list_name: str) -> str:
        found = self.memo.get((list_name, value))
        if found is not None:
            return str(found)
        text = ("oui" if value else "non") if isinstance(value, bool) else parse_text(value)
        found = self.lookup[list_name].get(name_key(text))
        if found is None:
            raise CellError(
                _("valeur inconnue « %(value)s » (voir la liste « %(list)s » de la feuille Listes).")
                % {"value": text, "list": list_name}
            )
        self.memo[(list_name, value)] = found
        return found

    def crops(self, value: Any) -> list[str]:
        crops = self.memo.get(("cultures", value))
        if crops is None:
            crops = []
            for part in _SPLIT_CODES.split(parse_text(value)):
                if part.strip():
                    found = self.lookup["cultures"].get(name_key(part))
                    if found is None:
                        raise CellError(_("culture inconnue « %(code)s ».") % {"code": part.strip()})
                    crops.append(found)
            crops = self.memo[("cultures", value)] = list(dict.fromkeys(crops))
        return list(crops)

    @staticmethod
    def read(
        values: tuple[Any, ...], plan: list[tuple[str, int, Parser]], on_error: Callable[[str, str], None]
    ) -> dict[str, Any]:
        """The parsed non-blank cells of the plan's columns; on_error(column, message) for unreadable ones."""
        parsed: dict[str, Any] = {}
        for name, position, parse in plan:
            value = values[position]
            if value is None or value == "" or (value.__class__ is str and value.isspace()):
                continue
            try:
                parsed[name] = parse(value)
            except CellError as exc:
                on_error(name, str(exc))
        return parsed
