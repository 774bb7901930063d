"""Small-cell suppression of one published sum (a total and its parts) outside the indicator catalogue.

Counts that are not indicators of the catalogue (cases per sous-préfecture, trafficking victims reported in outil 4)
are published as a total and a partition of it. A part from 1 to THRESHOLD - 1 is hidden; when exactly one part is
hidden and the total is shown, it could be computed by difference, so the smallest other non-zero part is hidden
too (or, if there is none, the total). A total under the threshold is hidden itself. Zero is published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sosteci.indicators.suppression import THRESHOLD


@dataclass(frozen=True)
class Hidden:
    parts: frozenset[Any]
    total: bool


def hide_small(total: int, parts: Mapping[Any, int], threshold: int = THRESHOLD) -> Hidden:
    """Which of `parts` (and whether the total) to hide so that no count under the threshold can be read or
    recomputed from what is shown."""
    hidden = {key for key, value in parts.items() if 0 < value < threshold}
    total_hidden = 0 < total < threshold
    if len(hidden) == 1 and not total_hidden:
        others = sorted(
            ((value, str(key), key) for key, value in parts.items() if key not in hidden and value > 0),
        )
        if others:
            hidden.add(others[0][2])
        else:
            total_hidden = True
    return Hidden(parts=frozenset(hidden), total=total_hidden)
