"""Writes of the indicators: counting the heavy bases ahead for a period (the stored counts read by storage.py)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.indicators.bases import BASES, CountRequest, analytic_session
from sosteci.indicators.models import StoredCount, StoredPeriod
from sosteci.indicators.periods import Period
from sosteci.indicators.storage import GRAIN, STORED_BASES, catalogue_measures, flags_text
from sosteci.territory.models import AdminUnit, Level


def counts_refresh(
    *, period: Period, bases: Iterable[str] | None = None, as_of: datetime | None = None
) -> list[StoredPeriod]:
    """Count the stored bases for `period` in every sous-préfecture, for every measure of the catalogue, and replace
    what was stored (one transaction per base, written after its count: readers see the old cells until then)."""
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
        rows = [
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
        with transaction.atomic():
            StoredCount.objects.filter(base=name, period=period.code).delete()
            StoredCount.objects.bulk_create(rows, batch_size=5000)
            stored, _created = StoredPeriod.objects.update_or_create(
                base=name,
                period=period.code,
                defaults={
                    "computed_at": now,
                    "seconds": time.perf_counter() - started,
                    "cells": len(rows),
                    "measures": sorted(flags_text(m) for m in measures),
                },
            )
            audit_record(
                actor=None,
                actor_label="indicators_refresh",
                action="indicators.refresh",
                object_type="indicators.storedperiod",
                object_id=f"{name}:{period.code}",
                after={"cells": len(rows), "seconds": round(stored.seconds, 1)},
            )
        done.append(stored)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the planner misjudges the new rows
            cursor.execute("ANALYZE indicators_storedcount")
    return done
