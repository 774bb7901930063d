"""Small-cell suppression of tidy rows for partners, companies and the public: a pure function, no database.

A count from 1 to THRESHOLD - 1 (numerator or denominator) is suppressed (primary); then, wherever a published total
is the sum of parts of which exactly one is hidden, another part is hidden too (complementary), and again until no
relation lets a hidden figure be computed from published ones: a sub-unit's row from its parent's, a sex, an age band
or a category from the total over it, a category from a group of categories (child labour = its three categories).

Figures are identified by what they count, not by the indicator that shows them: "children in child labour, girls,
in Nawa" is one figure whether it appears as a number or as a percentage's numerator, so it is hidden everywhere or
nowhere. Suppressed rows are kept (place and breakdown shown, figures None, `suppressed` true), never dropped.
Zero is published: it says that nobody is in the cell, which discloses no one.

Protection is against differencing within one published relation and between a category group and its parts; a
determined attacker combining several relations at once (linear algebra over a large table) is not modelled.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import cache

from sosteci.indicators.bases import BASES
from sosteci.indicators.computing import Row
from sosteci.indicators.definitions import BY_CODE, Dimension, Indicator, Measure

THRESHOLD = 5
ANY = "*"  # the category of a base that has none (households)

# A published figure: (base, flags, categories, unit, period, sex, age band).
Figure = tuple[str, frozenset[str], frozenset[str], str, str, str | None, str | None]
Link = tuple[int, tuple[int, ...]]  # figure numbers: total = sum of parts
# A row's place: (indicator, period, unit, sex, age band, category); positions of what a relation varies.
Place = tuple[str | None, ...]
UNIT, SEX, AGE_BAND, CATEGORY = 2, 3, 4, 5
SPLITS = {"sex": SEX, "age_band": AGE_BAND, "category": CATEGORY}


@cache
def _universe(base: str) -> frozenset[str]:
    return frozenset(BASES[base].categories) or frozenset({ANY})


def figure(measure: Measure, row: Row) -> Figure:
    universe = _universe(measure.base)
    kept = universe if measure.categories is None else measure.categories & universe
    categories = kept & {row.category} if row.category else kept
    return (measure.base, measure.flags, categories, row.unit, row.period, row.sex, row.age_band)


def _place(row: Row) -> Place:
    return (row.indicator, row.period, row.unit, row.sex, row.age_band, row.category)


class _Figures:
    """Numbers for the figures the rows show (in order of first appearance: deterministic), with their values."""

    def __init__(self, rows: Sequence[Row], definitions: Mapping[str, Indicator]) -> None:
        self.number: dict[Figure, int] = {}
        self.figures: list[Figure] = []
        self.values: list[int | None] = []
        self.of_row: list[tuple[int, int | None]] = []
        for row in rows:
            indicator = definitions[row.indicator]
            numerator = self._add(figure(indicator.numerator, row), row.numerator)
            denominator = None
            if indicator.denominator is not None:
                denominator = self._add(figure(indicator.denominator, row), row.denominator)
            self.of_row.append((numerator, denominator))

    def _add(self, fig: Figure, value: int | None) -> int:
        if fig not in self.number:
            self.number[fig] = len(self.figures)
            self.figures.append(fig)
            self.values.append(value)
        return self.number[fig]

    def empty(self, number: int) -> bool:
        """A figure over no category at all: zero by construction, known to everyone."""
        return not self.figures[number][2]


def _links(rows: Sequence[Row], found: _Figures, definitions: Mapping[str, Indicator]) -> list[Link]:
    """Every "total = sum of parts" the rows publish, over the figures they show."""
    index = {_place(row): i for i, row in enumerate(rows)}
    split: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        split[row.indicator].update(name for name in SPLITS if getattr(row, name) is not None)
    links: set[Link] = set()

    def add(total: int, parts: Sequence[int]) -> None:
        for which in (0, 1):
            whole = found.of_row[total][which]
            if whole is None:
                continue
            figures = (found.of_row[p][which] for p in parts)
            members = {m for m in figures if m is not None and m != whole and not found.empty(m)}
            if members:
                links.add((whole, tuple(sorted(members))))

    # A total over a disaggregation = the sum of its options.
    for i, row in enumerate(rows):
        base = BASES[definitions[row.indicator].numerator.base]
        place = _place(row)
        for name in split[row.indicator]:
            position = SPLITS[name]
            if place[position] is not None:
                continue
            options = base.options(Dimension(name))
            looked_up = [index.get((*place[:position], option, *place[position + 1 :])) for option in options]
            parts = [p for p in looked_up if p is not None]
            if len(parts) == len(looked_up):
                add(i, parts)
    # A unit = the sum of its sub-units.
    children: dict[Place, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.parent is not None:
            place = _place(row)
            children[(*place[:UNIT], row.parent, *place[UNIT + 1 :])].append(i)
    for place, sub_units in children.items():
        total = index.get(place)
        if total is not None:
            add(total, sub_units)
    # A group of categories = a smaller group + the other categories (figures shown by different indicators).
    by_slice: dict[tuple[object, ...], dict[frozenset[str], int]] = defaultdict(dict)
    for number, fig in enumerate(found.figures):
        if fig[2]:
            by_slice[(fig[0], fig[1], *fig[3:])][fig[2]] = number
    for groups in by_slice.values():
        for whole, whole_number in groups.items():
            if len(whole) < 2:
                continue
            for smaller in [g for g in groups if g < whole and len(g) > 1] + [frozenset()]:
                singles = [groups.get(frozenset({c})) for c in sorted(whole - smaller)]
                if all(s is not None for s in singles):
                    members = {s for s in singles if s is not None} | ({groups[smaller]} if smaller else set())
                    links.add((whole_number, tuple(sorted(members))))
    return sorted(links)


def _coarseness(fig: Figure) -> int:
    return (fig[5] is None) + (fig[6] is None) + (len(fig[2]) > 1)


def _small(found: _Figures, threshold: int) -> set[int]:
    return {n for n, value in enumerate(found.values) if value is None or 0 < value < threshold}


def _hidden(rows: Sequence[Row], threshold: int, definitions: Mapping[str, Indicator]) -> tuple[_Figures, set[int]]:
    """The figures to hide: the small ones, and enough others that none can be recomputed from a published total."""
    found = _Figures(rows, definitions)
    hidden = _small(found, threshold)
    links = _links(rows, found, definitions)
    containing: dict[int, set[int]] = defaultdict(set)
    for number, (total, members) in enumerate(links):
        for fig in (total, *members):
            containing[fig].add(number)

    def cost(candidate: int, lone: int) -> tuple[int, ...]:
        """Prefer a part sharing the most relations with the lone hidden figure (one figure then protects it
        everywhere: a category both in its total and in its group), non-zero, the least aggregated, the smallest."""
        value = found.values[candidate] or 0
        shared = len(containing[candidate] & containing[lone])
        return (-shared, value == 0, _coarseness(found.figures[candidate]), value, candidate)

    queue = list(range(len(links)))  # a heap of relation numbers to (re)check, lowest first: deterministic
    queued = set(queue)
    while queue:
        number = heapq.heappop(queue)
        queued.discard(number)
        total, members = links[number]
        lone = [fig for fig in (total, *members) if fig in hidden]
        if len(lone) != 1:
            continue
        parts = [m for m in members if m not in hidden]
        chosen = min(parts, key=lambda m: cost(m, lone[0])) if parts else total  # the total only if no part is left
        hidden.add(chosen)
        for other in containing[chosen]:
            if other not in queued:
                queued.add(other)
                heapq.heappush(queue, other)
    return found, hidden


def hidden_figures(
    rows: Sequence[Row], threshold: int = THRESHOLD, definitions: Mapping[str, Indicator] = BY_CODE
) -> set[Figure]:
    found, hidden = _hidden(rows, threshold, definitions)
    return {found.figures[n] for n in hidden}


def suppress(
    rows: Sequence[Row], threshold: int = THRESHOLD, definitions: Mapping[str, Indicator] = BY_CODE
) -> list[Row]:
    """The rows as partners, companies and the public may see them (same order, suppressed rows kept; `small` marks
    those holding a figure under the threshold, shown « < 5 », the others hidden to protect them « — »)."""
    found, hidden = _hidden(rows, threshold, definitions)
    small = _small(found, threshold)
    published = []
    for row, (numerator, denominator) in zip(rows, found.of_row, strict=True):
        hide = numerator in hidden or denominator in hidden
        published.append(row.hidden(small=bool({numerator, denominator} & small)) if hide else row)
    return published
