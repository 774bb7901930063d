"""Territory figures on one database: loading the real territory, and subtree queries at that size."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def timings(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 0.50) * 1000, 3),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 3),
        "max_ms": round(max(samples) * 1000, 3),
        "samples": len(samples),
    }


def measure(units: list[Any], repeat: int, query: Callable[[Any], int]) -> tuple[list[float], list[int]]:
    samples, sizes = [], []
    for _ in range(repeat):
        for unit in units:
            started = time.perf_counter()
            sizes.append(query(unit))
            samples.append(time.perf_counter() - started)
    return samples, sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sosteci.territory.importing import build_plan
    from sosteci.territory.models import AdminUnit, Level
    from sosteci.territory.reference import CODAB_SOURCE, reference_rows
    from sosteci.territory.selectors import unit_children_stats
    from sosteci.territory.services import territory_import_apply

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"vendor": connection.vendor}

    started = time.perf_counter()
    rows = reference_rows()
    read_s = time.perf_counter() - started
    plan = build_plan(rows)
    plan_s = time.perf_counter() - started - read_s
    territory_import_apply(plan=plan, by=None, filename="reference", boundary_source=CODAB_SOURCE, actor_label="bench")
    total_s = time.perf_counter() - started
    figures["load_territory"] = {
        "seconds": round(total_s, 2),
        "read_s": round(read_s, 2),
        "plan_s": round(plan_s, 2),
        "write_s": round(total_s - read_s - plan_s, 2),
        "units": AdminUnit.objects.count(),
        "sous_prefecture_boundaries": AdminUnit.objects.filter(
            level=Level.SOUS_PREFECTURE, boundary__isnull=False
        ).count(),
        "localites": AdminUnit.objects.filter(level=Level.LOCALITE).count(),
    }
    started = time.perf_counter()
    again = build_plan(reference_rows())
    figures["reload_unchanged"] = {"seconds": round(time.perf_counter() - started, 2), "changes": again.has_changes}

    regions = list(AdminUnit.objects.filter(level=Level.REGION))

    def localites_under(unit: Any) -> int:
        return len(list(AdminUnit.objects.within(unit).filter(level=Level.LOCALITE).values_list("id", "name")))

    samples, sizes = measure(regions, args.repeat, localites_under)
    figures["localites_under_region"] = {
        **timings(samples),
        "regions": len(regions),
        "rows_mean": round(statistics.mean(sizes), 1),
        "rows_max": max(sizes),
    }

    departements = list(AdminUnit.objects.filter(level=Level.DEPARTEMENT))

    def count_under(unit: Any) -> int:
        return AdminUnit.objects.within(unit).filter(level=Level.LOCALITE).count()

    samples, _sizes = measure(departements, args.repeat, count_under)
    figures["count_localites_under_departement"] = timings(samples)

    pays = AdminUnit.objects.get(level=Level.PAYS)
    samples, _sizes = measure([pays], max(3, args.repeat // 4), lambda u: len(unit_children_stats(u)))
    figures["national_sub_unit_stats"] = timings(samples)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
