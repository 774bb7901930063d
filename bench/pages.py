"""The indicator pages as users open them, on the national workload (generated, or `--existing`): the nightly
refresh first (timed), then the national and regional dashboards, a sous-préfecture's, the home page of a national
analyst and the public statistics, through Django's test client on production settings. A child process of
`python -m bench --suite pages`, or `python -m bench.pages` on an existing database; prints one JSON line."""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import time
from typing import Any

from bench.cases import sample
from bench.territory import percentile, timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="Share of the national register and its cases.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=10, help="Requests of each page timed.")
    parser.add_argument("--existing", action="store_true", help="Time the database as it is (generated before).")
    parser.add_argument(
        "--no-refresh", dest="refresh", action="store_false", help="Keep the stored counts as they are."
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from sosteci.access.models import User
    from sosteci.access.roles import Role
    from sosteci.registry.models import Child
    from sosteci.territory.models import AdminUnit, Level

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"vendor": connection.vendor}
    if not args.existing:
        from bench.caseload import generate_cases
        from bench.workload import generate

        call_command("load_territory", json=True, stdout=io.StringIO())
        figures["generate_register_s"] = generate(scale=args.scale, seed=args.seed).as_dict()["seconds"]
        figures["generate_cases"] = generate_cases(scale=args.scale, seed=args.seed).as_dict()
    if args.refresh:
        started = time.perf_counter()
        call_command("nightly", stdout=io.StringIO())
        figures["nightly_s"] = round(time.perf_counter() - started, 1)
    country = AdminUnit.objects.get(level=Level.PAYS)
    analyst, _ = User.objects.get_or_create(
        username="bench-analyste", defaults={"role": Role.ANALYSTE, "jurisdiction": country}
    )

    # The région and the sous-préfecture with the most children (Abidjan's district and commune at scale 1), and the
    # median sous-préfecture.
    def ranked(column: str) -> list[int]:
        rows = Child.objects.values(column).annotate(n=Count("id")).order_by("-n", column)
        return [pk or 0 for pk in rows.values_list(column, flat=True)]

    sous_prefectures = ranked("sous_prefecture")
    region = AdminUnit.objects.get(pk=ranked("region")[0])
    sous_prefecture = AdminUnit.objects.get(pk=sous_prefectures[0])
    median = AdminUnit.objects.get(pk=sous_prefectures[len(sous_prefectures) // 2])
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(analyst, backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client(HTTP_HOST="localhost")

    def get(client: Client, url: str, *, fresh: bool = False) -> None:
        if fresh:
            cache.clear()  # the public page is cached 15 minutes: time what the first visitor waits
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")

    pages = {
        "national_dashboard": (signed_in, reverse("indicators:dashboard", args=[country.pcode]), False),
        "region_dashboard": (signed_in, reverse("indicators:dashboard", args=[region.pcode]), False),
        "sous_prefecture_dashboard": (signed_in, reverse("indicators:dashboard", args=[sous_prefecture.pcode]), False),
        "median_sous_prefecture_dashboard": (signed_in, reverse("indicators:dashboard", args=[median.pcode]), False),
        "national_home": (signed_in, reverse("home"), False),
        "public_statistics_uncached": (anonymous, reverse("public-statistics"), True),
        "public_statistics_cached": (anonymous, reverse("public-statistics"), False),
    }
    figures["units"] = {"region": region.name, "sous_prefecture": sous_prefecture.name, "median": median.name}
    load = os.getloadavg()[0]
    for name, (client, url, fresh) in pages.items():
        get(client, url, fresh=fresh)  # warm-up: connection, templates
        wall, cpu = sample(args.repeat, functools.partial(get, client, url, fresh=fresh))
        figures[name] = {**timings(wall), "cpu_p95_ms": round(percentile(cpu, 0.95) * 1000, 1)}
    figures["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
