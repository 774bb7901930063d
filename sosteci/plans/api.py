"""API of the action plans: plans with their tree and reconciliation, activities with yearly budgets and execution,
indicators with baseline, targets and actuals. Read with PLAN_VIEW; execution and actual values written with
PLAN_EDIT (national analysts and administrators), through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import DeclaredPermission, api_user
from sosteci.access.permissions import Perm
from sosteci.core.text import name_key
from sosteci.plans import selectors
from sosteci.plans.models import (
    Activity,
    ActivityExecution,
    ActivityYear,
    ExecutionStatus,
    Indicator,
    IndicatorActual,
    IndicatorValue,
    Plan,
)
from sosteci.plans.presentation import matches
from sosteci.plans.selectors.performance import framework
from sosteci.plans.services.execution import execution_record
from sosteci.plans.services.performance import indicator_actual_record

READ_ACTIONS = frozenset({"list", "retrieve", "tree", "reconciliation"})
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Code du plan (PANLTdP-2016-2020)")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
PLAN_FILTER = OpenApiParameter("plan", str, description="Code du plan")
TREE_FILTERS = [
    OpenApiParameter("responsable", str, description="Structure responsable (sous-chaîne, sans casse ni accents)"),
    OpenApiParameter("partenaire", str, description="Partenaire d'exécution (sous-chaîne, sans casse ni accents)"),
]


def call(write: Any) -> Any:
    try:
        return write()
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied() from exc


class PlansViewSet(viewsets.GenericViewSet):
    permission_classes = [DeclaredPermission]
    write_actions: frozenset[str] = frozenset()

    @property
    def required_permission(self) -> Perm:
        return Perm.PLAN_EDIT if self.action in self.write_actions else Perm.PLAN_VIEW


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["code", "title", "kind", "start_year", "end_year", "currency", "source_name", "imported_at", "notes"]
        read_only_fields = fields


class AmountCell(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.IntegerField(allow_null=True, help_text="F CFA ; null si PM ou vide")
    pm = serializers.BooleanField()


class ExecutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityExecution
        fields = ["year", "status", "progress", "committed", "spent", "note", "updated_at"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="action.objective.axis.plan.code", read_only=True)
    axis = serializers.CharField(source="action.objective.axis.code", read_only=True)
    objective = serializers.CharField(source="action.objective.code", read_only=True)
    action = serializers.CharField(source="action.code", read_only=True)
    total_cost = serializers.IntegerField(allow_null=True, read_only=True)
    budget_status = serializers.SerializerMethodField(help_text="amount, pm (pour mémoire), tbd (à définir) ou blank")
    years = serializers.SerializerMethodField()
    executions = ExecutionSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "axis",
            "objective",
            "action",
            "code",
            "title",
            "responsible",
            "partners",
            "duration",
            "total_cost",
            "budget_status",
            "years",
            "executions",
        ]
        read_only_fields = fields

    def get_budget_status(self, activity: Activity) -> str:
        if activity.total_cost_tbd:
            return "tbd"
        if activity.total_cost_pm:
            return "pm"
        return "blank" if activity.total_cost is None else "amount"

    @extend_schema(responses=AmountCell(many=True))
    def get_years(self, activity: Activity) -> list[dict[str, Any]]:
        return [{"year": y.year, "amount": y.amount, "pm": y.is_pm} for y in activity.years.all()]


class ExecutionInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ExecutionStatus.choices)
    progress = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    committed = serializers.CharField(required=False, allow_blank=True, help_text="F CFA, « 1 500 000 » accepté")
    spent = serializers.CharField(required=False, allow_blank=True, help_text="F CFA")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExecutionResultSerializer(serializers.Serializer):
    execution = ExecutionSerializer()
    warnings = serializers.ListField(child=serializers.CharField())


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["year", "text", "number"]
        read_only_fields = fields


class IndicatorActualSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorActual
        fields = ["year", "text", "number", "origin", "recorded_at"]
        read_only_fields = fields


class YearStatusSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    target = serializers.CharField()
    actual = serializers.CharField()
    status = serializers.CharField(help_text="reached (atteinte), not_reached (non atteinte) ou no_data")
    suppressed = serializers.BooleanField()


class PlanIndicatorSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.code", read_only=True)
    targets = IndicatorValueSerializer(source="values", many=True, read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "level",
            "code",
            "result",
            "name",
            "kind",
            "baseline_year",
            "responsible",
            "source",
            "computed_code",
            "targets",
            "status",
        ]
        read_only_fields = fields

    @extend_schema(responses=YearStatusSerializer(many=True))
    def get_status(self, indicator: Indicator) -> list[dict[str, Any]]:
        rows: dict[int, Any] = self.context.get("framework", {})
        row = rows.get(indicator.pk)
        if row is None:
            return []
        return [
            {"year": c.year, "target": c.target, "actual": c.actual, "status": c.status, "suppressed": c.suppressed}
            for c in row.years
        ]


class ActualInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.CharField(help_text="Selon la nature : 12 ; 35 % ; Faible/Moyen/Bon/Elevé ; Non/démarrage/…")


@extend_schema_view(
    retrieve=extend_schema(parameters=[CODE]),
    tree=extend_schema(parameters=[CODE, *TREE_FILTERS], responses=dict),
    reconciliation=extend_schema(parameters=[CODE], responses=dict),
)
class PlanViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Action plans and roadmaps imported from their documents."""

    serializer_class = PlanSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Plan]:
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        return selectors.plans_for(api_user(self.request))

    @action(detail=True, methods=["get"])
    def tree(self, request: Request, code: str | None = None) -> Response:
        """The plan as its document states it: axes › objectives › actions › activities with yearly budgets
        ("PM" and "A définir" as written), stated totals; filtered by responsible body or partner."""
        document = selectors.plan_document(plan=self.get_object())
        responsible = request.query_params.get("responsable", "")
        partner = request.query_params.get("partenaire", "")
        if responsible or partner:
            for axis in document.axes:
                for objective in axis.objectives:
                    for act in objective.actions:
                        act.activities = [
                            a for a in act.activities if matches(a, responsible=responsible, partner=partner)
                        ]
                    objective.actions = [a for a in objective.actions if a.activities]
                axis.objectives = [o for o in axis.objectives if o.actions]
            document.axes = [a for a in document.axes if a.objectives]
        return Response(document.to_json())

    @action(detail=True, methods=["get"])
    def reconciliation(self, request: Request, code: str | None = None) -> Response:
        """Every stated subtotal and total against the sum of its lines; the disagreements listed."""
        return Response(selectors.plan_reconciliation(plan=self.get_object()).to_json())


@extend_schema_view(
    list=extend_schema(parameters=[PLAN_FILTER, *TREE_FILTERS]),
    retrieve=extend_schema(parameters=[ID]),
    execution=extend_schema(request=ExecutionInputSerializer, responses=ExecutionResultSerializer, parameters=[ID]),
)
class PlanActivityViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Activities with their yearly budgets and execution; recording an activity-year's execution."""

    serializer_class = ActivitySerializer
    write_actions = frozenset({"execution"})

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        plans = selectors.plans_for(api_user(self.request))
        rows = (
            Activity.objects.filter(action__objective__axis__plan__in=plans)
            .select_related("action__objective__axis__plan")
            .prefetch_related(
                Prefetch("years", queryset=ActivityYear.objects.order_by("year")),
                Prefetch("executions", queryset=ActivityExecution.objects.order_by("year")),
            )
            .order_by(
                "action__objective__axis__plan__code",
                "action__objective__axis__position",
                "action__objective__position",
                "action__position",
                "position",
            )
        )
        params = self.request.query_params
        if params.get("plan"):
            rows = rows.filter(action__objective__axis__plan__code=params["plan"])
        responsible, partner = params.get("responsable", ""), params.get("partenaire", "")
        if responsible or partner:
            keep = [
                pk
                for pk, resp, parts in rows.values_list("pk", "responsible", "partners")
                if (not responsible or name_key(responsible) in name_key(resp))
                and (not partner or name_key(partner) in name_key(parts))
            ]
            rows = rows.filter(pk__in=keep)
        return rows

    @action(detail=True, methods=["post"])
    def execution(self, request: Request, pk: str | None = None) -> Response:
        """Record where the activity stands in a year (replaces that year's record); warnings when the commitment
        exceeds the year's planned budget."""
        activity = self.get_object()
        serializer = ExecutionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row, warnings = call(
            lambda: execution_record(
                by=api_user(request),
                activity=activity,
                year=data["year"],
                status=data["status"],
                progress=data.get("progress"),
                committed=data.get("committed"),
                spent=data.get("spent"),
                note=data.get("note", ""),
            )
        )
        return Response({"execution": ExecutionSerializer(row).data, "warnings": warnings})


@extend_schema_view(
    list=extend_schema(parameters=[PLAN_FILTER]),
    retrieve=extend_schema(parameters=[ID]),
    actual=extend_schema(request=ActualInputSerializer, responses=PlanIndicatorSerializer, parameters=[ID]),
)
class PlanIndicatorViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The performance framework: baseline, targets, actual values and whether each year's target is reached."""

    serializer_class = PlanIndicatorSerializer
    write_actions = frozenset({"actual"})

    def get_queryset(self) -> QuerySet[Indicator]:
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        rows = (
            Indicator.objects.filter(plan__in=selectors.plans_for(api_user(self.request)))
            .select_related("plan")
            .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year")))
            .order_by("plan__code", "position")
        )
        if self.request.query_params.get("plan"):
            rows = rows.filter(plan__code=self.request.query_params["plan"])
        return rows

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if getattr(self, "swagger_fake_view", False) or not isinstance(getattr(self, "request", None), Request):
            return context
        rows = {}
        for plan in {i.plan for i in self._page_objects}:
            for row in framework(plan=plan, user=api_user(self.request), indicators=list(self._page_objects)):
                rows[row.indicator.pk] = row
        context["framework"] = rows
        return context

    @property
    def _page_objects(self) -> list[Indicator]:
        return getattr(self, "_objects", [])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self._objects = list(page if page is not None else queryset)
        data = self.get_serializer(self._objects, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        self._objects = [indicator]
        return Response(self.get_serializer(indicator).data)

    @action(detail=True, methods=["post"])
    def actual(self, request: Request, pk: str | None = None) -> Response:
        """Enter the value reached in a year; a value of the wrong kind is refused (400) naming the indicator."""
        indicator = self.get_object()
        serializer = ActualInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(
            lambda: indicator_actual_record(
                by=api_user(request),
                indicator=indicator,
                year=serializer.validated_data["year"],
                value=serializer.validated_data["value"],
            )
        )
        self._objects = [indicator]
        return Response(self.get_serializer(indicator).data)
