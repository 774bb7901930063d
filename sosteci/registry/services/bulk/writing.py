"""Writing checked households, children and visits in batches (executemany / COPY), one transaction, one
audit row; the rules are applied again by `checking.HouseholdChecker` before anything is written."""

from __future__ import annotations

import secrets
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.classification import Profile, Result, RuleSet, classify
from sosteci.indicators.marking import counts_changed
from sosteci.registry.inputs import ChildInput, VisitInput
from sosteci.registry.models import CODE_ALPHABET, Child, Cooperative, Household, Visit
from sosteci.registry.rulesets import active_ruleset
from sosteci.registry.services.bulk.checking import (
    QUERY_CHUNK,
    BulkResult,
    EntryError,
    HouseholdChecker,
    HouseholdEntry,
    Locality,
    resolve_localities,
)
from sosteci.registry.services.households import _first, estimate_birth_date
from sosteci.registry.services.visits import profile_for
from sosteci.registry.validators import normalise_phone

BATCH_SIZE = 2000  # rows per executemany call
AUDIT_MAX_CODES = 1000
_CODE_TABLE = bytes(ord(CODE_ALPHABET[b % len(CODE_ALPHABET)]) for b in range(256))  # 32 letters: no bias

HOUSEHOLD_COLUMNS = (
    *("created_at", "updated_at", "uuid", "code", "locality_id", "head_family_name", "head_given_names"),
    *("head_sex", "head_phone", "lat", "lon", "gps_accuracy_m", "size", "main_crops", "cooperative_id"),
    *("created_by_id", "submission_id"),
)
CHILD_COLUMNS = (
    *("created_at", "updated_at", "uuid", "code", "household_id", "locality_id", "district_id", "region_id"),
    *("departement_id", "sous_prefecture_id", "family_name", "given_names"),
    *("family_phonetic", "given_phonetic", "sex", "date_of_birth", "declared_age", "birth_date_estimated"),
    *("estimated_birth_date", "birth_certificate", "nationality", "place_of_origin", "arrived_on"),
    *("lives_with_parents", "relation_to_head", "schooling", "grade", "disability", "guardian_name", "category"),
    *("classified_on", "merged_into_id", "created_by_id"),
)
VISIT_COLUMNS = (
    *("created_at", "updated_at", "uuid", "child_id", "visited_on", "kind", "source", "agent_id", "activities"),
    *("hazardous_tasks", "indicators", "night_work", "works_during_school_hours", "attends_school"),
    *("apprenticeship", "injured_at_work", "injury_note", "notes", "category", "reasons", "ruleset_version"),
    *("age_at_visit", "weekly_hours", "recorded_by_id", "submission_id"),
)


def _insert(model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Write rows (values already adapted for the database): COPY on PostgreSQL, executemany elsewhere.

    (psycopg's executemany with Django's client-side binding is one round trip per row: 4,000 rows/s.)
    """
    known = {f.attname: f.column or f.attname for f in model._meta.concrete_fields if not f.primary_key}
    if set(known) != set(columns):
        raise ImproperlyConfigured(
            f"bulk insert of {model._meta.label}: columns differ from the model "
            f"(missing {sorted(set(known) - set(columns))}, unknown {sorted(set(columns) - set(known))})"
        )
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(known[c]) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 (quoted identifiers from the model)
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


def _taken(model: type[Household] | type[Child], codes: list[str]) -> set[str]:
    """Which of these codes the table already holds (PostgreSQL: one query; others: one per QUERY_CHUNK)."""
    quote = connection.ops.quote_name
    select = f"SELECT {quote('code')} FROM {quote(model._meta.db_table)} WHERE {quote('code')}"  # noqa: S608
    taken: set[str] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} = ANY(%s)", [codes])
            return {code for (code,) in cursor.fetchall()}
        for start in range(0, len(codes), QUERY_CHUNK):
            chunk = codes[start : start + QUERY_CHUNK]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            taken.update(code for (code,) in cursor.fetchall())
    return taken


def _new_codes(model: type[Household] | type[Child], prefix: str, count: int) -> list[str]:
    """`count` codes like models.new_code() gives, none already used, in ascending order.

    Ascending, so that rows inserted in this order append to the unique index instead of scattering.
    """
    chosen: set[str] = set()
    while len(chosen) < count:
        need = count - len(chosen)
        raw = secrets.token_bytes(8 * need).translate(_CODE_TABLE).decode("ascii")
        fresh = sorted({f"{prefix}-{raw[i : i + 8]}" for i in range(0, 8 * need, 8)} - chosen)
        chosen.update(fresh)
        chosen.difference_update(_taken(model, fresh))
    return sorted(chosen)


def _new_uuids(count: int) -> list[Any]:
    """Random version-4 UUIDs, ascending, as `_insert` writes them: 32 hex digits (SQLite, PostgreSQL's COPY)."""
    raw = bytearray(secrets.token_bytes(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    if connection.features.has_native_uuid_field and connection.vendor != "postgresql":  # COPY reads hex text
        ordered = sorted(bytes(raw[i : i + 16]) for i in range(0, 16 * count, 16))
        return [uuid.UUID(bytes=value) for value in ordered]
    text = raw.hex()
    return sorted(text[i : i + 32] for i in range(0, 32 * count, 32))


def _ids_by_code(model: type[Household] | type[Child], since: int, codes: Iterable[str]) -> dict[str, int]:
    """Ids of the rows just inserted (ids above `since`; rows other transactions added are dropped by code)."""
    wanted = set(codes)
    rows = model.objects.filter(id__gt=since).values_list("code", "id").iterator(chunk_size=BATCH_SIZE)
    return {code: pk for code, pk in rows if code in wanted}


@contextmanager
def _larger_sqlite_cache(kib: int = 65536) -> Iterator[None]:
    """On SQLite, a 64 MiB page cache while the indexes grow (about 10 % faster), then the previous size."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _max_id(model: type[models.Model]) -> int:
    return model._default_manager.aggregate(top=Max("id"))["top"] or 0


@dataclass
class _ChildFacts:
    """What `profile_for` reads of a child, without building a model instance per row."""

    date_of_birth: date | None
    birth_date_estimated: bool
    estimated_birth_date: date
    schooling: str
    lives_with_parents: str


class _Writer:
    """Builds database rows for valid entries, computing what the one-by-one services compute."""

    def __init__(self, *, by: User | None, ruleset: RuleSet, today: date) -> None:
        ops = connection.ops
        self.by_id = by.pk if by is not None else None
        self.ruleset, self.today = ruleset, today
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self.day: Callable[[date | None], Any] = ops.adapt_datefield_value
        self.json: Callable[[Any], Any] = lambda value: ops.adapt_json_value(value, None)
        self.decimal = ops.adapt_decimalfield_value
        self.phonetic: dict[str, str] = {}
        self.results: dict[Profile, tuple[Result, Any]] = {}
        self.encoded: dict[tuple[Any, ...], Any] = {}
        self.categories: Counter[str] = Counter()

    def household(self, entry: HouseholdEntry, code: str, uid: Any, locality_id: int | None) -> tuple[Any, ...]:
        data, decimal = entry.household, self.decimal
        return (
            self.now,
            self.now,
            uid,
            code,
            locality_id,
            " ".join(data.head_family_name.split()).upper(),
            " ".join(data.head_given_names.split()).title(),
            data.head_sex,
            normalise_phone(data.head_phone) if data.head_phone else "",
            None if data.lat is None else decimal(round(data.lat, 6), 9, 6),
            None if data.lon is None else decimal(round(data.lon, 6), 9, 6),
            data.gps_accuracy_m,
            data.size,
            self.json(list(data.main_crops)),
            data.cooperative_id,
            self.by_id,
            None,  # an Excel import has no submission
        )

    def lists(self, items: tuple[Any, ...]) -> Any:
        """A visit's activities ((code, hours) pairs) or codes as stored; the few distinct lists encoded once."""
        stored = self.encoded.get(items)
        if stored is None:
            value = (
                [{"code": code, "hours": hours} for code, hours in items]
                if items and isinstance(items[0], tuple)
                else list(items)
            )
            stored = self.encoded[items] = self.json(value)
        return stored

    def classify(self, facts: _ChildFacts, visit: VisitInput) -> tuple[Result, Any]:
        profile = profile_for(cast(Child, facts), visit)  # profile_for reads only the _ChildFacts fields
        known = self.results.get(profile)
        if known is None:  # classify() is pure: identical profiles share one result
            result = classify(profile, self.ruleset)
            known = self.results[profile] = (result, self.json([r.as_dict() for r in result.reasons]))
        return known

    def child(
        self,
        data: ChildInput,
        visit: VisitInput | None,
        code: str,
        uid: Any,
        household_id: int,
        locality_id: int | None,
        ancestor_ids: tuple[int | None, ...] = (None, None, None, None),
    ) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
        """The child's row and, when it has a visit, the visit's row after its first four columns."""
        family = " ".join(data.family_name.split()).upper()
        given = " ".join(data.given_names.split()).title()
        if data.date_of_birth is not None:
            birth, estimated = data.date_of_birth, False
        else:
            birth, estimated = estimate_birth_date(cast(int, data.declared_age), self.today), True
        category, classified_on, visit_row = "", None, None
        if visit is not None:
            facts = _ChildFacts(data.date_of_birth, estimated, birth, data.schooling, data.lives_with_parents)
            result, reasons = self.classify(facts, visit)
            category, classified_on = result.category.value, self.day(visit.visited_on)
            visit_row = (
                classified_on,
                visit.kind,
                Visit.Source.IMPORT.value,
                self.by_id,
                self.lists(tuple((str(a["code"]), float(a.get("hours") or 0)) for a in visit.activities)),
                self.lists(tuple(sorted(visit.hazardous_tasks))),
                self.lists(tuple(sorted(visit.indicators))),
                visit.night_work,
                visit.works_during_school_hours,
                visit.attends_school,
                visit.apprenticeship,
                visit.injured_at_work,
                visit.injury_note,
                visit.notes,
                category,
                reasons,
                result.ruleset_version,
                result.age,
                self.decimal(Decimal(str(round(result.weekly_hours, 1))), 5, 1),
                self.by_id,
                None,  # submission
            )
        self.categories[category] += 1
        day = self.day
        keys = self.phonetic
        family_key = keys.get(family)
        if family_key is None:
            family_key = keys[family] = _first(family)
        given_key = keys.get(given)
        if given_key is None:
            given_key = keys[given] = _first(given)
        row = (
            self.now,
            self.now,
            uid,
            code,
            household_id,
            locality_id,
            *ancestor_ids,
            family,
            given,
            family_key,
            given_key,
            data.sex,
            None if data.date_of_birth is None else day(data.date_of_birth),
            data.declared_age,
            estimated,
            day(birth),
            data.birth_certificate,
            data.nationality,
            data.place_of_origin,
            None if data.arrived_on is None else day(data.arrived_on),
            data.lives_with_parents,
            data.relation_to_head,
            data.schooling,
            data.grade,
            data.disability,
            data.guardian_name,
            category,
            classified_on,
            None,
            self.by_id,
        )
        return row, visit_row


def check_entries(
    *, by: User | None, households: Sequence[HouseholdEntry], ruleset: RuleSet, today: date
) -> tuple[dict[int, list[EntryError]], dict[str, Locality]]:
    """The errors of each entry (by index; entries without errors are absent) and the localités resolved."""
    localities = resolve_localities(by=by, pcodes=(h.locality_pcode for h in households))
    checker = HouseholdChecker(ruleset=ruleset, today=today, localities=localities)
    return {i: errs for i, entry in enumerate(households) if (errs := checker.errors(entry))}, localities


def bulk_register(
    *,
    by: User | None,
    households: Sequence[HouseholdEntry],
    filename: str = "",
    record_id: int | None = None,
) -> BulkResult:
    """Register households, children and first visits, all or nothing, in ONE transaction; ONE audit row.

    Computes what `household_register` and `visit_record` compute (normalised names and phone, phonetic keys,
    estimated birth dates, the locality copied on each child, each visit classified under the active rule
    set, fetched once, and the child's current category). Needs Perm.CHILD_IMPORT and every localité within
    the actor's jurisdiction (`by=None`: a system import, localités still required).

    There is no `full_clean()` per row: `HouseholdChecker` applies the same rules in plain Python first, and
    any error refuses the whole call (ValidationError keyed "entry[i] (ref).path"); callers that want partial
    imports (the Excel import) pass only the entries it accepted. Nor is there any per-row query: localités
    are resolved with one query, new codes checked free with one query per 900, and rows are written with
    `executemany` in batches of BATCH_SIZE (COPY on PostgreSQL). Django's `bulk_create` was measured at
    ~2,800 rows/s on this schema (model instances, per-field preparation, 31-row statements under SQLite's
    variable limit); this writer does about 25,000 children/s on SQLite.

    Duplicate detection is not run per child as `household_register` does: scan `result.sous_prefecture_ids`.
    """
    if by is not None and not may(by, Perm.CHILD_IMPORT):
        raise PermissionDenied(Perm.CHILD_IMPORT.value)
    ruleset, today = active_ruleset(), timezone.localdate()
    problems, localities = check_entries(by=by, households=households, ruleset=ruleset, today=today)
    if problems:
        raise ValidationError(
            {
                f"entry[{i}]{f' ({households[i].ref})' if households[i].ref else ''}.{e.path}": [e.message]
                for i, errs in problems.items()
                for e in errs
            }
        )
    cooperatives = {h.household.cooperative_id for h in households if h.household.cooperative_id}
    if cooperatives and Cooperative.objects.filter(pk__in=cooperatives).count() != len(cooperatives):
        raise ValidationError({"cooperative": [_("Une coopérative indiquée n'existe pas.")]})
    result = BulkResult()
    if not households:
        return result
    writer = _Writer(by=by, ruleset=ruleset, today=today)
    with transaction.atomic(), _larger_sqlite_cache():
        result.household_codes = _new_codes(Household, "M", len(households))
        first_household = _max_id(Household)
        _insert(
            Household,
            HOUSEHOLD_COLUMNS,
            [
                writer.household(entry, code, uid, localities[entry.locality_pcode].id)
                for entry, code, uid in zip(
                    households, result.household_codes, _new_uuids(len(households)), strict=True
                )
            ],
        )
        household_ids = _ids_by_code(Household, first_household, result.household_codes)
        count = sum(len(h.children) for h in households)
        codes, uids = _new_codes(Child, "E", count), _new_uuids(count)
        children, visits, visit_codes = [], [], []
        first_visits: dict[int, date] = {}  # sous-préfecture -> earliest visit written there
        position = 0
        for entry, household_code in zip(households, result.household_codes, strict=True):
            household_id = household_ids[household_code]
            locality = localities[entry.locality_pcode]
            for item in entry.children:
                row, visit_row = writer.child(
                    item.data,
                    item.visit,
                    codes[position],
                    uids[position],
                    household_id,
                    locality.id,
                    locality.ancestor_ids,
                )
                children.append(row)
                if visit_row is not None and item.visit is not None:
                    visits.append(visit_row)
                    visit_codes.append(codes[position])
                    if (sp := locality.sous_prefecture_id) is not None:
                        first_visits[sp] = min(item.visit.visited_on, first_visits.get(sp, item.visit.visited_on))
                position += 1
        first_child = _max_id(Child) if visits else 0
        _insert(Child, CHILD_COLUMNS, children)
        if visits:
            child_ids = _ids_by_code(Child, first_child, visit_codes)
            visit_uids = _new_uuids(len(visits))
            now = writer.now
            visits = [(now, now, visit_uids[i], child_ids[visit_codes[i]], *row) for i, row in enumerate(visits)]
            _insert(Visit, VISIT_COLUMNS, visits)
            counts_changed(first_visits.items())  # once per import: the stored counts follow (indicators.following)
        result.households, result.children, result.visits = len(households), count, len(visits)
        result.categories = {k or "unclassified": v for k, v in sorted(writer.categories.items())}
        result.sous_prefecture_ids = sorted(
            {sp for h in households if (sp := localities[h.locality_pcode].sous_prefecture_id) is not None}
        )
        audit_record(
            actor=by,
            action="register.import",
            object_type="registry.registerimport",
            object_id=record_id or "",
            object_repr=filename,
            after={
                "households": result.households,
                "children": result.children,
                "visits": result.visits,
                "categories": result.categories,
                "ruleset": ruleset.version,
                "household_codes": result.household_codes[:AUDIT_MAX_CODES],
            },
        )
    return result
