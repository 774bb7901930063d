"""Indicator figures on one database: the national dashboard computed live and read from the stored counts, the
stored counts kept current sous-préfecture by sous-préfecture, the same children's aggregation in DuckDB over a
Parquet snapshot, and a national XLSX export streamed in constant memory. A child process of `python -m bench`;
prints one JSON line.

What is timed, honestly:
- `dashboard_live`: `compute_table(country, level=région, every indicator, sex × age band, source=live)`, i.e. the
  counting queries on the database and the Python that builds the tidy rows (no stored counts).
- `refresh_full_s`: one full `counts_refresh` of the period (every stored base, every sous-préfecture).
- `dashboard_stored`: the same dashboard read from those stored counts (`source=stored`); `stored_equals_live`: its
  rows equal the live dashboard's.
- `suppressed_dashboard`: the stored dashboard with cells under 5 suppressed, as partners and companies get it
  (`suppression.suppress`).
- `refresh_units`: after one visit changed in a sous-préfecture, `counts_refresh_units` of that sous-préfecture
  (what the follower does after a change), for the largest sous-préfecture by children and a median one; `agree`:
  its stored figures equal its live ones afterwards. The visit is put back as it was at the end.
- `children_live` and `children_duckdb`: the children's base only (13 of the catalogue's indicators count it), by
  région × sex × age band × category with its six flags, live on the database and in DuckDB; DuckDB reads a Parquet
  snapshot of the columns it needs, whose making (`snapshot`: reading the tables, writing Parquet) is timed apart
  and not in the ratio. The two results are compared cell by cell (`agree`).
- `xlsx_export`: the children register export (`export_children_xlsx`, XlsxWriter constant_memory) of N rows in a
  fresh process: its wall time and peak resident memory (VmHWM of /proc/self/status: getrusage's ru_maxrss survives
  exec on Linux, so a child process would report its parent's peak), against a fresh process that only starts
  Django (`baseline_peak_rss_mb`), and the peak of Python's own allocations (tracemalloc).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any, cast

from bench.territory import timings

ROOT = Path(__file__).resolve().parent.parent
LABOUR = ("child_labour", "hazardous_child_labour", "worst_forms")
COLUMN_TYPES = {
    "visits": {
        "id": "BIGINT",
        "child_id": "BIGINT",
        "visited_on": "DATE",
        "kind": "VARCHAR",
        "category": "VARCHAR",
        "age_at_visit": "INTEGER",
        "attends_school": "BOOLEAN",
        "submission_id": "BIGINT",
    },
    "children": {
        "id": "BIGINT",
        "household_id": "BIGINT",
        "region_id": "BIGINT",
        "sex": "VARCHAR",
        "schooling": "VARCHAR",
    },
    "rejected_households": {"id": "BIGINT"},
    "rejected_submissions": {"id": "BIGINT"},
    "services": {"child_id": "BIGINT", "delivered_on": "DATE"},
}
SNAPSHOT_QUERIES = {
    "visits": "SELECT id, child_id, visited_on, kind, category, age_at_visit, attends_school, submission_id "
    "FROM registry_visit",
    "children": "SELECT id, household_id, region_id, sex, schooling FROM registry_child",
    "rejected_households": "SELECT h.id FROM registry_household h JOIN collect_submission s ON s.id = h.submission_id "
    "WHERE s.review = 'rejected'",
    "rejected_submissions": "SELECT id FROM collect_submission WHERE review = 'rejected'",
    "services": "SELECT c.child_id, d.delivered_on FROM cases_servicedelivery d JOIN cases_case c ON c.id = d.case_id",
}
# The children's cells: one row per latest visit in the period, its flags as at the period's end.
DUCKDB_CHILDREN = """
WITH kept AS (
    SELECT * FROM visits WHERE submission_id IS NULL OR submission_id NOT IN (SELECT id FROM rejected_submissions)
), latest AS (
    SELECT * FROM kept WHERE visited_on BETWEEN $start AND $end
    QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY visited_on DESC, id DESC) = 1
), upto AS (
    SELECT * FROM kept WHERE visited_on <= $end
), follow_ups AS (
    SELECT child_id, count(*) AS n, arg_max(category, (visited_on, id)) AS last_category
    FROM upto WHERE kind = 'follow_up' GROUP BY child_id
), identified AS (
    SELECT DISTINCT child_id FROM upto WHERE category IN ('child_labour', 'hazardous_child_labour', 'worst_forms')
), served AS (
    SELECT DISTINCT child_id FROM services WHERE delivered_on <= $end
)
SELECT c.region_id, c.sex,
    CASE WHEN l.age_at_visit <= 4 THEN '0-4' WHEN l.age_at_visit <= 11 THEN '5-11'
         WHEN l.age_at_visit <= 14 THEN '12-14' ELSE '15-17' END AS age_band,
    l.category,
    coalesce(l.attends_school, c.schooling = 'enrolled') AS in_school,
    i.child_id IS NOT NULL AS identified,
    s.child_id IS NOT NULL AS served,
    f.child_id IS NOT NULL AS followed,
    coalesce(f.n >= 2, false) AS followed_twice,
    coalesce(f.last_category NOT IN ('child_labour', 'hazardous_child_labour', 'worst_forms'), false) AS out_last,
    count(*) AS n
FROM latest l
JOIN children c ON c.id = l.child_id
LEFT JOIN identified i ON i.child_id = l.child_id
LEFT JOIN served s ON s.child_id = l.child_id
LEFT JOIN follow_ups f ON f.child_id = l.child_id
WHERE c.household_id NOT IN (SELECT id FROM rejected_households)
GROUP BY ALL
"""


def sample(times: int, call: Any) -> list[float]:
    wall = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        wall.append(time.perf_counter() - started)
    return wall


def _write_csv(sql: str, target: Path) -> int:
    """One query's rows into a CSV file: PostgreSQL's COPY, or a cursor read in chunks (SQLite)."""
    from django.db import connection

    rows = 0
    with target.open("w", newline="", encoding="utf-8") as handle:
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            with (
                connection.connection.cursor() as cursor,
                cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy,
            ):
                for data in copy:
                    handle.write(bytes(data).decode())
            with target.open(encoding="utf-8") as counted:
                rows = sum(1 for _ in counted) - 1
            return rows
        writer = csv.writer(handle)
        with connection.cursor() as cursor:
            cursor.execute(sql)
            writer.writerow([column[0] for column in cursor.description])
            while chunk := cursor.fetchmany(20_000):
                writer.writerows(chunk)
                rows += len(chunk)
    return rows


def snapshot(folder: Path) -> tuple[Any, dict[str, Any]]:
    """The columns DuckDB needs, read from the database into Parquet files, opened as DuckDB views."""
    import duckdb

    figures: dict[str, Any] = {"rows": {}}
    started = time.perf_counter()
    database = duckdb.connect()
    for name, sql in SNAPSHOT_QUERIES.items():
        path = folder / f"{name}.csv"
        figures["rows"][name] = _write_csv(sql, path)
        parquet = folder / f"{name}.parquet"
        columns = ", ".join(f"'{column}': '{kind}'" for column, kind in COLUMN_TYPES[name].items())
        database.execute(
            # Names and paths are this module's constants and a temporary folder, not input.
            f"COPY (SELECT * FROM read_csv('{path}', header = true, columns = {{{columns}}})) TO '{parquet}' "  # noqa: S608
            "(FORMAT parquet)"
        )
        path.unlink()
        database.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{parquet}')")  # noqa: S608
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["parquet_mb"] = round(sum(p.stat().st_size for p in folder.glob("*.parquet")) / 2**20, 1)
    return database, figures


def duckdb_cells(database: Any, start: Any, end: Any) -> Counter[tuple[Any, ...]]:
    rows = database.execute(DUCKDB_CHILDREN, {"start": start, "end": end}).fetchall()
    return Counter({tuple(row[:-1]): int(row[-1]) for row in rows})


def _live_children(country: Any, period: Any) -> Any:
    from sosteci.indicators.computing import Source, compute_table
    from sosteci.indicators.definitions import INDICATORS

    codes = [i.code for i in INDICATORS if i.bases == frozenset({"children"})]
    return compute_table(
        unit=country,
        level=_region(),
        period=period,
        indicators=codes,
        dimensions=["sex", "age_band", "category"],
        source=Source.LIVE,
    )


def _region() -> Any:
    from sosteci.territory.models import Level

    return Level.REGION


def agree(rows: Any, cells: Counter[tuple[Any, ...]]) -> dict[str, Any]:
    """Children monitored per région × sex × age band × category, live and in DuckDB, compared."""
    from sosteci.territory.models import AdminUnit, Level

    pcodes = dict(AdminUnit.objects.filter(level=Level.REGION).values_list("pk", "pcode"))
    duck: Counter[tuple[Any, ...]] = Counter()
    for (region, sex, band, category, *_flags), n in cells.items():
        duck[(pcodes.get(region), sex, band, category)] += n
    live = Counter(
        {
            (r.unit, r.sex, r.age_band, r.category): r.numerator
            for r in rows
            if r.indicator == "CH_MONITORED" and r.parent and r.sex and r.age_band and r.category and r.numerator
        }
    )
    differing = [key for key in set(live) | set(duck) if live.get(key, 0) != duck.get(key, 0)]
    return {
        "cells": len(live),
        "children": sum(live.values()),
        "differing_cells": len(differing),
        "agree": not differing,
    }


def export_only(rows: int) -> None:
    """Run in a fresh process: export `rows` children to an XLSX file, print wall time and memory peaks."""
    import django

    django.setup()
    from sosteci.registry.excel.exporting import export_children_xlsx
    from sosteci.registry.models import Child

    figures: dict[str, Any] = {"rows_asked": rows}
    if rows:
        queryset = Child.objects.order_by("pk")[:rows]
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "export.xlsx"
            tracemalloc.start()
            started = time.perf_counter()
            written = export_children_xlsx(queryset, str(target))
            figures["seconds"] = round(time.perf_counter() - started, 1)
            figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
            figures["rows"] = written
            figures["file_mb"] = round(target.stat().st_size / 2**20, 1)
    figures["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(figures))


def peak_rss_mb() -> float | None:
    """This process's own peak resident memory (VmHWM, reset by exec), None where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def export_figures(rows: int) -> dict[str, Any]:
    def run(count: int) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "bench.indicators", "--export-only", str(count)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    baseline = run(0)
    figures = run(rows)
    figures["baseline_peak_rss_mb"] = baseline["peak_rss_mb"]
    if figures["peak_rss_mb"] is not None and baseline["peak_rss_mb"] is not None:
        figures["export_rss_mb"] = round(figures["peak_rss_mb"] - baseline["peak_rss_mb"], 1)
    if figures.get("rows") and figures.get("seconds"):
        figures["rows_per_s"] = round(figures["rows"] / max(figures["seconds"], 0.001))
    return figures


def stored_figures(country: Any, period: Any, repeat: int, live_rows: list[Any], moment: Any) -> dict[str, Any]:
    """The full count of the period, then the national dashboard read from it, plain and suppressed."""
    from sosteci.indicators.computing import Source, compute_table
    from sosteci.indicators.services import counts_refresh
    from sosteci.indicators.suppression import suppress

    figures: dict[str, Any] = {}
    started = time.perf_counter()
    done = counts_refresh(period=period)
    figures["refresh_full_s"] = round(time.perf_counter() - started, 1)
    figures["stored_cells"] = {stored.base: stored.cells for stored in done}

    def dashboard() -> Any:
        return compute_table(
            unit=country,
            level=_region(),
            period=period,
            dimensions=["sex", "age_band"],
            source=Source.STORED,
            as_of=moment,
        )

    rows = dashboard().rows
    figures["dashboard_stored"] = {**timings(sample(repeat, dashboard)), "rows": len(rows)}
    figures["stored_equals_live"] = rows == live_rows
    hidden = suppress(rows)
    figures["suppressed_dashboard"] = {
        **timings(sample(repeat, lambda: suppress(dashboard().rows))),
        "rows": len(hidden),
        "suppressed": sum(row.suppressed for row in hidden),
    }
    return figures


def _flip(visit: Any) -> bool:
    """Another value of the visit's "attends school" (what the children's in_school flag reads)."""
    return visit.attends_school is not True


def units_figures(period: Any, repeat: int) -> dict[str, Any]:
    """One visit changed in a sous-préfecture, then that sous-préfecture counted again: the largest one by children
    and a median one. Each repeat changes the visit again; the visit is put back (and counted) at the end."""
    from django.db.models import Count

    from sosteci.indicators.computing import Source, compute_table
    from sosteci.indicators.services import counts_refresh_units
    from sosteci.registry.models import Child, Visit
    from sosteci.territory.models import AdminUnit, Level

    sizes = list(
        Child.objects.filter(sous_prefecture__isnull=False)
        .values("sous_prefecture")
        .annotate(n=Count("pk"))
        .order_by("-n", "sous_prefecture")
        .values_list("sous_prefecture", "n")
    )
    if not sizes:
        return {}
    figures: dict[str, Any] = {"sous_prefectures_with_children": len(sizes)}
    for label, (unit_id, children) in (("largest", sizes[0]), ("median", sizes[len(sizes) // 2])):
        unit = AdminUnit.objects.get(pk=cast(int, unit_id))  # sous-préfectures only: no null
        visit = (
            Visit.objects.filter(child__sous_prefecture=unit, visited_on__gte=period.start, visited_on__lte=period.end)
            .order_by("-visited_on", "-pk")
            .first()
        )
        if visit is None:
            continue
        original, samples = visit.attends_school, []
        for turn in range(repeat):
            value = original if turn % 2 else _flip(visit)
            Visit.objects.filter(pk=visit.pk).update(attends_school=value)
            started = time.perf_counter()
            counts_refresh_units(period=period, units=[unit])
            samples.append(time.perf_counter() - started)
        if repeat % 2:
            Visit.objects.filter(pk=visit.pk).update(attends_school=original)
            counts_refresh_units(period=period, units=[unit])
        kwargs = {"unit": unit, "level": Level.SOUS_PREFECTURE, "period": period, "dimensions": ["sex", "age_band"]}
        agree = compute_table(**kwargs, source=Source.STORED).rows == compute_table(**kwargs, source=Source.LIVE).rows
        figures[label] = {"unit": unit.pcode, "name": unit.name, "children": children, **timings(samples)}
        figures[label]["agree"] = agree
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="Share of the national register and its cases.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=10, help="Computations of each aggregation timed.")
    parser.add_argument("--export-rows", type=int, default=1_000_000, help="Rows of the XLSX export timed.")
    parser.add_argument("--unit-repeat", type=int, default=5, help="Counts of one sous-préfecture again timed.")
    parser.add_argument("--existing", action="store_true", help="Time the database as it is (generated before).")
    parser.add_argument("--export-only", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "0")
    if args.export_only is not None:
        export_only(args.export_only)
        return
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.caseload import generate_cases
    from bench.workload import generate
    from sosteci.indicators.computing import Source, compute_table
    from sosteci.indicators.periods import year
    from sosteci.registry.models import Child
    from sosteci.territory.models import AdminUnit, Level

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"vendor": connection.vendor, "scale": args.scale}
    if not args.existing:
        started = time.perf_counter()
        call_command("load_territory", json=True, stdout=io.StringIO())
        figures["load_territory_s"] = round(time.perf_counter() - started, 1)
        figures["generate_register_s"] = generate(scale=args.scale, seed=args.seed).as_dict()["seconds"]
        figures["generate_cases"] = generate_cases(scale=args.scale, seed=args.seed).as_dict()
    country = AdminUnit.objects.get(level=Level.PAYS)
    period = year(timezone.localdate().year)
    figures["period"] = period.code
    load = os.getloadavg()[0]
    moment = timezone.now()  # one moment for every computation (the alerts' "due" flag reads it)

    def dashboard() -> Any:
        return compute_table(
            unit=country,
            level=Level.REGION,
            period=period,
            dimensions=["sex", "age_band"],
            source=Source.LIVE,
            as_of=moment,
        )

    rows = dashboard().rows  # warm-up: connection, plans
    figures["dashboard_live"] = {**timings(sample(args.repeat, dashboard)), "rows": len(rows)}
    figures.update(stored_figures(country, period, args.repeat, rows, moment))
    figures["refresh_units"] = units_figures(period, args.unit_repeat)
    live_rows = _live_children(country, period).rows
    figures["children_live"] = {
        **timings(sample(args.repeat, lambda: _live_children(country, period))),
        "rows": len(live_rows),
    }
    with tempfile.TemporaryDirectory() as folder:
        database, figures["snapshot"] = snapshot(Path(folder))
        cells = duckdb_cells(database, period.start, period.end)
        figures["children_duckdb"] = {
            **timings(sample(args.repeat, lambda: duckdb_cells(database, period.start, period.end))),
            "cells": len(cells),
        }
        figures["children_duckdb"].update(agree(live_rows, cells))
        database.close()
    live_p95, duck_p95 = figures["children_live"]["p95_ms"], figures["children_duckdb"]["p95_ms"]
    figures["ratio_live_over_duckdb_p95"] = round(live_p95 / duck_p95, 1) if duck_p95 else None
    export_rows = min(args.export_rows, Child.objects.count())
    figures["xlsx_export"] = export_figures(export_rows)
    figures["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    print(json.dumps(figures, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
