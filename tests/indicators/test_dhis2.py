"""The DHIS2 export: dataValueSets payload shape, codes and periods, mapping to UIDs, DHIS2 CSV, the command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from sosteci.indicators import dhis2
from sosteci.indicators.computing import compute
from sosteci.indicators.definitions import COORDINATION_INDICATORS, INDICATORS, PLAN_INDICATORS
from sosteci.indicators.periods import parse_period
from sosteci.indicators.suppression import suppress
from sosteci.territory.models import Level
from tests.conftest import MiniTerritory
from tests.indicators.conftest import AS_OF, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "iso"), [("2026", "2026"), ("2026Q1", "2026Q1"), ("2026-03", "202603"), ("202611", "202611")]
)
def test_periods_in_dhis2_iso(text: str, iso: str) -> None:
    assert parse_period(text).dhis2 == iso
    assert parse_period("2026-01-01..2026-02-15").dhis2 is None


def test_the_payload_by_region(world: World, territory: MiniTerritory) -> None:
    register = [i.code for i in INDICATORS if i not in COORDINATION_INDICATORS and i not in PLAN_INDICATORS]
    rows = compute(
        unit=territory.pays, level=Level.REGION, period=parse_period("2026"), indicators=register, as_of=AS_OF
    )
    payload = dhis2.data_value_set(rows)
    values = payload["dataValues"]
    assert set(payload) == {"dataValues"}
    # Only the régions (DHIS2 adds up the country itself), every indicator, no combo when not disaggregated.
    assert {v["orgUnit"] for v in values} == {"CI26", "CI27"}
    assert all(set(v) == {"dataElement", "period", "orgUnit", "value"} for v in values)
    assert all(v["period"] == "2026" and isinstance(v["value"], str) for v in values)
    got = {(v["dataElement"], v["orgUnit"]): v["value"] for v in values}
    # Nawa: 6 children monitored, 2 in child labour = 33.3 %; Poro: 2 children, 1 in child labour = 50 %.
    assert (got[("CH_MONITORED", "CI26")], got[("CH_LABOUR_PCT", "CI26")]) == ("6", "33.3")
    assert (got[("CH_MONITORED", "CI27")], got[("CH_LABOUR_PCT", "CI27")]) == ("2", "50")
    # The register's 17 indicators x 2 régions, less Poro's share out of child labour: no identified child followed
    # up there (Lassina has no follow-up), so no denominator and no value to send.
    assert len(values) == 2 * 17 - 1
    assert ("CH_OUT_OF_LABOUR_PCT", "CI27") not in got


def test_disaggregated_values_carry_their_category_option_combo(world: World, territory: MiniTerritory) -> None:
    rows = compute(
        unit=territory.pays,
        level=Level.REGION,
        period=parse_period("2026"),
        indicators=["CH_MONITORED", "HH_MONITORED", "AL_RECEIVED"],
        dimensions=["sex", "age_band"],
    )
    values = dhis2.data_values(rows)
    monitored = {
        (v["orgUnit"], v["categoryOptionCombo"]): v["value"] for v in values if v["dataElement"] == "CH_MONITORED"
    }
    # The finest cells only (sex x age band: 2 x 4 per région); DHIS2 adds up the totals.
    assert len(monitored) == 2 * 8
    # Nawa, girls 5-11: Awa (10), Djeneba (9) = 2; boys 12-14: Bakary = 1.
    assert (monitored[("CI26", "F_Y05_11")], monitored[("CI26", "M_Y12_14")]) == ("2", "1")
    # Households are not split by sex: their values keep the default combo; alerts allow no sex or age band.
    assert all("categoryOptionCombo" not in v for v in values if v["dataElement"] in {"HH_MONITORED", "AL_RECEIVED"})


def test_a_mapping_file_gives_the_instance_uids(world: World, territory: MiniTerritory, tmp_path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(
        json.dumps(
            {
                "dataElements": {"CH_MONITORED": "deUID000001"},
                "orgUnits": {"CI26": "ouNAWA00001"},
                "categoryOptionCombos": {"F": "cocF0000001"},
            }
        )
    )
    rows = compute(
        unit=territory.pays,
        level=Level.REGION,
        period=parse_period("2026"),
        indicators=["CH_MONITORED"],
        dimensions=["sex"],
    )
    values = dhis2.data_values(rows, dhis2.Dhis2Mapping.load(path))
    assert {
        "dataElement": "deUID000001",
        "period": "2026",
        "orgUnit": "ouNAWA00001",
        "value": "4",
        "categoryOptionCombo": "cocF0000001",
    } in values
    # What the file does not map keeps its code (Poro, boys).
    assert {
        "dataElement": "deUID000001",
        "period": "2026",
        "orgUnit": "CI27",
        "value": "1",
        "categoryOptionCombo": "M",
    } in values


def test_suppressed_values_are_left_out(world: World, territory: MiniTerritory) -> None:
    rows = suppress(
        compute(unit=territory.pays, level=Level.REGION, period=parse_period("2026"), indicators=["CH_MONITORED"])
    )
    # Nawa 6 and Poro 2: Poro is under 5, and Nawa would give it away from the country's 8: both left out.
    assert dhis2.data_values(rows) == []


def test_dhis2_csv(world: World, territory: MiniTerritory) -> None:
    rows = compute(unit=territory.pays, level=Level.REGION, period=parse_period("2026"), indicators=["HH_MONITORED"])
    lines = list(csv.reader(io.StringIO(dhis2.dhis2_csv(rows))))
    assert lines[0] == list(dhis2.DHIS2_CSV_COLUMNS)
    # Households: Kone, Yao, Traore in Nawa = 3; Coulibaly in Poro = 1.
    assert [line[:6] for line in lines[1:]] == [
        ["HH_MONITORED", "2026", "CI26", "", "", "3"],
        ["HH_MONITORED", "2026", "CI27", "", "", "1"],
    ]


def test_the_export_command(world: World, territory: MiniTerritory, capsys, tmp_path) -> None:
    call_command("indicators_export", "--unit", "CI", "--level", "region", "--period", "2026", "--format", "dhis2")
    out = capsys.readouterr()
    payload = json.loads(out.out)
    # The régions; the country for the national indicators (the action plans' budget) only.
    assert {v["orgUnit"] for v in payload["dataValues"] if not v["dataElement"].startswith("PLAN_")} == {"CI26", "CI27"}
    assert {v["orgUnit"] for v in payload["dataValues"] if v["dataElement"].startswith("PLAN_")} == {"CI"}
    assert "valeurs exportées (dhis2) pour CI, période 2026" in out.err

    target = tmp_path / "rows.csv"
    call_command(
        "indicators_export",
        "--period",
        "2026Q1",
        "--format",
        "rows",
        "--indicators",
        "CH_MONITORED",
        "--output",
        str(target),
    )
    lines = list(csv.DictReader(target.open(encoding="utf-8")))
    # The country and its two districts; Q1: Awa, Bakary, Djeneba, Fatou (Bas-Sassandra), Kadi (Savanes).
    assert [(r["unit"], r["numerator"]) for r in lines] == [("CI", "5"), ("CI-BS", "4"), ("CI-SV", "1")]

    call_command(
        "indicators_export", "--period", "2026", "--format", "csv", "--suppress", "--indicators", "CH_MONITORED"
    )
    assert capsys.readouterr().out.splitlines() == [",".join(dhis2.DHIS2_CSV_COLUMNS)]  # 6 and 2 children: hidden

    with pytest.raises(CommandError, match="DHIS2 n'a pas de période"):
        call_command("indicators_export", "--period", "2026-01-01..2026-01-31", "--format", "dhis2")
    with pytest.raises(CommandError, match="Zone inconnue"):
        call_command("indicators_export", "--unit", "XX", "--period", "2026")
