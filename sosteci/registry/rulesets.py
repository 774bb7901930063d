"""The rule set in force, read from the database (cached per version)."""

from __future__ import annotations

from functools import lru_cache

from sosteci.classification import RuleSet
from sosteci.registry.models import RuleSetVersion


@lru_cache(maxsize=8)
def _parsed(version: str, updated_at: str) -> RuleSet:
    return RuleSetVersion.objects.get(version=version).ruleset()


def ruleset_for(version: str) -> RuleSet:
    row = RuleSetVersion.objects.only("version", "updated_at").get(version=version)
    return _parsed(row.version, row.updated_at.isoformat())


def active_ruleset() -> RuleSet:
    """The active rule set (exactly one is active; a database constraint holds it)."""
    row = RuleSetVersion.objects.only("version", "updated_at").get(status=RuleSetVersion.Status.ACTIVE)
    return _parsed(row.version, row.updated_at.isoformat())
