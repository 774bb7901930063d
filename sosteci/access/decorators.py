"""View decorator: each view declares the permission it needs; `permissions.may` decides."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from sosteci.access.permissions import Perm, may

View = Callable[..., HttpResponseBase]


def requires(perm: Perm | tuple[Perm, ...], target: Callable[..., Any] | None = None) -> Callable[[View], View]:
    """Refuse (403) unless the user holds `perm` (or any one of a tuple of Perms), at the object
    `target(request, **kwargs)` returns if given."""
    perms = perm if isinstance(perm, tuple) else (perm,)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            obj = target(request, **kwargs) if target is not None else None
            if not any(may(request.user, p, obj) for p in perms):
                raise PermissionDenied(" | ".join(p.value for p in perms))
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator
