"""The one computation of indicators: tidy rows for a unit and its sub-units at a level, in a period, disaggregated.

Each base needed is counted once (bases.py: one GROUP BY query on the ancestor column of the level), or, for the
country down to a département, read from the counts stored ahead per sous-préfecture (storage.py, refreshed nightly
by `manage.py indicators_refresh`); every row is then a sum of those counts, so that a unit's row is the sum of its
sub-units' rows, a total the sum of its disaggregated rows, and a percentage is recomputed from summed numerators and
denominators, never averaged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from itertools import combinations, product

from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.indicators.bases import BASES, CellKey, CountRequest, analytic_session
from sosteci.indicators.definitions import BY_CODE, DIMENSIONS, INDICATORS, Dimension, Indicator, Measure, Unit
from sosteci.indicators.periods import Period
from sosteci.indicators.storage import GRAIN, stored_as_of, stored_cells
from sosteci.territory.models import AdminUnit, Level


class IndicatorRequestError(ValueError):
    """A request that cannot be computed (unknown indicator, level above the unit…); the message says why."""


@dataclass(frozen=True)
class Row:
    """One tidy row. `parent` is the P-code of the unit the rows of a level add up to (None on that unit's row).
    A disaggregation left as None is the total over it."""

    indicator: str
    unit: str
    unit_name: str
    level: str
    parent: str | None
    period: str
    sex: str | None
    age_band: str | None
    category: str | None
    numerator: int | None
    denominator: int | None
    value: float | None
    suppressed: bool = False
    small: bool = False  # suppressed because a figure is under the threshold (not only to protect another cell)

    def coordinate(self, dimension: Dimension) -> str | None:
        value: str | None = getattr(self, dimension.value)
        return value

    def hidden(self, small: bool = False) -> Row:
        """The row as published when suppressed: its place and breakdown, no figure."""
        return replace(self, numerator=None, denominator=None, value=None, suppressed=True, small=small)


@dataclass(frozen=True)
class Place:
    pk: int
    pcode: str
    name: str
    level: str


def percent(numerator: int, denominator: int) -> float | None:
    return None if not denominator else round(100 * numerator / denominator, 1)


def effective_dimensions(indicator: Indicator, wanted: Iterable[Dimension]) -> tuple[Dimension, ...]:
    """The requested disaggregations this indicator allows, in the canonical order."""
    asked = set(wanted)
    return tuple(d for d in DIMENSIONS if d in asked and d in indicator.disaggregations)


Totals = dict[tuple[int | str | None, ...], int]  # (unit, sex, age band, category) -> count; None: summed over


def _subsets(dims: Sequence[Dimension]) -> list[tuple[Dimension, ...]]:
    return [s for k in range(len(dims) + 1) for s in combinations(dims, k)]


def measure_totals(
    measure: Measure, cells: Mapping[CellKey, int], dims: Sequence[Dimension], parent_of: Mapping[int, int]
) -> Totals:
    """Every figure the rows of a measure show: the base's cells that the measure counts (flags held, category kept),
    per unit and per parent, split by each subset of `dims` and summed over the rest."""
    keep = tuple(d in dims for d in DIMENSIONS)
    finest: dict[tuple[int, str | None, str | None, str | None], int] = defaultdict(int)
    for (unit, sex, age, category, flags), count in cells.items():
        if flags != measure.flags or (measure.categories is not None and category not in measure.categories):
            continue
        if unit is None or unit not in parent_of:
            continue  # a row whose unit at this level is unknown belongs to no sub-unit, hence to no total
        finest[(unit, sex if keep[0] else None, age if keep[1] else None, category if keep[2] else None)] += count
    masks = [tuple(d in subset for d in DIMENSIONS) for subset in _subsets(dims)]
    totals: Totals = defaultdict(int)
    for (unit, sex, age, category), count in finest.items():
        parent = parent_of[unit]
        for by_sex, by_age, by_category in masks:
            coords = (sex if by_sex else None, age if by_age else None, category if by_category else None)
            totals[(unit, *coords)] += count
            if parent != unit:
                totals[(parent, *coords)] += count
    return totals


def build_rows(
    *,
    indicators: Sequence[Indicator],
    top: Place,
    places: Sequence[Place],
    period: str,
    dimensions: Iterable[Dimension],
    cells: Mapping[str, Mapping[CellKey, int]],
) -> list[Row]:
    """The tidy rows from the counts of each base (pure: no database). `places` are the sub-units at the level;
    when the level is the unit's own, `places` is [top] and there is no parent row. A national indicator gives the
    country's row alone."""
    wanted = tuple(dimensions)
    own_level = len(places) == 1 and places[0].pk == top.pk
    parent_of = {p.pk: (p.pk if own_level else top.pk) for p in places}
    parent_of.setdefault(top.pk, top.pk)  # rows placed at the unit itself (a committee seated above the level)
    shown = [top] if own_level else [top, *places]
    rows: list[Row] = []
    known: dict[tuple[Measure, tuple[Dimension, ...]], Totals] = {}

    def totals(measure: Measure, dims: tuple[Dimension, ...]) -> Totals:
        if (measure, dims) not in known:  # indicators share measures: each is added up once
            known[(measure, dims)] = measure_totals(measure, cells[measure.base], dims, parent_of)
        return known[(measure, dims)]

    for indicator in indicators:
        dims = effective_dimensions(indicator, wanted)
        base = BASES[indicator.numerator.base]
        numerators = totals(indicator.numerator, dims)
        denominators = None if indicator.denominator is None else totals(indicator.denominator, dims)
        subsets = _subsets(dims)
        # A national indicator (action plans) has the country's row only, and no row for any other unit.
        units = ([top] if top.level == Level.PAYS else []) if indicator.national_only else shown
        for unit in units:
            for subset in subsets:
                choices = [base.options(d) if d in subset else (None,) for d in DIMENSIONS]
                for sex, age, category in product(*choices):
                    key = (unit.pk, sex, age, category)
                    numerator = numerators.get(key, 0)
                    denominator = None if denominators is None else denominators.get(key, 0)
                    value: float | None = (
                        float(numerator) if indicator.unit != Unit.PERCENT else percent(numerator, denominator or 0)
                    )
                    rows.append(
                        Row(
                            indicator=indicator.code,
                            unit=unit.pcode,
                            unit_name=unit.name,
                            level=unit.level,
                            parent=None if unit.pk == top.pk else top.pcode,
                            period=period,
                            sex=sex,
                            age_band=age,
                            category=category,
                            numerator=numerator,
                            denominator=denominator,
                            value=value,
                        )
                    )
    return rows


def resolve_indicators(codes: Iterable[str] | None) -> list[Indicator]:
    if not codes:
        return list(INDICATORS)
    chosen, unknown = [], []
    for code in codes:
        found = BY_CODE.get(code.strip().upper())
        if found is None:
            unknown.append(code)
        elif found not in chosen:
            chosen.append(found)
    if unknown:
        raise IndicatorRequestError(_("Indicateur inconnu : %(codes)s.") % {"codes": ", ".join(unknown)})
    return chosen


def resolve_dimensions(names: Iterable[str]) -> list[Dimension]:
    dims = []
    for name in names:
        try:
            dims.append(Dimension(name.strip()))
        except ValueError:
            raise IndicatorRequestError(
                _("Ventilation inconnue : « %(name)s » (sexe : sex, tranche d'âge : age_band, catégorie : category).")
                % {"name": name}
            ) from None
    return dims


def sub_units(unit: AdminUnit, level: Level) -> list[Place]:
    """The units at `level` within `unit` (the unit itself at its own level), in P-code order."""
    if level.depth < unit.level_enum.depth:
        raise IndicatorRequestError(
            _("Le niveau « %(level)s » est au-dessus de « %(unit)s ».") % {"level": level.label, "unit": unit.name}
        )
    if level == unit.level_enum:
        return [Place(unit.pk, unit.pcode, unit.name, unit.level)]
    units = AdminUnit.objects.within(unit).filter(level=level).order_by("pcode")
    return [Place(pk, pcode, name, lvl) for pk, pcode, name, lvl in units.values_list("pk", "pcode", "name", "level")]


class Source(StrEnum):
    """Where the counts come from: counted now, or counted ahead per sous-préfecture (storage.py)."""

    AUTO = "auto"  # stored counts down to a département when the period is stored; live below, or when not stored
    LIVE = "live"
    STORED = "stored"


# Scopes large enough for stored counts to matter (national scale: a département holds ~30,000 children, whose care
# cascade takes seconds to count live); a sous-préfecture and below are counted live, always fresh.
STORED_SCOPES = frozenset({Level.PAYS, Level.DISTRICT, Level.REGION, Level.DEPARTEMENT})


@dataclass(frozen=True)
class Computation:
    rows: list[Row]
    as_of: datetime  # when the figures were counted: now, or the oldest stored count used
    stored: bool


def compute_table(
    *,
    unit: AdminUnit,
    period: Period,
    level: Level | None = None,
    indicators: Iterable[str] | None = None,
    dimensions: Iterable[str] = (),
    as_of: datetime | None = None,
    source: Source = Source.AUTO,
) -> Computation:
    """The tidy rows of `indicators` (all when None) for `unit` and its sub-units at `level` (the next level down
    by default), in `period`, split by `dimensions` (any of sex, age_band, category: each indicator uses those it
    allows), with every total. One query per base, one for the sub-units."""
    level = level or unit.level_enum.child or unit.level_enum
    chosen = resolve_indicators(indicators)
    dims = resolve_dimensions(dimensions)
    places = sub_units(unit, level)
    now = as_of or timezone.now()
    needs: dict[str, tuple[set[Dimension], set[frozenset[str]]]] = {}
    for indicator in chosen:
        own = set(effective_dimensions(indicator, dims))
        for measure in (indicator.numerator, indicator.denominator):
            if measure is None:
                continue
            wanted_dims, measures = needs.setdefault(measure.base, (set(), set()))
            wanted_dims |= own
            if measure.categories is not None:
                wanted_dims.add(Dimension.CATEGORY)
            measures.add(measure.flags)
    stored_needs = {name: measures for name, (_dims, measures) in needs.items() if BASES[name].stored}
    counted_at = _stored_as_of(unit, level, period, stored_needs, source)
    cells = {}
    with analytic_session():
        for name, (wanted_dims, measures) in needs.items():
            request = CountRequest(
                scope=unit,
                level=level,
                period=period,
                dimensions=frozenset(wanted_dims & BASES[name].dimensions),
                measures=frozenset(measures),
                as_of=now,
            )
            stored = counted_at is not None and BASES[name].stored
            cells[name] = stored_cells(name, request) if stored else BASES[name].count(request)
    top = Place(unit.pk, unit.pcode, unit.name, unit.level)
    rows = build_rows(indicators=chosen, top=top, places=places, period=period.code, dimensions=dims, cells=cells)
    return Computation(rows=rows, as_of=counted_at or now, stored=counted_at is not None)


def _stored_as_of(
    unit: AdminUnit, level: Level, period: Period, needs: Mapping[str, set[frozenset[str]]], source: Source
) -> datetime | None:
    """When the stored counts to use were counted, or None to count live."""
    usable = bool(needs) and period.dhis2 is not None and level.depth <= GRAIN.depth
    # A sous-préfecture's own totals (its trend, its breakdowns) are stored cells too, kept current like the others:
    # the largest (Abidjan, 586 k children at national scale) would otherwise recount each month of a trend.
    own_totals = unit.level_enum == GRAIN and level == GRAIN
    large = unit.level_enum in STORED_SCOPES or own_totals
    if source == Source.LIVE or not usable or (source == Source.AUTO and not large):
        counted_at = None
    else:
        counted_at = stored_as_of(needs, period)
    if source == Source.STORED and counted_at is None and needs:
        raise IndicatorRequestError(
            _("Aucun comptage stocké pour %(period)s à ce niveau : lancez manage.py indicators_refresh.")
            % {"period": period.code}
        )
    return counted_at


def compute(
    *,
    unit: AdminUnit,
    period: Period,
    level: Level | None = None,
    indicators: Iterable[str] | None = None,
    dimensions: Iterable[str] = (),
    as_of: datetime | None = None,
    source: Source = Source.AUTO,
) -> list[Row]:
    """The rows of `compute_table`."""
    return compute_table(
        unit=unit,
        period=period,
        level=level,
        indicators=indicators,
        dimensions=dimensions,
        as_of=as_of,
        source=source,
    ).rows
