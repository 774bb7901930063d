"""What the coordination API shares: service refusals as API errors, amounts as typed, the viewset base."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from sosteci.access.api import DeclaredPermission
from sosteci.access.permissions import Perm
from sosteci.coordination.parsing import amount_from_text

T = TypeVar("T")
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH)
READ_ACTIONS = frozenset({"list", "retrieve"})
PK_VIEWS = {name: extend_schema(parameters=[ID_PARAMETER]) for name in ("retrieve", "update", "partial_update")}


def merged(base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """What an update writes: the record's current input with the fields sent over it (PATCH sends some)."""
    return {**base, **values}


def call(write: Callable[[], T]) -> T:
    """Run a service; its refusals become 400 (with the fields and French messages) or 403."""
    try:
        return write()
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied() from exc


class AmountField(serializers.IntegerField):
    """A whole amount in FCFA; also accepted as typed ("150 000", "1.500.000 FCFA"), refused with the field named."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        try:
            return amount_from_text(data, str(self.label or self.field_name))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class CoordinationViewSet(viewsets.ModelViewSet):
    """Read with `read_permission`, write with `write_permission`; extra actions declare theirs in `action_permissions`.
    Nothing is deleted through the API (committees, members and reports leave by becoming inactive or corrected)."""

    permission_classes = [DeclaredPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    read_permission: Perm | tuple[Perm, ...] = ()
    write_permission: Perm | tuple[Perm, ...] = ()
    action_permissions: dict[str, Perm | tuple[Perm, ...]] = {}

    @property
    def required_permission(self) -> Perm | tuple[Perm, ...]:
        if self.action in self.action_permissions:
            return self.action_permissions[self.action]
        return self.read_permission if self.action in READ_ACTIONS else self.write_permission
