"""The charts of a plan's execution dashboard (server-rendered SVG, with their figures as tables): planned against
committed and spent by year and by axis, financing mobilised against planned, and the State / partners split the plan
states against the one mobilised. Pure: built from an ExecutionSummary, no database."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sosteci.indicators.charts import Chart, Stack, grouped_bar_chart, stacked_bar_chart
from sosteci.plans.document import Amount
from sosteci.plans.selectors.execution import ExecutionSummary, Line


def fcfa_text(value: int) -> str:
    """1007500000 as "1 007 500 000" (narrow no-break spaces, the French way)."""
    return str(Amount(value))


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{number_format(value, 1)} %"


def _money(lines: list[Line], names: tuple[str, ...], label: bool = False) -> list[Stack]:
    stacks = []
    for line in lines:
        values = [getattr(line, name) for name in names]
        stacks.append(
            Stack(
                label=f"{line.key} — {line.label}" if label and line.key != line.label else line.label,
                values=[float(v) for v in values],
                texts=[fcfa_text(v) for v in values],
            )
        )
    return stacks


def _has_figures(stacks: list[Stack]) -> bool:
    return any(v for stack in stacks for v in stack.values)


def execution_charts(summary: ExecutionSummary) -> list[Chart]:
    """The dashboard's charts, in page order; a chart with nothing but zeros is left out (a plan whose costs are to be
    defined and nothing recorded yet)."""
    spending = (_("Prévu"), _("Engagé"), _("Dépensé"))
    charts: list[Chart] = []
    columns = [f"{name} (F CFA)" for name in spending]
    by_year = _money(summary.years, ("planned", "committed", "spent"))
    if _has_figures(by_year):
        charts.append(
            grouped_bar_chart(
                _("Prévu, engagé et dépensé par année (F CFA)"),
                spending,
                by_year,
                columns=columns,
                description=_("Budget prévu par le plan, montants engagés et dépensés, pour chaque année du plan."),
            )
        )
    by_axis = _money(summary.axes, ("planned", "committed", "spent"), label=True)
    if _has_figures(by_axis):
        charts.append(
            grouped_bar_chart(
                _("Prévu, engagé et dépensé par axe (F CFA)"),
                spending,
                by_axis,
                columns=columns,
                description=_("Budget prévu de chaque axe (somme de ses activités), montants engagés et dépensés."),
            )
        )
    financing = (_("Prévu"), _("Mobilisé"))
    mobilised = _money([*summary.years, summary.total], ("planned", "mobilised"))
    if _has_figures(mobilised):
        charts.append(
            grouped_bar_chart(
                _("Financement mobilisé face au budget prévu (F CFA)"),
                financing,
                mobilised,
                columns=[f"{name} (F CFA)" for name in financing],
                description=_("Montants mobilisés (État et partenaires) et budget prévu, par année et au total."),
            )
        )
    if any(share.stated for share in summary.split) or any(share.mobilised for share in summary.split):
        charts.append(split_chart(summary))
    return charts


def split_chart(summary: ExecutionSummary) -> Chart:
    """Two bars of 100 %: the State's and the partners' shares as the plan states them, and as mobilised."""
    names = [share.label for share in summary.split]
    stacks = [
        Stack(
            label=_("Prévu par le plan"),
            values=[share.stated_pct for share in summary.split],
            texts=[percent_text(share.stated_pct) for share in summary.split],
        ),
        Stack(
            label=_("Mobilisé"),
            values=[share.mobilised_pct for share in summary.split],
            texts=[percent_text(share.mobilised_pct) for share in summary.split],
        ),
    ]
    return stacked_bar_chart(
        _("Répartition État / partenaires : prévue et mobilisée (%)"),
        names,
        stacks,
        description=_("Part de l'État et des partenaires dans le financement prévu par le plan et dans le mobilisé."),
    )
