"""The consolidated report of stakeholders' activities (outil 4): what partners did in a unit over a period, by
sub-unit, type of action and reporting period, and the trafficking indicators they reported.

The sums are `coordination.consolidation.consolidate`'s, so a partner sees its own structure's actions and everyone
else their jurisdiction's. Beneficiaries of awareness sessions or school kits are not persons followed by the system;
victims of trafficking are: for the roles that do not see small cells (other than a structure reading its own
reports), victims identified under 5 are hidden with a complement.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination import policy
from sosteci.coordination.consolidation import Consolidation, Row, consolidate
from sosteci.coordination.models import TRAFFICKING_FIELDS
from sosteci.indicators.charts import Bar, bar_chart
from sosteci.indicators.selectors import sees_small_cells
from sosteci.maps.cells import hide_small
from sosteci.reports.builders.common import Params, Progress, ReportError, stamp
from sosteci.reports.builders.places import period_of, unit_of
from sosteci.reports.document import Cell, Column, KeyFigure, Kind, Report, Section, Table, amount, count, text
from sosteci.territory.models import AdminUnit

VICTIM_PARTS = ("victims_identified_boys", "victims_identified_girls", "victims_identified_adults")


def _columns(first: str) -> list[Column]:
    return [
        Column(first, Kind.TEXT, 34),
        Column(_("Actions")),
        Column(_("Garçons")),
        Column(_("Filles")),
        Column(_("Enfants")),
        Column(_("Adultes")),
        Column(_("Bénéficiaires")),
        Column(_("Montant dépensé (FCFA)"), Kind.AMOUNT, 18),
    ]


def _line(row: Row, label: str | None = None) -> list[Cell]:
    return [
        text(label or row.label),
        count(row.efforts),
        count(row.boys),
        count(row.girls),
        count(row.children),
        count(row.adults),
        count(row.beneficiaries),
        amount(row.amount),
    ]


def _table(title: str, sheet: str, first: str, rows: list[Row], total: Row | None) -> Table:
    table = Table(title=title, sheet=sheet, columns=_columns(first))
    table.rows = [_line(row) for row in rows]
    if total is not None:
        table.rows.append(_line(total, _("Total")))
        table.total_rows = 1
    return table


def _trafficking(result: Consolidation, hide: bool) -> Table:
    values = dict(result.trafficking)
    hidden_parts: frozenset[object] = frozenset()
    total_hidden = False
    if hide:
        found = hide_small(result.victims_identified, {name: values.get(name, 0) for name in VICTIM_PARTS})
        hidden_parts, total_hidden = found.parts, found.total
    table = Table(
        title=_("Indicateurs de traite déclarés"),
        sheet=_("Traite"),
        columns=[Column(_("Indicateur"), Kind.TEXT, 48), Column(_("Nombre"))],
    )
    for name, label in TRAFFICKING_FIELDS.items():
        value = values.get(name, 0)
        hidden = name in hidden_parts or (hide and name not in VICTIM_PARTS and 0 < value < 5)
        table.rows.append(
            [text(str(label)), Cell(None if hidden else value, Kind.COUNT, hidden, hidden and 0 < value < 5)]
        )
    table.rows.append(
        [
            text(_("Victimes présumées identifiées : total")),
            Cell(None if total_hidden else result.victims_identified, Kind.COUNT, total_hidden, total_hidden),
        ]
    )
    table.total_rows = 1
    return table


def build(*, user: User, params: Params, progress: Progress) -> Report:
    unit = (
        unit_of(user, params, Perm.EFFORT_VIEW)
        if not policy.acts_for_structure(user)
        else _structure_unit(user, params)
    )
    period = period_of(params)
    progress(10)
    result = consolidate(user=user, unit=unit, start=period.start, end=period.end)
    progress(60)
    own = policy.acts_for_structure(user)
    hide = not sees_small_cells(user) and not own
    report = Report(
        title=_("Rapport consolidé des activités des intervenants (outil 4)"),
        subtitle=f"{unit.name} ({unit.get_level_display()}, {unit.pcode}) — {period.code}",
        facts=[
            (_("Zone"), f"{unit.name} — {unit.pcode}"),
            (
                _("Rapports dont toute la période est comprise entre"),
                f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}",
            ),
            (_("Rapports comptés"), str(result.reports)),
            (_("Structures"), str(result.structures)),
            (_("Établi le"), stamp()),
        ],
        generated_at=timezone.now(),
        suppressed=hide,
    )
    if own and user.structure is not None:
        report.facts.insert(1, (_("Structure"), str(user.structure)))
    total = result.total
    report.key_figures = [
        KeyFigure(_("Actions"), count(total.efforts)),
        KeyFigure(_("Enfants bénéficiaires"), count(total.children)),
        KeyFigure(_("Adultes bénéficiaires"), count(total.adults)),
        KeyFigure(_("Montant dépensé (FCFA)"), amount(total.amount)),
    ]
    sections = []
    if result.by_unit:
        table = _table(
            _("Par unité de %(name)s") % {"name": unit.name}, _("Par zone"), _("Zone"), result.by_unit, total
        )
        chart = bar_chart(
            _("Enfants bénéficiaires par zone"),
            [Bar(row.label, float(row.children), count(row.children).text) for row in result.by_unit],
            value_label=_("Enfants"),
        )
        sections.append(Section(title=_("Par zone"), tables=[table], charts=[chart]))
    by_type = _table(_("Par type d'action"), _("Par type"), _("Type d'action"), result.by_type, total)
    chart = bar_chart(
        _("Montant dépensé par type d'action (FCFA)"),
        [Bar(row.label, float(row.amount), amount(row.amount).text) for row in result.by_type],
        value_label=_("FCFA"),
    )
    sections.append(Section(title=_("Par type d'action"), tables=[by_type], charts=[chart] if result.by_type else []))
    sections.append(
        Section(
            title=_("Par période de rapport"),
            tables=[_table(_("Par période de rapport"), _("Par période"), _("Période"), result.by_period, total)],
        )
    )
    sections.append(
        Section(
            title=_("Traite des personnes"),
            paragraphs=[
                _(
                    "Les indicateurs de traite d'un rapport sont comptés dans sa zone (la plus petite unité qui "
                    "contient toutes ses actions)."
                )
            ],
            tables=[_trafficking(result, hide)],
        )
    )
    report.sections = sections
    if hide:
        report.notes.append(
            _("« < 5 » : moins de 5 victimes, masqué ; « — » : masqué pour qu'un petit nombre ne puisse être retrouvé.")
        )
    progress(80)
    return report


def _structure_unit(user: User, params: Params) -> AdminUnit:
    """A partner's or provider's reports may reach beyond its jurisdiction (its actions are summed wherever they are):
    any unit it names, its jurisdiction by default."""
    if not may(user, Perm.EFFORT_VIEW):
        raise PermissionDenied(_("Vous n'avez pas accès aux rapports des intervenants."))
    if params.unit:
        unit = AdminUnit.objects.filter(pcode__iexact=params.unit.strip()).first()
        if unit is None:
            raise ReportError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": params.unit})
        return unit
    unit = jurisdiction_of(user)
    if unit is None:
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    return unit
