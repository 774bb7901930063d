"""REST API of the indicators: tidy rows for a unit and its sub-units, and the definitions. Aggregates only.

Within the caller's jurisdiction; for partners, companies, providers, the hotline and administrators every cell under
5 is suppressed, with the cells that would give it away by difference.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import DeclaredPermission, api_user
from sosteci.access.permissions import Perm
from sosteci.indicators.bases import ALL_AGE_BANDS
from sosteci.indicators.computing import IndicatorRequestError
from sosteci.indicators.definitions import DIMENSIONS, INDICATORS
from sosteci.indicators.periods import PeriodError, parse_period, year
from sosteci.indicators.selectors import indicator_table
from sosteci.registry.models import Sex
from sosteci.territory.models import AdminUnit, Level


class IndicatorRowSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    unit = serializers.CharField(help_text="P-code")
    unit_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    # DRF takes declared fields off the class, so these names do not shadow Field.parent / Field.source.
    parent = serializers.CharField(  # type: ignore[assignment]
        allow_null=True, help_text="P-code de l'unité dont les lignes du niveau sont la somme"
    )
    period = serializers.CharField(help_text="Période ISO DHIS2 (2026, 2026Q1, 202603) ou intervalle début..fin")
    sex = serializers.ChoiceField(choices=Sex.choices, allow_null=True, help_text="Null : tous sexes")
    age_band = serializers.ChoiceField(choices=[(b, b) for b in ALL_AGE_BANDS], allow_null=True)
    category = serializers.CharField(
        allow_null=True, help_text="Catégorie de classement, source d'alerte ou service, selon l'indicateur"
    )
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class IndicatorTableSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    period = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Cellules de moins de 5 masquées (et leurs complémentaires)")
    as_of = serializers.DateTimeField(help_text="Date du comptage (comptages stockés : leur dernière actualisation)")
    count = serializers.IntegerField()
    rows = IndicatorRowSerializer(many=True)


class IndicatorDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField(help_text="number (un effectif) ou percent (un pourcentage)")
    numerator_fr = serializers.CharField()
    numerator_en = serializers.CharField()
    denominator_fr = serializers.CharField()
    denominator_en = serializers.CharField()
    disaggregations = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()  # type: ignore[assignment]


class QuerySerializer(serializers.Serializer):
    unit = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    period = serializers.CharField(required=False, allow_blank=True)
    indicators = serializers.CharField(required=False, allow_blank=True)
    disaggregation = serializers.CharField(required=False, allow_blank=True)


def _listed(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


QUERY_PARAMETERS = [
    OpenApiParameter("unit", str, description="P-code de la zone (par défaut : votre ressort)"),
    OpenApiParameter("level", str, enum=Level.values, description="Niveau des sous-unités (par défaut : le suivant)"),
    OpenApiParameter(
        "period", str, description="2026, 2026Q1, 202603 ou 2026-03, 2026-01-15..2026-02-10 (par défaut : l'année)"
    ),
    OpenApiParameter("indicators", str, description="Codes séparés par des virgules (par défaut : tous)"),
    OpenApiParameter(
        "disaggregation", str, description="Parmi " + ", ".join(d.value for d in DIMENSIONS) + ", séparés par virgule"
    ),
]


class OneTableSchema(AutoSchema):
    """The list action answers one table (its rows inside), not a list of tables."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        if getattr(self.view, "action", None) == "list":
            return False
        return bool(super()._is_list_view(serializer))


class IndicatorViewSet(viewsets.ViewSet):
    """Indicators of a unit of the caller's jurisdiction and of its sub-units."""

    permission_classes = [DeclaredPermission]
    required_permission = Perm.INDICATOR_VIEW
    schema = OneTableSchema()

    @extend_schema(parameters=QUERY_PARAMETERS, responses=IndicatorTableSerializer)
    def list(self, request: Request) -> Response:
        query = QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unit = None
        if params.get("unit"):
            unit = AdminUnit.objects.filter(pcode=params["unit"].strip()).first()
            if unit is None:
                raise NotFound(_("Zone inconnue : « %(pcode)s ».") % {"pcode": params["unit"]})
        try:
            period = parse_period(params["period"]) if params.get("period") else year(timezone.localdate().year)
            table = indicator_table(
                user=api_user(request),
                unit=unit,
                level=Level(params["level"]) if params.get("level") else None,
                period=period,
                indicators=_listed(params.get("indicators", "")),
                dimensions=_listed(params.get("disaggregation", "")),
            )
        except (PeriodError, IndicatorRequestError) as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        data = {
            "unit": table.unit.pcode,
            "unit_name": table.unit.name,
            "level": table.level.value,
            "period": table.period.code,
            "suppressed": table.suppressed,
            "as_of": table.as_of,
            "count": len(table.rows),
            "rows": [asdict(row) for row in table.rows],
        }
        return Response(IndicatorTableSerializer(data).data)

    @extend_schema(
        description="Les définitions des indicateurs : codes, noms, numérateur et dénominateur, ventilations, source.",
        responses=IndicatorDefinitionSerializer(many=True),
    )
    @action(detail=False)
    def definitions(self, request: Request) -> Response:
        data = [
            {
                "code": i.code,
                "name_fr": i.name_fr,
                "name_en": i.name_en,
                "unit": i.unit.value,
                "numerator_fr": i.numerator_fr,
                "numerator_en": i.numerator_en,
                "denominator_fr": i.denominator_fr,
                "denominator_en": i.denominator_en,
                "disaggregations": [d.value for d in DIMENSIONS if d in i.disaggregations],
                "source": i.source,
            }
            for i in INDICATORS
        ]
        return Response(IndicatorDefinitionSerializer(data, many=True).data)
