"""REST API of the repertoire of structures: read by every signed-in role, written by its editors.

Writes go through the services (jurisdiction, validation, audit); admin units are given as P-codes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import DeclaredPermission, api_user
from sosteci.access.permissions import Perm
from sosteci.directory import selectors
from sosteci.directory.forms import StructureFilterForm
from sosteci.directory.models import ServiceType, Structure
from sosteci.directory.services import StructureData, structure_create, structure_data_from, structure_update
from sosteci.territory.models import AdminUnit

READ_ACTIONS = {"list", "retrieve"}


class StructureSerializer(serializers.ModelSerializer):
    admin_unit = serializers.SlugRelatedField(slug_field="pcode", queryset=AdminUnit.objects.all())
    coverage = serializers.SlugRelatedField(
        slug_field="pcode", queryset=AdminUnit.objects.all(), many=True, required=False
    )
    services = serializers.ListField(child=serializers.ChoiceField(choices=ServiceType.choices), required=False)
    has_place = serializers.BooleanField(read_only=True)

    class Meta:
        model = Structure
        fields = [
            "id",
            "code",
            "name",
            "acronym",
            "kind",
            "admin_unit",
            "services",
            "coverage",
            "address",
            "lat",
            "lon",
            "capacity",
            "places_free",
            "has_place",
            "contact_name",
            "phone",
            "email",
            "authorisation_number",
            "authorised_from",
            "authorised_until",
            "description",
            "is_active",
        ]
        read_only_fields = ["id", "code", "has_place"]
        # Uniqueness of the name at a unit is checked by the service, with its French message.
        validators: list[Any] = []


FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Nom, sigle, code ou contact"),
    OpenApiParameter("kind", str),
    OpenApiParameter("service", str, enum=ServiceType.values),
    OpenApiParameter("unit", str, description="P-code : structures implantées dans cette zone"),
    OpenApiParameter("with_places", bool, description="Seulement celles qui ont des places libres (ou non suivies)"),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)]),
    update=extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)]),
    partial_update=extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)]),
)
class StructureViewSet(viewsets.ModelViewSet):
    """Structures of the repertoire. Deleting is not offered: a structure leaves the repertoire by becoming
    inactive (users, referrals and cooperatives point to it)."""

    serializer_class = StructureSerializer
    permission_classes = [DeclaredPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @property
    def required_permission(self) -> Perm:
        return Perm.DIRECTORY_VIEW if self.action in READ_ACTIONS else Perm.DIRECTORY_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Structure.objects.none()
        request = self.request
        if self.action == "list":
            form = StructureFilterForm(request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            structures = selectors.structure_filtered(user=api_user(request), filters=form.filters())
        else:
            structures = selectors.structures_for(api_user(request)).select_related("admin_unit")
        return structures.prefetch_related("coverage").order_by("name", "pk")

    def _data(self, values: dict[str, Any], structure: Structure | None = None) -> StructureData:
        base = vars(structure_data_from(structure)) if structure is not None else {}
        return StructureData(**{**base, **values})

    def _save(self, request: Request, structure: Structure | None, partial: bool) -> Response:
        serializer = self.get_serializer(structure, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = self._data(dict(serializer.validated_data), structure)
        try:
            if structure is None:
                saved = structure_create(by=api_user(request), data=data)
            else:
                saved = structure_update(by=api_user(request), structure=structure, data=data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        saved = Structure.objects.select_related("admin_unit").prefetch_related("coverage").get(pk=saved.pk)
        return Response(self.get_serializer(saved).data, status=201 if structure is None else 200)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))
