"""A national register for benchmarks: households, children and visits over the real localités, bulk-written.

`generate(scale=1.0)` writes 1,000,000 households, 3,000,000 children and 6,000,000 visits into the configured
database (COPY on PostgreSQL, executemany on SQLite), deterministic for a seed and a day. Households per localité
are proportional to its census population; names, crops and categories follow the région; every visit is
classified by the real engine under the active rule set, and a child's category is that of its latest visit.

Meant for a fresh database (the benchmarks'): codes are derived from ids ("E-" + a permutation of the id), so they
cannot collide with each other, and a collision with a code the application drew at random is very unlikely.
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model

from sosteci.classification import Activity, Category, Profile, RuleSet, classify
from sosteci.classification.engine import age_at
from sosteci.indicators.marking import counts_changed
from sosteci.registry.models import CODE_ALPHABET, Child, Household, Visit
from sosteci.registry.phonetic import phonetic, tokens
from sosteci.registry.rulesets import active_ruleset
from sosteci.registry.selectors import years_ago
from sosteci.registry.services.households import estimate_birth_date
from sosteci.territory.models import AdminUnit, Level
from sosteci.web.demo.names import FAMILY_NAMES as DEMO_FAMILY_NAMES

# Names as written in Côte d'Ivoire, most common first within each list (the demo lists first, then more).
MORE_FAMILY_NAMES = {
    "akan": "Kanga Koua N'Goran Ahoussou Allou Amon Anoh Atta Kobenan Ekra Kadjo Kablan N'Zi Loukou Akpa Aké Yobouet "
    "Kouao Boni Aboa Tiémélé Essoh Niamké Kimou Assamoi Abbé Séka Yéboué Béké N'Cho Akré Gnamien Kassi Amoikon",
    "mande": "Diaby Keita Camara Konaté Kanté Sangaré Diallo Bakayoko Fadiga Dembélé Sidibé Soumahoro Meité Diakité "
    "Savané Kouyaté Timité Berté Gbané Doukouré Dao Kourouma Sakho Karamoko",
    "krou": "Zébié Gnépa Dréhi Lago Djédjé Dogbo Kragbé Bogui Gnakalé Tiéoulé Gueu Tia Doué Glé Goh Oulaï Sahi Zézé "
    "Bli Zoro Goré Gnaoré Tagro Dakoury",
    "gur": "Ouédraogo Sawadogo Kaboré Compaoré Zongo Nikiéma Kinda Somé Hien Kambiré Palé Dah Yéo Koulibaly Tuho",
}
FAMILY_NAMES = {
    area: list(dict.fromkeys([*names, *MORE_FAMILY_NAMES[area].split()])) for area, names in DEMO_FAMILY_NAMES.items()
}
GIVEN_NAMES = {  # Akan day names, Muslim names, Christian names
    ("day", "M"): "Kouassi Kouadio Konan Kouakou Yao Koffi Kouamé N'Guessan Kobenan Kra",
    ("day", "F"): "Aya Akissi Adjoua Amenan Ahou Affoué Amoin Akoua Ama Adjo Amlan",
    ("muslim", "M"): "Mamadou Ibrahim Moussa Souleymane Adama Lassina Drissa Seydou Yacouba Brahima Abdoulaye Bakary "
    "Issouf Karim Lamine Sékou Salif Amadou Ousmane Daouda Ali Aboubacar Ismaël",
    ("muslim", "F"): "Aminata Fatoumata Mariam Awa Salimata Kadiatou Rokia Bintou Massandjé Tenin Assétou Djénéba "
    "Kadi Nafissatou Safiatou Fanta Hawa Maïmouna Ramatou Aïcha",
    ("christian", "M"): "Jean-Baptiste Serge Armand Didier Hervé Olivier Franck Arsène Guy-Roland Jean Paul Emmanuel "
    "Stéphane Christian Fabrice Junior Prince Éric Patrick Wilfried Yannick Cédric Landry Rodrigue Kévin Roland",
    ("christian", "F"): "Christelle Marie-Laure Brigitte Sandrine Estelle Nadège Prisca Grâce Marie Josiane Mireille "
    "Bénédicte Élodie Laetitia Murielle Sylvie Inès Emmanuela Divine Merveille Ruth Esther Rebecca Solange",
}
KINDS = ("day", "muslim", "christian")
GIVEN_MIX = {  # shares of day, Muslim and Christian first names by cultural area
    "akan": (0.55, 0.10, 0.35),
    "mande": (0.02, 0.80, 0.18),
    "krou": (0.03, 0.12, 0.85),
    "gur": (0.02, 0.60, 0.38),
}
# By région (COD-AB P-code): cultural areas and main crops of households, in percent (rough, for realism only).
REGION_PROFILES = {
    "CI01": ("akan 45 mande 25 krou 15 gur 15", "autre 85 vivrier 10 cacao 5"),  # Abidjan
    "CI02": ("akan 75 mande 10 gur 15", "cacao 45 vivrier 30 autre 25"),  # Yamoussoukro
    "CI03": ("akan 80 mande 10 gur 10", "cacao 65 hevea 15 vivrier 10 autre 10"),  # Agnéby-Tiassa
    "CI04": ("mande 85 krou 10 gur 5", "anacarde 40 vivrier 30 cafe 15 cacao 5 autre 10"),  # Bafing
    "CI05": ("gur 55 mande 45", "coton 40 anacarde 35 vivrier 20 autre 5"),  # Bagoué
    "CI06": ("akan 85 mande 10 gur 5", "cacao 35 vivrier 35 anacarde 15 autre 15"),  # Bélier
    "CI07": ("mande 70 gur 15 akan 15", "anacarde 40 cacao 20 vivrier 30 autre 10"),  # Béré
    "CI08": ("gur 75 mande 15 akan 10", "anacarde 45 vivrier 40 autre 15"),  # Bounkani
    "CI09": ("krou 60 akan 15 mande 15 gur 10", "cacao 65 hevea 15 vivrier 10 autre 10"),  # Cavally
    "CI10": ("mande 95 gur 5", "anacarde 50 coton 20 vivrier 25 autre 5"),  # Folon
    "CI11": ("akan 80 mande 12 gur 8", "vivrier 35 anacarde 25 cacao 10 autre 30"),  # Gbêkê
    "CI12": ("krou 50 akan 25 mande 15 gur 10", "cacao 70 palmier 10 vivrier 10 autre 10"),  # Gbôklé
    "CI13": ("krou 55 akan 25 mande 10 gur 10", "cacao 75 cafe 5 vivrier 10 autre 10"),  # Gôh
    "CI14": ("akan 45 gur 35 mande 20", "anacarde 40 cacao 30 vivrier 20 autre 10"),  # Gontougo
    "CI15": ("akan 80 mande 10 krou 5 gur 5", "palmier 30 hevea 20 cacao 20 vivrier 15 autre 15"),  # Grands-Ponts
    "CI16": ("krou 60 mande 15 akan 15 gur 10", "cacao 70 cafe 10 vivrier 10 autre 10"),  # Guémon
    "CI17": ("gur 50 mande 30 akan 20", "anacarde 45 coton 20 vivrier 25 autre 10"),  # Hambol
    "CI18": ("krou 40 akan 30 mande 20 gur 10", "cacao 75 cafe 5 vivrier 10 autre 10"),  # Haut-Sassandra
    "CI19": ("akan 85 mande 10 gur 5", "cacao 40 anacarde 25 vivrier 25 autre 10"),  # Iffou
    "CI20": ("akan 80 mande 10 gur 10", "cacao 75 hevea 5 vivrier 10 autre 10"),  # Indénié-Djuablin
    "CI21": ("mande 90 gur 10", "anacarde 45 coton 20 vivrier 25 autre 10"),  # Kabadougou
    "CI22": ("krou 50 akan 30 mande 10 gur 10", "cacao 75 hevea 5 vivrier 10 autre 10"),  # Lôh-Djiboua
    "CI23": ("krou 45 akan 30 mande 15 gur 10", "cacao 60 anacarde 10 vivrier 20 autre 10"),  # Marahoué
    "CI24": ("akan 85 mande 10 gur 5", "cacao 50 hevea 20 palmier 10 vivrier 10 autre 10"),  # La Mé
    "CI25": ("akan 85 mande 10 gur 5", "cacao 65 vivrier 20 autre 15"),  # Moronou
    "CI26": ("krou 35 akan 35 mande 15 gur 15", "cacao 85 vivrier 5 autre 10"),  # Nawa
    "CI27": ("akan 85 mande 10 gur 5", "cacao 35 vivrier 35 anacarde 15 autre 15"),  # N'Zi
    "CI28": ("gur 70 mande 30", "coton 35 anacarde 35 vivrier 20 autre 10"),  # Poro
    "CI29": ("krou 40 akan 30 mande 15 gur 15", "cacao 75 hevea 10 palmier 5 autre 10"),  # San-Pédro
    "CI30": ("akan 80 mande 10 gur 10", "cacao 40 hevea 20 palmier 20 vivrier 10 autre 10"),  # Sud-Comoé
    "CI31": ("gur 60 mande 40", "anacarde 45 coton 25 vivrier 20 autre 10"),  # Tchologo
    "CI32": ("krou 75 mande 20 gur 5", "cacao 35 cafe 25 vivrier 30 autre 10"),  # Tonkpi
    "CI33": ("mande 85 gur 10 akan 5", "anacarde 45 vivrier 35 cacao 10 autre 10"),  # Worodougou
}
WORK_CONTEXT = {"cacao": "cocoa", "autre": "town"}  # any other crop: "farm"

NATIONAL = {"households": 1_000_000, "children": 3_000_000, "visits": 6_000_000}
C = Category
# Share of children by category at their latest visit, by the household's work (NORC 2018/19: 38 % of children
# in cocoa-growing households in child labour, nearly all of it hazardous).
SHARES: dict[str, dict[Category, float]] = {
    "cocoa": {C.WORST_FORMS: 0.006, C.HAZARDOUS: 0.32, C.CHILD_LABOUR: 0.055, C.AT_RISK: 0.06, C.PERMITTED_WORK: 0.10},
    "farm": {C.WORST_FORMS: 0.005, C.HAZARDOUS: 0.17, C.CHILD_LABOUR: 0.06, C.AT_RISK: 0.06, C.PERMITTED_WORK: 0.09},
    "town": {C.WORST_FORMS: 0.004, C.HAZARDOUS: 0.04, C.CHILD_LABOUR: 0.04, C.AT_RISK: 0.07, C.PERMITTED_WORK: 0.05},
}
CROP_ACTIVITY = {"cacao": "CACAO", "cafe": "CAFE", "hevea": "HEVEA", "palmier": "PALMIER", "anacarde": "ANACARDE"}
HAZARD_WEIGHTS = {  # hazardous tasks and how often each is reported, by work context
    "cocoa": {"H_CHARGE": 55, "H_MACHETTE": 50, "H_DEFRICHAGE": 30, "H_PRODUITS": 15, "H_BRULAGE": 12,
              "H_PULVERISATION": 10, "H_TRANSPORT_LONG": 10, "H_ABATTAGE": 6, "H_GRIMPER": 5},
    "farm": {"H_CHARGE": 55, "H_MACHETTE": 45, "H_DEFRICHAGE": 25, "H_BRULAGE": 15, "H_PRODUITS": 10,
             "H_TRANSPORT_LONG": 12, "H_ORPAILLAGE": 4, "H_PECHE_PROFONDE": 2},
    "town": {"H_CHARGE": 60, "H_TRANSPORT_LONG": 30, "H_MACHETTE": 10, "H_ORPAILLAGE": 5},
}  # fmt: skip
LIGHT = ["L_RAMASSAGE", "L_ECABOSSAGE", "L_SECHAGE", "L_TRI", "L_PEPINIERE", "L_EAU", "L_SEMIS"]
GRADES = [g.value for g in Child.Grade][:13]
TOWN_POPULATION = 100_000  # a localité this large is a town: few of its households farm
PERMUTE = 0xB5AD4ECEDB  # odd, so id * PERMUTE mod 32**8 is a bijection: unique codes from unique ids
PAIRS = [a + b for a in CODE_ALPHABET for b in CODE_ALPHABET]

RELATIONS = ("child", "grandchild", "nephew", "sibling", "other_relative", "fostered")
RELATION_WEIGHTS = (0.76, 0.84, 0.92, 0.95, 0.98)  # cumulative; the last takes the rest
LIVES, LIVES_WEIGHTS = ("both", "mother", "father"), (0.78, 0.93)
SOURCE_WEIGHTS = (0.7, 0.95)
LIGHT_SETS = [(a,) for a in LIGHT] + [(a, b) for a in LIGHT for b in LIGHT if a < b]
CROPS_JSON = {crop: (json.dumps([crop]), json.dumps([crop] if crop == "autre" else [crop, "vivrier"])) for crop in
              ("cacao", "cafe", "hevea", "palmier", "anacarde", "coton", "vivrier", "autre")}  # fmt: skip
DAYS_BACK = 7000  # days before today covered by the lookup tables (birth dates of 17-year-olds, visits)
UUID_CLEAR = ~(0xF << 76 | 0x3 << 62)
UUID_SET = 0x4 << 76 | 0x2 << 62
TOWN_WORK = ("COMMERCE", "ARTISANAT", "TRANSPORT", "DOMESTIQUE")
LATER_KINDS = ("follow_up", "follow_up", "farm", "household", "school")
SOURCES = ("mobile", "desk", "import")
WORST_SIGNS = [
    ("T_DEPLACE_TIERS", "T_RECRUTE_TIERS"), ("F_NON_PAYE", "T_DEPLACE_TIERS"), ("T_RECRUTE_TIERS",),
    ("F_NON_PAYE",), ("F_DETTE",), ("F_DETTE", "F_MENACES"), ("S_EXPLOITATION",),
]  # fmt: skip
# The fields each generated row holds, in order (their columns come from _meta; other fields get their default).
HOUSEHOLD_FIELDS = (
    "id", "created_at", "updated_at", "uuid", "code", "locality", "head_family_name", "head_given_names",
    "head_sex", "head_phone", "lat", "lon", "gps_accuracy_m", "size", "main_crops",
)  # fmt: skip
CHILD_FIELDS = (
    "id", "created_at", "updated_at", "uuid", "code", "household", "locality", "district", "region", "departement",
    "sous_prefecture", "family_name", "given_names",
    "family_phonetic", "given_phonetic", "sex", "date_of_birth", "declared_age", "birth_date_estimated",
    "estimated_birth_date", "birth_certificate", "nationality", "lives_with_parents", "relation_to_head",
    "schooling", "grade", "disability", "guardian_name", "category", "classified_on",
)  # fmt: skip
VISIT_FIELDS = (
    "id", "created_at", "updated_at", "uuid", "child", "visited_on", "kind", "source", "activities",
    "hazardous_tasks", "indicators", "night_work", "works_during_school_hours", "attends_school", "apprenticeship",
    "injured_at_work", "injury_note", "notes", "category", "reasons", "ruleset_version", "age_at_visit",
    "weekly_hours",
)  # fmt: skip


def code(prefix: str, number: int) -> str:
    """ "E-7K3Q9M2X"-style code of row `number`: distinct numbers below 32**8 give distinct codes."""
    n = (number * PERMUTE) & 0xFFFFFFFFFF
    return f"{prefix}-{PAIRS[n >> 30]}{PAIRS[(n >> 20) & 1023]}{PAIRS[(n >> 10) & 1023]}{PAIRS[n & 1023]}"


class Pool:
    """Weighted names (Zipf-like: the first are the most common), drawn fast."""

    def __init__(self, groups: Iterable[tuple[Sequence[str], float]]) -> None:
        weights: dict[str, float] = {}
        for names, share in groups:
            norm = sum(1 / (r + 1) ** 0.9 for r in range(len(names)))
            for rank, name in enumerate(names):
                weights[name] = weights.get(name, 0) + share / (rank + 1) ** 0.9 / norm
        self.names = list(weights)
        total, running, self.cumulative = sum(weights.values()), 0.0, []
        for name in self.names:
            running += weights[name] / total
            self.cumulative.append(running)
        self.cumulative[-1] = 2.0  # random() < 1: never past the last name, whatever the rounding

    def draw(self, uniform: Callable[[], float]) -> str:
        return self.names[bisect(self.cumulative, uniform())]


def given_pools() -> dict[tuple[str, str], Pool]:
    return {
        (area, sex): Pool((GIVEN_NAMES[(kind, sex)].split(), share) for kind, share in zip(KINDS, mix, strict=True))
        for area, mix in GIVEN_MIX.items()
        for sex in "MF"
    }


def weighted(text: str) -> tuple[list[str], list[float]]:
    """ "akan 45 mande 55" -> (["akan", "mande"], cumulative weights [45, 100])."""
    words = text.split()
    names, running, cumulative = words[0::2], 0.0, []
    for weight in words[1::2]:
        running += float(weight)
        cumulative.append(running)
    return names, cumulative


HAZARDS = {  # (names, cumulative weights)
    context: weighted(" ".join(f"{k} {v}" for k, v in w.items())) for context, w in HAZARD_WEIGHTS.items()
}


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Integers proportional to weights summing to total (largest remainder; ties to the first)."""
    whole = sum(weights)
    quotas = [total * w / whole for w in weights]
    counts = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def spread(rng: random.Random, total: int, n: int, low: int, high: int) -> list[int]:
    """n counts within [low, high] summing to total, scattered like a Poisson count above `low`."""
    counts = [low] * n
    left = total - low * n
    if n == 0 or left < 0 or total > high * n:
        raise ValueError(f"cannot spread {total} over {n} within [{low}, {high}]")
    uniform = rng.random
    while left:
        i = int(uniform() * n)
        if counts[i] < high:
            counts[i] += 1
            left -= 1
    return counts


@dataclass
class TableFigures:
    rows: int = 0
    write_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        rate = round(self.rows / self.write_s) if self.write_s else None
        return {"rows": self.rows, "write_s": round(self.write_s, 1), "rows_per_s": rate}


@dataclass
class Report:
    """What was written and how long it took."""

    vendor: str
    scale: float
    seed: int
    tables: dict[str, TableFigures] = field(default_factory=dict)
    build_s: float = 0.0
    index_s: float = 0.0
    analyze_s: float = 0.0
    total_s: float = 0.0
    classifications: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        rows = sum(t.rows for t in self.tables.values())
        return {
            "scale": self.scale,
            "seed": self.seed,
            "seconds": round(self.total_s, 1),
            "rows_per_s": round(rows / self.total_s),
            "build_rows_s": round(self.build_s, 1),
            "indexes_s": round(self.index_s, 1),
            "analyze_s": round(self.analyze_s, 1),
            "tables": {name: t.as_dict() for name, t in self.tables.items()},
            "distinct_classified_profiles": self.classifications,
            "children_by_category": self.categories,
        }


class Table:
    """A model's table and columns from its _meta; fields not generated get their (constant) default."""

    def __init__(self, model: type[Model], generated: Sequence[str]) -> None:
        meta = model._meta
        self.name = meta.db_table
        fields = [meta.get_field(name) for name in generated]
        rest = [f for f in meta.concrete_fields if f.name not in generated]
        for f in rest:
            if (f.has_default() and callable(f.default)) or not (f.has_default() or f.null or f.empty_strings_allowed):
                raise ValueError(f"{self.name}.{f.column} needs a generated value")
        self.columns = [f.column for f in fields] + [f.column for f in rest]
        self.constants = tuple(
            json.dumps(f.get_default()) if f.get_internal_type() == "JSONField" else f.get_default() for f in rest
        )
        self.rows: list[tuple[Any, ...]] = []


class Writer:
    """Bulk inserts on the Django connection: COPY on PostgreSQL, executemany on SQLite.

    Like pg_restore, it drops the tables' secondary indexes (and, on PostgreSQL, their unique and foreign-key
    constraints) before the load and builds them again after it: one sorted build per index instead of millions
    of random insertions. On PostgreSQL the whole load is one transaction, so a failure leaves the schema intact;
    on SQLite the indexes are rebuilt even after a failure.
    """

    def __init__(self, tables: Sequence[Table]) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.tables = tables
        self.pragmas: dict[str, Any] = {}
        self.rebuild: list[str] = []  # statements that restore what was dropped, in order

    def __enter__(self) -> Writer:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                for name in ("synchronous", "cache_size"):
                    self.pragmas[name] = cursor.execute(f"PRAGMA {name}").fetchone()[0]
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache
                for table in self.tables:
                    cursor.execute(SQLITE_INDEXES_SQL, [table.name])
                    for name, sql in cursor.fetchall():
                        cursor.execute(f"DROP INDEX {quote(name)}")
                        self.rebuild.append(sql)
            elif self.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET maintenance_work_mem = '1GB'")
                constraints = []
                for table in self.tables:
                    cursor.execute(INDEXES_SQL, [table.name])
                    for name, definition in cursor.fetchall():
                        cursor.execute(f"DROP INDEX {quote(name)}")
                        self.rebuild.append(definition)
                    cursor.execute(CONSTRAINTS_SQL, [table.name])
                    for name, kind, definition in cursor.fetchall():
                        cursor.execute(f"ALTER TABLE {quote(table.name)} DROP CONSTRAINT {quote(name)}")
                        constraints.append(
                            (kind, f"ALTER TABLE {quote(table.name)} ADD CONSTRAINT {quote(name)} {definition}")
                        )
                self.rebuild += [sql for kind, sql in sorted(constraints, key=lambda c: c[0] == "f")]  # unique first
        return self

    def finish(self) -> None:
        """Build the dropped indexes and constraints again."""
        with connection.cursor() as cursor:
            while self.rebuild:
                cursor.execute(self.rebuild.pop(0))

    def __exit__(self, kind: object, *exc: object) -> None:
        if self.vendor == "sqlite":
            self.finish()
        with connection.cursor() as cursor:
            for name, value in self.pragmas.items():
                cursor.execute(f"PRAGMA {name}={value}")
            if self.vendor == "postgresql" and kind is None:
                cursor.execute("RESET synchronous_commit")
                cursor.execute("RESET maintenance_work_mem")

    def write(self, table: Table) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        constants = table.constants
        if self.vendor == "postgresql":
            raw: Any = connection.connection
            with raw.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                for row in table.rows:
                    copy.write_row(row + constants)
        else:
            marks = ", ".join("?" * len(table.columns))
            sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608 (names from _meta)
            connection.connection.executemany(sql, [row + constants for row in table.rows])
        table.rows.clear()

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")


SQLITE_INDEXES_SQL = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL"
# A table's secondary indexes that no constraint owns, and its unique and foreign-key constraints (PostgreSQL).
INDEXES_SQL = """
    SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
"""
CONSTRAINTS_SQL = """
    SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype IN ('u', 'f')
"""


class Progress:
    """One line on stderr every tenth of the way, and a last one."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.next, self.started = total, enabled, 0.1, time.perf_counter()

    def __call__(self, done: int, tables: dict[str, Table], figures: dict[str, TableFigures]) -> None:
        if self.enabled and done >= self.next * self.total:
            self.next = (int(done * 10 / self.total) + 1) / 10
            counts = ", ".join(f"{figures[t].rows:,} {t}" for t in tables)
            elapsed = time.perf_counter() - self.started
            print(f"registre : {done / self.total:4.0%} — {counts} ({elapsed:.0f} s)", file=sys.stderr, flush=True)


class Generator:
    """Builds the rows of one chunk of households at a time; a child's visits are classified by the engine.

    Hot path: draws use `random()` and lookup tables (days as offsets back from today, their ISO text, times of
    day); the engine runs once per distinct profile.
    """

    def __init__(self, *, rng: random.Random, today: date, ruleset: RuleSet, utc: str) -> None:
        self.rng = rng
        self.ruleset = ruleset
        self.days = [today - timedelta(days=n) for n in range(DAYS_BACK)]
        self.iso = [d.isoformat() for d in self.days]
        self.times = [f" {7 + m // 60:02d}:{m % 60:02d}:00{utc}" for m in range(600)]
        self.anniversary = [(today - years_ago(age, today)).days for age in range(18)]
        self.estimated = [(today - estimate_birth_date(age, today)).days for age in range(18)]
        self.family = {area: Pool([(names, 1.0)]) for area, names in FAMILY_NAMES.items()}
        self.given = given_pools()
        self.regions = {
            pcode: (*weighted(areas), *weighted(crops)) for pcode, (areas, crops) in REGION_PROFILES.items()
        }
        self.phonetic: dict[str, str] = {}
        self.results: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.texts: dict[str, str] = {}
        self.categories: dict[str, int] = dict.fromkeys(Category, 0)
        self.households = Table(Household, HOUSEHOLD_FIELDS)
        self.children = Table(Child, CHILD_FIELDS)
        self.visits = Table(Visit, VISIT_FIELDS)
        self.touched: dict[int, int] = {}  # sous-préfecture -> its earliest visit of the chunk (days back)

    def pick(self, values: Sequence[Any]) -> Any:
        return values[int(self.rng.random() * len(values))]

    def key(self, name: str) -> str:
        found = self.phonetic.get(name)
        if found is None:
            words = tokens(name)
            found = self.phonetic[name] = phonetic(words[0]) if words else ""
        return found

    def text(self, value: str) -> str:
        """One shared copy of a repeated text (the profile cache holds many)."""
        return self.texts.setdefault(value, value)

    def uuid(self) -> str:
        """A random (version 4, RFC 4122 variant) UUID as 32 hex digits, from the seeded generator."""
        return f"{self.rng.getrandbits(128) & UUID_CLEAR | UUID_SET:032x}"

    def household(self, hid: int, unit: tuple[Any, ...], n_children: int, visits: list[int], ids: list[int]) -> None:
        r = self.rng.random
        locality, population, lat, lon, region, ancestors = unit
        areas, area_weights, crops, crop_weights = self.regions.get(region, self.regions["CI01"])
        area = areas[bisect(area_weights, r() * area_weights[-1])]
        town = population >= TOWN_POPULATION and r() < 0.8
        crop = "autre" if town else crops[bisect(crop_weights, r() * crop_weights[-1])]
        head_sex = "M" if r() < 0.85 else "F"
        family = self.family[area].draw(r)
        head_given = self.given[(area, head_sex)].draw(r)
        first = 0
        for _ in range(n_children):
            first = max(first, self.child(hid, (locality, *ancestors), area, family, head_given, crop, visits, ids))
        if (sp := ancestors[3]) is not None:
            self.touched[sp] = max(first, self.touched.get(sp, 0))
        phone = f"+225{self.pick(('07', '05', '01'))}{int(r() * 1e8):08d}" if r() < 0.65 else ""
        gps = lat is not None and r() < 0.85
        created = self.iso[first] + self.times[int(r() * 600)]
        self.households.rows.append((
            hid, created, created, self.uuid(), code("M", hid), locality, family.upper(), head_given, head_sex, phone,
            f"{float(lat) + r() * 0.04 - 0.02:.6f}" if gps else None,
            f"{float(lon) + r() * 0.04 - 0.02:.6f}" if gps else None,
            3 + int(r() * 28) if gps else None, n_children + 2 + int(r() * 5), CROPS_JSON[crop][r() < 0.5],
        ))  # fmt: skip

    def child(self, hid: int, place: tuple[int, ...], area: str, family: str, head_given: str, crop: str,
              visits: list[int], ids: list[int]) -> int:  # fmt: skip
        """Append a child and its visits; return the offset of its first visit (days before today)."""
        r, pick, iso, times = self.rng.random, self.pick, self.iso, self.times
        cid, ids[0] = ids[0], ids[0] + 1
        sex = "M" if r() < 0.5 else "F"
        age = 5 + int(r() * 13)
        relation = RELATIONS[bisect(RELATION_WEIGHTS, r())]
        if relation not in ("child", "grandchild") or r() < 0.1:
            family = self.family[area].draw(r)
        given = self.given[(area, sex)].draw(r)
        if r() < 0.3:
            given = f"{given} {self.given[(area, sex)].draw(r)}"
        context = WORK_CONTEXT.get(crop, "farm")
        target = self.target(context, age)
        mode = r()
        separated = (target == C.AT_RISK and mode < 0.3) or (target == C.WORST_FORMS and mode < 0.7)
        lives = "neither" if separated else LIVES[bisect(LIVES_WEIGHTS, r())]
        known = r() < 0.55
        born = self.anniversary[age] + 1 + int(r() * 364) if known else self.estimated[age]
        activity = CROP_ACTIVITY.get(crop) or ("VIVRIER" if context == "farm" else pick(TOWN_WORK))
        n = visits[cid - ids[1]]
        day = int(r() * 240)
        offsets = [day]
        for _ in range(n - 1):
            day += 60 + int(r() * (140 if age > 6 else 30))
            offsets.append(day)
        latest: tuple[Any, ...] = ()
        born_day = self.days[born]
        for index, day in enumerate(offsets):
            goal = target if index == 0 or r() < 0.55 else self.target(context, age)
            at = age_at(self.days[day], born_day)
            result = self.classified(at, separated, self.scenario(goal, at, activity, mode))
            latest = latest or result
            vid, ids[2] = ids[2], ids[2] + 1
            stamp = iso[day] + times[int(r() * 600)]
            kind = "household" if index == n - 1 else pick(LATER_KINDS)
            source = SOURCES[bisect(SOURCE_WEIGHTS, r())]
            self.visits.rows.append((vid, stamp, stamp, self.uuid(), cid, iso[day], kind, source, *result[1:]))
        category, attends = latest[0], latest[6]
        self.categories[category] += 1
        schooling, grade = self.schooling(age, attends)
        self.children.rows.append((
            cid, iso[offsets[-1]] + times[int(r() * 600)], iso[offsets[0]] + times[int(r() * 600)], self.uuid(),
            code("E", cid), hid, *place, family.upper(), given, self.key(family), self.key(given), sex,
            iso[born] if known else None, None if known else age, not known, iso[born],
            "yes" if known else pick(("no", "no", "in_progress")), "CI" if r() < 0.9 else "BF", lives, relation,
            schooling, grade, r() < 0.02, "" if relation == "child" else f"{family.upper()} {head_given}", category,
            iso[offsets[0]],
        ))  # fmt: skip
        return offsets[-1]

    def target(self, context: str, age: int) -> Category:
        draw, running = self.rng.random(), 0.0
        for category, share in SHARES[context].items():
            running += share
            if draw < running:
                return C.NOT_WORKING if category == C.PERMITTED_WORK and age < 13 else category
        return C.NOT_WORKING

    def scenario(self, goal: Category, age: int, activity: str, mode: float) -> tuple[Any, ...]:
        """(activities, hazardous tasks, indicators, night, school hours, attends, apprentice, injured)."""
        r, pick = self.rng.random, self.pick
        chores = (("MENAGE", pick((2, 4, 6, 8, 10, 14))),) if r() < 0.7 else ()
        attends = 6 <= age < 16 or r() < (0.5 if age < 6 else 0.75)
        if goal == C.PERMITTED_WORK:
            if age >= 16:
                return ((activity, pick((6, 10, 14, 20, 28, 36))), *chores), (), (), False, False, attends, False, False
            light = pick(LIGHT_SETS)
            return tuple((code, pick((2, 4, 6))) for code in light), (), (), False, False, True, False, False
        if goal == C.AT_RISK:
            if 6 <= age < 16 and mode >= 0.3:  # out of school
                return chores, (), (), False, False, False, False, False
            signs = ("T_DEPLACE_TIERS",) if mode >= 0.3 else ()  # else separated from the parents (the child's)
            return chores, (), signs, False, False, True, False, False
        if goal == C.CHILD_LABOUR:
            if age >= 16:
                return (("MENAGE", pick((28, 30, 35))),), (), (), False, False, attends, False, False
            school = age >= 13 and r() < 0.3
            return ((activity, pick((2, 4, 6, 8, 12, 16, 20))), *chores), (), (), False, school, attends, False, False
        if goal == C.HAZARDOUS:
            names, weights = HAZARDS["cocoa" if activity == "CACAO" else "town" if activity in TOWN_WORK else "farm"]
            tasks = tuple(sorted({names[bisect(weights, r() * weights[-1])] for _ in range(pick((1, 1, 2, 2, 3)))}))
            hours = pick((44, 48, 56)) if r() < 0.06 else pick((4, 8, 12, 16, 20, 24, 30, 36))
            night, school = r() < 0.03, age < 16 and r() < 0.2
            attends = attends and r() < 0.85
            return ((activity, hours), *chores), tasks, (), night, school, attends, False, r() < 0.1
        if goal == C.WORST_FORMS:
            work = "DOMESTIQUE" if r() < 0.25 else activity
            tasks = ("H_CHARGE", "H_MACHETTE") if work == "CACAO" and r() < 0.5 else ()
            return ((work, pick((20, 30, 42, 50))),), tasks, pick(WORST_SIGNS), False, False, r() < 0.4, False, False
        return chores, (), (), False, False, attends, False, False

    def classified(self, age: int, separated: bool, spec: tuple[Any, ...]) -> tuple[Any, ...]:
        """The category, then the visit's columns from `activities` to `weekly_hours`; one engine run per profile."""
        key = (age, separated, spec)
        found = self.results.get(key)
        if found is None:
            activities, tasks, signs, night, school, attends, apprentice, injured = spec
            result = classify(
                Profile(
                    visit_date=self.days[0], declared_age=age, activities=tuple(Activity(c, h) for c, h in activities),
                    hazardous_tasks=frozenset(tasks), indicators=frozenset(signs), night_work=night,
                    works_during_school_hours=school, attends_school=attends, apprenticeship=apprentice,
                    injured_at_work=injured, lives_with_parents=not separated,
                ),
                self.ruleset,
            )  # fmt: skip
            category, text = result.category.value, self.text
            found = self.results[key] = (
                category, text(json.dumps([{"code": c, "hours": float(h)} for c, h in activities])),
                text(json.dumps(list(tasks))), text(json.dumps(list(signs))), night, school, attends, apprentice,
                injured, "Coupure à la machette" if injured else "", "", category,
                text(json.dumps([{"rule": r.rule, "category": r.category.value} for r in result.reasons])),
                result.ruleset_version, result.age, text(str(Decimal(str(round(result.weekly_hours, 1))))),
            )  # fmt: skip
        return found

    def schooling(self, age: int, attends: bool) -> tuple[str, str]:
        if age < 6:
            return ("enrolled", "CP1") if attends else ("preschool", "")
        grade = GRADES[max(0, min(12, age - 6 - self.pick((0, 0, 1, 2))))]
        if attends:
            return "enrolled", grade
        return ("dropped_out", grade) if self.rng.random() < 0.7 else ("never", "")


def localites() -> list[tuple[Any, ...]]:
    """(id, population, lat, lon, région P-code, ancestor ids) of every populated localité, in P-code order.

    The ancestor ids (district, région, département, sous-préfecture) are the copies a Child carries.
    """
    regions = dict(AdminUnit.objects.filter(level=Level.REGION).values_list("id", "pcode"))
    rows = (
        AdminUnit.objects.filter(level=Level.LOCALITE, population__gt=0)
        .order_by("pcode")
        .values_list(
            "id", "population", "lat", "lon", "region_id", "district_id", "departement_id", "sous_prefecture_id"
        )
    )
    return [(i, p, lat, lon, regions[r], (d, r, dep, sp)) for i, p, lat, lon, r, d, dep, sp in rows]


def generate(
    *, scale: float = 1.0, seed: int = 2026, today: date | None = None, chunk: int = 10_000, progress: bool = True
) -> Report:
    """Write the scaled national register into the default database; return the figures."""
    started = time.perf_counter()
    size = {name: max(1, round(n * scale)) for name, n in NATIONAL.items()}
    rng = random.Random(seed)
    units = localites()
    if not units:
        raise RuntimeError("no populated localité: run manage.py load_territory first")
    per_unit = apportion(size["households"], [u[1] for u in units])
    per_household = spread(rng, size["children"], size["households"], 1, 8)
    per_child = spread(rng, size["visits"], size["children"], 1, 5)
    utc = "+00:00" if connection.vendor == "postgresql" else ""
    generator = Generator(rng=rng, today=today or date.today(), ruleset=active_ruleset(), utc=utc)
    tables = {"households": generator.households, "children": generator.children, "visits": generator.visits}
    writer = Writer(list(tables.values()))
    starts = [(model.objects.aggregate(n=Max("id"))["n"] or 0) + 1 for model in (Household, Child, Visit)]
    next_ids = [starts[1], starts[1], starts[2]]  # next child, first child of this run, next visit
    report = Report(vendor=writer.vendor, scale=scale, seed=seed, tables={t: TableFigures() for t in tables})
    show = Progress(size["households"], progress)
    hid, done = starts[0], 0
    build = time.perf_counter()

    def flush() -> None:
        nonlocal build
        report.build_s += time.perf_counter() - build
        with transaction.atomic(savepoint=False):  # a transaction per chunk, or part of the load's on PostgreSQL
            for name, table in tables.items():
                report.tables[name].rows += len(table.rows)
                began = time.perf_counter()
                writer.write(table)
                report.tables[name].write_s += time.perf_counter() - began
            # Once per chunk, as the register's bulk import: the stored counts follow (indicators.following).
            counts_changed((sp, generator.days[back]) for sp, back in generator.touched.items())
            generator.touched.clear()
        show(done, tables, report.tables)
        build = time.perf_counter()

    collecting = gc.isenabled()
    gc.disable()  # millions of young tuples and a large profile cache: collection passes would dominate
    try:
        with transaction.atomic() if writer.vendor == "postgresql" else nullcontext(), writer:
            for unit, count in zip(units, per_unit, strict=True):
                for _ in range(count):
                    generator.household(hid, unit, per_household[done], per_child, next_ids)
                    hid, done = hid + 1, done + 1
                if len(generator.households.rows) >= chunk:
                    flush()
            flush()
            began = time.perf_counter()
            writer.finish()
            report.index_s = time.perf_counter() - began
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Household, Child, Visit]):
                    cursor.execute(sql)
    finally:
        if collecting:
            gc.enable()
    began = time.perf_counter()
    writer.analyze()
    report.analyze_s = time.perf_counter() - began
    report.total_s = time.perf_counter() - started
    report.classifications = len(generator.results)
    report.categories = {str(c): n for c, n in generator.categories.items()}
    return report
