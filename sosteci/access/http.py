"""Typing for views behind the login: the request's user is a real User."""

from django.http import HttpRequest

from sosteci.access.models import User


class AuthedRequest(HttpRequest):
    """Every view except login, /healthz and public pages receives this (LoginRequiredMiddleware)."""

    user: User
