"""Small-cell suppression: worked examples, then properties on crafted tables (hypothesis): no published figure under
5, and no suppressed figure computable from a published total minus published parts."""

from __future__ import annotations

from collections import defaultdict
from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sosteci.indicators.computing import Place, Row, build_rows
from sosteci.indicators.definitions import BY_CODE, DIMENSIONS, Dimension
from sosteci.indicators.suppression import suppress

TOP = Place(1, "CI", "Côte d'Ivoire", "pays")
CATEGORIES = ("not_working", "permitted_work", "at_risk", "child_labour", "hazardous_child_labour", "worst_forms")


def rows_for(
    counts: dict[tuple[int, str, str, bool], int],
    units: int,
    codes: list[str],
    dimensions: list[str],
) -> list[Row]:
    """Rows of the children base from counts per (sub-unit, sex, category, at school)."""
    places = [Place(i + 2, f"R{i + 2}", f"Région {i + 2}", "region") for i in range(units)]
    cells: dict[tuple, int] = defaultdict(int)
    for (unit, sex, category, school), n in counts.items():
        # Each measure counts the rows holding its flags: all children, and those at school.
        for measure in (frozenset(), frozenset({"in_school"})) if school else (frozenset(),):
            cells[(unit, sex, None, category, measure)] += n
    return build_rows(
        indicators=[BY_CODE[c] for c in codes],
        top=TOP,
        places=places,
        period="2026",
        dimensions=[Dimension(d) for d in dimensions],
        cells={"children": cells},
    )


def shown(rows: list[Row]) -> dict[tuple, int | None]:
    return {(r.indicator, r.unit, r.sex, r.category): r.numerator for r in rows}


def test_one_sex_under_five_hides_the_other_when_the_total_is_shown() -> None:
    rows = rows_for(
        {(2, "F", "not_working", False): 3, (2, "M", "not_working", False): 9}, 1, ["CH_MONITORED"], ["sex"]
    )
    got = shown(suppress(rows))
    # Girls 3 (< 5) hidden; boys 9 hidden too, or 12 - 9 would give the girls; the region's one sub-unit hides the
    # whole region as well (the country's row equals it).
    assert got[("CH_MONITORED", "R2", "F", None)] is None and got[("CH_MONITORED", "R2", "M", None)] is None
    assert got[("CH_MONITORED", "CI", "F", None)] is None and got[("CH_MONITORED", "CI", "M", None)] is None
    assert got[("CH_MONITORED", "CI", None, None)] == 12 == got[("CH_MONITORED", "R2", None, None)]


def test_a_small_sub_unit_hides_the_smallest_other() -> None:
    counts = {(2, "F", "not_working", False): 2, (3, "F", "not_working", False): 8, (4, "F", "not_working", False): 10}
    got = shown(suppress(rows_for(counts, 3, ["CH_MONITORED"], [])))
    # Region 2 has 2 children: hidden; 20 - 8 - 10 would give it, so region 3 (the smallest other, 8) is hidden too.
    assert [got[("CH_MONITORED", u, None, None)] for u in ("CI", "R2", "R3", "R4")] == [20, None, None, 10]


def test_zero_is_published_and_large_cells_untouched() -> None:
    rows = rows_for({(2, "F", "not_working", False): 7}, 1, ["CH_MONITORED"], ["sex"])
    assert suppress(rows) == rows  # 7 girls, 0 boys: nothing to hide


def test_a_percentage_follows_its_numerator_and_denominator() -> None:
    counts = {(2, "F", "child_labour", False): 3, (2, "F", "not_working", True): 20, (2, "M", "not_working", True): 30}
    rows = suppress(rows_for(counts, 1, ["CH_LABOUR", "CH_LABOUR_PCT", "CH_MONITORED"], ["sex"]))
    got = {(r.indicator, r.sex): r for r in rows if r.unit == "CI"}
    # 3 girls in child labour: hidden as a number and as the percentage's numerator; the boys' 0 is published.
    assert got[("CH_LABOUR", "F")].suppressed and got[("CH_LABOUR_PCT", "F")].suppressed
    assert got[("CH_LABOUR", None)].suppressed  # 3 in all: under 5 too
    assert (got[("CH_MONITORED", "F")].numerator, got[("CH_MONITORED", None)].numerator) == (23, 53)
    assert got[("CH_LABOUR_PCT", "F")].value is None and got[("CH_LABOUR_PCT", "F")].denominator is None


def test_a_group_of_categories_does_not_give_away_one_of_them() -> None:
    # Child labour (total) 3 + 10 + 0 = 13 is published by CH_LABOUR; CH_MONITORED shows each category: hazardous (3)
    # is hidden; hiding only a non-labour category beside it would let 13 - 10 - 0 give it away.
    counts = {
        (2, "F", "child_labour", False): 10,
        (2, "F", "hazardous_child_labour", False): 3,
        (2, "F", "not_working", False): 40,
        (2, "F", "at_risk", False): 6,
    }
    rows = suppress(rows_for(counts, 1, ["CH_MONITORED", "CH_LABOUR"], ["category"]))
    got = {(r.indicator, r.category): r for r in rows if r.unit == "CI"}
    assert got[("CH_MONITORED", "hazardous_child_labour")].suppressed
    labour_hidden = [
        got[("CH_MONITORED", c)].suppressed for c in ("child_labour", "hazardous_child_labour", "worst_forms")
    ]
    assert not got[("CH_LABOUR", None)].suppressed and sum(labour_hidden) >= 2


# --- Properties on crafted tables -------------------------------------------------------------------------------------

small_or_large = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw: st.DrawFn) -> list[Row]:
    units = draw(st.integers(1, 4))
    categories = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=4, unique=True))
    counts = {
        (unit, sex, category, school): draw(small_or_large)
        for unit, sex, category, school in product(range(2, units + 2), ("F", "M"), categories, (False, True))
    }
    codes = draw(
        st.lists(
            st.sampled_from(["CH_MONITORED", "CH_LABOUR", "CH_LABOUR_PCT", "CH_HAZARDOUS", "CH_IN_SCHOOL_PCT"]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    dimensions = draw(st.lists(st.sampled_from(["sex", "category"]), max_size=2, unique=True))
    return rows_for(counts, units, codes, dimensions)


def row_relations(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Worked out from the table's shape, independently of the suppression code: each total with its parts."""
    index = {(r.indicator, r.unit, r.sex, r.age_band, r.category): r for r in rows}
    found = []
    for r in rows:
        for d in DIMENSIONS:
            if getattr(r, d.value) is not None:
                continue
            parts = [
                index.get(
                    (
                        r.indicator,
                        r.unit,
                        *(o if e == d else getattr(r, e.value) for e in DIMENSIONS),
                    )
                )
                for o in {"sex": ("F", "M"), "age_band": (), "category": CATEGORIES}[d.value]
            ]
            if parts and all(p is not None for p in parts):
                found.append((r, [p for p in parts if p is not None]))
    by_parent = defaultdict(list)
    for r in rows:
        if r.parent:
            by_parent[(r.indicator, r.parent, r.sex, r.age_band, r.category)].append(r)
    found += [(index[key], parts) for key, parts in by_parent.items()]
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_small_cell_and_none_recoverable_by_difference(rows: list[Row]) -> None:
    published = suppress(rows)
    assert len(published) == len(rows)
    for before, after in zip(rows, published, strict=True):
        # Suppressed rows are kept, with their place and breakdown, without figures; the others are unchanged.
        assert after == (before.hidden(small=after.small) if after.suppressed else before)
        # « < 5 » only where a figure of the row is under 5 (a complementary cell is « — »).
        small = any(0 < (n or 0) < 5 for n in (before.numerator, before.denominator))
        assert after.small == (after.suppressed and small)
        if not after.suppressed:
            assert after.numerator is not None and not 0 < after.numerator < 5
            assert after.denominator is None or not 0 < after.denominator < 5
    for total, parts in row_relations(published):
        hidden = sum(p.suppressed for p in parts)
        if not total.suppressed:
            assert hidden != 1, (total, parts)  # total minus the published parts would give the lone hidden one
        else:
            assert hidden >= 1, (total, parts)  # the sum of published parts would give the hidden total


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_a_figure_is_hidden_wherever_it_appears(rows: list[Row]) -> None:
    published = {(r.indicator, r.unit, r.sex, r.category): r for r in suppress(rows)}
    for (code, unit, sex, category), row in published.items():
        # CH_LABOUR is CH_LABOUR_PCT's numerator, CH_MONITORED its denominator: hidden in one, hidden in the other.
        if code == "CH_LABOUR" and row.suppressed and ("CH_LABOUR_PCT", unit, sex, category) in published:
            assert published[("CH_LABOUR_PCT", unit, sex, category)].suppressed
        if code == "CH_MONITORED" and row.suppressed and ("CH_LABOUR_PCT", unit, sex, category) in published:
            assert published[("CH_LABOUR_PCT", unit, sex, category)].suppressed
        # All children - those in child labour = the three other categories: never one of them hidden alone.
        if code == "CH_MONITORED" and category is None and not row.suppressed:
            labour = published.get(("CH_LABOUR", unit, sex, None))
            others = [published.get(("CH_MONITORED", unit, sex, c)) for c in CATEGORIES[:3]]
            if labour is not None and not labour.suppressed and all(p is not None for p in others):
                assert sum(p.suppressed for p in others) != 1
        # Child labour = its three categories; published by CH_LABOUR and split by CH_MONITORED, never one alone.
        if code == "CH_LABOUR" and category is None and not row.suppressed:
            parts = [published.get(("CH_MONITORED", unit, sex, c)) for c in CATEGORIES[3:]]
            if all(p is not None for p in parts):
                assert sum(p.suppressed for p in parts) != 1
