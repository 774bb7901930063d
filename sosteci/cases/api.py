"""REST API of alerts, cases and referrals: the same selectors, services and masking rules as the pages.

Reads go through the selectors (jurisdiction, or the provider's structure) and are audited; a sensitive case
outside its team shows the child's initials only. Writes call the services, which check the step, the consents,
the place and the version: a refused action answers 400 (or 403 outside the user's remit, 409 when the case
changed since the caller read it) with the French message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import DeclaredPermission, api_user
from sosteci.access.audit import audit_read
from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.cases import policy, selectors, services
from sosteci.cases.models import Alert, Case, CaseEvent, Referral, ServiceDelivery
from sosteci.cases.workflow import TRANSITIONS, available
from sosteci.directory.models import ServiceType, Structure
from sosteci.registry.models import Child
from sosteci.registry.selectors import children_for
from sosteci.territory.models import AdminUnit, Level

T = TypeVar("T")
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Le dossier a changé depuis votre lecture."
    default_code = "conflict"


def _messages(exc: DjangoValidationError) -> Any:
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def _call(write: Callable[[], T]) -> T:
    """Run a service; its refusals become API errors with the same French message."""
    try:
        return write()
    except services.ConcurrentChange as exc:
        raise Conflict(_messages(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(_messages(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc


def _ctx_user(context: Mapping[str, Any]) -> User:
    return api_user(context["request"])


# --- Serializers ----------------------------------------------------------------------------------------------------


class CaseChildSerializer(serializers.Serializer):
    """The child as the caller may see it: full identity for the case's team, initials otherwise."""

    def to_representation(self, case: Case) -> dict[str, Any]:
        user = _ctx_user(self.context)
        child = case.child
        identity = policy.sees_identity(user, case, scoped=True)
        data: dict[str, Any] = {
            "code": child.code,
            "name": policy.display_name(user, case, scoped=True),
            "identity_visible": identity,
            "sex": child.sex,
        }
        if identity:
            data.update(date_of_birth=child.date_of_birth, age=child.age, household=child.household.code)
        return data


class ReferralSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.code", read_only=True)
    structure = serializers.CharField(source="structure.code", read_only=True)
    structure_name = serializers.CharField(source="structure.name", read_only=True)
    child = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "child",
            "structure",
            "structure_name",
            "service",
            "status",
            "consent_child",
            "consent_guardian",
            "consent_note",
            "note",
            "referred_at",
            "responded_at",
            "response_note",
        ]

    def get_child(self, referral: Referral) -> str:
        return policy.display_name(_ctx_user(self.context), referral.case, scoped=True)


class ServiceSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.code", read_only=True, default=None)

    class Meta:
        model = ServiceDelivery
        fields = ["id", "service", "delivered_on", "cost", "provider", "provider_name", "referral", "note"]


class EventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True, default=None)

    class Meta:
        model = CaseEvent
        fields = ["at", "by", "action", "from_status", "to_status", "note"]


class CaseSerializer(serializers.ModelSerializer):
    child = CaseChildSerializer(source="*", read_only=True)
    locality = serializers.CharField(source="locality.pcode", read_only=True)
    assigned_to = serializers.CharField(source="assigned_to.username", read_only=True, default=None)

    class Meta:
        model = Case
        fields = [
            "id",
            "code",
            "status",
            "origin",
            "category",
            "is_sensitive",
            "child",
            "locality",
            "assigned_to",
            "opened_at",
            "closed_at",
            "closure_reason",
            "reopened",
            "version",
        ]


class CaseDetailSerializer(CaseSerializer):
    supervisor = serializers.CharField(source="supervisor.username", read_only=True, default=None)
    referrals = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "supervisor",
            "assessment",
            "plan",
            "closure_note",
            "next_steps",
            "referrals",
            "services",
            "follow_ups",
            "events",
        ]

    def get_referrals(self, case: Case) -> Any:
        referrals = selectors.case_referrals(_ctx_user(self.context), case)
        return ReferralSerializer(referrals, many=True, context=self.context).data

    def get_services(self, case: Case) -> Any:
        return ServiceSerializer(case.services.select_related("provider"), many=True).data

    def get_events(self, case: Case) -> Any:
        return EventSerializer(case.events.select_related("by"), many=True).data

    def get_follow_ups(self, case: Case) -> list[dict[str, Any]]:
        return [
            {"visited_on": v.visited_on, "category": v.category, "works": v.category in services.LABOUR}
            for v in services.follow_ups(case)
        ]

    def get_next_steps(self, case: Case) -> list[dict[str, Any]]:
        user = _ctx_user(self.context)
        return [
            {"name": t.name, "label": str(t.label), "needs": sorted(t.needs)}
            for t in available(case)
            if policy.may_act(user, case, t.perm)
        ]


class TransitionInput(serializers.Serializer):
    name = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.ChoiceField(choices=Case.ClosureReason.choices, required=False, allow_blank=True, default="")


class AssignInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    username = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), source="assigned_to"
    )


class ReferralInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    structure = serializers.SlugRelatedField(slug_field="code", queryset=Structure.objects.all())
    service = serializers.ChoiceField(choices=ServiceType.choices)
    consent_child = serializers.BooleanField()
    consent_guardian = serializers.BooleanField()
    consent_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceInput(serializers.Serializer):
    service = serializers.ChoiceField(choices=ServiceType.choices, required=False)
    delivered_on = serializers.DateField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=0, required=False, allow_null=True, default=None)
    provider_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RespondInput(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AlertSerializer(serializers.ModelSerializer):
    locality = serializers.SlugRelatedField(slug_field="pcode", queryset=AdminUnit.objects.filter(level=Level.LOCALITE))
    case = serializers.CharField(source="case.code", read_only=True, default=None)
    child = serializers.CharField(source="child.code", read_only=True, default=None)
    in_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "code",
            "source",
            "urgency",
            "situation",
            "locality",
            "place_detail",
            "observed_at",
            "description",
            "children_count",
            "child",
            "child_name",
            "child_age",
            "child_sex",
            "reporter_name",
            "reporter_phone",
            "received_at",
            "triage_due_at",
            "status",
            "triaged_at",
            "triage_note",
            "in_time",
            "case",
        ]
        read_only_fields = [
            "id",
            "code",
            "received_at",
            "triage_due_at",
            "status",
            "triaged_at",
            "triage_note",
            "case",
            "child",
            "in_time",
        ]


class TriageInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["open_case", "link", "dismiss"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    child = serializers.CharField(required=False, allow_blank=True, default="", help_text="Code de l'enfant")
    case = serializers.CharField(required=False, allow_blank=True, default="", help_text="Code du dossier")


# --- Views -----------------------------------------------------------------------------------------------------------


class CaseViewSet(viewsets.ViewSet):
    """Cases of the caller's jurisdiction (providers: those referred to their structure)."""

    permission_classes = [DeclaredPermission]

    @property
    def required_permission(self) -> Perm | tuple[Perm, ...]:
        writes = {"transition": Perm.CASE_EDIT, "assign": Perm.CASE_SUPERVISE, "referrals": Perm.CASE_EDIT}
        if self.action == "services":
            return (Perm.CASE_EDIT, Perm.REFERRAL_RESPOND)
        return writes.get(self.action or "", (Perm.CASE_VIEW, Perm.REFERRAL_RESPOND))

    def _case(self, request: Request, pk: Any, purpose: str) -> Case:
        case = selectors.case_get(user=api_user(request), pk=int(pk), purpose=purpose) if str(pk).isdigit() else None
        if case is None:
            raise NotFound
        return case

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="Étape, ou « active » pour les dossiers en cours"),
            OpenApiParameter("q", str, description="Code du dossier ou de l'enfant, nom"),
            OpenApiParameter("mine", bool, description="Seulement les dossiers confiés à moi ou que je supervise"),
        ],
        responses=CaseSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        user = api_user(request)
        params = request.query_params
        status_filter = params.get("status", "")
        if status_filter and status_filter != "active" and status_filter not in Case.Status.values:
            raise ValidationError({"status": [_("Étape inconnue : « %(s)s ».") % {"s": status_filter}]})
        qs = selectors.case_list(
            user=user, status=status_filter, q=params.get("q", "").strip(), mine=params.get("mine") in {"1", "true"}
        ).select_related("child__household")
        paginator = PageNumberPagination()
        cases = list(paginator.paginate_queryset(qs, request) or [])
        seen = [c.child for c in cases if policy.sees_identity(user, c, scoped=True)]
        audit_read(actor=user, objects=seen, purpose="api.case.list")
        return paginator.get_paginated_response(CaseSerializer(cases, many=True, context={"request": request}).data)

    @extend_schema(parameters=[ID_PARAMETER], responses=CaseDetailSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        case = self._case(request, pk, "api.case.view")
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    def _detail(self, request: Request, case: Case, code: int = status.HTTP_200_OK) -> Response:
        fresh = self._case(request, case.pk, "api.case.view")
        return Response(CaseDetailSerializer(fresh, context={"request": request}).data, status=code)

    @extend_schema(parameters=[ID_PARAMETER], request=TransitionInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: Any = None) -> Response:
        case = self._case(request, pk, "api.case.edit")
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = _call(lambda: services.case_transition(by=api_user(request), case=case, **data.validated_data))
        return self._detail(request, changed)

    @extend_schema(parameters=[ID_PARAMETER], request=AssignInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: Any = None) -> Response:
        case = self._case(request, pk, "api.case.edit")
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = _call(lambda: services.case_assign(by=api_user(request), case=case, **data.validated_data))
        return self._detail(request, changed)

    @extend_schema(parameters=[ID_PARAMETER], request=ReferralInput, responses={201: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def referrals(self, request: Request, pk: Any = None) -> Response:
        case = self._case(request, pk, "api.case.edit")
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = _call(lambda: services.referral_create(by=api_user(request), case=case, **data.validated_data))
        return Response(ReferralSerializer(referral, context={"request": request}).data, status=201)

    @extend_schema(
        parameters=[ID_PARAMETER, OpenApiParameter("referral", int, description="Orientation acceptée concernée")],
        request=ServiceInput,
        responses={201: ServiceSerializer},
    )
    @action(detail=True, methods=["post"])
    def services(self, request: Request, pk: Any = None) -> Response:
        case = self._case(request, pk, "api.case.edit")
        data = ServiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        body = request.data if isinstance(request.data, Mapping) else {}
        referral_id = body.get("referral") or request.query_params.get("referral")
        referral = None
        if referral_id:
            referral = selectors.case_referrals(api_user(request), case).filter(pk=int(referral_id)).first()
            if referral is None:
                raise ValidationError({"referral": [_("Orientation inconnue pour ce dossier.")]})
        elif "service" not in values:
            raise ValidationError({"service": [_("Ce champ est obligatoire.")]})
        values.setdefault("service", referral.service if referral else "")
        delivery = _call(lambda: services.service_record(by=api_user(request), case=case, referral=referral, **values))
        return Response(ServiceSerializer(delivery).data, status=201)


class ReferralViewSet(viewsets.ViewSet):
    """Referrals: a provider's structure sees those made to it and answers; case workers see those of their cases."""

    permission_classes = [DeclaredPermission]

    @property
    def required_permission(self) -> Perm | tuple[Perm, ...]:
        return Perm.REFERRAL_RESPOND if self.action == "respond" else (Perm.CASE_VIEW, Perm.REFERRAL_RESPOND)

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=Referral.Status.values)],
        responses=ReferralSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        qs = selectors.referrals_for(api_user(request)).select_related("structure").order_by("-referred_at", "-id")
        wanted = request.query_params.get("status", "")
        if wanted:
            if wanted not in Referral.Status.values:
                raise ValidationError({"status": [_("État inconnu : « %(s)s ».") % {"s": wanted}]})
            qs = qs.filter(status=wanted)
        paginator = PageNumberPagination()
        page = list(paginator.paginate_queryset(qs, request) or [])
        return paginator.get_paginated_response(ReferralSerializer(page, many=True, context={"request": request}).data)

    def _referral(self, request: Request, pk: Any) -> Referral:
        referral = (
            selectors.referrals_for(api_user(request)).select_related("structure").filter(pk=int(pk)).first()
            if str(pk).isdigit()
            else None
        )
        if referral is None:
            raise NotFound
        audit_read(actor=api_user(request), objects=[referral.case], purpose="api.referral.view")
        return referral

    @extend_schema(parameters=[ID_PARAMETER], responses=ReferralSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ReferralSerializer(self._referral(request, pk), context={"request": request}).data)

    @extend_schema(parameters=[ID_PARAMETER], request=RespondInput, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: Any = None) -> Response:
        referral = self._referral(request, pk)
        data = RespondInput(data=request.data)
        data.is_valid(raise_exception=True)
        answered = _call(
            lambda: services.referral_respond(by=api_user(request), referral=referral, **data.validated_data)
        )
        return Response(ReferralSerializer(answered, context={"request": request}).data)


class AlertViewSet(viewsets.ViewSet):
    """Alerts: recorded by the green line, relays and committees; triaged within their limit."""

    permission_classes = [DeclaredPermission]

    @property
    def required_permission(self) -> Perm | tuple[Perm, ...]:
        if self.action == "create":
            return Perm.ALERT_CREATE
        if self.action == "triage":
            return Perm.ALERT_TRIAGE
        return (Perm.ALERT_CREATE, Perm.ALERT_TRIAGE, Perm.CASE_VIEW)

    @extend_schema(
        parameters=[OpenApiParameter("status", str, description="État, ou « overdue » pour les alertes en retard")],
        responses=AlertSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        qs = selectors.alerts_for(api_user(request)).select_related("locality", "case", "child")
        wanted = request.query_params.get("status", "")
        if wanted == "overdue":
            qs = services.alerts_overdue(qs)
        elif wanted:
            if wanted not in Alert.Status.values:
                raise ValidationError({"status": [_("État inconnu : « %(s)s ».") % {"s": wanted}]})
            qs = qs.filter(status=wanted)
        paginator = PageNumberPagination()
        page = list(paginator.paginate_queryset(qs.order_by("-received_at", "-id"), request) or [])
        audit_read(actor=api_user(request), objects=page, purpose="api.alert.list")
        return paginator.get_paginated_response(AlertSerializer(page, many=True).data)

    def _alert(self, request: Request, pk: Any) -> Alert:
        alert = selectors.alert_get(user=api_user(request), pk=int(pk)) if str(pk).isdigit() else None
        if alert is None:
            raise NotFound
        return alert

    @extend_schema(parameters=[ID_PARAMETER], responses=AlertSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(AlertSerializer(self._alert(request, pk)).data)

    @extend_schema(request=AlertSerializer, responses={201: AlertSerializer})
    def create(self, request: Request) -> Response:
        data = AlertSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if v not in (None, "")}
        alert = _call(lambda: services.alert_create(by=api_user(request), data=services.AlertInput(**values)))
        return Response(AlertSerializer(alert).data, status=201)

    @extend_schema(parameters=[ID_PARAMETER], request=TriageInput, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request: Request, pk: Any = None) -> Response:
        user = api_user(request)
        alert = self._alert(request, pk)
        data = TriageInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        child: Child | None = None
        case: Case | None = None
        if values["child"]:
            child = children_for(user).filter(code=values["child"].strip().upper()).first()
            if child is None:
                raise ValidationError({"child": [_("Enfant inconnu dans votre ressort.")]})
        if values["case"]:
            case = selectors.cases_for(user).filter(code=values["case"].strip().upper()).first()
            if case is None:
                raise ValidationError({"case": [_("Dossier inconnu dans votre ressort.")]})
        triaged = _call(
            lambda: services.alert_triage(
                by=user, alert=alert, decision=values["decision"], note=values["note"], child=child, case=case
            )
        )
        return Response(AlertSerializer(triaged).data)
