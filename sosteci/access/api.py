"""The API's permission class: each endpoint declares its Perm; `permissions.may` decides."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may


class DeclaredPermission(BasePermission):
    """Refuse unless the user holds the view's `required_permission` (a Perm, or a tuple of Perms of which any one
    suffices) somewhere in its jurisdiction.

    Object-level limits come from the selectors, which only return objects of the user's jurisdiction.
    """

    message = "Votre rôle ou votre ressort ne permet pas cette action."

    def has_permission(self, request: Request, view: Any) -> bool:
        perm: Perm | tuple[Perm, ...] | None = getattr(view, "required_permission", None)
        if not perm:
            return False  # deny by default: an endpoint without a declared permission is closed
        return any(may(request.user, p) for p in (perm if isinstance(perm, tuple) else (perm,)))


def api_user(request: Request) -> User:
    """The signed-in user of an API request (DeclaredPermission has refused anonymous callers)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
