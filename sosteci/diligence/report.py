"""The due-diligence aggregates of a declaration as a report document (the page and its PDF share it)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.diligence.selectors import CODES, DEFINITIONS, DiligenceTable
from sosteci.indicators.computing import Row
from sosteci.indicators.definitions import Unit
from sosteci.reports.builders.common import stamp
from sosteci.reports.document import Cell, Column, KeyFigure, Kind, Report, Section, Table, text


def _cell(row: Row) -> Cell:
    kind = Kind.PERCENT if DEFINITIONS[row.indicator].unit == Unit.PERCENT else Kind.COUNT
    if row.suppressed:
        return Cell(None, kind, suppressed=True, small=row.small)
    return Cell(row.value if kind == Kind.PERCENT else int(row.value or 0), kind)


def diligence_report(table: DiligenceTable) -> Report:
    declaration = table.declaration
    report = Report(
        title=_("Diligence raisonnable : approvisionnement déclaré"),
        subtitle=f"{declaration.structure} — {declaration.period_start:%d/%m/%Y} – {declaration.period_end:%d/%m/%Y}",
        facts=[
            (_("Structure"), str(declaration.structure)),
            (_("Période"), f"{declaration.period_start:%d/%m/%Y} – {declaration.period_end:%d/%m/%Y}"),
            (_("Coopératives déclarées"), ", ".join(table.cooperatives) or "—"),
            (_("Localités déclarées"), str(sum(1 for line in table.lines if line.key != "ELSEWHERE"))),
            (_("Chiffres au"), stamp()),
        ],
        generated_at=timezone.now(),
        suppressed=True,
    )
    report.key_figures = [KeyFigure(DEFINITIONS[code].name, _cell(table.whole.rows[code])) for code in CODES]
    lines = Table(
        title=_("Par localité déclarée"),
        sheet=_("Par localité"),
        columns=[Column(_("Localité"), Kind.TEXT, 40), *(Column(DEFINITIONS[c].name, Kind.COUNT, 18) for c in CODES)],
    )
    for line in [*table.lines, table.whole]:
        lines.rows.append([text(line.label), *(_cell(line.rows[code]) for code in CODES)])
    lines.total_rows = 1
    report.sections.append(
        Section(
            title=_("Enfants suivis dans l'approvisionnement"),
            paragraphs=[
                _(
                    "Enfants suivis par les comités dans la période (dernière visite comptée) qui vivent dans une "
                    "localité déclarée ou appartiennent à un ménage d'une coopérative déclarée, comptés une fois. "
                    "Remédiation : enfants identifiés ayant reçu au moins un service, ou sortis du travail des enfants "
                    "à leur dernier suivi ; couverture du suivi : enfants identifiés ayant eu au moins une visite de "
                    "suivi."
                )
            ],
            tables=[lines],
        )
    )
    report.notes.append(
        _(
            "Agrégats seulement : aucune donnée personnelle. « < 5 » : effectif de moins de 5, masqué ; « — » : masqué "
            "pour qu'un petit effectif ne puisse être retrouvé par différence avec l'ensemble."
        )
    )
    return report
