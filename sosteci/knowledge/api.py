"""Read API of the knowledge base: documents (search filters, the file as an audited download) and reference series
with their published values, and each value beside the routine indicator SOSTECI computes for the same scope."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import DeclaredPermission, api_user
from sosteci.access.permissions import Perm
from sosteci.knowledge import selectors
from sosteci.knowledge.models import Document, DocumentKind, ReferenceSeries, SeriesValue, Theme
from sosteci.knowledge.views import document_response
from sosteci.territory.models import AdminUnit

ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH)


class DocumentSerializer(serializers.ModelSerializer):
    units: serializers.Field = serializers.SlugRelatedField(slug_field="pcode", many=True, read_only=True)
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices), read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "authors",
            "year",
            "published_on",
            "publisher",
            "kind",
            "scope",
            "units",
            "themes",
            "abstract",
            "language",
            "has_file",
            "file_name",
            "external_url",
            "reference",
        ]
        read_only_fields = fields

    def get_has_file(self, document: Document) -> bool:
        return bool(document.file)


class SeriesValueSerializer(serializers.ModelSerializer):
    admin_unit: serializers.Field = serializers.SlugRelatedField(slug_field="pcode", read_only=True)

    class Meta:
        model = SeriesValue
        fields = [
            "year",
            "period_label",
            "admin_unit",
            "sex",
            "age_band",
            "value",
            "ci_low",
            "ci_high",
            "source_location",
            "note",
        ]
        read_only_fields = fields


class SeriesSerializer(serializers.ModelSerializer):
    values = SeriesValueSerializer(many=True, read_only=True)

    class Meta:
        model = ReferenceSeries
        fields = ["id", "code", "name", "document", "unit", "methodology", "indicator_code", "values"]
        read_only_fields = fields


class ComparisonSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="value.year")
    period = serializers.CharField(source="value.period")
    unit = serializers.CharField(source="value.admin_unit.pcode")
    sex = serializers.CharField(source="value.sex")
    age_band = serializers.CharField(source="value.age_band")
    published = serializers.DecimalField(source="value.value", max_digits=16, decimal_places=2)
    routine = serializers.FloatField(allow_null=True, help_text="Valeur calculée par SOSTECI sur son registre")
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField(help_text="Moins de 5 : masqué")
    unavailable = serializers.CharField(help_text="Pourquoi il n'y a pas de valeur SOSTECI")


DOCUMENT_FILTERS = [
    OpenApiParameter("q", str, description="Mots du titre, des auteurs ou du résumé (accents et majuscules ignorés)"),
    OpenApiParameter("kind", str, enum=DocumentKind.values),
    OpenApiParameter("theme", str, enum=Theme.values),
    OpenApiParameter("year_from", int),
    OpenApiParameter("year_to", int),
    OpenApiParameter("unit", str, description="P-code : documents couvrant cette unité, une unité dedans ou au-dessus"),
]


def _year(value: str, name: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError({name: [_("Année illisible : « %(value)s ».") % {"value": value}]})
    return int(value)


@extend_schema_view(
    list=extend_schema(parameters=DOCUMENT_FILTERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    file=extend_schema(
        parameters=[ID_PARAMETER],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), 404: None},
    ),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents of the knowledge base (studies, surveys, evaluations, reports)."""

    serializer_class = DocumentSerializer
    permission_classes = [DeclaredPermission]
    required_permission = Perm.KNOWLEDGE_VIEW

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        params = self.request.query_params
        kind, theme = params.get("kind", ""), params.get("theme", "")
        if kind and kind not in DocumentKind.values:
            raise ValidationError({"kind": [_("Type inconnu : « %(value)s ».") % {"value": kind}]})
        if theme and theme not in Theme.values:
            raise ValidationError({"theme": [_("Thème inconnu : %(codes)s.") % {"codes": theme}]})
        unit = None
        pcode = params.get("unit", "")
        if pcode:
            unit = AdminUnit.objects.filter(pcode__iexact=pcode).first()
            if unit is None:
                raise ValidationError({"unit": [_("P-code inconnu : « %(pcode)s ».") % {"pcode": pcode}]})
        return selectors.document_search(
            user=api_user(self.request),
            q=params.get("q", ""),
            kind=kind,
            theme=theme,
            year_from=_year(params.get("year_from", ""), "year_from"),
            year_to=_year(params.get("year_to", ""), "year_to"),
            unit=unit,
        ).prefetch_related("units")

    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str | None = None) -> FileResponse:
        """The document's file (audited read); 404 when it has none."""
        return document_response(api_user(request), self.get_object())


@extend_schema_view(
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    comparison=extend_schema(parameters=[ID_PARAMETER], responses=ComparisonSerializer(many=True)),
)
class ReferenceSeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference figures published by surveys and reports, with the line of the source they come from."""

    serializer_class = SeriesSerializer
    permission_classes = [DeclaredPermission]
    required_permission = Perm.KNOWLEDGE_VIEW

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ReferenceSeries.objects.none()
        return selectors.series_list(user=api_user(self.request)).prefetch_related("values__admin_unit")

    @action(detail=True, methods=["get"])
    def comparison(self, request: Request, pk: str | None = None) -> Response:
        """Each published value beside the routine indicator's value for the same unit and year (two sources)."""
        _indicator, rows = selectors.series_comparison(user=api_user(request), series=self.get_object())
        return Response(ComparisonSerializer(rows, many=True).data)
