"""Suppression of one published sum: no count under 5 readable, directly or by difference."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sosteci.maps.cells import hide_small


@pytest.mark.parametrize(
    ("total", "parts", "hidden_parts", "total_hidden"),
    [
        (30, {"a": 10, "b": 20}, set(), False),  # nothing small
        (23, {"a": 3, "b": 20}, {"a", "b"}, False),  # one small part: the other one with it
        (28, {"a": 3, "b": 20, "c": 5}, {"a", "c"}, False),  # the smallest other non-zero part goes
        (26, {"a": 3, "b": 0, "c": 20, "d": 3}, {"a", "d"}, False),  # two small ones protect each other
        (3, {"a": 3, "b": 0}, {"a"}, True),  # a small total, hidden with its part
        (7, {"a": 2, "b": 0, "c": 5}, {"a", "c"}, False),  # a zero is never the complement
        (0, {"a": 0, "b": 0}, set(), False),  # zeros are published
    ],
)
def test_hide_small(total, parts, hidden_parts, total_hidden) -> None:
    result = hide_small(total, parts)
    assert set(result.parts) == hidden_parts
    assert result.total is total_hidden


def test_lone_small_part_with_only_zeros_hides_the_total() -> None:
    result = hide_small(4, {"a": 4, "b": 0})
    assert result.total


@given(st.dictionaries(st.integers(0, 8), st.integers(0, 30), min_size=1, max_size=8))
def test_no_small_count_can_be_recomputed(parts: dict) -> None:
    total = sum(parts.values())
    result = hide_small(total, parts)
    shown = {k: v for k, v in parts.items() if k not in result.parts}
    for key, value in parts.items():
        if 0 < value < 5:
            assert key in result.parts
    # With the total shown, the hidden parts are at least two, or all zero but one that is not small.
    if not result.total and result.parts:
        assert len(result.parts) >= 2
        assert total - sum(shown.values()) == sum(parts[k] for k in result.parts)
    if 0 < total < 5:
        assert result.total
