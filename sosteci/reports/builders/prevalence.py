"""Prevalence per locality: children monitored in each localité of a unit, those in child labour, in hazardous work
and in the worst forms, as counts and shares — the localités where at least one child was monitored."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.indicators.charts import Bar, bar_chart
from sosteci.indicators.computing import IndicatorRequestError
from sosteci.indicators.definitions import BY_CODE
from sosteci.indicators.selectors import indicator_table
from sosteci.reports.builders.common import Params, Progress, ReportError, RowIndex, stamp, suppression_note
from sosteci.reports.builders.places import period_of, unit_of
from sosteci.reports.document import Column, KeyFigure, Kind, Report, Section, Table, text
from sosteci.territory.models import AdminUnit, Level

CODES = (
    "CH_MONITORED",
    "CH_LABOUR",
    "CH_LABOUR_PCT",
    "CH_HAZARDOUS",
    "CH_HAZARDOUS_PCT",
    "CH_WORST",
    "CH_WORST_PCT",
)
CHART_TOP = 20


def build(*, user: User, params: Params, progress: Progress) -> Report:
    unit = unit_of(user, params)
    period = period_of(params)
    progress(5)
    try:
        table = indicator_table(user=user, unit=unit, level=Level.LOCALITE, period=period, indicators=list(CODES))
    except IndicatorRequestError as exc:
        raise ReportError(str(exc)) from exc
    progress(55)
    index = RowIndex(table.rows)
    localities = AdminUnit.objects.within(unit).filter(level=Level.LOCALITE).order_by("sous_prefecture__name", "name")
    places = list(localities.values_list("pcode", "name", "sous_prefecture__name"))
    report = Report(
        title=_("Prévalence du travail des enfants par localité"),
        subtitle=f"{unit.name} ({unit.get_level_display()}, {unit.pcode}) — {period.code}",
        facts=[
            (_("Zone"), f"{unit.name} — {unit.pcode}"),
            (_("Période"), f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"),
            (_("Chiffres au"), stamp(table.as_of)),
        ],
        generated_at=table.as_of,
        suppressed=table.suppressed,
    )
    for code in ("CH_MONITORED", "CH_LABOUR_PCT", "CH_HAZARDOUS_PCT", "CH_WORST_PCT"):
        report.key_figures.append(KeyFigure(BY_CODE[code].name, index.cell(code, unit.pcode)))
    sheet = Table(
        title=_("Enfants suivis et en travail des enfants, par localité"),
        sheet=_("Localités"),
        columns=[
            Column(_("Sous-préfecture"), Kind.TEXT, 24),
            Column(_("Localité"), Kind.TEXT, 28),
            Column(_("P-code"), Kind.TEXT, 14),
            Column(_("Enfants suivis")),
            Column(_("Travail des enfants")),
            Column(_("Travail des enfants (%)"), Kind.PERCENT),
            Column(_("Travail dangereux")),
            Column(_("Travail dangereux (%)"), Kind.PERCENT),
            Column(_("Pires formes")),
            Column(_("Pires formes (%)"), Kind.PERCENT),
        ],
    )
    unmonitored = 0
    chart_rows = []
    for pcode, name, sous_prefecture in places:
        monitored = index.get("CH_MONITORED", pcode)
        if monitored is None or (not monitored.suppressed and not monitored.value):
            unmonitored += 1
            continue  # no child monitored there: a zero, listed by count only
        sheet.rows.append(
            [text(sous_prefecture or ""), text(name), text(pcode), *(index.cell(c, pcode) for c in CODES)]
        )
        labour = index.cell("CH_LABOUR", pcode)
        if labour.number:
            chart_rows.append((labour.number, name, labour.text))
    sheet.rows.append(
        [text(""), text(_("Total — %(name)s") % {"name": unit.name}), text(unit.pcode)]
        + [index.cell(c, unit.pcode) for c in CODES]
    )
    sheet.total_rows = 1
    sheet.note = _("%(n)s localités de la zone sans enfant suivi dans la période ne sont pas listées.") % {
        "n": unmonitored
    }
    chart_rows.sort(key=lambda item: (-item[0], item[1]))
    chart = bar_chart(
        _("Les %(n)s localités comptant le plus d'enfants en travail des enfants") % {"n": CHART_TOP},
        [Bar(name, value, shown) for value, name, shown in chart_rows[:CHART_TOP]],
        value_label=_("Enfants"),
    )
    report.sections.append(Section(title=_("Par localité"), tables=[sheet], charts=[chart] if chart_rows else []))
    if table.suppressed:
        report.notes.append(suppression_note())
    report.notes.append(
        _(
            "Prévalence parmi les enfants suivis par les comités (dernière visite de la période), non parmi tous les "
            "enfants de la localité : ce n'est pas une enquête par sondage."
        )
    )
    progress(80)
    return report
