"""API of evaluations (of a programme, or of SOSTECI itself), their report file and their recommendations.

A partner sees the evaluations of its own structure's programmes; others those of the programmes they see and the
evaluations of SOSTECI covering their jurisdiction. The report is sent as multipart (`report_file`: PDF, DOCX or
XLSX) and read back only through `GET /evaluations/{id}/report/`, each download written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import api_user
from sosteci.access.permissions import Perm
from sosteci.coordination import selectors
from sosteci.coordination.api.committees import FollowUpSerializer
from sosteci.coordination.api.common import ID_PARAMETER, PK_VIEWS, CoordinationViewSet, call, merged
from sosteci.coordination.models import Decision, Evaluation, EvaluationKind, EvaluationStage, Programme, Recommendation
from sosteci.coordination.services import evaluations
from sosteci.coordination.views.evaluations import report_response
from sosteci.territory.models import AdminUnit

READERS = (Perm.PROGRAMME_VIEW, Perm.COORDINATION_VIEW)


class RecommendationSerializer(serializers.ModelSerializer):
    evaluation = serializers.PrimaryKeyRelatedField(queryset=Evaluation.objects.all())
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "evaluation", "text", "owner", "due_on", "status", "follow_up_note", "done_on", "is_overdue"]
        read_only_fields = ["status", "follow_up_note", "done_on"]


class EvaluationSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(),
        allow_null=True,
        required=False,
        help_text="Programme évalué ; null : évaluation du SOSTECI lui-même.",
    )
    units = serializers.SlugRelatedField(
        slug_field="pcode",
        queryset=AdminUnit.objects.all(),
        many=True,
        required=False,
        help_text="P-codes des zones évaluées ; vide : tout le pays.",
    )
    report_file = serializers.FileField(
        write_only=True, required=False, help_text="Rapport (PDF, DOCX ou XLSX), envoyé en multipart."
    )
    has_report = serializers.SerializerMethodField()
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "title",
            "evaluated_on",
            "kind",
            "stage",
            "evaluator",
            "programme",
            "units",
            "summary",
            "findings",
            "report_file",
            "has_report",
            "report_name",
            "report_size",
            "recommendations",
        ]
        read_only_fields = ["report_name", "report_size"]

    def get_has_report(self, evaluation: Evaluation) -> bool:
        return bool(evaluation.report)


FILTERS = [
    OpenApiParameter("q", str, description="Intitulé, évaluateur, constats ou programme"),
    OpenApiParameter("kind", str, enum=EvaluationKind.values),
    OpenApiParameter("stage", str, enum=EvaluationStage.values),
    OpenApiParameter("subject", str, enum=["system", "programme"], description="Le SOSTECI lui-même ou un programme"),
    OpenApiParameter("programme", int),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    report=extend_schema(
        parameters=[ID_PARAMETER],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), 404: None},
    ),
    **PK_VIEWS,
)
class EvaluationViewSet(CoordinationViewSet):
    """Internal and external evaluations of programmes and of SOSTECI, with their recommendations."""

    serializer_class = EvaluationSerializer
    read_permission = READERS
    write_permission = Perm.EVALUATION_EDIT
    action_permissions = {"report": READERS}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Evaluation.objects.none()
        params = self.request.query_params
        for name, allowed in (("kind", EvaluationKind.values), ("stage", EvaluationStage.values)):
            value = params.get(name, "")
            if value and value not in allowed:
                raise ValidationError({name: [_("Valeur inconnue : « %(value)s ».") % {"value": value}]})
        subject = params.get("subject", "")
        if subject and subject not in {"system", "programme"}:
            raise ValidationError(
                {"subject": [_("Objet inconnu : « %(value)s » (system ou programme).") % {"value": subject}]}
            )
        qs = selectors.evaluation_list(
            user=api_user(self.request),
            q=params.get("q", ""),
            kind=params.get("kind", ""),
            stage=params.get("stage", ""),
            subject=subject,
        )
        programme = params.get("programme", "")
        if programme.isdigit():
            qs = qs.filter(programme_id=int(programme))
        return qs.prefetch_related("units", "recommendations")

    def _save(self, request: Request, evaluation: Evaluation | None, partial: bool) -> Response:
        serializer = self.get_serializer(evaluation, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        report = values.pop("report_file", None)
        if "units" in values:
            values["units"] = list(values["units"])
        base = vars(evaluations.evaluation_data_from(evaluation)) if evaluation is not None else {}
        data = evaluations.EvaluationData(**merged(base, values))
        by = api_user(request)
        if evaluation is None:
            saved = call(lambda: evaluations.evaluation_create(by=by, data=data, report=report))
        else:
            saved = call(lambda: evaluations.evaluation_update(by=by, evaluation=evaluation, data=data, report=report))
        fresh = self.get_queryset().get(pk=saved.pk)
        return Response(self.get_serializer(fresh).data, status=201 if evaluation is None else 200)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))

    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str | None = None) -> FileResponse:
        """The report file (audited read); 404 when the evaluation has none."""
        return report_response(api_user(request), self.get_object())


RECOMMENDATION_FILTERS = [
    OpenApiParameter("status", str, enum=Decision.Status.values),
    OpenApiParameter("overdue", bool, description="En retard seulement (non réalisées après l'échéance)"),
    OpenApiParameter("evaluation", int),
]


@extend_schema_view(
    list=extend_schema(parameters=RECOMMENDATION_FILTERS),
    follow_up=extend_schema(request=FollowUpSerializer, responses=RecommendationSerializer, parameters=[ID_PARAMETER]),
    **PK_VIEWS,
)
class RecommendationViewSet(CoordinationViewSet):
    """Recommendations of the evaluations the user sees; their follow-up moves as a meeting decision's does."""

    serializer_class = RecommendationSerializer
    read_permission = READERS
    write_permission = Perm.EVALUATION_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Recommendation.objects.none()
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in Decision.Status.values:
            raise ValidationError({"status": [_("Suivi inconnu : « %(value)s ».") % {"value": status}]})
        overdue = params.get("overdue", "").lower() in {"1", "true", "yes", "on"}
        qs = selectors.recommendation_list(user=api_user(self.request), status=status, overdue=overdue)
        evaluation = params.get("evaluation", "")
        if evaluation.isdigit():
            qs = qs.filter(evaluation_id=int(evaluation))
        return qs

    def _evaluation(self, evaluation: Evaluation) -> Evaluation:
        visible = selectors.evaluation_get(user=api_user(self.request), pk=evaluation.pk)
        if visible is None:
            raise ValidationError({"evaluation": [_("Évaluation inconnue ou hors de votre ressort.")]})
        return visible

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        evaluation = self._evaluation(values.pop("evaluation"))
        data = evaluations.RecommendationData(**values)
        saved = call(lambda: evaluations.recommendation_add(by=api_user(request), evaluation=evaluation, data=data))
        return Response(self.get_serializer(saved).data, status=201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        recommendation = self.get_object()
        serializer = self.get_serializer(recommendation, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values.pop("evaluation", None)
        base = {"text": recommendation.text, "owner": recommendation.owner, "due_on": recommendation.due_on}
        data = evaluations.RecommendationData(**merged(base, values))
        saved = call(
            lambda: evaluations.recommendation_update(by=api_user(request), recommendation=recommendation, data=data)
        )
        return Response(self.get_serializer(saved).data)

    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        """Move the recommendation along its follow-up (to do, in progress, done, abandoned), with a note."""
        recommendation = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = call(
            lambda: evaluations.recommendation_follow_up(
                by=api_user(request), recommendation=recommendation, **serializer.validated_data
            )
        )
        return Response(RecommendationSerializer(saved).data)
