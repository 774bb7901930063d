"""The catalogue of indicators is consistent with the bases it counts over."""

from __future__ import annotations

from sosteci.indicators.bases import BASES
from sosteci.indicators.definitions import INDICATORS, Unit


def test_every_measure_counts_over_a_known_base_with_known_flags_and_categories() -> None:
    assert len({i.code for i in INDICATORS}) == len(INDICATORS)
    for indicator in INDICATORS:
        for measure in (indicator.numerator, indicator.denominator):
            if measure is None:
                continue
            base = BASES[measure.base]
            assert measure.flags <= base.flags, indicator.code
            assert measure.categories is None or measure.categories <= set(base.categories), indicator.code
        assert indicator.disaggregations <= BASES[indicator.numerator.base].dimensions, indicator.code
        # A percentage has a denominator over the same base; a number has none.
        assert (indicator.unit == Unit.PERCENT) == (indicator.denominator is not None), indicator.code
        if indicator.denominator is not None:
            assert indicator.denominator.base == indicator.numerator.base, indicator.code
            assert indicator.denominator.flags <= indicator.numerator.flags, indicator.code
        assert indicator.name_fr and indicator.name_en and indicator.numerator_fr and indicator.numerator_en
        assert indicator.source


def test_names_follow_the_language() -> None:
    from django.utils import translation

    indicator = INDICATORS[1]
    with translation.override("fr"):
        assert indicator.name == "Enfants suivis"
    with translation.override("en"):
        assert indicator.name == "Children monitored"
