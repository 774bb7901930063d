"""The execution report of an action plan: budgets planned by year and by axis, against what was committed, spent
and mobilised (the plan's execution records), and the financing split the plan states against the one mobilised."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.indicators.charts import Bar, bar_chart
from sosteci.plans.selectors import plan_document, plan_get
from sosteci.plans.selectors.execution import Line, execution_summary
from sosteci.reports.builders.common import Params, Progress, ReportError, stamp
from sosteci.reports.document import Cell, Column, KeyFigure, Kind, Report, Section, Table, amount, count, text


def _pct(value: float | None) -> Cell:
    return Cell(value, Kind.PERCENT)


def _money_columns(first: str, width: int = 16) -> list[Column]:
    return [
        Column(first, Kind.TEXT, width),
        Column(_("Prévu (FCFA)"), Kind.AMOUNT, 18),
        Column(_("Engagé (FCFA)"), Kind.AMOUNT, 18),
        Column(_("Dépensé (FCFA)"), Kind.AMOUNT, 18),
        Column(_("Exécuté (%)"), Kind.PERCENT),
        Column(_("Mobilisé (FCFA)"), Kind.AMOUNT, 18),
        Column(_("Mobilisé (%)"), Kind.PERCENT),
    ]


def _money_line(line: Line, label: str) -> list[Cell]:
    return [
        text(label),
        amount(line.planned),
        amount(line.committed),
        amount(line.spent),
        _pct(line.executed_pct),
        amount(line.mobilised),
        _pct(line.mobilised_pct),
    ]


def build(*, user: User, params: Params, progress: Progress) -> Report:
    if not may(user, Perm.PLAN_VIEW):
        raise PermissionDenied(_("Vous n'avez pas accès aux plans d'action."))
    plan = plan_get(user=user, code=params.plan) if params.plan else None
    if plan is None:
        raise ReportError(_("Plan d'action inconnu : « %(code)s ».") % {"code": params.plan})
    progress(10)
    summary = execution_summary(plan=plan)
    document = plan_document(plan=plan)
    progress(50)
    total = summary.total
    report = Report(
        title=_("Rapport d'exécution du plan d'action"),
        subtitle=f"{plan.title} ({plan.start_year}-{plan.end_year})",
        facts=[
            (_("Plan"), f"{plan.code} — {plan.title}"),
            (_("Période"), f"{plan.start_year}-{plan.end_year}"),
            (_("Activités-années renseignées"), f"{summary.recorded} / {summary.activity_years}"),
            (_("Établi le"), stamp()),
        ],
        generated_at=timezone.now(),
    )
    report.key_figures = [
        KeyFigure(_("Budget prévu (FCFA)"), amount(total.planned)),
        KeyFigure(_("Dépensé (FCFA)"), amount(total.spent)),
        KeyFigure(_("Exécuté (%)"), _pct(total.executed_pct)),
        KeyFigure(_("Mobilisé (FCFA)"), amount(total.mobilised)),
    ]
    by_year = Table(title=_("Par année"), sheet=_("Par année"), columns=_money_columns(_("Année")))
    by_year.rows = [_money_line(line, line.label) for line in summary.years]
    by_year.rows.append(_money_line(total, _("Total")))
    by_year.total_rows = 1
    by_axis = Table(title=_("Par axe"), sheet=_("Par axe"), columns=_money_columns(_("Axe"), 60))
    by_axis.rows = [_money_line(line, f"{line.key} — {line.label}") for line in summary.axes]
    by_axis.rows.append(_money_line(total, _("Total")))
    by_axis.total_rows = 1
    chart = bar_chart(
        _("Part du budget prévu dépensée, par axe (%)"),
        [Bar(line.key, line.executed_pct, _pct(line.executed_pct).text) for line in summary.axes],
        value_label=_("Exécuté (%)"),
    )
    report.sections.append(
        Section(title=_("Exécution par année et par axe"), tables=[by_year, by_axis], charts=[chart])
    )

    years = document.years
    matrix = Table(
        title=_("Budget prévu par axe et par année (FCFA)"),
        sheet=_("Prévu axe × année"),
        columns=[
            Column(_("Axe"), Kind.TEXT, 60),
            *(Column(str(y), Kind.AMOUNT, 16) for y in years),
            Column(_("Total"), Kind.AMOUNT, 18),
        ],
    )
    column_totals = dict.fromkeys(years, 0)
    for axis in document.axes:
        cells = {y: sum(a.budget.cell(y).figure for a in axis.activities()) for y in years}
        for y in years:
            column_totals[y] += cells[y]
        matrix.rows.append(
            [text(f"{axis.code} — {axis.title}"), *(amount(cells[y]) for y in years), amount(sum(cells.values()))]
        )
    matrix.rows.append(
        [text(_("Total")), *(amount(column_totals[y]) for y in years), amount(sum(column_totals.values()))]
    )
    matrix.total_rows = 1
    planned_chart = bar_chart(
        _("Budget prévu par année (FCFA)"),
        [Bar(str(y), float(column_totals[y]), amount(column_totals[y]).text) for y in years],
        value_label=_("FCFA"),
    )
    report.sections.append(
        Section(
            title=_("Budgets prévus"),
            paragraphs=[_("Les montants « PM » (pour mémoire) du plan sont comptés pour zéro.")],
            tables=[matrix],
            charts=[planned_chart],
        )
    )

    split = Table(
        title=_("Répartition du financement : prévue par le plan et mobilisée"),
        sheet=_("Financement"),
        columns=[
            Column(_("Source"), Kind.TEXT, 24),
            Column(_("Prévu par le plan (FCFA)"), Kind.AMOUNT, 20),
            Column(_("Prévu (%)"), Kind.PERCENT),
            Column(_("Mobilisé (FCFA)"), Kind.AMOUNT, 18),
            Column(_("Mobilisé (%)"), Kind.PERCENT),
        ],
    )
    split.rows = [
        [text(s.label), amount(s.stated), _pct(s.stated_pct), amount(s.mobilised), _pct(s.mobilised_pct)]
        for s in summary.split
    ]
    statuses = Table(
        title=_("État d'avancement des activités (activités-années)"),
        sheet=_("Avancement"),
        columns=[Column(_("État"), Kind.TEXT, 24), Column(_("Activités-années"))],
    )
    statuses.rows = [[text(label), count(n)] for _code, label, n in summary.statuses]
    funders = Table(
        title=_("Partenaires financiers"),
        sheet=_("Partenaires"),
        columns=[Column(_("Partenaire"), Kind.TEXT, 40), Column(_("Mobilisé (FCFA)"), Kind.AMOUNT, 18)],
    )
    funders.rows = [[text(name), amount(value)] for name, value in summary.funders]
    report.sections.append(Section(title=_("Financement et avancement"), tables=[split, statuses, funders]))
    if not summary.recorded:
        report.notes.append(
            _("Aucune exécution n'est encore saisie pour ce plan : seuls les montants prévus figurent.")
        )
    if summary.warnings:
        report.notes.append(
            _("Engagements supérieurs au budget prévu de l'année : %(lines)s.") % {"lines": ", ".join(summary.warnings)}
        )
    progress(80)
    return report
