"""REST API of the register: children (list, fuzzy search, detail with visits) and households, read-only.

Every endpoint goes through the selectors (jurisdiction-scoped) and logs the personal records it returns.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import DeclaredPermission, api_user
from sosteci.access.permissions import Perm
from sosteci.registry import selectors
from sosteci.registry.forms import ChildFilterForm
from sosteci.registry.models import Child, Household, Visit


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "visited_on",
            "kind",
            "source",
            "activities",
            "hazardous_tasks",
            "indicators",
            "night_work",
            "attends_school",
            "category",
            "reasons",
            "ruleset_version",
            "age_at_visit",
            "weekly_hours",
        ]


class ChildSerializer(serializers.ModelSerializer):
    locality = serializers.CharField(source="locality.pcode")
    household = serializers.CharField(source="household.code")
    age = serializers.IntegerField()

    class Meta:
        model = Child
        fields = [
            "id",
            "code",
            "family_name",
            "given_names",
            "sex",
            "date_of_birth",
            "birth_date_estimated",
            "age",
            "locality",
            "household",
            "schooling",
            "grade",
            "lives_with_parents",
            "category",
            "classified_on",
        ]


class ChildDetailSerializer(ChildSerializer):
    visits = VisitSerializer(many=True, read_only=True)

    class Meta(ChildSerializer.Meta):
        fields = [
            *ChildSerializer.Meta.fields,
            "birth_certificate",
            "nationality",
            "place_of_origin",
            "arrived_on",
            "relation_to_head",
            "disability",
            "guardian_name",
            "visits",
        ]


class HouseholdSerializer(serializers.ModelSerializer):
    locality = serializers.CharField(source="locality.pcode")

    class Meta:
        model = Household
        fields = [
            "id",
            "code",
            "locality",
            "head_family_name",
            "head_given_names",
            "head_sex",
            "head_phone",
            "size",
            "main_crops",
            "lat",
            "lon",
        ]


FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Nom (recherche approchée, phonétique)"),
    OpenApiParameter("unit", str, description="P-code d'une zone : l'enfant doit s'y trouver"),
    OpenApiParameter("sex", str, enum=["F", "M"]),
    OpenApiParameter("age_band", str, enum=list(selectors.AGE_BANDS)),
    OpenApiParameter("category", str),
    OpenApiParameter("schooling", str),
]


ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH)


class ChildViewSet(viewsets.ViewSet):
    """Children of the caller's jurisdiction."""

    permission_classes = [DeclaredPermission]
    required_permission = Perm.CHILD_VIEW

    @extend_schema(parameters=FILTER_PARAMETERS, responses=ChildSerializer(many=True))
    def list(self, request: Request) -> Response:
        form = ChildFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        filters = selectors.ChildFilters(**form.cleaned_data)
        if filters.q:
            children = [child for child, _score in selectors.child_search(user=api_user(request), filters=filters)]
            selectors.records_seen(user=api_user(request), records=children, purpose="api.child.search")
            return Response({"count": len(children), "results": ChildSerializer(children, many=True).data})
        from rest_framework.pagination import PageNumberPagination

        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.child_list(user=api_user(request), filters=filters), request)
        children = list(page or [])
        selectors.records_seen(user=api_user(request), records=children, purpose="api.child.list")
        return paginator.get_paginated_response(ChildSerializer(children, many=True).data)

    @extend_schema(parameters=[ID_PARAMETER], responses=ChildDetailSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        child = (
            selectors.child_get(user=api_user(request), pk=int(pk), purpose="api.child.view")
            if str(pk).isdigit()
            else None
        )
        if child is None:
            raise NotFound
        return Response(ChildDetailSerializer(child).data)


class HouseholdViewSet(viewsets.ViewSet):
    """Households of the caller's jurisdiction."""

    permission_classes = [DeclaredPermission]
    required_permission = Perm.CHILD_VIEW

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=HouseholdSerializer(many=True))
    def list(self, request: Request) -> Response:
        from rest_framework.pagination import PageNumberPagination

        paginator = PageNumberPagination()
        qs = selectors.household_list(user=api_user(request), q=request.query_params.get("q", ""))
        page = list(paginator.paginate_queryset(qs, request) or [])
        selectors.records_seen(user=api_user(request), records=page, purpose="api.household.list")
        return paginator.get_paginated_response(HouseholdSerializer(page, many=True).data)

    @extend_schema(parameters=[ID_PARAMETER], responses=HouseholdSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        household = selectors.household_get(user=api_user(request), pk=int(pk)) if str(pk).isdigit() else None
        if household is None:
            raise NotFound
        return Response(HouseholdSerializer(household).data)
