"""Middleware that makes the client's address known to the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sosteci.access.context import request_context


def request_ip(request: HttpRequest) -> str | None:
    """The client address (REMOTE_ADDR; a reverse proxy must set it from the trusted forwarded header)."""
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(request_ip(request)):
            return self.get_response(request)
