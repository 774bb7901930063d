"""Signals of the territory: other apps keep their copies of a unit's ancestors in step."""

from django.dispatch import Signal

# Sent inside the import's transaction after units were re-parented; `units` are the moved AdminUnits.
units_moved = Signal()
