"""Register figures on one database: writing the national register, then searching and listing it as the
supervisor of a sous-préfecture would. A child process of `python -m bench`; prints one JSON line."""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.territory import timings

ACCENTED = {"e": "é", "a": "à", "i": "ï", "o": "ô"}


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger after the first letter: a letter dropped, doubled, swapped or replaced."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeioukmnst") + word[i + 1 :]


def accent_changed(text: str) -> str:
    """Accents dropped when there are some ("Kouamé" -> "Kouame"), else one added ("Konan" -> "Konàn")."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    if bare != text:
        return bare
    for i, c in enumerate(text):
        if i and c in ACCENTED:
            return text[:i] + ACCENTED[c] + text[i + 1 :]
    return text


def queries_for(names: list[tuple[int, str, str]], rng: random.Random) -> list[tuple[str, int | None, str]]:
    """(query, id of the child it was made from, kind): "kouassi aya" first, then names typed as people do."""
    made: list[tuple[str, int | None, str]] = [("kouassi aya", None, "fixed")]
    for pk, family, given in names:
        first = given.split()[0]
        draw = rng.random()
        if draw < 0.35:
            made.append((f"{family} {first}".lower(), pk, "exact"))
        elif draw < 0.50:
            made.append((f"{first} {family}".lower(), pk, "swapped"))
        elif draw < 0.70:
            word = rng.choice([family, first]).lower()
            other = first.lower() if word == family.lower() else family.lower()
            made.append((f"{typo(word, rng)} {other}", pk, "typo"))
        elif draw < 0.90:
            made.append((accent_changed(f"{family} {first}".lower()), pk, "accent"))
        else:
            made.append((f"{family} {given}", pk, "full_name"))
    return made


def repeat(times: int, call: Callable[[], object]) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def plan(queryset: Any) -> list[str]:
    """The database's plan for a queryset (with actual times on PostgreSQL)."""
    from django.db import connection

    text = queryset.explain(analyze=True) if connection.vendor == "postgresql" else queryset.explain()
    return [line.rstrip() for line in str(text).splitlines()][:40]


def database_size() -> dict[str, Any]:
    from django.db import connection

    from sosteci.registry.models import Child, Household, Visit

    tables = [m._meta.db_table for m in (Household, Child, Visit)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size: dict[str, Any] = {"total_mb": round(cursor.fetchone()[0] / 2**20)}
            for table in tables:
                cursor.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", [table, table])
                data, indexes = cursor.fetchone()
                size[table] = {"table_mb": round(data / 2**20), "indexes_mb": round(indexes / 2**20)}
            return size
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        size = {"total_mb": round(pages * cursor.fetchone()[0] / 2**20)}
        name = Path(connection.settings_dict["NAME"])
        size["file_mb"] = round(sum(p.stat().st_size for p in name.parent.glob(name.name + "*")) / 2**20)
        try:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE tbl_name IN (%s, %s, %s)", tables)
            owner = {n: t for t, n in cursor.fetchall()}
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            for obj, used in cursor.fetchall():
                if obj in owner:
                    entry = size.setdefault(owner[obj], {"table_mb": 0.0, "indexes_mb": 0.0})
                    entry["table_mb" if obj == owner[obj] else "indexes_mb"] += used / 2**20
            for table in tables:
                size[table] = {k: round(v) for k, v in size[table].items()}
        except Exception as exc:  # dbstat is an optional SQLite extension
            size["per_table"] = f"unavailable: {exc}"
        return size


def supervisor_figures(unit: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Search and list timings for a supervisor of `unit` (a sous-préfecture)."""
    from django.core.paginator import Paginator
    from django.db.models import Q

    from sosteci.access.models import User
    from sosteci.access.roles import Role
    from sosteci.registry.models import CategoryChoices, Child
    from sosteci.registry.phonetic import phonetic, tokens
    from sosteci.registry.selectors import (
        AGE_BANDS,
        ChildFilters,
        _normalised,
        child_list,
        child_search,
        children_for,
    )

    user, _ = User.objects.get_or_create(
        username=f"bench-superviseur-{unit.pk}", defaults={"role": Role.SUPERVISEUR, "jurisdiction": unit}
    )
    mine = children_for(user)
    ids = sorted(mine.values_list("id", flat=True))
    rng = random.Random(args.seed)
    chosen = sorted(rng.sample(ids, min(args.queries, len(ids))))
    names = list(Child.objects.filter(id__in=chosen).values_list("id", "family_name", "given_names"))
    name_of = {pk: _normalised(f"{family} {given}") for pk, family, given in names}
    queries = queries_for(sorted(names), rng)
    figures: dict[str, Any] = {"sous_prefecture": unit.name, "children": len(ids)}

    def search(q: str) -> list[Any]:
        return child_search(user=user, filters=ChildFilters(q=q))

    for q, _pk, _kind in queries[:5]:  # warm-up: connection, rule caches, plans
        search(q)
    samples, found, sizes = [], 0, []
    kinds: dict[str, list[float]] = {}
    for q, pk, kind in queries:
        started = time.perf_counter()
        results = search(q)
        elapsed = time.perf_counter() - started
        samples.append(elapsed)
        kinds.setdefault(kind, []).append(elapsed)
        sizes.append(len(results))
        # Found: the child, or a namesake (a name search cannot tell them apart), is among the results.
        found += pk is not None and any(
            child.pk == pk or _normalised(f"{child.family_name} {child.given_names}") == name_of[pk]
            for child, _score in results
        )
    candidates = []
    for q, _pk, _kind in queries:
        keys = {phonetic(w) for w in tokens(q) if phonetic(w)}
        candidates.append(mine.filter(Q(family_phonetic__in=keys) | Q(given_phonetic__in=keys)).count())
    figures["search"] = {
        **timings(samples),
        "p95_ms_by_kind": {k: timings(v)["p95_ms"] for k, v in sorted(kinds.items())},
        "kouassi_aya_ms": round(samples[0] * 1000, 1),
        "child_or_namesake_found": f"{found}/{len(queries) - 1}",
        "results_mean": round(statistics.mean(sizes), 1),
        "candidates_mean": round(statistics.mean(candidates)),
        "candidates_max": max(candidates),
        "candidates_capped": sum(c > 5000 for c in candidates),
        "kouassi_aya_candidates": candidates[0],
        "examples": [q for q, _pk, _kind in queries[:8]],
    }

    def first_page(filters: ChildFilters, count: bool) -> Callable[[], object]:
        if count:  # what the list page does: a count for the pager, then the page
            return lambda: list(Paginator(child_list(user=user, filters=filters), 25).get_page(1).object_list)
        return lambda: list(child_list(user=user, filters=filters)[:25])

    lists: dict[str, Any] = {}
    for label, variants in (
        ("by_category", [ChildFilters(category=c) for c in CategoryChoices.values]),
        ("by_age_band", [ChildFilters(age_band=band) for band in AGE_BANDS]),
    ):
        for count in (False, True):
            samples = [s for f in variants for s in repeat(args.repeat, first_page(f, count))]
            lists[f"{label}{'_with_count' if count else ''}"] = timings(samples)
    figures["list_first_page"] = lists
    if args.plans:
        keys = {phonetic(w) for w in tokens("kouassi aya")}
        figures["plans"] = {
            "search_candidates": plan(
                child_list(user=user, filters=ChildFilters(q="kouassi aya")).filter(
                    Q(family_phonetic__in=keys) | Q(given_phonetic__in=keys)
                )[:5000]
            ),
            "list_hazardous_first_page": plan(
                child_list(user=user, filters=ChildFilters(category="hazardous_child_labour"))[:25]
            ),
            "list_age_band_first_page": plan(child_list(user=user, filters=ChildFilters(age_band="12-14"))[:25]),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="Share of the national register to generate.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=200, help="Name searches per supervisor.")
    parser.add_argument("--repeat", type=int, default=5, help="Repetitions of each list query.")
    parser.add_argument("--no-plans", dest="plans", action="store_false", help="Leave the query plans out.")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from bench.workload import generate
    from sosteci.registry.models import Child
    from sosteci.territory.models import AdminUnit

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"vendor": connection.vendor, "scale": args.scale}
    started = time.perf_counter()
    call_command("load_territory", json=True, stdout=io.StringIO())
    figures["load_territory_s"] = round(time.perf_counter() - started, 1)
    figures["generate"] = generate(scale=args.scale, seed=args.seed).as_dict()
    figures["database"] = database_size()

    def busiest(*, but: AdminUnit | None = None, **filters: Any) -> AdminUnit:
        top = (
            Child.objects.filter(**filters)
            .exclude(locality__sous_prefecture=but)
            .values_list("locality__sous_prefecture", flat=True)
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if top is None:
            raise RuntimeError("the register is empty")
        return AdminUnit.objects.get(pk=top)

    # The sous-préfecture with the most children (Abidjan: a fifth of the country, the worst case), and, Abidjan
    # aside, the one with the most children in hazardous work (a cocoa area, a supervisor's everyday case).
    largest = busiest()
    figures["supervisors"] = {
        "most_children": supervisor_figures(largest, args),
        "most_hazardous_work": supervisor_figures(busiest(but=largest, category="hazardous_child_labour"), args),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
