"""Register import figures on one database: an Excel-style import of 100,000 children through the bulk writer.

Run in a fresh database by `python -m bench --suite import` (or directly with DJANGO_SETTINGS_MODULE and
a database set); prints one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
from datetime import timedelta
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
    from sosteci.registry.models import Child, Household, Visit
    from sosteci.registry.services.bulk import ChildEntry, HouseholdEntry, bulk_register
    from sosteci.territory.models import AdminUnit, Level
    from sosteci.web.demo.names import FAMILY_NAMES, FIRST_NAMES

    call_command("migrate", verbosity=0)
    call_command("load_territory", "--json", stdout=io.StringIO())
    localities = list(
        AdminUnit.objects.filter(level=Level.LOCALITE, region__pcode="CI26").values_list("pcode", flat=True)
    )
    rng = random.Random(7)
    families = [name for names in FAMILY_NAMES.values() for name in names]
    today = timezone.localdate()

    def entries(count: int, with_visits: bool) -> list[Any]:
        households = []
        for index in range(count // 5):
            children = []
            for _ in range(5):
                sex = rng.choice("FM")
                data = ChildInput(
                    family_name=rng.choice(families),
                    given_names=rng.choice(FIRST_NAMES[sex]),
                    sex=sex,
                    schooling="enrolled",
                    date_of_birth=today - timedelta(days=rng.randint(5 * 365, 17 * 365)),
                )
                visit = None
                if with_visits:
                    hazard = ["H_CHARGE"] if rng.random() < 0.2 else []
                    visit = VisitInput(
                        visited_on=today - timedelta(days=rng.randint(1, 300)),
                        activities=[{"code": "CACAO", "hours": rng.choice([0, 4, 8, 12])}],
                        hazardous_tasks=hazard,
                    )
                children.append(ChildEntry(data, visit))
            household = HouseholdInput(head_family_name=rng.choice(families), head_sex="M", size=8)
            households.append(HouseholdEntry(rng.choice(localities), household, children, ref=str(index)))
        return households

    figures: dict[str, Any] = {"vendor": connection.vendor, "children": args.children}
    for label, with_visits in (("children_only", False), ("children_with_one_visit", True)):
        batch = entries(args.children, with_visits)
        started = time.perf_counter()
        result = bulk_register(by=None, households=batch)
        seconds = time.perf_counter() - started
        figures[label] = {
            "seconds": round(seconds, 2),
            "children_per_s": round(result.children / seconds),
            "rows_per_s": round((result.households + result.children + result.visits) / seconds),
            "households": result.households,
            "visits": result.visits,
        }
    figures["totals"] = {
        "households": Household.objects.count(),
        "children": Child.objects.count(),
        "visits": Visit.objects.count(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
