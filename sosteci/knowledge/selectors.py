"""Reads of the knowledge base: the search over documents and the evaluations the user may see (linked, not copied),
the reference series, and each series beside the routine indicator SOSTECI computes for the same scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.coordination import selectors as coordination
from sosteci.indicators.computing import IndicatorRequestError, Row
from sosteci.indicators.definitions import BY_CODE, Indicator
from sosteci.indicators.periods import year as year_period
from sosteci.indicators.selectors import indicator_table
from sosteci.knowledge.models import Document, DocumentKind, ReferenceSeries, Scope, SeriesValue, search_key
from sosteci.territory.models import AdminUnit, Level


def documents_for(user: User) -> QuerySet[Document]:
    """Every document for every signed-in user (the knowledge base holds no personal data)."""
    if not may(user, Perm.KNOWLEDGE_VIEW):
        return Document.objects.none()
    return Document.objects.all()


def _words(q: str) -> list[str]:
    return search_key(q).split()


def _text_filter(qs: QuerySet[Document], q: str) -> QuerySet[Document]:
    """Every word of the query in the title, authors, publisher or abstract, accents and case aside; on PostgreSQL
    also French full-text matching (so that "travaillent" finds "travail")."""
    words = _words(q)
    if not words:
        return qs
    every_word = Q()
    for word in words:
        every_word &= Q(search_text__contains=word)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        qs = qs.annotate(search_vector=SearchVector("search_text", config="french"))
        return qs.filter(every_word | Q(search_vector=SearchQuery(" ".join(words), config="french")))
    return qs.filter(every_word)


def _touching(unit: AdminUnit) -> Q:
    """Rows of a units table within the unit, or holding it (its ancestors and the pays); the pays: every row."""
    if unit.level == Level.PAYS:
        return Q()
    return unit.subtree_q("adminunit__") | Q(adminunit_id__in=unit.ancestor_ids()) | Q(adminunit__level=Level.PAYS)


def document_search(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    theme: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    unit: AdminUnit | None = None,
) -> QuerySet[Document]:
    """Documents by text, type, theme, years, and admin unit: covering it, a unit within it or one holding it
    (a national document without listed units covers every unit)."""
    qs = _text_filter(documents_for(user), q)
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        qs = qs.filter(themes__icontains=f'"{theme}"')
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    if unit is not None:
        units = Document.units.through.objects.filter(document_id=OuterRef("pk"))
        qs = qs.filter(Exists(units.filter(_touching(unit))) | (~Exists(units) & Q(scope=Scope.NATIONAL)))
    return qs.order_by(F("year").desc(nulls_last=True), "title", "pk")


def document_get(*, user: User, pk: int) -> Document | None:
    return documents_for(user).prefetch_related("units", "series").select_related("recorded_by").filter(pk=pk).first()


@dataclass(frozen=True)
class Hit:
    """One search result: a document of the knowledge base, or an evaluation of coordination (linked, not copied)."""

    source: str  # "document" or "evaluation"
    pk: int
    title: str
    year: int | None
    authors: str
    kind_label: str
    abstract: str
    url: str
    has_file: bool
    themes: list[str] = field(default_factory=list)


def _evaluation_hits(
    user: User, q: str, year_from: int | None, year_to: int | None, unit: AdminUnit | None
) -> list[Hit]:
    rows = coordination.evaluation_list(user=user, unit=unit, year_from=year_from, year_to=year_to)
    words = _words(q)
    hits = []
    for evaluation in rows.select_related("programme"):
        text = search_key(evaluation.title, evaluation.evaluator, evaluation.summary, evaluation.findings)
        if evaluation.programme is not None:
            text += " " + search_key(evaluation.programme.title)
        if any(word not in text for word in words):
            continue
        hits.append(
            Hit(
                source="evaluation",
                pk=evaluation.pk,
                title=evaluation.title,
                year=evaluation.evaluated_on.year,
                authors=evaluation.evaluator,
                kind_label=f"{evaluation.get_kind_display()} · {evaluation.get_stage_display()}",
                abstract=evaluation.summary or evaluation.findings,
                url=reverse("coordination:evaluation-detail", args=[evaluation.pk]),
                has_file=bool(evaluation.report),
            )
        )
    return hits


def knowledge_search(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    theme: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    unit: AdminUnit | None = None,
) -> list[Hit]:
    """The documents found, and the evaluations the user may see when the type asked is "evaluation" or none and
    no theme is asked (evaluations carry no theme), newest first."""
    documents = document_search(
        user=user, q=q, kind=kind, theme=theme, year_from=year_from, year_to=year_to, unit=unit
    ).prefetch_related("units")
    hits = [
        Hit(
            source="document",
            pk=d.pk,
            title=d.title,
            year=d.year,
            authors=d.authors,
            kind_label=d.get_kind_display(),
            abstract=d.abstract,
            url=reverse("knowledge:document-detail", args=[d.pk]),
            has_file=bool(d.file),
            themes=d.theme_labels,
        )
        for d in documents
    ]
    if kind in {"", DocumentKind.EVALUATION} and not theme:
        hits += _evaluation_hits(user, q, year_from, year_to, unit)
    return sorted(hits, key=lambda h: (-(h.year or 0), h.title.lower(), h.source, h.pk))


# --- Reference series ----------------------------------------------------------------------------------------------


def series_list(*, user: User, q: str = "") -> QuerySet[ReferenceSeries]:
    if not may(user, Perm.KNOWLEDGE_VIEW):
        return ReferenceSeries.objects.none()
    qs = ReferenceSeries.objects.select_related("document")
    text = q.strip()
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(name__icontains=text) | Q(document__title__icontains=text))
    return qs.order_by("code")


def series_get(*, user: User, pk: int) -> ReferenceSeries | None:
    return series_list(user=user).filter(pk=pk).first()


def value_get(*, user: User, pk: int) -> SeriesValue | None:
    if not may(user, Perm.KNOWLEDGE_VIEW):
        return None
    return SeriesValue.objects.select_related("series", "admin_unit").filter(pk=pk).first()


def series_values(series: ReferenceSeries) -> list[SeriesValue]:
    return list(series.values.select_related("admin_unit").order_by("year", "admin_unit__pcode", "sex", "age_band"))


@dataclass
class Comparison:
    """A published value beside the routine value SOSTECI computes for the same unit, year, sex and age band."""

    value: SeriesValue
    routine: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    suppressed: bool = False
    unavailable: str = ""  # why there is no routine value (out of the jurisdiction, not computable…)

    @property
    def gap(self) -> Decimal | None:
        if self.routine is None:
            return None
        return Decimal(str(self.routine)) - self.value.value


def series_comparison(*, user: User, series: ReferenceSeries) -> tuple[Indicator | None, list[Comparison]]:
    """Each value of the series with the routine indicator's value for the same scope (`indicators.selectors`:
    within the user's jurisdiction, cells under 5 suppressed for those who may not read children's records).
    One computation per unit and year."""
    indicator = BY_CODE.get(series.indicator_code) if series.indicator_code else None
    values = series_values(series)
    result = [Comparison(value=v) for v in values]
    if indicator is None:
        return None, result
    groups: dict[tuple[int, int], list[Comparison]] = defaultdict(list)
    for item in result:
        groups[(item.value.admin_unit_id, item.value.year)].append(item)
    allowed = {d.value for d in indicator.disaggregations}
    for items in groups.values():
        first = items[0].value
        dims = sorted(
            {
                name
                for item in items
                for name, given in (("sex", item.value.sex), ("age_band", item.value.age_band))
                if given and name in allowed
            }
        )
        try:
            table = indicator_table(
                user=user,
                period=year_period(first.year),
                unit=first.admin_unit,
                level=first.admin_unit.level_enum,
                indicators=[indicator.code],
                dimensions=dims,
            )
        except PermissionDenied:
            for item in items:
                item.unavailable = _("Hors de votre ressort territorial.")
            continue
        except IndicatorRequestError as exc:
            for item in items:
                item.unavailable = str(exc)
            continue
        rows: dict[tuple[str | None, str | None], Row] = {
            (row.sex, row.age_band): row
            for row in table.rows
            if row.unit == first.admin_unit.pcode and row.category is None
        }
        for item in items:
            sex, band = item.value.sex or None, item.value.age_band or None
            if (sex and "sex" not in allowed) or (band and "age_band" not in allowed):
                item.unavailable = _("L'indicateur SOSTECI n'a pas cette ventilation.")
                continue
            row = rows.get((sex, band))
            if row is None:
                item.unavailable = _("Aucune valeur calculée.")
                continue
            item.routine, item.numerator, item.denominator = row.value, row.numerator, row.denominator
            item.suppressed = row.suppressed
    return indicator, result
