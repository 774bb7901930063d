"""API of committees, members, meetings (one calendar), decisions and their follow-up.

Reads go through the selectors (the user's jurisdiction); writes through the services, which check the places
and validate everything; admin units are given as P-codes, accounts as user names.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import api_user
from sosteci.access.models import User
from sosteci.access.permissions import Perm
from sosteci.coordination import selectors
from sosteci.coordination.api.common import ID_PARAMETER, PK_VIEWS, CoordinationViewSet, call, merged
from sosteci.coordination.models import (
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)
from sosteci.coordination.services import committees, meetings
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit


class MemberSerializer(serializers.ModelSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), allow_null=True, required=False
    )
    organisation = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all(), allow_null=True, required=False)

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "committee",
            "full_name",
            "function",
            "organisation",
            "sex",
            "phone",
            "role",
            "user",
            "is_active",
        ]
        validators: list[Any] = []  # one member per account in a committee: the service says it in French


class CommitteeSerializer(serializers.ModelSerializer):
    admin_unit = serializers.SlugRelatedField(slug_field="pcode", queryset=AdminUnit.objects.all())
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "level",
            "admin_unit",
            "national_body",
            "act_number",
            "act_date",
            "description",
            "is_active",
            "members",
        ]
        validators: list[Any] = []  # uniqueness is the service's, with its French message


class DecisionSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "text", "owner", "due_on", "status", "follow_up_note", "done_on", "is_overdue"]
        read_only_fields = ["status", "follow_up_note", "done_on"]


class FollowUpSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Decision.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


class MeetingSerializer(serializers.ModelSerializer):
    committees = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), many=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    is_joint = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committees",
            "is_joint",
            "title",
            "held_on",
            "starts_at",
            "place",
            "status",
            "agenda",
            "minutes",
            "decisions",
        ]

    def get_is_joint(self, meeting: Meeting) -> bool:
        return len(meeting.committees.all()) > 1


@extend_schema_view(**PK_VIEWS)
class CommitteeViewSet(CoordinationViewSet):
    """Committees of the user's jurisdiction, with their members (read); kept by supervisors, focal points and
    national staff."""

    serializer_class = CommitteeSerializer
    read_permission = Perm.COORDINATION_VIEW
    write_permission = Perm.COORDINATION_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Committee.objects.none()
        return (
            selectors.committees_for(api_user(self.request))
            .select_related("admin_unit")
            .prefetch_related("members__user")
            .order_by("name", "pk")
        )

    def _save(self, request: Request, committee: Committee | None, partial: bool) -> Response:
        serializer = self.get_serializer(committee, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        base = vars(committees.committee_data_from(committee)) if committee is not None else {}
        data = committees.CommitteeData(**merged(base, dict(serializer.validated_data)))
        by = api_user(request)
        if committee is None:
            saved = call(lambda: committees.committee_create(by=by, data=data))
        else:
            saved = call(lambda: committees.committee_update(by=by, committee=committee, data=data))
        return Response(
            self.get_serializer(self.get_queryset().get(pk=saved.pk)).data, status=201 if committee is None else 200
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("committee", int, description="Membres de ce comité")]),
    **PK_VIEWS,
)
class CommitteeMemberViewSet(CoordinationViewSet):
    """Members of the committees of the user's jurisdiction; a member leaves by no longer being in office."""

    serializer_class = MemberSerializer
    read_permission = Perm.COORDINATION_VIEW
    write_permission = Perm.COORDINATION_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return CommitteeMember.objects.none()
        qs = CommitteeMember.objects.filter(committee__in=selectors.committees_for(api_user(self.request)))
        committee = self.request.query_params.get("committee", "")
        if committee.isdigit():
            qs = qs.filter(committee_id=int(committee))
        return qs.select_related("committee", "organisation", "user").order_by("committee_id", "role", "full_name")

    def _committee(self, committee: Committee) -> Committee:
        visible = selectors.committee_get(user=api_user(self.request), pk=committee.pk)
        if visible is None:
            raise ValidationError({"committee": [_("Comité inconnu ou hors de votre ressort territorial.")]})
        return visible

    def _data(self, values: dict[str, Any], member: CommitteeMember | None) -> committees.MemberData:
        values.pop("committee", None)
        base = vars(committees.member_data_from(member)) if member is not None else {}
        return committees.MemberData(**merged(base, values))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        committee = self._committee(serializer.validated_data["committee"])
        data = self._data(dict(serializer.validated_data), None)
        member = call(lambda: committees.member_add(by=api_user(request), committee=committee, data=data))
        return Response(self.get_serializer(member).data, status=201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        serializer = self.get_serializer(member, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = self._data(dict(serializer.validated_data), member)
        saved = call(lambda: committees.member_update(by=api_user(request), member=member, data=data))
        return Response(self.get_serializer(saved).data)


MONTH_PARAMETERS = [
    OpenApiParameter("month", str, description="Mois AAAA-MM : les réunions de ce mois (calendrier)"),
    OpenApiParameter("committee", int, description="Réunions de ce comité"),
]


@extend_schema_view(list=extend_schema(parameters=MONTH_PARAMETERS), **PK_VIEWS)
class MeetingViewSet(CoordinationViewSet):
    """One calendar of meetings across the committees the user sees, joint meetings included, with decisions."""

    serializer_class = MeetingSerializer
    read_permission = Perm.COORDINATION_VIEW
    write_permission = Perm.COORDINATION_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        qs = selectors.meetings_for(api_user(self.request))
        month = self.request.query_params.get("month", "")
        if month:
            try:
                year, number = (int(p) for p in month.split("-")[:2])
                qs = qs.filter(held_on__year=year, held_on__month=number)
            except ValueError as exc:
                raise ValidationError({"month": [_("Mois illisible : attendu AAAA-MM.")]}) from exc
        committee = self.request.query_params.get("committee", "")
        if committee.isdigit():
            qs = qs.filter(committees__id=int(committee))
        return qs.prefetch_related("committees", "decisions").order_by("held_on", "starts_at", "pk")

    def _save(self, request: Request, meeting: Meeting | None, partial: bool) -> Response:
        serializer = self.get_serializer(meeting, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "committees" in values:
            visible = set(selectors.committees_for(api_user(request)).values_list("pk", flat=True))
            unknown = [c.pk for c in values["committees"] if c.pk not in visible]
            if unknown:
                raise ValidationError({"committees": [_("Comités inconnus ou hors de votre ressort territorial.")]})
            values["committees"] = list(values["committees"])
        base = vars(meetings.meeting_data_from(meeting)) if meeting is not None else {}
        data = meetings.MeetingData(**merged(base, values))
        by = api_user(request)
        if meeting is None:
            saved = call(lambda: meetings.meeting_create(by=by, data=data))
        else:
            saved = call(lambda: meetings.meeting_update(by=by, meeting=meeting, data=data))
        return Response(
            self.get_serializer(self.get_queryset().get(pk=saved.pk)).data, status=201 if meeting is None else 200
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))


DECISION_FILTERS = [
    OpenApiParameter("status", str, enum=Decision.Status.values),
    OpenApiParameter("overdue", bool, description="En retard seulement (non réalisées après l'échéance)"),
]


@extend_schema_view(
    list=extend_schema(parameters=DECISION_FILTERS),
    follow_up=extend_schema(request=FollowUpSerializer, responses=DecisionSerializer, parameters=[ID_PARAMETER]),
    **PK_VIEWS,
)
class DecisionViewSet(CoordinationViewSet):
    """Decisions of the meetings the user sees; their follow-up moves only as the declared steps allow."""

    serializer_class = DecisionSerializer
    read_permission = Perm.COORDINATION_VIEW
    write_permission = Perm.COORDINATION_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in Decision.Status.values:
            raise ValidationError({"status": [_("Suivi inconnu : « %(value)s ».") % {"value": status}]})
        overdue = params.get("overdue", "").lower() in {"1", "true", "yes", "on"}
        return selectors.decision_list(user=api_user(self.request), status=status, overdue=overdue)

    def _meeting(self, meeting: Meeting) -> Meeting:
        visible = selectors.meeting_get(user=api_user(self.request), pk=meeting.pk)
        if visible is None:
            raise ValidationError({"meeting": [_("Réunion inconnue ou hors de votre ressort territorial.")]})
        return visible

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        meeting = self._meeting(values.pop("meeting"))
        data = meetings.DecisionData(**values)
        decision = call(lambda: meetings.decision_add(by=api_user(request), meeting=meeting, data=data))
        return Response(self.get_serializer(decision).data, status=201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        serializer = self.get_serializer(decision, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values.pop("meeting", None)
        base = {"text": decision.text, "owner": decision.owner, "due_on": decision.due_on}
        data = meetings.DecisionData(**merged(base, values))
        saved = call(lambda: meetings.decision_update(by=api_user(request), decision=decision, data=data))
        return Response(self.get_serializer(saved).data)

    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        """Move the decision along its follow-up (to do, in progress, done, abandoned), with a note."""
        decision = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = call(
            lambda: meetings.decision_follow_up(by=api_user(request), decision=decision, **serializer.validated_data)
        )
        return Response(DecisionSerializer(saved).data)
