"""Turn an uploaded file (CSV, XLSX or GeoJSON) into rows of administrative units, or say why it cannot."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from sosteci.core.text import clean_spaces, name_key
from sosteci.territory.models import Level

# COD-AB columns ADMn map onto our levels: ADM1 = région (with the autonomous districts of Abidjan and
# Yamoussoukro at that level, as in COD-AB 2018), ADM2 = département, ADM3 = sous-préfecture, ADM4 = localité.
CODAB_LEVELS: dict[int, Level] = {
    1: Level.REGION,
    2: Level.DEPARTEMENT,
    3: Level.SOUS_PREFECTURE,
    4: Level.LOCALITE,
}
LEVEL_ALIASES: dict[str, Level] = {
    "PAYS": Level.PAYS,
    "COUNTRY": Level.PAYS,
    "DISTRICT": Level.DISTRICT,
    "REGION": Level.REGION,
    "DEPARTEMENT": Level.DEPARTEMENT,
    "DEPARTMENT": Level.DEPARTEMENT,
    "SOUSPREFECTURE": Level.SOUS_PREFECTURE,
    "SUBPREFECTURE": Level.SOUS_PREFECTURE,
    "LOCALITE": Level.LOCALITE,
    "LOCALITY": Level.LOCALITE,
    "VILLAGE": Level.LOCALITE,
}
LAT_COLUMNS = ("lat", "latitude", "y")
LON_COLUMNS = ("lon", "lng", "long", "longitude", "x")
POPULATION_COLUMNS = ("population", "pop")
PCODE_RE = re.compile(r"^[A-Za-z0-9-]{2,24}$")
MAX_ROWS = 200_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns); the message is for users."""


@dataclass
class UnitRow:
    """One administrative unit as a file describes it."""

    level: Level
    pcode: str
    name: str
    parent_pcode: str | None = None
    lat: Decimal | None = None
    lon: Decimal | None = None
    population: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    geometry: dict[str, Any] | None = None


@dataclass
class FileRow:
    """One row (or GeoJSON feature) of a file: the chain of units it declares, top-down."""

    number: int
    units: list[UnitRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def label(self) -> str:
        return f"{self.source}:{self.number}" if self.source else str(self.number)


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM) or a clear French error naming the first bad byte."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "Le fichier n'est pas encodé en UTF-8 (octet invalide à la position %(position)s). "
                "Enregistrez-le au format « CSV UTF-8 » puis recommencez."
            )
            % {"position": exc.start}
        ) from exc


def parse_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def parse_int(value: Any) -> int | None:
    if value is None:
        return None
    text = re.sub(r"[\s\u202f\u00a0]", "", str(value))
    if not text:
        return None
    if not re.fullmatch(r"\d+(\.0+)?", text):
        raise ValueError(text)
    return int(Decimal(text))


def _cell(row: dict[str, Any], *names: str) -> str:
    for name in names:
        value = row.get(name)
        if value is not None and str(value).strip():
            return clean_spaces(str(value))
    return ""


def _coords_and_population(row: dict[str, Any], unit: UnitRow, errors: list[str]) -> None:
    lat_text, lon_text = _cell(row, *LAT_COLUMNS), _cell(row, *LON_COLUMNS)
    try:
        unit.lat, unit.lon = parse_decimal(lat_text), parse_decimal(lon_text)
    except ValueError as exc:
        errors.append(_("Coordonnées illisibles : « %(value)s » n'est pas un nombre.") % {"value": exc})
        unit.lat = unit.lon = None
    if (unit.lat is None) != (unit.lon is None):
        errors.append(_("Coordonnées incomplètes : la latitude et la longitude vont ensemble."))
        unit.lat = unit.lon = None
    pop_text = _cell(row, *POPULATION_COLUMNS)
    try:
        unit.population = parse_int(pop_text)
    except ValueError as exc:
        errors.append(_("Population illisible : « %(value)s » n'est pas un entier.") % {"value": exc})


def _check_pcode(pcode: str, column: str, errors: list[str]) -> None:
    if not PCODE_RE.match(pcode):
        errors.append(
            _("P-code invalide dans %(column)s : « %(pcode)s » (lettres, chiffres et tirets, 2 à 24).")
            % {"column": column, "pcode": pcode}
        )


def codab_row(number: int, row: dict[str, Any], max_level: int) -> FileRow:
    """A COD-AB style row (ADM1_FR, ADM1_PCODE … ADM4_FR, ADM4_PCODE) as a chain of units."""
    file_row = FileRow(number=number)
    present: list[int] = []
    for n in range(1, max_level + 1):
        pcode = _cell(row, f"adm{n}_pcode")
        name = _cell(row, f"adm{n}_fr", f"adm{n}_name")
        if not pcode and not name:
            continue
        present.append(n)
        if not pcode:
            file_row.errors.append(_("P-code manquant dans ADM%(n)s_PCODE.") % {"n": n})
            continue
        if not name:
            file_row.errors.append(_("Nom manquant dans ADM%(n)s_FR.") % {"n": n})
            continue
        _check_pcode(pcode, f"ADM{n}_PCODE", file_row.errors)
        parent = file_row.units[-1].pcode if file_row.units else None
        file_row.units.append(UnitRow(level=CODAB_LEVELS[n], pcode=pcode, name=name, parent_pcode=parent))
    if not present:
        file_row.errors.append(_("Ligne vide : aucun ADMn_PCODE n'est rempli."))
        return file_row
    expected = list(range(present[0], present[-1] + 1))
    if present[0] != 1 or present != expected:
        missing = [n for n in range(1, present[-1] + 1) if n not in present]
        file_row.errors.append(
            _("Niveau sauté : ADM%(missing)s est vide alors que ADM%(deepest)s est rempli.")
            % {"missing": ", ADM".join(str(m) for m in missing), "deepest": present[-1]}
        )
    if file_row.units and not file_row.errors:
        _coords_and_population(row, file_row.units[-1], file_row.errors)
    return file_row


def flat_row(number: int, row: dict[str, Any]) -> FileRow:
    """A flat row (level, pcode, name, parent_pcode [, lat, lon, chef_lieu, population, source])."""
    file_row = FileRow(number=number)
    level_text = _cell(row, "level", "niveau")
    level = LEVEL_ALIASES.get(name_key(level_text))
    pcode, name = _cell(row, "pcode", "p-code", "code"), _cell(row, "name", "nom")
    parent = _cell(row, "parent_pcode", "parent")
    if level is None:
        file_row.errors.append(_("Niveau inconnu : « %(level)s ».") % {"level": level_text})
    if not pcode:
        file_row.errors.append(_("P-code manquant (colonne pcode)."))
    else:
        _check_pcode(pcode, "pcode", file_row.errors)
    if not name:
        file_row.errors.append(_("Nom manquant (colonne name)."))
    if file_row.errors or level is None:
        return file_row
    unit = UnitRow(level=level, pcode=pcode, name=name, parent_pcode=parent or None)
    for column in ("chef_lieu", "source", "external_code"):
        value = _cell(row, column)
        if value:
            unit.fields[column] = value
    _coords_and_population(row, unit, file_row.errors)
    file_row.units.append(unit)
    return file_row


def _normalise_header(header: list[Any]) -> list[str]:
    return [str(h or "").strip().lower() for h in header]


def rows_from_table(header: list[Any], rows: list[tuple[int, list[Any]]]) -> list[FileRow]:
    columns = _normalise_header(header)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Fichier trop grand : %(count)s lignes (maximum %(max)s).") % {"count": len(rows), "max": MAX_ROWS}
        )
    if "adm1_pcode" in columns:
        max_level = max(n for n in CODAB_LEVELS if f"adm{n}_pcode" in columns)
        return [codab_row(number, dict(zip(columns, values, strict=False)), max_level) for number, values in rows]
    if {"level", "pcode", "name"} <= set(columns):
        return [flat_row(number, dict(zip(columns, values, strict=False))) for number, values in rows]
    raise ImportFileError(
        _(
            "Ce tableau n'a pas les colonnes attendues. Colonnes trouvées : %(found)s. Attendu : "
            "ADM1_FR, ADM1_PCODE … ADM4_FR, ADM4_PCODE (format COD-AB) ou level, pcode, name, parent_pcode."
        )
        % {"found": ", ".join(c for c in columns if c) or _("aucune")}
    )


def read_csv(content: bytes) -> list[FileRow]:
    text = decode_text(content)
    if not text.strip():
        raise ImportFileError(_("Le fichier est vide."))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        all_rows = list(reader)
    except csv.Error as exc:
        raise ImportFileError(_("Le fichier n'est pas un tableau CSV lisible : %(error)s") % {"error": exc}) from exc
    header, body = all_rows[0], all_rows[1:]
    numbered = [(i + 2, r) for i, r in enumerate(body) if any(c.strip() for c in r)]
    return rows_from_table(header, numbered)


def read_xlsx(content: bytes) -> list[FileRow]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(_("Le classeur Excel est illisible : %(error)s") % {"error": exc}) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header = next(iterator, None)
    if header is None:
        raise ImportFileError(_("La première feuille du classeur est vide."))
    numbered = [
        (i + 2, ["" if v is None else v for v in values])
        for i, values in enumerate(iterator)
        if any(v is not None and str(v).strip() for v in values)
    ]
    workbook.close()
    return rows_from_table(list(header), numbered)


def read_geojson(content: bytes) -> list[FileRow]:
    text = decode_text(content)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("GeoJSON illisible (ligne %(line)s, colonne %(col)s) : %(msg)s")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFileError(_("Le GeoJSON doit être une FeatureCollection."))
    features = data.get("features") or []
    rows: list[FileRow] = []
    for index, feature in enumerate(features, start=1):
        props = {str(k).lower(): v for k, v in (feature.get("properties") or {}).items()}
        geometry = feature.get("geometry")
        if "adm1_pcode" in props:
            max_level = max(n for n in CODAB_LEVELS if f"adm{n}_pcode" in props)
            file_row = codab_row(index, props, max_level)
        elif "pcode" in props:
            file_row = flat_row(index, props)
        else:
            file_row = FileRow(index, errors=[_("Entité sans propriété ADMn_PCODE ni pcode.")])
        if geometry is None or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            file_row.errors.append(_("Géométrie absente ou non surfacique (Polygon/MultiPolygon attendu)."))
        elif file_row.units:
            file_row.units[-1].geometry = geometry
        rows.append(file_row)
    if not rows:
        raise ImportFileError(_("Le GeoJSON ne contient aucune entité."))
    return rows


def read_units(filename: str, content: bytes) -> list[FileRow]:
    """Read any supported file; raise ImportFileError with a French message when it is not a table."""
    lower = filename.lower()
    if content[:2] == b"PK" or lower.endswith((".xlsx", ".xlsm")):
        return read_xlsx(content)
    if lower.endswith((".geojson", ".json")) or content.lstrip()[:1] == b"{":
        return read_geojson(content)
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("Le fichier n'est pas un tableau (contenu binaire)."))
    return read_csv(content)
