"""Rule sets shipped with the code, one JSON file per version (data with sources, not code)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sosteci.classification.rules import RuleSet

FOLDER = Path(__file__).resolve().parent
DEFAULT_VERSION = "2026.1"


def available_versions() -> list[str]:
    return sorted(path.stem.replace("ruleset-", "") for path in FOLDER.glob("ruleset-*.json"))


@cache
def load_ruleset(version: str) -> RuleSet:
    path = FOLDER / f"ruleset-{version}.json"
    if not path.is_file():
        raise KeyError(f"Unknown rule set version {version!r}; shipped: {', '.join(available_versions())}")
    return RuleSet.from_dict(json.loads(path.read_text(encoding="utf-8")))


def default_ruleset() -> RuleSet:
    return load_ruleset(DEFAULT_VERSION)
