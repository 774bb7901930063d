"""API of outil 4: partners' reports with their actions (written whole or not at all) and their consolidation."""

from __future__ import annotations

from datetime import date
from typing import Any

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
from sosteci.access.scoping import jurisdiction_of
from sosteci.coordination import consolidation, policy, selectors
from sosteci.coordination.api.common import ID_PARAMETER, AmountField, CoordinationViewSet, call
from sosteci.coordination.models import (
    BENEFICIARY_FIELDS,
    TRAFFICKING_FIELDS,
    EffortType,
    PartnerEffort,
    PartnerReport,
    Programme,
)
from sosteci.coordination.services import efforts
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit


class EffortSerializer(serializers.ModelSerializer):
    locality = serializers.SlugRelatedField(slug_field="pcode", queryset=AdminUnit.objects.all())
    amount_spent = AmountField(label=_lazy("Montant dépensé (FCFA)"))

    class Meta:
        model = PartnerEffort
        fields = ["locality", "activity_type", "activity_type_other", *BENEFICIARY_FIELDS, "amount_spent"]


class PartnerReportSerializer(serializers.ModelSerializer):
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all())
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all(), allow_null=True, required=False)
    zone = serializers.CharField(source="zone.pcode", read_only=True)
    efforts = EffortSerializer(many=True, required=False)

    class Meta:
        model = PartnerReport
        fields = [
            "id",
            "structure",
            "period_start",
            "period_end",
            "zone",
            "programme",
            *TRAFFICKING_FIELDS,
            "notes",
            "source",
            "efforts",
        ]
        read_only_fields = ["id", "zone", "source"]
        validators: list[Any] = []  # one report per structure and period: the service says it in French

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


class ConsolidationRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    efforts = serializers.IntegerField()
    boys = serializers.IntegerField()
    girls = serializers.IntegerField()
    adults = serializers.IntegerField()
    amount = serializers.IntegerField()
    values = serializers.DictField(child=serializers.IntegerField())


class ConsolidationSerializer(serializers.Serializer):
    unit = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    total = ConsolidationRowSerializer()
    by_unit = ConsolidationRowSerializer(many=True)
    by_type = ConsolidationRowSerializer(many=True)
    by_period = ConsolidationRowSerializer(many=True)
    trafficking = serializers.DictField(child=serializers.IntegerField())
    reports = serializers.IntegerField()
    structures = serializers.IntegerField()


def _row(row: consolidation.Row) -> dict[str, Any]:
    key = row.key
    if isinstance(key, AdminUnit):
        key = key.pcode
    elif isinstance(key, tuple):
        key = "/".join(d.isoformat() for d in key)
    return {
        "key": str(key),
        "title": row.label,
        "efforts": row.efforts,
        "boys": row.boys,
        "girls": row.girls,
        "adults": row.adults,
        "amount": row.amount,
        "values": row.values,
    }


CONSOLIDATION_PARAMETERS = [
    OpenApiParameter("unit", str, description="P-code de l'unité (votre ressort par défaut)"),
    OpenApiParameter("start", date, description="Rapports dont la période commence à partir de ce jour"),
    OpenApiParameter("end", date, description="… et finit au plus tard ce jour"),
    OpenApiParameter("activity_type", str, enum=EffortType.values, many=True),
]


def _day(request: Request, name: str) -> date | None:
    text = request.query_params.get(name, "")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(
            {name: [_("Date illisible : « %(value)s » (attendu AAAA-MM-JJ).") % {"value": text}]}
        ) from exc


@extend_schema_view(
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    update=extend_schema(parameters=[ID_PARAMETER]),
    partial_update=extend_schema(parameters=[ID_PARAMETER]),
    consolidation=extend_schema(parameters=CONSOLIDATION_PARAMETERS, responses=ConsolidationSerializer),
)
class PartnerReportViewSet(CoordinationViewSet):
    """Outil 4 reports: a partner's own structure's, or those with actions in the user's jurisdiction."""

    serializer_class = PartnerReportSerializer
    read_permission = Perm.EFFORT_VIEW
    write_permission = Perm.EFFORT_EDIT
    action_permissions = {"consolidation": Perm.EFFORT_VIEW}

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return PartnerReport.objects.none()
        return selectors.report_list(user=api_user(self.request)).prefetch_related("efforts__locality")

    def _data(self, values: dict[str, Any], report: PartnerReport | None) -> efforts.ReportData:
        base = vars(efforts.report_data_from(report)) if report is not None else {}
        if "efforts" in values:
            values["efforts"] = [efforts.EffortData(**dict(e)) for e in values["efforts"]]
        return efforts.ReportData(**{**base, **values})

    def _save(self, request: Request, report: PartnerReport | None, partial: bool) -> Response:
        serializer = self.get_serializer(report, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = self._data(dict(serializer.validated_data), report)
        by = api_user(request)
        if report is None:
            saved = call(lambda: efforts.report_create(by=by, data=data, source=PartnerReport.Source.API))
        else:
            saved = call(lambda: efforts.report_update(by=by, report=report, data=data))
        fresh = self.get_queryset().get(pk=saved.pk)
        return Response(self.get_serializer(fresh).data, status=201 if report is None else 200)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))

    @action(detail=False, methods=["get"])
    def consolidation(self, request: Request) -> Response:
        """Sums of the actions the user may see within a unit, per unit below it, type of action and period."""
        user = api_user(request)
        pcode = request.query_params.get("unit", "")
        unit = AdminUnit.objects.filter(pcode__iexact=pcode).first() if pcode else consolidation.default_unit(user)
        if unit is None:
            raise ValidationError({"unit": [_("P-code inconnu : « %(pcode)s ».") % {"pcode": pcode}]})
        scope = jurisdiction_of(user)
        if not policy.acts_for_structure(user) and (scope is None or not scope.contains(unit)):
            raise ValidationError(
                {"unit": [_("« %(unit)s » est hors de votre ressort territorial.") % {"unit": unit.name}]}
            )
        start, end = _day(request, "start"), _day(request, "end")
        if start and end and end < start:
            raise ValidationError(
                {
                    "end": [
                        _("La fin de la période (%(end)s) précède son début (%(start)s).")
                        % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"}
                    ]
                }
            )
        types = request.query_params.getlist("activity_type")
        unknown = [t for t in types if t not in EffortType.values]
        if unknown:
            raise ValidationError(
                {"activity_type": [_("Type d'action inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}]}
            )
        result = consolidation.consolidate(user=user, unit=unit, start=start, end=end, activity_types=types)
        payload = {
            "unit": unit.pcode,
            "start": start,
            "end": end,
            "total": _row(result.total),
            "by_unit": [_row(r) for r in result.by_unit],
            "by_type": [_row(r) for r in result.by_type],
            "by_period": [_row(r) for r in result.by_period],
            "trafficking": result.trafficking,
            "reports": result.reports,
            "structures": result.structures,
        }
        return Response(ConsolidationSerializer(payload).data)
