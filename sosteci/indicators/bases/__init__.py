"""What the indicators count, as one aggregate query per base: GROUP BY the ancestor column of the wanted level.

A base is a set of rows (the latest visit of each child monitored in the period, the households visited, the alerts
received, the referrals made; committees, sessions, partners' actions…) with its place, its disaggregations and
boolean flags (common.py). The register's bases are in register.py, coordination's in coordination.py, the action
plans' budget execution in plans.py.
"""

from __future__ import annotations

from sosteci.indicators.bases.common import (
    AGE_BANDS,
    SEXES,
    Base,
    CellKey,
    CountRequest,
    analytic_session,
    rejected_submissions,
)
from sosteci.indicators.bases.coordination import COORDINATION_BASES
from sosteci.indicators.bases.plans import PLAN_BASES
from sosteci.indicators.bases.register import REGISTER_BASES, counted_visits, latest_visits

BASES: dict[str, Base] = {base.name: base for base in (*REGISTER_BASES, *COORDINATION_BASES, *PLAN_BASES)}
# Every age band of every base, in order of first appearance (the API's choices).
ALL_AGE_BANDS: tuple[str, ...] = tuple(dict.fromkeys(band for base in BASES.values() for band in base.age_bands))

__all__ = [
    "AGE_BANDS",
    "ALL_AGE_BANDS",
    "BASES",
    "SEXES",
    "Base",
    "CellKey",
    "CountRequest",
    "analytic_session",
    "counted_visits",
    "latest_visits",
    "rejected_submissions",
]
