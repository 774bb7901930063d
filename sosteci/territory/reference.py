"""Rows of the reference territory of Côte d'Ivoire, read from the sourced files in territory/data/.

Tree: pays › district (ISO 3166-2) › région (COD-AB ADM1) › département (ADM2) › sous-préfecture (ADM3)
› localité (ARTCI/RGPH 2014 list, attached to its COD-AB sous-préfecture). The autonomous districts of
Abidjan and Yamoussoukro hold their COD-AB ADM1 unit (CI01, CI02) at the région level, so no level is
skipped. See data/SOURCES.md.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sosteci.territory import geo
from sosteci.territory.importing.readers import FileRow, UnitRow, parse_decimal, parse_int
from sosteci.territory.models import Level, PcodeSource

DATA_DIR = Path(__file__).resolve().parent / "data"
UNITS_FILE = DATA_DIR / "civ_admin_units.csv"
SP_FILE = DATA_DIR / "civ_adm3_sous_prefectures_cod-ab_2018.geojson"
COUNTRY_FILE = DATA_DIR / "civ_adm0_country_cod-ab_2018.geojson"
LOCALITES_FILE = DATA_DIR / "civ_localites.csv"
REFERENCE_FILES = (UNITS_FILE, SP_FILE, COUNTRY_FILE, LOCALITES_FILE)

COUNTRY_PCODE = "CI"
CODAB_SOURCE = "OCHA / CNTIG, Côte d'Ivoire subnational administrative boundaries (COD-AB), 2018-07-06"
DISSOLVED_SOURCE = CODAB_SOURCE + " — dissolved from the sous-préfectures"
LOCALITES_SOURCE = "ARTCI 2024 locality list (RGPH 2014 population, network coverage)"
# The région-level unit of each autonomous district, as COD-AB 2018 has it.
AUTONOMOUS_DISTRICTS = {"CI-AB": "CI01", "CI-YM": "CI02"}
AUTONOMOUS_NAMES = {"CI01": "District autonome d'Abidjan", "CI02": "District autonome de Yamoussoukro"}
# Départements created after COD-AB 2018 have no P-code: they get a local code (X marks it as ours).
LOCAL_DEPARTEMENT_CODES = {"Bonon": "CI23X01", "Gohitafla": "CI23X02", "Ouellé": "CI19X01"}
CSV_LEVELS = {"district": Level.DISTRICT, "region": Level.REGION, "departement": Level.DEPARTEMENT}


def _title(value: str) -> str:
    """ "N'GUESSANKRO" -> "N'Guessankro"; "ABADJIN-DOUMÉ" -> "Abadjin-Doumé"."""
    return value.title()


def _load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def country_rows() -> list[FileRow]:
    features = _load_json(COUNTRY_FILE)["features"]
    geometry = geo.dissolve([f["geometry"] for f in features], simplify_tolerance=0.0)
    lat, lon = geo.inner_point(geometry)
    unit = UnitRow(
        level=Level.PAYS,
        pcode=COUNTRY_PCODE,
        name="Côte d'Ivoire",
        lat=lat,
        lon=lon,
        fields={"source": CODAB_SOURCE, "pcode_source": PcodeSource.COD_AB.value},
        geometry=geometry,
    )
    return [FileRow(number=1, units=[unit])]


def _sp_features() -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = _load_json(SP_FILE)["features"]
    return features


def admin_rows(features: list[dict[str, Any]]) -> list[FileRow]:
    """Districts, régions and départements of the sourced table, with outlines dissolved from the SPs."""
    by_adm1: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_adm2: dict[str, list[dict[str, Any]]] = defaultdict(list)
    adm1_names: dict[str, str] = {}
    adm2_names: dict[str, str] = {}
    for feature in features:
        props = feature["properties"]
        by_adm1[props["ADM1_PCODE"]].append(feature["geometry"])
        by_adm2[props["ADM2_PCODE"]].append(feature["geometry"])
        adm1_names[props["ADM1_PCODE"]] = props["ADM1_FR"]
        adm2_names[props["ADM2_PCODE"]] = props["ADM2_FR"]

    with UNITS_FILE.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    region_parent = {r["pcode"]: r["parent_pcode"] for r in table if r["level"] == "region"}
    region_parent.update({adm1: district for district, adm1 in AUTONOMOUS_DISTRICTS.items()})
    by_district: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for adm1, geometries in by_adm1.items():
        by_district[region_parent[adm1]].extend(geometries)

    rows: list[FileRow] = []
    for number, record in enumerate(table, start=2):
        level = CSV_LEVELS[record["level"]]
        pcode = record["pcode"] or LOCAL_DEPARTEMENT_CODES.get(record["name"], "")
        parent = record["parent_pcode"] or None
        if level == Level.DEPARTEMENT and parent in AUTONOMOUS_DISTRICTS:
            parent = AUTONOMOUS_DISTRICTS[parent]
        fields: dict[str, Any] = {"chef_lieu": record["chef_lieu"], "source": record["source"]}
        if level == Level.DISTRICT:
            fields["pcode_source"] = PcodeSource.ISO.value
            geometries = by_district.get(pcode, [])
        elif record["pcode"]:
            fields["pcode_source"] = PcodeSource.COD_AB.value
            geometries = (by_adm1 if level == Level.REGION else by_adm2).get(pcode, [])
            codab_name = (adm1_names if level == Level.REGION else adm2_names).get(pcode)
            if codab_name and codab_name != record["name"]:
                fields["alt_names"] = [codab_name]
        else:
            fields["pcode_source"] = PcodeSource.LOCAL.value
            geometries = []
        unit = UnitRow(
            level=level,
            pcode=pcode,
            name=record["name"],
            parent_pcode=parent,
            lat=parse_decimal(record["lat"]),
            lon=parse_decimal(record["lon"]),
            fields=fields,
            geometry=geo.dissolve(geometries) if geometries else None,
        )
        rows.append(FileRow(number=number, units=[unit]))
        if level == Level.DISTRICT and pcode in AUTONOMOUS_DISTRICTS:
            adm1 = AUTONOMOUS_DISTRICTS[pcode]
            rows.append(
                FileRow(
                    number=number,
                    units=[
                        UnitRow(
                            level=Level.REGION,
                            pcode=adm1,
                            name=AUTONOMOUS_NAMES[adm1],
                            parent_pcode=pcode,
                            lat=unit.lat,
                            lon=unit.lon,
                            geometry=geo.dissolve(by_adm1[adm1]),
                            fields={
                                "chef_lieu": record["chef_lieu"],
                                "alt_names": [adm1_names[adm1]],
                                "pcode_source": PcodeSource.COD_AB.value,
                                "source": CODAB_SOURCE + " (ADM1: autonomous district at the région level)",
                            },
                        )
                    ],
                )
            )
    for row in rows:
        row.source = UNITS_FILE.name
    return rows


def sous_prefecture_rows(features: list[dict[str, Any]]) -> list[FileRow]:
    rows = []
    for number, feature in enumerate(features, start=1):
        props = feature["properties"]
        geometry = geo.round_coords(feature["geometry"])
        lat, lon = geo.inner_point(geometry)
        unit = UnitRow(
            level=Level.SOUS_PREFECTURE,
            pcode=props["ADM3_PCODE"],
            name=props["ADM3_FR"],
            parent_pcode=props["ADM2_PCODE"],
            lat=lat,
            lon=lon,
            geometry=geometry,
            fields={"source": CODAB_SOURCE, "pcode_source": PcodeSource.COD_AB.value},
        )
        rows.append(FileRow(number=number, units=[unit]))
    return rows


def localite_rows() -> list[FileRow]:
    """The 8,518 localités; those whose sous-préfecture was not matched are rejected with their reason."""
    with LOCALITES_FILE.open(encoding="utf-8", newline="") as handle:
        records = [(n, r) for n, r in enumerate(csv.DictReader(handle), start=2)]
    sequence: dict[str, int] = defaultdict(int)
    rows = []
    for number, record in sorted(records, key=lambda pair: pair[1]["code_loc"]):
        file_row = FileRow(number=number)
        adm3 = record["adm3_pcode"]
        if not adm3:
            file_row.errors.append(
                _(
                    "Localité %(code)s « %(name)s » : sous-préfecture « %(sp)s » (département %(dep)s) absente "
                    "des limites COD-AB 2018, rattachement impossible sans deviner."
                )
                % {
                    "code": record["code_loc"],
                    "name": record["localite"],
                    "sp": record["sous_prefecture"],
                    "dep": record["departement"],
                }
            )
            file_row.units.append(
                UnitRow(level=Level.LOCALITE, pcode=record["code_loc"], name=_title(record["localite"]))
            )
            rows.append(file_row)
            continue
        sequence[adm3] += 1
        flags = {f"network_{g}": record[f"cov_{g}"] == "1" for g in ("2g", "3g", "4g")}
        file_row.units.append(
            UnitRow(
                level=Level.LOCALITE,
                pcode=f"{adm3}{sequence[adm3]:03d}",
                name=_title(record["localite"]),
                parent_pcode=adm3,
                lat=parse_decimal(record["lat"]),
                lon=parse_decimal(record["lon"]),
                population=parse_int(record["population_rgph2014"]),
                fields={
                    "external_code": record["code_loc"],
                    "alt_names": [record["localite"]],
                    "population_source": "RGPH 2014",
                    "pcode_source": PcodeSource.LOCAL.value,
                    "source": f"{LOCALITES_SOURCE}; sous-préfecture COD-AB par nom ({record['adm3_match']})",
                    **flags,
                },
            )
        )
        rows.append(file_row)
    for row in rows:
        row.source = LOCALITES_FILE.name
    return rows


def reference_rows(*, localites: bool = True) -> list[FileRow]:
    features = _sp_features()
    rows = country_rows()
    for row in rows:
        row.source = COUNTRY_FILE.name
    rows += admin_rows(features)
    sp = sous_prefecture_rows(features)
    for row in sp:
        row.source = SP_FILE.name
    rows += sp
    if localites:
        rows += localite_rows()
    return rows
