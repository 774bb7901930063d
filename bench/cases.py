"""Case figures on one database: the national register with its 400,000 cases, then the case list and the tasks
page as supervisors of sous-préfectures and a national analyst see them. A child process of `python -m bench`;
prints one JSON line."""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import random
import time
from collections.abc import Callable
from typing import Any

from bench.territory import percentile, timings

# The case list's filters timed: the page as opened (the cases in progress), every step, the user's own cases.
LIST_VARIANTS: dict[str, dict[str, str]] = {"default_active": {}, "all_statuses": {"status": ""}, "mine": {"mine": "1"}}


def sample(times: int, call: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU time of this thread (Python, and SQLite's work in it; not PostgreSQL's) of each call."""
    wall, cpu = [], []
    for _ in range(times):
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        cpu.append(time.thread_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return wall, cpu


def database_size() -> dict[str, Any]:
    """Rows and size (PostgreSQL: table and indexes) of the case tables."""
    from django.db import connection

    from bench.caseload import MODELS

    size: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            entry: dict[str, Any] = {"rows": model._default_manager.count()}
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", [table, table])
                data, indexes = cursor.fetchone()
                entry.update(table_mb=round(data / 2**20), indexes_mb=round(indexes / 2**20))
            size[table] = entry
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size["database_mb"] = round(cursor.fetchone()[0] / 2**20)
        else:
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size["database_mb"] = round(pages * cursor.fetchone()[0] / 2**20)
    return size


def explain(sql: str) -> list[str]:
    """The database's plan of one captured statement (with actual times on PostgreSQL)."""
    from django.db import connection

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    lines = [str(row[0]) if len(row) == 1 else " ".join(str(c) for c in row[1:]) for row in rows]
    return [line.rstrip() for line in lines][:30]


def search_terms(user: Any, count: int, rng: random.Random) -> list[str]:
    """Names typed in the search box: a child's family name (60 %), first given name (30 %), a case code (10 %)."""
    from sosteci.cases.selectors import cases_for

    ids = list(cases_for(user).order_by().values_list("id", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    from sosteci.cases.models import Case

    rows = Case.objects.filter(id__in=chosen).values_list("code", "child__family_name", "child__given_names")
    terms = []
    for case_code, family, given in sorted(rows):
        draw = rng.random()
        if draw < 0.6:
            terms.append(family.lower())
        elif draw < 0.9:
            terms.append(given.split()[0].lower())
        else:
            terms.append(case_code)
    rng.shuffle(terms)
    return terms


def page_figures(user: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Timings of the case list (each variant, and name searches) and the tasks page for `user`."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from sosteci.cases.selectors import cases_for, tasks_for

    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cases_url, tasks_url = reverse("cases:case-list"), reverse("cases:task-list")

    def get(url: str, params: dict[str, str]) -> Any:
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params}: {response.status_code}")
        return response

    figures: dict[str, Any] = {"cases": cases_for(user).count()}
    pages: dict[str, tuple[str, list[dict[str, str]]]] = {
        name: (cases_url, [params]) for name, params in LIST_VARIANTS.items()
    }
    terms = search_terms(user, args.queries, random.Random(args.seed))
    pages["search_by_name"] = (cases_url, [{"q": term} for term in terms])
    pages["tasks"] = (tasks_url, [{}])
    for name, (url, variants) in pages.items():
        for params in variants[:3]:  # warm-up: connection, templates, plans
            get(url, params)
        times = args.queries if len(variants) == 1 else 1
        samples, cpu = [], []
        for params in variants:
            wall, used = sample(times, functools.partial(get, url, params))
            samples += wall
            cpu += used
        with CaptureQueriesContext(connection) as captured:
            get(url, variants[0])
        statements = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        figures[name] = {
            **timings(samples),
            "cpu_p50_ms": round(percentile(cpu, 0.50) * 1000, 1),
            "cpu_p95_ms": round(percentile(cpu, 0.95) * 1000, 1),
            "queries": len(captured),
            "slowest_statement_ms": round(float(statements[0]["time"]) * 1000, 1) if statements else None,
        }
        if name == "search_by_name":
            figures[name]["examples"] = terms[:6]
        if args.plans and statements:
            figures[name]["plan_of_slowest"] = {
                "sql": statements[0]["sql"][:600],
                "plan": explain(statements[0]["sql"]),
            }
    tasks = tasks_for(user)
    figures["tasks"]["items"] = {
        "alerts_to_triage": len(tasks.alerts_to_triage),
        "assessments_due": len(tasks.assessments_due),
        "referrals_waiting": len(tasks.referrals_waiting),
        "follow_ups_due": len(tasks.follow_ups_due),
        "closures_to_approve": len(tasks.closures_to_approve),
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="Share of the national register and its cases.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=100, help="Requests of each page per user.")
    parser.add_argument("--no-plans", dest="plans", action="store_false", help="Leave the query plans out.")
    parser.add_argument("--existing", action="store_true", help="Time the database as it is (generated before).")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_DEBUG", "0")  # pages as in production: no SQL log, no template debugging
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from bench.caseload import generate_cases
    from bench.workload import generate
    from sosteci.access.models import User
    from sosteci.access.roles import Role
    from sosteci.cases.models import Case
    from sosteci.territory.models import AdminUnit, Level

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"vendor": connection.vendor, "scale": args.scale}
    if not args.existing:
        started = time.perf_counter()
        call_command("load_territory", json=True, stdout=io.StringIO())
        figures["load_territory_s"] = round(time.perf_counter() - started, 1)
        figures["generate_register_s"] = generate(scale=args.scale, seed=args.seed).as_dict()["seconds"]
        figures["generate_cases"] = generate_cases(scale=args.scale, seed=args.seed).as_dict()
    figures["database"] = database_size()

    # Sous-préfectures by their number of cases: the largest (Abidjan), the next one, and one in the middle.
    ranked = list(
        Case.objects.values_list("locality__sous_prefecture", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n", "locality__sous_prefecture")
    )
    chosen = {"most_cases": ranked[0], "second_most_cases": ranked[1], "median": ranked[len(ranked) // 2]}
    users: dict[str, Any] = {}
    for label, pk in chosen.items():
        unit = AdminUnit.objects.get(pk=int(pk or 0))
        users[label] = User.objects.filter(role=Role.SUPERVISEUR, jurisdiction=unit).order_by("pk").first()
    country = AdminUnit.objects.get(level=Level.PAYS)
    users["national_analyst"], _ = User.objects.get_or_create(
        username="bench-analyste", defaults={"role": Role.ANALYSTE, "jurisdiction": country}
    )
    figures["users"] = {}
    load = os.getloadavg()[0]
    for label, user in users.items():
        figures["users"][label] = {
            "user": user.username,
            "jurisdiction": user.jurisdiction.name,
            **page_figures(user, args),
        }
    # The machine's load while timing (1-minute average, at the start and the end): wall-clock times on a shared
    # machine grow with it, CPU times much less.
    figures["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
