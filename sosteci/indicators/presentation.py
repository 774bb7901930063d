"""From tidy rows to what a page shows: figures as text (« < 5 » and « — » for suppressed cells), labels of the
disaggregations in the active language, and the charts of a dashboard. Pure: no database, no user."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sosteci.cases.models import Alert
from sosteci.coordination.models import AwarenessTheme, CommitteeLevel, EffortType
from sosteci.directory.models import ServiceType
from sosteci.indicators.bases import BASES
from sosteci.indicators.charts import Bar, Chart, Series, Stack, bar_chart, line_chart, stacked_bar_chart
from sosteci.indicators.computing import Row
from sosteci.indicators.definitions import BY_CODE, Dimension, Indicator, Unit
from sosteci.indicators.periods import Period, PeriodKind
from sosteci.registry.models import CategoryChoices, Sex

SMALL = "< 5"
HIDDEN = "—"
DIMENSION_LABELS: dict[Dimension, Any] = {
    Dimension.SEX: gettext_lazy("sexe"),
    Dimension.AGE_BAND: gettext_lazy("tranche d'âge"),
    Dimension.CATEGORY: gettext_lazy("catégorie"),
}
UNIT_LABELS: dict[Unit, Any] = {
    Unit.NUMBER: gettext_lazy("effectif"),
    Unit.PERCENT: gettext_lazy("pourcentage"),
    Unit.AMOUNT: gettext_lazy("montant en francs CFA"),
}
# What the category of each base is, and its labels.
CATEGORY_CHOICES: dict[str, Any] = {
    "children": CategoryChoices.choices,
    "alerts": Alert.Source.choices,
    "referrals": ServiceType.choices,
    "committees": CommitteeLevel.choices,
    "trainees": CommitteeLevel.choices,
    "sessions": AwarenessTheme.choices,
    "reached": AwarenessTheme.choices,
    "efforts": EffortType.choices,
    "beneficiaries": EffortType.choices,
    "amounts": EffortType.choices,
}


def option_label(indicator: Indicator, dimension: Dimension, option: str | None) -> str:
    """The label of one option of a disaggregation (None: the total)."""
    if option is None:
        return _("Total")
    if dimension == Dimension.SEX:
        return str(dict(Sex.choices).get(option, option))
    if dimension == Dimension.AGE_BAND:
        return _("%(band)s ans") % {"band": option}
    return str(dict(CATEGORY_CHOICES.get(indicator.numerator.base, [])).get(option, option))


def options(indicator: Indicator, dimension: Dimension) -> tuple[str, ...]:
    return BASES[indicator.numerator.base].options(dimension)


def figure_text(row: Row | None) -> str:
    """A row's figure as shown: « < 5 » when hidden for being small, « — » when hidden to protect another cell,
    « n.d. » when it cannot be computed (no denominator)."""
    if row is None:
        return HIDDEN
    if row.suppressed:
        return SMALL if row.small else HIDDEN
    if row.value is None:
        return _("n.d.")
    unit = BY_CODE[row.indicator].unit
    if unit == Unit.PERCENT:
        return f"{number_format(row.value, 1, force_grouping=True)} %"
    if unit == Unit.AMOUNT:
        return f"{number_format(int(row.value), 0, force_grouping=True)} FCFA"
    return number_format(int(row.value), 0, force_grouping=True)


def count_text(value: int | None) -> str:
    return HIDDEN if value is None else number_format(value, 0, force_grouping=True)


class RowIndex:
    """Rows looked up by (indicator, unit, sex, age band, category), None for a total."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = list(rows)
        self.by_key = {(r.indicator, r.unit, r.period, r.sex, r.age_band, r.category): r for r in self.rows}

    def get(
        self,
        indicator: str,
        unit: str,
        period: str,
        sex: str | None = None,
        age_band: str | None = None,
        category: str | None = None,
    ) -> Row | None:
        return self.by_key.get((indicator, unit, period, sex, age_band, category))

    @property
    def suppressed(self) -> bool:
        return any(r.suppressed for r in self.rows)


@dataclass
class KeyFigure:
    indicator: Indicator
    row: Row | None

    @property
    def text(self) -> str:
        return figure_text(self.row)

    @property
    def detail(self) -> str:
        """« 3 / 8 » under a percentage."""
        row = self.row
        if row is None or row.suppressed or row.denominator is None:
            return ""
        return f"{count_text(row.numerator)} / {count_text(row.denominator)}"


@dataclass
class SubUnitLine:
    pcode: str
    name: str
    href: str | None
    figures: list[KeyFigure] = field(default_factory=list)


def _value(row: Row | None) -> float | None:
    return None if row is None or row.suppressed else row.value


def sub_unit_lines(
    index: RowIndex,
    codes: Sequence[str],
    period: str,
    sub_units: Sequence[tuple[str, str]],
    link: Callable[[str], str | None],
) -> list[SubUnitLine]:
    return [
        SubUnitLine(
            pcode,
            name,
            link(pcode),
            [KeyFigure(BY_CODE[code], index.get(code, pcode, period)) for code in codes],
        )
        for pcode, name in sub_units
    ]


def sub_unit_chart(
    index: RowIndex, period: str, sub_units: Sequence[tuple[str, str]], link: Callable[[str], str | None]
) -> Chart:
    """Children monitored by sub-unit, split into those in child labour and the others."""
    stacks = []
    for pcode, name in sub_units:
        monitored = index.get("CH_MONITORED", pcode, period)
        labour = index.get("CH_LABOUR", pcode, period)
        known = _value(monitored) is not None and _value(labour) is not None
        others = (monitored.numerator or 0) - (labour.numerator or 0) if known and monitored and labour else None
        stacks.append(
            Stack(
                name,
                [_value(labour), None if others is None else float(others)],
                [figure_text(labour), count_text(others)],
                link(pcode),
            )
        )
    return stacked_bar_chart(
        _("Enfants suivis par sous-unité"),
        [_("en travail des enfants"), _("autres enfants suivis")],
        stacks,
        description=_("Enfants suivis dans la période, dont ceux en situation de travail des enfants, par sous-unité."),
    )


def bars_by(index: RowIndex, code: str, unit: str, period: str, dimension: Dimension, title: str) -> Chart:
    indicator = BY_CODE[code]
    bars = []
    for option in options(indicator, dimension):
        coords = {dimension.value: option}
        row = index.get(code, unit, period, **coords)
        bars.append(Bar(option_label(indicator, dimension, option), _value(row), figure_text(row)))
    return bar_chart(title, bars, value_label=indicator.name)


def sex_by_age(index: RowIndex, code: str, unit: str, period: str, title: str) -> Chart:
    indicator = BY_CODE[code]
    sexes = options(indicator, Dimension.SEX)
    stacks = []
    for band in options(indicator, Dimension.AGE_BAND):
        rows = [index.get(code, unit, period, sex=sex, age_band=band) for sex in sexes]
        stacks.append(
            Stack(
                option_label(indicator, Dimension.AGE_BAND, band),
                [_value(r) for r in rows],
                [figure_text(r) for r in rows],
            )
        )
    return stacked_bar_chart(title, [option_label(indicator, Dimension.SEX, s) for s in sexes], stacks)


def trend_chart(index: RowIndex, codes: Sequence[str], unit: str, periods: Sequence[tuple[str, str]]) -> Chart:
    """`periods`: (code, label) in time order."""
    series = []
    for code in codes:
        rows = [index.get(code, unit, period) for period, _label in periods]
        series.append(Series(BY_CODE[code].name, [_value(r) for r in rows], [figure_text(r) for r in rows]))
    return line_chart(
        _("Évolution"),
        [label for _period, label in periods],
        series,
        description=_("Évolution sur les dernières périodes : %(names)s.")
        % {"names": ", ".join(BY_CODE[c].name for c in codes)},
    )


@dataclass
class Breakdown:
    """One indicator of one unit split by one disaggregation: a line per option."""

    indicator: Indicator
    dimension: Dimension
    lines: list[tuple[str, str]]  # (option label, figure)


def unit_table(
    index: RowIndex,
    indicator: Indicator,
    dimension: Dimension | None,
    period: str,
    units: Sequence[tuple[str, str]],
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The table of an indicator's page: a line per unit, the total, its numerator and denominator, then a column
    per option of the chosen disaggregation."""
    header = [_("Valeur")]
    if indicator.unit == Unit.PERCENT:
        header += [_("Numérateur"), _("Dénominateur")]
    choices = options(indicator, dimension) if dimension else ()
    header += [option_label(indicator, dimension, o) for o in choices] if dimension else []
    lines = []
    for pcode, name in units:
        total = index.get(indicator.code, pcode, period)
        cells = [figure_text(total)]
        if indicator.unit == Unit.PERCENT:
            hidden = total is None or total.suppressed
            cells += [
                HIDDEN if hidden else count_text(total.numerator if total else None),
                HIDDEN if hidden else count_text(total.denominator if total else None),
            ]
        for option in choices:
            assert dimension is not None
            cells.append(figure_text(index.get(indicator.code, pcode, period, **{dimension.value: option})))
        lines.append((name, cells))
    return header, lines


def period_label(period: Period) -> str:
    if period.kind == PeriodKind.YEAR:
        return str(period.start.year)
    if period.kind == PeriodKind.QUARTER:
        return _("T%(q)s %(y)s") % {"q": (period.start.month - 1) // 3 + 1, "y": period.start.year}
    if period.kind == PeriodKind.MONTH:
        return f"{period.start.month:02d}/{period.start.year}"
    return f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"


@dataclass
class Dashboard:
    """What a dashboard page shows, built from its rows."""

    key_figures: list[KeyFigure]
    columns: list[Indicator]
    lines: list[SubUnitLine]
    charts: list[Chart]
    sub_unit_chart: Chart | None
    trend: Chart
    suppressed: bool


def build_dashboard(
    *,
    rows: Sequence[Row],
    unit: str,
    period: Period,
    trend: Sequence[Period],
    sub_units: Sequence[tuple[str, str]],
    key: Sequence[str],
    link: Callable[[str], str | None],
    breakdown: Sequence[str],
) -> Dashboard:
    """The cards, the sub-units' table and chart, the trend and the breakdowns of the indicators in `breakdown`."""
    index = RowIndex(rows)
    code = period.code
    charts: list[Chart] = []
    if "CH_MONITORED" in breakdown:
        charts.append(sex_by_age(index, "CH_MONITORED", unit, code, _("Enfants suivis par sexe et tranche d'âge")))
        charts.append(bars_by(index, "CH_MONITORED", unit, code, Dimension.CATEGORY, _("Enfants suivis par catégorie")))
    if "CH_LABOUR" in breakdown:
        charts.append(
            sex_by_age(index, "CH_LABOUR", unit, code, _("Enfants en travail des enfants par sexe et tranche d'âge"))
        )
    if "AL_RECEIVED" in breakdown:
        charts.append(bars_by(index, "AL_RECEIVED", unit, code, Dimension.CATEGORY, _("Alertes reçues par source")))
    if "AW_REACHED" in breakdown:
        charts.append(sex_by_age(index, "AW_REACHED", unit, code, _("Personnes sensibilisées par sexe et âge")))
    if "EF_BENEFICIARIES" in breakdown:
        charts.append(
            bars_by(
                index,
                "EF_BENEFICIARIES",
                unit,
                code,
                Dimension.CATEGORY,
                _("Bénéficiaires des actions des partenaires par type d'action"),
            )
        )
    return Dashboard(
        key_figures=[KeyFigure(BY_CODE[c], index.get(c, unit, code)) for c in key],
        columns=[BY_CODE[c] for c in key],
        lines=sub_unit_lines(index, key, code, sub_units, link),
        charts=charts,
        sub_unit_chart=sub_unit_chart(index, code, sub_units, link) if sub_units else None,
        trend=trend_chart(
            index,
            [c for c in ("CH_MONITORED", "CH_LABOUR") if any(r.indicator == c for r in index.rows)],
            unit,
            [(p.code, period_label(p)) for p in trend],
        ),
        suppressed=index.suppressed,
    )
