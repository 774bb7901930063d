"""Reads of due diligence: a structure's own declarations, and the aggregates over a declared sourcing.

The children of a sourcing are those monitored in the period (their latest counted visit in it, as for the
indicators) who live in a declared localité or belong to a household of a declared cooperative, each counted once.
The figures are given for the sourcing as a whole and per declared localité, the members of declared cooperatives
living elsewhere as one line: the lines partition the whole, so that the suppression of cells under 5 (with their
complements, indicators.suppression) covers every relation a reader could difference. Never a child: counts only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.diligence import policy
from sosteci.diligence.models import SourcingDeclaration
from sosteci.indicators.bases.common import flag
from sosteci.indicators.bases.register import child_sets, latest_visits
from sosteci.indicators.computing import Row, percent
from sosteci.indicators.definitions import BY_CODE, LABOUR, Indicator, Measure, Unit
from sosteci.indicators.periods import Period, date_range
from sosteci.indicators.suppression import suppress
from sosteci.territory.models import AdminUnit, Level

FOLLOW_UP_COVERAGE = Indicator(
    code="DD_FOLLOWED_PCT",
    name_fr="Part des enfants identifiés ayant eu au moins une visite de suivi (%)",
    name_en="Share of identified children with at least one follow-up visit (%)",
    unit=Unit.PERCENT,
    numerator=Measure("children", frozenset({"identified", "followed"})),
    numerator_fr="Enfants identifiés ayant au moins une visite comptée de suivi au plus tard à la fin de la période.",
    numerator_en="Identified children with at least one counted follow-up visit by the end of the period.",
    denominator=Measure("children", frozenset({"identified"})),
    denominator_fr="Enfants suivis dans la période identifiés en travail des enfants au plus tard à sa fin.",
    denominator_en="Children monitored in the period identified in child labour by its end.",
    source="Diligence raisonnable : couverture du suivi (SSRTE/CLMRS)",
)
DEFINITIONS: dict[str, Indicator] = {**BY_CODE, FOLLOW_UP_COVERAGE.code: FOLLOW_UP_COVERAGE}
CODES = ("CH_MONITORED", "CH_LABOUR_PCT", "CH_SERVED_PCT", "CH_OUT_OF_LABOUR_PCT", FOLLOW_UP_COVERAGE.code)
WHOLE = "SOURCING"
ELSEWHERE = "ELSEWHERE"


def declarations_for(user: User) -> QuerySet[SourcingDeclaration]:
    structure_id = policy.declaring_structure_id(user)
    if structure_id is None:
        return SourcingDeclaration.objects.none()
    return SourcingDeclaration.objects.filter(structure_id=structure_id)


def declaration_get(*, user: User, pk: int) -> SourcingDeclaration | None:
    return declarations_for(user).filter(pk=pk).select_related("structure").first()


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    rows: dict[str, Row]


@dataclass(frozen=True)
class DiligenceTable:
    declaration: SourcingDeclaration
    period: Period
    whole: Line
    lines: list[Line]  # per declared localité, then the members of declared cooperatives living elsewhere
    cooperatives: list[str]


@dataclass
class _Counts:
    monitored: int = 0
    labour: int = 0
    identified: int = 0
    served: int = 0
    followed: int = 0
    out: int = 0


def _counts(period: Period, localities: set[int], cooperatives: set[int]) -> dict[object, _Counts]:
    """The counts of each line (a declared localité's id, or ELSEWHERE), in one grouped query."""
    country = AdminUnit.objects.get(level=Level.PAYS)
    sets = child_sets(period.end, country)
    visits = latest_visits(period).filter(
        Q(child__locality_id__in=localities) | Q(child__household__cooperative__structure_id__in=cooperatives)
    )
    names = ("identified", "served", "followed", "out_at_last_follow_up")
    flags: dict[str, Any] = {f"f_{name}": flag(Q(child_id__in=sets[name])) for name in names}
    grouped = (
        visits.annotate(**flags).values("child__locality_id", "category", *flags).annotate(n=Count("pk")).order_by()
    )
    counts: dict[object, _Counts] = defaultdict(_Counts)
    for row in grouped:
        key = row["child__locality_id"] if row["child__locality_id"] in localities else ELSEWHERE
        found, n = counts[key], row["n"]
        found.monitored += n
        found.labour += n if row["category"] in LABOUR else 0
        if row["f_identified"]:
            found.identified += n
            found.served += n if row["f_served"] else 0
            if row["f_followed"]:
                found.followed += n
                found.out += n if row["f_out_at_last_follow_up"] else 0
    return counts


def _rows(key: str, label: str, parent: str | None, counts: _Counts, period: str) -> list[Row]:
    def row(code: str, numerator: int, denominator: int | None) -> Row:
        value = float(numerator) if denominator is None else percent(numerator, denominator)
        return Row(
            indicator=code,
            unit=key,
            unit_name=label,
            level=Level.LOCALITE.value if parent else "",
            parent=parent,
            period=period,
            sex=None,
            age_band=None,
            category=None,
            numerator=numerator,
            denominator=denominator,
            value=value,
        )

    return [
        row("CH_MONITORED", counts.monitored, None),
        row("CH_LABOUR_PCT", counts.labour, counts.monitored),
        row("CH_SERVED_PCT", counts.served, counts.identified),
        row("CH_OUT_OF_LABOUR_PCT", counts.out, counts.followed),
        row(FOLLOW_UP_COVERAGE.code, counts.followed, counts.identified),
    ]


def diligence_table(*, user: User, declaration: SourcingDeclaration) -> DiligenceTable:
    """The aggregates over a submitted declaration of the user's own structure, cells under 5 suppressed."""
    if declaration.structure_id != policy.declaring_structure_id(user):
        raise PermissionError(_("Cette déclaration n'est pas celle de votre structure."))
    if not declaration.is_submitted:
        raise ValueError(_("Les chiffres ne sont donnés que pour une déclaration transmise."))
    period = date_range(declaration.period_start, declaration.period_end)
    lines = list(declaration.lines.select_related("cooperative", "locality"))
    localities = [line.locality for line in lines if line.locality is not None]
    cooperatives = [line.cooperative for line in lines if line.cooperative is not None]
    counts = _counts(period, {u.pk for u in localities}, {c.pk for c in cooperatives})
    total = _Counts()
    for found in counts.values():
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(found, name))
    label = _("Ensemble de l'approvisionnement déclaré")
    rows = _rows(WHOLE, label, None, total, period.code)
    parts: list[tuple[str, str]] = []
    for unit in sorted(localities, key=lambda u: (u.name, u.pcode)):
        parts.append((unit.pcode, f"{unit.name} ({unit.pcode})"))
        rows += _rows(unit.pcode, parts[-1][1], WHOLE, counts.get(unit.pk, _Counts()), period.code)
    if cooperatives:
        parts.append((ELSEWHERE, _("Membres des coopératives déclarées vivant dans d'autres localités")))
        rows += _rows(ELSEWHERE, parts[-1][1], WHOLE, counts.get(ELSEWHERE, _Counts()), period.code)
    published = suppress(rows, definitions=DEFINITIONS)
    by_unit: dict[str, dict[str, Row]] = defaultdict(dict)
    for row in published:
        by_unit[row.unit][row.indicator] = row
    return DiligenceTable(
        declaration=declaration,
        period=period,
        whole=Line(WHOLE, label, by_unit[WHOLE]),
        lines=[Line(key, name, by_unit[key]) for key, name in parts],
        cooperatives=sorted(str(c) for c in cooperatives),
    )
