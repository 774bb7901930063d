"""API of programmes: drafting and submission, the CIM's and CNLTP's opinions, the prefect's repertoire.

A partner sees and changes its own structure's programmes; others those of their jurisdiction. A validation by
a user who is not an active member of the CIM or the CNLTP is refused (400) with the field and the reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import api_user
from sosteci.access.permissions import Perm
from sosteci.coordination import selectors
from sosteci.coordination.api.common import ID_PARAMETER, AmountField, CoordinationViewSet, call
from sosteci.coordination.models import VALIDATING_BODIES, Programme, ProgrammeDecision, TargetGroup
from sosteci.coordination.services import programmes
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit, Level


class ProgrammeDecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)

    class Meta:
        model = ProgrammeDecision
        fields = ["body", "round", "verdict", "reason", "decided_by", "decided_at"]
        read_only_fields = fields


class ProgrammeSerializer(serializers.ModelSerializer):
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all())
    funders = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all(), many=True, required=False)
    zones = serializers.SlugRelatedField(slug_field="pcode", queryset=AdminUnit.objects.all(), many=True)
    budget = AmountField(label=_lazy("Budget (FCFA)"))
    target_groups = serializers.ListField(child=serializers.ChoiceField(choices=TargetGroup.choices), required=False)
    decisions = ProgrammeDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "title",
            "description",
            "structure",
            "funders",
            "zones",
            "period_start",
            "period_end",
            "budget",
            "target_groups",
            "status",
            "round",
            "submitted_at",
            "decided_at",
            "decisions",
        ]
        read_only_fields = ["id", "code", "status", "round", "submitted_at", "decided_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("period_start", getattr(self.instance, "period_start", None))
        end = attrs.get("period_end", getattr(self.instance, "period_end", None))
        if start and end and end < start:
            raise ValidationError(
                {
                    "period_end": [
                        _("La fin de la période (%(end)s) précède son début (%(start)s).")
                        % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"}
                    ]
                }
            )
        return attrs


class DecideSerializer(serializers.Serializer):
    body = serializers.ChoiceField(
        choices=[(b.value, b.label) for b in VALIDATING_BODIES],
        required=False,
        allow_null=True,
        default=None,
        help_text="CIM ou CNLTP ; facultatif quand l'utilisateur n'est membre que de l'un des deux.",
    )
    verdict = serializers.ChoiceField(choices=ProgrammeDecision.Verdict.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


REPERTOIRE_PARAMETERS = [
    OpenApiParameter("departement", str, required=True, description="P-code du département"),
    OpenApiParameter("date", date, description="En vigueur ce jour (aujourd'hui par défaut)"),
]
FILTERS = [
    OpenApiParameter("status", str, enum=Programme.Status.values),
    OpenApiParameter("q", str, description="Intitulé, code ou structure"),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    update=extend_schema(parameters=[ID_PARAMETER]),
    partial_update=extend_schema(parameters=[ID_PARAMETER]),
    submit=extend_schema(request=None, responses=ProgrammeSerializer, parameters=[ID_PARAMETER]),
    decide=extend_schema(request=DecideSerializer, responses=ProgrammeSerializer, parameters=[ID_PARAMETER]),
    repertoire=extend_schema(parameters=REPERTOIRE_PARAMETERS, responses=ProgrammeSerializer(many=True)),
)
class ProgrammeViewSet(CoordinationViewSet):
    """Programmes and projects, their joint validation by the CIM and the CNLTP, the repertoire for prefects."""

    serializer_class = ProgrammeSerializer
    read_permission = Perm.PROGRAMME_VIEW
    write_permission = Perm.PROGRAMME_EDIT
    action_permissions = {
        "submit": Perm.PROGRAMME_EDIT,
        "decide": Perm.PROGRAMME_VALIDATE,
        "repertoire": Perm.PROGRAMME_VIEW,
    }

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in Programme.Status.values:
            raise ValidationError({"status": [_("État inconnu : « %(value)s ».") % {"value": status}]})
        return selectors.programme_list(
            user=api_user(self.request), q=params.get("q", ""), status=status
        ).prefetch_related("zones", "funders", "decisions__decided_by")

    def _reload(self, programme: Programme) -> dict[str, Any]:
        fresh = selectors.programme_get(user=api_user(self.request), pk=programme.pk)
        return dict(self.get_serializer(fresh or programme).data)

    def _save(self, request: Request, programme: Programme | None, partial: bool) -> Response:
        serializer = self.get_serializer(programme, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        for name in ("zones", "funders"):
            if name in values:
                values[name] = list(values[name])
        base = vars(programmes.programme_data_from(programme)) if programme is not None else {}
        data = programmes.ProgrammeData(**{**base, **values})
        by = api_user(request)
        if programme is None:
            saved = call(lambda: programmes.programme_create(by=by, data=data))
        else:
            saved = call(lambda: programmes.programme_update(by=by, programme=programme, data=data))
        return Response(self._reload(saved), status=201 if programme is None else 200)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send the programme to the CIM and the CNLTP (a new round of validation)."""
        programme = self.get_object()
        saved = call(lambda: programmes.programme_submit(by=api_user(request), programme=programme))
        return Response(self._reload(saved))

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """The opinion of the CIM or of the CNLTP in the current round; validated when both approve."""
        programme = self.get_object()
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        call(
            lambda: programmes.programme_decide(
                by=api_user(request),
                programme=programme,
                verdict=values["verdict"],
                reason=values["reason"],
                body=values["body"],
            )
        )
        return Response(self._reload(programme))

    @action(detail=False, methods=["get"])
    def repertoire(self, request: Request) -> Response:
        """Programmes validated by the CIM and the CNLTP, in force on the date, in (or over) the département."""
        pcode = request.query_params.get("departement", "")
        departement = selectors.departements_for(api_user(request)).filter(pcode__iexact=pcode).first()
        if departement is None or departement.level != Level.DEPARTEMENT:
            raise ValidationError(
                {"departement": [_("Département inconnu ou hors de votre ressort : « %(pcode)s ».") % {"pcode": pcode}]}
            )
        text = request.query_params.get("date", "")
        try:
            on = date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as exc:
            raise ValidationError(
                {"date": [_("Date illisible : « %(value)s » (attendu AAAA-MM-JJ).") % {"value": text}]}
            ) from exc
        rows = selectors.repertoire(user=api_user(request), departement=departement, on=on).prefetch_related(
            "decisions__decided_by"
        )
        return Response(self.get_serializer(rows, many=True).data)
