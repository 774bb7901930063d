"""The annual SOSTECI report of a unit: key figures against the year before, the sub-units, sex and age, care of the
children identified, alerts and referrals, coordination — from the indicators, as the reader may see them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.indicators.bases import BASES
from sosteci.indicators.charts import Bar, bar_chart
from sosteci.indicators.computing import IndicatorRequestError, Row
from sosteci.indicators.definitions import BY_CODE, Dimension
from sosteci.indicators.periods import Period, PeriodKind, year
from sosteci.indicators.selectors import indicator_table
from sosteci.registry.models import Sex
from sosteci.reports.builders.common import Params, Progress, ReportError, RowIndex, stamp, suppression_note
from sosteci.reports.builders.places import period_of, unit_of
from sosteci.reports.document import Cell, Column, KeyFigure, Kind, Report, Section, Table, count, of_row, text
from sosteci.territory.models import LEVEL_PLURALS, AdminUnit

KEY_CODES = (
    "HH_MONITORED",
    "CH_MONITORED",
    "CH_LABOUR",
    "CH_LABOUR_PCT",
    "CH_HAZARDOUS",
    "CH_WORST",
    "CH_IN_SCHOOL_PCT",
    "CH_SERVED_PCT",
    "CH_FOLLOWED_TWICE_PCT",
    "CH_OUT_OF_LABOUR_PCT",
    "AL_RECEIVED",
    "AL_TRIAGED_IN_TIME_PCT",
    "RF_MADE",
    "RF_ACCEPTED_PCT",
)
CARE_CODES = ("CH_SERVED_PCT", "CH_FOLLOWED_TWICE_PCT", "CH_OUT_OF_LABOUR_PCT")
# Coordination indicators, shown when the catalogue has them.
COORDINATION_CODES = ("COM_SET_UP", "COM_ACTIVE", "COM_TRAINED", "AW_SESSIONS", "AW_REACHED", "EF_ACTIVITIES")


def _part(row: Row | None, which: str) -> Cell:
    """A percentage's numerator or denominator as a count (hidden with the row)."""
    if row is None or row.suppressed:
        return Cell(None, Kind.COUNT, suppressed=True, small=bool(row and row.small))
    return count(getattr(row, which))


def _year(period: Period) -> int:
    if period.kind != PeriodKind.YEAR:
        raise ReportError(_("Le rapport annuel porte sur une année (par exemple 2026)."))
    return period.start.year


def build(*, user: User, params: Params, progress: Progress) -> Report:
    unit = unit_of(user, params)
    period = period_of(params)
    this_year = _year(period)
    level = unit.level_enum.child or unit.level_enum
    coordination = [code for code in COORDINATION_CODES if code in BY_CODE]
    codes = [*KEY_CODES, *coordination]
    progress(5)
    try:
        table = indicator_table(
            user=user, unit=unit, level=level, period=period, indicators=codes, dimensions=["sex", "age_band"]
        )
        progress(45)
        before = indicator_table(
            user=user, unit=unit, level=unit.level_enum, period=year(this_year - 1), indicators=list(KEY_CODES)
        )
    except IndicatorRequestError as exc:
        raise ReportError(str(exc)) from exc
    progress(60)
    index, previous = RowIndex(table.rows), RowIndex(before.rows)
    subs = _sub_units(table.rows, unit)
    level_label = str(LEVEL_PLURALS[level]) if level != unit.level_enum else unit.get_level_display()
    report = Report(
        title=_("Rapport annuel SOSTECI %(year)s") % {"year": this_year},
        subtitle=f"{unit.name} ({unit.get_level_display()}, {unit.pcode})",
        facts=[
            (_("Zone"), f"{unit.name} — {unit.pcode}"),
            (_("Année"), str(this_year)),
            (_("Sous-unités"), f"{len(subs)} {level_label}"),
            (_("Chiffres au"), stamp(table.as_of)),
        ],
        generated_at=table.as_of,
        suppressed=table.suppressed,
    )
    for code in ("CH_MONITORED", "CH_LABOUR", "CH_LABOUR_PCT", "CH_SERVED_PCT", "AL_RECEIVED", "RF_MADE"):
        report.key_figures.append(KeyFigure(BY_CODE[code].name, index.cell(code, unit.pcode)))

    key = Table(
        title=_("Chiffres clés"),
        sheet=_("Chiffres clés"),
        columns=[
            Column(_("Indicateur"), Kind.TEXT, 60),
            Column(str(this_year), Kind.COUNT),
            Column(str(this_year - 1), Kind.COUNT),
        ],
    )
    for code in KEY_CODES:
        key.rows.append([text(BY_CODE[code].name), index.cell(code, unit.pcode), previous.cell(code, unit.pcode)])
    report.sections.append(Section(title=_("Chiffres clés"), tables=[key]))
    report.sections.append(_children_section(index, unit, subs, level_label))
    report.sections.append(_sex_age_section(index, unit))
    report.sections.append(_care_section(index, unit, subs, level_label))
    report.sections.append(_alerts_section(index, unit, subs, level_label))
    if coordination:
        report.sections.append(_coordination_section(index, unit, subs, coordination, level_label))
    if table.suppressed:
        report.notes.append(suppression_note())
    report.notes.append(
        _(
            "Définitions des indicateurs : numérateur, dénominateur et source dans le catalogue des indicateurs "
            "(version des définitions en vigueur au %(day)s)."
        )
        % {"day": stamp(table.as_of)}
    )
    progress(80)
    return report


def _sub_units(rows: list[Row], unit: AdminUnit) -> list[tuple[str, str]]:
    """(P-code, name) of the sub-units the rows hold, in P-code order (the unit alone at its own level)."""
    found = {r.unit: r.unit_name for r in rows if r.parent == unit.pcode}
    return sorted(found.items()) or [(unit.pcode, unit.name)]


def _place_columns(level_label: str) -> list[Column]:
    return [Column(level_label.capitalize(), Kind.TEXT, 32), Column(_("P-code"), Kind.TEXT, 12)]


def _with_total(unit: AdminUnit, subs: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    places = [(pcode, name, False) for pcode, name in subs]
    if subs != [(unit.pcode, unit.name)]:
        places.append((unit.pcode, _("Total — %(name)s") % {"name": unit.name}, True))
    return places


def _children_section(index: RowIndex, unit: AdminUnit, subs: list[tuple[str, str]], level_label: str) -> Section:
    table = Table(
        title=_("Enfants suivis et situation de travail, par %(level)s") % {"level": level_label},
        sheet=_("Enfants par zone"),
        columns=[
            *_place_columns(level_label),
            Column(_("Ménages suivis")),
            Column(_("Enfants suivis")),
            Column(_("Travail des enfants")),
            Column(_("Travail des enfants (%)"), Kind.PERCENT),
            Column(_("Travail dangereux")),
            Column(_("Pires formes")),
            Column(_("Scolarisés (%)"), Kind.PERCENT),
        ],
    )
    for pcode, name, is_total in _with_total(unit, subs):
        table.rows.append(
            [
                text(name),
                text(pcode),
                *(
                    index.cell(code, pcode)
                    for code in (
                        "HH_MONITORED",
                        "CH_MONITORED",
                        "CH_LABOUR",
                        "CH_LABOUR_PCT",
                        "CH_HAZARDOUS",
                        "CH_WORST",
                        "CH_IN_SCHOOL_PCT",
                    )
                ),
            ]
        )
        table.total_rows += int(is_total)
    bars = [
        Bar(name, index.cell("CH_LABOUR_PCT", pcode).number, index.cell("CH_LABOUR_PCT", pcode).text)
        for pcode, name in subs
    ]
    chart = bar_chart(
        _("Part des enfants suivis en situation de travail des enfants (%)"), bars, value_label=_("Part (%)")
    )
    return Section(title=_("Enfants suivis"), tables=[table], charts=[chart])


def _sex_age_section(index: RowIndex, unit: AdminUnit) -> Section:
    bands = BASES["children"].options(Dimension.AGE_BAND)
    sexes = dict(Sex.choices)
    columns = [Column(_("Tranche d'âge"), Kind.TEXT, 16)]
    for sex in (*Sex.values, None):
        label = str(sexes[sex]) if sex else _("Ensemble")
        columns += [
            Column(_("%(sex)s : suivis") % {"sex": label}),
            Column(_("%(sex)s : travail des enfants") % {"sex": label}),
            Column(_("%(sex)s : %%") % {"sex": label}, Kind.PERCENT),
        ]
    table = Table(
        title=_("Enfants suivis et en travail des enfants, par sexe et tranche d'âge — %(name)s") % {"name": unit.name},
        sheet=_("Sexe et âge"),
        columns=columns,
    )
    for band in (*bands, None):
        row = [text(_("%(band)s ans") % {"band": band} if band else _("Tous âges"))]
        for sex in (*Sex.values, None):
            row += [
                index.cell("CH_MONITORED", unit.pcode, sex, band),
                index.cell("CH_LABOUR", unit.pcode, sex, band),
                index.cell("CH_LABOUR_PCT", unit.pcode, sex, band),
            ]
        table.rows.append(row)
    table.total_rows = 1
    bars = [
        Bar(
            _("%(band)s ans") % {"band": band},
            index.cell("CH_LABOUR_PCT", unit.pcode, None, band).number,
            index.cell("CH_LABOUR_PCT", unit.pcode, None, band).text,
        )
        for band in bands
    ]
    chart = bar_chart(_("Travail des enfants par tranche d'âge (%)"), bars, value_label=_("Part (%)"))
    return Section(title=_("Sexe et âge"), tables=[table], charts=[chart])


def _care_section(index: RowIndex, unit: AdminUnit, subs: list[tuple[str, str]], level_label: str) -> Section:
    table = Table(
        title=_("Prise en charge des enfants identifiés, par %(level)s") % {"level": level_label},
        sheet=_("Prise en charge"),
        columns=[
            *_place_columns(level_label),
            Column(_("Enfants identifiés")),
            Column(_("Ayant reçu un service")),
            Column(_("Service (%)"), Kind.PERCENT),
            Column(_("Au moins deux suivis (%)"), Kind.PERCENT),
            Column(_("Suivis")),
            Column(_("Sortis du travail au dernier suivi")),
            Column(_("Sortis (%)"), Kind.PERCENT),
        ],
    )
    for pcode, name, is_total in _with_total(unit, subs):
        served, out = index.get("CH_SERVED_PCT", pcode), index.get("CH_OUT_OF_LABOUR_PCT", pcode)
        table.rows.append(
            [
                text(name),
                text(pcode),
                _part(served, "denominator"),
                _part(served, "numerator"),
                of_row(served),
                index.cell("CH_FOLLOWED_TWICE_PCT", pcode),
                _part(out, "denominator"),
                _part(out, "numerator"),
                of_row(out),
            ]
        )
        table.total_rows += int(is_total)
    bars = [
        Bar(name, index.cell("CH_SERVED_PCT", pcode).number, index.cell("CH_SERVED_PCT", pcode).text)
        for pcode, name in subs
    ]
    chart = bar_chart(
        _("Part des enfants identifiés ayant reçu au moins un service (%)"), bars, value_label=_("Part (%)")
    )
    return Section(title=_("Prise en charge"), tables=[table], charts=[chart])


def _alerts_section(index: RowIndex, unit: AdminUnit, subs: list[tuple[str, str]], level_label: str) -> Section:
    table = Table(
        title=_("Alertes et orientations, par %(level)s") % {"level": level_label},
        sheet=_("Alertes et orientations"),
        columns=[
            *_place_columns(level_label),
            Column(_("Alertes reçues")),
            Column(_("Triées dans le délai (%)"), Kind.PERCENT),
            Column(_("Orientations")),
            Column(_("Acceptées (%)"), Kind.PERCENT),
        ],
    )
    for pcode, name, is_total in _with_total(unit, subs):
        table.rows.append(
            [text(name), text(pcode)]
            + [
                index.cell(code, pcode)
                for code in ("AL_RECEIVED", "AL_TRIAGED_IN_TIME_PCT", "RF_MADE", "RF_ACCEPTED_PCT")
            ]
        )
        table.total_rows += int(is_total)
    return Section(title=_("Alertes et orientations"), tables=[table])


def _coordination_section(
    index: RowIndex, unit: AdminUnit, subs: list[tuple[str, str]], codes: list[str], level_label: str
) -> Section:
    table = Table(
        title=_("Comités, sensibilisation et actions des partenaires, par %(level)s") % {"level": level_label},
        sheet=_("Coordination"),
        columns=[*_place_columns(level_label), *(Column(BY_CODE[code].name, Kind.COUNT, 18) for code in codes)],
    )
    for pcode, name, is_total in _with_total(unit, subs):
        table.rows.append([text(name), text(pcode), *(index.cell(code, pcode) for code in codes)])
        table.total_rows += int(is_total)
    return Section(title=_("Coordination"), tables=[table])
