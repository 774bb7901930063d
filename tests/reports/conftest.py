"""Report fixtures: the indicators' small register (tests/indicators/conftest.py), worked out by hand there."""

from __future__ import annotations

from tests.indicators.conftest import AS_OF, World, world

__all__ = ["AS_OF", "World", "world"]
