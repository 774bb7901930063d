"""API of committees' trainings and of awareness sessions (of the jurisdiction, or a partner's own structure's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sosteci.access.api import api_user
from sosteci.access.permissions import Perm
from sosteci.coordination import selectors
from sosteci.coordination.api.common import PK_VIEWS, CoordinationViewSet, call, merged
from sosteci.coordination.models import AwarenessSession, Committee, Training
from sosteci.coordination.services import awareness, committees
from sosteci.directory.models import Structure
from sosteci.territory.models import AdminUnit


class TrainingSerializer(serializers.ModelSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())

    class Meta:
        model = Training
        fields = [
            "id",
            "committee",
            "theme",
            "held_on",
            "ends_on",
            "place",
            "trainers",
            "participants_men",
            "participants_women",
            "notes",
        ]


class AwarenessSessionSerializer(serializers.ModelSerializer):
    locality = serializers.SlugRelatedField(slug_field="pcode", queryset=AdminUnit.objects.all())
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), allow_null=True, required=False)
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all(), allow_null=True, required=False)

    class Meta:
        model = AwarenessSession
        fields = [
            "id",
            "locality",
            "held_on",
            "theme",
            "theme_other",
            "facilitator",
            "men",
            "women",
            "boys",
            "girls",
            "committee",
            "structure",
            "notes",
        ]


@extend_schema_view(**PK_VIEWS)
class TrainingViewSet(CoordinationViewSet):
    """Trainings of the committees of the user's jurisdiction, with participants by sex."""

    serializer_class = TrainingSerializer
    read_permission = Perm.COORDINATION_VIEW
    write_permission = Perm.COORDINATION_EDIT

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Training.objects.none()
        return selectors.trainings_for(api_user(self.request)).select_related("committee").order_by("-held_on", "pk")

    def _save(self, request: Request, training: Training | None, partial: bool) -> Response:
        serializer = self.get_serializer(training, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "committee" in values:
            visible = selectors.committee_get(user=api_user(request), pk=values["committee"].pk)
            if visible is None:
                raise ValidationError({"committee": [_("Comité inconnu ou hors de votre ressort territorial.")]})
            values["committee"] = visible
        base = vars(committees.training_data_from(training)) if training is not None else {}
        data = committees.TrainingData(**merged(base, values))
        by = api_user(request)
        if training is None:
            saved = call(lambda: committees.training_record(by=by, data=data))
        else:
            saved = call(lambda: committees.training_update(by=by, training=training, data=data))
        return Response(self.get_serializer(saved).data, status=201 if training is None else 200)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))


@extend_schema_view(**PK_VIEWS)
class AwarenessSessionViewSet(CoordinationViewSet):
    """Awareness sessions: of the user's jurisdiction, or a partner's own structure's."""

    serializer_class = AwarenessSessionSerializer
    read_permission = (Perm.COORDINATION_VIEW, Perm.AWARENESS_RECORD)
    write_permission = Perm.AWARENESS_RECORD

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return AwarenessSession.objects.none()
        return selectors.session_list(user=api_user(self.request))

    def _save(self, request: Request, session: AwarenessSession | None, partial: bool) -> Response:
        serializer = self.get_serializer(session, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        base = vars(awareness.session_data_from(session)) if session is not None else {}
        data = awareness.SessionData(**merged(base, dict(serializer.validated_data)))
        by = api_user(request)
        if session is None:
            saved = call(lambda: awareness.session_record(by=by, data=data))
        else:
            saved = call(lambda: awareness.session_update(by=by, session=session, data=data))
        return Response(self.get_serializer(saved).data, status=201 if session is None else 200)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, None, partial=False)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, self.get_object(), partial=kwargs.get("partial", False))
