"""Load the knowledge base's starting content (data/reference.py) through the services, once: a document already
present (same title) and a series already present (same code) are left as they are, values are set idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sosteci.knowledge import services
from sosteci.knowledge.data.reference import DOCUMENTS, SERIES
from sosteci.knowledge.models import Document, ReferenceSeries, SeriesValue
from sosteci.territory.models import AdminUnit, Level

ACTOR = "manage.py load_knowledge"


@dataclass
class LoadResult:
    documents: int = 0
    series: int = 0
    values: int = 0


@transaction.atomic
def load_reference() -> LoadResult:
    result = LoadResult()
    pays = AdminUnit.objects.get(level=Level.PAYS)
    documents: dict[str, Document] = {}
    for seed in DOCUMENTS:
        document = Document.objects.filter(title=seed.title).first()
        if document is None:
            document = services.document_create(
                by=None,
                actor_label=ACTOR,
                data=services.DocumentData(
                    title=seed.title,
                    year=seed.year,
                    kind=seed.kind,
                    authors=seed.authors,
                    publisher=seed.publisher,
                    scope=seed.scope,
                    themes=list(seed.themes),
                    abstract=seed.abstract,
                    language=seed.language,
                    external_url=seed.external_url,
                    reference=seed.reference,
                ),
            )
            result.documents += 1
        documents[seed.key] = document
    for seed_series in SERIES:
        series = ReferenceSeries.objects.filter(code=seed_series.code).first()
        if series is None:
            series = services.series_create(
                by=None,
                actor_label=ACTOR,
                data=services.SeriesData(
                    code=seed_series.code,
                    name=seed_series.name,
                    document=documents[seed_series.document],
                    unit=seed_series.unit,
                    methodology=seed_series.line_note,
                    indicator_code=seed_series.indicator_code,
                ),
            )
            result.series += 1
        for seed_value in seed_series.values:
            known = SeriesValue.objects.filter(
                series=series, year=seed_value.year, admin_unit=pays, sex="", age_band=""
            )
            if known.exists():
                continue
            services.value_set(
                by=None,
                actor_label=ACTOR,
                series=series,
                data=services.ValueData(
                    year=seed_value.year,
                    admin_unit=pays,
                    value=Decimal(seed_value.value),
                    period_label=seed_value.period_label,
                    source_location=seed_value.location,
                    note=seed_value.note,
                ),
            )
            result.values += 1
    return result
