"""Writes of the indicators: counting the heavy bases ahead for a period (the stored counts read by storage.py), in
every sous-préfecture at once (`counts_refresh`) or in a few whose rows changed (`counts_refresh_units`)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.indicators.bases import BASES, CellKey, CountRequest, analytic_session
from sosteci.indicators.models import StoredCount, StoredPeriod, StoredUnit
from sosteci.indicators.periods import Period
from sosteci.indicators.storage import GRAIN, STORED_BASES, catalogue_measures, flag_set, flags_text
from sosteci.territory.models import AdminUnit, Level


def _rows(name: str, period: Period, cells: Mapping[CellKey, int]) -> list[StoredCount]:
    return [
        StoredCount(
            base=name,
            period=period.code,
            unit_id=unit,
            sex=sex or "",
            age_band=age or "",
            category=category or "",
            flags=flags_text(flags),
            count=count,
        )
        for (unit, sex, age, category, flags), count in cells.items()
        if unit is not None and count
    ]


def _locked(name: str, period: Period) -> StoredPeriod | None:
    """The stored period's row, locked until the end of the transaction: the writes of one base and period (a full
    count, a few sous-préfectures counted again) follow one another, each seeing the rows the previous one wrote."""
    return StoredPeriod.objects.select_for_update().filter(base=name, period=period.code).first()


def counts_refresh(
    *, period: Period, bases: Iterable[str] | None = None, as_of: datetime | None = None
) -> list[StoredPeriod]:
    """Count the stored bases for `period` in every sous-préfecture, for every measure of the catalogue, and replace
    what was stored (one transaction per base, written after its count: readers see the old cells until then).
    A sous-préfecture counted again since this count began (`counts_refresh_units`) keeps its newer rows."""
    if period.dhis2 is None:
        raise ValueError(_("Seules les années, trimestres et mois sont stockés (pas « %(p)s »).") % {"p": period.code})
    country = AdminUnit.objects.get(level=Level.PAYS)
    done = []
    for name in bases or STORED_BASES:
        base = BASES[name]
        started = time.perf_counter()
        now = as_of or timezone.now()
        measures = catalogue_measures(name)
        request = CountRequest(
            scope=country, level=GRAIN, period=period, dimensions=base.dimensions, measures=measures, as_of=now
        )
        with analytic_session():
            cells = base.count(request)
        rows = _rows(name, period, cells)
        with transaction.atomic():
            previous = _locked(name, period)
            newer = set(
                StoredUnit.objects.filter(base=name, period=period.code, computed_at__gt=now).values_list(
                    "unit_id", flat=True
                )
            )
            StoredCount.objects.filter(base=name, period=period.code).exclude(unit_id__in=newer).delete()
            StoredUnit.objects.filter(base=name, period=period.code).exclude(unit_id__in=newer).delete()
            rows = [row for row in rows if row.unit_id not in newer]
            StoredCount.objects.bulk_create(rows, batch_size=5000)
            kept = StoredCount.objects.filter(base=name, period=period.code, unit_id__in=newer).count() if newer else 0
            current = now if previous is None or previous.current_at is None else max(now, previous.current_at)
            stored, _created = StoredPeriod.objects.update_or_create(
                base=name,
                period=period.code,
                defaults={
                    "computed_at": now,
                    "current_at": current,
                    "seconds": time.perf_counter() - started,
                    "cells": len(rows) + kept,
                    "measures": sorted(flags_text(m) for m in measures),
                },
            )
            audit_record(
                actor=None,
                actor_label="indicators_refresh",
                action="indicators.refresh",
                object_type="indicators.storedperiod",
                object_id=f"{name}:{period.code}",
                after={"cells": stored.cells, "seconds": round(stored.seconds, 1)},
            )
        done.append(stored)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the planner misjudges the new rows
            cursor.execute("ANALYZE indicators_storedcount")
    return done


@dataclass(frozen=True)
class UnitsRefreshed:
    """One base of a period counted again in some sous-préfectures."""

    base: str
    period: str
    units: int  # sous-préfectures whose rows were replaced
    cells: int  # rows written for them
    seconds: float


def _sous_prefectures(units: Iterable[AdminUnit | int]) -> list[AdminUnit]:
    ids = {unit.pk if isinstance(unit, AdminUnit) else int(unit) for unit in units}
    found = list(AdminUnit.objects.filter(pk__in=ids).order_by("pk"))
    wrong = [unit.pcode for unit in found if unit.level != GRAIN]
    if wrong or len(found) != len(ids):
        raise ValueError(
            _("Seules des sous-préfectures existantes se recomptent à part (pas %(units)s).")
            % {"units": ", ".join(wrong) or ", ".join(str(i) for i in sorted(ids - {u.pk for u in found}))}
        )
    return found


def counts_refresh_units(
    *,
    period: Period,
    units: Iterable[AdminUnit | int],
    bases: Iterable[str] | None = None,
    as_of: datetime | None = None,
) -> list[UnitsRefreshed]:
    """Count the stored bases of `period` again in these sous-préfectures only, and replace their stored rows (one
    transaction per base). Each is counted as the full count counts it (scope and level the sous-préfecture, the
    same queries) for the measures that count stored, so the national figures stay the sum of the
    sous-préfectures'. A base never counted in full for the period is skipped (it is counted live until
    `counts_refresh`), as is a sous-préfecture counted again, or in full, since this count began.

    The stored period's `computed_at` and `current_at` do not move: the other sous-préfectures are as they were
    (`StoredUnit` records when these ones were counted)."""
    places = _sous_prefectures(units)
    done: list[UnitsRefreshed] = []
    if not places:
        return done
    ids = {unit.pk for unit in places}
    for name in bases or STORED_BASES:
        stored = StoredPeriod.objects.filter(base=name, period=period.code).first()
        if stored is None:
            continue
        base = BASES[name]
        started = time.perf_counter()
        now = as_of or timezone.now()
        measures = frozenset(flag_set(text) for text in stored.measures)
        cells: dict[CellKey, int] = {}
        with analytic_session():
            for unit in places:
                request = CountRequest(
                    scope=unit, level=GRAIN, period=period, dimensions=base.dimensions, measures=measures, as_of=now
                )
                cells.update(base.count(request))
        with transaction.atomic():
            locked = _locked(name, period)
            if locked is None or locked.computed_at > now:
                continue  # removed, or counted in full since this count began: its rows are newer
            newer = set(
                StoredUnit.objects.filter(
                    base=name, period=period.code, unit_id__in=ids, computed_at__gt=now
                ).values_list("unit_id", flat=True)
            )
            targets = ids - newer
            rows = [row for row in _rows(name, period, cells) if row.unit_id in targets]
            removed, _counts = StoredCount.objects.filter(base=name, period=period.code, unit_id__in=targets).delete()
            StoredCount.objects.bulk_create(rows, batch_size=5000)
            StoredUnit.objects.filter(base=name, period=period.code, unit_id__in=targets).delete()
            StoredUnit.objects.bulk_create(
                [StoredUnit(base=name, period=period.code, unit_id=unit, computed_at=now) for unit in sorted(targets)]
            )
            StoredPeriod.objects.filter(pk=locked.pk).update(cells=F("cells") - removed + len(rows))
        done.append(UnitsRefreshed(name, period.code, len(targets), len(rows), time.perf_counter() - started))
    return done
